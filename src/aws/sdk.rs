//! The AWS SDK for Rust behind the `Sts` trait.
//!
//! One current-thread tokio runtime, created on the first call; one client per call, made from
//! the credentials that call must be signed with (no shared credential chain, no IMDS probing,
//! no reading of config files: awsx has already decided everything). Short timeouts, so an
//! unreachable endpoint fails in seconds instead of hanging.
//!
//! Errors are turned into `AwsError` here and only here, from their parts (AWS's code and
//! message, the HTTP status, the kind of connection failure). Never from the SDK's `Debug` or
//! `DisplayErrorContext`: those include the raw reply and the request, so a reply that fails
//! to parse would put the new secret key, session token or MFA code on the terminal. What the
//! SDK parsed is checked too: its deserializer fills missing required fields with defaults
//! (empty strings, a 1970 expiration), so a reply cut off mid-document must not become
//! credentials.

use super::{AssumeRoleRequest, AwsError, CallerIdentity, Endpoint, Mfa, Sts, shorten};
use crate::secret::{AccessKeyId, Credentials, SecretAccessKey};
use aws_sdk_sts::config::{BehaviorVersion, Region};
use aws_sdk_sts::error::{ProvideErrorMetadata, SdkError};
use secrecy::{ExposeSecret, SecretString};
use std::cell::OnceCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Attempts per call, the first included: the SDK retries throttling, 5xx and connection
/// failures with exponential backoff and jitter.
pub(crate) const MAX_ATTEMPTS: u32 = 3;

pub struct SdkSts {
    endpoint: Endpoint,
    runtime: Runtime,
}

/// One current-thread tokio runtime, started on the first call that needs it and shared by
/// every client made from the same [`super::SdkClients`] (STS, IAM, console federation).
#[derive(Clone, Default)]
pub struct Runtime(std::rc::Rc<OnceCell<tokio::runtime::Runtime>>);

impl Runtime {
    /// Run `fut` to completion; `service` names who asked, for the message if the runtime
    /// cannot start.
    pub(crate) fn block_on<F: std::future::Future>(
        &self,
        service: &'static str,
        fut: F,
    ) -> Result<F::Output, AwsError> {
        let failed = |message: String| AwsError::Other {
            service,
            operation: "start",
            message,
        };
        if self.0.get().is_none() {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| failed(format!("cannot start the async runtime: {e}")))?;
            let _ = self.0.set(rt);
        }
        let rt = self
            .0
            .get()
            .ok_or_else(|| failed("no async runtime".into()))?;
        Ok(rt.block_on(fut))
    }

    /// Whether the runtime was started (tests: the cached path must not start one).
    pub fn started(&self) -> bool {
        self.0.get().is_some()
    }
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

/// Counts the attempts the SDK makes for one call, so an error can say how often it retried.
/// The SDK crates share the interceptor trait, so IAM's clients use this too.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attempts(Arc<AtomicU32>);

impl Attempts {
    fn retries(&self) -> u32 {
        self.0.load(Ordering::Relaxed).saturating_sub(1)
    }
}

impl aws_sdk_sts::config::Intercept for Attempts {
    fn name(&self) -> &'static str {
        "awsx-attempts"
    }

    fn read_before_attempt(
        &self,
        _: &aws_sdk_sts::config::interceptors::BeforeTransmitInterceptorContextRef<'_>,
        _: &aws_sdk_sts::config::RuntimeComponents,
        _: &mut aws_sdk_sts::config::ConfigBag,
    ) -> Result<(), aws_sdk_sts::error::BoxError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Refuses a success reply that is not one whole document: the SDK's XML reader stops at the
/// root's last field it needs, so junk after the document, or a document cut off after the
/// credentials, would otherwise pass. Such a reply then fails as a `ResponseError`.
#[derive(Debug, Clone, Default)]
pub(crate) struct WholeReply;

/// Whether `body` is one XML element from its first byte to its last (whitespace aside): it
/// starts with `<Root` and ends with `</Root>`.
pub(crate) fn is_whole_document(body: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    let text = text.trim();
    let text = match text.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map_or("", |(_, r)| r).trim_start(),
        None => text,
    };
    let Some(rest) = text.strip_prefix('<') else {
        return false;
    };
    let root: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    !root.is_empty() && text.ends_with(&format!("</{root}>"))
}

impl aws_sdk_sts::config::Intercept for WholeReply {
    fn name(&self) -> &'static str {
        "awsx-whole-reply"
    }

    fn read_after_deserialization(
        &self,
        context: &aws_sdk_sts::config::interceptors::AfterDeserializationInterceptorContextRef<'_>,
        _: &aws_sdk_sts::config::RuntimeComponents,
        _: &mut aws_sdk_sts::config::ConfigBag,
    ) -> Result<(), aws_sdk_sts::error::BoxError> {
        let response = context.response();
        if !response.status().is_success() {
            return Ok(());
        }
        match response.body().bytes() {
            Some(body) if !is_whole_document(body) => Err("not one whole XML document".into()),
            _ => Ok(()),
        }
    }
}

/// One call, as an error message names it.
pub(crate) struct Call<'a> {
    pub service: &'static str,
    pub operation: &'static str,
    /// Where the request went: the override, or the SDK's own endpoint for the region.
    pub endpoint: Box<dyn Fn() -> String + 'a>,
    pub attempts: &'a Attempts,
}

/// AWS error codes for throttling, as the SDK's retry classifier lists them
/// (aws-runtime `THROTTLING_ERRORS`).
const THROTTLING: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Codes with which STS and IAM reject the signing credentials themselves.
const BAD_CREDENTIALS: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId",
    "UnrecognizedClientException",
];

/// What AWS said, as the SDK parsed it from an error reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Said<'a> {
    pub status: u16,
    pub code: Option<&'a str>,
    pub message: Option<&'a str>,
}

/// The decision behind `map_error` for a reply that came back, apart from the SDK's types so
/// it can be tested as a table.
pub(crate) fn classify(call: &Call, said: Said) -> AwsError {
    let (service, operation) = (call.service, call.operation);
    let message = shorten(said.message.unwrap_or("no message"), 300);
    let status = said.status;
    let Some(code) = said.code else {
        return if status >= 500 {
            AwsError::ServerError {
                service,
                operation,
                said: format!("HTTP {status}, with no AWS error in the reply"),
                retries: call.attempts.retries(),
            }
        } else if (200..300).contains(&status) {
            // A success whose body did not parse: junk, cut off, or another document.
            AwsError::BadReply {
                service,
                operation,
                problem: format!(
                    "its reply (HTTP {status}) could not be read as a {operation} answer"
                ),
            }
        } else {
            AwsError::Other {
                service,
                operation,
                message: format!("HTTP {status}, with no AWS error in the reply"),
            }
        };
    };
    let code = shorten(code, 80);
    match code.as_str() {
        "AccessDenied" if message.contains("MultiFactorAuthentication") => AwsError::InvalidMfa,
        "AccessDenied" | "AccessDeniedException" => AwsError::AccessDenied {
            service,
            operation,
            message,
        },
        c if BAD_CREDENTIALS.contains(&c) => AwsError::BadCredentials {
            service,
            operation,
            code,
            message,
        },
        c if THROTTLING.contains(&c) => AwsError::Throttled {
            service,
            operation,
            code,
            message,
            retries: call.attempts.retries(),
        },
        _ if status >= 500 => AwsError::ServerError {
            service,
            operation,
            said: format!("HTTP {status}, {code}: {message}"),
            retries: call.attempts.retries(),
        },
        _ => AwsError::Other {
            service,
            operation,
            message: format!("{code}: {message}"),
        },
    }
}

/// Map an SDK error to what awsx tells the user.
pub(crate) fn map_error<E>(
    call: &Call,
    err: SdkError<E, aws_sdk_sts::config::http::HttpResponse>,
) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let (service, operation) = (call.service, call.operation);
    match &err {
        SdkError::ServiceError(service_err) => {
            let e = service_err.err();
            classify(
                call,
                Said {
                    status: service_err.raw().status().as_u16(),
                    code: e.code(),
                    message: e.message(),
                },
            )
        }
        SdkError::TimeoutError(_) => AwsError::Unreachable {
            service,
            endpoint: (call.endpoint)(),
            message: "no answer in time".into(),
        },
        SdkError::DispatchFailure(failure) => AwsError::Unreachable {
            service,
            endpoint: (call.endpoint)(),
            message: match failure.as_connector_error() {
                Some(e) if e.is_timeout() => "timed out".into(),
                Some(e) => connection_problem(e),
                None => "the connection failed".into(),
            },
        },
        SdkError::ResponseError(response) => AwsError::BadReply {
            service,
            operation,
            problem: format!(
                "its reply (HTTP {}) was cut off or could not be read",
                response.raw().status().as_u16()
            ),
        },
        SdkError::ConstructionFailure(_) => AwsError::Other {
            service,
            operation,
            message: "the request could not be built (check the region and the endpoint URL)"
                .into(),
        },
        _ => AwsError::Other {
            service,
            operation,
            message: "the call failed for a reason the AWS SDK did not name".into(),
        },
    }
}

/// A short description of why a connection failed, from the innermost I/O error: its kind, or
/// the resolver's words for a name that did not resolve. Only these parts are used; the chain
/// as a whole is never printed.
pub(crate) fn connection_problem(err: &(dyn std::error::Error + 'static)) -> String {
    use std::io::ErrorKind;
    let mut dns = false;
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            let said = match io.kind() {
                ErrorKind::ConnectionRefused => return "connection refused".into(),
                ErrorKind::TimedOut => return "timed out".into(),
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe
                | ErrorKind::UnexpectedEof => return "the connection was closed".into(),
                ErrorKind::NetworkUnreachable => return "the network is unreachable".into(),
                ErrorKind::HostUnreachable => return "the host is unreachable".into(),
                _ => io_words(io),
            };
            return if dns {
                format!("the host name could not be resolved ({said})")
            } else {
                said
            };
        }
        // hyper-util's connector names a failed lookup "dns error".
        dns |= e.to_string() == "dns error";
        cur = e.source();
    }
    if dns {
        "the host name could not be resolved".into()
    } else {
        "the connection failed".into()
    }
}

/// An I/O error's own words, without the errno suffix or the resolver's preamble.
fn io_words(io: &std::io::Error) -> String {
    let text = io.to_string();
    let text = text
        .strip_prefix("failed to lookup address information: ")
        .unwrap_or(&text);
    let text = match text.rfind(" (os error ") {
        Some(at) => &text[..at],
        None => text,
    };
    shorten(text, 120)
}

/// The output of a future that is ready on its first poll (the SDKs' default endpoint
/// resolvers are), without a runtime.
pub(crate) fn ready_now<F: std::future::Future>(future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(out) => Some(out),
        std::task::Poll::Pending => None,
    }
}

/// The SDK's own endpoint for a region, for messages when no override is set.
fn default_sts_endpoint(region: &str) -> String {
    use aws_sdk_sts::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    Params::builder()
        .region(region)
        .build()
        .ok()
        .and_then(|params| ready_now(DefaultResolver::new().resolve_endpoint(&params)))
        .and_then(Result::ok)
        .map(|endpoint| endpoint.url().to_string())
        .unwrap_or_else(|| format!("the STS endpoint for {region}"))
}

/// An endpoint as messages show it.
pub(crate) fn shown_endpoint(endpoint: &Endpoint, default: impl Fn(&str) -> String) -> String {
    match &endpoint.url {
        Some(url) => shorten(url, 100),
        None => default(&endpoint.region),
    }
}

/// STS credentials as awsx keeps them, after checking that the reply really held them.
fn from_sdk(
    c: Option<&aws_sdk_sts::types::Credentials>,
    op: &'static str,
) -> Result<Credentials, AwsError> {
    let bad = |problem: String| AwsError::BadReply {
        service: "STS",
        operation: op,
        problem,
    };
    let c = c.ok_or_else(|| bad("its reply held no credentials".into()))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let expires_at = checked_expiration(
        [
            ("access key id", c.access_key_id()),
            ("secret access key", c.secret_access_key()),
            ("session token", c.session_token()),
        ],
        c.expiration().secs(),
        now,
    )
    .map_err(bad)?;
    Ok(Credentials {
        access_key_id: AccessKeyId::new(c.access_key_id().to_string()),
        secret_access_key: SecretAccessKey::new(c.secret_access_key().to_string()),
        session_token: Some(SecretString::from(c.session_token().to_string())),
        expires_at: Some(expires_at),
    })
}

/// The expiration of credentials whose named parts are all present and which have not yet
/// expired; otherwise what is wrong with them (naming parts, never showing them).
fn checked_expiration(parts: [(&str, &str); 3], expiration: i64, now: u64) -> Result<u64, String> {
    let missing: Vec<&str> = parts
        .iter()
        .filter(|(_, value)| value.trim().is_empty())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "its reply held incomplete credentials (no {})",
            missing.join(", no ")
        ));
    }
    match u64::try_from(expiration) {
        Ok(0) | Err(_) => Err("its reply held credentials without an expiration".into()),
        Ok(at) if at <= now => Err(format!(
            "its reply held credentials that expired at {} (check this machine's clock)",
            crate::timefmt::rfc3339_z(at)
        )),
        Ok(at) => Ok(at),
    }
}

impl SdkSts {
    /// Nothing is built yet: no runtime, no client. `runtime` is shared with the other
    /// clients of the same factory.
    pub fn new(endpoint: Endpoint, runtime: Runtime) -> Self {
        SdkSts { endpoint, runtime }
    }

    /// Run one SDK call to completion and map its error.
    pub(crate) fn run<T, E>(
        &self,
        call: &Call,
        fut: impl std::future::Future<
            Output = Result<T, SdkError<E, aws_sdk_sts::config::http::HttpResponse>>,
        >,
    ) -> Result<T, AwsError>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.runtime
            .block_on(call.service, fut)?
            .map_err(|e| map_error(call, e))
    }

    /// A client signing with `credentials`, and the counter of its attempts. The endpoint
    /// override is checked first, naming where it may have come from (the adapter is not told
    /// which of them it was).
    fn client(
        &self,
        credentials: &Credentials,
    ) -> Result<(aws_sdk_sts::Client, Attempts), AwsError> {
        if let Some(url) = &self.endpoint.url {
            super::check_endpoint_url(
                url,
                "the STS endpoint (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or endpoint_url)",
            )?;
        }
        let attempts = Attempts::default();
        let mut config = aws_sdk_sts::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(self.endpoint.region.clone()))
            .credentials_provider(sdk_credentials(credentials))
            .timeout_config(timeouts())
            .retry_config(
                aws_sdk_sts::config::retry::RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS),
            )
            .interceptor(attempts.clone())
            .interceptor(WholeReply);
        if let Some(url) = &self.endpoint.url {
            config = config.endpoint_url(url);
        }
        Ok((aws_sdk_sts::Client::from_conf(config.build()), attempts))
    }

    fn call<'a>(&'a self, operation: &'static str, attempts: &'a Attempts) -> Call<'a> {
        Call {
            service: "STS",
            operation,
            endpoint: Box::new(|| shown_endpoint(&self.endpoint, default_sts_endpoint)),
            attempts,
        }
    }
}

impl Sts for SdkSts {
    fn get_session_token(
        &self,
        credentials: &Credentials,
        duration_seconds: u64,
        mfa: Option<&Mfa>,
    ) -> Result<Credentials, AwsError> {
        let (client, attempts) = self.client(credentials)?;
        let mut req = client
            .get_session_token()
            .duration_seconds(i32::try_from(duration_seconds).unwrap_or(i32::MAX));
        if let Some(mfa) = mfa {
            req = req
                .serial_number(mfa.serial.as_str())
                .token_code(mfa.code.expose_secret());
        }
        let out = self.run(&self.call("GetSessionToken", &attempts), req.send())?;
        from_sdk(out.credentials(), "GetSessionToken")
    }

    fn assume_role(
        &self,
        credentials: &Credentials,
        request: &AssumeRoleRequest,
        mfa: Option<&Mfa>,
    ) -> Result<Credentials, AwsError> {
        let (client, attempts) = self.client(credentials)?;
        let mut req = client
            .assume_role()
            .role_arn(request.role_arn.to_string())
            .role_session_name(&request.session_name)
            .duration_seconds(i32::try_from(request.duration_seconds).unwrap_or(i32::MAX))
            .set_external_id(request.external_id.clone())
            .set_source_identity(request.source_identity.clone());
        for (key, value) in &request.tags {
            let tag = aws_sdk_sts::types::Tag::builder()
                .key(key)
                .value(value)
                .build()
                .map_err(|_| AwsError::Other {
                    service: "STS",
                    operation: "AssumeRole",
                    message: format!("session tag {key} needs a key and a value"),
                })?;
            req = req.tags(tag);
        }
        for key in &request.transitive_tag_keys {
            req = req.transitive_tag_keys(key);
        }
        if let Some(mfa) = mfa {
            req = req
                .serial_number(mfa.serial.as_str())
                .token_code(mfa.code.expose_secret());
        }
        let out = self.run(&self.call("AssumeRole", &attempts), req.send())?;
        from_sdk(out.credentials(), "AssumeRole")
    }

    fn get_caller_identity(&self, credentials: &Credentials) -> Result<CallerIdentity, AwsError> {
        let (client, attempts) = self.client(credentials)?;
        let out = self.run(
            &self.call("GetCallerIdentity", &attempts),
            client.get_caller_identity().send(),
        )?;
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
        let (client, attempts) = self.client(credentials)?;
        let req = client
            .get_federation_token()
            .name(name)
            .policy(policy)
            .duration_seconds(i32::try_from(duration_seconds).unwrap_or(i32::MAX));
        let out = self.run(&self.call("GetFederationToken", &attempts), req.send())?;
        from_sdk(out.credentials(), "GetFederationToken")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Hint as _;

    fn said<'a>(status: u16, code: Option<&'a str>, message: &'a str) -> Said<'a> {
        Said {
            status,
            code,
            message: Some(message),
        }
    }

    #[test]
    fn replies_are_classified_by_code_and_status() {
        let attempts = Attempts::default();
        attempts.0.store(3, Ordering::Relaxed);
        let call = Call {
            service: "STS",
            operation: "AssumeRole",
            endpoint: Box::new(|| "http://127.0.0.1:9".to_string()),
            attempts: &attempts,
        };
        let table: Vec<(Said, &str, &str)> = vec![
            (
                said(400, Some("Throttling"), "Rate exceeded"),
                "STS AssumeRole was throttled by AWS: Throttling: Rate exceeded",
                "awsx retried 2 times with backoff; try again in a minute",
            ),
            (
                said(503, Some("ServiceUnavailable"), "Service is unavailable"),
                "STS AssumeRole failed on AWS's side: HTTP 503, ServiceUnavailable: Service is unavailable",
                "awsx retried 2 times with backoff; AWS may be having trouble",
            ),
            (
                said(500, None, "<html>"),
                "STS AssumeRole failed on AWS's side: HTTP 500, with no AWS error in the reply",
                "awsx retried 2 times",
            ),
            (
                said(200, None, "ignored"),
                "STS AssumeRole: its reply (HTTP 200) could not be read as a AssumeRole answer",
                "nothing was stored",
            ),
            (
                said(
                    403,
                    Some("ExpiredToken"),
                    "The security token included in the request is expired",
                ),
                "the credentials were rejected as expired or invalid (STS AssumeRole): ExpiredToken: The security token included in the request is expired",
                "awsx add --force",
            ),
            (
                said(403, Some("AccessDenied"), "not authorized"),
                "access denied: not authorized (STS AssumeRole)",
                "trusts your base user",
            ),
            (
                said(
                    403,
                    Some("AccessDenied"),
                    "MultiFactorAuthentication failed",
                ),
                "AWS rejected the MFA code",
                "clock",
            ),
            (
                said(
                    409,
                    Some("LimitExceeded"),
                    "Cannot exceed quota for AccessKeysPerUser: 2",
                ),
                "STS AssumeRole failed: LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2",
                "run again",
            ),
        ];
        for (said, message, hint) in table {
            let e = classify(&call, said.clone());
            assert_eq!(e.to_string(), message, "{said:?}");
            assert!(e.hint().contains(hint), "{said:?}: {}", e.hint());
        }
    }

    #[test]
    fn defaulted_credentials_are_refused() {
        let full = [
            ("access key id", "ASIAEXAMPLE"),
            ("secret access key", "s3cr3t"),
            ("session token", "t0ken"),
        ];
        assert_eq!(checked_expiration(full, 2_000, 1_000), Ok(2_000));
        // What the SDK fills in for a reply cut off mid-document.
        let err = checked_expiration(
            [
                ("access key id", "ASIAEXAMPLE"),
                ("secret access key", ""),
                ("session token", ""),
            ],
            0,
            1_000,
        )
        .expect_err("incomplete");
        assert_eq!(
            err,
            "its reply held incomplete credentials (no secret access key, no session token)"
        );
        assert!(!err.contains("ASIAEXAMPLE"));
        assert_eq!(
            checked_expiration(full, 0, 1_000),
            Err("its reply held credentials without an expiration".into())
        );
        assert!(
            checked_expiration(full, 500, 1_000)
                .expect_err("expired")
                .contains("expired at 1970-01-01T00:08:20Z")
        );
    }

    #[test]
    fn connection_failures_are_named_by_kind() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(connection_problem(&refused), "connection refused");
        #[derive(Debug)]
        struct Dns(std::io::Error);
        impl std::fmt::Display for Dns {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("dns error")
            }
        }
        impl std::error::Error for Dns {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let lookup = Dns(std::io::Error::other(
            "failed to lookup address information: Name or service not known",
        ));
        assert_eq!(
            connection_problem(&lookup),
            "the host name could not be resolved (Name or service not known)"
        );
    }

    #[test]
    fn only_whole_documents_pass() {
        let whole = "<AResponse xmlns=\"x\"><B>1</B></AResponse>";
        assert!(is_whole_document(whole.as_bytes()));
        assert!(is_whole_document(
            format!("<?xml version=\"1.0\"?>\n{whole}\n").as_bytes()
        ));
        for bad in [
            format!("{whole}x"),
            format!("{whole}<"),
            format!("x{whole}"),
            whole[..whole.len() - 3].to_string(),
            "<AResponse><B>1</B>".to_string(),
            "<html><body>portal</body></html> ".to_string() + "<p>",
            String::new(),
        ] {
            assert!(!is_whole_document(bad.as_bytes()), "{bad}");
        }
        assert!(!is_whole_document(b"<A></A>\xff"));
    }

    #[test]
    fn the_default_endpoint_is_the_sdks() {
        assert_eq!(
            default_sts_endpoint("eu-west-1"),
            "https://sts.eu-west-1.amazonaws.com"
        );
    }
}
