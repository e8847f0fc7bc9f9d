//! AWS console URLs: the switch-role link, and the federation sign-in URLs.
//!
//! Pure: ARNs, names, regions and tokens in, URLs out. Partitions decide the hosts:
//! `aws` → signin.aws.amazon.com / console.aws.amazon.com, `aws-us-gov` → *.amazonaws-us-gov.com,
//! `aws-cn` → *.amazonaws.cn. Every query value is percent-encoded (RFC 3986 unreserved kept).
//! A sign-in URL is a credential: this module builds it, callers decide where it may go.

use crate::types::RoleArn;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use secrecy::{ExposeSecret, SecretString};

const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, VALUE).to_string()
}

/// The console caps display names; longer ones are cut (on a character boundary).
pub const DISPLAY_NAME_MAX: usize = 64;
/// The console's switch-role form accepts a role name (with its path) of at most 64 characters.
pub const SWITCH_ROLE_NAME_MAX: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Partition {
    Aws,
    UsGov,
    China,
}

impl Partition {
    pub fn from_name(name: &str) -> Partition {
        match name {
            "aws-us-gov" => Partition::UsGov,
            "aws-cn" => Partition::China,
            _ => Partition::Aws,
        }
    }

    /// For credentials with no role ARN to read it from.
    pub fn from_region(region: &str) -> Partition {
        if region.starts_with("us-gov-") {
            Partition::UsGov
        } else if region.starts_with("cn-") {
            Partition::China
        } else {
            Partition::Aws
        }
    }

    pub fn signin_host(self) -> &'static str {
        match self {
            Partition::Aws => "signin.aws.amazon.com",
            Partition::UsGov => "signin.amazonaws-us-gov.com",
            Partition::China => "signin.amazonaws.cn",
        }
    }

    pub fn console_host(self) -> &'static str {
        match self {
            Partition::Aws => "console.aws.amazon.com",
            Partition::UsGov => "console.amazonaws-us-gov.com",
            Partition::China => "console.amazonaws.cn",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsoleError {
    #[error(
        "role {0} has a name and path longer than 64 characters, which the console's switch-role cannot take"
    )]
    RoleNameTooLong(String),
    #[error("colour {0:?} is not 6 hexadecimal digits")]
    BadColor(String),
}

/// A colour for the console's role badge: 6 hex digits, `#` optional, stored upper-case.
pub fn parse_color(value: &str) -> Result<String, ConsoleError> {
    let hex = value.trim().trim_start_matches('#');
    if hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hex.to_ascii_uppercase())
    } else {
        Err(ConsoleError::BadColor(value.to_string()))
    }
}

fn display_name(name: &str) -> String {
    name.chars().take(DISPLAY_NAME_MAX).collect()
}

/// `https://<signin>/switchrole?account=…&roleName=…&displayName=…[&color=…]`
pub fn switch_role_url(
    role: &RoleArn,
    display: &str,
    color: Option<&str>,
) -> Result<String, ConsoleError> {
    if role.name_with_path.chars().count() > SWITCH_ROLE_NAME_MAX {
        return Err(ConsoleError::RoleNameTooLong(role.to_string()));
    }
    let partition = Partition::from_name(&role.partition);
    let mut url = format!(
        "https://{}/switchrole?account={}&roleName={}&displayName={}",
        partition.signin_host(),
        encode(&role.account),
        encode(&role.name_with_path),
        encode(&display_name(display)),
    );
    if let Some(color) = color {
        url.push_str(&format!("&color={}", parse_color(color)?));
    }
    Ok(url)
}

/// The console page to land on: the home page in `region`, or `path` (e.g. `cloudwatch/home`).
pub fn destination(partition: Partition, region: &str, path: Option<&str>) -> String {
    let path = path
        .map(|p| p.trim_start_matches('/'))
        .filter(|p| !p.is_empty())
        .unwrap_or("console/home");
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let mut url = format!(
        "https://{}/{path}?region={}",
        partition.console_host(),
        encode(region)
    );
    if !query.is_empty() {
        url.push('&');
        url.push_str(query);
    }
    url
}

/// The federation endpoint: `AWSX_FEDERATION_URL` when set (tests), else the partition's.
pub fn federation_endpoint(partition: Partition, overridden: Option<&str>) -> String {
    overridden
        .map(str::to_string)
        .unwrap_or_else(|| format!("https://{}/federation", partition.signin_host()))
}

/// The `Session` JSON of `getSigninToken`.
pub fn session_json(
    access_key_id: &str,
    secret_access_key: &str,
    session_token: &str,
) -> SecretString {
    SecretString::from(
        serde_json::json!({
            "sessionId": access_key_id,
            "sessionKey": secret_access_key,
            "sessionToken": session_token,
        })
        .to_string(),
    )
}

/// `…/federation?Action=getSigninToken[&SessionDuration=N]&Session=…`. Carries credentials.
pub fn signin_token_url(
    endpoint: &str,
    session: &SecretString,
    duration: Option<u64>,
) -> SecretString {
    let mut url = format!("{endpoint}?Action=getSigninToken");
    if let Some(d) = duration {
        url.push_str(&format!("&SessionDuration={d}"));
    }
    url.push_str("&Session=");
    url.push_str(&encode(session.expose_secret()));
    SecretString::from(url)
}

/// `…/federation?Action=login&Issuer=awsx&Destination=…&SigninToken=…`. A credential.
pub fn login_url(endpoint: &str, destination: &str, token: &SecretString) -> SecretString {
    SecretString::from(format!(
        "{endpoint}?Action=login&Issuer=awsx&Destination={}&SigninToken={}",
        encode(destination),
        encode(token.expose_secret())
    ))
}

/// Whether a SessionDuration may be sent, and which: only for role credentials that were not
/// made from other temporary credentials, within 900–43200 s, and never past their expiry.
pub fn session_duration(direct_role: bool, wanted: u64, seconds_left: Option<u64>) -> Option<u64> {
    if !direct_role {
        return None;
    }
    let cap = seconds_left.unwrap_or(43_200).min(43_200);
    let duration = wanted.min(cap);
    (duration >= 900).then_some(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arn(text: &str) -> RoleArn {
        RoleArn::parse(text).expect("valid arn")
    }

    #[test]
    fn switch_role_urls_per_partition() {
        let cases = [
            (
                "arn:aws:iam::050019655025:role/infrastructure",
                "production-infrastructure",
                None,
                "https://signin.aws.amazon.com/switchrole?account=050019655025&roleName=infrastructure&displayName=production-infrastructure",
            ),
            (
                "arn:aws-us-gov:iam::050019655025:role/team/ops",
                "gov ops",
                Some("#ff0000"),
                "https://signin.amazonaws-us-gov.com/switchrole?account=050019655025&roleName=team%2Fops&displayName=gov%20ops&color=FF0000",
            ),
            (
                "arn:aws-cn:iam::050019655025:role/admin",
                "prod&<cn>",
                Some("00ff7f"),
                "https://signin.amazonaws.cn/switchrole?account=050019655025&roleName=admin&displayName=prod%26%3Ccn%3E&color=00FF7F",
            ),
        ];
        for (role, display, color, want) in cases {
            assert_eq!(
                switch_role_url(&arn(role), display, color).expect("url"),
                want
            );
        }
    }

    #[test]
    fn limits_and_colours() {
        let long = format!(
            "arn:aws:iam::050019655025:role/{}/{}",
            "p".repeat(40),
            "n".repeat(30)
        );
        assert!(matches!(
            switch_role_url(&arn(&long), "x", None),
            Err(ConsoleError::RoleNameTooLong(_))
        ));
        let url = switch_role_url(
            &arn("arn:aws:iam::050019655025:role/r"),
            &"d".repeat(80),
            None,
        )
        .expect("url");
        assert!(
            url.ends_with(&format!("displayName={}", "d".repeat(64))),
            "{url}"
        );
        for bad in ["red", "12345", "GGGGGG", "#1234567"] {
            assert!(parse_color(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_color("#a1b2c3"), Ok("A1B2C3".to_string()));
    }

    #[test]
    fn destinations() {
        assert_eq!(
            destination(Partition::Aws, "eu-west-1", None),
            "https://console.aws.amazon.com/console/home?region=eu-west-1"
        );
        assert_eq!(
            destination(Partition::UsGov, "us-gov-west-1", Some("/cloudwatch/home")),
            "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1"
        );
        assert_eq!(
            destination(Partition::China, "cn-north-1", Some("s3/buckets?tab=x")),
            "https://console.amazonaws.cn/s3/buckets?region=cn-north-1&tab=x"
        );
    }

    #[test]
    fn federation_urls() {
        let session = session_json("ASIA1", "se/cr+et", "to ken");
        let url = signin_token_url(
            "https://signin.aws.amazon.com/federation",
            &session,
            Some(3600),
        );
        assert_eq!(
            url.expose_secret(),
            "https://signin.aws.amazon.com/federation?Action=getSigninToken&SessionDuration=3600&Session=%7B%22sessionId%22%3A%22ASIA1%22%2C%22sessionKey%22%3A%22se%2Fcr%2Bet%22%2C%22sessionToken%22%3A%22to%20ken%22%7D"
        );
        let login = login_url(
            "https://signin.aws.amazon.com/federation",
            "https://console.aws.amazon.com/console/home?region=eu-west-1",
            &SecretString::from("tok/en".to_string()),
        );
        assert_eq!(
            login.expose_secret(),
            "https://signin.aws.amazon.com/federation?Action=login&Issuer=awsx&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Deu-west-1&SigninToken=tok%2Fen"
        );
        assert_eq!(
            federation_endpoint(Partition::China, None),
            "https://signin.amazonaws.cn/federation"
        );
    }

    #[test]
    fn session_duration_rules() {
        assert_eq!(
            session_duration(false, 3600, Some(3600)),
            None,
            "chained or federation token"
        );
        assert_eq!(
            session_duration(true, 7200, Some(3000)),
            Some(3000),
            "never past expiry"
        );
        assert_eq!(session_duration(true, 100_000, None), Some(43_200));
        assert_eq!(
            session_duration(true, 3600, Some(600)),
            None,
            "below the 900 s minimum"
        );
        assert_eq!(session_duration(true, 3600, Some(7200)), Some(3600));
    }
}
