//! `awsx remove PROFILE`: delete keys and their cached sessions from the vault.

use crate::cli::RemoveArgs;
use crate::context::Context;
use crate::error::Hinted;
use std::process::ExitCode;

pub fn run(ctx: &Context, args: &RemoveArgs) -> anyhow::Result<ExitCode> {
    let profile = args.profile.as_str();
    let vault = ctx.vault()?;
    if args.sessions_only {
        let cleared = vault.clear_sessions(Some(profile))?;
        crate::outln!(
            ctx,
            "Deleted {cleared} cached session{} for profile \"{profile}\"",
            if cleared == 1 { "" } else { "s" }
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let index = vault.index()?;
    let stored = index.keys.contains_key(profile) || vault.keys(profile)?.is_some();
    if !stored {
        return Err(Hinted::new(
            format!("the vault has no credentials for profile \"{profile}\""),
            "see `awsx list --credentials` for the profiles that have some",
        )
        .into());
    }
    if !args.force
        && !ctx.prompter.confirm(&format!(
            "Delete the credentials for profile \"{profile}\" from the vault?"
        ))?
    {
        return Err(Hinted::new(
            "cancelled: nothing was deleted",
            "pass --force to delete without asking",
        )
        .into());
    }
    let (_, sessions) = vault.remove_keys(profile)?;
    crate::outln!(
        ctx,
        "Deleted credentials for profile \"{profile}\" from vault"
    )?;
    if sessions > 0 {
        crate::outln!(
            ctx,
            "Deleted {}",
            crate::output::count(sessions, "cached session")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
