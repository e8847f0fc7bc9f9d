//! `awsx exec [PROFILE] [CMD ARGS…]`: run a command with the profile's credentials (`--`
//! before the command works too, as it does for aws-vault). With `--server` the command gets
//! a loopback container-credentials endpoint instead of keys, and awsx stays to serve it.

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
    let profile = super::profile_or_env(ctx, &args.profile())?;
    // `--json` is what a credential_process runs.
    super::confirm::guard(ctx, &profile, args.credentials.yes, args.json)?;
    if args.json {
        let obtained = super::obtain(ctx, &profile, &args.credentials)?;
        crate::out!(
            ctx,
            "{}",
            crate::export::render(
                crate::export::Format::Process,
                &obtained.credentials,
                &profile
            )
        )?;
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
    if args.server {
        return serve(ctx, args, &profile, &program, &rest);
    }
    let obtained = super::obtain(ctx, &profile, &args.credentials)?;
    super::confirm::say_identity(ctx, &profile, args.quiet);
    let env = crate::child_env::child_env(
        &obtained.credentials,
        obtained.region.as_deref(),
        &profile,
        ctx.env.names(),
    );
    crate::process::exec(&program, &rest, &env)
}

/// `exec --server`: run the command with a container-credentials endpoint, serve it until the
/// command exits, and exit with its status. The port closes when awsx exits.
fn serve(
    ctx: &Context,
    args: &ExecArgs,
    profile: &str,
    program: &str,
    rest: &[String],
) -> anyhow::Result<ExitCode> {
    use crate::server::{Fresh, Server};
    let mut request = super::request(ctx, profile, &args.credentials)?;
    let prepared = crate::executor::prepare(ctx, &request)?;
    crate::executor::print_warnings(ctx, &prepared)?;
    let server = Server::start()?;
    let mut fresh = Fresh::new(|| {
        let got = crate::executor::obtain_prepared(ctx, &request, &prepared);
        // An MFA code is good once: when the session runs out, a new code is asked for (on
        // the terminal, if there is one) instead of sending the spent one again.
        request.mfa_token = None;
        got.map(|o| o.credentials)
    });
    if !args.lazy {
        fresh.get(ctx.now())?;
    }
    super::confirm::say_identity(ctx, profile, args.quiet);
    let env = crate::child_env::server_env(
        &server.uri(),
        server.token(),
        prepared.region.as_deref(),
        profile,
        ctx.env.names(),
    );
    let mut child = match crate::process::Supervised::spawn(program, rest, &env)? {
        Ok(child) => child,
        Err(code) => return Ok(code),
    };
    // A refresh may block (a hanging STS, an MFA prompt): the child's end still ends awsx.
    #[cfg(unix)]
    child.exit_with_child_after(std::time::Duration::from_secs(2));
    // Said once on stderr per run of failures; the child gets the message in each 500.
    let mut said = false;
    let mut answer =
        || {
            fresh.get(ctx.now()).map_err(|e| {
            let message = format!("cannot get fresh credentials for {profile}: {e}");
            if !said {
                crate::errln!(ctx,
                    "awsx: {message} (the command gets HTTP 500 until it can; it keeps running)"
                );
                said = true;
            }
            message
        })
        .inspect(|_| said = false)
        };
    loop {
        if let Some(code) = child.poll()? {
            return Ok(code);
        }
        // A failing listener must not leave the child unwatched: keep polling it.
        if server
            .serve(std::time::Duration::from_millis(100), &mut answer)
            .is_err()
        {
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}
