//! The session cache's rules: which vault entry a step's result is cached under, what must
//! match for a hit, and when a cached session is still fresh enough to hand out.
//!
//! Pure: steps and entries in, names and decisions out. Reading and writing the entries is
//! the executor's business, through the vault.

use crate::plan::Step;
use crate::secret::CachedCredentials;

/// Cached credentials are reused while at least this much of their life is left, unless
/// `AWS_MIN_TTL` says otherwise (settings.rs).
pub const MIN_REMAINING_SECONDS: u64 = crate::settings::DEFAULT_MIN_TTL_SECONDS;

/// Where a step's result lives in the vault, and the fingerprint an entry must carry to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub name: String,
    pub fingerprint: String,
}

/// The vault entry a step's result is cached under, and what must match for a hit: the step's
/// parameters and the access key id of the long-term keys the chain starts from, so that a
/// session made from replaced keys is never used. `None`: the step is not cached.
pub fn slot(step: &Step, key_id: Option<&str>) -> Option<Slot> {
    let key = key_id.unwrap_or("-");
    match step {
        Step::SessionToken {
            profile,
            mfa_serial,
            ..
        } => Some(Slot {
            name: format!(
                "session sts.GetSessionToken {profile} {}",
                mfa_serial.as_ref().map_or("-", |m| m.as_str())
            ),
            fingerprint: format!("key={key}"),
        }),
        Step::AssumeRole {
            profile,
            role_arn,
            mfa_serial,
            external_id,
            role_session_name,
            duration_seconds,
            ..
        } => Some(Slot {
            name: format!("session sts.AssumeRole {profile}"),
            fingerprint: format!(
                "key={key}|{role_arn}|{}|{}|{}|{duration_seconds}",
                mfa_serial.as_ref().map_or("", |m| m.as_str()),
                external_id.as_deref().unwrap_or(""),
                role_session_name.as_deref().unwrap_or("")
            ),
        }),
        _ => None,
    }
}

/// The STS call a cached step stands for, as the vault's session records name it.
pub fn kind(step: &Step) -> &'static str {
    match step {
        Step::SessionToken { .. } => "sts.GetSessionToken",
        _ => "sts.AssumeRole",
    }
}

/// Whether `entry` may be handed out for `slot` at `now`: made from the same keys and
/// parameters, with at least `min_left` seconds of life left.
pub fn usable(entry: &CachedCredentials, slot: &Slot, now: u64, min_left: u64) -> bool {
    entry.expires_at >= now.saturating_add(min_left) && entry.fingerprint == slot.fingerprint
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(duration_seconds: u64) -> Step {
        Step::AssumeRole {
            profile: "infra".into(),
            role_arn: crate::types::RoleArn::parse("arn:aws:iam::050019655025:role/infra")
                .expect("valid"),
            mfa_serial: None,
            external_id: None,
            role_session_name: None,
            duration_seconds,
            session_name: "jane.doe".into(),
            source_identity: None,
            tags: Vec::new(),
            transitive_tag_keys: Vec::new(),
        }
    }

    #[test]
    fn slots_name_the_step_and_fingerprint_its_parameters() {
        let a = slot(&role(3600), Some("AKIA1")).expect("cached");
        assert_eq!(a.name, "session sts.AssumeRole infra");
        assert_eq!(
            a.fingerprint,
            "key=AKIA1|arn:aws:iam::050019655025:role/infra||||3600"
        );
        // Another duration or other keys: same slot, different fingerprint.
        assert_eq!(
            slot(&role(900), Some("AKIA1")).expect("cached").name,
            a.name
        );
        assert_ne!(slot(&role(900), Some("AKIA1")), Some(a.clone()));
        assert_ne!(slot(&role(3600), Some("AKIA2")), Some(a));
        assert_eq!(
            slot(
                &Step::VaultKeys {
                    profile: "p".into()
                },
                None
            ),
            None,
            "keys are not cached"
        );
    }
}
