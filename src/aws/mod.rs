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

/// An MFA device and the code it showed.
#[derive(Debug, Clone)]
pub struct Mfa {
    pub serial: String,
    pub code: MfaCode,
}

#[derive(Debug, Clone, Default)]
pub struct AssumeRoleRequest {
    pub role_arn: String,
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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AwsError {
    #[error("AWS rejected the MFA code")]
    InvalidMfa,
    #[error("access denied: {0}")]
    AccessDenied(String),
    #[error("the credentials were rejected as expired or invalid: {0}")]
    BadCredentials(String),
    #[error("could not reach {service} at {endpoint}: {message}")]
    Unreachable {
        service: &'static str,
        endpoint: String,
        message: String,
    },
    #[error("{service} {operation} failed: {message}")]
    Other {
        service: &'static str,
        operation: &'static str,
        message: String,
    },
}

impl AwsError {
    pub fn hint(&self) -> &'static str {
        match self {
            AwsError::InvalidMfa => "check the device's clock and enter the current code",
            AwsError::AccessDenied(_) => {
                "check that the role trusts your base user and that its conditions (MFA, external id) are met"
            }
            AwsError::BadCredentials(_) => {
                "the keys may have been rotated or deactivated: store new ones with `awsx add --force`"
            }
            AwsError::Unreachable { .. } => {
                "check your network, or the endpoint set by AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS / endpoint_url"
            }
            AwsError::Other { .. } => "run again; if it keeps failing, see `awsx explain PROFILE`",
        }
    }
}

impl From<AwsError> for crate::error::Hinted {
    fn from(e: AwsError) -> Self {
        crate::error::Hinted::new(e.to_string(), e.hint())
    }
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

/// Where to send requests: the region to sign for and an optional endpoint override.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoint {
    pub region: String,
    pub url: Option<String>,
}

/// The region STS is called in when none is configured (the global endpoint's).
pub const DEFAULT_REGION: &str = "us-east-1";
