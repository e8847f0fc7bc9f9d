//! The memory-only session cache in the kernel session keyring (issue 13), against moto with
//! the file vault and the real Secret Service (gnome-keyring). Run under a real session keyring
//! (scripts/test and /work/wt/run-in-session.sh use `keyctl session -`); without one these
//! tests skip unless AWSX_TEST_REQUIRE_KEYCHAINS is set. moto's request log counts STS calls.

use crate::support::{Awsx, GDS_CONFIG, Moto, Run};
use sha2::Digest as _;

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const NEW_ID: &str = "AKIAI44QH8DHBEXAMPLE";
const NEW_SECRET: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const ROLE: &str = "production-infrastructure";

fn require_keychains() -> bool {
    std::env::var_os("AWSX_TEST_REQUIRE_KEYCHAINS").is_some()
}

fn session_keyring_or_skip() -> bool {
    let works = std::process::Command::new("keyctl")
        .args(["show", "@s"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        assert!(!require_keychains(), "no kernel session keyring");
        eprintln!("no kernel session keyring; skipped");
    }
    works
}

fn no_secrets(run: &Run) {
    for text in [run.stdout(), run.stderr()] {
        for secret in [SECRET, NEW_SECRET] {
            assert!(!text.contains(secret), "base secret leaked: {text}");
        }
    }
}

/// The prefix of this vault's entries, as `session_memory` names them: a hash of the keychain
/// service and the file vault's directory.
/// A number no other call in this test process returns.
fn unique() -> usize {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn family(service: &str, dir: &str) -> String {
    let hash: String = sha2::Sha256::digest(format!("{service}\n{dir}").as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("awsx:session-cache:{hash}:")
}

/// (description, timeout column) of this family's keys in the session keyring, from
/// /proc/keys (the kernel's own view: `59m`, `7h`, or `perm` for no timeout).
fn entries(prefix: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string("/proc/keys").unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let desc = fields.get(8)?.trim_end_matches(':');
            // Invalidated, revoked or dead keys linger until the kernel's collector runs.
            let gone = fields[1].contains(['i', 'R', 'D']);
            (!gone && desc.starts_with(prefix) && !desc.ends_with(":generation"))
                .then(|| (desc.to_string(), fields[3].to_string()))
        })
        .collect()
}

fn file_vault(moto: &Moto) -> (Awsx, String) {
    // A service of its own: a `clear` in a test running beside it retires only its service's
    // memory cache (the generation is per service).
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url);
    let service = format!("awsx-memory-{}-{}", std::process::id(), unique());
    let awsx = awsx.env("AWSX_KEYCHAIN_SERVICE", &service);
    awsx.add_keys("gds-users", ID, SECRET);
    let dir = awsx.path("vault").display().to_string();
    (awsx, family(&service, &dir))
}

fn seed(awsx: &Awsx) {
    let run = awsx
        .run(&["exec", ROLE, "--mfa-token", "123456", "--", "true"])
        .success();
    no_secrets(&run);
}

fn exec(awsx: &Awsx) -> Run {
    let run = awsx.run(&["exec", ROLE, "--", "true"]);
    no_secrets(&run);
    run
}

#[test]
fn a_cached_exec_needs_neither_the_vault_nor_sts_and_the_kernel_times_entries_out() {
    if !session_keyring_or_skip() {
        return;
    }
    let Some(moto) = Moto::start() else { return };
    let (awsx, prefix) = file_vault(&moto);
    seed(&awsx);
    assert_eq!(moto.actions().len(), 2, "{:?}", moto.actions());

    // Two sessions (GetSessionToken 8 h, AssumeRole 1 h) and the index copy, each with a
    // kernel timeout no longer than the credentials' life.
    // (/proc/keys rounds down: 3,600 s left reads `1h`, a second later `59m`.)
    let mut timeouts: Vec<String> = entries(&prefix).into_iter().map(|(_, t)| t).collect();
    timeouts.sort();
    let hour = |t: &str| matches!(t, "59m" | "1h");
    let eight = |t: &str| matches!(t, "7h" | "8h");
    assert!(
        timeouts.len() == 3
            && timeouts.iter().filter(|t| hour(t)).count() == 1
            && timeouts.iter().filter(|t| eight(t)).count() == 2,
        "{:?}",
        entries(&prefix)
    );

    // The vault (and its cache) gone: the memory copy alone answers, with no STS call.
    std::fs::rename(awsx.path("vault"), awsx.path("vault.away")).expect("move the vault");
    let before = moto.actions().len();
    exec(&awsx).success();
    let process = awsx.run(&["export", ROLE, "--format", "process"]).success();
    no_secrets(&process);
    assert_eq!(process.json()["Version"], 1, "{}", process.stdout());
    assert_eq!(moto.actions().len(), before);

    // Off, awsx needs the vault again: the memory cache was what answered.
    let off = awsx.clone_env().env("AWSX_SESSION_MEMORY", "off");
    let run = off.run(&["exec", ROLE, "--", "true"]);
    assert_ne!(run.code(), 0, "{}", run.stderr());
    no_secrets(&run);
    std::fs::rename(awsx.path("vault.away"), awsx.path("vault")).expect("restore the vault");
}

#[test]
fn sessions_only_in_memory_are_listed_used_and_cleared() {
    if !session_keyring_or_skip() {
        return;
    }
    let Some(moto) = Moto::start() else { return };
    let (awsx, prefix) = file_vault(&moto);
    seed(&awsx);
    // Clear the vault's cache only (memory off): the memory copy still holds both sessions.
    let off = awsx.clone_env().env("AWSX_SESSION_MEMORY", "off");
    assert_eq!(
        off.run(&["clear"]).success().stdout(),
        "Cleared 2 sessions.\n"
    );
    assert_eq!(off.run(&["list", "--sessions"]).success().stdout(), "");
    let sessions = awsx.run(&["list", "--sessions"]).success().stdout();
    assert_eq!(sessions.lines().count(), 2, "{sessions}");
    let before = moto.actions().len();
    exec(&awsx).success();
    assert_eq!(moto.actions().len(), before);

    // `clear` clears memory too: the next exec asks STS again.
    assert_eq!(
        awsx.run(&["clear"]).success().stdout(),
        "Cleared 2 sessions.\n"
    );
    assert_eq!(entries(&prefix), Vec::<(String, String)>::new());
    assert_eq!(awsx.run(&["list", "--sessions"]).success().stdout(), "");
    seed(&awsx);
    assert_eq!(moto.count("GetSessionToken"), 2);
}

#[test]
fn lock_remove_and_add_force_clear_the_memory_copy() {
    if !session_keyring_or_skip() {
        return;
    }
    let Some(moto) = Moto::start() else { return };
    let (awsx, prefix) = file_vault(&moto);

    seed(&awsx);
    assert_eq!(entries(&prefix).len(), 3);
    let run = awsx.run(&["lock"]).success();
    assert!(
        run.stdout()
            .contains("Forgot 2 cached sessions kept in memory"),
        "{}",
        run.stdout()
    );
    assert_eq!(entries(&prefix), Vec::<(String, String)>::new());
    // The vault's cache is still there: it answers, and fills memory again with what it used
    // (the index and the role session).
    let before = moto.actions().len();
    seed(&awsx);
    assert_eq!(moto.actions().len(), before);
    assert_eq!(entries(&prefix).len(), 2);
    awsx.run(&["remove", "gds-users", "--force"]).success();
    assert_eq!(entries(&prefix), Vec::<(String, String)>::new());
    let run = exec(&awsx).failure();
    assert!(run.stderr().contains("error:"), "{}", run.stderr());

    awsx.add_keys("gds-users", ID, SECRET);
    seed(&awsx);
    assert_eq!(entries(&prefix).len(), 3);
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args(["add", "gds-users", "--env", "--force"])
        .env("AWS_ACCESS_KEY_ID", NEW_ID)
        .env("AWS_SECRET_ACCESS_KEY", NEW_SECRET);
    let run = Run(cmd.output().expect("run")).success();
    no_secrets(&run);
    assert_eq!(entries(&prefix), Vec::<(String, String)>::new());
    assert_eq!(moto.count("GetSessionToken"), 2);
}

#[test]
fn a_session_from_keys_replaced_in_another_login_session_is_not_used() {
    if !session_keyring_or_skip() {
        return;
    }
    let Some(moto) = Moto::start() else { return };
    let (awsx, prefix) = file_vault(&moto);
    seed(&awsx);
    // Replace the keys from a login session of its own: it cannot reach this session keyring,
    // so the memory copy here still holds the old key's sessions.
    let mut cmd = awsx.command("keyctl");
    cmd.args(["session", "-"])
        .arg(Awsx::bin())
        .args(["add", "gds-users", "--env", "--force"])
        .env("AWS_ACCESS_KEY_ID", NEW_ID)
        .env("AWS_SECRET_ACCESS_KEY", NEW_SECRET);
    let run = Run(cmd.output().expect("keyctl session")).success();
    no_secrets(&run);
    assert_eq!(
        entries(&prefix).len(),
        3,
        "the other session left ours alone"
    );

    // The old key's sessions are not used: a new session from the new key.
    let run = awsx
        .run(&["exec", ROLE, "--mfa-token", "123456", "--", "true"])
        .success();
    no_secrets(&run);
    assert_eq!(moto.count("GetSessionToken"), 2);
    assert_eq!(moto.count("AssumeRole"), 2);
    // And the memory copy follows the new key from here on.
    let before = moto.actions().len();
    exec(&awsx).success();
    assert_eq!(moto.actions().len(), before);
}

#[test]
fn two_vaults_do_not_see_each_others_sessions() {
    if !session_keyring_or_skip() {
        return;
    }
    let Some(moto) = Moto::start() else { return };
    let (awsx, _) = file_vault(&moto);
    seed(&awsx);
    let other = awsx.clone_env().env(
        "AWSX_FILE_DIR",
        &awsx.path("other-vault").display().to_string(),
    );
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args(["add", "gds-users", "--env", "--no-add-config"])
        .env("AWSX_FILE_DIR", awsx.path("other-vault"))
        .env("AWS_ACCESS_KEY_ID", ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    Run(cmd.output().expect("run")).success();
    let run = other.run(&["exec", ROLE, "--mfa-token", "123456", "--", "true"]);
    no_secrets(&run);
    run.success();
    assert_eq!(moto.count("GetSessionToken"), 2, "{:?}", moto.actions());
}

#[test]
fn the_secret_service_vault_is_not_opened_on_a_cached_exec() {
    if !session_keyring_or_skip() {
        return;
    }
    let Some(bus) = std::env::var_os("DBUS_SESSION_BUS_ADDRESS") else {
        assert!(!require_keychains(), "no D-Bus session bus");
        eprintln!("no D-Bus session; skipped");
        return;
    };
    let Some(moto) = Moto::start() else { return };
    let service = format!("awsx-memory-test-{}", std::process::id());
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWSX_BACKEND", "secret-service")
        .env("AWSX_KEYCHAIN_SERVICE", &service)
        .env("DBUS_SESSION_BUS_ADDRESS", bus.to_string_lossy());
    awsx.add_keys("gds-users", ID, SECRET);
    let prefix = family(&service, &awsx.path("vault").display().to_string());
    seed(&awsx);
    assert_eq!(entries(&prefix).len(), 3);

    // No session bus at all: the keychain cannot be what answers.
    let unreachable = awsx.clone_env().env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/awsx-test-bus",
    );
    let before = moto.actions().len();
    unreachable.run(&["exec", ROLE, "--", "true"]).success();
    assert_eq!(moto.actions().len(), before);

    // `clear` empties both; the keychain's entries go with `remove`.
    assert_eq!(
        awsx.run(&["clear"]).success().stdout(),
        "Cleared 2 sessions.\n"
    );
    assert_eq!(entries(&prefix), Vec::<(String, String)>::new());
    let run = unreachable.run(&["exec", ROLE, "--", "true"]);
    assert_ne!(run.code(), 0);
    no_secrets(&run);
    awsx.run(&["remove", "gds-users", "--force"]).success();
}

/// Kernel key permissions of the family's entries, from /proc/keys (hex, as the kernel prints).
fn perms(prefix: &str) -> Vec<String> {
    let text = std::fs::read_to_string("/proc/keys").unwrap_or_default();
    text.lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let desc = fields.get(8)?.trim_end_matches(':');
            let gone = fields[1].contains(['i', 'R', 'D']);
            (!gone && desc.starts_with(prefix)).then(|| fields[4].to_string())
        })
        .collect()
}

/// Found by an adversarial run: a `clear` made through another spelling of the vault's path,
/// or from another login session, left the memory copy serving the cleared sessions; and any
/// process that kept the session keyring across a switch to another user could read them.
#[test]
fn clear_reaches_every_spelling_and_login_session_and_only_the_owner_reads_entries() {
    if !session_keyring_or_skip() {
        return;
    }
    let Some(moto) = Moto::start() else { return };
    let (awsx, prefix) = file_vault(&moto);
    let dir = format!("{}/", awsx.path("vault").display());
    let slashed = awsx.clone_env().env("AWSX_FILE_DIR", &dir);
    let export = |who: &crate::support::Borrowed| {
        let run = who.run(&[
            "export",
            ROLE,
            "--format",
            "process",
            "--mfa-token",
            "123456",
        ]);
        no_secrets(&run);
        run.success()
    };
    export(&awsx.clone_env());
    export(&slashed);
    // Owner-only: no possessor rights (the top byte), all rights for the owner's uid.
    let rights = perms(&prefix);
    assert!(!rights.is_empty(), "no entries for {prefix} in /proc/keys");
    assert!(rights.iter().all(|p| p == "003f0000"), "{rights:?}");
    // Cleared through the other spelling: the next export asks STS again.
    awsx.run(&["clear"]).success();
    let before = moto.actions().len();
    export(&slashed);
    assert!(moto.actions().len() > before, "{:?}", moto.actions());
    // Cleared from another login session (its own session keyring): the same.
    let other = awsx
        .command("keyctl")
        .args(["session", "-"])
        .arg(Awsx::bin())
        .arg("clear")
        .output()
        .expect("keyctl session");
    assert!(
        other.status.success(),
        "{}",
        String::from_utf8_lossy(&other.stderr)
    );
    let before = moto.actions().len();
    export(&slashed);
    assert!(moto.actions().len() > before, "{:?}", moto.actions());
}
