//! Credentials end to end: `exec`, `export`, `clear`, `list` sessions, against moto on loopback
//! with the real AWS CLI as the child and as a credential_process consumer. Faults moto cannot
//! produce (a rejected MFA code, AccessDenied) come from `FakeSts`.

use crate::support::{
    Awsx, FakeSts, GDS_CONFIG, Moto, Run, have, sts_credentials_xml, sts_error_xml,
};
use std::time::{Duration, Instant};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const MFA: &str = "arn:aws:iam::398263320410:mfa/jane.doe";

/// A temp HOME with the GDS config, keys for gds-users in the file vault, STS at `url`.
fn setup(url: &str) -> Awsx {
    let awsx = Awsx::new().config(GDS_CONFIG).env("AWS_ENDPOINT_URL", url);
    awsx.add_keys("gds-users", ID, SECRET);
    awsx
}

fn no_secrets(run: &Run) {
    for text in [run.stdout(), run.stderr()] {
        assert!(!text.contains(SECRET), "base secret leaked: {text}");
    }
}

#[test]
fn exec_gives_the_aws_cli_the_role_with_one_session_for_all_roles() {
    let Some(moto) = Moto::start() else { return };
    if !have("aws") {
        assert!(
            std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
            "aws CLI missing"
        );
        return;
    }
    let awsx = setup(&moto.url);
    let run = awsx.run(&[
        "exec",
        "production-infrastructure",
        "--mfa-token",
        "123456",
        "--",
        "aws",
        "sts",
        "get-caller-identity",
        "--output",
        "json",
    ]);
    let run = run.success();
    no_secrets(&run);
    let identity: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    let arn = identity["Arn"].as_str().expect("arn");
    assert!(
        arn.starts_with("arn:aws:sts::050019655025:assumed-role/infrastructure/"),
        "{arn}"
    );
    assert!(
        arn.ends_with("/jane.doe"),
        "session name from the MFA device: {arn}"
    );
    assert_eq!(moto.count("GetSessionToken"), 1);
    assert_eq!(moto.count("AssumeRole"), 1);

    // Another role on the same base and device: no MFA needed (no --mfa-token, no terminal),
    // exactly one more STS request.
    let before = moto.actions().len();
    awsx.run(&["exec", "production-operator", "--", "true"])
        .success();
    assert_eq!(moto.actions()[before..], ["AssumeRole".to_string()]);

    // Repeating the first: no STS request at all.
    let before = moto.actions().len();
    awsx.run(&["exec", "production-infrastructure", "--", "true"])
        .success();
    assert_eq!(moto.actions().len(), before);

    // list shows the live sessions with time left; clear removes them.
    let list = awsx.run(&["list"]).success().stdout();
    let row = |profile: &str| -> Vec<String> {
        list.lines()
            .find(|l| l.split_whitespace().next() == Some(profile))
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        row("gds-users"),
        ["gds-users", "gds-users", "sts.GetSessionToken:8h", "0d"],
        "{list}"
    );
    assert_eq!(
        row("production-infrastructure"),
        [
            "production-infrastructure",
            "gds-users",
            "sts.AssumeRole:1h",
            "0d"
        ],
        "{list}"
    );
    assert!(list.starts_with("Profile "), "{list}");
    assert_eq!(
        list.lines()
            .next()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["Profile", "Credentials", "Sessions", "Key", "age"])
    );
    let explain = awsx
        .run(&["explain", "production-infrastructure"])
        .success()
        .stdout();
    assert!(explain.contains("[cached, 1h left]"), "{explain}");
    assert_eq!(
        awsx.run(&["clear", "production-operator"])
            .success()
            .stdout(),
        "Cleared 1 session.\n"
    );
    assert_eq!(
        awsx.run(&["clear"]).success().stdout(),
        "Cleared 2 sessions.\n"
    );
    assert_eq!(awsx.run(&["list", "--sessions"]).success().stdout(), "");
}

#[test]
fn parallel_cold_runs_share_one_mfa_code_and_one_session() {
    let Some(moto) = Moto::start() else { return };
    let awsx = setup(&moto.url);
    // mfa_process counts how many codes were asked for.
    let counter = awsx.path("codes");
    let config = GDS_CONFIG.replace(
        "[profile production-infrastructure]\n",
        &format!(
            "[profile production-infrastructure]\nmfa_process = echo x >> '{}'; echo 123456\n",
            counter.display()
        ),
    );
    std::fs::write(awsx.path("config"), config).expect("config");
    let children: Vec<_> = (0..6)
        .map(|_| {
            awsx.command(Awsx::bin())
                .args(["export", "production-infrastructure", "--format", "process"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    let mut keys = Vec::new();
    for child in children {
        let out = Run(child.wait_with_output().expect("wait")).success();
        let json: serde_json::Value = serde_json::from_str(&out.stdout()).expect("json");
        keys.push(json["AccessKeyId"].as_str().expect("id").to_string());
    }
    assert_eq!(
        std::fs::read_to_string(&counter)
            .expect("codes")
            .lines()
            .count(),
        1
    );
    assert_eq!(moto.count("GetSessionToken"), 1);
    assert_eq!(moto.count("AssumeRole"), 1);
    keys.dedup();
    assert_eq!(
        keys.len(),
        1,
        "every run got the same cached role credentials"
    );
}

#[test]
fn the_aws_cli_uses_awsx_as_credential_process() {
    let Some(moto) = Moto::start() else { return };
    if !have("aws") {
        assert!(
            std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
            "aws CLI missing"
        );
        return;
    }
    let awsx = setup(&moto.url);
    let config = format!(
        "{GDS_CONFIG}\n[profile via-awsx]\nregion = eu-west-1\ncredential_process = {} export --format process production-infrastructure --mfa-token 654321\n",
        Awsx::bin().display()
    );
    std::fs::write(awsx.path("config"), config).expect("config");
    let out = awsx
        .command("aws")
        .args([
            "sts",
            "get-caller-identity",
            "--profile",
            "via-awsx",
            "--output",
            "json",
        ])
        .output()
        .expect("aws");
    let run = Run(out).success();
    let identity: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    assert!(
        identity["Arn"]
            .as_str()
            .expect("arn")
            .contains(":assumed-role/infrastructure/"),
        "{identity}"
    );
}

#[test]
fn the_childs_environment_is_exactly_as_specified() {
    let Some(moto) = Moto::start() else { return };
    let awsx = setup(&moto.url)
        .env("AWS_PROFILE", "something-else")
        .env("AWS_DEFAULT_PROFILE", "x")
        .env("AWS_SDK_LOAD_CONFIG", "1")
        .env("AWS_SECURITY_TOKEN", "old")
        .env("AWS_CREDENTIAL_FILE", "/x")
        .env("KEEP_ME", "kept");
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            "123456",
            "--",
            "env",
        ])
        .success();
    let vars: std::collections::BTreeMap<String, String> = run
        .stdout()
        .lines()
        .filter_map(|l| {
            l.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    for gone in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_SDK_LOAD_CONFIG",
        "AWS_SECURITY_TOKEN",
        "AWS_CREDENTIAL_FILE",
    ] {
        assert!(!vars.contains_key(gone), "{gone} reached the child");
    }
    assert!(
        vars["AWS_ACCESS_KEY_ID"].starts_with("ASIA")
            || vars["AWS_ACCESS_KEY_ID"].starts_with("FSIA"),
        "{vars:?}"
    );
    assert!(!vars["AWS_SECRET_ACCESS_KEY"].is_empty());
    assert!(!vars["AWS_SESSION_TOKEN"].is_empty());
    assert_ne!(vars["AWS_SECRET_ACCESS_KEY"], SECRET);
    let expiration = &vars["AWS_CREDENTIAL_EXPIRATION"];
    assert!(
        expiration.len() == 20 && expiration.ends_with('Z'),
        "{expiration}"
    );
    assert_eq!(vars["AWS_REGION"], "eu-west-1");
    assert_eq!(vars["AWS_DEFAULT_REGION"], "eu-west-1");
    assert_eq!(vars["AWSX_PROFILE"], "production-infrastructure");
    assert_eq!(vars["AWS_VAULT"], "production-infrastructure");
    assert_eq!(vars["KEEP_ME"], "kept");
    // --region wins.
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "--region",
            "eu-west-2",
            "--",
            "env",
        ])
        .success();
    assert!(run.stdout().contains("\nAWS_REGION=eu-west-2\n"));
}

#[test]
fn exit_codes_nesting_and_missing_commands() {
    let Some(moto) = Moto::start() else { return };
    let awsx = setup(&moto.url);
    let run = awsx.run(&[
        "exec",
        "production-infrastructure",
        "--mfa-token",
        "123456",
        "--",
        "sh",
        "-c",
        "exit 7",
    ]);
    assert_eq!(run.code(), 7);
    let run = awsx.run(&[
        "exec",
        "production-infrastructure",
        "--",
        "no-such-command-awsx",
    ]);
    assert_eq!(run.code(), 127);
    assert!(
        run.stderr().contains("command not found"),
        "{}",
        run.stderr()
    );

    let nested = setup(&moto.url).env("AWS_VAULT", "outer");
    let run = nested
        .run(&["exec", "production-infrastructure", "--", "true"])
        .failure();
    assert!(
        run.stderr()
            .contains("already running with credentials for profile outer")
            && run.stderr().contains("--force"),
        "{}",
        run.stderr()
    );
    // AWS_PROFILE is the default profile.
    let by_env = awsx
        .clone_env()
        .env("AWS_PROFILE", "production-infrastructure");
    let run = by_env
        .run(&["exec", "--", "sh", "-c", "echo $AWSX_PROFILE"])
        .success();
    assert_eq!(run.stdout(), "production-infrastructure\n");
}

#[test]
fn export_formats() {
    let Some(moto) = Moto::start() else { return };
    let awsx = setup(&moto.url);
    let env = awsx
        .run(&[
            "export",
            "production-infrastructure",
            "--mfa-token",
            "123456",
        ])
        .success()
        .stdout();
    let names: Vec<&str> = env
        .lines()
        .map(|l| l.split('=').next().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "export AWS_ACCESS_KEY_ID",
            "export AWS_SECRET_ACCESS_KEY",
            "export AWS_SESSION_TOKEN",
            "export AWS_CREDENTIAL_EXPIRATION"
        ]
    );
    assert!(
        env.lines().last().unwrap_or("").ends_with("+00:00"),
        "{env}"
    );
    let same = awsx
        .run(&[
            "export",
            "production-infrastructure",
            "--format",
            "export-env",
        ])
        .success()
        .stdout();
    assert_eq!(
        same, env,
        "cached credentials are stable; export-env is env"
    );
    let ini = awsx
        .run(&["export", "production-infrastructure", "--format", "ini"])
        .success()
        .stdout();
    assert!(
        ini.starts_with("[production-infrastructure]\naws_access_key_id = "),
        "{ini}"
    );
    // --no-session on a base profile hands out the long-term keys.
    let keys = awsx
        .run(&[
            "export",
            "gds-users",
            "--no-session",
            "--format",
            "env-no-export",
        ])
        .success()
        .stdout();
    assert_eq!(
        keys,
        format!("AWS_ACCESS_KEY_ID={ID}\nAWS_SECRET_ACCESS_KEY={SECRET}\n")
    );
}

#[test]
fn errors_are_one_clear_message_and_leave_the_vault_intact() {
    // Unreachable STS: a closed loopback port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let awsx = setup(&closed);
    let started = Instant::now();
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            "123456",
            "--",
            "true",
        ])
        .failure();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        run.stderr()
            .starts_with("error: could not reach STS at http://127.0.0.1:"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("\nhint: "), "{}", run.stderr());
    no_secrets(&run);
    assert_eq!(
        awsx.run(&["list", "--credentials"]).success().stdout(),
        "gds-users\n"
    );

    // No MFA source and no terminal: fail at once, naming both ways to give a code.
    let run = awsx
        .run(&["exec", "production-infrastructure", "--", "true"])
        .failure();
    assert!(
        run.stderr().contains("no terminal")
            && run.stderr().contains("--mfa-token")
            && run.stderr().contains("mfa_process"),
        "{}",
        run.stderr()
    );

    // Missing keys.
    let run = Awsx::new()
        .config(GDS_CONFIG)
        .run(&["exec", "production-infrastructure", "--", "true"])
        .failure();
    assert!(
        run.stderr()
            .contains("hint: store keys for it with `awsx add gds-users`"),
        "{}",
        run.stderr()
    );

    // AccessDenied on AssumeRole, and a rejected MFA code given on the command line.
    let fake = FakeSts::start(vec![
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        (
            "AssumeRole",
            403,
            sts_error_xml(
                "AccessDenied",
                "User is not authorized to perform: sts:AssumeRole",
            ),
        ),
    ]);
    let awsx = setup(&fake.url);
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            "123456",
            "--",
            "true",
        ])
        .failure();
    assert!(
        run.stderr()
            .starts_with("error: access denied: User is not authorized"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        awsx.run(&["list", "--credentials"]).success().stdout(),
        "gds-users\n"
    );

    let fake = FakeSts::start(vec![(
        "GetSessionToken",
        403,
        sts_error_xml(
            "AccessDenied",
            "MultiFactorAuthentication failed with invalid MFA one time pass code.",
        ),
    )]);
    let awsx = setup(&fake.url);
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            "000000",
            "--",
            "true",
        ])
        .failure();
    assert_eq!(
        run.stderr().lines().next(),
        Some("error: AWS rejected the MFA code")
    );
    assert_eq!(
        fake.seen(),
        ["GetSessionToken"],
        "a code from --mfa-token is not retried"
    );
}

#[test]
fn expired_sessions_are_not_used() {
    let Some(moto) = Moto::start() else { return };
    // Sessions of 15 minutes (the least STS gives) with a 16-minute reuse margin: never reused.
    let awsx = setup(&moto.url)
        .env("AWSX_SESSION_DURATION", "900")
        .env("AWS_MIN_TTL", "16m");
    let config = GDS_CONFIG.replace(
        "region = eu-west-1\n",
        &format!("region = eu-west-1\nmfa_serial = {MFA}\n"),
    );
    std::fs::write(awsx.path("config"), config).expect("config");
    awsx.run(&["exec", "gds-users", "--mfa-token", "123456", "--", "true"])
        .success();
    awsx.run(&["exec", "gds-users", "--mfa-token", "123456", "--", "true"])
        .success();
    assert_eq!(moto.count("GetSessionToken"), 2);
    // Without a code source the stale session is not silently used: a clear error.
    let run = awsx.run(&["exec", "gds-users", "--", "true"]).failure();
    assert!(run.stderr().contains("--mfa-token"), "{}", run.stderr());
    assert_eq!(
        awsx.run(&["list", "--credentials"]).success().stdout(),
        "gds-users\n"
    );
}

#[test]
fn a_rejected_typed_code_is_asked_for_again() {
    use expectrl::Expect;
    let fake = FakeSts::start(vec![
        (
            "GetSessionToken",
            403,
            sts_error_xml(
                "AccessDenied",
                "MultiFactorAuthentication failed with invalid MFA one time pass code.",
            ),
        ),
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
    ]);
    let awsx = setup(&fake.url);
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args([
        "exec",
        "production-infrastructure",
        "--",
        "sh",
        "-c",
        "echo child:$AWS_ACCESS_KEY_ID",
    ]);
    let mut session = expectrl::session::Session::spawn(cmd).expect("pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
        .expect(format!("Enter MFA code for {MFA}: ").as_str())
        .expect("prompt");
    session.send_line("111111").expect("send");
    session.expect("AWS rejected that MFA code").expect("told");
    session
        .expect(format!("Enter MFA code for {MFA}: ").as_str())
        .expect("asked again");
    session.send_line("222222").expect("send");
    session
        .expect("child:ASIAFAKEFAKEFAKEFAKE")
        .expect("child ran");
    assert_eq!(
        fake.seen(),
        ["GetSessionToken", "GetSessionToken", "AssumeRole"]
    );
}

#[test]
fn credential_process_and_file_keys_are_sources_too() {
    let Some(moto) = Moto::start() else { return };
    // A credential_process base (here a script printing long-term keys), with a role on top.
    let awsx = Awsx::new().env("AWS_ENDPOINT_URL", &moto.url);
    let script = awsx.path("creds.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '{{\"Version\": 1, \"AccessKeyId\": \"{ID}\", \"SecretAccessKey\": \"{SECRET}\"}}'\n"),
    )
    .expect("script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let awsx = awsx.config(&format!(
        "[profile tool]\nregion = eu-west-1\ncredential_process = {}\n[profile tool-role]\nsource_profile = tool\nrole_arn = arn:aws:iam::050019655025:role/reader\n[profile plain]\nregion = eu-west-1\n",
        script.display()
    ));
    let run = awsx
        .run(&[
            "exec",
            "tool-role",
            "--",
            "sh",
            "-c",
            "echo $AWS_ACCESS_KEY_ID",
        ])
        .success();
    assert!(
        run.stdout().starts_with("ASIA") || run.stdout().starts_with("FSIA"),
        "{}",
        run.stdout()
    );
    assert_eq!(moto.count("AssumeRole"), 1);
    assert_eq!(
        moto.count("GetSessionToken"),
        0,
        "no session for credential_process sources"
    );

    // Keys written in the credentials file, no role: GetSessionToken.
    let awsx = awsx.credentials(&format!(
        "[plain]\naws_access_key_id = {ID}\naws_secret_access_key = {SECRET}\n"
    ));
    awsx.run(&["exec", "plain", "--", "true"]).success();
    assert_eq!(moto.count("GetSessionToken"), 1);

    // SSO: a clear "not yet".
    let awsx = awsx.config("[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = R\n[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://example.awsapps.com/start\n");
    let run = awsx.run(&["exec", "sso", "--", "true"]).failure();
    assert!(
        run.stderr().contains("not supported by awsx yet"),
        "{}",
        run.stderr()
    );
}
