//! `awsx clear [PROFILE]`: remove cached sessions from the vault.

use crate::cli::ClearArgs;
use crate::context::Context;

use std::process::ExitCode;

pub fn run(ctx: &Context, args: &ClearArgs) -> anyhow::Result<ExitCode> {
    let cleared = ctx.vault()?.clear_sessions(args.profile.as_deref())?;
    crate::outln!(ctx, "Cleared {}.", crate::output::count(cleared, "session"))?;
    Ok(ExitCode::SUCCESS)
}
