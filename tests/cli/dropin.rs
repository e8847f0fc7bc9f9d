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
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains("hint: awsx has no EC2 metadata server"),
        "{}",
        run.stderr()
    );
    let version = awsx.run(&["version"]).success().stdout();
    assert_eq!(version, format!("awsx {}\n", env!("CARGO_PKG_VERSION")));
    assert_eq!(awsx.run(&["--version"]).success().stdout(), version);
}
