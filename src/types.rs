//! Domain values parsed at the edge: role ARNs, MFA serials, durations.
//!
//! Pure. Once a string has become one of these types, nothing downstream re-checks it.

use std::fmt;

/// `arn:<partition>:iam::<12-digit account>:role/<optional path/><name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleArn {
    pub partition: String,
    pub account: String,
    /// The role name with its path, e.g. `team/infrastructure`.
    pub name_with_path: String,
}

fn iam_arn<'a>(value: &'a str, resource: &str) -> Option<(&'a str, &'a str, &'a str)> {
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
        && partition.starts_with("aws")
        && service == "iam"
        && region.is_empty()
        && account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit());
    let name = rest.strip_prefix(resource)?.strip_prefix('/')?;
    (valid && !name.is_empty() && !name.ends_with('/')).then_some((partition, account, name))
}

impl RoleArn {
    pub fn parse(value: &str) -> Option<Self> {
        let (partition, account, name) = iam_arn(value, "role")?;
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

/// An MFA device: a virtual or U2F device ARN (`arn:aws:iam::123456789012:mfa/jane`), or the
/// serial number printed on a legacy hardware token (e.g. `GAHT12345678`), which STS accepts too.
pub fn is_mfa_serial(value: &str) -> bool {
    if iam_arn(value, "mfa").is_some() || iam_arn(value, "u2f").is_some() {
        return true;
    }
    value.len() >= 9 && value.len() <= 256 && value.bytes().all(|b| b.is_ascii_alphanumeric())
}

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
    fn mfa_serials() {
        for good in [
            "arn:aws:iam::398263320410:mfa/jane.doe",
            "arn:aws-cn:iam::398263320410:mfa/path/jane",
            "arn:aws:iam::398263320410:u2f/user/jane/default-ABCD",
            "GAHT12345678",
        ] {
            assert!(is_mfa_serial(good), "{good}");
        }
        for bad in [
            "arn:aws:iam::398263320410:user/jane.doe",
            "123456",
            "jane doe",
            "",
        ] {
            assert!(!is_mfa_serial(bad), "{bad}");
        }
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
