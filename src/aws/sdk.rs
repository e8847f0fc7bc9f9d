//! The AWS SDK for Rust behind the `Sts` trait.
//!
//! One current-thread tokio runtime, created on the first call; one client per call, made from
//! the credentials that call must be signed with (no shared credential chain, no IMDS probing,
//! no reading of config files: awsx has already decided everything). Short timeouts, so an
//! unreachable endpoint fails in seconds instead of hanging.

use super::{AssumeRoleRequest, AwsError, CallerIdentity, Endpoint, Mfa, Sts};
use crate::secret::{AccessKeyId, Credentials, SecretAccessKey};
use aws_sdk_sts::config::{BehaviorVersion, Region};
use aws_sdk_sts::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use secrecy::{ExposeSecret, SecretString};
use std::cell::OnceCell;
use std::time::Duration;

pub struct SdkSts {
    endpoint: Endpoint,
    runtime: OnceCell<tokio::runtime::Runtime>,
}

pub(crate) fn sdk_credentials(c: &Credentials) -> aws_sdk_sts::config::Credentials {
    aws_sdk_sts::config::Credentials::new(
        c.access_key_id.as_str(),
        c.secret_access_key.expose_secret(),
        c.session_token
            .as_ref()
            .map(|t| t.expose_secret().to_string()),
        None,
        "awsx",
    )
}

pub(crate) fn timeouts() -> aws_sdk_sts::config::timeout::TimeoutConfig {
    aws_sdk_sts::config::timeout::TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        .operation_attempt_timeout(Duration::from_secs(20))
        .operation_timeout(Duration::from_secs(45))
        .build()
}

/// Map an SDK error to what awsx tells the user.
pub(crate) fn map_error<E, R>(
    service: &'static str,
    operation: &'static str,
    endpoint: &Endpoint,
    err: SdkError<E, R>,
) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match &err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => AwsError::Unreachable {
            service,
            endpoint: endpoint
                .url
                .clone()
                .unwrap_or_else(|| format!("the {service} endpoint in {}", endpoint.region)),
            message: DisplayErrorContext(&err).to_string(),
        },
        SdkError::ServiceError(service_err) => {
            let e = service_err.err();
            let message = e.message().unwrap_or("no message").to_string();
            match e.code() {
                Some("AccessDenied") if message.contains("MultiFactorAuthentication") => {
                    AwsError::InvalidMfa
                }
                Some("AccessDenied") => AwsError::AccessDenied(message),
                Some(
                    "ExpiredToken"
                    | "ExpiredTokenException"
                    | "InvalidClientTokenId"
                    | "SignatureDoesNotMatch"
                    | "InvalidAccessKeyId",
                ) => AwsError::BadCredentials(message),
                _ => AwsError::Other {
                    service,
                    operation,
                    message: DisplayErrorContext(&err).to_string(),
                },
            }
        }
        _ => AwsError::Other {
            service,
            operation,
            message: DisplayErrorContext(&err).to_string(),
        },
    }
}

fn from_sdk(
    c: Option<&aws_sdk_sts::types::Credentials>,
    op: &'static str,
) -> Result<Credentials, AwsError> {
    let c = c.ok_or(AwsError::Other {
        service: "STS",
        operation: op,
        message: "the response held no credentials".into(),
    })?;
    Ok(Credentials {
        access_key_id: AccessKeyId::new(c.access_key_id().to_string()),
        secret_access_key: SecretAccessKey::new(c.secret_access_key().to_string()),
        session_token: Some(SecretString::from(c.session_token().to_string())),
        expires_at: u64::try_from(c.expiration().secs()).ok(),
    })
}

impl SdkSts {
    /// Nothing is built yet: no runtime, no client.
    pub fn new(endpoint: Endpoint) -> Self {
        SdkSts {
            endpoint,
            runtime: OnceCell::new(),
        }
    }

    pub(crate) fn block_on<F: std::future::Future>(&self, fut: F) -> Result<F::Output, AwsError> {
        if self.runtime.get().is_none() {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| AwsError::Other {
                    service: "STS",
                    operation: "start",
                    message: format!("cannot start the async runtime: {e}"),
                })?;
            let _ = self.runtime.set(rt);
        }
        let rt = self.runtime.get().ok_or(AwsError::Other {
            service: "STS",
            operation: "start",
            message: "no async runtime".into(),
        })?;
        Ok(rt.block_on(fut))
    }

    fn client(&self, credentials: &Credentials) -> aws_sdk_sts::Client {
        let mut config = aws_sdk_sts::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(self.endpoint.region.clone()))
            .credentials_provider(sdk_credentials(credentials))
            .timeout_config(timeouts())
            .retry_config(aws_sdk_sts::config::retry::RetryConfig::standard().with_max_attempts(2));
        if let Some(url) = &self.endpoint.url {
            config = config.endpoint_url(url);
        }
        aws_sdk_sts::Client::from_conf(config.build())
    }
}

impl Sts for SdkSts {
    fn get_session_token(
        &self,
        credentials: &Credentials,
        duration_seconds: u64,
        mfa: Option<&Mfa>,
    ) -> Result<Credentials, AwsError> {
        let mut req = self
            .client(credentials)
            .get_session_token()
            .duration_seconds(i32::try_from(duration_seconds).unwrap_or(i32::MAX));
        if let Some(mfa) = mfa {
            req = req
                .serial_number(&mfa.serial)
                .token_code(mfa.code.expose_secret());
        }
        let out = self
            .block_on(req.send())?
            .map_err(|e| map_error("STS", "GetSessionToken", &self.endpoint, e))?;
        from_sdk(out.credentials(), "GetSessionToken")
    }

    fn assume_role(
        &self,
        credentials: &Credentials,
        request: &AssumeRoleRequest,
        mfa: Option<&Mfa>,
    ) -> Result<Credentials, AwsError> {
        let mut req = self
            .client(credentials)
            .assume_role()
            .role_arn(&request.role_arn)
            .role_session_name(&request.session_name)
            .duration_seconds(i32::try_from(request.duration_seconds).unwrap_or(i32::MAX))
            .set_external_id(request.external_id.clone())
            .set_source_identity(request.source_identity.clone());
        for (key, value) in &request.tags {
            let tag = aws_sdk_sts::types::Tag::builder()
                .key(key)
                .value(value)
                .build()
                .map_err(|e| AwsError::Other {
                    service: "STS",
                    operation: "AssumeRole",
                    message: format!("bad session tag {key}: {e}"),
                })?;
            req = req.tags(tag);
        }
        for key in &request.transitive_tag_keys {
            req = req.transitive_tag_keys(key);
        }
        if let Some(mfa) = mfa {
            req = req
                .serial_number(&mfa.serial)
                .token_code(mfa.code.expose_secret());
        }
        let out = self
            .block_on(req.send())?
            .map_err(|e| map_error("STS", "AssumeRole", &self.endpoint, e))?;
        from_sdk(out.credentials(), "AssumeRole")
    }

    fn get_caller_identity(&self, credentials: &Credentials) -> Result<CallerIdentity, AwsError> {
        let out = self
            .block_on(self.client(credentials).get_caller_identity().send())?
            .map_err(|e| map_error("STS", "GetCallerIdentity", &self.endpoint, e))?;
        Ok(CallerIdentity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
            user_id: out.user_id().unwrap_or_default().to_string(),
        })
    }

    fn get_federation_token(
        &self,
        credentials: &Credentials,
        name: &str,
        duration_seconds: u64,
    ) -> Result<Credentials, AwsError> {
        // A federation token with no policy has no permissions; pass the broadest policy and let
        // the user's own permissions be the limit (as aws-vault does).
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let req = self
            .client(credentials)
            .get_federation_token()
            .name(name)
            .policy(policy)
            .duration_seconds(i32::try_from(duration_seconds).unwrap_or(i32::MAX));
        let out = self
            .block_on(req.send())?
            .map_err(|e| map_error("STS", "GetFederationToken", &self.endpoint, e))?;
        from_sdk(out.credentials(), "GetFederationToken")
    }
}
