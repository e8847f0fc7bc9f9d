//! `awsx rotate PROFILE`: replace the base user's access key, in an order that never leaves the
//! user without a working stored key: session → user name → CreateAccessKey → prove the new
//! key works → store it (replacing the old one) → DeleteAccessKey for the old key.

use crate::Context;
use crate::aws::iam::{Iam, SdkIam};
use crate::aws::sdk::SdkSts;
use crate::aws::{AwsError, Endpoint, Sts};
use crate::cli::RotateArgs;
use crate::error::Hinted;
use crate::secret::{Credentials, mask};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How long IAM's eventual consistency is waited out (`AWSX_IAM_RETRY_SECONDS`, default 20).
fn retry_window(ctx: &Context) -> Duration {
    Duration::from_secs(
        ctx.env
            .get("AWSX_IAM_RETRY_SECONDS")
            .and_then(|s| s.parse().ok())
            .unwrap_or(20),
    )
}

/// Call `f` until it succeeds or the window closes; the last error is returned.
fn retrying<T>(
    window: Duration,
    mut f: impl FnMut() -> Result<T, AwsError>,
) -> Result<T, AwsError> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(250);
    loop {
        match f() {
            Ok(v) => return Ok(v),
            Err(e) if start.elapsed() + pause > window => return Err(e),
            Err(_) => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(3));
            }
        }
    }
}

/// The IAM user name in an ARN such as `arn:aws:iam::123456789012:user/path/jane.doe`.
pub fn user_name_from_arn(arn: &str) -> Option<String> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let path = resource.strip_prefix("user/")?;
    path.rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// IAM's endpoint: `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL`, or the profile's `endpoint_url`.
pub(crate) fn iam_endpoint(ctx: &Context, prepared: &crate::engine::Prepared) -> Endpoint {
    Endpoint {
        region: prepared.endpoint.region.clone(),
        url: ctx
            .env
            .get("AWS_ENDPOINT_URL_IAM")
            .or_else(|| ctx.env.get("AWS_ENDPOINT_URL"))
            .map(str::to_string)
            .or_else(|| {
                prepared
                    .config
                    .set
                    .lookup(prepared.chain.base.profile(), "endpoint_url")
                    .map(|v| v.value.clone())
            }),
    }
}

/// The vault profile behind `profile`, its long-term keys, and a prepared plan for it.
pub(crate) fn base_keys(
    ctx: &Context,
    profile: &str,
) -> anyhow::Result<(String, Credentials, crate::engine::Prepared)> {
    let request = crate::engine::Request {
        profile: profile.to_string(),
        ..Default::default()
    };
    let prepared = crate::engine::prepare(ctx, &request)?;
    let crate::config::Base::VaultKeys { profile: base } = &prepared.chain.base else {
        return Err(Hinted::new(
            format!("profile {profile} does not draw on keys in the vault"),
            "rotate works on keys stored with `awsx add`; see `awsx explain PROFILE`",
        )
        .into());
    };
    let base = base.clone();
    let keys = crate::engine::base_credentials(ctx, &prepared)?;
    Ok((base, keys, prepared))
}

pub fn run(ctx: &Context, args: &RotateArgs) -> anyhow::Result<ExitCode> {
    let (base, old, prepared) = base_keys(ctx, &args.profile)?;
    let sts = SdkSts::new(prepared.endpoint.clone());
    let iam = SdkIam::new(iam_endpoint(ctx, &prepared));
    rotate(ctx, args, &base, old, prepared, &sts, &iam)
}

fn rotate(
    ctx: &Context,
    args: &RotateArgs,
    base: &str,
    old: Credentials,
    mut prepared: crate::engine::Prepared,
    sts: &dyn Sts,
    iam: &dyn Iam,
) -> anyhow::Result<ExitCode> {
    let old_id = old.access_key_id.as_str().to_string();
    // 1. An MFA-backed session for the base user (IAM policies often demand MFA).
    let session = if args.no_session {
        old.clone()
    } else {
        prepared.plan.steps = vec![
            prepared.plan.steps[0].clone(),
            crate::plan::Step::SessionToken {
                profile: base.to_string(),
                mfa_serial: prepared.mfa_serial(),
                duration_seconds: crate::plan::DEFAULT_SESSION_SECONDS,
            },
        ];
        let request = crate::engine::Request {
            profile: base.to_string(),
            mfa_token: args.mfa_token.clone(),
            ..Default::default()
        };
        crate::engine::obtain_prepared(ctx, &request, &prepared, &|_| {
            Box::new(SdkSts::new(prepared.endpoint.clone()))
        })?
        .credentials
    };
    // 2. Who the keys belong to: GetCallerIdentity needs no permission; GetUser as a fallback.
    let user = match sts
        .get_caller_identity(&old)
        .ok()
        .and_then(|id| user_name_from_arn(&id.arn))
    {
        Some(user) => user,
        None => iam.get_user_name(&session).map_err(Hinted::from)?,
    };
    // 3. Room for a second key?
    let keys = iam
        .list_access_keys(&session, &user)
        .map_err(Hinted::from)?;
    if keys.len() >= 2 {
        let now = ctx.now();
        let mut lines = String::new();
        for k in &keys {
            let age = k
                .created_at
                .map(|c| format!("{} days old", now.saturating_sub(c) / 86_400))
                .unwrap_or_else(|| "age unknown".into());
            let used = match iam.last_used(&session, &k.access_key_id) {
                Ok(Some(t)) => format!("last used {} days ago", now.saturating_sub(t) / 86_400),
                Ok(None) => "never used".into(),
                Err(_) => "last use unknown".into(),
            };
            let mine = if k.access_key_id == old_id {
                " (the key in the vault)"
            } else {
                ""
            };
            lines.push_str(&format!(
                "\n  {}: {age}, {used}{mine}",
                mask(&k.access_key_id)
            ));
        }
        return Err(Hinted::new(
            format!("IAM user {user} already has two access keys, so a new one cannot be created:{lines}"),
            "delete the key that is not in the vault (IAM console → Security credentials, or `aws iam delete-access-key`), then run rotate again",
        )
        .into());
    }
    let (new, created_at) = iam
        .create_access_key(&session, &user)
        .map_err(Hinted::from)?;
    let new_creds: Credentials = new.clone().into();
    let new_masked = new.access_key_id.masked();
    // 4. Prove it works before it replaces anything.
    let window = retry_window(ctx);
    if let Err(e) = retrying(window, || sts.get_caller_identity(&new_creds)) {
        let cleanup = match iam.delete_access_key(&session, &user, new.access_key_id.as_str()) {
            Ok(()) => format!("the new key {new_masked} was deleted again"),
            Err(_) => format!("delete the new key {new_masked} in IAM by hand"),
        };
        return Err(Hinted::new(
            format!("the new access key did not work within {}s ({e}); nothing was changed in the vault", window.as_secs()),
            format!("your stored key {} still works; {cleanup}", mask(&old_id)),
        )
        .into());
    }
    // 5. Store it, replacing the old one (this also drops sessions made with the old key).
    if let Err(e) = ctx.vault()?.put_keys(base, &new, ctx.now(), created_at) {
        let _ = iam.delete_access_key(&session, &user, new.access_key_id.as_str());
        return Err(Hinted::new(
            format!("the new key could not be stored: {e}"),
            format!("your stored key {} still works; awsx tried to delete the new key {new_masked} again", mask(&old_id)),
        )
        .into());
    }
    // 6. Retire the old key.
    if let Err(e) = retrying(window, || iam.delete_access_key(&session, &user, &old_id)) {
        return Err(Hinted::new(
            format!(
                "the new key {new_masked} is stored and works, but the old key {} could not be deleted: {e}",
                mask(&old_id)
            ),
            format!("delete {} by hand (IAM console, or `aws iam delete-access-key --user-name {user}`)", mask(&old_id)),
        )
        .into());
    }
    crate::outln!(
        "Rotated access key for {} (old {} deleted)",
        args.profile,
        mask(&old_id)
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_from_arns() {
        assert_eq!(
            user_name_from_arn("arn:aws:iam::123456789012:user/jane.doe").as_deref(),
            Some("jane.doe")
        );
        assert_eq!(
            user_name_from_arn("arn:aws:iam::123456789012:user/team/a/jane").as_deref(),
            Some("jane")
        );
        assert_eq!(
            user_name_from_arn("arn:aws:sts::123456789012:assumed-role/r/s"),
            None
        );
    }

    #[test]
    fn retrying_stops_at_the_window() {
        let mut calls = 0;
        let result: Result<(), AwsError> = retrying(Duration::from_millis(600), || {
            calls += 1;
            Err(AwsError::InvalidMfa)
        });
        assert!(result.is_err());
        assert!((2..=4).contains(&calls), "{calls}");
        let mut n = 0;
        assert_eq!(
            retrying(Duration::from_secs(5), || {
                n += 1;
                if n < 3 {
                    Err(AwsError::InvalidMfa)
                } else {
                    Ok(n)
                }
            }),
            Ok(3)
        );
    }
}
