//! The vault under pressure: many awsx processes at once, processes killed mid-write, a full
//! disk, tampered files, and what the child of `exec` may see. Real processes in parallel,
//! real `kill -9`, a real tmpfs, the real gnome-keyring; moto as STS.

use crate::support::{Awsx, GDS_CONFIG, Moto, Run, until_exit};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const PASSPHRASE: &str = "test passphrase";

fn key_id(n: usize) -> String {
    format!("AKIA{n:016}")
}

fn key_secret(n: usize) -> String {
    format!("{n:0>40}")
}

/// `awsx add NAME --env` with keys of its own, started but not waited for.
fn spawn_add(awsx: &Awsx, name: &str, n: usize, extra: &[&str]) -> Child {
    awsx.command(Awsx::bin())
        .args(["add", name, "--env"])
        .args(extra)
        .env("AWS_ACCESS_KEY_ID", key_id(n))
        .env("AWS_SECRET_ACCESS_KEY", key_secret(n))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn awsx add")
}

fn spawn(awsx: &Awsx, args: &[&str]) -> Child {
    awsx.command(Awsx::bin())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn awsx")
}

fn wait_all(children: Vec<Child>) -> Vec<Run> {
    children
        .into_iter()
        .map(|c| Run(c.wait_with_output().expect("wait")))
        .collect()
}

fn lines(run: Run) -> Vec<String> {
    run.success().stdout().lines().map(str::to_string).collect()
}

/// Twenty adds at once, then twenty removes at once: every add is kept, every remove leaves
/// nothing behind (a second remove of each finds no entry, listed or not).
fn twenty_adds_then_twenty_removes(awsx: &Awsx) {
    let already = lines(awsx.run(&["list", "--credentials"]));
    let names: Vec<String> = (0..20).map(|i| format!("p{i}")).collect();
    let adds = names
        .iter()
        .enumerate()
        .map(|(i, name)| spawn_add(awsx, name, i, &["--no-add-config", "--force"]))
        .collect();
    for run in wait_all(adds) {
        let run = run.success();
        assert!(
            run.stdout().contains("Added credentials"),
            "{}",
            run.stdout()
        );
    }
    let mut listed = lines(awsx.run(&["list", "--credentials"]));
    listed.sort();
    let mut expected: Vec<String> = names.iter().chain(&already).cloned().collect();
    expected.sort();
    assert_eq!(listed, expected, "every concurrent add is in the vault");

    let removes = names
        .iter()
        .map(|name| spawn(awsx, &["remove", name, "--force"]))
        .collect();
    for run in wait_all(removes) {
        run.success();
    }
    assert_eq!(lines(awsx.run(&["list", "--credentials"])), already);
    for name in &names {
        let again = awsx.run(&["remove", name, "--force"]).failure();
        assert!(
            again.stderr().contains("has no credentials"),
            "a ghost entry for {name} is left: {}",
            again.stderr()
        );
    }
}

#[test]
fn twenty_writers_at_once_lose_nothing_in_the_file_vault() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    // The vault exists before the race, as it does for a user; creating it is raced below.
    awsx.add_keys("gds-users", ID, SECRET);
    twenty_adds_then_twenty_removes(&awsx);
    assert_eq!(lines(awsx.run(&["list", "--credentials"])), ["gds-users"]);
}

#[test]
fn twenty_writers_creating_the_file_vault_at_once_agree_on_one() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    let adds = (0..20)
        .map(|i| spawn_add(&awsx, &format!("p{i}"), i, &["--no-add-config"]))
        .collect();
    for run in wait_all(adds) {
        run.success();
    }
    assert_eq!(lines(awsx.run(&["list", "--credentials"])).len(), 20);
}

fn secret_service_or_skip() -> Option<String> {
    match std::env::var("DBUS_SESSION_BUS_ADDRESS") {
        Ok(bus) => Some(bus),
        Err(_) => {
            assert!(
                std::env::var_os("AWSX_TEST_REQUIRE_KEYCHAINS").is_none(),
                "no D-Bus session bus"
            );
            eprintln!("no D-Bus session; skipped");
            None
        }
    }
}

/// The items gnome-keyring holds for a service, counted by the real `secret-tool`.
fn secret_service_items(awsx: &Awsx, service: &str) -> usize {
    let out = awsx
        .command("secret-tool")
        .args(["search", "--all", "service", service])
        .output()
        .expect("secret-tool");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&out.stderr).lines())
        .filter(|l| l.starts_with("attribute.username = "))
        .count()
}

#[test]
fn twenty_writers_at_once_lose_nothing_in_gnome_keyring() {
    let Some(bus) = secret_service_or_skip() else {
        return;
    };
    // A service name of this test's own: other tests share the keyring, not this vault.
    let service = format!("awsx-race-{}", std::process::id());
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWSX_BACKEND", "secret-service")
        .env("AWSX_KEYCHAIN_SERVICE", &service)
        .env("DBUS_SESSION_BUS_ADDRESS", bus);
    twenty_adds_then_twenty_removes(&awsx);
    // Only the (empty) index entry is left in the keyring: no secret was orphaned.
    assert!(
        secret_service_items(&awsx, &service) <= 1,
        "items left in the keyring for {service}"
    );
}

/// Base users b0..b9 with a role each (no MFA, so no prompt), STS at `url`.
fn ten_bases(url: &str) -> Awsx {
    let mut config = String::new();
    for i in 0..10 {
        config.push_str(&format!(
            "[profile b{i}]\nregion = eu-west-1\n[profile r{i}]\nsource_profile = b{i}\nrole_arn = arn:aws:iam::050019655025:role/r{i}\n"
        ));
    }
    let awsx = Awsx::new().config(&config).env("AWS_ENDPOINT_URL", url);
    for i in 0..10 {
        awsx.add_keys(&format!("b{i}"), &key_id(100 + i), &key_secret(100 + i));
    }
    awsx
}

#[test]
fn adds_beside_cold_execs_keep_every_key_and_every_session() {
    let Some(moto) = Moto::start() else { return };
    let awsx = ten_bases(&moto.url);
    let mut children = Vec::new();
    for i in 0..10 {
        children.push(spawn_add(&awsx, &format!("n{i}"), i, &["--no-add-config"]));
        children.push(spawn(&awsx, &["exec", &format!("r{i}"), "--", "true"]));
    }
    for run in wait_all(children) {
        run.success();
    }
    let keys = lines(awsx.run(&["list", "--credentials"]));
    for i in 0..10 {
        assert!(keys.contains(&format!("n{i}")), "n{i} lost: {keys:?}");
        assert!(keys.contains(&format!("b{i}")), "b{i} lost: {keys:?}");
    }
    // Each exec made a base session (GetSessionToken) and a role session from it.
    let sessions = lines(awsx.run(&["list", "--sessions"]));
    for i in 0..10 {
        for name in [
            format!("session sts.GetSessionToken b{i} -"),
            format!("session sts.AssumeRole r{i}"),
        ] {
            assert!(sessions.contains(&name), "{name} unlisted: {sessions:?}");
        }
    }
    // Every one of them is reused: a second round makes no STS call.
    let before = moto.actions().len();
    let again = (0..10)
        .map(|i| spawn(&awsx, &["exec", &format!("r{i}"), "--", "true"]))
        .collect();
    for run in wait_all(again) {
        run.success();
    }
    assert_eq!(moto.actions().len(), before, "every session was cached");
    // And `clear` finds them all.
    let cleared = awsx.run(&["clear"]).success().stdout();
    assert!(cleared.contains("Cleared 20"), "{cleared}");
}

#[test]
fn a_session_made_from_keys_replaced_meanwhile_is_never_reused() {
    let Some(moto) = Moto::start() else { return };
    let awsx = Awsx::new().env("AWS_ENDPOINT_URL", &moto.url);
    let started = awsx.path("mfa-started");
    let go = awsx.path("mfa-go");
    // An MFA device that answers only when the test says so: the exec is caught between
    // reading the old keys and storing the session it made from them.
    let config = format!(
        "[profile gds-users]\nregion = eu-west-1\n\
         mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe\n\
         mfa_process = touch {started}; while [ ! -e {go} ]; do sleep 0.05; done; echo 123456\n\
         [profile infra]\nsource_profile = gds-users\n\
         role_arn = arn:aws:iam::050019655025:role/infrastructure\n",
        started = started.display(),
        go = go.display()
    );
    let awsx = awsx.config(&config);
    awsx.add_keys("gds-users", &key_id(1), &key_secret(1));
    let exec = spawn(&awsx, &["exec", "infra", "--", "true"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !started.exists() {
        assert!(Instant::now() < deadline, "mfa_process never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    // New keys while the exec waits for its MFA code.
    let replaced = awsx
        .command(Awsx::bin())
        .args(["add", "gds-users", "--env", "--force"])
        .env("AWS_ACCESS_KEY_ID", key_id(2))
        .env("AWS_SECRET_ACCESS_KEY", key_secret(2))
        .output()
        .expect("add --force");
    Run(replaced).success();
    std::fs::write(&go, b"").expect("go");
    // The exec still runs its child with what it got...
    let run = Run(exec.wait_with_output().expect("wait")).success();
    assert!(!run.stderr().contains(&key_secret(1)), "{}", run.stderr());
    // ...but nothing made from the old keys is kept, so the next exec starts over from the
    // new keys: a fresh GetSessionToken.
    assert_eq!(
        lines(awsx.run(&["list", "--sessions"])),
        Vec::<String>::new()
    );
    assert_eq!(moto.count("GetSessionToken"), 1);
    awsx.run(&["exec", "infra", "--mfa-token", "123456", "--", "true"])
        .success();
    assert_eq!(moto.count("GetSessionToken"), 2);
}

#[test]
fn kill_nine_at_any_point_leaves_the_vault_readable_and_no_litter() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    awsx.add_keys("gds-users", ID, SECRET);
    for i in 0..24u64 {
        let mut child = spawn_add(&awsx, &format!("k{i}"), i as usize, &["--no-add-config"]);
        // Kill at a spread of moments: before, during and after the KDF and the write.
        std::thread::sleep(Duration::from_millis(i * 7 % 150));
        Command::new("kill")
            .args(["-9", &child.id().to_string()])
            .status()
            .expect("kill");
        let _ = child.wait();
        let listed = lines(awsx.run(&["list", "--credentials"]));
        assert!(listed.contains(&"gds-users".to_string()), "{listed:?}");
    }
    // The next write leaves exactly the vault and its lock file behind.
    awsx.add_keys("after", &key_id(99), &key_secret(99));
    let mut names: Vec<String> = std::fs::read_dir(awsx.path("vault"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["vault.json", "vault.lock"]);
    let listed = lines(awsx.run(&["list", "--credentials"]));
    assert!(listed.contains(&"after".to_string()), "{listed:?}");
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A small tmpfs mounted for the test and unmounted after it.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &std::path::Path, size: &str) -> Option<Tmpfs> {
        if !is_root() {
            assert!(
                std::env::var_os("AWSX_TEST_REQUIRE_ROOT").is_none(),
                "not root: cannot mount a tmpfs"
            );
            eprintln!("not root; full-disk test skipped");
            return None;
        }
        std::fs::create_dir_all(at).expect("mkdir");
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mount a tmpfs at {}", at.display());
        Some(Tmpfs(at.to_path_buf()))
    }

    /// Fill it to the last byte.
    fn fill(&self) {
        let status = Command::new("dd")
            .args(["if=/dev/zero", "bs=4k"])
            .arg(format!("of={}", self.0.join("filler").display()))
            .stderr(Stdio::null())
            .status()
            .expect("dd");
        assert!(!status.success(), "dd stops at a full disk");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_during_a_cold_exec_still_runs_the_child_and_says_so() {
    let Some(moto) = Moto::start() else { return };
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url);
    let Some(disk) = Tmpfs::mount(&awsx.path("vault"), "256k") else {
        return;
    };
    awsx.add_keys("gds-users", ID, SECRET);
    disk.fill();
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            "123456",
            "--",
            "sh",
            "-c",
            "echo child ran as $AWS_ACCESS_KEY_ID",
        ])
        .success();
    assert!(
        run.stdout().contains("child ran as ASIA"),
        "{}",
        run.stdout()
    );
    let stderr = run.stderr();
    assert_eq!(
        stderr.matches("could not cache").count(),
        1,
        "warned once: {stderr}"
    );
    assert!(
        stderr.contains("No space left") || stderr.contains("no space left"),
        "{stderr}"
    );
    for secret in [SECRET, "123456"] {
        assert!(!stderr.contains(secret), "{stderr}");
    }
    // A write that cannot happen says why, and what to do; the vault is as it was.
    let add = awsx
        .command(Awsx::bin())
        .args(["add", "other", "--env", "--no-add-config"])
        .env("AWS_ACCESS_KEY_ID", key_id(7))
        .env("AWS_SECRET_ACCESS_KEY", key_secret(7))
        .output()
        .expect("add");
    let add = Run(add).failure();
    assert!(add.stderr().contains("no space left"), "{}", add.stderr());
    assert!(
        add.stderr().contains("hint: free some space"),
        "{}",
        add.stderr()
    );
    assert!(!add.stderr().contains("permissions"), "{}", add.stderr());
    assert!(!add.stderr().contains(&key_secret(7)));
    assert_eq!(lines(awsx.run(&["list", "--credentials"])), ["gds-users"]);
    drop(disk);
}

#[test]
fn tampered_or_strange_vault_files_are_refused_at_once() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    awsx.add_keys("gds-users", ID, SECRET);
    let path = awsx.path("vault/vault.json");
    let good = std::fs::read(&path).expect("read");
    let mut envelope: serde_json::Value = serde_json::from_slice(&good).expect("json");
    for (field, value) in [("memory_kib", 4u64 << 20), ("iterations", 1_000_000)] {
        let mut tampered = envelope.clone();
        tampered["kdf"][field] = value.into();
        std::fs::write(&path, serde_json::to_vec(&tampered).expect("json")).expect("write");
        let started = Instant::now();
        let run = awsx.run(&["list", "--credentials"]).failure();
        assert!(started.elapsed() < Duration::from_secs(10), "{field}");
        assert!(
            run.stderr().contains("outside what awsx accepts"),
            "{}",
            run.stderr()
        );
    }
    envelope["kdf"]["iterations"] = 3.into();
    std::fs::remove_file(&path).expect("rm");
    std::os::unix::fs::symlink("/dev/zero", &path).expect("symlink");
    let run = awsx.run(&["list", "--credentials"]).failure();
    assert!(run.stderr().contains("symbolic link"), "{}", run.stderr());
    std::fs::remove_file(&path).expect("rm");
    let big = std::fs::File::create(&path).expect("create");
    big.set_len(64 << 20).expect("sparse 64 MiB");
    let run = awsx.run(&["list", "--credentials"]).failure();
    assert!(
        run.stderr().contains("larger than 16 MiB"),
        "{}",
        run.stderr()
    );
    // Nothing was written over any of them.
    assert_eq!(std::fs::metadata(&path).expect("meta").len(), 64 << 20);
}

#[test]
fn the_child_sees_no_vault_setting() {
    let Some(moto) = Moto::start() else { return };
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWS_VAULT_FILE_PASSPHRASE", "aws-vault passphrase")
        .env("AWS_VAULT_BACKEND", "file");
    awsx.add_keys("gds-users", ID, SECRET);
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            "123456",
            "--",
            "env",
        ])
        .success();
    let names: Vec<&str> = run
        .0
        .stdout
        .split(|b| *b == b'\n')
        .filter_map(|l| std::str::from_utf8(l).ok()?.split('=').next())
        .collect();
    for hidden in [
        "AWSX_FILE_PASSPHRASE",
        "AWSX_FILE_DIR",
        "AWSX_BACKEND",
        "AWSX_FILE_UNLOCK_TTL",
        "AWS_VAULT_FILE_PASSPHRASE",
        "AWS_VAULT_BACKEND",
    ] {
        assert!(!names.contains(&hidden), "{hidden} reached the child");
    }
    assert!(!run.stdout().contains(PASSPHRASE));
    assert!(!run.stdout().contains("aws-vault passphrase"));
    for marker in ["AWSX_PROFILE", "AWS_VAULT", "AWS_SESSION_TOKEN"] {
        assert!(names.contains(&marker), "{marker} missing");
    }
}

#[test]
fn a_wrong_passphrase_may_be_retyped_at_a_terminal() {
    use expectrl::Expect;
    let awsx = Awsx::new().config(GDS_CONFIG);
    awsx.add_keys("gds-users", ID, SECRET);
    let spawn = || {
        let mut cmd = awsx.command(Awsx::bin());
        cmd.args(["list", "--credentials"])
            .env_remove("AWSX_FILE_PASSPHRASE");
        let mut session = expectrl::session::Session::spawn(cmd).expect("spawn in a pty");
        session.set_expect_timeout(Some(Duration::from_secs(30)));
        session
    };
    let mut list = spawn();
    list.expect("Passphrase for the awsx vault: ")
        .expect("prompt");
    list.send_line("not it").expect("send");
    list.expect("try again").expect("asked again");
    list.expect("Passphrase for the awsx vault: ")
        .expect("prompt");
    list.send_line(PASSPHRASE).expect("send");
    let shown = until_exit(&mut list);
    assert!(shown.contains("gds-users"), "{shown}");
    assert!(
        !shown.contains("not it"),
        "the passphrase was echoed: {shown}"
    );

    let mut list = spawn();
    for _ in 0..3 {
        list.expect("Passphrase for the awsx vault: ")
            .expect("prompt");
        list.send_line("wrong again").expect("send");
    }
    let shown = until_exit(&mut list);
    assert!(shown.contains("passphrase is wrong"), "{shown}");
    assert!(!shown.contains("wrong again"), "{shown}");
}

#[test]
fn without_home_nothing_is_created_in_the_current_directory() {
    let awsx = Awsx::new()
        .without("HOME")
        .without("AWSX_FILE_DIR")
        .without("XDG_DATA_HOME");
    let add = awsx
        .command(Awsx::bin())
        .args(["add", "gds-users", "--env", "--no-add-config"])
        .env("AWS_ACCESS_KEY_ID", ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .output()
        .expect("add");
    let run = Run(add).failure();
    assert!(run.stderr().contains("HOME is not set"), "{}", run.stderr());
    assert!(run.stderr().contains("hint:"), "{}", run.stderr());
    assert!(!run.stderr().contains(SECRET));
    // The test's working directory is the temp dir: nothing appeared in it.
    assert!(!awsx.path(".local").exists());
}

/// Run awsx with a bound: a regression that blocks must fail the test, not hang the suite.
fn bounded(awsx: &Awsx, args: &[&str], extra_env: &[(&str, &str)]) -> Run {
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(15);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("awsx {args:?} did not finish in 15 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Run(child.wait_with_output().expect("output"))
}

#[test]
fn fifos_and_devices_in_place_of_files_are_refused_without_blocking() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    awsx.add_keys("gds-users", ID, SECRET);
    let mkfifo = |path: &std::path::Path| {
        assert!(
            Command::new("mkfifo")
                .arg(path)
                .status()
                .expect("mkfifo")
                .success()
        );
    };
    // The vault file, and its lock file, as FIFOs.
    let vault = awsx.path("vault/vault.json");
    std::fs::rename(&vault, awsx.path("vault.json.real")).expect("mv");
    mkfifo(&vault);
    let run = bounded(&awsx, &["list", "--credentials"], &[]).failure();
    assert!(
        run.stderr().contains("not a regular file"),
        "{}",
        run.stderr()
    );
    std::fs::remove_file(&vault).expect("rm");
    std::fs::rename(awsx.path("vault.json.real"), &vault).expect("mv back");
    let lock = awsx.path("vault/vault.lock");
    std::fs::remove_file(&lock).expect("rm lock");
    mkfifo(&lock);
    let add = bounded(
        &awsx,
        &["add", "other", "--env", "--no-add-config"],
        &[
            ("AWS_ACCESS_KEY_ID", &key_id(5)),
            ("AWS_SECRET_ACCESS_KEY", &key_secret(5)),
        ],
    )
    .failure();
    assert!(!add.stderr().contains(&key_secret(5)), "{}", add.stderr());
    std::fs::remove_file(&lock).expect("rm");
    // The AWS config and credentials files: /dev/zero and a FIFO are not config files.
    let fifo = awsx.path("config.fifo");
    mkfifo(&fifo);
    for (var, target) in [
        ("AWS_CONFIG_FILE", "/dev/zero".to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/zero".to_string()),
        ("AWS_CONFIG_FILE", fifo.display().to_string()),
    ] {
        let run = bounded(&awsx, &["list"], &[(var, &target)]).failure();
        assert!(
            run.stderr().contains("is not a regular file"),
            "{}",
            run.stderr()
        );
        assert!(run.stderr().contains("hint:"), "{}", run.stderr());
    }
    // The vault still works after all that.
    assert_eq!(lines(awsx.run(&["list", "--credentials"])), ["gds-users"]);
}
