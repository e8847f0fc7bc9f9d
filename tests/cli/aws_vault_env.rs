//! An aws-vault user's environment (`AWS_VAULT_*`, the aws-vault TTLs, `AWS_MIN_TTL`,
//! `AWS_MFA_SERIAL`, `AWS_VAULT_PROMPT`) works unchanged, against moto and the real AWS CLI;
//! names awsx does not support fail with one clear error.

use crate::support::{Awsx, GDS_CONFIG, Moto, assert_no_secret};
use std::os::unix::fs::PermissionsExt;

// Not the AWS documentation's example keys: moto hands those out as session credentials.
const ID: &str = "AKIAAWSVAULTENVTEST1";
const SECRET: &str = "Qm9uZ0xvbmdUZXJtU2VjcmV0Rm9yVGVzdHMwMDAx";
const PASSPHRASE: &str = "Zq8-vault-users-pp";

/// awsx with none of its own store settings, only aws-vault's.
fn aws_vault_user(moto: &Moto) -> Awsx {
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .without("AWSX_BACKEND")
        .without("AWSX_FILE_DIR")
        .without("AWSX_FILE_PASSPHRASE")
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWS_VAULT_BACKEND", "file")
        .env("AWS_VAULT_FILE_PASSPHRASE", PASSPHRASE);
    let keys = awsx.path(".awsvault/keys");
    std::fs::create_dir_all(&keys).expect("aws-vault's dir");
    awsx.env("AWS_VAULT_FILE_DIR", keys.display().to_string())
}

/// The single `error:` line and the `hint:` line of a failed run.
#[track_caller]
fn one_clear_error(stderr: &str, starts: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with(starts), "{stderr}");
    assert!(lines[1].starts_with("hint: "), "{stderr}");
}

#[test]
fn an_aws_vault_users_environment_works() {
    let Some(moto) = Moto::start() else { return };
    let awsx = aws_vault_user(&moto).env("AWS_SESSION_TOKEN_TTL", "2h");
    awsx.add_keys("gds-users", ID, SECRET);
    // awsx's vault lies beside aws-vault's key directory, never in it: aws-vault takes every
    // file there for one of its keys.
    assert!(awsx.path(".awsvault/awsx").is_dir());
    let theirs: Vec<_> = std::fs::read_dir(awsx.path(".awsvault/keys"))
        .expect("read")
        .collect();
    assert!(theirs.is_empty(), "{theirs:?}");

    let plan = awsx.run(&["explain", "gds-users"]).success().stdout();
    assert!(plan.contains("GetSessionToken (2h)"), "{plan}");

    let run = awsx
        .run(&[
            "exec",
            "gds-users",
            "--",
            "aws",
            "sts",
            "get-caller-identity",
            "--output",
            "text",
            "--query",
            "Arn",
        ])
        .success();
    assert!(run.stdout().contains("arn:aws:"), "{}", run.stdout());
    assert_eq!(moto.count("GetSessionToken"), 1);

    // The child sees AWS_VAULT (aws-vault's marker) and none of its settings.
    let env = awsx
        .run(&["exec", "gds-users", "--", "env"])
        .success()
        .stdout();
    assert!(env.lines().any(|l| l == "AWS_VAULT=gds-users"), "{env}");
    for line in env.lines() {
        assert!(
            !line.starts_with("AWS_VAULT_")
                && (!line.starts_with("AWSX_") || line.starts_with("AWSX_PROFILE=")),
            "{line}"
        );
    }
    assert_no_secret(&env, &[PASSPHRASE, SECRET]);

    // The passphrase really comes from AWS_VAULT_FILE_PASSPHRASE: a wrong one cannot open the
    // vault, and AWSX_FILE_PASSPHRASE wins over it. `-n` needs the long-term keys, so the vault
    // itself is opened (a cached session may come from the memory cache without it).
    let wrong = awsx
        .clone_env()
        .env("AWS_VAULT_FILE_PASSPHRASE", "wrong-passphrase-xyz")
        .run(&["exec", "-n", "gds-users", "--", "true"])
        .failure();
    assert_no_secret(
        &(wrong.stdout() + &wrong.stderr()),
        &[PASSPHRASE, SECRET, "wrong-passphrase-xyz"],
    );
    awsx.clone_env()
        .env("AWS_VAULT_FILE_PASSPHRASE", "wrong-passphrase-xyz")
        .env("AWSX_FILE_PASSPHRASE", PASSPHRASE)
        .run(&["exec", "-n", "gds-users", "--", "true"])
        .success();
}

#[test]
fn aws_vaults_default_durations_and_ttls() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    awsx.add_keys("gds-users", ID, SECRET);
    let plan = |awsx: &Awsx, profile: &str| awsx.run(&["explain", profile]).success().stdout();
    // A plain user's session is 1 h as in aws-vault; the session roles are assumed with, 8 h.
    assert!(plan(&awsx, "gds-users").contains("GetSessionToken (1h)"));
    let roles = plan(&awsx, "production-infrastructure");
    assert!(
        roles.contains("GetSessionToken with MFA arn:aws:iam::398263320410:mfa/jane.doe (8h)"),
        "{roles}"
    );
    assert!(roles.contains("role/infrastructure (1h)"), "{roles}");

    let awsx = awsx
        .env("AWS_CHAINED_SESSION_TOKEN_TTL", "12h")
        .env("AWS_ASSUME_ROLE_TTL", "45m")
        .env("AWS_MFA_SERIAL", "arn:aws:iam::398263320410:mfa/other");
    let roles = plan(&awsx, "production-infrastructure");
    assert!(
        roles.contains("GetSessionToken with MFA arn:aws:iam::398263320410:mfa/other (12h)"),
        "{roles}"
    );
    assert!(roles.contains("role/infrastructure (45m)"), "{roles}");
    // AWS_MFA_SERIAL gives a device to a profile that names none, as in aws-vault.
    assert!(
        plan(&awsx, "gds-users")
            .contains("GetSessionToken with MFA arn:aws:iam::398263320410:mfa/other (1h)")
    );
    // AWSX_SESSION_DURATION wins over aws-vault's session TTLs.
    let roles = plan(
        &awsx.env("AWSX_SESSION_DURATION", "3h"),
        "production-infrastructure",
    );
    assert!(roles.contains("(3h)"), "{roles}");
}

#[test]
fn aws_min_ttl_decides_when_a_cached_session_is_used() {
    let Some(moto) = Moto::start() else { return };
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url);
    awsx.add_keys("gds-users", ID, SECRET);
    awsx.run(&["exec", "gds-users", "--", "true"]).success();
    awsx.run(&["exec", "gds-users", "--", "true"]).success();
    assert_eq!(
        moto.count("GetSessionToken"),
        1,
        "the second run used the cache"
    );
    // A 1 h session never has 2 h left: with AWS_MIN_TTL=2h each run makes a new one.
    awsx.clone_env()
        .env("AWS_MIN_TTL", "2h")
        .run(&["exec", "gds-users", "--", "true"])
        .success();
    assert_eq!(moto.count("GetSessionToken"), 2);
}

#[test]
fn aws_vault_prompt_ykman_gets_the_code_from_ykman() {
    let Some(moto) = Moto::start() else { return };
    // A stand-in for ykman: no YubiKey here. It records its arguments and prints a code.
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWS_VAULT_PROMPT", "ykman");
    let bin = awsx.path("bin");
    std::fs::create_dir(&bin).expect("mkdir");
    let log = awsx.path("ykman.log");
    let stub = bin.join("ykman");
    std::fs::write(
        &stub,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\necho 123456\n",
            log.display()
        ),
    )
    .expect("stub");
    std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let awsx = awsx.env("PATH", path);
    awsx.add_keys("gds-users", ID, SECRET);
    awsx.run(&["exec", "production-infrastructure", "--", "true"])
        .success();
    assert_eq!(
        std::fs::read_to_string(&log).expect("ykman ran"),
        "oath accounts code --single arn:aws:iam::398263320410:mfa/jane.doe\n"
    );
}

/// A stand-in dialog program in its own directory: no desktop here. It logs its arguments and
/// runs `body` (a shell snippet).
fn dialog(awsx: &Awsx, name: &str, body: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let bin = awsx.path(&format!("bin-{name}"));
    std::fs::create_dir_all(&bin).expect("mkdir");
    let log = awsx.path(&format!("{name}.log"));
    let stub = bin.join(name);
    std::fs::write(
        &stub,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s|' \"$a\"; done >> '{}'\necho >> '{}'\n{body}\n",
            log.display(),
            log.display()
        ),
    )
    .expect("stub");
    std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (bin, log)
}

#[test]
fn aws_vault_prompt_zenity_and_kdialog_ask_in_a_dialog() {
    let Some(moto) = Moto::start() else { return };
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url);
    awsx.add_keys("gds-users", ID, SECRET);
    let with_path = |bin: &std::path::Path| {
        format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        )
    };

    // zenity prints what was typed: that is the code.
    let (bin, log) = dialog(&awsx, "zenity", "echo ' 123456 '");
    awsx.clone_env()
        .env("AWS_VAULT_PROMPT", "zenity")
        .env("PATH", &with_path(&bin))
        .run(&["exec", "production-infrastructure", "--", "true"])
        .success();
    assert_eq!(
        std::fs::read_to_string(&log).expect("zenity ran"),
        "--entry|--title|awsx|--text|Enter MFA code for arn:aws:iam::398263320410:mfa/jane.doe: |\n"
    );
    assert_eq!(moto.count("AssumeRole"), 1);
    // The role's session is cached now; each run below has to ask again.
    awsx.run(&["clear"]).success();

    // kdialog cancelled (exit 1): one error, no STS call, and nothing typed is shown.
    let (bin, log) = dialog(&awsx, "kdialog", "echo 424242; exit 1");
    let run = awsx
        .clone_env()
        .env("AWSX_PROMPT", "kdialog")
        .env("PATH", &with_path(&bin))
        .run(&["exec", "production-infrastructure", "--", "true"])
        .failure();
    one_clear_error(
        &run.stderr(),
        "error: the kdialog dialog for an MFA code for arn:aws:iam::398263320410:mfa/jane.doe was cancelled",
    );
    assert!(
        std::fs::read_to_string(&log)
            .expect("kdialog ran")
            .starts_with("--inputbox|Enter MFA code for "),
    );
    assert_no_secret(&(run.stdout() + &run.stderr()), &[SECRET, "424242"]);

    awsx.run(&["clear"]).success();
    // Not six digits: asked again, then one error that does not repeat what was typed.
    let (bin, log) = dialog(&awsx, "zenity-bad", "echo 98765");
    std::fs::rename(bin.join("zenity-bad"), bin.join("zenity")).expect("rename");
    let run = awsx
        .clone_env()
        .env("AWSX_PROMPT", "zenity")
        .env("PATH", &with_path(&bin))
        .run(&["exec", "production-infrastructure", "--", "true"])
        .failure();
    one_clear_error(
        &run.stderr(),
        "error: no 6-digit MFA code for arn:aws:iam::398263320410:mfa/jane.doe was entered in 3 tries",
    );
    assert_eq!(
        std::fs::read_to_string(&log).expect("ran").lines().count(),
        3
    );
    assert_no_secret(&(run.stdout() + &run.stderr()), &[SECRET, "98765"]);

    awsx.run(&["clear"]).success();
    // Not installed: one error that says so.
    let empty = awsx.path("bin-empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let run = awsx
        .clone_env()
        .env("AWSX_PROMPT", "zenity")
        .env("PATH", &empty.display().to_string())
        .run(&["exec", "production-infrastructure", "--", "true"])
        .failure();
    one_clear_error(
        &run.stderr(),
        "error: the MFA prompt is zenity, and zenity is not installed (not on PATH)",
    );
    assert_eq!(moto.count("AssumeRole"), 1);
}

#[test]
fn unsupported_aws_vault_names_fail_with_one_clear_error() {
    let Some(moto) = Moto::start() else { return };
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url);
    awsx.add_keys("gds-users", ID, SECRET);

    for store in ["pass", "kwallet", "op"] {
        let run = Awsx::new()
            .config(GDS_CONFIG)
            .without("AWSX_BACKEND")
            .env("AWS_VAULT_BACKEND", store)
            .run(&["list"])
            .failure();
        one_clear_error(
            &run.stderr(),
            &format!("error: AWS_VAULT_BACKEND={store}: awsx cannot keep its vault"),
        );
    }

    // Another platform's prompt fails only where a code is needed: gds-users has no MFA device.
    let mac = awsx.clone_env().env("AWS_VAULT_PROMPT", "osascript");
    mac.run(&["exec", "gds-users", "--", "true"]).success();
    let run = mac
        .run(&["exec", "production-infrastructure", "--", "true"])
        .failure();
    one_clear_error(
        &run.stderr(),
        "error: AWS_VAULT_PROMPT=osascript: the osascript prompt is macOS's; it is not on this platform",
    );
    let run = awsx
        .clone_env()
        .env("AWS_VAULT_PROMPT", "wincredui")
        .run(&["exec", "production-infrastructure", "--", "true"])
        .failure();
    one_clear_error(
        &run.stderr(),
        "error: AWS_VAULT_PROMPT=wincredui: the wincredui prompt is Windows's; it is not on this platform",
    );
    assert_eq!(moto.count("AssumeRole"), 0);

    let run = awsx
        .clone_env()
        .env("AWS_SESSION_TOKEN_TTL", "all day")
        .run(&["exec", "gds-users", "--", "true"])
        .failure();
    one_clear_error(&run.stderr(), "error: AWS_SESSION_TOKEN_TTL: `all day`");
    assert_no_secret(&(run.stdout() + &run.stderr()), &[SECRET]);
}

#[test]
fn add_gives_the_new_profile_a_region_so_the_aws_cli_works_at_once() {
    let Some(moto) = Moto::start() else { return };
    // No config file at all, no region anywhere: us-east-1, said aloud.
    let awsx = Awsx::new().env("AWS_ENDPOINT_URL", &moto.url);
    let run = awsx.add_keys("gds-users", ID, SECRET);
    assert!(
        run.stderr()
            .contains("profile gds-users gets region = us-east-1"),
        "{}",
        run.stderr()
    );
    let config = std::fs::read_to_string(awsx.path("config")).expect("config");
    assert_eq!(config, "[profile gds-users]\nregion = us-east-1\n");
    let run = awsx
        .run(&[
            "exec",
            "gds-users",
            "--",
            "aws",
            "sts",
            "get-caller-identity",
        ])
        .success();
    assert!(run.stdout().contains("\"Arn\""), "{}", run.stdout());

    // From the environment, quietly; an existing section keeps its lines and gains the region.
    let awsx = Awsx::new()
        .config("[profile ops]\nmfa_serial = arn:aws:iam::111111111111:mfa/jane\n")
        .env("AWS_DEFAULT_REGION", "eu-west-2");
    let run = awsx.add_keys("ops", ID, SECRET);
    assert!(!run.stderr().contains("us-east-1"), "{}", run.stderr());
    let config = std::fs::read_to_string(awsx.path("config")).expect("config");
    assert!(
        config.contains("mfa_serial = arn:aws:iam::111111111111:mfa/jane"),
        "{config}"
    );
    assert!(config.contains("region = eu-west-2"), "{config}");
    // A region already there is left alone.
    let awsx = awsx.env("AWS_DEFAULT_REGION", "ap-south-1");
    awsx.clone_env()
        .env("AWS_ACCESS_KEY_ID", ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .run(&["add", "ops", "--env", "--force"])
        .success();
    let again = std::fs::read_to_string(awsx.path("config")).expect("config");
    assert!(!again.contains("ap-south-1"), "{again}");
}

#[test]
fn add_at_a_terminal_asks_the_region() {
    use expectrl::Expect;
    let awsx = Awsx::new();
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args(["add", "gds-users"]);
    let mut add = expectrl::session::Session::spawn(cmd).expect("spawn in a pty");
    add.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    add.expect("Enter Access Key ID: ").expect("id prompt");
    add.send_line(ID).expect("send");
    add.expect("Enter Secret Access Key: ")
        .expect("secret prompt");
    add.send_line(SECRET).expect("send");
    add.expect("Region for profile gds-users [us-east-1]: ")
        .expect("region prompt");
    add.send_line("eu-west-2").expect("send");
    let shown = crate::support::until_exit(&mut add);
    assert_no_secret(&shown, &[SECRET]);
    let config = std::fs::read_to_string(awsx.path("config")).expect("config");
    assert_eq!(config, "[profile gds-users]\nregion = eu-west-2\n");
}
