//! `config show`, `config check`, `explain`, completions and the man page, end to end.

use crate::support::{Awsx, GDS_CONFIG, Run, have};
use serde_json::json;

#[test]
fn show_json_merges_files_and_masks_secrets() {
    let awsx = Awsx::new()
        .config("[profile dev]\nRegion = eu-west-2\n[sso-session corp]\nsso_region = eu-west-1\n")
        .credentials(
            "[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        );
    let run = awsx.run(&["config", "show", "--json"]).success();
    assert_eq!(
        run.json(),
        json!({
            "profiles": {"dev": {
                "region": "eu-west-2",
                "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
                "aws_secret_access_key": "********",
            }},
            "sso_sessions": {"corp": {"sso_region": "eu-west-1"}},
        })
    );
    assert!(!run.stdout().contains("wJalr"));

    let human = awsx.run(&["config", "show"]).success();
    assert!(
        human.stdout().contains("[profile dev]"),
        "{}",
        human.stdout()
    );
    assert!(!human.stdout().contains("wJalr"));

    let revealed = awsx
        .run(&["config", "show", "--json", "--reveal"])
        .success();
    assert_eq!(
        revealed.json()["profiles"]["dev"]["aws_secret_access_key"],
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    );
}

#[test]
fn missing_files_are_empty() {
    let run = Awsx::new().run(&["config", "show", "--json"]).success();
    assert_eq!(run.json(), json!({"profiles": {}, "sso_sessions": {}}));
}

#[test]
fn files_are_found_under_home_without_overrides() {
    let awsx = Awsx::new()
        .env("AWS_CONFIG_FILE", "")
        .env("AWS_SHARED_CREDENTIALS_FILE", "");
    std::fs::create_dir(awsx.path(".aws")).expect("mkdir");
    std::fs::write(awsx.path(".aws/config"), "[profile from-home]\n").expect("write");
    let run = awsx.run(&["config", "show", "--json"]).success();
    assert_eq!(run.json()["profiles"], json!({"from-home": {}}));
}

#[test]
fn parse_errors_name_file_line_and_expectation() {
    let awsx = Awsx::new().config("[profile ok]\nregion = x\n[profile broken\n");
    let run = awsx.run(&["config", "show"]).failure();
    let config = awsx.path("config").display().to_string();
    assert_eq!(
        run.stderr(),
        format!(
            "error: {config}:3: Profile definition must end with ']'\nhint: close the section header with ']', e.g. [profile my-profile]\n"
        )
    );
    assert_eq!(run.stdout(), "");
}

#[test]
fn check_reports_each_problem_with_location() {
    let awsx = Awsx::new().config(
        "[profile a]\nsource_profile = nowhere\nrole_arn = arn:aws:iam::050019655025:role/x\n\
         [profile b]\nsource_profile = a\nrole_arn = not-an-arn\nmfa_serial = arn:aws:iam::398263320410:user/jane\nduration_seconds = 99999\n",
    );
    let run = awsx.run(&["config", "check"]).failure();
    let config = awsx.path("config").display().to_string();
    let lines: Vec<String> = run.stdout().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    for (line, needle) in [
        (2, "source_profile `nowhere` is not defined"),
        (6, "role_arn `not-an-arn` is not a role ARN"),
        (7, "is not an MFA device ARN"),
        (8, "duration_seconds `99999`"),
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("{config}:{line}: "))
                    && l.contains(needle)
                    && l.contains("hint: ")),
            "{needle} at line {line}: {lines:#?}"
        );
    }
}

#[test]
fn check_passes_the_sample_config() {
    let run = Awsx::new()
        .config(GDS_CONFIG)
        .run(&["config", "check"])
        .success();
    assert_eq!(run.stdout(), "No problems found in 5 profiles.\n");
}

#[test]
fn explain_shows_the_plan_for_a_gds_role() {
    let awsx = Awsx::new().config(GDS_CONFIG).credentials(
        "[gds-users]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    );
    let run = awsx
        .run(&["explain", "production-infrastructure", "--json"])
        .success();
    assert_eq!(
        run.json(),
        json!({"profile": "production-infrastructure", "steps": [
            {"kind": "static_keys", "profile": "gds-users", "access_key_id": "AKIAIOSFODNN7EXAMPLE"},
            {"kind": "session_token", "profile": "gds-users",
             "mfa_serial": "arn:aws:iam::398263320410:mfa/jane.doe", "duration_seconds": 28800},
            {"kind": "assume_role", "profile": "production-infrastructure",
             "role_arn": "arn:aws:iam::050019655025:role/infrastructure", "duration_seconds": 3600},
        ]})
    );
    let human = awsx
        .run(&["explain", "production-infrastructure"])
        .success();
    assert_eq!(
        human.stdout(),
        "Credentials for profile production-infrastructure:\n\
         \x20 1. keys for gds-users from the shared credentials/config file (****MPLE)\n\
         \x20 2. GetSessionToken with MFA arn:aws:iam::398263320410:mfa/jane.doe (8h)\n\
         \x20 3. AssumeRole arn:aws:iam::050019655025:role/infrastructure (1h)\n"
    );
    // No secret and no full key id in the human output.
    assert!(!human.stdout().contains("AKIAIOSFODNN7EXAMPLE"));
}

#[test]
fn explain_long_role_and_chained_roles() {
    let awsx = Awsx::new().config(GDS_CONFIG).credentials(
        "[gds-users]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n",
    );
    let kinds = |run: &crate::support::Run| -> Vec<String> {
        run.json()["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| s["kind"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    // 4h role: assumed straight from the keys with MFA.
    let run = awsx.run(&["explain", "staging-admin", "--json"]).success();
    assert_eq!(kinds(&run), ["static_keys", "assume_role"]);
    assert_eq!(run.json()["steps"][1]["duration_seconds"], 14400);
    assert_eq!(
        run.json()["steps"][1]["mfa_serial"],
        "arn:aws:iam::398263320410:mfa/jane.doe"
    );
    // Two roles asking for 2h: capped, with a warning on stderr.
    let run = awsx
        .run(&["explain", "backups-operator", "--json", "--duration", "2h"])
        .success();
    assert_eq!(
        kinds(&run),
        ["static_keys", "session_token", "assume_role", "assume_role"]
    );
    assert_eq!(run.json()["steps"][3]["duration_seconds"], 3600);
    assert!(
        run.stderr().contains("warning: role backups-operator"),
        "{}",
        run.stderr()
    );
}

#[test]
fn explain_errors_exit_1_with_a_hint() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    let run = awsx
        .run(&["explain", "production-infrastructure"])
        .failure();
    assert_eq!(
        run.stderr(),
        "error: profile `gds-users` did not contain credential information\n\
         hint: store keys for it with `awsx add gds-users`, or give it `source_profile`, `credential_process` or `sso_session`\n"
    );
    let run = awsx.run(&["explain", "nope"]).failure();
    assert!(
        run.stderr()
            .starts_with("error: profile `nope` was not found\nhint: "),
        "{}",
        run.stderr()
    );
    let run = awsx
        .run(&["explain", "gds-users", "--duration", "soon"])
        .failure();
    assert!(run.stderr().contains("--duration"), "{}", run.stderr());
}

#[test]
fn usage_errors_exit_1() {
    assert_eq!(Awsx::new().run(&["explain"]).code(), 1);
    assert_eq!(Awsx::new().run(&["no-such-command"]).code(), 1);
}

#[test]
fn man_page_and_completion_scripts_come_from_clap() {
    let man = Awsx::new().run(&["man"]).success();
    assert!(
        man.stdout().starts_with(".ie") || man.stdout().contains(".TH awsx"),
        "{}",
        man.stdout()
    );
    assert!(man.stdout().contains("explain"));
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = Awsx::new().run(&["completion", shell]).success();
        assert!(
            run.stdout().contains("COMPLETE"),
            "{shell}: {}",
            run.stdout()
        );
    }
    let run = Awsx::new().run(&["completion", "tcsh"]).failure();
    assert!(
        run.stderr().contains("hint: use one of"),
        "{}",
        run.stderr()
    );
}

#[test]
fn bash_completes_profile_names() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    let bin_dir = Awsx::bin().parent().expect("bin dir").display().to_string();
    let path = format!("{bin_dir}:{}", std::env::var("PATH").unwrap_or_default());
    // Drive the real bash completion function as bash would on Tab after `awsx explain prod`.
    let script = r#"
source <(awsx completion bash)
COMP_WORDS=(awsx explain prod); COMP_CWORD=2; COMP_TYPE=9
_clap_complete_awsx awsx prod explain
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let out = awsx
        .command("bash")
        .env("PATH", path)
        .args(["--norc", "-c", script])
        .output()
        .expect("bash");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut got: Vec<&str> = stdout.lines().map(str::trim).collect();
    got.sort();
    assert_eq!(
        got,
        ["production-infrastructure", "production-operator"],
        "{stdout}"
    );
}

/// What the AWS CLI accepts, awsx accepts (issue 10): an indented first property and `key:
/// value` no longer make the file unreadable; `config check` warns with file:line.
#[test]
fn files_the_aws_cli_reads_are_read_and_checked_with_warnings() {
    let awsx = Awsx::new().config(
        "[profile gds-users]\n  region = eu-west-1\noutput: json\n[profile ops]\nsource_profile: gds-users\n[profile tool]\ncredential_process: /bin/true\n",
    );
    let config = awsx.path("config").display().to_string();
    // awsx reads the file as the CLI does: `credential_process: CMD` is a credential source.
    let explain = awsx.run(&["explain", "tool", "--json"]).success().json();
    assert_eq!(
        explain["steps"][0]["kind"], "credential_process",
        "{explain}"
    );
    assert!(explain.to_string().contains("/bin/true"), "{explain}");
    // `config show` is the SDKs' view, and the SDKs reject the whole file (the SDK
    // conformance vector "Property definitions must contain an equals sign"): one error with
    // the first such line, and a hint pointing at `config check`.
    let show = awsx.run(&["config", "show", "--json"]);
    assert_eq!(show.code(), 1);
    assert!(show.stdout().is_empty(), "{}", show.stdout());
    let stderr = show.stderr();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(&format!("error: {config}:2: ")),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("hint: ") && lines[1].contains("config check"));
    let check = awsx.run(&["config", "check"]);
    let out = check.stdout();
    for line in [2, 3, 5] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{config}:{line}: ")) && l.contains("warning:")),
            "line {line}: {out}"
        );
    }
    // Not an error: the file still works, as it does for the AWS CLI.
    assert_eq!(check.code(), 0, "{out}{}", check.stderr());
}

/// Section headers as the AWS CLI reads them (issue 10): an indented header is a header, and
/// `#` or `;` inside the brackets is part of the name; neither makes the file unreadable, and
/// `config check` warns at each line.
#[test]
fn headers_the_aws_cli_reads_do_not_make_the_file_unreadable() {
    let text = "  [profile ind]\nregion = eu-west-2\n[profile a;b]\nregion = eu-west-1\n[profile gds-users]\nregion = eu-west-1\n";
    let awsx = Awsx::new().config(text);
    let config = awsx.path("config").display().to_string();
    awsx.add_keys("ind", "AKIAINDENTEDHEADER01", &"s".repeat(40));
    let explain = awsx.run(&["explain", "ind", "--json"]).success().json();
    assert_eq!(explain["steps"][0]["kind"], "vault_keys", "{explain}");
    let check = awsx.run(&["config", "check"]);
    assert_eq!(check.code(), 0, "{}{}", check.stdout(), check.stderr());
    let out = check.stdout();
    for (line, says) in [
        (1, "indented section header"),
        (3, "inside a section header"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("{config}:{line}: ")) && l.contains(says)),
            "line {line}: {out}"
        );
    }
    // The real AWS CLI reads the same profile from the same file.
    if have("aws") {
        let region = awsx
            .command("aws")
            .args(["configure", "get", "region", "--profile", "ind"])
            .env("AWS_CONFIG_FILE", &config)
            .output()
            .expect("aws");
        assert_eq!(Run(region).success().stdout().trim(), "eu-west-2");
    }
}
