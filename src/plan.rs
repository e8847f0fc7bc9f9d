//! The credential plan: which calls turn a profile chain into credentials.
//!
//! Pure: chain + options in, steps out. Follows the rules aws-vault's maintained fork settled on:
//! long-term keys get one MFA-backed GetSessionToken that every role sharing the base user and
//! MFA device reuses; roles are then assumed from that session without MFA; a single role asking
//! for more than an hour is assumed straight from the keys with MFA (AWS caps role sessions made
//! from temporary credentials at one hour); chained roles are capped at one hour.
//! Role ARNs and the MFA device are parsed here, once ([`RoleArn`], [`MfaSerial`]): a step to run
//! holds them typed, and a value STS would refuse fails the plan with its file and line, before
//! any code is asked for. `explain` gets the same steps as written ([`draft`]).
//! It does not talk to AWS and does not look at the cache. It also owns turning a profile name
//! into its chain and plan ([`chain_and_plan`]) and the plan-shaping options ([`options`]), so
//! that every command and the executor plan alike.

use crate::config::{Base, Chain, Config, RoleHop, chain};
use crate::error::Hinted;
use crate::types::{MfaSerial, RoleArn};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Display;

/// GetSessionToken's default lifetimes, aws-vault's: 1 h when no role follows, 8 h when roles
/// are assumed with the session (see settings.rs).
pub use crate::settings::{DEFAULT_CHAINED_SESSION_SECONDS, DEFAULT_SESSION_SECONDS};
/// AssumeRole's default lifetime.
pub const DEFAULT_ROLE_SECONDS: u64 = 3600;
/// AWS's cap on role sessions created from temporary credentials ("role chaining").
pub const CHAINED_ROLE_MAX_SECONDS: u64 = 3600;

#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// `--no-session`: never call GetSessionToken.
    pub no_session: bool,
    /// `--duration`, for the final credentials.
    pub duration: Option<u64>,
    /// For GetSessionToken when no role follows (`AWSX_SESSION_DURATION`, else
    /// `AWS_SESSION_TOKEN_TTL`).
    pub session_duration: Option<u64>,
    /// For GetSessionToken when roles follow (`AWSX_SESSION_DURATION`, else
    /// `AWS_CHAINED_SESSION_TOKEN_TTL`).
    pub chained_session_duration: Option<u64>,
    /// For every AssumeRole, over the profiles' `duration_seconds` (`AWS_ASSUME_ROLE_TTL`, which
    /// aws-vault lets win over the config file).
    pub role_duration: Option<u64>,
    /// The MFA device for the whole chain, over the profiles' `mfa_serial` (`AWSX_MFA_SERIAL`,
    /// else `AWS_MFA_SERIAL`, which wins in aws-vault too).
    pub mfa_serial: Option<MfaSerial>,
}

/// One step, serialised exactly as `awsx explain --json` documents it.
///
/// A step to execute is a `Step` (the defaults): its role ARN and MFA device are parsed, so the
/// executor sends them as they are. [`DraftStep`] holds them as written, for `explain`, which
/// shows a plan even when a value would be refused: the SDKs' shared-config test vectors (see
/// `/work/shared/conformance`) plan roles such as `arn:aws:iam::123456789:role/RoleA`, whose
/// account is not 12 digits, and the SDKs, like STS, only refuse them when the call is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step<Arn = RoleArn, Serial = MfaSerial> {
    VaultKeys {
        profile: String,
    },
    StaticKeys {
        profile: String,
        access_key_id: String,
    },
    CredentialProcess {
        profile: String,
        command: String,
    },
    CredentialSource {
        profile: String,
        name: String,
    },
    WebIdentity {
        profile: String,
        role_arn: String,
        web_identity_token_file: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        role_session_name: Option<String>,
    },
    Sso {
        profile: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        sso_session: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sso_start_url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sso_region: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sso_account_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sso_role_name: Option<String>,
    },
    SessionToken {
        profile: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        mfa_serial: Option<Serial>,
        duration_seconds: u64,
    },
    AssumeRole {
        profile: String,
        role_arn: Arn,
        #[serde(skip_serializing_if = "Option::is_none")]
        mfa_serial: Option<Serial>,
        #[serde(skip_serializing_if = "Option::is_none")]
        external_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        role_session_name: Option<String>,
        duration_seconds: u64,
        /// The RoleSessionName sent: `role_session_name`, else [`default_session_name`].
        #[serde(skip)]
        session_name: String,
        #[serde(skip)]
        source_identity: Option<String>,
        /// `session_tags`, parsed.
        #[serde(skip)]
        tags: Vec<(String, String)>,
        /// `transitive_session_tags`, parsed.
        #[serde(skip)]
        transitive_tag_keys: Vec<String>,
    },
}

/// A step with its role ARN and MFA device as written in the config (see [`Step`]).
pub type DraftStep = Step<String, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan<Arn = RoleArn, Serial = MfaSerial> {
    pub steps: Vec<Step<Arn, Serial>>,
    /// Things the user should know, e.g. a duration that had to be capped.
    pub warnings: Vec<String>,
}

/// A plan of [`DraftStep`]s: what `explain` shows.
pub type Draft = Plan<String, String>;

/// A role profile setting the plan cannot use. `config check` reports the same settings with
/// their file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(
        "profile `{profile}` has duration_seconds `{value}`, which is not a whole number of seconds"
    )]
    Duration { profile: String, value: String },
    #[error("profile `{profile}`: {message}")]
    SessionTags { profile: String, message: String },
    /// A lifetime STS would refuse, from `--duration` or the profile's `duration_seconds`.
    #[error("profile `{profile}`: {what}: {message}")]
    Lifetime {
        profile: String,
        what: &'static str,
        message: String,
        range: String,
    },
    #[error("profile `{profile}`: role_arn `{value}` is not a role ARN")]
    RoleArn { profile: String, value: String },
    #[error("profile `{profile}`: mfa_serial `{value}` is not an MFA device ARN or serial number")]
    MfaSerial { profile: String, value: String },
}

impl PlanError {
    pub fn profile(&self) -> &str {
        match self {
            PlanError::Duration { profile, .. }
            | PlanError::SessionTags { profile, .. }
            | PlanError::Lifetime { profile, .. }
            | PlanError::RoleArn { profile, .. }
            | PlanError::MfaSerial { profile, .. } => profile,
        }
    }

    /// The config key whose value is wrong.
    pub fn key(&self) -> &'static str {
        match self {
            PlanError::Duration { .. } | PlanError::Lifetime { .. } => "duration_seconds",
            PlanError::SessionTags { .. } => "session_tags",
            PlanError::RoleArn { .. } => "role_arn",
            PlanError::MfaSerial { .. } => "mfa_serial",
        }
    }
}

impl crate::error::Hint for PlanError {
    fn hint(&self) -> String {
        match self {
            PlanError::Duration { .. } => {
                "write duration_seconds as a number of seconds, e.g. 3600".into()
            }
            PlanError::Lifetime { what, range, .. } => format!("ask for {range} with {what}"),
            PlanError::SessionTags { .. } => "write session_tags = key1=value1,key2=value2".into(),
            PlanError::RoleArn { .. } => crate::types::ROLE_ARN_HINT.into(),
            PlanError::MfaSerial { .. } => crate::types::MFA_SERIAL_HINT.into(),
        }
    }
}

fn base_step<A, S>(base: &Base) -> Step<A, S> {
    let s = |v: &Option<String>| v.clone();
    match base {
        Base::VaultKeys { profile } => Step::VaultKeys {
            profile: profile.clone(),
        },
        Base::StaticKeys {
            profile,
            access_key_id,
            ..
        } => Step::StaticKeys {
            profile: profile.clone(),
            access_key_id: access_key_id.clone(),
        },
        Base::CredentialProcess { profile, command } => Step::CredentialProcess {
            profile: profile.clone(),
            command: command.clone(),
        },
        Base::CredentialSource { profile, name } => Step::CredentialSource {
            profile: profile.clone(),
            name: name.clone(),
        },
        Base::WebIdentity {
            profile,
            role_arn,
            token_file,
            role_session_name,
        } => Step::WebIdentity {
            profile: profile.clone(),
            role_arn: role_arn.clone(),
            web_identity_token_file: token_file.clone(),
            role_session_name: s(role_session_name),
        },
        Base::Sso {
            profile,
            sso_session,
            start_url,
            region,
            account_id,
            role_name,
        } => Step::Sso {
            profile: profile.clone(),
            sso_session: s(sso_session),
            sso_start_url: s(start_url),
            sso_region: s(region),
            sso_account_id: s(account_id),
            sso_role_name: s(role_name),
        },
    }
}

/// The MFA device for a chain as written, with the profile that names it: the nearest one to
/// the target profile, as aws-vault reads `mfa_serial` from the role profile (the seed configs
/// put it there) or the base profile.
fn nearest_mfa<'a>(chain: &'a Chain, base_mfa: Option<&'a str>) -> Option<(&'a str, &'a str)> {
    chain
        .roles
        .iter()
        .rev()
        .find_map(|r| Some((r.profile.as_str(), r.mfa_serial.as_deref()?)))
        .or_else(|| base_mfa.map(|m| (chain.base.profile(), m)))
}

/// The MFA device the plan uses: `options`' (the environment's, parsed already), else the
/// chain's nearest, parsed here.
fn mfa_device(
    chain: &Chain,
    base_mfa: Option<&str>,
    options: &PlanOptions,
) -> Result<Option<MfaSerial>, PlanError> {
    if let Some(serial) = &options.mfa_serial {
        return Ok(Some(serial.clone()));
    }
    nearest_mfa(chain, base_mfa)
        .map(|(profile, text)| {
            MfaSerial::parse(text).ok_or_else(|| PlanError::MfaSerial {
                profile: profile.to_string(),
                value: text.to_string(),
            })
        })
        .transpose()
}

fn role_arn(role: &RoleHop) -> Result<RoleArn, PlanError> {
    RoleArn::parse(&role.role_arn).ok_or_else(|| PlanError::RoleArn {
        profile: role.profile.clone(),
        value: role.role_arn.clone(),
    })
}

/// Build the plan: every role ARN and the MFA device are parsed here, once; a value STS would
/// refuse fails the plan, naming its profile, before any secret is read or any code asked for.
/// `base_mfa` is the base profile's own `mfa_serial`, if any.
pub fn plan(
    chain: &Chain,
    base_mfa: Option<&str>,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    let arns = chain
        .roles
        .iter()
        .map(role_arn)
        .collect::<Result<Vec<_>, _>>()?;
    let mfa = mfa_device(chain, base_mfa, options)?;
    build(chain, options, arns, mfa)
}

/// The plan as [`plan`] makes it, with role ARNs and the MFA device as written, unchecked:
/// what `explain` shows (see [`Step`]).
pub fn draft(
    chain: &Chain,
    base_mfa: Option<&str>,
    options: &PlanOptions,
) -> Result<Draft, PlanError> {
    let arns = chain.roles.iter().map(|r| r.role_arn.clone()).collect();
    let mfa = match &options.mfa_serial {
        Some(serial) => Some(serial.to_string()),
        None => nearest_mfa(chain, base_mfa).map(|(_, m)| m.to_string()),
    };
    build(chain, options, arns, mfa)
}

/// The plan for a session of the base user alone, for commands that act as that user (`rotate`
/// calls IAM with it, since IAM policies often demand MFA): the base credentials, then one
/// GetSessionToken with the chain's MFA device, for [`DEFAULT_SESSION_SECONDS`]. Its session is
/// cached in the same slot as the one `exec` makes for the base profile.
pub fn base_session(
    chain: &Chain,
    base_mfa: Option<&str>,
    options: &PlanOptions,
) -> Result<Plan, PlanError> {
    Ok(Plan {
        steps: vec![
            base_step(&chain.base),
            Step::SessionToken {
                profile: chain.base.profile().to_string(),
                mfa_serial: mfa_device(chain, base_mfa, options)?,
                duration_seconds: DEFAULT_SESSION_SECONDS,
            },
        ],
        warnings: Vec::new(),
    })
}

/// The rules, for any representation of role ARNs and MFA devices (`arns`: one per role).
fn build<A: Clone, S: Clone + AsRef<str>>(
    chain: &Chain,
    options: &PlanOptions,
    arns: Vec<A>,
    mfa: Option<S>,
) -> Result<Plan<A, S>, PlanError> {
    let mut steps = vec![base_step(&chain.base)];
    let mut warnings = Vec::new();
    let keys = chain.base.is_long_term_keys();

    // `--duration` shapes the credentials handed out: the last role's. Roles on the way keep
    // their own `duration_seconds`.
    let last = chain.roles.len().saturating_sub(1);
    let role_durations = chain
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let configured = match &r.duration_seconds {
                Some(v) => Some(v.trim().parse::<u64>().map_err(|_| PlanError::Duration {
                    profile: r.profile.clone(),
                    value: v.clone(),
                })?),
                None => None,
            };
            let flag = if i == last { options.duration } else { None };
            let (seconds, what) = match (flag, options.role_duration, configured) {
                (Some(d), _, _) => (d, "--duration"),
                // From the settings, which checked it already.
                (None, Some(d), _) => (d, "AWS_ASSUME_ROLE_TTL"),
                (None, None, Some(d)) => (d, "duration_seconds"),
                (None, None, None) => (DEFAULT_ROLE_SECONDS, "the default"),
            };
            lifetime(crate::duration::ASSUME_ROLE, seconds, &r.profile, what)
        })
        .collect::<Result<Vec<u64>, PlanError>>()?;

    // One role wanting more than the chaining cap is assumed straight from the keys with MFA.
    let direct_long_role = chain.roles.len() == 1 && role_durations[0] > CHAINED_ROLE_MAX_SECONDS;
    let use_session = keys && !options.no_session && !direct_long_role;
    if use_session {
        let duration = if chain.roles.is_empty() {
            match options.duration {
                Some(d) => lifetime(
                    crate::duration::SESSION_TOKEN,
                    d,
                    chain.base.profile(),
                    "--duration",
                )?,
                None => options.session_duration.unwrap_or(DEFAULT_SESSION_SECONDS),
            }
        } else {
            options
                .chained_session_duration
                .unwrap_or(DEFAULT_CHAINED_SESSION_SECONDS)
        };
        steps.push(Step::SessionToken {
            profile: chain.base.profile().to_string(),
            mfa_serial: mfa.clone(),
            duration_seconds: duration,
        });
    }

    // MFA goes on the first call that uses the long-term credentials, unless a session did.
    let session_name = default_session_name(mfa.as_ref().map(AsRef::as_ref), chain.base.profile());
    let mut mfa_pending = if use_session { None } else { mfa };
    let chained = chain.roles.len() > 1 || use_session;
    for ((role, duration), role_arn) in chain.roles.iter().zip(role_durations).zip(arns) {
        let duration = if chained && duration > CHAINED_ROLE_MAX_SECONDS {
            warnings.push(format!(
                "role {} is reached through temporary credentials, so AWS caps its session at 1h (asked for {})",
                role.profile,
                crate::duration::format_short(duration)
            ));
            CHAINED_ROLE_MAX_SECONDS
        } else {
            duration
        };
        let tags = match role.session_tags.as_deref() {
            Some(text) => crate::types::parse_session_tags(text).map_err(|message| {
                PlanError::SessionTags {
                    profile: role.profile.clone(),
                    message,
                }
            })?,
            None => Vec::new(),
        };
        steps.push(Step::AssumeRole {
            profile: role.profile.clone(),
            role_arn,
            mfa_serial: mfa_pending.take(),
            external_id: role.external_id.clone(),
            role_session_name: role.role_session_name.clone(),
            duration_seconds: duration,
            session_name: role
                .role_session_name
                .clone()
                .unwrap_or_else(|| session_name.clone()),
            source_identity: role.source_identity.clone(),
            tags,
            transitive_tag_keys: role
                .transitive_session_tags
                .as_deref()
                .map(crate::types::parse_tag_keys)
                .unwrap_or_default(),
        });
    }
    Ok(Plan { steps, warnings })
}

/// `seconds` when the STS call takes it; else which setting asked for what.
fn lifetime(
    limits: crate::duration::Limits,
    seconds: u64,
    profile: &str,
    what: &'static str,
) -> Result<u64, PlanError> {
    limits
        .check(seconds)
        .map_err(|message| PlanError::Lifetime {
            profile: profile.to_string(),
            what,
            message,
            range: limits.range(),
        })
}

/// Plan options from the plan-shaping flags and the environment's settings.
pub fn options(
    settings: &crate::settings::Settings,
    no_session: bool,
    duration: Option<&str>,
) -> anyhow::Result<PlanOptions> {
    let duration = duration
        .map(|d| {
            crate::duration::parse_seconds(d).map_err(|e| {
                Hinted::new(
                    format!("--duration: {e}"),
                    "write a duration such as 3600, 1h or 1h30m",
                )
            })
        })
        .transpose()?;
    Ok(PlanOptions {
        no_session,
        duration,
        session_duration: settings.session_seconds,
        chained_session_duration: settings.chained_session_seconds,
        role_duration: settings.role_seconds,
        mfa_serial: settings.mfa_serial.clone(),
    })
}

/// Resolve `profile` in the config (with the profiles that have keys in the vault) and plan it.
pub fn chain_and_plan(
    config: &Config,
    vault: &BTreeSet<String>,
    profile: &str,
    options: &PlanOptions,
) -> anyhow::Result<(Chain, Plan)> {
    let chain = chain::resolve(&config.set, profile, vault)?;
    let plan = plan(&chain, base_mfa(config, &chain), options).map_err(|e| hinted(config, e))?;
    Ok((chain, plan))
}

/// [`chain_and_plan`] with the [`draft`] plan, for `explain`; and the plan itself (the same
/// steps, parsed), or the error it fails with, which `explain` shows as a warning.
pub fn chain_and_draft(
    config: &Config,
    vault: &BTreeSet<String>,
    profile: &str,
    options: &PlanOptions,
) -> anyhow::Result<(Chain, Draft, Result<Plan, Hinted>)> {
    let chain = chain::resolve(&config.set, profile, vault)?;
    let base_mfa = base_mfa(config, &chain);
    let draft = draft(&chain, base_mfa, options).map_err(|e| hinted(config, e))?;
    let checked = plan(&chain, base_mfa, options).map_err(|e| hinted(config, e));
    Ok((chain, draft, checked))
}

/// [`base_session`] for a chain resolved in `config`.
pub fn chain_and_base_session(
    config: &Config,
    chain: &Chain,
    options: &PlanOptions,
) -> anyhow::Result<Plan> {
    Ok(base_session(chain, base_mfa(config, chain), options).map_err(|e| hinted(config, e))?)
}

/// The base profile's own `mfa_serial`.
fn base_mfa<'a>(config: &'a Config, chain: &Chain) -> Option<&'a str> {
    config
        .set
        .lookup(chain.base.profile(), "mfa_serial")
        .map(|v| v.value.as_str())
}

/// A plan error as printed. A role ARN or MFA device that does not parse is named with the file
/// and line it was written on, as `config check` names it.
fn hinted(config: &Config, e: PlanError) -> Hinted {
    // Every error is about one setting of one profile, except a `--duration` out of range.
    let from_config =
        !matches!(&e, PlanError::Lifetime { what, .. } if *what != "duration_seconds");
    let at = from_config
        .then(|| config.set.lookup(e.profile(), e.key()))
        .flatten()
        .map(|v| format!("{}: ", config.location(v.origin)))
        .unwrap_or_default();
    Hinted::new(format!("{at}{e}"), crate::error::Hint::hint(&e))
}

/// A name STS accepts for RoleSessionName (`[\w+=,.@-]{2,64}`): from the MFA device's name
/// (usually the person's user name), else the base profile.
pub fn default_session_name(mfa_serial: Option<&str>, base_profile: &str) -> String {
    let source = mfa_serial
        .and_then(|s| s.rsplit('/').next())
        .filter(|s| !s.is_empty())
        .unwrap_or(base_profile);
    let mut name: String = source
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_+=,.@-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if name.len() < 2 {
        name = format!("awsx-{name}");
    }
    name
}

/// One human line per step, numbered: the text of `awsx explain`.
pub fn describe<A: Display, S: Display>(step: &Step<A, S>) -> String {
    use crate::duration::format_short as d;
    let mfa = |m: &Option<S>| {
        m.as_ref()
            .map(|m| format!(" with MFA {m}"))
            .unwrap_or_default()
    };
    match step {
        Step::VaultKeys { profile } => format!("keys for {profile} from the vault"),
        Step::StaticKeys {
            profile,
            access_key_id,
        } => format!(
            "keys for {profile} from the shared credentials/config file ({})",
            crate::secret::mask(access_key_id)
        ),
        Step::CredentialProcess { profile, command } => {
            format!("credential_process of {profile}: {command}")
        }
        Step::CredentialSource { profile, name } => {
            format!("credential_source {name} (for {profile})")
        }
        Step::WebIdentity {
            role_arn,
            web_identity_token_file,
            ..
        } => format!("AssumeRoleWithWebIdentity {role_arn} with token {web_identity_token_file}"),
        Step::Sso {
            profile,
            sso_session,
            sso_start_url,
            sso_account_id,
            sso_role_name,
            ..
        } => {
            let mut s = format!("AWS IAM Identity Center (SSO) for {profile}");
            if let Some(session) = sso_session {
                s.push_str(&format!(", sso-session {session}"));
            }
            if let Some(url) = sso_start_url {
                s.push_str(&format!(", {url}"));
            }
            if let (Some(a), Some(r)) = (sso_account_id, sso_role_name) {
                s.push_str(&format!(", role {r} in {a}"));
            }
            s
        }
        Step::SessionToken {
            mfa_serial,
            duration_seconds,
            ..
        } => format!(
            "GetSessionToken{} ({})",
            mfa(mfa_serial),
            d(*duration_seconds)
        ),
        Step::AssumeRole {
            role_arn,
            mfa_serial,
            external_id,
            duration_seconds,
            ..
        } => {
            let external = external_id
                .as_ref()
                .map(|e| format!(", external id {e}"))
                .unwrap_or_default();
            format!(
                "AssumeRole {role_arn}{}{external} ({})",
                mfa(mfa_serial),
                d(*duration_seconds)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::RoleHop;

    const MFA: &str = "arn:aws:iam::398263320410:mfa/jane.doe";

    fn vault_chain(roles: &[(&str, Option<&str>, Option<&str>)]) -> Chain {
        Chain {
            base: Base::VaultKeys {
                profile: "gds-users".into(),
            },
            roles: roles
                .iter()
                .map(|(name, mfa, duration)| RoleHop {
                    profile: name.to_string(),
                    role_arn: format!("arn:aws:iam::050019655025:role/{name}"),
                    mfa_serial: mfa.map(str::to_string),
                    duration_seconds: duration.map(str::to_string),
                    ..RoleHop::default()
                })
                .collect(),
        }
    }

    /// Each step as (kind, mfa?, duration) for compact tables.
    fn shape(plan: &Plan) -> Vec<(&'static str, bool, u64)> {
        plan.steps
            .iter()
            .map(|s| match s {
                Step::VaultKeys { .. } => ("vault", false, 0),
                Step::SessionToken {
                    mfa_serial,
                    duration_seconds,
                    ..
                } => ("session", mfa_serial.is_some(), *duration_seconds),
                Step::AssumeRole {
                    mfa_serial,
                    duration_seconds,
                    ..
                } => ("role", mfa_serial.is_some(), *duration_seconds),
                _ => ("other", false, 0),
            })
            .collect()
    }

    #[test]
    fn rules() {
        let opts = PlanOptions::default();
        let no_session = PlanOptions {
            no_session: true,
            ..PlanOptions::default()
        };
        let long = PlanOptions {
            duration: Some(4 * 3600),
            ..PlanOptions::default()
        };
        type Case<'a> = (
            Chain,
            Option<&'a str>,
            &'a PlanOptions,
            Vec<(&'static str, bool, u64)>,
        );
        let cases: Vec<Case> = vec![
            // Base profile: one session, MFA from the base profile.
            (
                vault_chain(&[]),
                Some(MFA),
                &opts,
                vec![("vault", false, 0), ("session", true, 3600)],
            ),
            (
                vault_chain(&[]),
                None,
                &no_session,
                vec![("vault", false, 0)],
            ),
            // One role: MFA on the session, none on the role.
            (
                vault_chain(&[("infra", Some(MFA), None)]),
                None,
                &opts,
                vec![
                    ("vault", false, 0),
                    ("session", true, 28800),
                    ("role", false, 3600),
                ],
            ),
            // One role wanting 4h: straight from the keys, with MFA.
            (
                vault_chain(&[("infra", Some(MFA), None)]),
                None,
                &long,
                vec![("vault", false, 0), ("role", true, 14400)],
            ),
            (
                vault_chain(&[("infra", Some(MFA), Some("7200"))]),
                None,
                &opts,
                vec![("vault", false, 0), ("role", true, 7200)],
            ),
            // --no-session: MFA on the role.
            (
                vault_chain(&[("infra", Some(MFA), None)]),
                None,
                &no_session,
                vec![("vault", false, 0), ("role", true, 3600)],
            ),
            // Two roles: session, then both capped at 1h.
            (
                vault_chain(&[("a", Some(MFA), None), ("b", None, None)]),
                None,
                &long,
                vec![
                    ("vault", false, 0),
                    ("session", true, 28800),
                    ("role", false, 3600),
                    ("role", false, 3600),
                ],
            ),
        ];
        for (i, (chain, base_mfa, opts, want)) in cases.iter().enumerate() {
            let plan = plan(chain, *base_mfa, opts).expect("plans");
            assert_eq!(&shape(&plan), want, "case {i}");
        }
    }

    #[test]
    fn role_steps_carry_everything_the_call_needs() {
        let mut chain = vault_chain(&[("infra", Some(MFA), None)]);
        chain.roles[0].session_tags = Some("team=infra, env=prod".into());
        chain.roles[0].transitive_session_tags = Some("team".into());
        chain.roles[0].source_identity = Some("jane".into());
        let plan = plan(&chain, None, &PlanOptions::default()).expect("plans");
        let Some(Step::AssumeRole {
            session_name,
            source_identity,
            tags,
            transitive_tag_keys,
            ..
        }) = plan.steps.last()
        else {
            panic!("no role step: {plan:?}");
        };
        assert_eq!(session_name, "jane.doe", "named after the MFA device");
        assert_eq!(source_identity.as_deref(), Some("jane"));
        assert_eq!(
            tags,
            &[
                ("team".to_string(), "infra".to_string()),
                ("env".to_string(), "prod".to_string())
            ]
        );
        assert_eq!(transitive_tag_keys, &["team".to_string()]);
        // A configured name wins; bad tags fail the plan, naming the profile.
        chain.roles[0].role_session_name = Some("ci".into());
        let plan = super::plan(&chain, None, &PlanOptions::default()).expect("plans");
        assert!(
            matches!(plan.steps.last(), Some(Step::AssumeRole { session_name, .. }) if session_name == "ci")
        );
        chain.roles[0].session_tags = Some("team".into());
        let err = super::plan(&chain, None, &PlanOptions::default()).expect_err("bad tags");
        assert_eq!(
            err.to_string(),
            "profile `infra`: session_tags entry \"team\" is not key=value"
        );
    }

    #[test]
    fn role_arns_and_mfa_devices_are_parsed_once_here() {
        let mut chain = vault_chain(&[("infra", Some(MFA), None)]);
        let plan = plan(&chain, None, &PlanOptions::default()).expect("plans");
        let Some(Step::AssumeRole { role_arn, .. }) = plan.steps.last() else {
            panic!("no role step: {plan:?}");
        };
        assert_eq!(
            (role_arn.account.as_str(), role_arn.name_with_path.as_str()),
            ("050019655025", "infra")
        );
        assert!(matches!(
            &plan.steps[1],
            Step::SessionToken { mfa_serial: Some(m), .. } if m.as_str() == MFA
        ));

        // A role ARN that is not one fails the plan, naming the profile; the draft keeps it.
        chain.roles[0].role_arn = "arn:aws:iam::123456789:role/RoleA".into();
        let err = super::plan(&chain, None, &PlanOptions::default()).expect_err("bad arn");
        assert_eq!(
            err,
            PlanError::RoleArn {
                profile: "infra".into(),
                value: "arn:aws:iam::123456789:role/RoleA".into()
            }
        );
        assert_eq!(err.key(), "role_arn");
        let draft = draft(&chain, None, &PlanOptions::default()).expect("drafts");
        assert!(matches!(
            draft.steps.last(),
            Some(Step::AssumeRole { role_arn, .. }) if role_arn == "arn:aws:iam::123456789:role/RoleA"
        ));
        assert_eq!(draft.steps.len(), 3, "keys, session, role: {draft:?}");

        // The device in use must be one; from the base profile too.
        let mut chain =
            vault_chain(&[("infra", Some("arn:aws:iam::398263320410:user/jane"), None)]);
        let err = super::plan(&chain, None, &PlanOptions::default()).expect_err("bad mfa");
        assert!(
            matches!(&err, PlanError::MfaSerial { profile, .. } if profile == "infra"),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "profile `infra`: mfa_serial `arn:aws:iam::398263320410:user/jane` is not an MFA device ARN or serial number"
        );
        chain.roles[0].mfa_serial = None;
        let err = super::plan(&chain, Some("123"), &PlanOptions::default()).expect_err("bad");
        assert!(
            matches!(&err, PlanError::MfaSerial { profile, .. } if profile == "gds-users"),
            "{err:?}"
        );
        // The environment's device (parsed in settings) wins, so the config's is not used.
        let env_device = PlanOptions {
            mfa_serial: MfaSerial::parse("GAHT12345678"),
            ..PlanOptions::default()
        };
        let plan = super::plan(&chain, Some("123"), &env_device).expect("plans");
        assert!(matches!(
            &plan.steps[1],
            Step::SessionToken { mfa_serial: Some(m), .. } if m.as_str() == "GAHT12345678"
        ));
    }

    #[test]
    fn the_draft_is_the_plan_as_written() {
        let opts = PlanOptions {
            duration: Some(4 * 3600),
            ..PlanOptions::default()
        };
        for chain in [
            vault_chain(&[]),
            vault_chain(&[("infra", Some(MFA), None)]),
            vault_chain(&[("a", Some(MFA), Some("7200")), ("b", None, None)]),
        ] {
            for base_mfa in [None, Some(MFA)] {
                let typed = plan(&chain, base_mfa, &opts).expect("plans");
                let draft = draft(&chain, base_mfa, &opts).expect("drafts");
                assert_eq!(
                    serde_json::to_value(&typed.steps).expect("json"),
                    serde_json::to_value(&draft.steps).expect("json")
                );
                assert_eq!(typed.warnings, draft.warnings);
                assert_eq!(
                    typed.steps.iter().map(describe).collect::<Vec<_>>(),
                    draft.steps.iter().map(describe).collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn a_base_session_is_the_keys_then_one_session_with_the_chains_device() {
        // rotate's plan: whatever the chain above the base user, and however long its roles.
        let chain = vault_chain(&[("a", None, Some("7200")), ("b", Some(MFA), None)]);
        let plan = base_session(&chain, None, &PlanOptions::default()).expect("plans");
        assert_eq!(
            plan.steps,
            [
                Step::VaultKeys {
                    profile: "gds-users".into()
                },
                Step::SessionToken {
                    profile: "gds-users".into(),
                    mfa_serial: MfaSerial::parse(MFA),
                    duration_seconds: DEFAULT_SESSION_SECONDS,
                },
            ]
        );
        assert!(plan.warnings.is_empty());
        // The base profile's own device, when no role names one; none at all is fine.
        let chain = vault_chain(&[]);
        let plan = base_session(&chain, Some("GAHT12345678"), &PlanOptions::default()).expect("ok");
        assert!(matches!(
            &plan.steps[1],
            Step::SessionToken { mfa_serial: Some(m), .. } if m.as_str() == "GAHT12345678"
        ));
        let plan = base_session(&chain, None, &PlanOptions::default()).expect("ok");
        assert!(matches!(
            &plan.steps[1],
            Step::SessionToken {
                mfa_serial: None,
                ..
            }
        ));
        // A device that is not one is refused here too.
        let err = base_session(&chain, Some("jane"), &PlanOptions::default()).expect_err("bad");
        assert!(matches!(err, PlanError::MfaSerial { .. }), "{err:?}");
    }

    #[test]
    fn capping_warns() {
        let chain = vault_chain(&[("a", Some(MFA), None), ("b", None, None)]);
        let opts = PlanOptions {
            duration: Some(7200),
            ..PlanOptions::default()
        };
        let plan = plan(&chain, None, &opts).expect("plans");
        assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
        assert!(plan.warnings[0].contains("role b is reached"));
        assert!(plan.warnings[0].contains("caps its session at 1h (asked for 2h)"));
    }

    #[test]
    fn bad_duration_is_an_error() {
        let chain = vault_chain(&[("a", None, Some("soon"))]);
        let err = plan(&chain, None, &PlanOptions::default()).expect_err("bad");
        assert!(matches!(err, PlanError::Duration { .. }), "{err:?}");
        assert_eq!(err.profile(), "a");
    }

    #[test]
    fn lifetimes_sts_would_refuse_are_refused_here() {
        use crate::error::Hint as _;
        let asking = |d: u64| PlanOptions {
            duration: Some(d),
            ..PlanOptions::default()
        };
        // --duration for a role: AssumeRole's 15m to 12h.
        let role = vault_chain(&[("infra", Some(MFA), None)]);
        let err = plan(&role, None, &asking(13 * 3600)).expect_err("too long");
        assert_eq!(
            err.to_string(),
            "profile `infra`: --duration: 13h is longer than AssumeRole allows (15m to 12h)"
        );
        assert_eq!(err.hint(), "ask for 15m to 12h with --duration");
        assert!(plan(&role, None, &asking(12 * 3600)).is_ok());
        assert!(plan(&role, None, &asking(600)).is_err());
        // For the base user: GetSessionToken's 15m to 36h.
        let user = vault_chain(&[]);
        assert!(plan(&user, Some(MFA), &asking(36 * 3600)).is_ok());
        let err = plan(&user, Some(MFA), &asking(37 * 3600)).expect_err("too long");
        assert!(
            err.to_string()
                .contains("GetSessionToken allows (15m to 36h)"),
            "{err}"
        );
        // A profile's duration_seconds, which config check reports with its line too.
        let configured = vault_chain(&[("infra", Some(MFA), Some("99999"))]);
        let err = plan(&configured, None, &PlanOptions::default()).expect_err("too long");
        assert!(
            matches!(
                err,
                PlanError::Lifetime {
                    what: "duration_seconds",
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.key(), "duration_seconds");
        // The flag wins over the profile's value, as it did before.
        assert!(plan(&configured, None, &asking(3600)).is_ok());
    }

    #[test]
    fn json_omits_unset_fields() {
        let step: DraftStep = Step::AssumeRole {
            profile: "p".into(),
            role_arn: "arn".into(),
            mfa_serial: None,
            external_id: Some("x".into()),
            role_session_name: None,
            duration_seconds: 3600,
            session_name: "jane.doe".into(),
            source_identity: Some("jane".into()),
            tags: vec![("team".into(), "infra".into())],
            transitive_tag_keys: vec!["team".into()],
        };
        assert_eq!(
            serde_json::to_string(&step).expect("json"),
            r#"{"kind":"assume_role","profile":"p","role_arn":"arn","external_id":"x","duration_seconds":3600}"#
        );
    }

    #[test]
    fn human_lines() {
        let chain = vault_chain(&[("infra", Some(MFA), None)]);
        let plan = plan(&chain, None, &PlanOptions::default()).expect("plans");
        let lines: Vec<String> = plan.steps.iter().map(describe).collect();
        assert_eq!(
            lines,
            [
                "keys for gds-users from the vault".to_string(),
                format!("GetSessionToken with MFA {MFA} (8h)"),
                "AssumeRole arn:aws:iam::050019655025:role/infra (1h)".to_string(),
            ]
        );
    }

    #[test]
    fn session_names_are_valid_for_sts() {
        assert_eq!(
            default_session_name(Some("arn:aws:iam::398263320410:mfa/jane.doe"), "gds-users"),
            "jane.doe"
        );
        assert_eq!(default_session_name(None, "gds users/x"), "gds-users-x");
        assert_eq!(default_session_name(None, "a"), "awsx-a");
        assert_eq!(default_session_name(None, &"x".repeat(100)).len(), 64);
    }

    /// Thousands of damaged configs through everything that reads one, from text to plan:
    /// each is an answer or an error, never a panic.
    #[test]
    fn mutated_configs_never_panic() {
        use crate::config::{ProfileSet, chain, check};
        let seed = include_str!("../examples/gds-config").to_string()
            + "[profile tagged]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/t\n\
               session_tags = a=b,c=d\ntransitive_session_tags = a\nduration_seconds = 7200\n\
               [sso-session s]\nsso_start_url = https://x\n[profile p]\ncredential_process = echo\n";
        let vault: BTreeSet<String> = ["gds-users".to_string()].into();
        let mut rng = crate::testing::Rng::new(0x00c0_ffee);
        for _ in 0..3000 {
            let text = crate::testing::mutate(&mut rng, &seed);
            let Ok(set) = ProfileSet::from_texts(&text, "") else {
                continue;
            };
            let _ = check::check(&set, &vault);
            let names: Vec<String> = set.profiles.keys().cloned().collect();
            for name in names {
                if let Ok(chain) = chain::resolve(&set, &name, &vault) {
                    let base_mfa = set
                        .lookup(chain.base.profile(), "mfa_serial")
                        .map(|v| v.value.as_str());
                    let opts = PlanOptions::default();
                    let (typed, draft) = (
                        plan(&chain, base_mfa, &opts),
                        draft(&chain, base_mfa, &opts),
                    );
                    // The draft fails only where the plan does.
                    assert!(draft.is_ok() || typed.is_err(), "{text:?}");
                    let _ = base_session(&chain, base_mfa, &opts);
                }
            }
        }
    }
}
