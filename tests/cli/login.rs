//! `awsx login`: the switch-role link, and federated sign-in against moto (STS) and a stand-in
//! federation endpoint. The sign-in URL is a credential: it must reach stdout or the browser
//! only, never stderr.

use crate::support::{
    Awsx, FAKE_SIGNIN_TOKEN, FakeFederation, GDS_CONFIG, Moto, Run, percent_decode,
};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[test]
fn switch_role_link() {
    let awsx = Awsx::new().config(&format!(
        "{GDS_CONFIG}\n[profile coloured]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/team/ops\nawsx_display_name = Prod ops\nawsx_color = b7ca9d\n[profile badcolour]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/x\nawsx_color = green\n[profile hashcolour]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/x\nawsx_color = #b7ca9d\n"
    ));
    let run = awsx
        .run(&["login", "production-operator", "--stdout"])
        .success();
    assert_eq!(
        run.stdout(),
        "https://signin.aws.amazon.com/switchrole?account=050019655025&roleName=operator&displayName=production-operator\n"
    );
    assert!(
        run.stderr().contains("sign in to your base account"),
        "{}",
        run.stderr()
    );
    let again = awsx.run(&["login", "coloured", "--stdout"]).success();
    assert_eq!(
        again.stderr(),
        "awsx: coloured → ops in 050019655025\n",
        "the note is said once (the role line each time)"
    );
    assert_eq!(
        again.stdout(),
        "https://signin.aws.amazon.com/switchrole?account=050019655025&roleName=team%2Fops&displayName=Prod%20ops&color=B7CA9D\n"
    );
    let run = awsx.run(&["login", "gds-users", "--stdout"]).failure();
    assert!(
        run.stderr().contains("has no role_arn") && run.stderr().contains("--federated"),
        "{}",
        run.stderr()
    );
    let run = awsx.run(&["login", "badcolour", "--stdout"]).failure();
    assert!(
        run.stderr().contains("6 hexadecimal digits"),
        "{}",
        run.stderr()
    );
    let run = awsx.run(&["login", "hashcolour", "--stdout"]).failure();
    assert!(
        run.stderr().contains("'#' starts a comment"),
        "{}",
        run.stderr()
    );
}

fn setup(moto: &Moto, fed: &FakeFederation) -> Awsx {
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWSX_FEDERATION_URL", &fed.url);
    awsx.add_keys("gds-users", ID, SECRET);
    awsx
}

fn assert_quiet_stderr(run: &Run) {
    let err = run.stderr();
    for leak in [
        FAKE_SIGNIN_TOKEN,
        "SigninToken",
        "federation?",
        SECRET,
        "sessionKey",
    ] {
        assert!(!err.contains(leak), "{leak} reached stderr: {err}");
    }
}

#[test]
fn federated_role_sign_in() {
    let Some(moto) = Moto::start() else { return };
    let fed = FakeFederation::start();
    let awsx = setup(&moto, &fed);

    // Default plan: the role comes from a session (chained), so no SessionDuration.
    let run = awsx
        .run(&[
            "login",
            "production-infrastructure",
            "--federated",
            "--stdout",
            "--mfa-token",
            "123456",
        ])
        .success();
    assert_quiet_stderr(&run);
    assert!(
        run.stderr().contains("the console session ends at"),
        "{}",
        run.stderr()
    );
    let queries = fed.queries();
    assert_eq!(queries.len(), 1);
    let q = &queries[0];
    assert_eq!(q["Action"], "getSigninToken");
    assert!(!q.contains_key("SessionDuration"), "{q:?}");
    let session: serde_json::Value = serde_json::from_str(&q["Session"]).expect("Session is JSON");
    let role = awsx
        .run(&["export", "production-infrastructure", "--format", "process"])
        .success()
        .json();
    assert_eq!(session["sessionId"], role["AccessKeyId"]);
    assert_eq!(session["sessionKey"], role["SecretAccessKey"]);
    assert_eq!(session["sessionToken"], role["SessionToken"]);
    assert_eq!(
        run.stdout(),
        format!(
            "{}?Action=login&Issuer=awsx&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Deu-west-1&SigninToken={}\n",
            fed.url, "SIGNIN-TOKEN-abc%2F123%2Bxyz"
        )
    );

    // --no-session: the role is assumed straight from the keys, so SessionDuration is allowed;
    // --path picks the page.
    let run = awsx
        .run(&[
            "login",
            "production-operator",
            "--federated",
            "--stdout",
            "--no-session",
            "--mfa-token",
            "123456",
            "--path",
            "cloudwatch/home",
        ])
        .success();
    assert_quiet_stderr(&run);
    let q = &fed.queries()[1];
    assert_eq!(q["SessionDuration"], "3600");
    let url = run.stdout();
    let destination = url
        .split("Destination=")
        .nth(1)
        .and_then(|d| d.split('&').next())
        .expect("dest");
    assert_eq!(
        percent_decode(destination),
        "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1"
    );
}

#[test]
fn federated_user_sign_in_uses_a_federation_token() {
    let Some(moto) = Moto::start() else { return };
    let fed = FakeFederation::start();
    let awsx = setup(&moto, &fed);
    let run = awsx
        .run(&["login", "gds-users", "--federated", "--stdout"])
        .success();
    assert_quiet_stderr(&run);
    assert!(run.stderr().contains("no MFA context"), "{}", run.stderr());
    assert_eq!(moto.count("GetFederationToken"), 1);
    assert_eq!(
        moto.count("GetSessionToken"),
        0,
        "no session is made for nothing"
    );
    let q = &fed.queries()[0];
    assert!(
        !q.contains_key("SessionDuration"),
        "never for federation tokens: {q:?}"
    );
    assert!(
        run.stdout()
            .ends_with("&SigninToken=SIGNIN-TOKEN-abc%2F123%2Bxyz\n")
    );
}

#[test]
fn the_browser_gets_the_url_and_stderr_does_not() {
    let Some(moto) = Moto::start() else { return };
    let fed = FakeFederation::start();
    let awsx = setup(&moto, &fed);
    let opened = awsx.path("opened");
    let browser = awsx.path("browser");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .expect("write");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args([
        "login",
        "production-infrastructure",
        "--federated",
        "--mfa-token",
        "123456",
    ])
    .env("BROWSER", &browser);
    let run = Run(cmd.output().expect("run")).success();
    assert_quiet_stderr(&run);
    assert_eq!(run.stdout(), "");
    // The browser is started in the background: give it a moment to write.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let url = loop {
        match std::fs::read_to_string(&opened) {
            Ok(url) if !url.is_empty() => break url,
            _ if std::time::Instant::now() > deadline => panic!("the browser was not run"),
            _ => std::thread::sleep(std::time::Duration::from_millis(50)),
        }
    };
    assert!(
        url.contains("Action=login") && url.contains("SigninToken="),
        "{url}"
    );
}
