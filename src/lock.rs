//! Cross-process locks, so that parallel awsx runs needing the same session wait for one
//! another instead of each asking for an MFA code. Owns the lock directory, the lock files and
//! the waiting; it must not decide what is locked (its callers name that).
//!
//! A lock is an exclusive `flock`-style lock (std's `File::lock`) on a file in a private
//! directory: `$XDG_RUNTIME_DIR/awsx`, else `$TMPDIR/awsx-<uid>` (`/tmp` without TMPDIR). The
//! second one sits in a directory every local user can write, so another user could make it
//! first to block, break or redirect awsx: on Unix awsx opens the directory without following a
//! symlink and refuses it unless it belongs to this user and nobody else may write in it, and
//! opens the lock files relative to that open directory, without following symlinks, mode 0600.
//!
//! File names are SHA-256 hashes of the lock's name (stable across Rust and awsx releases, so
//! every awsx version with this scheme meets at the same file). While a lock is held its file
//! says who holds it and what that process is doing (`<pid>\n<doing>\n`), so that a waiting
//! awsx can tell the user what it waits for; the holder empties it again before letting go.
//! The lock is released when the guard is dropped or the process exits, even if it crashes.
//! A waiter gives up after `AWSX_LOCK_TIMEOUT`, by default longer than a holder may spend on
//! its MFA prompts and processes.

use crate::env::Env;
use crate::error::Hinted;
use anyhow::Context as _;
use sha2::Digest as _;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long a waiter waits before giving up.
pub const TIMEOUT_VAR: &str = "AWSX_LOCK_TIMEOUT";
/// A waiter says what it waits for after this long (a lock held for less is not worth a line).
const TELL_AFTER: Duration = Duration::from_secs(1);
/// How often a waiter tries the lock again.
const POLL: Duration = Duration::from_millis(50);

/// A held lock; dropping it lets go.
pub struct Guard {
    file: Arc<File>,
}

/// The locks this process holds, so that `doing` can update what they say without every
/// caller threading its guard through to the code that knows (mfa.rs, deep in a step).
static HELD: Mutex<Vec<Weak<File>>> = Mutex::new(Vec::new());

fn held() -> std::sync::MutexGuard<'static, Vec<Weak<File>>> {
    HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Block until this process holds the lock named `name`.
pub fn acquire(env: &Env, name: &str) -> anyhow::Result<Guard> {
    acquire_for(env, name, &format!("holds the lock for {name}"))
}

/// Like `acquire`, saying to anyone who has to wait what this process is doing with the lock
/// (a phrase after "another awsx that …", e.g. "is getting credentials for gds-users").
pub fn acquire_for(env: &Env, name: &str, doing: &str) -> anyhow::Result<Guard> {
    let file = Arc::new(lock(env, name, doing)?);
    let mut held = held();
    held.retain(|weak| weak.strong_count() > 0);
    held.push(Arc::downgrade(&file));
    Ok(Guard { file })
}

/// Wait for the lock file for `name`, lock it and write this process's record into it.
fn lock(env: &Env, name: &str, doing: &str) -> anyhow::Result<File> {
    let bound = wait_bound(env)?;
    let file = open(env, name)?;
    wait(&file, name, bound)?;
    record(&file, doing);
    Ok(file)
}

/// Tell waiters what this process now does with the locks it holds (no-op when it holds none).
pub fn doing(what: &str) {
    for file in held().iter().filter_map(Weak::upgrade) {
        record(&file, what);
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        // Unlisted first, so `doing` (which writes under the same mutex) cannot write again;
        // then the record emptied, while still locked: a stale one would mislead the next waiter.
        let mut held = held();
        held.retain(|weak| weak.strong_count() > 0 && weak.as_ptr() != Arc::as_ptr(&self.file));
        let _ = self.file.set_len(0);
    }
}

/// The file name for lock `name`: a hash, so names do not appear in directory listings.
pub fn file_name(name: &str) -> String {
    let digest = sha2::Sha256::digest(name.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{hex}.lock")
}

/// How many MFA codes may be typed for one step (re-exported as `mfa::TRIES`). Defined here,
/// below `mfa`, because the lock's wait bound is made from it and the lock must not depend on
/// the code that runs under it.
pub const MFA_TRIES: usize = 3;
/// The time limit for one `mfa_process` run or one MFA prompt (re-exported as
/// `mfa::TIMEOUT_VAR`).
pub const MFA_TIMEOUT_VAR: &str = "AWSX_MFA_TIMEOUT";

/// `AWSX_LOCK_TIMEOUT`, else longer than a holder may legitimately take: every MFA try at its
/// limit, a credential_process at its limit, and a minute for STS.
pub fn wait_bound(env: &Env) -> anyhow::Result<Duration> {
    if env.get(TIMEOUT_VAR).is_some() {
        return crate::process::limit(env, TIMEOUT_VAR);
    }
    let mfa = crate::process::limit(env, MFA_TIMEOUT_VAR).unwrap_or(crate::process::DEFAULT_LIMIT);
    let process = crate::process::limit(env, crate::process::TIMEOUT_VAR)
        .unwrap_or(crate::process::DEFAULT_LIMIT);
    let tries = u32::try_from(MFA_TRIES).unwrap_or(u32::MAX);
    Ok(mfa.saturating_mul(tries) + process + Duration::from_secs(60))
}

fn wait(file: &File, name: &str, bound: Duration) -> anyhow::Result<()> {
    let start = Instant::now();
    let mut told: Option<String> = None;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {name}"));
            }
        }
        let waited = start.elapsed();
        if waited >= bound {
            return Err(Hinted::new(
                format!(
                    "gave up after {} waiting for {}",
                    crate::duration::format_short(bound.as_secs()),
                    holder(file, name)
                ),
                format!(
                    "finish or stop that awsx and run this again; {TIMEOUT_VAR} sets how long to wait"
                ),
            )
            .into());
        }
        if waited >= TELL_AFTER {
            let who = holder(file, name);
            if told.as_deref() != Some(who.as_str()) {
                crate::say!("awsx: waiting for {who}");
                told = Some(who);
            }
        }
        std::thread::sleep(POLL.min(bound - waited));
    }
}

/// "another awsx (pid 1234) that is …", from the holder's record.
fn holder(file: &File, name: &str) -> String {
    let mut text = String::new();
    let mut reader = file;
    let read = reader
        .seek(SeekFrom::Start(0))
        .and_then(|_| reader.take(4096).read_to_string(&mut text));
    let mut lines = text.lines();
    match (read, lines.next().map(str::parse::<u32>), lines.next()) {
        (Ok(_), Some(Ok(pid)), Some(doing)) if !doing.trim().is_empty() => {
            format!("another awsx (pid {pid}) that {}", doing.trim())
        }
        _ => format!("another awsx that holds the lock for {name}"),
    }
}

/// Write this process's record into a lock file it holds. Best effort: it only informs waiters.
fn record(file: &File, doing: &str) {
    let text = format!("{}\n{}\n", std::process::id(), doing.replace('\n', " "));
    let mut writer = file;
    // Write, then cut: a waiter never sees an empty file, at worst the new text and an old tail
    // (the first two lines are all it reads).
    let _ = writer
        .seek(SeekFrom::Start(0))
        .and_then(|_| writer.write_all(text.as_bytes()))
        .and_then(|()| file.set_len(text.len() as u64));
}

/// Where the locks live: `$XDG_RUNTIME_DIR/awsx` (and whether to create its parents), else a
/// per-user directory in the temp dir.
fn dir(env: &Env) -> (PathBuf, bool) {
    if let Some(runtime) = env.get("XDG_RUNTIME_DIR") {
        return (PathBuf::from(runtime).join("awsx"), true);
    }
    let tmp = env
        .get("TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    (tmp.join(format!("awsx-{}", user_key(env))), false)
}

#[cfg(unix)]
fn user_key(_: &Env) -> String {
    // The uid, not $USER: another user can set USER to anything, and names can be reused.
    rustix::process::geteuid().as_raw().to_string()
}

#[cfg(not(unix))]
fn user_key(env: &Env) -> String {
    // On Windows the temp dir is already the user's own (under the profile directory).
    env.get("USERNAME")
        .or_else(|| env.get("USER"))
        .unwrap_or("user")
        .to_string()
}

fn refused(message: String, hint: impl Into<String>) -> anyhow::Error {
    Hinted::new(message, hint).into()
}

/// Open (creating) the lock file for `name` in the checked lock directory.
#[cfg(unix)]
fn open(env: &Env, name: &str) -> anyhow::Result<File> {
    use rustix::fs::{Mode, OFlags};
    use rustix::io::Errno;
    use std::os::unix::fs::{DirBuilderExt, MetadataExt};

    let (dir, parents) = dir(env);
    let shown = dir.display();
    let euid = rustix::process::geteuid().as_raw();
    match std::fs::DirBuilder::new()
        .recursive(parents)
        .mode(0o700)
        .create(&dir)
    {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => {
            return Err(e).with_context(|| format!("cannot create the lock directory {shown}"));
        }
    }
    let elsewhere = "or set XDG_RUNTIME_DIR to a directory only you can use";
    let dir_fd = rustix::fs::open(
        &dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| match e {
        Errno::LOOP | Errno::NOTDIR => refused(
            format!("the lock directory {shown} is a symlink or not a directory"),
            format!("awsx makes that directory itself: remove what is there, {elsewhere}"),
        ),
        e => anyhow::Error::from(std::io::Error::from(e))
            .context(format!("cannot open the lock directory {shown}")),
    })?;
    let dir_file = File::from(dir_fd);
    let meta = dir_file
        .metadata()
        .with_context(|| format!("cannot read the lock directory {shown}"))?;
    if meta.uid() != euid {
        return Err(refused(
            format!(
                "the lock directory {shown} belongs to uid {}, not to you (uid {euid})",
                meta.uid()
            ),
            format!(
                "another user may have made it to block or redirect awsx: have it removed (by root if need be), {elsewhere}"
            ),
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(refused(
            format!(
                "the lock directory {shown} can be written by other users (mode {:o})",
                meta.mode() & 0o7777
            ),
            format!("remove it (awsx makes it again, mode 700), {elsewhere}"),
        ));
    }
    let file_name = file_name(name);
    let path = dir.join(&file_name);
    let fd = rustix::fs::openat(
        &dir_file,
        file_name.as_str(),
        OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::from_raw_mode(0o600),
    )
    .map_err(|e| match e {
        Errno::LOOP => refused(
            format!("the lock file {} is a symlink", path.display()),
            "remove it; awsx makes its lock files itself",
        ),
        e => anyhow::Error::from(std::io::Error::from(e))
            .context(format!("cannot open the lock file {}", path.display())),
    })?;
    let file = File::from(fd);
    check_file(&file, &path, euid)?;
    Ok(file)
}

#[cfg(unix)]
fn check_file(file: &File, path: &Path, euid: u32) -> anyhow::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = file
        .metadata()
        .with_context(|| format!("cannot read the lock file {}", path.display()))?;
    if !meta.is_file() || meta.uid() != euid {
        return Err(refused(
            format!(
                "the lock file {} is not a plain file of yours",
                path.display()
            ),
            "remove it; awsx makes its lock files itself",
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn open(env: &Env, name: &str) -> anyhow::Result<File> {
    let (dir, _) = dir(env);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path: &Path = &dir.join(file_name(name));
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_in(dir: &Path) -> Env {
        Env::from_pairs([("XDG_RUNTIME_DIR".to_string(), dir.display().to_string())])
    }

    #[test]
    fn a_second_holder_waits() {
        let tmp = tempfile::tempdir().expect("tmp");
        let env = env_in(tmp.path());
        let guard = acquire(&env, "gds-users").expect("first");
        let env2 = env.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let _g = acquire(&env2, "gds-users").expect("second");
            tx.send(()).expect("send");
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(200))
                .is_err()
        );
        drop(guard);
        rx.recv_timeout(std::time::Duration::from_secs(5))
            .expect("second got the lock");
        waiter.join().expect("join");
        // Another name is another lock.
        let _a = acquire(&env, "a").expect("a");
        let _b = acquire(&env, "b").expect("b");
    }

    #[test]
    fn names_are_stable_hashes() {
        // SHA-256("gds-users"), as `printf %s gds-users | sha256sum` prints it (first half): the name must
        // not change between builds, or two awsx versions would not exclude each other.
        assert_eq!(
            file_name("gds-users"),
            "37505a2ae9e43b263e39363301094a0c.lock"
        );
    }

    #[test]
    fn the_holder_says_what_it_does_and_a_waiter_gives_up() {
        let tmp = tempfile::tempdir().expect("tmp");
        let env = Env::from_pairs([
            (
                "XDG_RUNTIME_DIR".to_string(),
                tmp.path().display().to_string(),
            ),
            (TIMEOUT_VAR.to_string(), "1".to_string()),
        ]);
        // Not `acquire_for`, whose guard `doing` calls in tests running alongside would update.
        let held = lock(&env, "gds-users", "is getting credentials").expect("first");
        record(&held, "is asking for an MFA code for gds-users");
        let err = match acquire(&env, "gds-users") {
            Ok(_) => panic!("got a held lock"),
            Err(e) => crate::report::render(&e),
        };
        assert!(
            err.starts_with(&format!(
                "error: gave up after 1s waiting for another awsx (pid {}) that is asking for an MFA code for gds-users\nhint: ",
                std::process::id()
            )),
            "{err}"
        );
        drop(held);
        let path = tmp.path().join("awsx").join(file_name("gds-users"));
        let guard = acquire(&env, "gds-users").expect("free again");
        assert!(
            std::fs::read_to_string(&path)
                .expect("read")
                .starts_with(&format!("{}\n", std::process::id()))
        );
        drop(guard);
        assert_eq!(
            std::fs::read(&path).expect("read").len(),
            0,
            "emptied on release"
        );
    }

    #[test]
    fn the_default_bound_outlasts_the_mfa_tries() {
        let env = Env::from_pairs([(MFA_TIMEOUT_VAR.to_string(), "10".to_string())]);
        assert_eq!(wait_bound(&env).expect("ok"), Duration::from_secs(150));
        assert_eq!(
            wait_bound(&Env::default()).expect("ok"),
            Duration::from_secs(300)
        );
        let env = Env::from_pairs([(TIMEOUT_VAR.to_string(), "soon".to_string())]);
        assert!(wait_bound(&env).is_err());
    }
}
