//! The vault end to end: `add`, `list`, `remove`, `lock` against the real stores: the encrypted
//! file store always; gnome-keyring's Secret Service and the kernel keyring when the test
//! script has started them (scripts/test sets AWSX_TEST_REQUIRE_KEYCHAINS=1 so that, there,
//! a missing one fails instead of skipping).

use crate::support::{Awsx, GDS_CONFIG, Run, until_exit};
use std::time::Duration;

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn add_env(awsx: &Awsx, profile: &str, extra: &[&str]) -> Run {
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args(["add", profile, "--env"])
        .args(extra)
        .env("AWS_ACCESS_KEY_ID", ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    Run(cmd.output().expect("run"))
}

/// Every file under a directory, as bytes (for "no secret on disk" checks).
fn all_files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("ls").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn add_list_remove_with_env() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    let run = add_env(&awsx, "gds-users", &[]).success();
    assert_eq!(
        run.stdout(),
        "Added credentials to profile \"gds-users\" in vault\n"
    );
    assert!(!run.stderr().contains(SECRET));

    let list = awsx.run(&["list"]).success();
    assert_eq!(
        list.stdout(),
        "\
Profile                    Credentials  Sessions  Key age
=======                    ===========  ========  =======
backups-operator           gds-users    -         0d
gds-users                  gds-users    -         0d
production-infrastructure  gds-users    -         0d
production-operator        gds-users    -         0d
staging-admin              gds-users    -         0d
"
    );
    assert_eq!(
        awsx.run(&["list", "--credentials"]).success().stdout(),
        "gds-users\n"
    );
    assert_eq!(
        awsx.run(&["list", "--profiles"])
            .success()
            .stdout()
            .lines()
            .count(),
        5
    );
    let json = awsx.run(&["list", "--json"]).success().json();
    assert_eq!(json[1]["profile"], "gds-users");
    assert_eq!(json[1]["access_key_id"], "****MPLE");
    assert_eq!(json[1]["key_age_days"], 0);

    // explain now draws on the vault.
    let explain = awsx
        .run(&["explain", "production-infrastructure", "--json"])
        .success();
    assert_eq!(explain.json()["steps"][0]["kind"], "vault_keys");

    // Nothing on disk holds the secret in plaintext; the config gained no keys.
    for (path, bytes) in all_files(awsx.home.path()) {
        assert!(!contains(&bytes, SECRET), "secret in {}", path.display());
        assert!(
            !contains(&bytes, "gds-users") || !path.starts_with(awsx.path("vault")),
            "name in {}",
            path.display()
        );
    }
    assert_eq!(
        std::fs::read_to_string(awsx.path("config")).expect("config"),
        GDS_CONFIG
    );

    let run = awsx.run(&["remove", "gds-users", "--force"]).success();
    assert_eq!(
        run.stdout(),
        "Deleted credentials for profile \"gds-users\" from vault\n"
    );
    assert_eq!(awsx.run(&["list", "--credentials"]).success().stdout(), "");
    let run = awsx.run(&["remove", "gds-users", "--force"]).failure();
    assert!(
        run.stderr()
            .contains("no credentials for profile \"gds-users\""),
        "{}",
        run.stderr()
    );
}

#[test]
fn add_creates_the_config_section_and_lists_orphans() {
    let original = "# mine\n[profile other]\nregion = eu-west-2\n";
    let awsx = Awsx::new().config(original);
    add_env(&awsx, "gds-users", &[]).success();
    assert_eq!(
        std::fs::read_to_string(awsx.path("config")).expect("config"),
        format!("{original}\n[profile gds-users]\nregion = us-east-1\n")
    );
    add_env(&awsx, "orphan", &["--no-add-config"]).success();
    assert!(
        !std::fs::read_to_string(awsx.path("config"))
            .expect("config")
            .contains("orphan")
    );
    let list = awsx.run(&["list"]).success().stdout();
    assert!(
        list.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["-", "orphan", "-", "0d"]),
        "{list}"
    );
}

#[test]
fn add_refuses_bad_input_with_one_message_each() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    let run = add_env(&awsx, "production-infrastructure", &[]).failure();
    assert!(
        run.stderr().contains("source_profile gds-users")
            && run
                .stderr()
                .contains("hint: add the keys to the base profile instead: awsx add gds-users"),
        "{}",
        run.stderr()
    );

    let cases = [
        ("ASIAIOSFODNN7EXAMPLE", SECRET, "temporary"),
        ("AKIA123", SECRET, "not a long-term access key id"),
        (ID, "short", "40 characters"),
    ];
    for (id, secret, needle) in cases {
        let mut cmd = awsx.command(Awsx::bin());
        cmd.args(["add", "gds-users", "--env"])
            .env("AWS_ACCESS_KEY_ID", id)
            .env("AWS_SECRET_ACCESS_KEY", secret);
        let run = Run(cmd.output().expect("run")).failure();
        assert!(
            run.stderr().contains(needle) && run.stderr().contains("\nhint: "),
            "{id}: {}",
            run.stderr()
        );
        assert_eq!(run.stderr().matches("error:").count(), 1);
        assert!(!run.stderr().contains(secret) || secret == "short");
    }
    let run = awsx.run(&["add", "gds-users", "--env"]).failure();
    assert!(
        run.stderr().contains("AWS_ACCESS_KEY_ID is not set"),
        "{}",
        run.stderr()
    );
    // No terminal to prompt on: a clear error, not a hang.
    let run = awsx.run(&["add", "gds-users"]).failure();
    assert!(run.stderr().contains("no terminal"), "{}", run.stderr());
    assert_eq!(awsx.run(&["list", "--credentials"]).success().stdout(), "");
}

#[test]
fn replacing_keys_asks_first() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    add_env(&awsx, "gds-users", &[]).success();
    let run = add_env(&awsx, "gds-users", &[]).failure();
    assert!(run.stderr().contains("no terminal"), "{}", run.stderr());
    add_env(&awsx, "gds-users", &["--force"]).success();
}

#[test]
fn from_credentials_file_moves_the_keys_and_nothing_else() {
    let credentials = format!(
        "# personal\n[default]\nregion = eu-west-2\n\n[gds-users]\naws_access_key_id = {ID}\naws_secret_access_key = {SECRET}\noutput = json\n\n[other]\naws_access_key_id = AKIAOTHEROTHEROTHER1\naws_secret_access_key = {}\n",
        "o".repeat(40)
    );
    let awsx = Awsx::new().config(GDS_CONFIG).credentials(&credentials);
    let run = awsx
        .run(&["add", "gds-users", "--from-credentials-file", "--yes"])
        .success();
    assert_eq!(
        run.stdout(),
        "Added credentials to profile \"gds-users\" in vault\n"
    );
    let after = std::fs::read_to_string(awsx.path("credentials")).expect("read");
    assert_eq!(
        after,
        credentials
            .replace(&format!("aws_access_key_id = {ID}\n"), "")
            .replace(&format!("aws_secret_access_key = {SECRET}\n"), "")
    );
    let explain = awsx.run(&["explain", "gds-users", "--json"]).success();
    assert_eq!(explain.json()["steps"][0]["kind"], "vault_keys");
    for (path, bytes) in all_files(awsx.home.path()) {
        assert!(!contains(&bytes, SECRET), "secret in {}", path.display());
    }
    let run = awsx
        .run(&["add", "nobody", "--from-credentials-file", "--yes"])
        .failure();
    assert!(
        run.stderr().contains("has no aws_access_key_id"),
        "{}",
        run.stderr()
    );
}

#[test]
fn wrong_passphrase_and_damaged_vault_are_clear_errors() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    add_env(&awsx, "gds-users", &[]).success();
    let vault_file = awsx.path("vault/vault.json");
    let before = std::fs::read(&vault_file).expect("read");

    let wrong = Awsx::new().config(GDS_CONFIG);
    let mut cmd = wrong.command(Awsx::bin());
    cmd.args(["list"])
        .env("AWSX_FILE_DIR", awsx.path("vault"))
        .env("AWSX_FILE_PASSPHRASE", "nope");
    let run = Run(cmd.output().expect("run")).failure();
    assert!(
        run.stderr()
            .starts_with("error: the vault's passphrase is wrong\nhint: "),
        "{}",
        run.stderr()
    );
    let mut cmd = wrong.command(Awsx::bin());
    cmd.args(["add", "x", "--env", "--force"])
        .env("AWSX_FILE_DIR", awsx.path("vault"))
        .env("AWSX_FILE_PASSPHRASE", "nope")
        .env("AWS_ACCESS_KEY_ID", ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    Run(cmd.output().expect("run")).failure();
    assert_eq!(std::fs::read(&vault_file).expect("read"), before);

    std::fs::write(
        &vault_file,
        b"{\"format\": \"awsx-file-vault\", \"version\": 1, \"trunc",
    )
    .expect("write");
    let run = awsx.run(&["list"]).failure();
    assert!(
        run.stderr().contains("is damaged") && run.stderr().contains("left untouched"),
        "{}",
        run.stderr()
    );
    let run = add_env(&awsx, "gds-users", &["--force"]).failure();
    assert!(run.stderr().contains("is damaged"), "{}", run.stderr());
    assert!(
        std::fs::read(&vault_file)
            .expect("read")
            .ends_with(b"trunc")
    );
}

// Linux only: elsewhere the automatic choice is the user's real keychain, which tests never touch.
#[cfg(target_os = "linux")]
#[test]
fn automatic_backend_falls_back_to_the_file_store_and_says_so() {
    let awsx = Awsx::new().config(GDS_CONFIG).without("AWSX_BACKEND").env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/awsx-test-bus",
    );
    let run = add_env(&awsx, "gds-users", &[]).success();
    assert!(
        run.stderr().contains("using the encrypted file store in"),
        "{}",
        run.stderr()
    );
    assert!(awsx.path("vault/vault.json").exists());
}

fn keyctl_session_works() -> bool {
    std::process::Command::new("keyctl")
        .args(["show", "@s"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn require_keychains() -> bool {
    std::env::var_os("AWSX_TEST_REQUIRE_KEYCHAINS").is_some()
}

/// Whether the kernel session keyring is there; without it the test skips, unless the test
/// script required it.
fn session_keyring_or_skip() -> bool {
    if keyctl_session_works() {
        return true;
    }
    assert!(!require_keychains(), "no kernel session keyring");
    eprintln!("no kernel session keyring; skipped");
    false
}

#[test]
fn unlocked_key_is_cached_for_the_session_until_lock() {
    if !session_keyring_or_skip() {
        return;
    }
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWSX_FILE_UNLOCK_TTL", "5m");
    add_env(&awsx, "gds-users", &[]).success();
    // No passphrase and no terminal: the cached key is what unlocks it.
    let locked_out = |awsx: &Awsx| {
        let mut cmd = awsx.command(Awsx::bin());
        cmd.args(["list", "--credentials"])
            .env_remove("AWSX_FILE_PASSPHRASE");
        Run(cmd.output().expect("run"))
    };
    assert_eq!(locked_out(&awsx).success().stdout(), "gds-users\n");
    let run = awsx.run(&["lock"]).success();
    assert_eq!(
        run.stdout(),
        "Locked the vault: the next command asks for its passphrase.\n"
    );
    let run = locked_out(&awsx).failure();
    assert!(
        run.stderr().contains("needs its passphrase")
            && run.stderr().contains("AWSX_FILE_PASSPHRASE"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        awsx.run(&["lock"]).success().stdout(),
        "The vault was already locked.\n"
    );
}

#[test]
fn secret_service_add_list_remove() {
    let Some(bus) = std::env::var_os("DBUS_SESSION_BUS_ADDRESS") else {
        assert!(!require_keychains(), "no D-Bus session bus");
        eprintln!("no D-Bus session; skipped");
        return;
    };
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWSX_BACKEND", "secret-service")
        .env("DBUS_SESSION_BUS_ADDRESS", bus.to_string_lossy());
    // A profile name of this test's own, so parallel tests sharing the keyring do not collide.
    let profile = format!("ss-test-{}", std::process::id());
    add_env(&awsx, &profile, &["--no-add-config", "--force"]).success();
    let lookup = awsx
        .command("secret-tool")
        .args(["lookup", "service", "awsx", "username", &profile])
        .output()
        .expect("secret-tool");
    assert!(
        contains(&lookup.stdout, SECRET),
        "entry not in the Secret Service"
    );
    let list = awsx.run(&["list", "--credentials"]).success().stdout();
    assert!(list.lines().any(|l| l == profile), "{list}");
    awsx.run(&["remove", &profile, "--force"]).success();
    let lookup = awsx
        .command("secret-tool")
        .args(["lookup", "service", "awsx", "username", &profile])
        .output()
        .expect("secret-tool");
    assert!(lookup.stdout.is_empty());
    assert!(
        !awsx
            .run(&["list", "--credentials"])
            .success()
            .stdout()
            .contains(&profile)
    );
}

#[test]
fn keyutils_add_list_remove() {
    if !session_keyring_or_skip() {
        return;
    }
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWSX_BACKEND", "keyutils");
    let profile = format!("ku-test-{}", std::process::id());
    add_env(&awsx, &profile, &["--no-add-config", "--force"]).success();
    let list = awsx.run(&["list", "--credentials"]).success().stdout();
    assert!(list.lines().any(|l| l == profile), "{list}");
    awsx.run(&["remove", &profile, "--force"]).success();
    assert!(
        !awsx
            .run(&["list", "--credentials"])
            .success()
            .stdout()
            .contains(&profile)
    );
}

#[test]
fn add_list_remove_in_a_real_terminal() {
    use expectrl::Expect;
    let awsx = Awsx::new().config(GDS_CONFIG);
    let spawn = |args: &[&str]| {
        let mut cmd = awsx.command(Awsx::bin());
        cmd.args(args);
        let mut session = expectrl::session::Session::spawn(cmd).expect("spawn in a pty");
        session.set_expect_timeout(Some(Duration::from_secs(20)));
        session
    };
    let mut add = spawn(&["add", "gds-users"]);
    add.expect("Enter Access Key ID: ").expect("id prompt");
    add.send_line(ID).expect("send id");
    add.expect("Enter Secret Access Key: ")
        .expect("secret prompt");
    add.send_line(SECRET).expect("send secret");
    let shown = until_exit(&mut add);
    assert!(
        shown.contains("Added credentials to profile \"gds-users\" in vault"),
        "{shown}"
    );
    assert!(!shown.contains(SECRET), "the secret was echoed: {shown}");

    let mut list = spawn(&["list"]);
    let shown = until_exit(&mut list);
    assert!(
        shown.contains("gds-users                  gds-users"),
        "{shown:?}"
    );

    // Existing keys are said, and replacing them asked, before any key is typed.
    let mut replace = spawn(&["add", "gds-users"]);
    replace
        .expect(
            "The vault already has credentials for profile \"gds-users\" (****MPLE, 0 days old).",
        )
        .expect("said first");
    replace
        .expect("Replace them? [y/N] ")
        .expect("confirm prompt");
    replace.send_line("n").expect("send");
    let shown = until_exit(&mut replace);
    assert!(shown.contains("cancelled"), "{shown:?}");
    assert!(!shown.contains("Enter Access Key ID"), "{shown:?}");

    let mut remove = spawn(&["remove", "gds-users"]);
    remove
        .expect("Delete the credentials for profile \"gds-users\" from the vault? [y/N] ")
        .expect("confirm prompt");
    remove.send_line("y").expect("send");
    let shown = until_exit(&mut remove);
    assert!(
        shown.contains("Deleted credentials for profile \"gds-users\" from vault"),
        "{shown:?}"
    );
    assert_eq!(awsx.run(&["list", "--credentials"]).success().stdout(), "");
}
