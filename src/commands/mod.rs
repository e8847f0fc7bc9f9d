//! One module per subcommand: thin orchestration of the pure modules and the I/O seams.
//! Policy (what to do) lives in the pure modules; these only gather inputs and print results.

pub mod alias;
pub mod completion;
pub mod config;
pub mod explain;

use crate::Context;
use crate::config::Config;
use std::collections::BTreeSet;

/// The config files and the vault's index: what most commands start from.
pub(crate) fn load(ctx: &Context) -> anyhow::Result<(Config, BTreeSet<String>)> {
    let config = crate::config::load(&ctx.env)?;
    let vault = ctx.vault.profiles_with_keys()?;
    Ok((config, vault))
}
