//! `awsx alias`: the output is evaluated by real shells, and the aliases they define are run.
//!
//! `awsx exec` is stood in for by a script named `awsx` that prints its arguments: what is under
//! test is that each shell turns `aws-<profile> ARGS` into exactly `awsx exec <profile> -- ARGS`.

use crate::support::{Awsx, have};
use std::os::unix::fs::PermissionsExt;

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
    assert!(!generated.contains("no-credentials"), "{generated}");
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
