//! `awsx exec [PROFILE] [-- CMD ARGS…]`: run a command with the profile's credentials.

use crate::Context;
use crate::cli::ExecArgs;
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
    let profile = super::profile_or_env(ctx, &args.profile)?;
    let (program, rest) = match args.command.split_first() {
        Some((program, rest)) => (program.clone(), rest.to_vec()),
        None => (
            ctx.env.get("SHELL").map(str::to_string).ok_or_else(|| {
                Hinted::new(
                    "no command given and SHELL is not set",
                    "add `-- CMD ARGS...`",
                )
            })?,
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
