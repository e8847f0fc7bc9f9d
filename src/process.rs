//! Running other programs: the child of `exec`, `credential_process`, `mfa_process`. What their
//! output means is for their callers (`sources`, `mfa`).
//!
//! On Unix `exec` replaces awsx with the child (exec(2)), so signals and the exit status are
//! the child's own. Elsewhere the child is spawned and waited for, and its exit code returned.
//! `exec --server` must outlive its child to serve it: `Supervised` runs it, passes signals
//! on, and reports its status as a shell would (128+signal when it was killed).
//!
//! `credential_process` and `mfa_process` run under a time limit (`AWSX_PROCESS_TIMEOUT`,
//! `AWSX_MFA_TIMEOUT`, 60 s by default): awsx may hold a lock other awsx runs wait for while
//! they run, so one that hangs must not hang everyone. They stay in awsx's process group, so
//! they can read the terminal and Ctrl-C reaches them; when the limit passes, awsx stops the
//! command and, on Linux, everything it started (found through /proc), since a left-over
//! grandchild would keep awsx's stderr open and hang whoever reads it. Elsewhere only the
//! command itself is stopped.

use crate::child_env::ChildEnv;
use crate::env::Env;
use crate::error::Hinted;
use std::io::Read;
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The time limit for `credential_process`.
pub const TIMEOUT_VAR: &str = "AWSX_PROCESS_TIMEOUT";
/// The time limit when none is set.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(60);

/// A time limit from the environment variable `var`, else `DEFAULT_LIMIT`.
pub fn limit(env: &Env, var: &str) -> anyhow::Result<Duration> {
    let Some(text) = env.get(var) else {
        return Ok(DEFAULT_LIMIT);
    };
    match crate::duration::parse_seconds(text) {
        Ok(0) => Err(Hinted::new(
            format!("{var} is 0"),
            format!("set {var} to a duration of at least 1s, e.g. {var}=60s"),
        )
        .into()),
        Ok(seconds) => Ok(Duration::from_secs(seconds)),
        Err(e) => Err(Hinted::new(format!("{var}: {e}"), format!("e.g. {var}=60s")).into()),
    }
}

/// How running a command for its output went wrong.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot start it: {0}")]
    Spawn(std::io::Error),
    #[error("it exited with {0}")]
    Failed(ExitStatus),
    #[error("it did not finish within {}; awsx stopped it", crate::duration::format_short(.0.as_secs()))]
    TimedOut(Duration),
    #[error("its output is not UTF-8 text")]
    NotText,
    #[error("cannot read its output: {0}")]
    Io(std::io::Error),
}

fn shell(command: &str) -> Command {
    if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", command]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", command]);
        c
    }
}

/// Run a shell command, its stdin and stderr on ours, and return its stdout; stop it after
/// `limit`.
pub fn shell_output(command: &str, limit: Duration) -> Result<String, RunError> {
    output(shell(command), limit)
}

/// Like `shell_output`, for a program and its arguments, with no shell between.
pub fn program_output(program: &str, args: &[String], limit: Duration) -> Result<String, RunError> {
    let mut command = Command::new(program);
    command.args(args);
    output(command, limit)
}

fn output(mut command: Command, limit: Duration) -> Result<String, RunError> {
    let deadline = Instant::now() + limit;
    let mut child = command
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(RunError::Spawn)?;
    let Some(mut stdout) = child.stdout.take() else {
        stop(&mut child);
        return Err(RunError::Io(std::io::Error::other("no stdout pipe")));
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let read = stdout.read_to_end(&mut out).map(|_| out);
        let _ = tx.send(read);
    });
    // The output ends when the command exits (or closes it); then reap it, still bounded, as
    // a command may close its stdout and go on running.
    let out = match rx.recv_timeout(limit) {
        Ok(read) => read,
        Err(_) => {
            stop(&mut child);
            return Err(RunError::TimedOut(limit));
        }
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(None) => {
                stop(&mut child);
                return Err(RunError::TimedOut(limit));
            }
            Err(e) => {
                stop(&mut child);
                return Err(RunError::Io(e));
            }
        }
    };
    if !status.success() {
        return Err(RunError::Failed(status));
    }
    String::from_utf8(out.map_err(RunError::Io)?).map_err(|_| RunError::NotText)
}

/// Stop a command that ran out of time, and what it started, and reap it.
fn stop(child: &mut Child) {
    #[cfg(target_os = "linux")]
    stop_tree(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

/// SIGKILL `root` and all its descendants. They are frozen (SIGSTOP) first, and the tree
/// collected again until it stops growing: a frozen process starts no other, and none is
/// re-parented out of the tree, as happens to the children of one that dies.
#[cfg(target_os = "linux")]
fn stop_tree(root: u32) {
    use rustix::process::{Pid, Signal, kill_process};
    let send = |pid: u32, signal: Signal| {
        if let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
            let _ = kill_process(pid, signal);
        }
    };
    let mut frozen: Vec<u32> = Vec::new();
    for _ in 0..8 {
        let fresh: Vec<u32> = tree(root)
            .into_iter()
            .filter(|pid| !frozen.contains(pid))
            .collect();
        if fresh.is_empty() {
            break;
        }
        for &pid in &fresh {
            send(pid, Signal::STOP);
        }
        frozen.extend(fresh);
    }
    for &pid in &frozen {
        send(pid, Signal::KILL);
    }
}

/// `root` and its descendants, from the parent pid in each `/proc/<pid>/stat`.
#[cfg(target_os = "linux")]
fn tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split at the last ')'.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|ppid| ppid.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parents.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        for &(pid, ppid) in &parents {
            if ppid == parent && !tree.contains(&pid) {
                tree.push(pid);
            }
        }
        i += 1;
    }
    tree
}

fn command(program: &str, args: &[String], env: &ChildEnv) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    for name in &env.remove {
        cmd.env_remove(name);
    }
    for name in &env.remove_inherited {
        cmd.env_remove(name);
    }
    for (name, value) in &env.set {
        cmd.env(name, value);
    }
    cmd
}

/// Say why `program` could not be started; the shell's exit code for that.
fn cannot_run(program: &str, e: std::io::Error) -> ExitCode {
    let (code, what) = match e.kind() {
        std::io::ErrorKind::NotFound => (127, "command not found"),
        std::io::ErrorKind::PermissionDenied => (126, "permission denied"),
        _ => (126, "cannot run it"),
    };
    crate::say!("error: {program}: {what} ({e})\nhint: check the command name and your PATH");
    ExitCode::from(code)
}

/// The exit code that reports `status` as a shell does: the child's code, or 128+signal.
fn exit_code(status: ExitStatus) -> ExitCode {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return ExitCode::from(u8::try_from(128 + signal).unwrap_or(255));
        }
    }
    ExitCode::from(u8::try_from(status.code().unwrap_or(1)).unwrap_or(1))
}

/// A child awsx stays alive for (`exec --server`), instead of becoming it. SIGINT, SIGTERM
/// and SIGHUP no longer stop awsx: they are passed on to the child, and awsx exits when it
/// does, with its status.
pub struct Supervised {
    child: Child,
    #[cfg(unix)]
    signals: signal_hook::iterator::SignalsInfo<signal_hook::iterator::exfiltrator::WithOrigin>,
}

impl Supervised {
    /// Start `program`; `Err(code)` when it cannot be started (said on stderr).
    pub fn spawn(
        program: &str,
        args: &[String],
        env: &ChildEnv,
    ) -> anyhow::Result<Result<Supervised, ExitCode>> {
        // Before the child exists, so no signal falls between; the child starts with the
        // default actions (exec(2) resets caught signals).
        #[cfg(unix)]
        let signals = {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            signal_hook::iterator::SignalsInfo::new([SIGINT, SIGTERM, SIGHUP])?
        };
        match command(program, args, env).spawn() {
            Ok(child) => Ok(Ok(Supervised {
                child,
                #[cfg(unix)]
                signals,
            })),
            Err(e) => Ok(Err(cannot_run(program, e))),
        }
    }

    /// End awsx with the child's status when the child has exited and the caller has not
    /// noticed within `grace` (it may be blocked in an STS call or an MFA prompt): the server's
    /// port must not outlive the child. A thread waits for the child without reaping it
    /// (`waitid` with `WNOWAIT`), so `poll` still reaps it normally when it is not blocked.
    #[cfg(unix)]
    pub fn exit_with_child_after(&self, grace: Duration) {
        use rustix::process::{Pid, WaitId, WaitIdOptions, waitid};
        let Some(pid) = i32::try_from(self.child.id()).ok().and_then(Pid::from_raw) else {
            return;
        };
        std::thread::spawn(move || {
            let options = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
            if let Ok(Some(status)) = waitid(WaitId::Pid(pid), options) {
                std::thread::sleep(grace);
                let code = status
                    .exit_status()
                    .map(|c| c & 0xff)
                    .or_else(|| status.terminating_signal().map(|s| 128 + s))
                    .unwrap_or(1);
                crate::say!("awsx: the command exited while awsx was still getting credentials");
                std::process::exit(code);
            }
        });
    }

    /// Pass on the signals that came; the exit code once the child has exited.
    pub fn poll(&mut self) -> anyhow::Result<Option<ExitCode>> {
        #[cfg(unix)]
        for origin in self.signals.pending() {
            use rustix::process::{Pid, Signal, kill_process};
            use signal_hook::low_level::siginfo::Cause;
            // The terminal sends Ctrl-C (and a hangup) to the whole foreground process group,
            // the child included: sending it again would deliver it twice, and a second
            // Ctrl-C makes terraform abort without cleaning up.
            if origin.cause == Cause::Kernel {
                continue;
            }
            let pid = i32::try_from(self.child.id()).ok().and_then(Pid::from_raw);
            if let (Some(pid), Some(signal)) = (pid, Signal::from_named_raw(origin.signal)) {
                let _ = kill_process(pid, signal);
            }
        }
        Ok(self.child.try_wait()?.map(exit_code))
    }
}

/// Run `program` with the environment changes; on Unix this does not return on success.
pub fn exec(program: &str, args: &[String], env: &ChildEnv) -> anyhow::Result<ExitCode> {
    let mut cmd = command(program, args, env);
    let not_found = |e: std::io::Error| -> anyhow::Result<ExitCode> { Ok(cannot_run(program, e)) };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = cmd.exec();
        not_found(err)
    }
    #[cfg(not(unix))]
    {
        // Ctrl-C reaches the child through the shared console; awsx just waits for it.
        match cmd.status() {
            Ok(status) => Ok(exit_code(status)),
            Err(e) => not_found(e),
        }
    }
}
