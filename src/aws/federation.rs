//! The console federation endpoint (`getSigninToken`), over HTTPS with the AWS SDK's own HTTP
//! connector (hyper + rustls on aws-lc-rs, native roots), so that awsx has one TLS stack and
//! trusts one root store for STS, IAM and the console alike. A seam: the login
//! command sees only the `Federation` trait. The request URL and the answer are credentials:
//! neither is logged, and errors never include them.

use super::AwsError;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

pub trait Federation {
    /// GET the `getSigninToken` URL and return the `SigninToken` it answers with.
    fn signin_token(&self, url: &SecretString) -> Result<SecretString, AwsError>;
}

/// The federation endpoint over the SDK's connector, on the factory's shared runtime.
pub struct HttpFederation {
    pub(crate) runtime: super::sdk::Runtime,
}

/// The endpoint of a sign-in URL without its query (which holds the session's credentials or
/// the sign-in token), for messages.
fn endpoint_shown(url: &SecretString) -> String {
    let shown = url
        .expose_secret()
        .parse::<http::Uri>()
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

/// The whole exchange may take this long (the connect and read limits are inside it).
const TIMEOUT: Duration = Duration::from_secs(30);

/// GET `url` with the SDK's default connector; the status and body of the answer.
async fn get(url: &SecretString) -> Result<(u16, Vec<u8>), GetError> {
    use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorSettings};
    let settings = HttpConnectorSettings::builder()
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(TIMEOUT)
        .build();
    let sleep = aws_smithy_async::rt::sleep::SharedAsyncSleep::new(
        aws_smithy_async::rt::sleep::TokioSleep::new(),
    );
    let connector = aws_smithy_http_client::default_connector(&settings, Some(sleep))
        .ok_or(GetError::Other("no HTTPS connector is built in"))?;
    let mut request =
        aws_smithy_runtime_api::http::Request::new(aws_smithy_types::body::SdkBody::empty());
    // The error would quote the URL: say only that it is not one.
    request
        .set_uri(url.expose_secret())
        .map_err(|_| GetError::Other("the sign-in URL is not a URL"))?;
    let response = connector.call(request).await.map_err(GetError::Connect)?;
    let status = response.status().as_u16();
    let body = aws_smithy_types::byte_stream::ByteStream::new(response.into_body())
        .collect()
        .await
        .map_err(|_| GetError::Other("the sign-in endpoint's answer could not be read"))?
        .to_vec();
    Ok((status, body))
}

enum GetError {
    Connect(aws_smithy_runtime_api::client::result::ConnectorError),
    Other(&'static str),
}

impl Federation for HttpFederation {
    fn signin_token(&self, url: &SecretString) -> Result<SecretString, AwsError> {
        let failed = |message: String| AwsError::Other {
            service: "console federation",
            operation: "getSigninToken",
            message,
        };
        let unreachable = |message: String| AwsError::Unreachable {
            service: "console federation",
            endpoint: endpoint_shown(url),
            message,
        };
        let answer = self.runtime.block_on("console federation", async {
            tokio::time::timeout(TIMEOUT, get(url)).await
        })?;
        let (status, body) = match answer {
            Err(_) => return Err(unreachable("timed out".into())),
            Ok(Ok(answer)) => answer,
            // The connector's errors may quote the URL: say only what kind of failure it was.
            Ok(Err(GetError::Connect(e))) => {
                let kind = if e.is_timeout() {
                    "timed out".to_string()
                } else if e.is_io() {
                    super::sdk::connection_problem(&e)
                } else {
                    "the request failed".to_string()
                };
                return Err(unreachable(kind));
            }
            Ok(Err(GetError::Other(message))) => return Err(failed(message.into())),
        };
        let status = http::StatusCode::from_u16(status)
            .map_err(|_| failed(format!("the sign-in endpoint answered HTTP {status}")))?;
        if !status.is_success() {
            return Err(failed(format!(
                "the sign-in endpoint answered HTTP {status}"
            )));
        }
        let text = String::from_utf8(body)
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
