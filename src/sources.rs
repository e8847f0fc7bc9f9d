//! Where a chain's first credentials come from: keys in the vault, keys in the shared
//! config/credentials files, a `credential_process` (run, and its JSON parsed, here), or
//! `credential_source = Environment`. The executor calls [`base_credentials`] only when no
//! cached session can be used.

use crate::config::{Base, Chain, Config};
use crate::context::Context;
use crate::error::Hinted;
use crate::process::{RunError, TIMEOUT_VAR, shell_output};
use crate::secret::{AccessKeyId, Credentials, SecretAccessKey};
use secrecy::SecretString;
use std::time::Duration;

/// The chain's first credentials.
pub fn base_credentials(
    ctx: &Context,
    config: &Config,
    chain: &Chain,
) -> anyhow::Result<Credentials> {
    let not_yet = |what: &str| -> anyhow::Error {
        Hinted::new(
            format!("{what} is not supported by awsx yet"),
            "use the AWS CLI or SDK directly for this profile, or give it source_profile with keys in the vault",
        )
        .into()
    };
    match &chain.base {
        Base::VaultKeys { profile } => {
            let keys = ctx.vault()?.keys(profile)?.ok_or_else(|| {
                Hinted::new(
                    format!("the vault has no keys for profile {profile}"),
                    format!("store them with `awsx add {profile}`"),
                )
            })?;
            Ok(keys.into())
        }
        Base::StaticKeys { profile, .. } => {
            let get = |key: &str| config.set.lookup(profile, key).map(|v| v.value.clone());
            Ok(Credentials {
                access_key_id: AccessKeyId::new(get("aws_access_key_id").unwrap_or_default()),
                secret_access_key: SecretAccessKey::new(
                    get("aws_secret_access_key").unwrap_or_default(),
                ),
                session_token: get("aws_session_token").map(SecretString::from),
                expires_at: None,
            })
        }
        Base::CredentialProcess { command, .. } => {
            credential_process(command, ctx.settings()?.timeouts.process)
        }
        Base::CredentialSource { name, .. } if name == "Environment" => {
            let get = |k: &str| ctx.env.get(k).map(str::to_string);
            match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
                (Some(id), Some(secret)) => Ok(Credentials {
                    access_key_id: AccessKeyId::new(id),
                    secret_access_key: SecretAccessKey::new(secret),
                    session_token: get("AWS_SESSION_TOKEN").map(SecretString::from),
                    expires_at: None,
                }),
                _ => Err(Hinted::new(
                    "credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
                    "export both, or use source_profile with keys in the vault",
                )
                .into()),
            }
        }
        Base::CredentialSource { name, .. } => Err(not_yet(&format!("credential_source = {name}"))),
        Base::WebIdentity { .. } => Err(not_yet("web identity (web_identity_token_file)")),
        Base::Sso { .. } => Err(not_yet("AWS IAM Identity Center (SSO)")),
    }
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProcessOutput {
    version: u32,
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiration: Option<String>,
}

/// Credentials from a `credential_process` command (the documented JSON, Version 1), stopped
/// after `limit`.
pub fn credential_process(command: &str, limit: Duration) -> anyhow::Result<Credentials> {
    let out = shell_output(command, limit).map_err(|e| match e {
        RunError::TimedOut(_) => Hinted::new(
            format!("credential_process `{command}` failed: {e}"),
            format!("run it by hand to see what it waits for; {TIMEOUT_VAR} sets the limit"),
        ),
        e => Hinted::new(
            format!("credential_process `{command}` failed: {e}"),
            PROCESS_HINT,
        ),
    })?;
    parse_process_output(command, &out)
}

const PROCESS_HINT: &str =
    "run the command by hand: it must print JSON with Version 1, AccessKeyId and SecretAccessKey";

/// What a `credential_process` printed, as credentials. Pure, and total: any text in, an
/// error or credentials out (see the fuzz-style test below).
pub fn parse_process_output(command: &str, out: &str) -> anyhow::Result<Credentials> {
    let hint = PROCESS_HINT;
    let parsed: ProcessOutput = serde_json::from_str(out).map_err(|_| {
        Hinted::new(
            format!("credential_process `{command}` did not print credentials JSON"),
            hint,
        )
    })?;
    if parsed.version != 1 {
        return Err(Hinted::new(
            format!("credential_process output has Version {}", parsed.version),
            hint,
        )
        .into());
    }
    // The values end up in a shell's `eval "$(awsx export …)"` and in HTTP headers: a newline
    // or a space there would inject a command, so refuse them (never quoting the value).
    let unusable = |value: &str| {
        value.is_empty() || value.chars().any(|c| c.is_control() || c.is_whitespace())
    };
    for (name, value) in [
        ("AccessKeyId", Some(parsed.access_key_id.as_str())),
        ("SecretAccessKey", Some(parsed.secret_access_key.as_str())),
        ("SessionToken", parsed.session_token.as_deref()),
    ] {
        if value.is_some_and(unusable) {
            return Err(Hinted::new(
                format!(
                    "credential_process `{command}` printed a {name} that is empty or holds spaces or control characters"
                ),
                hint,
            )
            .into());
        }
    }
    let expires_at = match parsed.expiration.as_deref() {
        Some(text) => Some(crate::timefmt::parse_rfc3339(text).ok_or_else(|| {
            Hinted::new(
                format!("credential_process Expiration {text:?} is not an RFC 3339 time"),
                hint,
            )
        })?),
        None => None,
    };
    Ok(Credentials {
        access_key_id: AccessKeyId::new(parsed.access_key_id.clone()),
        secret_access_key: SecretAccessKey::new(parsed.secret_access_key.clone()),
        session_token: parsed.session_token.clone().map(SecretString::from),
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "process-secret", "SessionToken": "process-token", "Expiration": "2026-11-22T17:00:00+01:00"}"#;

    #[test]
    fn parses_the_documented_json() {
        let creds = parse_process_output("cmd", GOOD).expect("parses");
        assert_eq!(creds.access_key_id.as_str(), "ASIAPROCESS");
        assert_eq!(creds.secret_access_key.expose_secret(), "process-secret");
        assert_eq!(creds.expires_at, Some(1_795_363_200));
    }

    /// Issue 11: a multi-byte character inside the offset used to panic the hand-written
    /// parser (slicing a string inside a character). It is an error with a hint now.
    #[test]
    fn a_bad_expiration_is_an_error_not_a_panic() {
        let out = GOOD.replace("+01:00", "+0é00");
        let err = parse_process_output("cmd", &out).expect_err("bad time");
        let rendered = crate::report::render(&err);
        assert!(
            rendered.starts_with(
                "error: credential_process Expiration \"2026-11-22T17:00:00+0é00\" is not an RFC 3339 time\nhint: "
            ),
            "{rendered}"
        );
        assert!(!rendered.contains("process-secret") && !rendered.contains("process-token"));
    }

    /// A value that would break out of `export`'s lines (or an HTTP header) is refused, and
    /// the message does not repeat it.
    #[test]
    fn values_with_newlines_or_spaces_are_refused() {
        for (from, to) in [
            ("ASIAPROCESS", "A\\nexport EVIL=1"),
            ("process-secret", "process secret"),
            ("process-token", "process-token\\r"),
            ("\"ASIAPROCESS\"", "\"\""),
        ] {
            let out = GOOD.replace(from, to);
            let err = parse_process_output("cmd", &out).expect_err(to);
            let rendered = crate::report::render(&err);
            assert!(
                rendered.contains("empty or holds spaces or control characters"),
                "{rendered}"
            );
            assert!(
                !rendered.contains("EVIL") && !rendered.contains("process secret"),
                "{rendered}"
            );
        }
    }

    /// Thousands of damaged outputs: each parses or fails with a message, none panics, and no
    /// message repeats the secret or the token.
    #[test]
    fn mutated_outputs_never_panic_or_leak() {
        let mut rng = crate::testing::Rng::new(0x5eed_0011);
        for i in 0..4000 {
            let out = crate::testing::mutate(&mut rng, GOOD);
            if let Err(e) = parse_process_output("cmd", &out) {
                let rendered = crate::report::render(&e);
                assert!(
                    !rendered.contains("process-secret") && !rendered.contains("process-token"),
                    "iteration {i}: {out:?}: {rendered}"
                );
            }
        }
    }
}
