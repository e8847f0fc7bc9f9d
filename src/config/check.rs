//! `awsx config check`: every problem in the config, each pointing at the line to fix.
//!
//! Pure: takes the merged profiles and the vault index, returns problems in file order. It only
//! reports; nothing here changes a file. Linear in the size of the config, however long its
//! chains (issue 9).

use super::chain::{self, ChainError, VaultIndex};
use super::known_keys;
use super::profile_set::{Origin, ProfileSet, Section};
use crate::types::{MFA_SERIAL_HINT, MfaSerial, ROLE_ARN_HINT, ROLE_DURATION_RANGE, RoleArn};
use std::collections::BTreeSet;

/// An error makes a profile fail or mean something else than written; a warning is something
/// that is probably a mistake but harms nothing else (a key nobody reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub origin: Origin,
    pub profile: String,
    pub severity: Severity,
    pub message: String,
    pub hint: String,
}

const CREDENTIAL_SOURCES: [&str; 3] = ["Environment", "Ec2InstanceMetadata", "EcsContainer"];

/// Check every profile. Problems are sorted by file and line.
pub fn check(set: &ProfileSet, vault: &dyn VaultIndex) -> Vec<Problem> {
    let mut problems = Vec::new();
    for section in set.profiles.values() {
        check_profile(set, section, vault, &mut problems);
        problems.extend(unknown_keys(section));
    }
    // Loops span profiles; report each loop once, at its profile that sorts first. Profiles
    // that only lead into a loop are fixed with it and are not reported again.
    let mut loops_seen: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for result in chain::resolve_all(set, vault).into_values() {
        let Err(ChainError::Loop(names)) = result else {
            continue;
        };
        let members: BTreeSet<String> = names.iter().cloned().collect();
        let Some(first) = members.first().cloned() else {
            continue;
        };
        if !loops_seen.insert(members) {
            continue;
        }
        // `names` runs round the loop and back to where it started: start it at `first`.
        let ring = &names[..names.len().saturating_sub(1)];
        let start = ring.iter().position(|n| *n == first).unwrap_or(0);
        let mut shown: Vec<&str> = ring[start..]
            .iter()
            .chain(&ring[..start])
            .map(String::as_str)
            .collect();
        shown.push(&first);
        let Some(section) = set.profile(&first) else {
            continue;
        };
        problems.push(Problem {
            origin: at(section, "source_profile"),
            profile: first.clone(),
            severity: Severity::Error,
            message: format!("source_profile forms a loop: {}", shown.join(" -> ")),
            hint: "end the chain at a profile with keys in the vault or `credential_source`".into(),
        });
    }
    for (origin, profile, message) in set.lenient_lines() {
        problems.push(Problem {
            origin,
            profile,
            severity: Severity::Warning,
            message: message.to_string(),
            hint: if message.starts_with("`key: value`") {
                "awsx reads it as the AWS CLI does; write `key = value` for every tool"
            } else if message.starts_with("text after") {
                "awsx reads it as the AWS CLI does; delete the text after `]` (or make it a comment) for every tool"
            } else if message.starts_with("`#` or `;`") {
                "rename the profile using letters, digits and - _ . / @ : + % only: awsx and the SDKs cannot use this name"
            } else {
                "awsx reads it as the AWS CLI does; remove the indentation for every tool"
            }
            .into(),
        });
    }
    problems.sort_by_key(|p| (p.origin.file, p.origin.line));
    problems
}

/// Keys in the profile that neither the AWS CLI/SDKs nor awsx read, with the known key each
/// most likely misspells. In file order.
pub fn unknown_keys(section: &Section) -> Vec<Problem> {
    let mut found: Vec<Problem> = section
        .properties
        .iter()
        .filter(|(key, _)| !known_keys::is_known(key))
        .map(|(key, value)| {
            let (message, hint) = match known_keys::nearest(key) {
                Some(known) => (
                    format!("unknown key `{key}`: did you mean {known}?"),
                    format!("nothing reads `{key}`, so it has no effect; rename it to {known}"),
                ),
                None => (
                    format!("unknown key `{key}`"),
                    "neither the AWS CLI nor awsx reads it, so it has no effect (keys other tools read can stay)"
                        .to_string(),
                ),
            };
            Problem {
                origin: value.origin,
                profile: section.name.clone(),
                severity: Severity::Warning,
                message,
                hint,
            }
        })
        .collect();
    found.sort_by_key(|p| (p.origin.file, p.origin.line));
    found
}

/// Where a key was written, or the section header if it is absent.
fn at(section: &Section, key: &str) -> Origin {
    section
        .properties
        .get(key)
        .map_or(section.origin, |v| v.origin)
}

fn check_profile(
    set: &ProfileSet,
    section: &Section,
    vault: &dyn VaultIndex,
    problems: &mut Vec<Problem>,
) {
    let name = &section.name;
    let mut report = |key: &str, message: String, hint: &str| {
        problems.push(Problem {
            origin: at(section, key),
            profile: name.clone(),
            severity: Severity::Error,
            message,
            hint: hint.to_string(),
        });
    };
    let get = |key: &str| section.get(key);

    if let Some(source) = get("source_profile")
        && source != name
        && set.profile(source).is_none()
        && !vault.has_keys(source)
    {
        report(
            "source_profile",
            format!("source_profile `{source}` is not defined"),
            &format!("add [profile {source}] or store its keys with `awsx add {source}`"),
        );
    }
    if let Some(arn) = get("role_arn")
        && RoleArn::parse(arn).is_none()
    {
        report(
            "role_arn",
            format!("role_arn `{arn}` is not a role ARN"),
            ROLE_ARN_HINT,
        );
    }
    if let Some(serial) = get("mfa_serial")
        && MfaSerial::parse(serial).is_none()
    {
        report(
            "mfa_serial",
            format!("mfa_serial `{serial}` is not an MFA device ARN or serial number"),
            MFA_SERIAL_HINT,
        );
    }
    let has_role = get("role_arn").is_some();
    let sources = [
        get("source_profile"),
        get("credential_source"),
        get("web_identity_token_file"),
    ];
    if has_role && sources.iter().all(Option::is_none) {
        report(
            "role_arn",
            "role_arn is set but nothing supplies credentials to assume it".into(),
            "add source_profile = <profile with keys> (or credential_source)",
        );
    }
    if get("source_profile").is_some() && get("credential_source").is_some() {
        report(
            "credential_source",
            "both source_profile and credential_source are set".into(),
            "keep only one of them",
        );
    }
    if let Some(source) = get("credential_source")
        && !CREDENTIAL_SOURCES.contains(&source)
    {
        report(
            "credential_source",
            format!(
                "credential_source `{source}` is not one of Environment, Ec2InstanceMetadata, EcsContainer"
            ),
            "use one of the three names, spelled exactly",
        );
    }
    if let Some(duration) = get("duration_seconds") {
        let ok = duration
            .parse::<u64>()
            .is_ok_and(|d| ROLE_DURATION_RANGE.contains(&d));
        if !ok {
            report(
                "duration_seconds",
                format!(
                    "duration_seconds `{duration}` is not a number of seconds from 900 to 43200"
                ),
                "AWS allows role sessions of 15 minutes to 12 hours; write e.g. duration_seconds = 3600",
            );
        }
    }
    if let Some(Err(message)) = get("session_tags").map(crate::types::parse_session_tags) {
        report(
            "session_tags",
            message,
            "write session_tags = key1=value1,key2=value2",
        );
    }
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(_), None) => report(
            "aws_access_key_id",
            "aws_access_key_id is set without aws_secret_access_key".into(),
            "add the secret, or better, move the keys into the vault with `awsx add --from-credentials-file`",
        ),
        (None, Some(_)) => report(
            "aws_secret_access_key",
            "aws_secret_access_key is set without aws_access_key_id".into(),
            "add the access key id, or remove the secret",
        ),
        _ => {}
    }
    if let Some(include) = get("include_profile")
        && set.profile(include).is_none()
    {
        report(
            "include_profile",
            format!("include_profile `{include}` is not defined"),
            &format!("add [profile {include}] or remove include_profile"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(config: &str) -> Vec<(usize, String)> {
        let set = ProfileSet::from_texts(config, "").expect("parses");
        check(&set, &BTreeSet::from(["vaulted".to_string()]))
            .into_iter()
            .map(|p| (p.origin.line, p.message))
            .collect()
    }

    #[test]
    fn a_clean_gds_config_has_no_problems() {
        let config = "\
[profile gds-users]
region = eu-west-1
[profile production-infrastructure]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/infrastructure
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe
duration_seconds = 3600
[profile from-vault]
source_profile = vaulted
role_arn = arn:aws:iam::050019655025:role/x
";
        assert_eq!(problems(config), []);
    }

    #[test]
    fn each_problem_points_at_its_line() {
        let cases: &[(&str, usize, &str)] = &[
            (
                "[profile a]\nsource_profile = nope\nrole_arn = arn:aws:iam::050019655025:role/x",
                2,
                "not defined",
            ),
            (
                "[profile a]\nsource_profile = a\nrole_arn = arn:foo",
                3,
                "not a role ARN",
            ),
            (
                "[profile a]\nsource_profile = a\nmfa_serial = arn:aws:iam::398263320410:user/jane",
                3,
                "not an MFA device ARN",
            ),
            (
                "[profile a]\nrole_arn = arn:aws:iam::050019655025:role/x",
                2,
                "nothing supplies credentials",
            ),
            ("[profile a]\nduration_seconds = 60", 2, "900 to 43200"),
            ("[profile a]\nduration_seconds = 1h", 2, "900 to 43200"),
            (
                "[profile a]\nregion = eu-west-1\nsession_tags = team=infra,oops",
                3,
                "session_tags entry \"oops\" is not key=value",
            ),
            (
                "[profile a]\ncredential_source = Ec2\nrole_arn = arn:aws:iam::050019655025:role/x",
                2,
                "is not one of",
            ),
            (
                "[profile a]\naws_access_key_id = AKIA",
                2,
                "without aws_secret_access_key",
            ),
            (
                "[profile a]\ninclude_profile = gone",
                2,
                "include_profile `gone`",
            ),
        ];
        for (config, line, needle) in cases {
            let got = problems(config);
            assert!(
                got.iter().any(|(l, m)| l == line && m.contains(needle)),
                "{config:?}: want line {line} with {needle:?}, got {got:?}"
            );
        }
    }

    #[test]
    fn a_loop_is_reported_once() {
        let config = "\
[profile a]
role_arn = arn:aws:iam::050019655025:role/a
source_profile = b
[profile b]
role_arn = arn:aws:iam::050019655025:role/b
source_profile = a
";
        let loops: Vec<_> = problems(config)
            .into_iter()
            .filter(|(_, m)| m.contains("loop"))
            .collect();
        assert_eq!(
            loops,
            [(3, "source_profile forms a loop: a -> b -> a".to_string())]
        );
    }

    #[test]
    fn a_loop_entered_from_elsewhere_is_reported_once_from_its_first_member() {
        let config = "\
[profile x]
role_arn = arn:aws:iam::050019655025:role/x
source_profile = c
[profile c]
role_arn = arn:aws:iam::050019655025:role/c
source_profile = b
[profile b]
role_arn = arn:aws:iam::050019655025:role/b
source_profile = c
";
        let loops: Vec<_> = problems(config)
            .into_iter()
            .filter(|(_, m)| m.contains("loop"))
            .collect();
        assert_eq!(
            loops,
            [(9, "source_profile forms a loop: b -> c -> b".to_string())]
        );
    }

    #[test]
    fn unknown_keys_are_warnings_naming_the_nearest_known_key() {
        let config = "\
[profile gds-users]
regoin = eu-west-1
[profile admin]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/admin
mfa_seral = arn:aws:iam::398263320410:mfa/jane.doe
azure_tenant_id = t
Region = eu-west-2
";
        let set = ProfileSet::from_texts(config, "").expect("parses");
        let found: Vec<(usize, Severity, String)> =
            check(&set, &BTreeSet::from(["gds-users".to_string()]))
                .into_iter()
                .map(|p| (p.origin.line, p.severity, p.message))
                .collect();
        assert_eq!(
            found,
            [
                (
                    2,
                    Severity::Warning,
                    "unknown key `regoin`: did you mean region?".to_string()
                ),
                (
                    6,
                    Severity::Warning,
                    "unknown key `mfa_seral`: did you mean mfa_serial?".to_string()
                ),
                (
                    7,
                    Severity::Warning,
                    "unknown key `azure_tenant_id`".to_string()
                ),
            ]
        );
    }
}
