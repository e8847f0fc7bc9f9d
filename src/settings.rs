//! The settings awsx takes from the environment, read once from an [`Env`] at the edge.
//!
//! Pure: an `Env` in, a `Settings` (or one clear error) out. Each setting is read from its
//! `AWSX_*` variable; where that is unset, from the variable aws-vault reads for the same thing,
//! so that an aws-vault user's shell setup keeps working (issue 10); else awsx's default. The
//! meanings and defaults of aws-vault's variables follow its source (ByteNess/aws-vault
//! `cli/global.go`, `vault/config.go`, `vault/vault.go`):
//!
//! | setting | awsx | aws-vault's | default |
//! |---|---|---|---|
//! | store | `AWSX_BACKEND` | `AWS_VAULT_BACKEND` | keychain, else file |
//! | file store directory | `AWSX_FILE_DIR` | `AWS_VAULT_FILE_DIR` (awsx's vault goes *beside* it, in `awsx/`) | `$XDG_DATA_HOME/awsx` |
//! | file store passphrase | `AWSX_FILE_PASSPHRASE` | `AWS_VAULT_FILE_PASSPHRASE` | asked at the terminal |
//! | MFA prompt | `AWSX_PROMPT` | `AWS_VAULT_PROMPT` | terminal |
//! | GetSessionToken, no role after it | `AWSX_SESSION_DURATION` | `AWS_SESSION_TOKEN_TTL` | 1h |
//! | GetSessionToken, roles after it | `AWSX_SESSION_DURATION` | `AWS_CHAINED_SESSION_TOKEN_TTL` | 8h |
//! | AssumeRole | - | `AWS_ASSUME_ROLE_TTL` (over `duration_seconds`, as in aws-vault) | 1h |
//! | GetFederationToken (`login` as a user) | - | `AWS_FEDERATION_TOKEN_TTL` | 1h |
//! | least life left for a cached session to be used | - | `AWS_MIN_TTL` | 5m |
//! | MFA device | `AWSX_MFA_SERIAL` | `AWS_MFA_SERIAL` (over `mfa_serial`, as in aws-vault) | the profile's |
//! | MFA prompt, `credential_process`, lock wait | `AWSX_MFA_TIMEOUT`, `AWSX_PROCESS_TIMEOUT`, `AWSX_LOCK_TIMEOUT` | - | 60s, 60s, made from both |
//!
//! aws-vault ignores a TTL it cannot parse; awsx says so and stops, since a silently ignored
//! duration is a session of the wrong length. A bare number is seconds here (aws-vault wants a
//! unit: `43200s`). An MFA device is checked as `mfa_serial` is ([`MfaSerial`]): STS would
//! refuse anything else, after the code was typed.

use crate::env::Env;
use crate::error::Hinted;
use crate::keystore::{Backend, StoreSettings};
use crate::types::MfaSerial;
use secrecy::SecretString;
use std::path::PathBuf;

/// GetSessionToken's lifetime when no role is assumed with it (aws-vault's
/// `DefaultSessionDuration`: a plain user's `exec gds-users` session is 1 h).
pub const DEFAULT_SESSION_SECONDS: u64 = 3600;
/// GetSessionToken's lifetime when roles are assumed with it (aws-vault's
/// `DefaultChainedSessionDuration`): one MFA prompt serves a working day of role sessions.
pub const DEFAULT_CHAINED_SESSION_SECONDS: u64 = 8 * 3600;
/// GetFederationToken's lifetime.
pub const DEFAULT_FEDERATION_SECONDS: u64 = 3600;
/// Cached credentials are reused while at least this much of their life is left.
pub const DEFAULT_MIN_TTL_SECONDS: u64 = 300;
/// How long the file store stays unlocked after its passphrase was typed.
pub const DEFAULT_FILE_UNLOCK_TTL: u64 = 3600;

/// Where MFA codes come from when neither `--mfa-token` nor `mfa_process` gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// The controlling terminal.
    Terminal,
    /// `ykman oath accounts code --single SERIAL`, as aws-vault's ykman prompt runs it.
    Ykman,
    /// A desktop dialog program that prints what was typed (aws-vault's zenity and kdialog).
    Dialog(Dialog),
    /// A prompt awsx does not have (macOS's `osascript`, Windows's `wincredui`, `pass` ...).
    /// Only an error when a code is actually needed: profiles without MFA, or with
    /// `mfa_process`, still work.
    Unsupported { var: &'static str, name: String },
}

/// aws-vault's GUI prompts that are plain programs: run, read the code from stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    Zenity,
    Kdialog,
}

impl Dialog {
    pub fn program(self) -> &'static str {
        match self {
            Dialog::Zenity => "zenity",
            Dialog::Kdialog => "kdialog",
        }
    }

    /// The arguments aws-vault passes, so the dialog looks as it did.
    pub fn args(self, text: &str) -> Vec<String> {
        let words: Vec<&str> = match self {
            Dialog::Zenity => vec!["--entry", "--title", "awsx", "--text", text],
            Dialog::Kdialog => vec!["--inputbox", text, "--title", "awsx"],
        };
        words.into_iter().map(str::to_string).collect()
    }
}

pub struct Settings {
    /// Which store, and the file store's directory, passphrase and unlock time. The type is
    /// keystore's, so that opening a store needs nothing from this module (no import cycle).
    pub store: StoreSettings,
    pub prompt: Prompt,
    /// GetSessionToken with no role after it.
    pub session_seconds: Option<u64>,
    /// GetSessionToken with roles after it.
    pub chained_session_seconds: Option<u64>,
    /// Every AssumeRole, over `duration_seconds`.
    pub role_seconds: Option<u64>,
    pub federation_seconds: u64,
    pub min_ttl_seconds: u64,
    /// The MFA device for every profile, over `mfa_serial`.
    pub mfa_serial: Option<MfaSerial>,
    /// `AWS_REGION`, else `AWS_DEFAULT_REGION`: over every profile's `region`, as in the SDKs.
    pub region: Option<String>,
    /// Endpoint overrides, over every profile's `endpoint_url`, as the SDKs read them.
    pub endpoints: EndpointSettings,
    /// Base keys this old or older draw a warning (`AWSX_KEY_MAX_AGE`).
    pub key_max_age: u64,
    /// The console federation endpoint (`AWSX_FEDERATION_URL`), for tests and private clouds.
    pub federation_url: Option<String>,
    /// How long awsx lets a helper run (`AWSX_PROCESS_TIMEOUT`, `AWSX_MFA_TIMEOUT`) and waits
    /// for a lock (`AWSX_LOCK_TIMEOUT`, else made from the two). The lock reads its own, since
    /// it sits below the settings; it is checked here too so a bad value fails every command
    /// alike, cached or not.
    pub timeouts: Timeouts,
}

/// See [`Settings::timeouts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// One `credential_process` run.
    pub process: std::time::Duration,
    /// One `mfa_process` run, dialog or prompt.
    pub mfa: std::time::Duration,
}

/// `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_IAM` and `AWS_ENDPOINT_URL`.
#[derive(Debug, Clone, Default)]
pub struct EndpointSettings {
    pub sts: Option<String>,
    pub iam: Option<String>,
    pub any: Option<String>,
}

/// A service awsx calls, for its endpoint override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Sts,
    Iam,
}

impl EndpointSettings {
    /// The environment's override for `service`, with the variable it came from: the
    /// service's own, then the general one.
    pub fn get(&self, service: Service) -> Option<(&'static str, &str)> {
        let (var, own) = match service {
            Service::Sts => ("AWS_ENDPOINT_URL_STS", &self.sts),
            Service::Iam => ("AWS_ENDPOINT_URL_IAM", &self.iam),
        };
        own.as_deref()
            .map(|url| (var, url))
            .or_else(|| self.any.as_deref().map(|url| ("AWS_ENDPOINT_URL", url)))
    }
}

/// Keys this old or older draw a warning, by default.
pub const DEFAULT_KEY_MAX_AGE: u64 = 90 * 86_400;

impl Settings {
    pub fn from_env(env: &Env) -> anyhow::Result<Settings> {
        use crate::duration::{ASSUME_ROLE, FEDERATION_TOKEN, SESSION_TOKEN};
        let session = ttl(env, "AWSX_SESSION_DURATION", SESSION_TOKEN)?;
        // The lock reads its bound itself (see `timeouts`); checked here, its value unused.
        crate::lock::wait_bound(env)?;
        Ok(Settings {
            store: StoreSettings {
                backend: backend(env)?,
                file_dir: file_dir(env),
                file_passphrase: env
                    .get("AWSX_FILE_PASSPHRASE")
                    .or_else(|| env.get("AWS_VAULT_FILE_PASSPHRASE"))
                    .map(|p| SecretString::from(p.to_string())),
                file_unlock_ttl: duration(env, "AWSX_FILE_UNLOCK_TTL")?
                    .unwrap_or(DEFAULT_FILE_UNLOCK_TTL),
            },
            prompt: prompt(env),
            session_seconds: session.or(ttl(env, "AWS_SESSION_TOKEN_TTL", SESSION_TOKEN)?),
            chained_session_seconds: session.or(ttl(
                env,
                "AWS_CHAINED_SESSION_TOKEN_TTL",
                SESSION_TOKEN,
            )?),
            role_seconds: ttl(env, "AWS_ASSUME_ROLE_TTL", ASSUME_ROLE)?,
            federation_seconds: ttl(env, "AWS_FEDERATION_TOKEN_TTL", FEDERATION_TOKEN)?
                .unwrap_or(DEFAULT_FEDERATION_SECONDS),
            min_ttl_seconds: duration(env, "AWS_MIN_TTL")?.unwrap_or(DEFAULT_MIN_TTL_SECONDS),
            mfa_serial: mfa_serial(env)?,
            region: env
                .get("AWS_REGION")
                .or_else(|| env.get("AWS_DEFAULT_REGION"))
                .map(str::to_string),
            endpoints: EndpointSettings {
                sts: env.get("AWS_ENDPOINT_URL_STS").map(str::to_string),
                iam: env.get("AWS_ENDPOINT_URL_IAM").map(str::to_string),
                any: env.get("AWS_ENDPOINT_URL").map(str::to_string),
            },
            key_max_age: match env.get("AWSX_KEY_MAX_AGE") {
                Some(text) => crate::duration::parse_seconds(text).map_err(|e| {
                    Hinted::new(
                        format!("AWSX_KEY_MAX_AGE: {e}"),
                        "write a duration such as 90d, or unset AWSX_KEY_MAX_AGE",
                    )
                })?,
                None => DEFAULT_KEY_MAX_AGE,
            },
            federation_url: env.get("AWSX_FEDERATION_URL").map(str::to_string),
            timeouts: Timeouts {
                process: crate::process::limit(env, crate::process::TIMEOUT_VAR)?,
                mfa: crate::process::limit(env, crate::lock::MFA_TIMEOUT_VAR)?,
            },
        })
    }
}

/// `AWSX_MFA_SERIAL`, else `AWS_MFA_SERIAL`.
fn mfa_serial(env: &Env) -> anyhow::Result<Option<MfaSerial>> {
    let Some((var, text)) = ["AWSX_MFA_SERIAL", "AWS_MFA_SERIAL"]
        .into_iter()
        .find_map(|var| Some((var, env.get(var)?)))
    else {
        return Ok(None);
    };
    MfaSerial::parse(text).map(Some).ok_or_else(|| {
        Hinted::new(
            format!("{var}: `{text}` is not an MFA device ARN or serial number"),
            format!("{}; or unset {var}", crate::types::MFA_SERIAL_HINT),
        )
        .into()
    })
}

fn duration(env: &Env, var: &str) -> anyhow::Result<Option<u64>> {
    env.get(var)
        .map(|text| {
            crate::duration::parse_seconds(text).map_err(|e| {
                Hinted::new(
                    format!("{var}: {e}"),
                    format!("write a duration such as 1h, 8h or 43200s, or unset {var}"),
                )
                .into()
            })
        })
        .transpose()
}

/// A lifetime for one STS call, refused here (before any prompt) when STS would refuse it.
fn ttl(env: &Env, var: &str, limits: crate::duration::Limits) -> anyhow::Result<Option<u64>> {
    duration(env, var)?
        .map(|seconds| {
            limits.check(seconds).map_err(|e| {
                Hinted::new(
                    format!("{var}: {e}"),
                    format!(
                        "set {var} to a duration from {}, or unset it",
                        limits.range()
                    ),
                )
                .into()
            })
        })
        .transpose()
}

const OUR_BACKENDS: &str = "secret-service, keychain, wincred, keyutils or file";

/// `AWSX_BACKEND` (awsx's names), else `AWS_VAULT_BACKEND` (aws-vault's names).
fn backend(env: &Env) -> anyhow::Result<Option<Backend>> {
    use clap::ValueEnum;
    if let Some(name) = env.get("AWSX_BACKEND") {
        return Backend::from_str(name, true).map(Some).map_err(|_| {
            Hinted::new(
                format!("AWSX_BACKEND={name} is not a known backend"),
                format!("use {OUR_BACKENDS}"),
            )
            .into()
        });
    }
    let Some(name) = env.get("AWS_VAULT_BACKEND") else {
        return Ok(None);
    };
    let backend = match name {
        "secret-service" => Backend::SecretService,
        "keychain" => Backend::Keychain,
        "file" => Backend::File,
        "wincred" => Backend::Wincred,
        "keyctl" => Backend::Keyutils,
        other => {
            let hint = if other == "kwallet" {
                "KWallet also serves the Secret Service API: set AWSX_BACKEND=secret-service (it wins over AWS_VAULT_BACKEND)".to_string()
            } else {
                format!(
                    "set AWSX_BACKEND (it wins over AWS_VAULT_BACKEND) to one of {OUR_BACKENDS}; then copy the keys with `aws-vault exec PROFILE --no-session -- awsx add PROFILE --env`"
                )
            };
            return Err(Hinted::new(
                format!("AWS_VAULT_BACKEND={other}: awsx cannot keep its vault in aws-vault's {other} store"),
                hint,
            )
            .into());
        }
    };
    Ok(Some(backend))
}

/// `AWSX_FILE_DIR`, else a directory `awsx` beside `AWS_VAULT_FILE_DIR`: not in it, since
/// aws-vault takes every file there for one of its keys. `None`: the default place.
fn file_dir(env: &Env) -> Option<PathBuf> {
    if let Some(dir) = env.get("AWSX_FILE_DIR") {
        return Some(PathBuf::from(dir));
    }
    env.get("AWS_VAULT_FILE_DIR")?;
    let theirs = crate::keystore::aws_vault::file_dir(env)?;
    let beside = theirs
        .parent()
        .map_or_else(|| theirs.clone(), PathBuf::from);
    Some(beside.join("awsx"))
}

fn prompt(env: &Env) -> Prompt {
    let (var, name) = match (env.get("AWSX_PROMPT"), env.get("AWS_VAULT_PROMPT")) {
        (Some(name), _) => ("AWSX_PROMPT", name),
        (None, Some(name)) => ("AWS_VAULT_PROMPT", name),
        (None, None) => return Prompt::Terminal,
    };
    match name {
        "terminal" => Prompt::Terminal,
        "ykman" => Prompt::Ykman,
        "zenity" => Prompt::Dialog(Dialog::Zenity),
        "kdialog" => Prompt::Dialog(Dialog::Kdialog),
        other => Prompt::Unsupported {
            var,
            name: other.to_string(),
        },
    }
}

impl Prompt {
    /// Why a code cannot be had with this prompt, when it is one awsx does not have.
    pub fn unsupported(&self) -> Option<Hinted> {
        let Prompt::Unsupported { var, name } = self else {
            return None;
        };
        let elsewhere = match name.as_str() {
            "osascript" => Some("macOS"),
            "wincredui" => Some("Windows"),
            _ => None,
        };
        let hint = if name == "pass" {
            "aws-vault dropped its pass prompt too: set `mfa_process = pass otp YOUR_MFA_SERIAL` in the profile".to_string()
        } else if elsewhere.is_some() {
            format!(
                "on this machine use AWSX_PROMPT=terminal, zenity or kdialog, or set mfa_process in the profile to a command that prints a code (unset {var} to be asked at the terminal)"
            )
        } else {
            format!(
                "unset {var} (or set AWSX_PROMPT=terminal) to be asked at the terminal, or set mfa_process in the profile to a command that prints a code"
            )
        };
        let message = match elsewhere {
            Some(os) if !on_this_platform(os) => {
                format!("{var}={name}: the {name} prompt is {os}'s; it is not on this platform")
            }
            _ => format!(
                "{var}={name}: awsx has no {name} prompt (it has terminal, ykman, zenity and kdialog)"
            ),
        };
        Some(Hinted::new(message, hint))
    }
}

fn on_this_platform(os: &str) -> bool {
    (os == "macOS" && cfg!(target_os = "macos")) || (os == "Windows" && cfg!(windows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .chain([("HOME".to_string(), "/home/jane".to_string())]),
        )
    }

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings::from_env(&env(pairs)).expect("settings")
    }

    #[test]
    fn defaults() {
        let s = settings(&[]);
        assert_eq!(s.store.backend, None);
        assert_eq!(s.store.file_dir, None);
        assert!(s.store.file_passphrase.is_none());
        assert_eq!(s.prompt, Prompt::Terminal);
        assert_eq!(
            (s.session_seconds, s.chained_session_seconds, s.role_seconds),
            (None, None, None)
        );
        assert_eq!(s.federation_seconds, 3600);
        assert_eq!(s.min_ttl_seconds, 300);
        assert_eq!(s.store.file_unlock_ttl, 3600);
        assert_eq!(s.mfa_serial, None);
    }

    #[test]
    fn awsx_wins_then_aws_vault_then_default() {
        // (variables, backend wanted)
        let cases: &[(&[(&str, &str)], Option<Backend>)] = &[
            (&[], None),
            (&[("AWS_VAULT_BACKEND", "file")], Some(Backend::File)),
            (&[("AWS_VAULT_BACKEND", "keyctl")], Some(Backend::Keyutils)),
            (
                &[("AWS_VAULT_BACKEND", "secret-service")],
                Some(Backend::SecretService),
            ),
            (
                &[("AWS_VAULT_BACKEND", "keychain")],
                Some(Backend::Keychain),
            ),
            (&[("AWS_VAULT_BACKEND", "wincred")], Some(Backend::Wincred)),
            (
                &[("AWSX_BACKEND", "file"), ("AWS_VAULT_BACKEND", "keyctl")],
                Some(Backend::File),
            ),
            // AWSX_BACKEND wins even over a store awsx does not have.
            (
                &[("AWSX_BACKEND", "keyutils"), ("AWS_VAULT_BACKEND", "pass")],
                Some(Backend::Keyutils),
            ),
        ];
        for (pairs, want) in cases {
            assert_eq!(settings(pairs).store.backend, *want, "{pairs:?}");
        }

        let pass = |pairs: &[(&str, &str)]| {
            settings(pairs)
                .store
                .file_passphrase
                .map(|p| p.expose_secret().to_string())
        };
        assert_eq!(
            pass(&[("AWS_VAULT_FILE_PASSPHRASE", "theirs")]).as_deref(),
            Some("theirs")
        );
        assert_eq!(
            pass(&[
                ("AWSX_FILE_PASSPHRASE", "ours"),
                ("AWS_VAULT_FILE_PASSPHRASE", "theirs")
            ])
            .as_deref(),
            Some("ours")
        );

        assert_eq!(
            settings(&[("AWS_VAULT_FILE_DIR", "~/.awsvault/keys/")])
                .store
                .file_dir,
            Some(PathBuf::from("/home/jane/.awsvault/awsx"))
        );
        assert_eq!(
            settings(&[("AWS_VAULT_FILE_DIR", "/secure/keys")])
                .store
                .file_dir,
            Some(PathBuf::from("/secure/awsx"))
        );
        assert_eq!(
            settings(&[
                ("AWSX_FILE_DIR", "/ours"),
                ("AWS_VAULT_FILE_DIR", "/secure/keys")
            ])
            .store
            .file_dir,
            Some(PathBuf::from("/ours"))
        );

        assert_eq!(
            settings(&[("AWS_VAULT_PROMPT", "ykman")]).prompt,
            Prompt::Ykman
        );
        assert_eq!(
            settings(&[("AWSX_PROMPT", "terminal"), ("AWS_VAULT_PROMPT", "zenity")]).prompt,
            Prompt::Terminal
        );
    }

    #[test]
    fn durations() {
        let s = settings(&[
            ("AWS_SESSION_TOKEN_TTL", "2h"),
            ("AWS_CHAINED_SESSION_TOKEN_TTL", "12h"),
            ("AWS_ASSUME_ROLE_TTL", "30m"),
            ("AWS_FEDERATION_TOKEN_TTL", "43200s"),
            ("AWS_MIN_TTL", "20m"),
            ("AWS_MFA_SERIAL", "arn:aws:iam::111111111111:mfa/jane"),
        ]);
        assert_eq!(s.session_seconds, Some(7200));
        assert_eq!(s.chained_session_seconds, Some(43_200));
        assert_eq!(s.role_seconds, Some(1800));
        assert_eq!(s.federation_seconds, 43_200);
        assert_eq!(s.min_ttl_seconds, 1200);
        assert_eq!(
            s.mfa_serial.as_ref().map(MfaSerial::as_str),
            Some("arn:aws:iam::111111111111:mfa/jane")
        );
        // awsx's name wins over aws-vault's; a hardware token's serial is a device too.
        let s = settings(&[
            ("AWSX_MFA_SERIAL", "GAHT12345678"),
            ("AWS_MFA_SERIAL", "arn:aws:iam::111111111111:mfa/jane"),
        ]);
        assert_eq!(
            s.mfa_serial.as_ref().map(MfaSerial::as_str),
            Some("GAHT12345678")
        );
        // AWSX_SESSION_DURATION wins over both of aws-vault's session TTLs.
        let s = settings(&[
            ("AWSX_SESSION_DURATION", "4h"),
            ("AWS_SESSION_TOKEN_TTL", "2h"),
            ("AWS_CHAINED_SESSION_TOKEN_TTL", "12h"),
        ]);
        assert_eq!(
            (s.session_seconds, s.chained_session_seconds),
            (Some(14_400), Some(14_400))
        );
    }

    #[test]
    fn bad_values_are_one_clear_error() {
        for (var, value) in [
            ("AWS_SESSION_TOKEN_TTL", "soon"),
            ("AWS_ASSUME_ROLE_TTL", "13h"),
            ("AWS_FEDERATION_TOKEN_TTL", "5m"),
            ("AWSX_SESSION_DURATION", "37h"),
            ("AWSX_LOCK_TIMEOUT", "abc"),
            ("AWSX_MFA_TIMEOUT", "0"),
            ("AWSX_PROCESS_TIMEOUT", "soon"),
            ("AWS_MIN_TTL", "5 minutes-ish"),
            ("AWSX_BACKEND", "pass"),
            ("AWS_MFA_SERIAL", "arn:aws:iam::111111111111:user/jane"),
            ("AWSX_MFA_SERIAL", "123456"),
            ("AWS_MFA_SERIAL", "jane doe"),
        ] {
            let err = Settings::from_env(&env(&[(var, value)]))
                .err()
                .unwrap_or_else(|| panic!("{var} accepted"));
            let shown = crate::report::render(&err);
            assert!(shown.starts_with(&format!("error: {var}")), "{shown}");
            assert!(shown.contains("\nhint: "), "{shown}");
        }
        for name in ["pass", "kwallet", "op", "proton-pass"] {
            let err = Settings::from_env(&env(&[("AWS_VAULT_BACKEND", name)]))
                .err()
                .expect("refused");
            let shown = crate::report::render(&err);
            assert!(
                shown.starts_with(&format!(
                    "error: AWS_VAULT_BACKEND={name}: awsx cannot keep its vault"
                )),
                "{shown}"
            );
            assert!(shown.contains("AWSX_BACKEND"), "{shown}");
        }
        assert_eq!(
            settings(&[("AWS_VAULT_PROMPT", "zenity")]).prompt,
            Prompt::Dialog(Dialog::Zenity)
        );
        assert_eq!(
            settings(&[("AWSX_PROMPT", "kdialog")]).prompt,
            Prompt::Dialog(Dialog::Kdialog)
        );
        let mac = settings(&[("AWS_VAULT_PROMPT", "osascript")]).prompt;
        let why = mac.unsupported().expect("unsupported");
        if !cfg!(target_os = "macos") {
            assert!(
                why.to_string()
                    .contains("AWS_VAULT_PROMPT=osascript: the osascript prompt is macOS's; it is not on this platform"),
                "{why}"
            );
        }
        let other = settings(&[("AWS_VAULT_PROMPT", "pinentry")]).prompt;
        let why = other.unsupported().expect("unsupported");
        assert!(
            why.to_string().contains("awsx has no pinentry prompt"),
            "{why}"
        );
        assert!(Prompt::Ykman.unsupported().is_none());
        assert!(Prompt::Dialog(Dialog::Zenity).unsupported().is_none());
    }
}
