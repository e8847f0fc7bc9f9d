//! `awsx rotate PROFILE`: replace the base user's access key, in an order that never leaves the
//! user without a working stored key: session → user name → CreateAccessKey → prove the new
//! key works → store it (replacing the old one) → DeleteAccessKey for the old key.

use crate::aws::iam::Iam;
use crate::aws::{AwsError, Sts};
use crate::cli::RotateArgs;
use crate::context::Context;
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

/// The vault profile behind `profile`, its long-term keys, and a prepared plan for it.
pub(crate) fn base_keys(
    ctx: &Context,
    profile: &str,
) -> anyhow::Result<(String, Credentials, crate::executor::Prepared)> {
    let request = crate::executor::Request {
        profile: profile.to_string(),
        ..Default::default()
    };
    let prepared = crate::executor::prepare(ctx, &request)?;
    let crate::config::Base::VaultKeys { profile: base } = &prepared.chain.base else {
        return Err(Hinted::new(
            format!("profile {profile} does not draw on keys in the vault"),
            "rotate works on keys stored with `awsx add`; see `awsx explain PROFILE`",
        )
        .into());
    };
    let base = base.clone();
    let keys = crate::executor::base_credentials(ctx, &prepared)?;
    Ok((base, keys, prepared))
}

pub fn run(ctx: &Context, args: &RotateArgs) -> anyhow::Result<ExitCode> {
    let (base, old, prepared) = base_keys(ctx, &args.profile)?;
    // Both overrides are checked before anything is sent, naming where each came from.
    for (endpoint, origin) in [
        (&prepared.endpoint, &prepared.endpoint_origin),
        (&prepared.iam_endpoint, &prepared.iam_endpoint_origin),
    ] {
        if let Some(url) = &endpoint.url {
            crate::aws::check_endpoint_url(url, origin)?;
        }
    }
    let sts = ctx.aws().sts(&prepared.endpoint);
    let iam = ctx.aws().iam(&prepared.iam_endpoint);
    rotate(ctx, args, &base, old, prepared, sts.as_ref(), iam.as_ref())
}

/// CreateAccessKey failed in a way that leaves open whether IAM made the key (its reply could
/// not be read, or the connection failed after sending). A key left behind would block the
/// next rotate (IAM allows two), so look for it, a key IAM lists now that it did not list
/// before, and delete it; or say exactly which key id to delete. The stored key is untouched
/// either way.
fn clean_up_unread_key(
    window: Duration,
    iam: &dyn Iam,
    session: &Credentials,
    user: &str,
    before: &[String],
    profile: &str,
    e: &AwsError,
) -> Hinted {
    let old = before
        .iter()
        .map(|id| mask(id))
        .collect::<Vec<_>>()
        .join(", ");
    let stored = "your stored key still works";
    let again = format!("run `awsx rotate {profile}` again");
    // IAM is eventually consistent: a key just made may take a moment to be listed.
    let mut listed = false;
    let found = retrying(window, || {
        listed = false;
        let keys = iam.list_access_keys(session, user)?;
        listed = true;
        let new: Vec<String> = keys
            .into_iter()
            .map(|k| k.access_key_id)
            .filter(|id| !before.contains(id))
            .collect();
        if new.is_empty() {
            Err(AwsError::Other {
                service: "IAM",
                operation: "ListAccessKeys",
                message: "no new key listed yet".into(),
            })
        } else {
            Ok(new)
        }
    });
    let created = match found {
        Ok(created) => created,
        Err(_) if listed => {
            return Hinted::new(
                format!("{e}; IAM lists no key but {old}, so none was left behind"),
                format!("{stored}; {again}"),
            );
        }
        Err(_) => {
            return Hinted::new(
                format!("{e}; awsx could not check whether IAM created a key anyway"),
                format!(
                    "{stored}; list the keys of IAM user {user} (`aws iam list-access-keys --user-name {user}`), delete any that is not {old}, then {again}"
                ),
            );
        }
    };
    let (mut deleted, mut left) = (Vec::new(), Vec::new());
    for id in created {
        match retrying(window, || iam.delete_access_key(session, user, &id)) {
            Ok(()) => deleted.push(mask(&id)),
            Err(_) => left.push(id),
        }
    }
    match left.first() {
        None => Hinted::new(
            format!(
                "{e}; the key it created ({}) was deleted again",
                deleted.join(", ")
            ),
            format!("{stored}; {again}"),
        ),
        // The full id, because it is what the command needs; an access key id is not a secret.
        Some(id) => Hinted::new(
            format!(
                "{e}; the key it created could not be deleted: {}",
                left.join(", ")
            ),
            format!(
                "{stored}; delete the new key with `aws iam delete-access-key --user-name {user} --access-key-id {id}`, then {again}"
            ),
        ),
    }
}

fn rotate(
    ctx: &Context,
    args: &RotateArgs,
    base: &str,
    old: Credentials,
    mut prepared: crate::executor::Prepared,
    sts: &dyn Sts,
    iam: &dyn Iam,
) -> anyhow::Result<ExitCode> {
    let old_id = old.access_key_id.as_str().to_string();
    // 1. An MFA-backed session for the base user (IAM policies often demand MFA).
    let session = if args.no_session {
        old.clone()
    } else {
        prepared.plan = crate::plan::chain_and_base_session(
            &prepared.config,
            &prepared.chain,
            // The settings' MFA device (AWSX_MFA_SERIAL, AWS_MFA_SERIAL) counts here too.
            &crate::plan::options(ctx.settings()?, false, None)?,
        )?;
        let request = crate::executor::Request {
            profile: base.to_string(),
            mfa_token: args.mfa_token.clone(),
            ..Default::default()
        };
        crate::executor::obtain_prepared(ctx, &request, &prepared)?.credentials
    };
    // 2. Who the keys belong to: GetCallerIdentity needs no permission; GetUser as a fallback.
    let user = match sts
        .get_caller_identity(&old)
        .ok()
        .and_then(|id| user_name_from_arn(&id.arn))
    {
        Some(user) => user,
        None => iam.get_user_name(&session)?,
    };
    // 3. Room for a second key?
    let keys = iam.list_access_keys(&session, &user)?;
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
    let window = retry_window(ctx);
    let (new, created_at) = match iam.create_access_key(&session, &user) {
        Ok(created) => created,
        Err(e) if e.outcome_unknown() => {
            let before: Vec<String> = keys.into_iter().map(|k| k.access_key_id).collect();
            return Err(clean_up_unread_key(
                window,
                iam,
                &session,
                &user,
                &before,
                &args.profile,
                &e,
            )
            .into());
        }
        Err(e) => return Err(anyhow::Error::from(e)),
    };
    let new_creds: Credentials = new.clone().into();
    let new_masked = new.access_key_id.masked();
    // 4. Prove it works before it replaces anything.
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
        ctx,
        "Rotated access key for {} (old {} deleted)",
        args.profile,
        mask(&old_id)
    )?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Hint as _;

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

    /// An IAM double for the clean-up decisions: what ListAccessKeys answers (or that it
    /// fails), whether DeleteAccessKey fails, and a log of the deletions.
    struct FakeIam {
        listed: Option<Vec<&'static str>>,
        delete_fails: bool,
        deleted: std::cell::RefCell<Vec<String>>,
    }

    impl Iam for FakeIam {
        fn get_user_name(&self, _: &Credentials) -> Result<String, AwsError> {
            unreachable!()
        }
        fn list_access_keys(
            &self,
            _: &Credentials,
            _: &str,
        ) -> Result<Vec<crate::aws::iam::KeyInfo>, AwsError> {
            let failed = AwsError::Unreachable {
                service: "IAM",
                endpoint: "http://127.0.0.1:9".into(),
                message: "connection refused".into(),
            };
            let ids = self.listed.as_ref().ok_or(failed)?;
            Ok(ids
                .iter()
                .map(|id| crate::aws::iam::KeyInfo {
                    access_key_id: id.to_string(),
                    active: true,
                    created_at: None,
                })
                .collect())
        }
        fn create_access_key(
            &self,
            _: &Credentials,
            _: &str,
        ) -> Result<(crate::secret::LongTermKeys, Option<u64>), AwsError> {
            unreachable!()
        }
        fn delete_access_key(&self, _: &Credentials, _: &str, id: &str) -> Result<(), AwsError> {
            if self.delete_fails {
                return Err(AwsError::InvalidMfa);
            }
            self.deleted.borrow_mut().push(id.to_string());
            Ok(())
        }
        fn last_used(&self, _: &Credentials, _: &str) -> Result<Option<u64>, AwsError> {
            unreachable!()
        }
        fn list_mfa_devices(&self, _: &Credentials, _: &str) -> Result<Vec<String>, AwsError> {
            unreachable!()
        }
    }

    #[test]
    fn an_unread_new_key_is_found_and_deleted_or_named() {
        let session = Credentials {
            access_key_id: crate::secret::AccessKeyId::new("ASIAEXAMPLE".into()),
            secret_access_key: crate::secret::SecretAccessKey::new("s".into()),
            session_token: None,
            expires_at: None,
        };
        let e = AwsError::BadReply {
            service: "IAM",
            operation: "CreateAccessKey",
            problem: "its reply (HTTP 200) was cut off or could not be read".into(),
        };
        let old = "AKIAOLDOLDOLDOLD0001";
        let new = "AKIANEWNEWNEWNEW0002";
        let run = |listed: Option<Vec<&'static str>>, delete_fails: bool| {
            let iam = FakeIam {
                listed,
                delete_fails,
                deleted: Default::default(),
            };
            let h = clean_up_unread_key(
                Duration::from_millis(300),
                &iam,
                &session,
                "jane.doe",
                &[old.to_string()],
                "gds-users",
                &e,
            );
            let deleted = iam.deleted.borrow().clone();
            (h.to_string(), h.hint().to_string(), deleted)
        };
        let (msg, hint, deleted) = run(Some(vec![old, new]), false);
        assert!(
            msg.ends_with("; the key it created (****0002) was deleted again"),
            "{msg}"
        );
        assert_eq!(
            hint,
            "your stored key still works; run `awsx rotate gds-users` again"
        );
        assert_eq!(deleted, [new]);

        let (msg, hint, _) = run(Some(vec![old, new]), true);
        assert!(
            msg.ends_with(&format!("could not be deleted: {new}")),
            "{msg}"
        );
        assert!(
            hint.contains(&format!("--user-name jane.doe --access-key-id {new}`")),
            "{hint}"
        );

        let (msg, _, deleted) = run(Some(vec![old]), false);
        assert!(
            msg.ends_with("IAM lists no key but ****0001, so none was left behind"),
            "{msg}"
        );
        assert!(deleted.is_empty());

        let (msg, hint, _) = run(None, false);
        assert!(
            msg.ends_with("could not check whether IAM created a key anyway"),
            "{msg}"
        );
        assert!(hint.contains("delete any that is not ****0001"), "{hint}");
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
