//! aws-vault habits: the command without `--`, short flags, `/bin/sh` without SHELL, and
//! hints for aws-vault spellings awsx does not have. Against moto, with the real AWS CLI.

use crate::support::{Awsx, GDS_CONFIG, Moto};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#[test]
fn exec_takes_the_command_without_dashes_and_aws_vault_flags() {
    let Some(moto) = Moto::start() else { return };
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url);
    awsx.add_keys("gds-users", ID, SECRET);
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "-t",
            "123456",
            "aws",
            "sts",
            "get-caller-identity",
            "--output",
            "text",
            "--query",
            "Arn",
        ])
        .success();
    assert!(
        run.stdout().contains("assumed-role/infrastructure/"),
        "{}",
        run.stdout()
    );
    // `-j`: credential_process JSON instead of a command.
    let json = awsx
        .run(&["exec", "-j", "production-infrastructure"])
        .success()
        .json();
    assert_eq!(json["Version"], 1);
    assert!(
        json["AccessKeyId"]
            .as_str()
            .is_some_and(|k| k.starts_with("ASIA"))
    );
    // No command and no SHELL: /bin/sh, reading the script from stdin.
    let out = awsx
        .without("SHELL")
        .command(Awsx::bin())
        .args(["exec", "production-infrastructure"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(b"echo shell got $AWS_VAULT\n")?;
            child.wait_with_output()
        })
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("shell got production-infrastructure"),
        "{out:?}"
    );
}

#[test]
fn aws_vault_spellings_awsx_lacks_name_the_awsx_one() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    let run = awsx.run(&["exec", "--ec2-server", "gds-users"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("hint: awsx has no EC2 metadata server"),
        "{}",
        run.stderr()
    );
    // After the profile, as aws-vault reads it too: still exec's option, never a program.
    for args in [
        &["exec", "gds-users", "--ec2-server"][..],
        &[
            "exec",
            "production-infrastructure",
            "--stdout",
            "--",
            "true",
        ],
    ] {
        let run = awsx.run(args);
        assert_eq!(run.code(), 1, "{args:?}: {}", run.stderr());
        assert!(run.stderr().contains("\nhint: "), "{}", run.stderr());
        assert!(
            !run.stderr().contains("command not found"),
            "{}",
            run.stderr()
        );
    }
    let version = awsx.run(&["version"]).success().stdout();
    assert_eq!(version, format!("awsx {}\n", env!("CARGO_PKG_VERSION")));
    assert_eq!(awsx.run(&["--version"]).success().stdout(), version);
}

/// A pipe whose reader is already gone: every write to it fails with EPIPE.
fn broken_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    writer
}

#[test]
fn usage_errors_and_help_survive_a_reader_that_went_away() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    let status = |args: &[&str], out: bool| {
        let mut cmd = awsx.command(Awsx::bin());
        cmd.args(args);
        if out {
            cmd.stdout(broken_pipe())
                .stderr(std::process::Stdio::piped());
        } else {
            cmd.stderr(broken_pipe())
                .stdout(std::process::Stdio::piped());
        }
        let output = cmd.output().expect("run awsx");
        let shown =
            String::from_utf8_lossy(if out { &output.stderr } else { &output.stdout }).into_owned();
        assert!(!shown.contains("panicked"), "{args:?}: {shown}");
        output.status.code()
    };
    // Help and version are answers (0) even when nobody reads them.
    assert_eq!(status(&["--help"], true), Some(0));
    assert_eq!(status(&["exec", "--help"], true), Some(0));
    assert_eq!(status(&["--version"], true), Some(0));
    // A usage error, and one with an aws-vault spelling hint, when stderr is gone: 1.
    assert_eq!(status(&["no-such-command"], false), Some(1));
    assert_eq!(
        status(&["exec", "--ec2-server", "gds-users"], false),
        Some(1)
    );
    assert_eq!(status(&["list", "--bogus"], false), Some(1));
}
