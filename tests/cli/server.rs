//! `exec --server` (issue 12): the real AWS CLI reads credentials from awsx's loopback
//! container endpoint (moto behind it); strangers are refused; credentials near their end are
//! fetched again without a prompt; signals reach the child and its status comes back; the port
//! closes with awsx. The child of these runs is a small shell script that writes the endpoint
//! to a file and waits for the test to say `done`, so the test can make its own requests.

use crate::support::{Awsx, FakeSts, GDS_CONFIG, Moto, have, sts_credentials_xml, until_exit};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// Writes `URI TOKEN` to ./endpoint, runs `then`, waits for ./done, exits 7.
const WAITING_CHILD: &str = r#"printf '%s %s\n' "$AWS_CONTAINER_CREDENTIALS_FULL_URI" "$AWS_CONTAINER_AUTHORIZATION_TOKEN" > endpoint.tmp
env | grep -E '^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)=' > keys-in-env
mv endpoint.tmp endpoint
eval "$THEN"
while [ ! -e done ]; do sleep 0.05; done
exit 7"#;

fn aws_cli_or_skip() -> bool {
    if have("aws") {
        return true;
    }
    assert!(
        std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
        "aws CLI missing"
    );
    false
}

fn setup(url: &str) -> Awsx {
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", url)
        .env("AWS_DEFAULT_REGION", "eu-west-1");
    awsx.add_keys("gds-users", ID, SECRET);
    awsx
}

/// `awsx exec --server ARGS… -- sh -c WAITING_CHILD`, with `then` run by the child first.
fn start(awsx: &Awsx, args: &[&str], then: &str) -> Child {
    let mut cmd = awsx.command(Awsx::bin());
    cmd.arg("exec")
        .arg("--server")
        .args(args)
        .args(["--", "sh", "-c", WAITING_CHILD])
        .env("THEN", then)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.spawn().expect("start awsx")
}

/// The endpoint's port and token, once the child has written them.
fn endpoint(dir: &Path, child: &mut Child) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(text) = std::fs::read_to_string(dir.join("endpoint")) {
            let (uri, token) = text.trim().split_once(' ').expect("uri and token");
            let port = uri
                .strip_prefix("http://127.0.0.1:")
                .and_then(|rest| rest.strip_suffix('/'))
                .and_then(|p| p.parse().ok())
                .unwrap_or_else(|| panic!("FULL_URI is loopback with a port: {uri}"));
            return (port, token.to_string());
        }
        if let Some(status) = child.try_wait().expect("wait") {
            let mut err = String::new();
            let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut err));
            panic!("awsx exited early ({status}): {err}");
        }
        assert!(Instant::now() < deadline, "the child never started");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One HTTP request by hand (the test is the client here): status and body.
fn request(port: u16, method: &str, host: &str, token: Option<&str>) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let auth = token
        .map(|t| format!("Authorization: {t}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} / HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\nContent-Length: 0\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    let status = reply
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an HTTP status: {reply}"));
    let body = reply
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn finish(dir: &Path, child: Child) -> (std::process::ExitStatus, String, String) {
    std::fs::write(dir.join("done"), "").expect("done");
    let out = child.wait_with_output().expect("wait");
    (
        out.status,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_aws_cli_uses_the_endpoint_and_strangers_are_refused() {
    let Some(moto) = Moto::start() else { return };
    if !aws_cli_or_skip() {
        return;
    }
    let awsx = setup(&moto.url);
    let dir = awsx.home.path().to_path_buf();
    let mut child = start(
        &awsx,
        &["production-infrastructure", "--mfa-token", "123456"],
        "aws sts get-caller-identity --output json",
    );
    let (port, token) = endpoint(&dir, &mut child);
    assert!(token.len() >= 32, "at least 128 bits: {token}");
    let host = format!("127.0.0.1:{port}");

    let (status, body) = request(port, "GET", &host, Some(&token));
    assert_eq!(status, 200, "{body}");
    let served: serde_json::Value = serde_json::from_str(&body).expect("json");
    for key in ["AccessKeyId", "SecretAccessKey", "Token", "Expiration"] {
        assert!(served[key].is_string(), "{key} in {body}");
    }
    let role_secret = served["SecretAccessKey"]
        .as_str()
        .expect("secret")
        .to_string();
    let role_token = served["Token"].as_str().expect("token").to_string();

    let refused = [
        ("GET", host.clone(), None, 403),
        ("GET", host.clone(), Some("wrong"), 403),
        ("GET", host.clone(), Some(&token[1..]), 403),
        // DNS rebinding: a web page's request names its own host.
        (
            "GET",
            format!("attacker.example:{port}"),
            Some(token.as_str()),
            403,
        ),
        ("GET", "127.0.0.1:1".to_string(), Some(token.as_str()), 403),
        ("POST", host.clone(), Some(token.as_str()), 405),
        ("PUT", host.clone(), Some(token.as_str()), 405),
    ];
    for (method, host, token, want) in refused {
        let (status, body) = request(port, method, &host, token);
        assert_eq!(
            status, want,
            "{method} Host: {host} token {token:?}: {body}"
        );
        let doc: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert!(doc["Message"].is_string(), "{body}");
        assert!(!body.contains(&role_secret), "{body}");
    }

    let (status, stdout, stderr) = finish(&dir, child);
    assert_eq!(status.code(), Some(7), "the child's status: {stderr}");
    let identity: serde_json::Value = serde_json::from_str(&stdout).expect("caller identity");
    let arn = identity["Arn"].as_str().expect("arn");
    assert!(
        arn.starts_with("arn:aws:sts::050019655025:assumed-role/infrastructure/"),
        "{arn}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("keys-in-env")).expect("env dump"),
        "",
        "no key variables in the child's environment"
    );
    assert!(
        stderr.contains("awsx: production-infrastructure → infrastructure in 050019655025"),
        "{stderr}"
    );
    for secret in [SECRET, &role_secret, &role_token, &token] {
        assert!(!stderr.contains(secret), "secret on stderr: {stderr}");
        assert!(!stdout.contains(secret), "secret on stdout: {stdout}");
    }
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the port is closed after the child exits"
    );
}

/// A stand-in STS (moto's role credentials live as long as asked, at least the 900 s awsx
/// allows, so they cannot be made to run out within a test): every AssumeRole answers
/// credentials with two minutes left, less than the five minutes awsx wants left, so each
/// request to the endpoint must get new ones, from the cached MFA session, with no prompt.
fn short_lived(key_id: &str, left: u64) -> String {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        + left;
    let days = at / 86_400;
    let (h, m, s) = (at % 86_400 / 3600, at % 3600 / 60, at % 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let expiration = format!("{year:04}-{month:02}-{d:02}T{h:02}:{m:02}:{s:02}Z");
    sts_credentials_xml("AssumeRole")
        .replace("ASIAFAKEFAKEFAKEFAKE", key_id)
        .replace("2099-01-01T00:00:00Z", &expiration)
}

#[test]
fn credentials_near_their_end_are_fetched_again_without_a_prompt() {
    let sts = FakeSts::start(vec![
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, short_lived("ASIAFIRSTFIRSTFIRST1", 120)),
        ("AssumeRole", 200, short_lived("ASIASECONDSECONDSEC2", 120)),
        ("AssumeRole", 200, short_lived("ASIATHIRDTHIRDTHIRD3", 120)),
    ]);
    let awsx = setup(&sts.url);
    let dir = awsx.home.path().to_path_buf();
    let mut child = start(
        &awsx,
        &["production-infrastructure", "--mfa-token", "123456"],
        "",
    );
    let (port, token) = endpoint(&dir, &mut child);
    let host = format!("127.0.0.1:{port}");
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (status, body) = request(port, "GET", &host, Some(&token));
        assert_eq!(status, 200, "{body}");
        let doc: serde_json::Value = serde_json::from_str(&body).expect("json");
        ids.push(doc["AccessKeyId"].as_str().expect("id").to_string());
    }
    assert_eq!(ids, ["ASIASECONDSECONDSEC2", "ASIATHIRDTHIRDTHIRD3"]);
    let (status, _, stderr) = finish(&dir, child);
    assert_eq!(status.code(), Some(7), "{stderr}");
    assert_eq!(
        sts.seen(),
        ["GetSessionToken", "AssumeRole", "AssumeRole", "AssumeRole"],
        "one MFA session for every refresh"
    );
    assert!(!stderr.contains("MFA code"), "no prompt: {stderr}");
    assert!(!stderr.contains("fakeSecretFromTheFakeSts"), "{stderr}");
}

#[test]
fn when_the_mfa_session_runs_out_without_a_terminal_the_child_gets_500_and_stderr_one_line() {
    // Stand-in STS, as above: the MFA session itself has two minutes left, so the first
    // refresh needs a new MFA code, and there is no terminal to ask on.
    let session = short_lived("ASIASESSIONSESSION01", 120).replace("AssumeRole", "GetSessionToken");
    let sts = FakeSts::start(vec![
        ("GetSessionToken", 200, session),
        ("AssumeRole", 200, short_lived("ASIAFIRSTFIRSTFIRST1", 120)),
    ]);
    let awsx = setup(&sts.url);
    let dir = awsx.home.path().to_path_buf();
    let mut child = start(
        &awsx,
        &["production-infrastructure", "--mfa-token", "123456"],
        "",
    );
    let (port, token) = endpoint(&dir, &mut child);
    let host = format!("127.0.0.1:{port}");
    for _ in 0..2 {
        let (status, body) = request(port, "GET", &host, Some(&token));
        assert_eq!(status, 500, "{body}");
        let doc: serde_json::Value = serde_json::from_str(&body).expect("json");
        let message = doc["Message"].as_str().expect("Message");
        assert!(message.contains("production-infrastructure"), "{message}");
        assert!(message.contains("terminal"), "{message}");
    }
    let (status, _, stderr) = finish(&dir, child);
    assert_eq!(status.code(), Some(7), "the child kept running: {stderr}");
    assert_eq!(
        stderr.matches("cannot get fresh credentials").count(),
        1,
        "said once: {stderr}"
    );
    assert_eq!(
        sts.seen(),
        ["GetSessionToken", "AssumeRole"],
        "the spent code is not resent"
    );
    assert!(!stderr.contains("fakeSecretFromTheFakeSts"), "{stderr}");
}

#[test]
fn lazy_fetches_nothing_until_asked() {
    let sts = FakeSts::start(vec![
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
    ]);
    let awsx = setup(&sts.url);
    let dir = awsx.home.path().to_path_buf();
    let mut child = start(
        &awsx,
        &[
            "production-infrastructure",
            "--lazy",
            "--mfa-token",
            "123456",
        ],
        "",
    );
    let (port, token) = endpoint(&dir, &mut child);
    assert!(sts.seen().is_empty(), "{:?}", sts.seen());
    let (status, body) = request(port, "GET", &format!("localhost:{port}"), Some(&token));
    assert_eq!(status, 200, "{body}");
    assert_eq!(sts.seen(), ["GetSessionToken", "AssumeRole"]);
    let (status, _, stderr) = finish(&dir, child);
    assert_eq!(status.code(), Some(7), "{stderr}");
}

fn kill(pid: u32, signal: &str) {
    let ok = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("kill")
        .success();
    assert!(ok, "kill -{signal} {pid}");
}

#[test]
fn signals_are_passed_on_and_the_status_comes_back() {
    let sts = FakeSts::start(vec![
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
    ]);
    let awsx = setup(&sts.url);
    let dir = awsx.home.path().to_path_buf();
    // A child that exits by the default action of SIGTERM: awsx exits with 128+15.
    let mut child = start(
        &awsx,
        &["production-infrastructure", "--mfa-token", "123456"],
        "exec sleep 60",
    );
    endpoint(&dir, &mut child);
    std::thread::sleep(Duration::from_millis(200));
    kill(child.id(), "TERM");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(143),
        "awsx survives the signal, passes it on, and reports it: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A child that traps SIGHUP and exits 5 with it: awsx exits 5.
    std::fs::remove_file(dir.join("endpoint")).expect("rm");
    let mut child = start(
        &awsx,
        &["production-infrastructure"],
        "trap 'exit 5' HUP; while :; do sleep 0.05; done",
    );
    endpoint(&dir, &mut child);
    std::thread::sleep(Duration::from_millis(200));
    kill(child.id(), "HUP");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(5));
}

#[test]
fn ctrl_c_in_a_terminal_reaches_the_child_once() {
    use expectrl::Expect;
    let sts = FakeSts::start(vec![
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
    ]);
    let awsx = setup(&sts.url);
    let mut cmd = awsx.command(Awsx::bin());
    // The child counts the SIGINTs it gets and exits 10 + that count: awsx must not send the
    // terminal's Ctrl-C a second time (a second one makes terraform abort at once).
    cmd.args([
        "exec",
        "-s",
        "production-infrastructure",
        "-t",
        "123456",
        "--",
        "sh",
        "-c",
        "n=0; trap 'n=$((n+1))' INT; echo ready; while [ $n -eq 0 ]; do sleep 0.05; done; sleep 0.5; exit $((10+n))",
    ]);
    let mut session = expectrl::session::Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session.expect("ready").expect("the child runs");
    session
        .send(expectrl::ControlCode::EndOfText)
        .expect("Ctrl-C");
    let shown = until_exit(&mut session);
    let status = session.get_process().wait().expect("wait");
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 11)),
        "{status:?}: {shown}"
    );
}

#[test]
fn when_the_mfa_session_runs_out_the_terminal_is_asked_and_the_child_keeps_running() {
    use expectrl::Expect;
    // Stand-in STS, as above: the first MFA session has two minutes left, so the first
    // request needs a new one; awsx asks on its terminal while the request waits.
    let session = short_lived("ASIASESSIONSESSION01", 120).replace("AssumeRole", "GetSessionToken");
    let sts = FakeSts::start(vec![
        ("GetSessionToken", 200, session),
        ("AssumeRole", 200, short_lived("ASIAFIRSTFIRSTFIRST1", 120)),
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, short_lived("ASIASECONDSECONDSEC2", 3600)),
    ]);
    let awsx = setup(&sts.url);
    let dir = awsx.home.path().to_path_buf();
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args([
        "exec",
        "-s",
        "production-infrastructure",
        "-t",
        "123456",
        "--",
    ])
    .args(["sh", "-c", WAITING_CHILD])
    .env("THEN", "");
    let mut session = expectrl::session::Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    let deadline = Instant::now() + Duration::from_secs(30);
    while !dir.join("endpoint").exists() {
        assert!(Instant::now() < deadline, "the child never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    let text = std::fs::read_to_string(dir.join("endpoint")).expect("endpoint");
    let (uri, token) = text.trim().split_once(' ').expect("uri and token");
    let port: u16 = uri
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .expect("port");
    let token = token.to_string();
    let asked = std::thread::spawn(move || {
        request(port, "GET", &format!("127.0.0.1:{port}"), Some(&token))
    });
    session
        .expect("Enter MFA code for arn:aws:iam::398263320410:mfa/jane.doe: ")
        .expect("a new code is asked for on the terminal");
    session.send_line("654321").expect("code");
    let (status, body) = asked.join().expect("request");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("ASIASECONDSECONDSEC2"), "{body}");
    std::fs::write(dir.join("done"), "").expect("done");
    let shown = until_exit(&mut session);
    let status = session.get_process().wait().expect("wait");
    assert!(
        matches!(status, expectrl::process::unix::WaitStatus::Exited(_, 7)),
        "{status:?}: {shown}"
    );
    assert_eq!(
        sts.seen(),
        [
            "GetSessionToken",
            "AssumeRole",
            "GetSessionToken",
            "AssumeRole"
        ]
    );
    assert!(!shown.contains("fakeSecretFromTheFakeSts"), "{shown}");
}

/// Found by an adversarial run: with STS hanging in a refresh (or an MFA prompt waiting), a
/// child that exited left awsx running and its port open. A listener that accepts and never
/// answers stands in for the hanging STS (moto cannot hang).
#[test]
fn the_child_ending_ends_awsx_even_while_sts_hangs() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let held = std::thread::spawn(move || {
        // Keep every connection open, unanswered, until the test ends.
        listener.incoming().flatten().take(8).collect::<Vec<_>>()
    });
    let awsx = setup(&url);
    let dir = awsx.home.path().to_path_buf();
    // --lazy: the first request makes awsx call STS, which never answers; the child then
    // gives up on it and exits 5.
    let mut child = start(
        &awsx,
        &[
            "production-infrastructure",
            "--lazy",
            "--mfa-token",
            "123456",
        ],
        r#"(curl -s -m 30 -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" >/dev/null 2>&1 &) ; sleep 1; exit 5"#,
    );
    let (port, _token) = endpoint(&dir, &mut child);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "awsx still running after its child exited"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status.code(), Some(5));
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the port is still open"
    );
    drop(held);
}
