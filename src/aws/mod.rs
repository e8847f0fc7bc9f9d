//! AWS calls awsx makes, behind a small trait. A seam: the credential engine and the key
//! lifecycle commands see only `Sts` / `Iam`; `sdk` adapts the AWS SDK for Rust, and tests of
//! the engine's decisions use plain fakes with a call log.
//!
//! Building an SDK client or an async runtime is deferred to the first call, so a command that
//! finds everything it needs in the cache never pays for either.

pub mod federation;
pub mod iam;
pub mod sdk;

use crate::secret::{Credentials, MfaCode};
use crate::types::{MfaSerial, RoleArn};

/// An MFA device and the code it showed.
#[derive(Debug, Clone)]
pub struct Mfa {
    pub serial: MfaSerial,
    pub code: MfaCode,
}

/// An AssumeRole call, with every value parsed already (by the plan).
#[derive(Debug, Clone)]
pub struct AssumeRoleRequest {
    pub role_arn: RoleArn,
    pub session_name: String,
    pub external_id: Option<String>,
    pub duration_seconds: u64,
    pub tags: Vec<(String, String)>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub user_id: String,
}

/// What went wrong with an AWS call, in words safe to print: never a raw reply, a request body
/// or the `Debug` of an SDK type (those carry credentials, MFA codes and sign-in tokens). Each
/// variant says what AWS said (code and message, when it said anything), what awsx was doing
/// (service and operation), and `hint` says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwsError {
    #[error("AWS rejected the MFA code")]
    InvalidMfa,
    #[error("access denied: {message} ({service} {operation})")]
    AccessDenied {
        service: &'static str,
        operation: &'static str,
        message: String,
    },
    #[error(
        "the credentials were rejected as expired or invalid ({service} {operation}): {code}: {message}"
    )]
    BadCredentials {
        service: &'static str,
        operation: &'static str,
        code: String,
        message: String,
    },
    #[error("could not reach {service} at {endpoint}: {message}")]
    Unreachable {
        service: &'static str,
        endpoint: String,
        message: String,
    },
    /// An endpoint override that is not an http(s) URL; caught before any request is built.
    #[error("{origin} is not a URL: `{url}` ({reason})")]
    BadEndpoint {
        origin: String,
        url: String,
        reason: &'static str,
    },
    #[error("{service} {operation} was throttled by AWS: {code}: {message}")]
    Throttled {
        service: &'static str,
        operation: &'static str,
        code: String,
        message: String,
        retries: u32,
    },
    #[error("{service} {operation} failed on AWS's side: {said}")]
    ServerError {
        service: &'static str,
        operation: &'static str,
        /// `HTTP 503`, with AWS's code and message when the reply had them.
        said: String,
        retries: u32,
    },
    /// The reply could not be read as the answer it should be (cut off, junk, another
    /// document), or it lacked what awsx needs (credentials with no token or expiration).
    #[error("{service} {operation}: {problem}")]
    BadReply {
        service: &'static str,
        operation: &'static str,
        problem: String,
    },
    #[error("{service} {operation} failed: {message}")]
    Other {
        service: &'static str,
        operation: &'static str,
        message: String,
    },
}

impl crate::error::Hint for AwsError {
    fn hint(&self) -> String {
        let retried = |retries: u32| match retries {
            0 => "awsx did not retry".to_string(),
            1 => "awsx retried once with backoff".to_string(),
            n => format!("awsx retried {n} times with backoff"),
        };
        match self {
            AwsError::InvalidMfa => "check the device's clock and enter the current code".into(),
            AwsError::AccessDenied { .. } => {
                "check that the role trusts your base user and that its conditions (MFA, external id) are met".into()
            }
            AwsError::BadCredentials { .. } => {
                "the keys may have been rotated or deactivated: store new ones with `awsx add --force`".into()
            }
            AwsError::Unreachable { service, .. } => match *service {
                "IAM" => "check your network, or the endpoint set by AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_IAM / endpoint_url".into(),
                "STS" => "check your network, or the endpoint set by AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS / endpoint_url".into(),
                _ => "check your network, or the endpoint set by AWSX_FEDERATION_URL".into(),
            },
            AwsError::BadEndpoint { .. } => {
                "give a full URL such as https://sts.eu-west-1.amazonaws.com, or unset it to use AWS's own endpoint".into()
            }
            AwsError::Throttled { retries, .. } => {
                format!("{}; try again in a minute", retried(*retries))
            }
            AwsError::ServerError { retries, .. } => format!(
                "{}; AWS may be having trouble: try again in a minute (https://health.aws.amazon.com)",
                retried(*retries)
            ),
            AwsError::BadReply { service, .. } => match *service {
                "IAM" | "STS" => "nothing was stored; run again, and if it keeps happening, check what sits between awsx and AWS (a proxy, or the endpoint set by AWS_ENDPOINT_URL)".into(),
                // AWS_ENDPOINT_URL does not move the console's federation endpoint.
                _ => "nothing was stored; run again, and if it keeps happening, check what sits between awsx and the sign-in endpoint (a proxy)".into(),
            },
            AwsError::Other { .. } => {
                "run again; if it keeps failing, see `awsx explain PROFILE`".into()
            }
        }
    }
}

impl AwsError {
    /// Whether AWS rejected the credentials the call was signed with as expired, revoked or
    /// unknown (as opposed to refusing the request they asked for).
    pub fn rejects_credentials(&self) -> bool {
        matches!(self, AwsError::BadCredentials { .. })
    }

    /// Whether the call may have taken effect although no answer was read: the reply was
    /// unreadable, or the connection failed or timed out after the request may have been sent.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            AwsError::BadReply { .. } | AwsError::Unreachable { .. } | AwsError::ServerError { .. }
        )
    }
}

/// Check an endpoint override before any request is built: the SDK would otherwise fail while
/// building the request, and its error carries the request (with the MFA code) in its `Debug`.
/// `origin` names where the value came from, for the message.
pub fn check_endpoint_url(url: &str, origin: &str) -> Result<(), AwsError> {
    let bad = |reason| AwsError::BadEndpoint {
        origin: origin.to_string(),
        url: shorten(url, 100),
        reason,
    };
    // The SDK parses endpoints with the `http` crate; accept what it will accept.
    let uri: http::Uri = url
        .parse()
        .map_err(|_| bad("it cannot be parsed as a URL"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(_) => return Err(bad("the scheme must be http or https")),
        None => return Err(bad("it has no scheme, e.g. https://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("it names no host"));
    }
    Ok(())
}

/// Text from AWS (an error message) as one line of at most `max` characters.
pub fn shorten(text: &str, max: usize) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let line = line.trim();
    if line.chars().count() <= max {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

pub trait Sts {
    fn get_session_token(
        &self,
        credentials: &Credentials,
        duration_seconds: u64,
        mfa: Option<&Mfa>,
    ) -> Result<Credentials, AwsError>;
    fn assume_role(
        &self,
        credentials: &Credentials,
        request: &AssumeRoleRequest,
        mfa: Option<&Mfa>,
    ) -> Result<Credentials, AwsError>;
    fn get_caller_identity(&self, credentials: &Credentials) -> Result<CallerIdentity, AwsError>;
    fn get_federation_token(
        &self,
        credentials: &Credentials,
        name: &str,
        duration_seconds: u64,
    ) -> Result<Credentials, AwsError>;
}

/// Where the executor and the commands get their AWS clients: the SDK in the binary
/// ([`SdkClients`]), fakes with a call log in tests. Making a client builds nothing; the SDK
/// clients share one runtime, started by the first call that needs it.
pub trait Clients {
    fn sts(&self, endpoint: &Endpoint) -> Box<dyn Sts>;
    fn iam(&self, endpoint: &Endpoint) -> Box<dyn iam::Iam>;
    fn federation(&self) -> Box<dyn federation::Federation>;
}

/// The AWS SDK for Rust, with one shared, lazily started runtime.
#[derive(Default)]
pub struct SdkClients {
    runtime: sdk::Runtime,
}

impl SdkClients {
    /// Whether any call started the runtime (the cached path must not).
    pub fn started(&self) -> bool {
        self.runtime.started()
    }
}

impl Clients for SdkClients {
    fn sts(&self, endpoint: &Endpoint) -> Box<dyn Sts> {
        Box::new(sdk::SdkSts::new(endpoint.clone(), self.runtime.clone()))
    }

    fn iam(&self, endpoint: &Endpoint) -> Box<dyn iam::Iam> {
        Box::new(iam::SdkIam::new(endpoint.clone(), self.runtime.clone()))
    }

    fn federation(&self) -> Box<dyn federation::Federation> {
        Box::new(federation::HttpFederation {
            runtime: self.runtime.clone(),
        })
    }
}

/// Where to send requests: the region to sign for and an optional endpoint override.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoint {
    pub region: String,
    pub url: Option<String>,
}

/// The region STS is called in when none is configured (the global endpoint's).
pub const DEFAULT_REGION: &str = "us-east-1";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Hint as _;

    #[test]
    fn a_bad_federation_reply_does_not_point_at_aws_endpoint_url() {
        let bad = |service| AwsError::BadReply {
            service,
            operation: "getSigninToken",
            problem: "junk".into(),
        };
        // AWS_ENDPOINT_URL moves STS and IAM, never the console's federation endpoint.
        assert!(
            !bad("console federation")
                .hint()
                .contains("AWS_ENDPOINT_URL")
        );
        assert!(bad("STS").hint().contains("AWS_ENDPOINT_URL"));
    }

    #[test]
    fn endpoint_urls_are_checked_before_use() {
        for good in [
            "http://127.0.0.1:5000",
            "https://sts.eu-west-1.amazonaws.com",
            "http://nonexistent.invalid:1",
            "http://localhost:4566/",
        ] {
            assert_eq!(
                check_endpoint_url(good, "AWS_ENDPOINT_URL"),
                Ok(()),
                "{good}"
            );
        }
        for (bad, reason) in [
            ("not a url", "cannot be parsed"),
            ("127.0.0.1:5000", "no scheme"),
            ("localhost", "no scheme"),
            ("ftp://example.com", "http or https"),
            ("/just/a/path", "no scheme"),
        ] {
            let err = check_endpoint_url(bad, "AWS_ENDPOINT_URL").expect_err(bad);
            let text = err.to_string();
            assert!(
                text.starts_with(&format!("AWS_ENDPOINT_URL is not a URL: `{bad}`"))
                    && text.contains(reason),
                "{text}"
            );
        }
    }

    #[test]
    fn aws_text_is_one_short_line() {
        assert_eq!(shorten("a\nb\r\n", 10), "a b");
        assert_eq!(shorten(&"x".repeat(50), 10), format!("{}…", "x".repeat(9)));
    }

    #[test]
    fn hints_count_the_retries() {
        let throttled = |retries| AwsError::Throttled {
            service: "STS",
            operation: "AssumeRole",
            code: "Throttling".into(),
            message: "Rate exceeded".into(),
            retries,
        };
        assert_eq!(
            throttled(2).hint(),
            "awsx retried 2 times with backoff; try again in a minute"
        );
        assert!(throttled(1).hint().starts_with("awsx retried once"));
        assert_eq!(
            throttled(2).to_string(),
            "STS AssumeRole was throttled by AWS: Throttling: Rate exceeded"
        );
    }
}
