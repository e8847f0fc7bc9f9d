//! The loopback container-credentials server of `awsx exec --server` (issue 12): an HTTP
//! endpoint on 127.0.0.1, an ephemeral port, that the child's SDKs poll through
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI` + `AWS_CONTAINER_AUTHORIZATION_TOKEN`, so that a run
//! longer than one role session gets fresh credentials.
//!
//! A seam: it owns the socket, the token and the answer's shape, and knows nothing of the
//! engine. Fresh credentials come from a closure the caller passes (`Fresh`), which is called
//! on the caller's thread, so it may prompt on the terminal. It never logs a secret: the
//! only things it says are HTTP statuses and the `Message` of a refusal.
//!
//! Who may ask: the token (256 bits from the OS CSPRNG, compared in constant time) keeps out
//! other local users and processes; the `Host` check keeps out web pages that rebind a DNS
//! name to 127.0.0.1 (their requests carry their own host name). See docs/security.md.
//! The wire format is the one the SDKs' container provider reads:
//! <https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html>.

use crate::secret::Credentials;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// Credentials are fetched again when less than this is left of them (the engine's own
/// reuse margin, so a refetch really gets new ones).
pub const REFRESH_MARGIN_SECONDS: u64 = crate::cache::MIN_REMAINING_SECONDS;

/// Why a request is not answered with credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 403: the Host header does not name this server (DNS rebinding), or is missing.
    Host,
    /// 405: not a GET.
    Method,
    /// 403: no Authorization header, or the wrong token.
    Token,
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Method => 405,
            Refusal::Host | Refusal::Token => 403,
        }
    }

    pub fn message(&self) -> &'static str {
        match self {
            Refusal::Host => "the Host header does not name this loopback server",
            Refusal::Method => "only GET is served",
            Refusal::Token => "missing or wrong Authorization token",
        }
    }
}

/// What one request carries that matters here.
pub struct Asked<'a> {
    pub method: &'a str,
    pub host: Option<&'a str>,
    pub authorization: Option<&'a str>,
}

/// Whether to answer a request with credentials. Pure.
pub fn check(asked: &Asked<'_>, token: &str, port: u16) -> Result<(), Refusal> {
    use subtle::ConstantTimeEq;
    let host_ok = asked.host.is_some_and(|host| {
        host.eq_ignore_ascii_case(&format!("127.0.0.1:{port}"))
            || host.eq_ignore_ascii_case(&format!("localhost:{port}"))
    });
    if !host_ok {
        return Err(Refusal::Host);
    }
    if asked.method != "GET" {
        return Err(Refusal::Method);
    }
    let given = asked.authorization.unwrap_or("").as_bytes();
    if !bool::from(given.ct_eq(token.as_bytes())) {
        return Err(Refusal::Token);
    }
    Ok(())
}

/// The JSON the container provider reads (`Token`, not `SessionToken`). A secret.
pub fn body(creds: &Credentials) -> SecretString {
    let mut doc = serde_json::json!({
        "AccessKeyId": creds.access_key_id.as_str(),
        "SecretAccessKey": creds.secret_access_key.expose_secret(),
    });
    if let Some(token) = &creds.session_token {
        doc["Token"] = token.expose_secret().into();
    }
    if let Some(at) = creds.expires_at {
        doc["Expiration"] = crate::timefmt::rfc3339_z(at).into();
    }
    SecretString::from(doc.to_string())
}

fn message_body(message: &str) -> String {
    serde_json::json!({ "Message": message }).to_string()
}

/// The credentials being served, and where new ones come from: `fetch` is asked again only
/// when those in hand have less than `REFRESH_MARGIN_SECONDS` left.
pub struct Fresh<F> {
    current: Option<Credentials>,
    fetch: F,
}

impl<F: FnMut() -> anyhow::Result<Credentials>> Fresh<F> {
    pub fn new(fetch: F) -> Self {
        Fresh {
            current: None,
            fetch,
        }
    }

    /// The credentials to serve at `now` (Unix seconds).
    pub fn get(&mut self, now: u64) -> anyhow::Result<Credentials> {
        if let Some(creds) = &self.current {
            let fresh = creds
                .expires_at
                .is_none_or(|at| at >= now + REFRESH_MARGIN_SECONDS);
            if fresh {
                return Ok(creds.clone());
            }
        }
        self.current = None;
        let creds = (self.fetch)()?;
        self.current = Some(creds.clone());
        Ok(creds)
    }
}

/// The listening server. Dropping it closes the port.
pub struct Server {
    http: tiny_http::Server,
    port: u16,
    token: SecretString,
}

impl Server {
    /// Listen on 127.0.0.1, a port the system picks, with a new random token.
    pub fn start() -> anyhow::Result<Server> {
        let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut bytes[..])
            .map_err(|e| anyhow::anyhow!("cannot get random bytes for the server token: {e}"))?;
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let http = tiny_http::Server::http("127.0.0.1:0")
            .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1: {e}"))?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| anyhow::anyhow!("the server has no IP address"))?;
        Ok(Server {
            http,
            port,
            token: SecretString::from(token),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
    pub fn uri(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
    pub fn token(&self) -> &SecretString {
        &self.token
    }

    /// Answer the requests that arrive within `wait` (at least one, if any comes). `fresh`
    /// gives the credentials, or an error whose text becomes the 500's `Message`.
    pub fn serve(
        &self,
        wait: Duration,
        fresh: &mut dyn FnMut() -> Result<Credentials, String>,
    ) -> std::io::Result<()> {
        let mut next = self.http.recv_timeout(wait)?;
        while let Some(request) = next {
            self.answer(request, fresh);
            next = self.http.try_recv()?;
        }
        Ok(())
    }

    fn answer(
        &self,
        request: tiny_http::Request,
        fresh: &mut dyn FnMut() -> Result<Credentials, String>,
    ) {
        let header = |name: &'static str| {
            request
                .headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        };
        let (host, authorization) = (header("Host"), header("Authorization"));
        let method = request.method().as_str().to_string();
        let asked = Asked {
            method: &method,
            host: host.as_deref(),
            authorization: authorization.as_deref(),
        };
        let (status, text) = match check(&asked, self.token.expose_secret(), self.port) {
            Err(refusal) => (refusal.status(), message_body(refusal.message())),
            Ok(()) => match fresh() {
                Ok(creds) => (200, body(&creds).expose_secret().to_string()),
                Err(message) => (500, message_body(&message)),
            },
        };
        let text = zeroize::Zeroizing::new(text);
        let mut response = tiny_http::Response::from_string(text.as_str()).with_status_code(status);
        if let Ok(h) = tiny_http::Header::from_bytes("Content-Type", "application/json") {
            response.add_header(h);
        }
        if status == 405
            && let Ok(h) = tiny_http::Header::from_bytes("Allow", "GET")
        {
            response.add_header(h);
        }
        // A client that hung up is its own problem; the next request is served as usual.
        let _ = request.respond(response);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{AccessKeyId, SecretAccessKey};

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn asked<'a>(method: &'a str, host: Option<&'a str>, auth: Option<&'a str>) -> Asked<'a> {
        Asked {
            method,
            host,
            authorization: auth,
        }
    }

    #[test]
    fn only_get_with_the_token_on_the_loopback_host_is_served() {
        let rows: [(&str, Option<&str>, Option<&str>, Result<(), Refusal>); 9] = [
            ("GET", Some("127.0.0.1:8080"), Some(TOKEN), Ok(())),
            ("GET", Some("localhost:8080"), Some(TOKEN), Ok(())),
            ("GET", Some("127.0.0.1:8080"), None, Err(Refusal::Token)),
            (
                "GET",
                Some("127.0.0.1:8080"),
                Some("x"),
                Err(Refusal::Token),
            ),
            (
                "GET",
                Some("127.0.0.1:8080"),
                Some(&TOKEN[1..]),
                Err(Refusal::Token),
            ),
            (
                "GET",
                Some("evil.example:8080"),
                Some(TOKEN),
                Err(Refusal::Host),
            ),
            (
                "GET",
                Some("127.0.0.1:9999"),
                Some(TOKEN),
                Err(Refusal::Host),
            ),
            ("GET", None, Some(TOKEN), Err(Refusal::Host)),
            (
                "POST",
                Some("127.0.0.1:8080"),
                Some(TOKEN),
                Err(Refusal::Method),
            ),
        ];
        for (method, host, auth, want) in rows {
            assert_eq!(
                check(&asked(method, host, auth), TOKEN, 8080),
                want,
                "{method} {host:?} {auth:?}"
            );
        }
    }

    fn creds(n: u64, expires_at: u64) -> Credentials {
        Credentials {
            access_key_id: AccessKeyId::new(format!("ASIA{n}")),
            secret_access_key: SecretAccessKey::new("secret".into()),
            session_token: Some(SecretString::from("tok".to_string())),
            expires_at: Some(expires_at),
        }
    }

    #[test]
    fn the_body_has_token_and_expiration() {
        let doc: serde_json::Value =
            serde_json::from_str(body(&creds(1, 0)).expose_secret()).expect("json");
        assert_eq!(doc["AccessKeyId"], "ASIA1");
        assert_eq!(doc["SecretAccessKey"], "secret");
        assert_eq!(doc["Token"], "tok");
        assert_eq!(doc["Expiration"], "1970-01-01T00:00:00Z");
    }

    #[test]
    fn credentials_are_fetched_again_only_near_their_end() {
        let mut n = 0;
        let mut fresh = Fresh::new(|| {
            n += 1;
            Ok(creds(n, 10_000))
        });
        assert_eq!(
            fresh.get(1_000).expect("first").access_key_id.as_str(),
            "ASIA1"
        );
        assert_eq!(
            fresh.get(9_000).expect("still").access_key_id.as_str(),
            "ASIA1"
        );
        assert_eq!(
            fresh.get(9_800).expect("near").access_key_id.as_str(),
            "ASIA2"
        );
    }
}
