//! One module per subcommand: thin orchestration of the pure modules and the I/O seams.
//! Policy (what to do) lives in the pure modules; these only gather inputs and print results.

pub mod add;
pub mod alias;
pub mod completion;
pub mod config;
pub mod explain;
pub mod list;
pub mod lock;
pub mod remove;

use crate::Context;
use crate::config::Config;
use std::collections::BTreeSet;

/// The config files and the names of profiles with keys in the vault.
pub(crate) fn load(ctx: &Context) -> anyhow::Result<(Config, BTreeSet<String>)> {
    let config = crate::config::load(&ctx.env)?;
    let index = ctx.vault()?.index().map_err(crate::error::Hinted::from)?;
    Ok((config, index.keys.into_keys().collect()))
}

/// Like `load`, for commands that only inform (alias, check): the vault is read only if that
/// needs no prompt, and an unavailable vault counts as empty.
pub(crate) fn load_quietly(ctx: &Context) -> anyhow::Result<(Config, BTreeSet<String>)> {
    let config = crate::config::load(&ctx.env)?;
    let keys = ctx
        .vault()
        .map(|v| v.index_quietly().keys.into_keys().collect())
        .unwrap_or_default();
    Ok((config, keys))
}
