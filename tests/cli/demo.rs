//! The fresh-machine experience: `./scripts/demo` walks through the GDS flow against moto and the
//! real AWS CLI and leaves nothing behind (also on Ctrl-C and on failure); `awsx add --stdin`
//! takes keys piped in as typed; the "using the encrypted file store" notice is said once, when
//! the store is created, not on every run.

use crate::support::{Awsx, GDS_CONFIG, Run, have};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const NOTICE: &str = "using the encrypted file store in";

fn add_stdin(awsx: &Awsx, input: &str) -> Run {
    let mut child = awsx
        .command(Awsx::bin())
        .args(["add", "gds-users", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run awsx add");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input.as_bytes()).expect("write keys");
    drop(stdin);
    Run(child.wait_with_output().expect("wait"))
}

#[test]
fn add_takes_the_two_key_lines_piped_on_stdin() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    let run = add_stdin(&awsx, &format!("{ID}\r\n{SECRET}\r\n")).success();
    assert!(!run.stdout().contains(SECRET) && !run.stderr().contains(SECRET));
    let out = awsx
        .run(&[
            "export",
            "gds-users",
            "--no-session",
            "--format",
            "env-no-export",
        ])
        .success()
        .stdout();
    assert!(out.contains(&format!("AWS_ACCESS_KEY_ID={ID}\n")), "{out}");
    assert!(
        out.contains(&format!("AWS_SECRET_ACCESS_KEY={SECRET}\n")),
        "{out}"
    );
}

#[test]
fn add_stdin_refusals_say_why_and_never_echo_the_secret() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    for (input, expected) in [
        (String::new(), "got 0"),
        (format!("{SECRET}\n"), "got 1"),
        (format!("{ID}\n{SECRET}\n{SECRET}\n"), "got 3"),
        // The two lines swapped: the secret is taken for a key id and refused, masked.
        (format!("{SECRET}\n{ID}\n"), "access key id"),
    ] {
        let run = add_stdin(&awsx, &input).failure();
        let stderr = run.stderr();
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(stderr.contains(expected), "{input:?}: {stderr}");
        assert!(stderr.contains("\nhint: "), "{stderr}");
        assert!(
            !stderr.contains(SECRET) && !run.stdout().contains(SECRET),
            "{stderr}"
        );
    }
    assert!(!awsx.path("vault/vault.json").exists());
}

// Linux only: elsewhere the automatic choice is the user's real keychain, which tests never touch.
#[cfg(target_os = "linux")]
#[test]
fn the_file_store_fallback_is_said_once_when_the_store_is_created() {
    let awsx = Awsx::new().config(GDS_CONFIG).without("AWSX_BACKEND").env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/awsx-test-bus",
    );
    // `awsx alias` runs in every new shell, before and after there is a store.
    let quiet = |args: &[&str]| {
        let run = awsx.run(args).success();
        assert!(!run.stderr().contains(NOTICE), "{args:?}: {}", run.stderr());
        run
    };
    quiet(&["alias", "--shell", "bash"]);
    let added = awsx.add_keys("gds-users", ID, SECRET);
    assert_eq!(
        added.stderr().matches(NOTICE).count(),
        1,
        "{}",
        added.stderr()
    );
    assert!(awsx.path("vault/vault.json").exists());
    quiet(&["alias", "--shell", "bash"]);
    quiet(&["list", "--credentials"]);
    quiet(&["explain", "production-infrastructure"]);
    quiet(&[
        "export",
        "gds-users",
        "--no-session",
        "--format",
        "env-no-export",
    ]);
    // Replacing the keys writes the store again, but does not create it.
    let replaced = awsx
        .clone_env()
        .env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPL2")
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .run(&["add", "gds-users", "--env", "--force"])
        .success();
    assert!(!replaced.stderr().contains(NOTICE), "{}", replaced.stderr());
    // `awsx list` still says which store is in use and why.
    let list = quiet(&["list"]);
    assert!(
        list.stderr().contains("Vault: file (")
            && list
                .stderr()
                .contains("because no secret-service keychain answered"),
        "{}",
        list.stderr()
    );
    assert!(list.stdout().starts_with("Profile "), "{}", list.stdout());
}

/// The venv holding moto_server and aws, found on PATH as the test script puts it there.
fn venv() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("moto_server").is_file() && p.join("aws").is_file())
    });
    match found.as_deref().and_then(Path::parent) {
        Some(venv) if have("aws") => Some(venv.to_path_buf()),
        _ => {
            assert!(
                std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
                "no venv with moto_server and aws on PATH"
            );
            eprintln!("moto or the AWS CLI not installed; skipped");
            None
        }
    }
}

/// `./scripts/demo` with the binary under test and the venv from PATH, its temp dir in `tmp`,
/// in a process group of its own (so a test can send it Ctrl-C as a terminal would).
fn demo(venv: &Path, tmp: &Path, bin: &Path) -> Child {
    use std::os::unix::process::CommandExt;
    Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/demo"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TMPDIR", tmp)
        .env("AWSX_DEMO_BIN", bin)
        .env("AWSX_DEMO_VENV", venv)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("run scripts/demo")
}

/// The demo's stdout and stderr, line by line as they come, on one channel.
fn lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().expect("stdout");
    let err = child.stderr.take().expect("stderr");
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx2.send(line);
        }
    });
    rx
}

/// A bound, not a speed test: the demo takes well under a minute; a hang must end.
const PATIENCE: Duration = Duration::from_secs(300);

/// Collect lines until one contains `until` (or the output ends); fails after PATIENCE.
fn read_until(rx: &mpsc::Receiver<String>, seen: &mut Vec<String>, until: Option<&str>) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                let done = until.is_some_and(|u| line.contains(u));
                seen.push(line);
                if done {
                    return;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                assert!(
                    until.is_none(),
                    "ended before {until:?}:\n{}",
                    seen.join("\n")
                );
                return;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("no end after {PATIENCE:?}:\n{}", seen.join("\n"))
            }
        }
    }
}

fn moto_url(seen: &[String]) -> String {
    seen.iter()
        .find_map(|l| {
            l.split_whitespace()
                .find(|w| w.starts_with("http://127.0.0.1:"))
        })
        .expect("the demo says where moto listens")
        .trim_end_matches(';')
        .to_string()
}

/// After the demo: its temp dir is gone and moto no longer listens.
fn nothing_left(tmp: &Path, url: &str, output: &str) {
    let left: Vec<_> = std::fs::read_dir(tmp)
        .expect("tmp")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}\n{output}");
    let addr = url.trim_start_matches("http://");
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "moto still listens on {addr}\n{output}"
    );
}

/// Runs of base64 characters as long as a secret access key (40) or longer: a secret key or a
/// session token would be one; nothing else the demo prints is.
fn secret_like(output: &str) -> Vec<&str> {
    output
        .split(|c: char| !(c.is_ascii_alphanumeric() || "+/=".contains(c)))
        .filter(|w| w.len() >= 40)
        .collect()
}

#[test]
fn demo_walks_through_the_gds_flow_and_leaves_nothing_behind() {
    let Some(venv) = venv() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let mut child = demo(&venv, tmp.path(), &Awsx::bin());
    let rx = lines(&mut child);
    let mut seen = Vec::new();
    read_until(&rx, &mut seen, None);
    let status = child.wait().expect("wait");
    let output = seen.join("\n");
    assert!(status.success(), "{status}\n{output}");
    for line in [
        "$ awsx add gds-users --stdin",
        "Added credentials to profile \"gds-users\" in vault",
        "$ awsx exec production-infrastructure -- aws sts get-caller-identity",
        // The real AWS CLI, in the child of exec, sees the assumed roles.
        "arn:aws:sts::050019655025:assumed-role/infrastructure/jane.doe",
        "[cached, ",
        "arn:aws:sts::210987654321:assumed-role/infrastructure/jane.doe",
        "printed a link to signin.aws.amazon.com (",
        "$ eval \"$(awsx alias --shell bash)\"",
        "arn:aws:sts::050019655025:assumed-role/operator/jane.doe",
        // One MFA code for the three roles.
        "mfa_process has run 1 time(s) in all.",
        "$ awsx exec --server operator -- sh -c",
        "Rotated access key for gds-users (old ****",
        "== Summary",
    ] {
        assert!(output.contains(line), "missing {line:?} in:\n{output}");
    }
    assert_eq!(output.matches("$ awsx list").count(), 2, "{output}");
    // The alias step once, then the server step's three calls through the endpoint.
    let operator = "arn:aws:sts::050019655025:assumed-role/operator/jane.doe";
    assert_eq!(output.matches(operator).count(), 4, "{output}");
    assert_eq!(output.matches("Profile  ").count(), 2, "{output}");
    // The sign-in link and every key stayed off the screen (the check would see one).
    assert_eq!(secret_like(&format!("key: {SECRET}.")), [SECRET]);
    assert!(!output.contains("https://signin."), "{output}");
    assert_eq!(secret_like(&output), Vec::<&str>::new(), "{output}");
    nothing_left(tmp.path(), &moto_url(&seen), &output);
}

#[test]
fn demo_cleans_up_after_ctrl_c() {
    let Some(venv) = venv() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    let mut child = demo(&venv, tmp.path(), &Awsx::bin());
    let rx = lines(&mut child);
    let mut seen = Vec::new();
    read_until(&rx, &mut seen, Some("[2] "));
    // Ctrl-C at a terminal: SIGINT to the whole foreground process group.
    let group = format!("-{}", child.id());
    let sent = Command::new("kill")
        .args(["-INT", "--", &group])
        .status()
        .expect("kill");
    assert!(sent.success());
    read_until(&rx, &mut seen, None);
    let status = child.wait().expect("wait");
    let output = seen.join("\n");
    assert_eq!(status.code(), Some(130), "{output}");
    assert!(output.contains("demo: interrupted at step "), "{output}");
    nothing_left(tmp.path(), &moto_url(&seen), &output);
}

#[test]
fn demo_cleans_up_after_a_failed_step() {
    let Some(venv) = venv() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    // A stand-in awsx that fails: the first step fails after moto is up and seeded.
    let bin_dir = tempfile::tempdir().expect("bin");
    let bin = bin_dir.path().join("awsx");
    std::fs::write(&bin, "#!/bin/sh\necho 'error: stand-in awsx' >&2\nexit 3\n").expect("write");
    std::fs::set_permissions(&bin, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let mut child = demo(&venv, tmp.path(), &bin);
    let rx = lines(&mut child);
    let mut seen = Vec::new();
    read_until(&rx, &mut seen, None);
    let status = child.wait().expect("wait");
    let output = seen.join("\n");
    assert_eq!(status.code(), Some(3), "{output}");
    assert!(
        output.contains("demo: failed at step 1 (exit 3)"),
        "{output}"
    );
    assert!(!output.contains("[2] "), "{output}");
    nothing_left(tmp.path(), &moto_url(&seen), &output);
}
