//! The console federation endpoint (`getSigninToken`), over HTTPS with ureq. A seam: the login
//! command sees only the `Federation` trait. The request URL and the answer are credentials:
//! neither is logged, and errors never include them.

use super::AwsError;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

pub trait Federation {
    /// GET the `getSigninToken` URL and return the `SigninToken` it answers with.
    fn signin_token(&self, url: &SecretString) -> Result<SecretString, AwsError>;
}

pub struct HttpFederation;

/// The endpoint of a sign-in URL without its query (which holds the session's credentials or
/// the sign-in token), for messages.
fn endpoint_shown(url: &SecretString) -> String {
    let shown = url
        .expose_secret()
        .parse::<ureq::http::Uri>()
        .ok()
        .and_then(|uri| {
            let host = uri.host()?;
            let port = uri.port_u16().map(|p| format!(":{p}")).unwrap_or_default();
            Some(format!(
                "{}://{host}{port}{}",
                uri.scheme_str()?,
                uri.path()
            ))
        });
    shown.unwrap_or_else(|| "the sign-in endpoint".into())
}

#[derive(serde::Deserialize)]
struct Answer {
    #[serde(rename = "SigninToken")]
    signin_token: String,
}

impl Federation for HttpFederation {
    fn signin_token(&self, url: &SecretString) -> Result<SecretString, AwsError> {
        let failed = |message: String| AwsError::Other {
            service: "console federation",
            operation: "getSigninToken",
            message,
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent.get(url.expose_secret()).call().map_err(|e| {
            // ureq's errors may quote the URL: say only what kind of failure it was.
            let kind = match &e {
                ureq::Error::Io(io) => super::sdk::connection_problem(io),
                ureq::Error::HostNotFound => "the host name could not be resolved".into(),
                ureq::Error::ConnectionFailed => "could not connect".into(),
                ureq::Error::Timeout(_) => "timed out".into(),
                _ => "the request failed".into(),
            };
            AwsError::Unreachable {
                service: "console federation",
                endpoint: endpoint_shown(url),
                message: kind,
            }
        })?;
        let status = response.status();
        if !status.is_success() {
            return Err(failed(format!(
                "the sign-in endpoint answered HTTP {status}"
            )));
        }
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|_| failed("the sign-in endpoint's answer could not be read".into()))?;
        let answer: Answer = serde_json::from_str(&text)
            .map_err(|_| failed("the sign-in endpoint's answer had no SigninToken".into()))?;
        if answer.signin_token.trim().is_empty() {
            return Err(failed(
                "the sign-in endpoint's answer had an empty SigninToken".into(),
            ));
        }
        Ok(SecretString::from(answer.signin_token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_is_shown_without_its_query() {
        let url = SecretString::from(
            "https://user:pw@signin.aws.amazon.com:8443/federation?Action=getSigninToken&Session=%7Bsecret%7D",
        );
        assert_eq!(
            endpoint_shown(&url),
            "https://signin.aws.amazon.com:8443/federation"
        );
        assert_eq!(
            endpoint_shown(&SecretString::from("not a url?Session=x")),
            "the sign-in endpoint"
        );
    }
}
