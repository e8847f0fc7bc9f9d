//! The least-privilege guardrail (issue 12): `awsx_confirm` asks on the terminal before exec,
//! export and login; without a terminal only --yes / AWSX_CONFIRM=yes go on, and a
//! credential_process (`export --format process`) is refused unless awsx_confirm_process =
//! allow. exec and login name the role and account on stderr; -q hides it. Against moto.

use crate::support::{Awsx, GDS_CONFIG, Moto, until_exit};
use expectrl::Expect;
use std::time::Duration;

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const QUESTION: &str = "You are about to use production-admin (arn:aws:iam::050019655025:role/admin). Continue? [y/N] ";

const CONFIRMED: &str = "
[profile production-admin]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/admin
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe
awsx_confirm = true

[profile production-admin-sdk]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/admin
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe
awsx_confirm = This is production: are you sure?
awsx_confirm_process = allow
";

fn setup(url: &str) -> Awsx {
    let awsx = Awsx::new()
        .config(&format!("{GDS_CONFIG}{CONFIRMED}"))
        .env("AWS_ENDPOINT_URL", url);
    awsx.add_keys("gds-users", ID, SECRET);
    awsx
}

fn pty(awsx: &Awsx, args: &[&str]) -> expectrl::session::OsSession {
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args(args);
    let mut session = expectrl::session::Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

fn exit_code(session: &expectrl::session::OsSession) -> i32 {
    match session.get_process().wait().expect("wait") {
        expectrl::process::unix::WaitStatus::Exited(_, code) => code,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_terminal_is_asked_and_no_stops_before_any_aws_call() {
    let Some(moto) = Moto::start() else { return };
    let awsx = setup(&moto.url);

    let mut no = pty(
        &awsx,
        &[
            "exec",
            "production-admin",
            "-t",
            "123456",
            "--",
            "echo",
            "RAN",
        ],
    );
    no.expect(QUESTION).expect("the question");
    no.send_line("n").expect("answer");
    let shown = until_exit(&mut no);
    assert_eq!(exit_code(&no), 1, "{shown}");
    assert!(
        shown.contains("error: not using production-admin: not confirmed"),
        "{shown}"
    );
    assert!(shown.contains("hint: "), "{shown}");
    assert!(!shown.contains("RAN"), "{shown}");
    assert_eq!(moto.actions().len(), 0, "nothing was asked of AWS");

    let mut yes = pty(
        &awsx,
        &[
            "exec",
            "production-admin",
            "-t",
            "123456",
            "--",
            "echo",
            "RAN",
        ],
    );
    yes.expect(QUESTION).expect("the question");
    yes.send_line("y").expect("answer");
    let shown = until_exit(&mut yes);
    assert_eq!(exit_code(&yes), 0, "{shown}");
    assert!(shown.contains("RAN"), "{shown}");
    assert!(
        shown.contains("awsx: production-admin → admin in 050019655025"),
        "{shown}"
    );
    assert!(!shown.contains(SECRET), "{shown}");

    // export and login ask too; the message string replaces the first sentence.
    let mut export = pty(
        &awsx,
        &["export", "production-admin-sdk", "--format", "env"],
    );
    export
        .expect("This is production: are you sure? Continue? [y/N] ")
        .expect("the profile's own message");
    export.send_line("yes").expect("answer");
    let shown = until_exit(&mut export);
    assert_eq!(exit_code(&export), 0, "{shown}");
    assert!(shown.contains("AWS_SESSION_TOKEN="), "{shown}");

    let mut login = pty(&awsx, &["login", "production-admin", "--stdout"]);
    login.expect(QUESTION).expect("the question");
    login.send_line("").expect("Enter is no");
    let shown = until_exit(&mut login);
    assert_eq!(exit_code(&login), 1, "{shown}");
    assert!(!shown.contains("https://"), "{shown}");

    // A credential_process run from a terminal can ask there.
    let mut process = pty(
        &awsx,
        &["export", "production-admin", "--format", "process"],
    );
    process.expect(QUESTION).expect("the question");
    process.send_line("y").expect("answer");
    let shown = until_exit(&mut process);
    assert_eq!(exit_code(&process), 0, "{shown}");
    assert!(
        shown.contains("\"Version\": 1") || shown.contains("\"Version\":1"),
        "{shown}"
    );
}

#[test]
fn without_a_terminal_only_yes_goes_on_and_a_credential_process_is_refused() {
    let Some(moto) = Moto::start() else { return };
    let awsx = setup(&moto.url);
    let exec = [
        "exec",
        "production-admin",
        "-t",
        "123456",
        "--",
        "echo",
        "RAN",
    ];

    let run = awsx.run(&exec).failure();
    let err = run.stderr();
    assert!(
        err.starts_with("error: profile production-admin asks for confirmation (awsx_confirm), and there is no terminal to ask on\nhint: "),
        "{err}"
    );
    assert!(
        err.contains("--yes") && err.contains("AWSX_CONFIRM=yes"),
        "{err}"
    );
    assert!(!run.stdout().contains("RAN"));
    for command in [
        vec!["export", "production-admin"],
        vec!["login", "production-admin", "--stdout"],
    ] {
        let run = awsx.run(&command).failure();
        assert!(
            run.stderr().contains("asks for confirmation"),
            "{command:?}: {}",
            run.stderr()
        );
        assert_eq!(run.stdout(), "", "{command:?}");
    }
    assert_eq!(moto.actions().len(), 0, "nothing was asked of AWS");

    let run = awsx
        .run(&[
            "exec",
            "production-admin",
            "--yes",
            "-t",
            "123456",
            "--",
            "echo",
            "RAN",
        ])
        .success();
    assert_eq!(run.stdout(), "RAN\n");
    assert_eq!(
        run.stderr(),
        "awsx: production-admin → admin in 050019655025\n"
    );
    let run = awsx
        .clone_env()
        .env("AWSX_CONFIRM", "yes")
        .run(&["exec", "production-admin", "-q", "--", "echo", "RAN"])
        .success();
    assert_eq!(run.stdout(), "RAN\n");
    assert_eq!(run.stderr(), "", "-q hides the role line");

    // A credential_process cannot ask, and a --yes in its config line would silence the
    // guard for every SDK call: refused even with --yes.
    for args in [
        vec!["export", "production-admin", "--format", "process", "--yes"],
        vec!["export", "production-admin", "--format", "json"],
        vec!["exec", "production-admin", "--json", "-y"],
    ] {
        let run = awsx.run(&args).failure();
        let err = run.stderr();
        assert!(
            err.contains("a credential_process cannot ask"),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("awsx_confirm_process = allow"),
            "{args:?}: {err}"
        );
        assert_eq!(run.stdout(), "", "{args:?}");
    }
    let run = awsx
        .run(&["export", "production-admin-sdk", "--format", "process"])
        .success();
    assert_eq!(run.json()["Version"], 1);
    assert!(!run.stderr().contains(SECRET));
}

#[test]
fn list_and_explain_mark_confirmed_profiles_and_login_names_the_role() {
    let awsx = Awsx::new().config(&format!("{GDS_CONFIG}{CONFIRMED}"));
    awsx.add_keys("gds-users", ID, SECRET);
    let list = awsx.run(&["list"]).success().stdout();
    assert!(list.contains("production-admin [confirm]"), "{list}");
    assert!(!list.contains("production-operator [confirm]"), "{list}");
    let json = awsx.run(&["list", "--json"]).success().json();
    let row = |name: &str| {
        json.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["profile"] == name)
            .cloned()
            .expect("row")
    };
    assert_eq!(row("production-admin")["confirm"], true);
    assert_eq!(row("production-operator")["confirm"], false);
    let explain = awsx
        .run(&["explain", "production-admin"])
        .success()
        .stdout();
    assert!(explain.contains("asks for confirmation first"), "{explain}");
    let explain = awsx
        .run(&["explain", "production-operator"])
        .success()
        .stdout();
    assert!(!explain.contains("confirmation"), "{explain}");
    assert_eq!(
        awsx.run(&["explain", "production-admin", "--json"])
            .success()
            .json()["confirm"],
        true
    );
    let plain = awsx
        .run(&["explain", "production-operator", "--json"])
        .success()
        .json();
    assert!(plain.get("confirm").is_none(), "unchanged output: {plain}");

    let login = awsx
        .run(&["login", "production-operator", "--stdout"])
        .success();
    assert!(
        login
            .stderr()
            .contains("awsx: production-operator → operator in 050019655025\n"),
        "{}",
        login.stderr()
    );
    let quiet = awsx
        .run(&["login", "production-operator", "--stdout", "-q"])
        .success();
    assert!(!quiet.stderr().contains("→"), "{}", quiet.stderr());
}
