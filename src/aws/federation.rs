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
            let kind = match e {
                ureq::Error::Io(_) | ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
                    "could not connect"
                }
                ureq::Error::Timeout(_) => "timed out",
                _ => "the request failed",
            };
            AwsError::Unreachable {
                service: "console federation",
                endpoint: "the sign-in endpoint".into(),
                message: kind.into(),
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
        Ok(SecretString::from(answer.signin_token))
    }
}
