//! A builder that runs `awsx` with nothing from the caller's environment but PATH, and HOME,
//! AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE pointing into a fresh temp dir.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const GDS_CONFIG: &str = include_str!("../../examples/gds-config");

pub struct Awsx {
    pub home: tempfile::TempDir,
    env: BTreeMap<String, String>,
}

#[allow(dead_code)]
impl Awsx {
    pub fn new() -> Self {
        let home = tempfile::tempdir().expect("temp home");
        let mut env = BTreeMap::new();
        env.insert(
            "PATH".to_string(),
            std::env::var("PATH").unwrap_or_default(),
        );
        env.insert("HOME".into(), home.path().display().to_string());
        env.insert(
            "AWS_CONFIG_FILE".into(),
            home.path().join("config").display().to_string(),
        );
        env.insert(
            "AWS_SHARED_CREDENTIALS_FILE".into(),
            home.path().join("credentials").display().to_string(),
        );
        env.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
        env.insert("NO_COLOR".into(), "1".into());
        // The file vault, in the temp dir: never the user's keychain.
        env.insert("AWSX_BACKEND".into(), "file".into());
        env.insert(
            "AWSX_FILE_DIR".into(),
            home.path().join("vault").display().to_string(),
        );
        env.insert("AWSX_FILE_PASSPHRASE".into(), "test passphrase".into());
        env.insert("AWSX_FILE_UNLOCK_TTL".into(), "0".into());
        env.insert(
            "XDG_RUNTIME_DIR".into(),
            home.path().join("run").display().to_string(),
        );
        Awsx { home, env }
    }

    pub fn bin() -> PathBuf {
        PathBuf::from(env!("CARGO_BIN_EXE_awsx"))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    pub fn config(self, text: &str) -> Self {
        std::fs::write(self.path("config"), text).expect("write config");
        self
    }

    pub fn credentials(self, text: &str) -> Self {
        std::fs::write(self.path("credentials"), text).expect("write credentials");
        self
    }

    /// Another builder on the same HOME and vault, with the same environment.
    pub fn clone_env(&self) -> Borrowed<'_> {
        Borrowed {
            awsx: self,
            extra: Vec::new(),
        }
    }

    pub fn without(mut self, key: &str) -> Self {
        self.env.remove(key);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<str>) -> Self {
        self.env.insert(key.to_string(), value.as_ref().to_string());
        self
    }

    /// A command with exactly this test's environment.
    pub fn command(&self, program: impl AsRef<Path>) -> Command {
        let mut cmd = Command::new(program.as_ref());
        cmd.env_clear()
            .envs(&self.env)
            .current_dir(self.home.path());
        cmd
    }

    /// `awsx add PROFILE --env` with these keys; must succeed.
    pub fn add_keys(&self, profile: &str, id: &str, secret: &str) -> Run {
        let mut cmd = self.command(Self::bin());
        cmd.args(["add", profile, "--env"])
            .env("AWS_ACCESS_KEY_ID", id)
            .env("AWS_SECRET_ACCESS_KEY", secret);
        Run(cmd.output().expect("run awsx add")).success()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = self
            .command(Self::bin())
            .args(args)
            .output()
            .expect("run awsx");
        Run(output)
    }
}

pub struct Run(pub Output);

#[allow(dead_code)]
impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }

    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(
            self.code(),
            0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn failure(self) -> Self {
        assert_eq!(
            self.code(),
            1,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout()).expect("stdout is JSON")
    }
}

/// Everything a pty session prints until it exits.
pub fn until_exit<S: expectrl::Expect>(session: &mut S) -> String {
    let found = session.expect(expectrl::Eof).expect("the program exits");
    let mut text = String::from_utf8_lossy(found.before()).into_owned();
    for m in found.matches() {
        text.push_str(&String::from_utf8_lossy(m));
    }
    text
}

/// Whether a program is on PATH (optional shells are tested only where installed).
pub fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|p| p.join(program).is_file()))
        .unwrap_or(false)
}

/// A moto server (STS and IAM) on a loopback port of its own, recording every request so a
/// test can count calls at the server side. `None` when moto is not installed and the test
/// script did not require it (AWSX_TEST_REQUIRE_MOTO).
pub struct Moto {
    child: std::process::Child,
    pub url: String,
    recording: PathBuf,
    _dir: tempfile::TempDir,
}

#[allow(dead_code)]
impl Moto {
    pub fn start() -> Option<Moto> {
        if !have("moto_server") {
            assert!(
                std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
                "moto_server is not on PATH"
            );
            eprintln!("moto_server not installed; skipped");
            return None;
        }
        use std::io::BufRead;
        let dir = tempfile::tempdir().expect("tmp");
        let recording = dir.path().join("recording.jsonl");
        let mut child = Command::new("moto_server")
            .args(["-H", "127.0.0.1", "-p", "0"])
            .env("MOTO_ENABLE_RECORDING", "True")
            .env("MOTO_RECORDER_FILEPATH", &recording)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start moto_server");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = std::io::BufReader::new(stderr).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("moto printed its address")
                .expect("read");
            if let Some(at) = line.find("http://127.0.0.1:") {
                break line[at..]
                    .split_whitespace()
                    .next()
                    .expect("url")
                    .to_string();
            }
        };
        // Keep draining moto's log so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Some(Moto {
            child,
            url,
            recording,
            _dir: dir,
        })
    }

    /// The `Action`s of the STS/IAM requests moto has received, in order.
    pub fn actions(&self) -> Vec<String> {
        use base64::Engine;
        let text = std::fs::read_to_string(&self.recording).unwrap_or_default();
        text.lines()
            .filter_map(|line| {
                let entry: serde_json::Value = serde_json::from_str(line).ok()?;
                let body = entry["body"].as_str()?;
                let body = if entry["body_encoded"].as_bool() == Some(true) {
                    String::from_utf8(
                        base64::engine::general_purpose::STANDARD
                            .decode(body)
                            .ok()?,
                    )
                    .ok()?
                } else {
                    body.to_string()
                };
                action_of(&body)
            })
            .collect()
    }

    pub fn count(&self, action: &str) -> usize {
        self.actions().iter().filter(|a| *a == action).count()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request as the loopback stand-ins below read it.
struct HttpRequest {
    /// The request line, e.g. `POST / HTTP/1.1`.
    line: String,
    /// The request line and headers (without `connection:`), for forwarding.
    head: String,
    body: Vec<u8>,
}

impl HttpRequest {
    /// Read one request, then hand back the stream for the reply.
    fn read(stream: std::net::TcpStream) -> (HttpRequest, std::net::TcpStream) {
        use std::io::{BufRead, Read};
        let mut reader = std::io::BufReader::new(stream);
        let (mut line, mut head, mut length) = (String::new(), String::new(), 0usize);
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
            let lower = header.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if line.is_empty() {
                line = header.trim_end().to_string();
            }
            if !lower.starts_with("connection:") {
                head.push_str(&header);
            }
        }
        let mut body = vec![0u8; length];
        let _ = reader.read_exact(&mut body);
        (HttpRequest { line, head, body }, reader.into_inner())
    }

    /// The AWS query-protocol `Action` of the body.
    fn action(&self) -> String {
        action_of(&String::from_utf8_lossy(&self.body)).unwrap_or_default()
    }
}

/// `Action=…` from a form-encoded AWS query body.
fn action_of(body: &str) -> Option<String> {
    body.split('&')
        .find_map(|kv| kv.strip_prefix("Action="))
        .map(str::to_string)
}

/// A complete response that closes the connection.
fn http_reply(status: u16, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A stand-in STS for faults moto cannot produce (a rejected MFA code, AccessDenied on
/// AssumeRole): answers each request with the next scripted reply for its Action.
pub struct FakeSts {
    pub url: String,
    pub seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

pub fn sts_credentials_xml(action: &str) -> String {
    format!(
        "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result><Credentials>\
         <AccessKeyId>ASIAFAKEFAKEFAKEFAKE</AccessKeyId><SecretAccessKey>fakeSecretFromTheFakeSts0000000000000000</SecretAccessKey>\
         <SessionToken>fakeSessionTokenFromTheFakeSts</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>\
         </Credentials></{action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{action}Response>"
    )
}

pub fn sts_error_xml(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
         <Code>{code}</Code><Message>{message}</Message></Error><RequestId>r</RequestId></ErrorResponse>"
    )
}

#[allow(dead_code)]
impl FakeSts {
    /// `replies`: (Action, HTTP status, body), taken in order for each Action.
    pub fn start(replies: Vec<(&str, u16, String)>) -> FakeSts {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        let mut replies: Vec<(String, u16, String)> = replies
            .into_iter()
            .map(|(a, s, b)| (a.to_string(), s, b))
            .collect();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (request, mut stream) = HttpRequest::read(stream);
                let action = request.action();
                log.lock().expect("log").push(action.clone());
                let (status, reply) = match replies.iter().position(|(a, _, _)| *a == action) {
                    Some(i) => {
                        let (_, s, b) = replies.remove(i);
                        (s, b)
                    }
                    None => (500, sts_error_xml("InternalFailure", "no scripted reply")),
                };
                let _ = stream.write_all(&http_reply(status, "text/xml", &reply));
            }
        });
        FakeSts { url, seen }
    }

    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("log").clone()
    }
}

/// A view of an `Awsx` with extra variables, sharing its HOME.
pub struct Borrowed<'a> {
    awsx: &'a Awsx,
    extra: Vec<(String, String)>,
}

#[allow(dead_code)]
impl Borrowed<'_> {
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.extra.push((key.to_string(), value.to_string()));
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = self.awsx.command(Awsx::bin());
        cmd.args(args).envs(self.extra.iter().map(|(k, v)| (k, v)));
        Run(cmd.output().expect("run awsx"))
    }
}

/// A stand-in for the console federation endpoint: records each request's path and query and
/// answers `getSigninToken` with a fixed token. It checks nothing itself; tests assert on what
/// it recorded.
pub struct FakeFederation {
    pub url: String,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

pub const FAKE_SIGNIN_TOKEN: &str = "SIGNIN-TOKEN-abc/123+xyz";

#[allow(dead_code)]
impl FakeFederation {
    pub fn start() -> FakeFederation {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/federation", listener.local_addr().expect("addr"));
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (request, mut stream) = HttpRequest::read(stream);
                let target = request
                    .line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("")
                    .to_string();
                log.lock().expect("log").push(target);
                let body = serde_json::json!({ "SigninToken": FAKE_SIGNIN_TOKEN }).to_string();
                let _ = stream.write_all(&http_reply(200, "application/json", &body));
            }
        });
        FakeFederation { url, seen }
    }

    /// The query parameters of each request, percent-decoded.
    pub fn queries(&self) -> Vec<std::collections::BTreeMap<String, String>> {
        self.seen
            .lock()
            .expect("log")
            .iter()
            .map(|target| {
                let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
                query
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (k.to_string(), percent_decode(v)))
                    .collect()
            })
            .collect()
    }
}

pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A proxy in front of moto that fails chosen calls, for faults moto cannot be made to produce
/// (IAM's eventual consistency, a DeleteAccessKey that fails). `fail(action, earlier_actions)`
/// returns a reply to send instead of forwarding.
pub struct FaultProxy {
    pub url: String,
}

type FaultRule = dyn Fn(&str, &[String]) -> Option<(u16, String)> + Send + Sync;

#[allow(dead_code)]
impl FaultProxy {
    pub fn start(upstream: &str, fail: Box<FaultRule>) -> FaultProxy {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let upstream = upstream.trim_start_matches("http://").to_string();
        std::thread::spawn(move || {
            let mut history: Vec<String> = Vec::new();
            for stream in listener.incoming().flatten() {
                let (request, mut client) = HttpRequest::read(stream);
                let action = request.action();
                let reply = match fail(&action, &history) {
                    Some((status, xml)) => http_reply(status, "text/xml", &xml),
                    None => forward(&upstream, &request),
                };
                history.push(action);
                let _ = client.write_all(&reply);
            }
        });
        FaultProxy { url }
    }
}

/// Send one request to `upstream` (host:port) and return its whole raw response.
fn forward(upstream: &str, request: &HttpRequest) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut up = std::net::TcpStream::connect(upstream).expect("upstream");
    let _ = up.write_all(request.head.as_bytes());
    let _ = up.write_all(b"connection: close\r\n\r\n");
    let _ = up.write_all(&request.body);
    let mut response = Vec::new();
    let _ = up.read_to_end(&mut response);
    response
}

/// What `CorruptingProxy` does to a reply on its way back from moto.
#[derive(Debug, Clone, Copy)]
pub enum Corrupt {
    /// One junk byte after the XML document.
    JunkAfter,
    /// One byte that is not UTF-8 after the XML document.
    BadByteAfter,
    /// The document ends just before the first occurrence of this text, with a content-length
    /// that matches: a well-framed reply that is not the whole document.
    CutBefore(&'static str),
    /// The element with this name is taken out: a well-formed document lacking a field.
    Without(&'static str),
    /// Half the body is sent while content-length promises all of it, then the connection
    /// closes.
    Truncated,
    /// Another document in its place: an HTML page with status 200.
    Html,
}

impl Corrupt {
    /// The new body, and the content-length to claim when it is not the body's.
    fn apply(self, body: &str) -> (Vec<u8>, Option<usize>) {
        match self {
            Corrupt::JunkAfter => (format!("{body}x").into_bytes(), None),
            Corrupt::BadByteAfter => {
                let mut bytes = body.as_bytes().to_vec();
                bytes.push(0xff);
                (bytes, None)
            }
            Corrupt::CutBefore(marker) => {
                let at = body.find(marker).unwrap_or(body.len() / 2);
                (body.as_bytes()[..at].to_vec(), None)
            }
            Corrupt::Without(name) => {
                let (open, close) = (format!("<{name}>"), format!("</{name}>"));
                let out = match (body.find(&open), body.find(&close)) {
                    (Some(a), Some(b)) => format!("{}{}", &body[..a], &body[b + close.len()..]),
                    _ => body.to_string(),
                };
                (out.into_bytes(), None)
            }
            Corrupt::Truncated => (body.as_bytes()[..body.len() / 2].to_vec(), Some(body.len())),
            Corrupt::Html => (
                b"<html><body><h1>Welcome to the captive portal</h1></body></html>".to_vec(),
                None,
            ),
        }
    }
}

type CorruptRule = dyn Fn(&str, &[String]) -> Option<Corrupt> + Send + Sync;

/// A proxy in front of moto that forwards every request (so moto really acts on it: a
/// CreateAccessKey really creates the key) and corrupts chosen replies on the way back, for
/// damaged replies moto cannot be made to send. `rule(action, earlier_actions)` picks the
/// corruption. It keeps moto's original replies, so a test knows the secrets they carried.
pub struct CorruptingProxy {
    pub url: String,
    originals: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

#[allow(dead_code)]
impl CorruptingProxy {
    pub fn start(upstream: &str, rule: Box<CorruptRule>) -> CorruptingProxy {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let upstream = upstream.trim_start_matches("http://").to_string();
        let originals = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = originals.clone();
        std::thread::spawn(move || {
            let mut history: Vec<String> = Vec::new();
            for stream in listener.incoming().flatten() {
                let (request, mut client) = HttpRequest::read(stream);
                let action = request.action();
                let response = forward(&upstream, &request);
                let text = String::from_utf8_lossy(&response).into_owned();
                let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
                kept.lock().expect("originals").push(body.to_string());
                let reply = match rule(&action, &history) {
                    None => response,
                    Some(corrupt) => {
                        let (body, promised) = corrupt.apply(body);
                        let mut lines = head.lines();
                        let status = lines.next().unwrap_or("HTTP/1.1 200 OK").to_string();
                        let mut out = format!("{status}\r\n");
                        for line in lines {
                            let lower = line.to_ascii_lowercase();
                            if !lower.starts_with("content-length:")
                                && !lower.starts_with("connection:")
                                && !lower.starts_with("transfer-encoding:")
                            {
                                out.push_str(line);
                                out.push_str("\r\n");
                            }
                        }
                        out.push_str(&format!(
                            "content-length: {}\r\nconnection: close\r\n\r\n",
                            promised.unwrap_or(body.len())
                        ));
                        let mut out = out.into_bytes();
                        out.extend_from_slice(&body);
                        out
                    }
                };
                history.push(action);
                let _ = client.write_all(&reply);
            }
        });
        CorruptingProxy { url, originals }
    }

    /// Every secret value (`SecretAccessKey`, `SessionToken`) in the replies moto sent.
    pub fn secrets(&self) -> Vec<String> {
        let mut found = Vec::new();
        for body in self.originals.lock().expect("originals").iter() {
            for name in ["SecretAccessKey", "SessionToken"] {
                let (open, close) = (format!("<{name}>"), format!("</{name}>"));
                let mut rest = body.as_str();
                while let Some(a) = rest.find(&open) {
                    let after = &rest[a + open.len()..];
                    let Some(b) = after.find(&close) else { break };
                    found.push(after[..b].to_string());
                    rest = &after[b..];
                }
            }
        }
        found
    }
}

/// Assert that no part of any secret (no 12 consecutive characters of it) is in `text`.
#[track_caller]
pub fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        let chars: Vec<char> = secret.chars().collect();
        let width = chars.len().min(12);
        for window in chars.windows(width.max(1)) {
            let piece: String = window.iter().collect();
            assert!(
                !text.contains(&piece),
                "a piece of a secret ({piece:?}) is in:\n{text}"
            );
        }
    }
}
