//! Domain values parsed at the edge: role ARNs, MFA serials, durations.
//!
//! Pure. Once a string has become one of these types, nothing downstream re-checks it.

use std::fmt;

/// `arn:<partition>:iam::<12-digit account>:role/<optional path/><name>`, as IAM makes them.
///
/// Parsed once, when a plan is made from the config (`plan::plan`); a step holds this,
/// never the text. [`fmt::Display`] gives back exactly the text it was parsed from, so cache
/// slots keyed on it are unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleArn {
    pub partition: String,
    pub account: String,
    /// The role name with its path, e.g. `team/infrastructure`.
    pub name_with_path: String,
}

/// AWS's partitions are `aws` and `aws-<words>`: aws-cn, aws-us-gov, aws-iso, aws-iso-b,
/// aws-iso-e, aws-iso-f, aws-eusc. A pattern rather than a list, so a new one is not refused.
fn is_partition(text: &str) -> bool {
    text == "aws"
        || text.strip_prefix("aws-").is_some_and(|rest| {
            rest.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
        })
}

/// IAM's name characters (`[\w+=,.@-]`, ASCII only) for roles, users and MFA devices.
fn is_iam_name(text: &str, max: usize) -> bool {
    !text.is_empty()
        && text.len() <= max
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_+=,.@-".contains(&b))
}

/// An IAM resource path between the resource type and the name: printable ASCII without
/// spaces (IAM's `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`), at most 512 characters.
fn is_iam_path(text: &str) -> bool {
    text.len() <= 512 && text.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// `arn:<partition>:iam::<account>:<resource>/<path/><name>`: the partition, account and
/// path-with-name, if `value` is such an ARN. Never panics, whatever `value` holds.
fn iam_arn<'a>(value: &'a str, resource: &str) -> Option<(&'a str, &'a str, &'a str)> {
    // AssumeRole's RoleArn is at most 2048 characters; nothing longer is an ARN IAM made.
    if value.len() > 2048 {
        return None;
    }
    let mut parts = value.splitn(6, ':');
    let (arn, partition, service, region, account, rest) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let valid = arn == "arn"
        && is_partition(partition)
        && service == "iam"
        && region.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit());
    let name_with_path = rest.strip_prefix(resource)?.strip_prefix('/')?;
    let (path, name) = name_with_path
        .rsplit_once('/')
        .unwrap_or(("", name_with_path));
    (valid && is_iam_path(path) && !name_with_path.contains("//") && is_iam_name(name, 256))
        .then_some((partition, account, name_with_path))
}

impl RoleArn {
    pub fn parse(value: &str) -> Option<Self> {
        let (partition, account, name) = iam_arn(value, "role")?;
        // Role names are at most 64 characters.
        if name.rsplit('/').next().is_none_or(|n| n.len() > 64) {
            return None;
        }
        Some(RoleArn {
            partition: partition.to_string(),
            account: account.to_string(),
            name_with_path: name.to_string(),
        })
    }
}

impl fmt::Display for RoleArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "arn:{}:iam::{}:role/{}",
            self.partition, self.account, self.name_with_path
        )
    }
}

/// As the text it stands for: `awsx explain --json` shows `"role_arn": "arn:aws:..."`.
impl serde::Serialize for RoleArn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An MFA device as STS's `SerialNumber` takes it: a virtual or U2F/FIDO device ARN
/// (`arn:aws:iam::123456789012:mfa/jane.doe`, `arn:aws:iam::123456789012:u2f/user/jane/key-ABCD`),
/// or the serial number printed on a hardware token (`GAHT12345678`): 9 to 256 characters of
/// `[\w+=/:,.@-]` (the STS API reference's pattern and length). Text that starts with `arn:` must
/// be a device ARN: a user or role ARN there is a common slip, and STS would refuse it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MfaSerial(String);

impl MfaSerial {
    pub fn parse(value: &str) -> Option<Self> {
        let ok = (9..=256).contains(&value.len())
            && if value.starts_with("arn:") {
                iam_arn(value, "mfa").is_some() || iam_arn(value, "u2f").is_some()
            } else {
                value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_+=/:,.@-".contains(&b))
            };
        ok.then(|| MfaSerial(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for MfaSerial {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MfaSerial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for MfaSerial {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// What to tell someone whose `role_arn` did not parse.
pub const ROLE_ARN_HINT: &str =
    "write it as arn:aws:iam::<12-digit account>:role/<name> (copy it from the IAM console)";
/// What to tell someone whose MFA device did not parse.
pub const MFA_SERIAL_HINT: &str = "copy the device ARN from IAM, e.g. arn:aws:iam::123456789012:mfa/jane.doe (or a hardware token's serial number)";

/// The range STS allows for AssumeRole `DurationSeconds` (the role's own maximum may be lower).
pub const ROLE_DURATION_RANGE: std::ops::RangeInclusive<u64> = 900..=43_200;

/// aws-vault's `session_tags`: `key1=value1,key2=value2` (blank entries ignored, each key and
/// value trimmed). The error names the entry that is not `key=value`.
pub fn parse_session_tags(text: &str) -> Result<Vec<(String, String)>, String> {
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|pair| {
            pair.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .ok_or_else(|| format!("session_tags entry {pair:?} is not key=value"))
        })
        .collect()
}

/// aws-vault's `transitive_session_tags`: `key1,key2`.
pub fn parse_tag_keys(text: &str) -> Vec<String> {
    text.split(',')
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns() {
        let arn = RoleArn::parse("arn:aws:iam::050019655025:role/infrastructure").expect("valid");
        assert_eq!(arn.account, "050019655025");
        assert_eq!(arn.name_with_path, "infrastructure");
        assert_eq!(
            arn.to_string(),
            "arn:aws:iam::050019655025:role/infrastructure"
        );
        let arn = RoleArn::parse("arn:aws-us-gov:iam::050019655025:role/a/b/c").expect("valid");
        assert_eq!(
            (arn.partition.as_str(), arn.name_with_path.as_str()),
            ("aws-us-gov", "a/b/c")
        );
        for bad in [
            "arn:foo",
            "arn:aws:iam::123456789:role/short-account",
            "arn:aws:iam::050019655025:user/jane",
            "arn:aws:sts::050019655025:role/x",
            "arn:aws:iam:eu-west-1:050019655025:role/x",
            "arn:aws:iam::050019655025:role/",
            "role/x",
        ] {
            assert_eq!(RoleArn::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn role_arns_in_every_partition_and_with_paths() {
        for good in [
            "arn:aws:iam::050019655025:role/infrastructure",
            "arn:aws-cn:iam::050019655025:role/r",
            "arn:aws-us-gov:iam::050019655025:role/r",
            "arn:aws-iso:iam::050019655025:role/r",
            "arn:aws-iso-b:iam::050019655025:role/r",
            "arn:aws-iso-f:iam::050019655025:role/r",
            "arn:aws-eusc:iam::050019655025:role/r",
            "arn:aws:iam::050019655025:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport",
            "arn:aws:iam::050019655025:role/a+b=c,d.e@f_g-h",
        ] {
            let arn = RoleArn::parse(good).unwrap_or_else(|| panic!("{good} is valid"));
            assert_eq!(arn.to_string(), good, "round trip");
        }
        let long_name = format!("arn:aws:iam::050019655025:role/{}", "n".repeat(65));
        let long_path = format!("arn:aws:iam::050019655025:role/{}/n", "p".repeat(513));
        for bad in [
            "",
            " ",
            "arn:",
            "arn:::::",
            "arn:aws:iam::050019655025:role",
            "arn:aws:iam::050019655025:role/a b",
            "arn:aws:iam::050019655025:role/a//b",
            "arn:aws:iam::050019655025:role/ünïcode",
            "arn:aws:iam::05001965502５:role/x",
            "arn:awsx:iam::050019655025:role/x",
            "arn:aws-:iam::050019655025:role/x",
            "arn:AWS:iam::050019655025:role/x",
            "arn:aws:iam::050019655025:roles/x",
            "arn:aws:iam::050019655025:mfa/x",
            "ARN:aws:iam::050019655025:role/x",
            " arn:aws:iam::050019655025:role/x",
            "arn:aws:iam::123456789:role/RoleA",
            &long_name,
            &long_path,
        ] {
            assert_eq!(RoleArn::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn mfa_serials() {
        for good in [
            "arn:aws:iam::398263320410:mfa/jane.doe",
            "arn:aws-cn:iam::398263320410:mfa/path/jane",
            "arn:aws-us-gov:iam::398263320410:mfa/jane",
            "arn:aws:iam::398263320410:u2f/user/jane/default-ABCD",
            "GAHT12345678",
            "GAHT_1234=5",
        ] {
            let serial = MfaSerial::parse(good).unwrap_or_else(|| panic!("{good} is valid"));
            assert_eq!(serial.as_str(), good);
            assert_eq!(serial.to_string(), good);
        }
        let huge = "A".repeat(257);
        for bad in [
            "arn:aws:iam::398263320410:user/jane.doe",
            "arn:aws:iam::398263320410:role/jane",
            "arn:aws:iam::398:mfa/jane",
            "arn:aws:sts::398263320410:mfa/jane",
            "123456",
            "GAHT1234",
            "jane doe",
            "GAHT12345678\n",
            "ĜAHT12345678",
            "",
            &huge,
        ] {
            assert_eq!(MfaSerial::parse(bad), None, "{bad:?}");
        }
        assert!(MfaSerial::parse(&"A".repeat(256)).is_some());
    }

    #[test]
    fn serialised_as_their_text() {
        let arn = RoleArn::parse("arn:aws:iam::050019655025:role/x").expect("valid");
        let serial = MfaSerial::parse("GAHT12345678").expect("valid");
        assert_eq!(
            serde_json::to_string(&(arn, serial)).expect("json"),
            r#"["arn:aws:iam::050019655025:role/x","GAHT12345678"]"#
        );
    }

    /// Thousands of damaged ARNs and serials, and huge ones: an answer every time, never a
    /// panic; and whatever parses prints back as exactly the text it came from.
    #[test]
    fn mutated_arns_and_serials_never_panic() {
        let seeds = [
            "arn:aws:iam::050019655025:role/team/infrastructure",
            "arn:aws-us-gov:iam::398263320410:mfa/jane.doe",
            "arn:aws:iam::398263320410:u2f/user/jane/default-ABCD",
            "GAHT12345678",
        ];
        let mut rng = crate::testing::Rng::new(0x0a12_0b34);
        for i in 0..4000 {
            let text = crate::testing::mutate(&mut rng, seeds[i % seeds.len()]);
            if let Some(arn) = RoleArn::parse(&text) {
                assert_eq!(arn.to_string(), text);
            }
            if let Some(serial) = MfaSerial::parse(&text) {
                assert_eq!(serial.as_str(), text);
            }
        }
        let huge = format!("arn:aws:iam::050019655025:role/{}", "a/".repeat(500_000));
        assert_eq!(RoleArn::parse(&huge), None);
        assert_eq!(MfaSerial::parse(&huge), None);
    }

    #[test]
    fn session_tags_parse() {
        assert_eq!(
            parse_session_tags("team=infra, env = prod,").expect("ok"),
            [
                ("team".to_string(), "infra".to_string()),
                ("env".to_string(), "prod".to_string())
            ]
        );
        assert_eq!(
            parse_session_tags("team=infra,nope").expect_err("bad"),
            "session_tags entry \"nope\" is not key=value"
        );
        assert_eq!(parse_tag_keys(" team, ,env"), ["team", "env"]);
    }
}
