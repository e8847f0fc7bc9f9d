//! Faults on the wire and how awsx reports them: damaged replies (a `CorruptingProxy` in front
//! of moto: junk after the XML, a document cut off, a field missing, another document),
//! throttling and 5xx (`FakeSts`: moto cannot be made to throttle), unreachable endpoints and
//! endpoint URLs that are not URLs, and a cached session that AWS rejects as revoked.
//! On every path: exit 1, one `error:` line and one `hint:` line, and no piece of a secret
//! (secret key, session token, MFA code) on stdout or stderr.

use crate::support::{
    Awsx, Corrupt, CorruptingProxy, FakeFederation, FakeSts, FaultProxy, GDS_CONFIG, Moto, Run,
    assert_no_secret, have, sts_credentials_xml, sts_error_xml,
};
use std::time::{Duration, Instant};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const MFA: &str = "arn:aws:iam::398263320410:mfa/jane.doe";
/// The MFA code given on the command line: a secret too.
const CODE: &str = "864209";

/// A temp HOME with the GDS config, keys for gds-users in the file vault, STS at `url`.
fn setup(url: &str) -> Awsx {
    let awsx = Awsx::new().config(GDS_CONFIG).env("AWS_ENDPOINT_URL", url);
    awsx.add_keys("gds-users", ID, SECRET);
    awsx
}

/// The run failed with exactly one `error:` line and one `hint:` line (notes starting with
/// `awsx:` aside), nothing on stdout, and nothing that looks like an SDK `Debug` dump.
/// Returns the two lines.
#[track_caller]
fn one_error(run: &Run) -> (String, String) {
    assert_eq!(run.code(), 1, "stderr:\n{}", run.stderr());
    assert_eq!(run.stdout(), "", "stdout stays empty");
    let stderr = run.stderr();
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("awsx: ") && !l.starts_with("warning: "))
        .collect();
    assert_eq!(lines.len(), 2, "one error and one hint:\n{stderr}");
    assert!(
        lines[0].starts_with("error: ") && lines[1].starts_with("hint: "),
        "{stderr}"
    );
    for dump in [
        "SdkError",
        "ServiceError",
        "DispatchFailure",
        "ConnectorError",
        "raw:",
        "body:",
        "Response {",
        "<?xml",
        "</",
    ] {
        assert!(!stderr.contains(dump), "a dump ({dump}) in:\n{stderr}");
    }
    assert!(lines[0].len() < 400, "one short line: {}", lines[0]);
    (lines[0].to_string(), lines[1].to_string())
}

/// No piece of the base secret, the MFA code or any of `secrets` on stdout or stderr.
#[track_caller]
fn no_secrets(run: &Run, secrets: &[String]) {
    let mut all: Vec<&str> = secrets.iter().map(String::as_str).collect();
    all.push(SECRET);
    for text in [run.stdout(), run.stderr()] {
        assert_no_secret(&text, &all);
        assert!(!text.contains(CODE), "the MFA code is in:\n{text}");
        assert!(!text.contains("TokenCode"), "a request body is in:\n{text}");
    }
}

fn sessions(awsx: &Awsx) -> String {
    awsx.run(&["list", "--sessions"]).success().stdout()
}

#[test]
fn damaged_session_token_replies_are_errors_that_show_no_secret() {
    let Some(moto) = Moto::start() else { return };
    for corrupt in [
        Corrupt::JunkAfter,
        Corrupt::BadByteAfter,
        Corrupt::CutBefore("<Expiration>"),
        Corrupt::CutBefore("</Credentials>"),
        Corrupt::CutBefore("</GetSessionTokenResult>"),
        Corrupt::Without("Expiration"),
        Corrupt::Without("SessionToken"),
        Corrupt::Truncated,
        Corrupt::Html,
    ] {
        let proxy = CorruptingProxy::start(
            &moto.url,
            Box::new(move |action, _| (action == "GetSessionToken").then_some(corrupt)),
        );
        let awsx = setup(&proxy.url);
        let run = awsx.run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ]);
        assert_eq!(
            run.code(),
            1,
            "{corrupt:?} gave credentials: {}",
            run.stdout()
        );
        let (error, hint) = one_error(&run);
        assert!(
            error.starts_with("error: STS GetSessionToken: its reply"),
            "{corrupt:?}: {error}"
        );
        assert!(hint.contains("nothing was stored"), "{corrupt:?}: {hint}");
        let secrets = proxy.secrets();
        assert!(!secrets.is_empty(), "moto's reply carried the session");
        no_secrets(&run, &secrets);
        assert_eq!(sessions(&awsx), "", "{corrupt:?}: nothing cached");
    }
}

#[test]
fn a_reply_without_an_expiration_is_not_credentials_from_1970() {
    let Some(moto) = Moto::start() else { return };
    let proxy = CorruptingProxy::start(
        &moto.url,
        Box::new(|action, _| {
            (action == "GetSessionToken").then_some(Corrupt::Without("Expiration"))
        }),
    );
    let awsx = setup(&proxy.url);
    let run = awsx.run(&["export", "gds-users", "--format", "json"]);
    let (error, _) = one_error(&run);
    assert_eq!(
        error,
        "error: STS GetSessionToken: its reply held credentials without an expiration"
    );
    no_secrets(&run, &proxy.secrets());
}

#[test]
fn damaged_role_replies_are_errors_that_show_no_secret() {
    let Some(moto) = Moto::start() else { return };
    for corrupt in [
        Corrupt::JunkAfter,
        Corrupt::BadByteAfter,
        Corrupt::CutBefore("</AssumeRoleResult>"),
        Corrupt::Without("SessionToken"),
        Corrupt::Truncated,
    ] {
        let proxy = CorruptingProxy::start(
            &moto.url,
            Box::new(move |action, _| (action == "AssumeRole").then_some(corrupt)),
        );
        let awsx = setup(&proxy.url);
        let run = awsx.run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ]);
        assert_eq!(
            run.code(),
            1,
            "{corrupt:?} gave credentials: {}",
            run.stdout()
        );
        let (error, _) = one_error(&run);
        assert!(
            error.starts_with("error: STS AssumeRole: its reply"),
            "{corrupt:?}: {error}"
        );
        no_secrets(&run, &proxy.secrets());
        assert_eq!(
            sessions(&awsx),
            format!("session sts.GetSessionToken gds-users {MFA}\n"),
            "{corrupt:?}: the good session is kept, no role session"
        );
    }
}

#[test]
fn login_federated_with_damaged_replies_asks_for_no_sign_in_token() {
    let Some(moto) = Moto::start() else { return };
    let fed = FakeFederation::start();
    let proxy = CorruptingProxy::start(
        &moto.url,
        Box::new(|action, _| match action {
            "GetFederationToken" => Some(Corrupt::JunkAfter),
            "AssumeRole" => Some(Corrupt::Without("Expiration")),
            _ => None,
        }),
    );
    let awsx = setup(&proxy.url).env("AWSX_FEDERATION_URL", &fed.url);
    // A plain user: GetFederationToken.
    let run = awsx.run(&["login", "--federated", "--stdout", "gds-users"]);
    let (error, _) = one_error(&run);
    assert!(
        error.starts_with("error: STS GetFederationToken: its reply"),
        "{error}"
    );
    no_secrets(&run, &proxy.secrets());
    // A role: AssumeRole.
    let run = awsx.run(&[
        "login",
        "--federated",
        "--stdout",
        "production-infrastructure",
        "--mfa-token",
        CODE,
    ]);
    let (error, _) = one_error(&run);
    assert_eq!(
        error,
        "error: STS AssumeRole: its reply held credentials without an expiration"
    );
    no_secrets(&run, &proxy.secrets());
    assert!(fed.queries().is_empty(), "no sign-in token was asked for");
}

#[test]
fn an_endpoint_that_is_not_a_url_is_refused_before_any_request() {
    let awsx = setup("not a url");
    let run = awsx.run(&[
        "exec",
        "production-infrastructure",
        "--mfa-token",
        CODE,
        "--",
        "true",
    ]);
    let (error, hint) = one_error(&run);
    assert_eq!(
        error,
        "error: the STS endpoint (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or endpoint_url) is not a URL: `not a url` (it cannot be parsed as a URL)"
    );
    assert!(hint.contains("https://"), "{hint}");
    no_secrets(&run, &[]);

    let run = awsx.run(&[
        "login",
        "--federated",
        "--stdout",
        "production-infrastructure",
        "--mfa-token",
        CODE,
    ]);
    let (error, _) = one_error(&run);
    assert!(error.contains("is not a URL: `not a url`"), "{error}");
    no_secrets(&run, &[]);

    // rotate knows where each endpoint came from.
    let run = awsx.run(&["rotate", "gds-users", "--mfa-token", CODE]);
    let (error, _) = one_error(&run);
    assert_eq!(
        error,
        "error: AWS_ENDPOINT_URL is not a URL: `not a url` (it cannot be parsed as a URL)"
    );
    no_secrets(&run, &[]);
    let run = awsx
        .clone_env()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_ENDPOINT_URL_IAM", "iam.example.com")
        .run(&["rotate", "gds-users", "--mfa-token", CODE]);
    let (error, _) = one_error(&run);
    assert_eq!(
        error,
        "error: AWS_ENDPOINT_URL_IAM is not a URL: `iam.example.com` (it has no scheme, e.g. https://)"
    );
}

#[test]
fn throttling_and_server_errors_are_retried_then_reported_in_one_line() {
    let html = "<html><body>Internal Server Error</body></html>".to_string();
    let cases: Vec<(u16, String, &str, &str)> = vec![
        (
            400,
            sts_error_xml("Throttling", "Rate exceeded"),
            "error: STS GetSessionToken was throttled by AWS: Throttling: Rate exceeded",
            "hint: awsx retried 2 times with backoff; try again in a minute",
        ),
        (
            503,
            sts_error_xml("ServiceUnavailable", "Service is unavailable"),
            "error: STS GetSessionToken failed on AWS's side: HTTP 503, ServiceUnavailable: Service is unavailable",
            "hint: awsx retried 2 times with backoff; AWS may be having trouble: try again in a minute (https://health.aws.amazon.com)",
        ),
        (
            500,
            html,
            "error: STS GetSessionToken failed on AWS's side: HTTP 500, with no AWS error in the reply",
            "hint: awsx retried 2 times with backoff; AWS may be having trouble: try again in a minute (https://health.aws.amazon.com)",
        ),
    ];
    for (status, body, want_error, want_hint) in cases {
        let fake = FakeSts::start(vec![
            ("GetSessionToken", status, body.clone()),
            ("GetSessionToken", status, body.clone()),
            ("GetSessionToken", status, body.clone()),
        ]);
        let awsx = setup(&fake.url);
        let run = awsx.run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ]);
        let (error, hint) = one_error(&run);
        assert_eq!((error.as_str(), hint.as_str()), (want_error, want_hint));
        assert_eq!(fake.seen(), ["GetSessionToken"; 3], "three attempts");
        no_secrets(&run, &[]);
    }
}

#[test]
fn unreachable_endpoints_are_one_short_line() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    for (url, want) in [
        (
            closed.clone(),
            format!("error: could not reach STS at {closed}: connection refused"),
        ),
        (
            // .invalid never resolves (RFC 2606), with or without a network.
            "http://nonexistent.invalid:1".to_string(),
            "error: could not reach STS at http://nonexistent.invalid:1: the host name could not be resolved".to_string(),
        ),
    ] {
        let awsx = setup(&url);
        let started = Instant::now();
        let run = awsx.run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ]);
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "a bound, not a speed test: {:?}",
            started.elapsed()
        );
        let (error, hint) = one_error(&run);
        assert!(error.starts_with(&want), "{error}");
        assert!(hint.contains("check your network"), "{hint}");
        no_secrets(&run, &[]);
    }
}

#[test]
fn a_cached_session_that_aws_rejects_is_dropped() {
    let expired = sts_error_xml(
        "ExpiredToken",
        "The security token included in the request is expired",
    );
    // A stand-in: moto cannot be made to revoke a session it issued.
    let fake = FakeSts::start(vec![
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
        ("AssumeRole", 403, expired),
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
    ]);
    let awsx = setup(&fake.url);
    awsx.run(&[
        "exec",
        "production-operator",
        "--mfa-token",
        CODE,
        "--",
        "true",
    ])
    .success();
    // The session is cached: no MFA code needed for another role, until AWS rejects it.
    let run = awsx.run(&["exec", "production-infrastructure", "--", "true"]);
    let (error, hint) = one_error(&run);
    assert_eq!(
        error,
        "error: the cached session for gds-users was rejected by AWS (revoked or expired); it was dropped: run again (STS AssumeRole: ExpiredToken: The security token included in the request is expired)"
    );
    assert!(hint.contains("starts a new session"), "{hint}");
    assert!(!hint.contains("--force"), "{hint}");
    no_secrets(
        &run,
        &[
            "fakeSecretFromTheFakeSts0000000000000000".into(),
            "fakeSessionTokenFromTheFakeSts".into(),
        ],
    );
    assert_eq!(sessions(&awsx), "", "the session and its roles are gone");
    // Run again: a new session, then the role.
    awsx.run(&[
        "exec",
        "production-infrastructure",
        "--mfa-token",
        CODE,
        "--",
        "true",
    ])
    .success();
    assert_eq!(
        fake.seen(),
        [
            "GetSessionToken",
            "AssumeRole",
            "AssumeRole",
            "GetSessionToken",
            "AssumeRole"
        ]
    );
}

#[test]
fn a_rejected_cached_role_session_drops_only_that_role() {
    let invalid = sts_error_xml(
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    );
    let fake = FakeSts::start(vec![
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
        ("AssumeRole", 403, invalid),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
    ]);
    let awsx = setup(&fake.url);
    awsx.run(&[
        "exec",
        "production-infrastructure",
        "--mfa-token",
        CODE,
        "--",
        "true",
    ])
    .success();
    // backups-operator chains from the cached production-infrastructure role session.
    let run = awsx.run(&["exec", "backups-operator", "--", "true"]);
    let (error, _) = one_error(&run);
    assert!(
        error.starts_with(
            "error: the cached role session for production-infrastructure was rejected by AWS (revoked or expired); it was dropped: run again"
        ),
        "{error}"
    );
    assert_eq!(
        sessions(&awsx),
        format!("session sts.GetSessionToken gds-users {MFA}\n"),
        "the base session stays"
    );
    // Again, with no MFA code: the session token is still good, so no prompt is needed.
    awsx.run(&["exec", "backups-operator", "--", "true"])
        .success();
    assert_eq!(
        fake.seen(),
        [
            "GetSessionToken",
            "AssumeRole",
            "AssumeRole",
            "AssumeRole",
            "AssumeRole"
        ]
    );
}

/// Run the AWS CLI against moto as an administrator would.
fn aws(awsx: &Awsx, moto: &Moto, args: &[&str]) -> serde_json::Value {
    let out = awsx
        .command("aws")
        .args(args)
        .args(["--output", "json"])
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWS_ACCESS_KEY_ID", "AKIAADMINADMINADMIN1")
        .env("AWS_SECRET_ACCESS_KEY", "admin")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .output()
        .expect("aws");
    let run = Run(out).success();
    serde_json::from_str(&run.stdout()).unwrap_or(serde_json::Value::Null)
}

/// moto with an IAM user jane.doe whose key is in the vault as gds-users.
fn iam_setup() -> Option<(Moto, Awsx, String)> {
    let moto = Moto::start()?;
    if !have("aws") {
        assert!(
            std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
            "aws CLI missing"
        );
        return None;
    }
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWSX_IAM_RETRY_SECONDS", "2");
    aws(
        &awsx,
        &moto,
        &["iam", "create-user", "--user-name", "jane.doe"],
    );
    let key = aws(
        &awsx,
        &moto,
        &["iam", "create-access-key", "--user-name", "jane.doe"],
    );
    let field = |name: &str| key["AccessKey"][name].as_str().expect("field").to_string();
    awsx.add_keys(
        "gds-users",
        &field("AccessKeyId"),
        &field("SecretAccessKey"),
    );
    Some((moto, awsx, field("AccessKeyId")))
}

fn iam_keys(awsx: &Awsx, moto: &Moto) -> Vec<String> {
    aws(
        awsx,
        moto,
        &["iam", "list-access-keys", "--user-name", "jane.doe"],
    )["AccessKeyMetadata"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k["AccessKeyId"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The stored key works: STS says who it belongs to.
fn stored_key_works(awsx: &Awsx) -> String {
    let run = awsx
        .run(&[
            "exec",
            "gds-users",
            "--no-session",
            "--",
            "sh",
            "-c",
            "echo $AWS_ACCESS_KEY_ID; aws sts get-caller-identity --output json",
        ])
        .success();
    assert!(run.stdout().contains(":user/jane.doe"), "{}", run.stdout());
    run.stdout().lines().next().unwrap_or_default().to_string()
}

#[test]
fn rotate_with_an_unreadable_create_access_key_reply_leaves_no_key_behind() {
    let Some((moto, awsx, old)) = iam_setup() else {
        return;
    };
    for corrupt in [
        Corrupt::JunkAfter,
        Corrupt::BadByteAfter,
        Corrupt::CutBefore("<CreateDate>"),
        Corrupt::Truncated,
    ] {
        let proxy = CorruptingProxy::start(
            &moto.url,
            Box::new(move |action, _| (action == "CreateAccessKey").then_some(corrupt)),
        );
        let run = awsx.clone_env().env("AWS_ENDPOINT_URL", &proxy.url).run(&[
            "rotate",
            "gds-users",
            "--mfa-token",
            CODE,
        ]);
        let (error, hint) = one_error(&run);
        assert!(
            error.starts_with("error: IAM CreateAccessKey: its reply")
                && error.contains("; the key it created (****")
                && error.ends_with(") was deleted again"),
            "{corrupt:?}: {error}"
        );
        assert_eq!(
            hint,
            "hint: your stored key still works; run `awsx rotate gds-users` again"
        );
        let secrets = proxy.secrets();
        assert!(
            !secrets.is_empty(),
            "moto's reply carried the new key's secret"
        );
        no_secrets(&run, &secrets);
        assert_eq!(
            iam_keys(&awsx, &moto),
            std::slice::from_ref(&old),
            "{corrupt:?}"
        );
        assert_eq!(stored_key_works(&awsx), old);
    }
    // Nothing blocks the next rotate.
    awsx.run(&["rotate", "gds-users", "--mfa-token", CODE])
        .success();
    let new = stored_key_works(&awsx);
    assert_ne!(new, old);
    assert_eq!(iam_keys(&awsx, &moto), [new]);
}

#[test]
fn rotate_names_the_key_to_delete_when_it_cannot_delete_it() {
    let Some((moto, awsx, old)) = iam_setup() else {
        return;
    };
    let corrupting = CorruptingProxy::start(
        &moto.url,
        Box::new(|action, _| (action == "CreateAccessKey").then_some(Corrupt::JunkAfter)),
    );
    let failing = FaultProxy::start(
        &corrupting.url,
        Box::new(|action, _| {
            (action == "DeleteAccessKey").then(|| (403, sts_error_xml("AccessDenied", "injected")))
        }),
    );
    let run = awsx
        .clone_env()
        .env("AWS_ENDPOINT_URL", &failing.url)
        .run(&["rotate", "gds-users", "--mfa-token", CODE]);
    let (error, hint) = one_error(&run);
    no_secrets(&run, &corrupting.secrets());
    let keys = iam_keys(&awsx, &moto);
    let left: Vec<&String> = keys.iter().filter(|k| **k != old).collect();
    assert_eq!(left.len(), 1, "{keys:?}");
    let left = left[0];
    assert!(
        error.ends_with(&format!("the key it created could not be deleted: {left}")),
        "{error}"
    );
    assert!(
        hint.contains(&format!(
            "`aws iam delete-access-key --user-name jane.doe --access-key-id {left}`"
        )),
        "{hint}"
    );
    assert_eq!(stored_key_works(&awsx), old);
    // Doing what the hint says unblocks rotate.
    aws(
        &awsx,
        &moto,
        &[
            "iam",
            "delete-access-key",
            "--user-name",
            "jane.doe",
            "--access-key-id",
            left,
        ],
    );
    awsx.run(&["rotate", "gds-users", "--mfa-token", CODE])
        .success();
    assert_ne!(stored_key_works(&awsx), old);
}

/// A bad `session_tags` is a config error: it stops the run before any STS call, with its own
/// hint, instead of surfacing as "STS AssumeRole failed ... run again" (issue 11); and
/// `config check` points at its line.
#[test]
fn bad_session_tags_fail_before_any_sts_call() {
    let fake = FakeSts::start(vec![]);
    let config = format!(
        "{GDS_CONFIG}\n[profile tagged]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/tagged\nsession_tags = team=infra,oops\n"
    );
    let awsx = Awsx::new()
        .config(&config)
        .env("AWS_ENDPOINT_URL", &fake.url);
    awsx.add_keys("gds-users", ID, SECRET);
    let run = awsx.run(&["exec", "tagged", "--mfa-token", CODE, "--", "true"]);
    let (error, hint) = one_error(&run);
    // Where it is written, as `config check` says it (issue 11).
    let at = format!(
        "{}:{}",
        awsx.path("config").display(),
        config.lines().count()
    );
    assert_eq!(
        error,
        format!("error: {at}: profile `tagged`: session_tags entry \"oops\" is not key=value")
    );
    assert_eq!(hint, "hint: write session_tags = key1=value1,key2=value2");
    assert_eq!(fake.seen(), Vec::<String>::new(), "no STS call at all");
    assert_no_secret(&run.stderr(), &[SECRET, CODE]);

    let run = awsx.run(&["config", "check"]).failure();
    let line = config.lines().count();
    let at = format!("{}:{line}: ", awsx.path("config").display());
    assert!(
        run.stdout()
            .lines()
            .any(|l| l.starts_with(&at) && l.contains("session_tags entry \"oops\"")),
        "{at}: {}",
        run.stdout()
    );
}

/// A role ARN or MFA device STS would refuse is a config error found when the plan is made:
/// `exec` and `export` stop with the file and line before any MFA code is asked for (the
/// `mfa_process` never runs) and before any STS call; an environment device is checked the same
/// way; `explain` still shows the plan, with a warning; `config check` points at both lines.
#[test]
fn a_bad_role_arn_or_mfa_serial_fails_before_any_code_or_sts_call() {
    let fake = FakeSts::start(vec![]);
    let dir = tempfile::tempdir().expect("tempdir");
    let marker = dir.path().join("mfa_process-ran");
    let process = format!("touch '{}'; echo {CODE}", marker.display());
    let config = format!(
        "{GDS_CONFIG}\n[profile short-account]\nsource_profile = gds-users\n\
         role_arn = arn:aws:iam::05001965502:role/typo\nmfa_serial = {MFA}\nmfa_process = {process}\n\
         [profile user-arn]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/ok\n\
         mfa_serial = arn:aws:iam::398263320410:user/jane.doe\nmfa_process = {process}\n"
    );
    let awsx = Awsx::new()
        .config(&config)
        .env("AWS_ENDPOINT_URL", &fake.url);
    awsx.add_keys("gds-users", ID, SECRET);
    let path = awsx.path("config").display().to_string();
    let line_of = |needle: &str| {
        1 + config
            .lines()
            .position(|l| l.starts_with(needle))
            .expect("line in config")
    };
    let arn_line = line_of("role_arn = arn:aws:iam::05001965502:");
    let mfa_line = line_of("mfa_serial = arn:aws:iam::398263320410:user/");

    for args in [
        &["exec", "short-account", "--", "true"][..],
        &["export", "short-account"],
    ] {
        let (error, hint) = one_error(&awsx.run(args));
        assert_eq!(
            error,
            format!(
                "error: {path}:{arn_line}: profile `short-account`: role_arn `arn:aws:iam::05001965502:role/typo` is not a role ARN"
            ),
            "{args:?}"
        );
        assert!(
            hint.starts_with("hint: write it as arn:aws:iam::<12-digit account>:role/<name>"),
            "{hint}"
        );
    }
    let run = awsx.run(&["exec", "user-arn", "--", "true"]);
    let (error, hint) = one_error(&run);
    assert_eq!(
        error,
        format!(
            "error: {path}:{mfa_line}: profile `user-arn`: mfa_serial `arn:aws:iam::398263320410:user/jane.doe` is not an MFA device ARN or serial number"
        )
    );
    assert!(
        hint.starts_with("hint: copy the device ARN from IAM"),
        "{hint}"
    );
    assert_no_secret(&run.stderr(), &[SECRET, CODE]);

    // The environment's device wins over the profiles': it is checked before anything else.
    let run = awsx.clone_env().env("AWS_MFA_SERIAL", "jane").run(&[
        "exec",
        "production-infrastructure",
        "--",
        "true",
    ]);
    let (error, hint) = one_error(&run);
    assert_eq!(
        error,
        "error: AWS_MFA_SERIAL: `jane` is not an MFA device ARN or serial number"
    );
    assert!(hint.ends_with("or unset AWS_MFA_SERIAL"), "{hint}");

    assert!(!marker.exists(), "no MFA code was asked for");
    assert_eq!(fake.seen(), Vec::<String>::new(), "no STS call at all");

    // explain shows what the config says, and what is wrong with it.
    let run = awsx.run(&["explain", "short-account", "--json"]).success();
    assert_eq!(
        run.json()["steps"][2]["role_arn"],
        "arn:aws:iam::05001965502:role/typo"
    );
    assert!(
        run.stderr().contains(&format!(
            "warning: {path}:{arn_line}: profile `short-account`: role_arn `arn:aws:iam::05001965502:role/typo` is not a role ARN; awsx will not use this profile until it is fixed\nhint: "
        )),
        "{}",
        run.stderr()
    );

    let run = awsx.run(&["config", "check"]).failure();
    for (line, needle) in [
        (arn_line, "is not a role ARN"),
        (mfa_line, "is not an MFA device ARN"),
    ] {
        assert!(
            run.stdout()
                .lines()
                .any(|l| l.starts_with(&format!("{path}:{line}: ")) && l.contains(needle)),
            "{line} {needle}: {}",
            run.stdout()
        );
    }
}
