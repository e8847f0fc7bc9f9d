//! `awsx completion SHELL`, generated from the clap definition.
//!
//! Completions are dynamic: the script calls back into `awsx` (with `COMPLETE=<shell>`) so that
//! profile names come from the user's config at the moment they press Tab.

use crate::cli::CompletionArgs;
use crate::error::Hinted;
use clap_complete::env::Shells;
use std::process::ExitCode;

pub fn run(ctx: &crate::context::Context, args: &CompletionArgs) -> anyhow::Result<ExitCode> {
    let shells = Shells::builtins();
    let shell = shells.completer(&args.shell).ok_or_else(|| {
        Hinted::new(
            format!("no completions for shell `{}`", args.shell),
            format!(
                "use one of: {}",
                shells.names().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;
    let mut out = Vec::new();
    shell.write_registration("COMPLETE", "awsx", "awsx", "awsx", &mut out)?;
    crate::out!(ctx, "{}", String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}
