//! `awsx alias`: the output is evaluated by real shells, and the aliases they define are run.
//!
//! `awsx exec` is stood in for by a script named `awsx` that prints its arguments: what is under
//! test is that each shell turns `aws-<profile> ARGS` into exactly `awsx exec <profile> -- ARGS`.

use crate::support::{Awsx, have};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

const CONFIG: &str = "\
[profile gds-users]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = secret
[profile production-infrastructure]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/infrastructure
[profile team/slash]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/x
[profile no-credentials]
region = eu-west-1
[profile me@corp+ops]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/y
";

/// Generate aliases with the real awsx, then evaluate them in `shell` with a recording `awsx`
/// first on PATH, and run `aws-production-infrastructure` with awkward arguments.
fn run_in_shell(shell: &str, script: &str) -> (String, String) {
    let awsx = Awsx::new().config(CONFIG);
    let generated = awsx.run(&["alias", "--shell", shell]).success().stdout();
    // A base profile with no keys yet still gets its alias: keys may be added later.
    assert!(generated.contains("aws-no-credentials"), "{generated}");
    assert!(
        generated.contains("# skipped profile \"team/slash\""),
        "{generated}"
    );
    std::fs::write(awsx.path("aliases"), &generated).expect("write");

    let stub_dir = awsx.path("stub");
    std::fs::create_dir(&stub_dir).expect("mkdir");
    let stub = stub_dir.join("awsx");
    std::fs::write(
        &stub,
        "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done; echo\n",
    )
    .expect("stub");
    std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        stub_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    // A script file, not `-c`: zsh parses a whole `-c` string before defining any alias.
    std::fs::write(awsx.path("script"), script).expect("write script");
    let out = awsx
        .command(shell)
        .env("PATH", path)
        .arg("script")
        .output()
        .expect("shell runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const WANT: &str = "[exec][production-infrastructure][--][terraform][plan][a b][$HOME]\n[exec][me@corp+ops][--][x]\n";

#[test]
fn bash_aliases_work() {
    let (out, err) = run_in_shell(
        "bash",
        "shopt -s expand_aliases\neval \"$(cat aliases)\"\naws-production-infrastructure terraform plan 'a b' '$HOME'\naws-me@corp+ops x\n",
    );
    assert_eq!(out, WANT, "stderr: {err}");
}

#[test]
fn zsh_aliases_work() {
    if !have("zsh") {
        eprintln!("zsh not installed; skipped");
        return;
    }
    let (out, err) = run_in_shell(
        "zsh",
        "eval \"$(cat aliases)\"\naws-production-infrastructure terraform plan 'a b' '$HOME'\naws-me@corp+ops x\n",
    );
    assert_eq!(out, WANT, "stderr: {err}");
}

#[test]
fn fish_functions_work() {
    if !have("fish") {
        eprintln!("fish not installed; skipped");
        return;
    }
    let (out, err) = run_in_shell(
        "fish",
        "source aliases\naws-production-infrastructure terraform plan 'a b' '$HOME'\naws-me@corp+ops x\n",
    );
    assert_eq!(out, WANT, "stderr: {err}");
}

#[test]
fn default_shell_comes_from_shell_var() {
    let awsx = Awsx::new().config(CONFIG).env("SHELL", "/usr/bin/fish");
    let run = awsx.run(&["alias"]).success();
    assert!(
        run.stdout()
            .contains("function aws-production-infrastructure"),
        "{}",
        run.stdout()
    );
    let run = Awsx::new().config(CONFIG).run(&["alias"]).failure();
    assert!(
        run.stderr().contains("hint: pass --shell"),
        "{}",
        run.stderr()
    );
    let run = Awsx::new()
        .config(CONFIG)
        .run(&["alias", "--shell", "bash", "--prefix", "a b"])
        .failure();
    assert!(run.stderr().contains("--prefix"), "{}", run.stderr());
}

#[test]
fn custom_prefix() {
    let run = Awsx::new()
        .config(CONFIG)
        .run(&["alias", "--shell", "bash", "--prefix", "x."])
        .success();
    assert!(
        run.stdout().contains("alias x.gds-users="),
        "{}",
        run.stdout()
    );
}

/// Profiles of every kind: what `awsx alias` keeps and what it leaves out, from the config alone.
const MIXED: &str = "\
[profile gds-users]
region = eu-west-1
[profile production-infrastructure]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/infrastructure
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe
[profile backups]
source_profile = production-infrastructure
role_arn = arn:aws:iam::123456789012:role/operator
[profile tool]
credential_process = /bin/false
[profile from-env]
credential_source = Environment
role_arn = arn:aws:iam::123456789012:role/ci
[profile sso]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = Admin
[profile ec2]
credential_source = Ec2InstanceMetadata
role_arn = arn:aws:iam::123456789012:role/x
[profile loop-a]
source_profile = loop-b
role_arn = arn:aws:iam::123456789012:role/a
[profile loop-b]
source_profile = loop-a
role_arn = arn:aws:iam::123456789012:role/b
";

/// `awsx alias --shell bash` with no controlling terminal and nothing on stdin, bounded by
/// `timeout` so a run that waits on a keychain fails instead of hanging the suite.
fn alias_unattended(awsx: &Awsx) -> (std::process::Output, Duration) {
    let started = std::time::Instant::now();
    let out = awsx
        .command("setsid")
        .args(["-w", "timeout", "20"])
        .arg(Awsx::bin())
        .args(["alias", "--shell", "bash"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run awsx alias");
    (out, started.elapsed())
}

#[track_caller]
fn assert_all_aliases(out: &std::process::Output) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stderr, "", "alias must say and ask nothing");
    for profile in [
        "gds-users",
        "production-infrastructure",
        "backups",
        "tool",
        "from-env",
    ] {
        assert!(
            stdout.contains(&format!("alias aws-{profile}='awsx exec {profile} --'\n")),
            "{profile} missing:\n{stdout}"
        );
    }
    for (profile, why) in [
        (
            "sso",
            "AWS IAM Identity Center (SSO) is not supported by awsx yet",
        ),
        (
            "ec2",
            "credential_source = Ec2InstanceMetadata is not supported by awsx yet",
        ),
        ("loop-a", "infinite loop"),
        ("loop-b", "infinite loop"),
    ] {
        assert!(
            !stdout.contains(&format!("alias aws-{profile}=")),
            "{stdout}"
        );
        let comment = format!("# skipped profile \"{profile}\": ");
        let line = stdout.lines().find(|l| l.starts_with(&comment));
        assert!(
            line.is_some_and(|l| l.contains(why)),
            "{profile}:\n{stdout}"
        );
    }
}

#[test]
fn alias_on_a_fresh_machine_defines_everything_and_asks_nothing() {
    if !have("setsid") || !have("timeout") {
        return;
    }
    // No vault yet, and no passphrase to make one with.
    let fresh = Awsx::new().config(MIXED).without("AWSX_FILE_PASSPHRASE");
    let (out, took) = alias_unattended(&fresh);
    assert_all_aliases(&out);
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(!fresh.path("vault").exists(), "alias created a vault");

    // A vault with keys in it, locked behind a passphrase nobody can give.
    let used = Awsx::new().config(MIXED);
    used.add_keys(
        "gds-users",
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    let used = used.without("AWSX_FILE_PASSPHRASE");
    let (out, _) = alias_unattended(&used);
    assert_all_aliases(&out);
}

#[test]
fn alias_never_waits_for_a_locked_keychain() {
    if !have("setsid") || !have("timeout") {
        return;
    }
    // A stand-in for a keychain that cannot answer (locked, its unlock prompt never seen): a
    // D-Bus address whose listener accepts and then never replies. Any keychain call would
    // block on it; moto and gnome-keyring cannot make a keychain that hangs on purpose.
    let dir = tempfile::tempdir().expect("tmp");
    let socket = dir.path().join("bus");
    let listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    for backend in [None, Some("secret-service")] {
        let mut awsx = Awsx::new().config(MIXED).without("AWSX_BACKEND").env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", socket.display()),
        );
        if let Some(backend) = backend {
            awsx = awsx.env("AWSX_BACKEND", backend);
        }
        let (out, took) = alias_unattended(&awsx);
        assert_all_aliases(&out);
        assert!(took < Duration::from_secs(5), "{backend:?}: {took:?}");
    }
}
