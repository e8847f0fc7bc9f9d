//! Trust under pressure: the lock directory another local user could prepare, commands that
//! never finish while awsx holds the base profile's lock, a second awsx waiting for it, and
//! MFA codes that cannot be right. Real processes throughout (two awsx runs at once, a real
//! pty, kill -9); STS is `FakeSts`, since what matters here happens before or instead of STS.
//! Tests that need another user's uid (chown) run as root, and skip otherwise unless
//! AWSX_TEST_REQUIRE_ROOT is set.

use crate::support::{Awsx, FakeSts, GDS_CONFIG, Run, sts_credentials_xml};
use std::io::BufRead;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const MFA: &str = "arn:aws:iam::398263320410:mfa/jane.doe";
const CODE: &str = "123456";
/// The lock file of the base profile gds-users: the first half of SHA-256("gds-users"). A
/// contract between awsx versions, so it is spelled out here.
const GDS_USERS_LOCK: &str = "37505a2ae9e43b263e39363301094a0c.lock";
/// Plenty for anything that should take a second or two here.
const GENEROUS: Duration = Duration::from_secs(60);

/// Keys for gds-users in the vault, STS at `url`, and an `extra` config appended.
fn setup(url: &str, extra: &str) -> Awsx {
    let awsx = Awsx::new()
        .config(&format!("{GDS_CONFIG}{extra}"))
        .env("AWS_ENDPOINT_URL", url);
    awsx.add_keys("gds-users", ID, SECRET);
    awsx
}

/// An STS that answers one cold `exec production-*` (GetSessionToken, then AssumeRole).
fn one_session() -> FakeSts {
    FakeSts::start(vec![
        (
            "GetSessionToken",
            200,
            sts_credentials_xml("GetSessionToken"),
        ),
        ("AssumeRole", 200, sts_credentials_xml("AssumeRole")),
    ])
}

/// Neither the base secret nor an MFA code on either stream.
#[track_caller]
fn no_secrets(run: &Run, codes: &[&str]) {
    for text in [run.stdout(), run.stderr()] {
        assert!(!text.contains(SECRET), "base secret leaked: {text}");
        for code in codes {
            assert!(!text.contains(code), "MFA code {code} shown: {text}");
        }
    }
}

fn is_root() -> bool {
    let probe = tempfile::tempfile().expect("tmp");
    let root = probe.metadata().expect("stat").uid() == 0;
    if !root {
        assert!(
            std::env::var_os("AWSX_TEST_REQUIRE_ROOT").is_none(),
            "AWSX_TEST_REQUIRE_ROOT is set but the tests do not run as root"
        );
        eprintln!("not root: cannot chown a directory to another user; skipped");
    }
    root
}

fn private_dir(path: &Path, mode: u32) {
    std::fs::create_dir_all(path).expect("mkdir");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// `exec production-infrastructure` (a cold run: it takes gds-users' lock) must fail before
/// any STS call with `message` on its first line and a hint.
#[track_caller]
fn refused(awsx: &Awsx, fake: &FakeSts, message: &str) {
    let run = awsx
        .run(&[
            "exec",
            "production-infrastructure",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ])
        .failure();
    let first = run.stderr().lines().next().unwrap_or("").to_string();
    assert!(
        first.starts_with("error: ") && first.contains(message),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("\nhint: "), "{}", run.stderr());
    assert_eq!(fake.seen(), Vec::<String>::new(), "no STS call");
    no_secrets(&run, &[CODE]);
}

#[test]
fn a_lock_directory_of_another_user_is_refused() {
    if !is_root() {
        return;
    }
    let fake = FakeSts::start(vec![]);
    let awsx = setup(&fake.url, "");
    // $XDG_RUNTIME_DIR/awsx made by uid 65534.
    let dir = awsx.path("run/awsx");
    private_dir(&dir, 0o700);
    std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).expect("chown");
    // `add` above made the config's lock here: the refused run must add nothing to it.
    let before = std::fs::read_dir(&dir).expect("ls").count();
    refused(&awsx, &fake, "belongs to uid 65534, not to you (uid 0)");
    assert_eq!(
        std::fs::read_dir(&dir).expect("ls").count(),
        before,
        "{dir:?}"
    );

    // Without XDG_RUNTIME_DIR: <tmp>/awsx-<uid>, made first by another user.
    let tmp = awsx.path("tmp");
    private_dir(&tmp, 0o1777);
    let awsx = awsx
        .without("XDG_RUNTIME_DIR")
        .env("TMPDIR", tmp.display().to_string());
    let dir = tmp.join("awsx-0");
    private_dir(&dir, 0o700);
    std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).expect("chown");
    refused(
        &awsx,
        &fake,
        &format!("{} belongs to uid 65534", dir.display()),
    );
    assert_eq!(std::fs::read_dir(&dir).expect("ls").count(), 0);
}

#[test]
fn without_xdg_runtime_dir_locks_live_in_a_private_directory_keyed_by_uid() {
    let fake = one_session();
    let awsx = setup(&fake.url, "");
    let uid = std::fs::metadata(awsx.home.path()).expect("stat").uid();
    let tmp = awsx.path("tmp");
    private_dir(&tmp, 0o1777);
    let awsx = awsx
        .without("XDG_RUNTIME_DIR")
        .env("TMPDIR", tmp.display().to_string())
        // $USER is the caller's to set; it must not choose the directory.
        .env("USER", "someone-else");
    awsx.run(&[
        "exec",
        "production-infrastructure",
        "--mfa-token",
        CODE,
        "--",
        "true",
    ])
    .success();
    let dir = tmp.join(format!("awsx-{uid}"));
    let meta = std::fs::symlink_metadata(&dir).expect("the lock directory");
    assert!(meta.is_dir());
    assert_eq!((meta.uid(), meta.mode() & 0o7777), (uid, 0o700));
    let lock = std::fs::symlink_metadata(dir.join(GDS_USERS_LOCK)).expect("the lock file");
    assert_eq!(lock.mode() & 0o7777, 0o600);
    assert_eq!(lock.len(), 0, "the holder emptied its record");
    assert!(!tmp.join("awsx-someone-else").exists());
}

#[test]
fn a_writable_or_symlinked_lock_directory_and_a_symlinked_lock_file_are_refused() {
    let fake = FakeSts::start(vec![]);
    let awsx = setup(&fake.url, "");
    let dir = awsx.path("run/awsx");

    private_dir(&dir, 0o777);
    refused(&awsx, &fake, "can be written by other users (mode 777)");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o730)).expect("chmod");
    refused(&awsx, &fake, "can be written by other users (mode 730)");
    // (It holds the config's lock file, made by `add` above.)
    std::fs::remove_dir_all(&dir).expect("rm -r");

    // A symlink where the directory should be: refused, nothing made where it points.
    let elsewhere = awsx.path("elsewhere");
    private_dir(&elsewhere, 0o700);
    std::os::unix::fs::symlink(&elsewhere, &dir).expect("symlink");
    refused(&awsx, &fake, "is a symlink or not a directory");
    assert_eq!(std::fs::read_dir(&elsewhere).expect("ls").count(), 0);
    std::fs::remove_file(&dir).expect("rm link");

    // A symlink planted as the lock file: refused, the file it names is not created.
    private_dir(&dir, 0o700);
    let victim = awsx.path("victim");
    std::os::unix::fs::symlink(&victim, dir.join(GDS_USERS_LOCK)).expect("symlink");
    refused(&awsx, &fake, "is a symlink");
    assert!(!victim.exists(), "awsx created a file through the link");
    // …nor an existing one written through it.
    std::fs::write(&victim, "keep").expect("victim");
    refused(&awsx, &fake, "is a symlink");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep");
}

/// A running awsx with its stderr lines on a channel as they come.
struct Running {
    child: Child,
    lines: Receiver<String>,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Running {
    fn spawn(awsx: &Awsx, env: &[(&str, &str)], args: &[&str]) -> Running {
        let mut child = awsx
            .command(Awsx::bin())
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn awsx");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = channel();
        let all = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let keep = all.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                keep.lock().expect("log").push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        Running {
            child,
            lines,
            stderr: all,
        }
    }

    /// The first stderr line containing `text`, while the process still runs (or panics).
    fn line_with(&mut self, text: &str) -> String {
        let deadline = Instant::now() + GENEROUS;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => panic!(
                    "no line with {text:?}; stderr so far:\n{}",
                    self.stderr.lock().expect("log")
                ),
            }
        }
    }

    fn still_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Wait for the end (bounded) and return the whole run.
    fn finish(mut self) -> Run {
        let deadline = Instant::now() + GENEROUS;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("awsx did not end within {GENEROUS:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stdout = Vec::new();
        if let Some(mut out) = self.child.stdout.take() {
            use std::io::Read;
            let _ = out.read_to_end(&mut stdout);
        }
        // The reader thread ends with the stream (disconnecting the channel).
        while self.lines.recv_timeout(Duration::from_secs(10)).is_ok() {}
        let stderr = self.stderr.lock().expect("log").clone().into_bytes();
        Run(std::process::Output {
            status,
            stdout,
            stderr,
        })
    }
}

/// A test that fails must not leave awsx running (an old awsx never ends by itself).
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Wait (bounded) until `path` exists.
fn wait_for_file(path: &Path) {
    let deadline = Instant::now() + GENEROUS;
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_hanging_mfa_process_is_stopped_and_waiters_say_what_they_wait_for() {
    let fake = one_session();
    // The mfa_process says when it started, then never prints a code. `sleep` is a child of
    // the shell, holding awsx's stderr: awsx must stop it too, or this run would never end.
    let started = tempfile::tempdir().expect("tmp");
    let mark = started.path().join("started");
    let awsx = setup(
        &fake.url,
        &format!(
            "[profile hanging]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/infrastructure\nmfa_serial = {MFA}\nmfa_process = touch '{}'; sleep 1000; echo {CODE}\n",
            mark.display()
        ),
    );
    let begun = Instant::now();
    let mut holder = Running::spawn(
        &awsx,
        &[("AWSX_MFA_TIMEOUT", "8")],
        &["export", "hanging", "--format", "process"],
    );
    wait_for_file(&mark);
    let waiting_for = format!(
        "awsx: waiting for another awsx (pid {}) that is running mfa_process for an MFA code for gds-users",
        holder.child.id()
    );

    // One waiter with a short bound gives up, saying what it waited for.
    let mut impatient = Running::spawn(
        &awsx,
        &[("AWSX_LOCK_TIMEOUT", "2")],
        &[
            "exec",
            "production-operator",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ],
    );
    assert_eq!(impatient.line_with("awsx: waiting"), waiting_for);
    let run = impatient.finish().failure();
    assert!(
        run.stderr().contains(&format!(
            "error: gave up after 2s waiting for another awsx (pid {}) that is running mfa_process",
            holder.child.id()
        )) && run.stderr().contains("\nhint: ")
            && run.stderr().contains("AWSX_LOCK_TIMEOUT"),
        "{}",
        run.stderr()
    );
    no_secrets(&run, &[CODE]);
    assert!(
        holder.still_running(),
        "the holder is still in its mfa_process"
    );

    // One with the default bound says so too, then goes on when the holder gives up.
    let mut patient = Running::spawn(
        &awsx,
        &[],
        &[
            "exec",
            "production-operator",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ],
    );
    assert_eq!(patient.line_with("awsx: waiting"), waiting_for);

    let run = holder.finish().failure();
    assert!(
        begun.elapsed() < GENEROUS,
        "the mfa_process (sleep 1000) was not stopped: {:?}",
        begun.elapsed()
    );
    let err = run.stderr();
    assert!(
        err.starts_with("error: mfa_process `touch '")
            && err.contains("failed: it did not finish within 8s; awsx stopped it\nhint: ")
            && err.contains("AWSX_MFA_TIMEOUT"),
        "{err}"
    );
    assert_eq!(run.stdout(), "");
    no_secrets(&run, &[]);

    let run = patient.finish().success();
    no_secrets(&run, &[CODE]);
    assert_eq!(
        fake.seen(),
        ["GetSessionToken", "AssumeRole"],
        "only the patient waiter called STS"
    );
}

#[test]
fn a_holder_killed_with_sigkill_lets_the_next_awsx_in() {
    let fake = one_session();
    let dir = tempfile::tempdir().expect("tmp");
    let pid_file = dir.path().join("pid");
    let awsx = setup(
        &fake.url,
        &format!(
            "[profile hanging]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/infrastructure\nmfa_serial = {MFA}\nmfa_process = echo $$ > '{0}.tmp'; mv '{0}.tmp' '{0}'; exec sleep 1000\n",
            pid_file.display()
        ),
    );
    let mut holder = Running::spawn(&awsx, &[], &["export", "hanging"]);
    wait_for_file(&pid_file);
    holder.child.kill().expect("kill -9");
    let _ = holder.child.wait();
    // The orphaned mfa_process is this test's to clean up (nobody asked awsx to stop it).
    let sleeper = std::fs::read_to_string(&pid_file).expect("pid");
    let _ = std::process::Command::new("kill")
        .args(["-9", sleeper.trim()])
        .status();

    let run = awsx
        .run(&[
            "exec",
            "production-operator",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ])
        .success();
    assert!(!run.stderr().contains("waiting"), "{}", run.stderr());
    assert_eq!(fake.seen(), ["GetSessionToken", "AssumeRole"]);
}

#[test]
fn a_hanging_credential_process_is_stopped() {
    let fake = FakeSts::start(vec![]);
    let awsx = Awsx::new()
        .env("AWS_ENDPOINT_URL", &fake.url)
        .env("AWSX_PROCESS_TIMEOUT", "2")
        .config("[profile tool]\nregion = eu-west-1\ncredential_process = sleep 1000; echo '{}'\n");
    let run = Running::spawn(&awsx, &[], &["exec", "tool", "--", "true"])
        .finish()
        .failure();
    assert!(
        run.stderr().starts_with(
            "error: credential_process `sleep 1000; echo '{}'` failed: it did not finish within 2s; awsx stopped it\nhint: "
        ) && run.stderr().contains("AWSX_PROCESS_TIMEOUT"),
        "{}",
        run.stderr()
    );
    assert_eq!(fake.seen(), Vec::<String>::new());
}

#[test]
fn mfa_codes_that_cannot_be_right_are_not_sent() {
    let fake = FakeSts::start(vec![]);
    let awsx = setup(&fake.url, "");
    for bad in ["12345", "", "1234567", "12345x"] {
        let run = awsx
            .run(&[
                "exec",
                "production-infrastructure",
                "--mfa-token",
                bad,
                "--",
                "true",
            ])
            .failure();
        assert_eq!(
            run.stderr(),
            "error: the MFA code given with --mfa-token is not six digits\nhint: pass the 6-digit code your MFA device shows now\n",
            "{bad:?}"
        );
    }

    // From mfa_process: a script, so that the code is not in the command line awsx shows.
    let script = awsx.path("code.sh");
    std::fs::write(&script, "#!/bin/sh\necho 98765\n").expect("script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let awsx = awsx.config(&format!(
        "{GDS_CONFIG}[profile via-process]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/infrastructure\nmfa_serial = {MFA}\nmfa_process = {}\n",
        script.display()
    ));
    let run = awsx.run(&["exec", "via-process", "--", "true"]).failure();
    assert!(
        run.stderr().starts_with(&format!(
            "error: mfa_process `{}` did not print a six-digit MFA code\nhint: ",
            script.display()
        )),
        "{}",
        run.stderr()
    );
    no_secrets(&run, &["98765"]);
    assert_eq!(fake.seen(), Vec::<String>::new(), "no STS call");
}

/// `exec production-infrastructure` in a pty, with extra variables.
fn in_a_terminal(awsx: &Awsx, env: &[(&str, &str)]) -> expectrl::session::OsSession {
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args([
        "exec",
        "production-infrastructure",
        "--",
        "sh",
        "-c",
        "echo child:$AWS_ACCESS_KEY_ID",
    ])
    .envs(env.iter().copied());
    let mut session = expectrl::session::Session::spawn(cmd).expect("pty");
    session.set_expect_timeout(Some(GENEROUS));
    session
}

/// Everything a pty session prints until it exits, and its exit code.
fn until_exit(session: &mut expectrl::session::OsSession) -> (String, String) {
    use expectrl::Expect;
    let found = session.expect(expectrl::Eof).expect("the program exits");
    let mut text = String::from_utf8_lossy(found.before()).into_owned();
    for m in found.matches() {
        text.push_str(&String::from_utf8_lossy(m));
    }
    let status = format!("{:?}", session.get_process().wait().expect("wait"));
    (text, status)
}

#[test]
fn a_typed_code_is_checked_and_asked_for_again() {
    use expectrl::Expect;
    let prompt = format!("Enter MFA code for {MFA}: ");
    let fake = one_session();
    let awsx = setup(&fake.url, "");
    let mut session = in_a_terminal(&awsx, &[]);
    for bad in ["", "12345"] {
        session.expect(prompt.as_str()).expect("prompt");
        session.send_line(bad).expect("send");
        session
            .expect("That is not a 6-digit MFA code; try again.")
            .expect("told");
    }
    session.expect(prompt.as_str()).expect("asked a third time");
    session.send_line(CODE).expect("send");
    session
        .expect("child:ASIAFAKEFAKEFAKEFAKE")
        .expect("child ran");
    assert_eq!(fake.seen(), ["GetSessionToken", "AssumeRole"]);

    // Three bad codes: an error, and still no STS call.
    let fake = FakeSts::start(vec![]);
    let awsx = setup(&fake.url, "");
    let mut session = in_a_terminal(&awsx, &[]);
    for bad in ["12345", "abcdef", "1234567"] {
        session.expect(prompt.as_str()).expect("prompt");
        session.send_line(bad).expect("send");
    }
    let (shown, status) = until_exit(&mut session);
    let error = shown
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line in {shown:?}"));
    assert_eq!(
        error.trim_end(),
        format!("error: no 6-digit MFA code for {MFA} was typed in 3 tries")
    );
    assert!(shown.contains("\nhint: "), "{shown:?}");
    assert!(status.contains(", 1)"), "{status}");
    assert_eq!(fake.seen(), Vec::<String>::new());
}

#[test]
fn an_abandoned_prompt_gives_up_and_a_waiter_says_so_meanwhile() {
    use expectrl::Expect;
    let fake = one_session();
    let awsx = setup(&fake.url, "");
    let begun = Instant::now();
    let mut prompting = in_a_terminal(&awsx, &[("AWSX_MFA_TIMEOUT", "6")]);
    prompting
        .expect(format!("Enter MFA code for {MFA}: ").as_str())
        .expect("prompt");
    let holder = prompting.get_process().pid().as_raw();

    // Another terminal's awsx for the same base profile says what it waits for.
    let mut waiter = Running::spawn(
        &awsx,
        &[],
        &[
            "exec",
            "production-operator",
            "--mfa-token",
            CODE,
            "--",
            "true",
        ],
    );
    assert_eq!(
        waiter.line_with("awsx: waiting"),
        format!(
            "awsx: waiting for another awsx (pid {holder}) that is asking for an MFA code for gds-users on its terminal"
        )
    );

    // Nobody types: the prompt gives up, and lets go of the lock.
    let (shown, status) = until_exit(&mut prompting);
    assert!(begun.elapsed() < GENEROUS, "{:?}", begun.elapsed());
    assert!(
        shown.contains(&format!(
            "error: no MFA code for {MFA} was typed within 6s\r\nhint: "
        )) && shown.contains("AWSX_MFA_TIMEOUT"),
        "{shown:?}"
    );
    assert!(status.contains(", 1)"), "{status}");
    let run = waiter.finish().success();
    no_secrets(&run, &[CODE]);
    assert_eq!(fake.seen(), ["GetSessionToken", "AssumeRole"]);
}
