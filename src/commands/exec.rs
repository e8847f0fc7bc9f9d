//! `awsx exec [PROFILE] [CMD ARGS…]`: run a command with the profile's credentials (`--`
//! before the command works too, as it does for aws-vault).

use crate::cli::ExecArgs;
use crate::context::Context;
use crate::error::Hinted;
use std::process::ExitCode;

pub fn run(ctx: &Context, args: &ExecArgs) -> anyhow::Result<ExitCode> {
    if !args.force
        && let Some(outer) = ctx
            .env
            .get("AWSX_PROFILE")
            .or_else(|| ctx.env.get("AWS_VAULT"))
    {
        return Err(Hinted::new(
            format!("this shell is already running with credentials for profile {outer}"),
            "exit that awsx/aws-vault shell first, or pass --force to nest anyway",
        )
        .into());
    }
    if args.server {
        return Err(Hinted::new(
            "exec --server (refreshing credentials from a local endpoint) is not in this version of awsx yet",
            "run without --server: the command gets the credentials in its environment",
        )
        .into());
    }
    let profile = super::profile_or_env(ctx, &args.profile())?;
    if args.json {
        let obtained = super::obtain(ctx, &profile, &args.credentials)?;
        crate::out!(
            "{}",
            crate::export::render(
                crate::export::Format::Process,
                &obtained.credentials,
                &profile
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (program, rest) = match args.command.split_first() {
        Some((program, rest)) => (program.clone(), rest.to_vec()),
        // As aws-vault: the user's shell, else the POSIX one.
        None => (
            ctx.env.get("SHELL").unwrap_or("/bin/sh").to_string(),
            Vec::new(),
        ),
    };
    let obtained = super::obtain(ctx, &profile, &args.credentials)?;
    let env = crate::child_env::child_env(
        &obtained.credentials,
        obtained.region.as_deref(),
        &profile,
        ctx.env.names(),
    );
    crate::process::exec(&program, &rest, &env)
}
