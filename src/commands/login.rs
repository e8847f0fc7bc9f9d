//! `awsx login PROFILE`: open the AWS console in a profile's role, by the switch-role link
//! (default: no credentials, no network) or by a federated sign-in (`--federated`).
//! The sign-in URL is a credential: it goes to the browser or to stdout, nowhere else.

use crate::aws::DEFAULT_REGION;
use crate::aws::federation::Federation;
use crate::cli::LoginArgs;
use crate::console::{self, Partition};
use crate::context::Context;
use crate::error::Hinted;
use crate::plan::{DEFAULT_ROLE_SECONDS, Step};
use crate::types::RoleArn;
use secrecy::{ExposeSecret, SecretString};
use std::process::ExitCode;

pub fn run(ctx: &Context, args: &LoginArgs) -> anyhow::Result<ExitCode> {
    let profile = super::profile_or_env(ctx, &args.profile)?;
    super::confirm::guard(ctx, &profile, args.credentials.yes, false)?;
    let url = if args.federated {
        federated(ctx, args, &profile, ctx.aws().federation().as_ref())?
    } else {
        switch_role(ctx, args, &profile)?
    };
    super::confirm::say_identity(ctx, &profile, args.quiet);
    show(ctx, &url, args.stdout)?;
    Ok(ExitCode::SUCCESS)
}

/// Open the URL in the browser, or print it to stdout (asked for, or no browser to be had).
fn show(ctx: &Context, url: &SecretString, stdout: bool) -> anyhow::Result<()> {
    if !stdout {
        match webbrowser::open(url.expose_secret()) {
            Ok(()) => return Ok(()),
            Err(_) => crate::errln!(
                ctx,
                "awsx: no browser could be opened; the URL follows on stdout"
            ),
        }
    }
    crate::outln!(ctx, "{}", url.expose_secret())?;
    Ok(())
}

fn switch_role(ctx: &Context, args: &LoginArgs, profile: &str) -> anyhow::Result<SecretString> {
    let config = crate::config::load(&ctx.env)?;
    let get = |key: &str| config.set.lookup(profile, key).map(|v| v.value.clone());
    if config.set.profile(profile).is_none() {
        return Err(Hinted::new(
            format!("profile `{profile}` was not found"),
            "check the name with `awsx list --profiles`",
        )
        .into());
    }
    let arn_text = get("role_arn").ok_or_else(|| {
        Hinted::new(
            format!("profile {profile} has no role_arn, so there is no role to switch to"),
            format!("sign in as the user itself with `awsx login --federated {profile}`"),
        )
    })?;
    let arn = RoleArn::parse(&arn_text).ok_or_else(|| {
        Hinted::new(
            format!("role_arn `{arn_text}` of profile {profile} is not a role ARN"),
            crate::types::ROLE_ARN_HINT,
        )
    })?;
    if args.path.is_some() || args.credentials.region.is_some() {
        crate::errln!(
            ctx,
            "awsx: the switch-role link cannot choose a page or region; use --federated for --path/--region"
        );
    }
    let display = get("awsx_display_name").unwrap_or_else(|| profile.to_string());
    let url = console::switch_role_url(&arn, &display, get("awsx_color").as_deref()).map_err(|e| {
        let hint = match e {
            console::ConsoleError::RoleNameTooLong(_) => {
                "use `awsx login --federated` for this role"
            }
            console::ConsoleError::BadColor(_) => {
                "set awsx_color to 6 hex digits without '#' (after a space, '#' starts a comment), e.g. awsx_color = F2B0A9"
            }
        };
        Hinted::new(e.to_string(), hint)
    })?;
    first_time_note(ctx);
    Ok(SecretString::from(url))
}

/// Said once per machine: the switch-role page needs a signed-in base-account session.
fn first_time_note(ctx: &Context) {
    let Some(dir) = ctx
        .settings()
        .ok()
        .and_then(|s| crate::keystore::open::file_dir(&ctx.env, &s.store).ok())
    else {
        return;
    };
    let marker = dir.join("login-note-shown");
    if marker.exists() {
        return;
    }
    crate::errln!(
        ctx,
        "awsx: sign in to your base account in the browser first; the link then switches roles (said once)"
    );
    if let Some(dir) = marker.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&marker, b"");
}

/// A name GetFederationToken accepts (`[\w+=,.@-]{2,32}`).
fn federated_user_name(profile: &str) -> String {
    let mut name = crate::plan::default_session_name(None, profile);
    name.truncate(32);
    name
}

pub fn federated(
    ctx: &Context,
    args: &LoginArgs,
    profile: &str,
    federation: &dyn Federation,
) -> anyhow::Result<SecretString> {
    let now = ctx.now();
    let request = crate::executor::Request {
        profile: profile.to_string(),
        options: super::plan_options(ctx, &args.credentials.plan)?,
        region: args.credentials.region.clone(),
        mfa_token: args.credentials.mfa_token.clone(),
    };
    let prepared = crate::executor::prepare(ctx, &request)?;
    crate::executor::print_warnings(ctx, &prepared)?;
    let final_step = prepared.plan.steps.last().cloned();
    let (creds, role_arn, direct_role) = match &final_step {
        Some(Step::AssumeRole { role_arn, .. }) => {
            let obtained = crate::executor::obtain_prepared(ctx, &request, &prepared)?;
            (
                obtained.credentials,
                Some(role_arn.clone()),
                obtained.direct_role,
            )
        }
        _ => {
            // A user, not a role: the console needs a federation token made from the
            // long-term keys (session-token credentials cannot make one), so no session is
            // made first.
            let keys = crate::executor::base_credentials(ctx, &prepared)?;
            if keys.session_token.is_some() {
                return Err(Hinted::new(
                    format!("profile {profile} gives temporary credentials, which cannot sign in to the console without a role"),
                    "give the profile a role_arn, or use a profile with long-term keys",
                )
                .into());
            }
            crate::errln!(
                ctx,
                "awsx: signing in as the IAM user through GetFederationToken; this console session carries no MFA context"
            );
            // --duration, else AWS_FEDERATION_TOKEN_TTL, else 1 h, as in aws-vault.
            let limits = crate::duration::FEDERATION_TOKEN;
            let duration = match request.options.duration {
                Some(asked) => limits.check(asked).map_err(|e| {
                    Hinted::new(
                        format!("--duration: {e}"),
                        format!("ask for {} with --duration", limits.range()),
                    )
                })?,
                None => ctx.settings()?.federation_seconds,
            };
            let token = ctx.aws().sts(&prepared.endpoint).get_federation_token(
                &keys,
                &federated_user_name(profile),
                duration,
            )?;
            (token, None, false)
        }
    };
    let region = prepared
        .region
        .clone()
        .unwrap_or_else(|| DEFAULT_REGION.to_string());
    let partition = role_arn
        .as_ref()
        .map(|a| Partition::from_name(&a.partition))
        .unwrap_or_else(|| Partition::from_region(&region));
    let seconds_left = creds.expires_at.map(|at| at.saturating_sub(now));
    let wanted = request
        .options
        .duration
        .or(match &final_step {
            Some(Step::AssumeRole {
                duration_seconds, ..
            }) => Some(*duration_seconds),
            _ => Some(ctx.settings()?.federation_seconds),
        })
        .unwrap_or(DEFAULT_ROLE_SECONDS);
    let duration = console::session_duration(direct_role, wanted, seconds_left);

    let endpoint =
        console::federation_endpoint(partition, ctx.settings()?.federation_url.as_deref());
    let session = console::session_json(
        creds.access_key_id.as_str(),
        creds.secret_access_key.expose_secret(),
        creds
            .session_token
            .as_ref()
            .map(|t| t.expose_secret())
            .unwrap_or_default(),
    );
    let token =
        federation.signin_token(&console::signin_token_url(&endpoint, &session, duration))?;
    let destination = console::destination(partition, &region, args.path.as_deref());
    let ends = match (duration, creds.expires_at) {
        (Some(d), _) => Some(now + d),
        (None, Some(at)) => Some(at),
        (None, None) => None,
    };
    if let Some(at) = ends {
        crate::errln!(
            ctx,
            "awsx: the console session ends at {} (in {})",
            crate::timefmt::rfc3339_z(at),
            crate::duration::format_left(at.saturating_sub(now))
        );
    }
    Ok(console::login_url(&endpoint, &destination, &token))
}
