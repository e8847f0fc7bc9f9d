//! Asking the user: key prompts, confirmations. A seam: commands take a `Prompter`, the binary
//! gives them the terminal, tests give them a scripted one.
//!
//! The terminal is the controlling tty (`/dev/tty`), not stdin/stdout, so prompts work while
//! stdout is captured (`$(awsx …)`) or stdin is a pipe. A prompt asked while awsx holds a lock
//! others wait for (the MFA code) gives up after a time limit (`line_within`); on Windows that
//! limit is not enforced.

use crate::error::Hinted;
use secrecy::SecretString;
use std::io::Write;
use std::time::Duration;

/// Nothing was typed (up to Enter) within the limit.
#[derive(Debug, thiserror::Error)]
#[error("nothing was typed within {}", crate::duration::format_short(.0.as_secs()))]
pub struct TimedOut(pub Duration);

pub trait Prompter {
    /// A line typed with echo.
    fn line(&self, prompt: &str) -> anyhow::Result<String>;
    /// A line typed with echo within `limit`, else a `TimedOut` error.
    fn line_within(&self, prompt: &str, limit: Duration) -> anyhow::Result<String> {
        let _ = limit;
        self.line(prompt)
    }
    /// A line typed without echo.
    fn secret(&self, prompt: &str) -> anyhow::Result<SecretString>;
    /// Whether there is a terminal to ask on at all (scripted prompters always have one).
    fn has_terminal(&self) -> bool {
        true
    }
    /// A yes/no question; anything but y/yes is no.
    fn confirm(&self, prompt: &str) -> anyhow::Result<bool> {
        let answer = self.line(&format!("{prompt} [y/N] "))?;
        Ok(matches!(
            answer.trim().to_ascii_lowercase().as_str(),
            "y" | "yes"
        ))
    }
}

/// The controlling terminal.
pub struct Tty;

fn no_terminal() -> anyhow::Error {
    Hinted::new(
        "there is no terminal to ask on",
        "run awsx from a terminal, or pass the values another way (see --help: --env, --force, --yes)",
    )
    .into()
}

#[cfg(unix)]
const TTY_PATH: &str = "/dev/tty";
#[cfg(windows)]
const TTY_PATH: &str = "CONIN$";

impl Prompter for Tty {
    fn line(&self, prompt: &str) -> anyhow::Result<String> {
        self.read_line(prompt, None)
    }

    fn line_within(&self, prompt: &str, limit: Duration) -> anyhow::Result<String> {
        self.read_line(prompt, Some(limit))
    }

    fn has_terminal(&self) -> bool {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(TTY_PATH)
            .is_ok()
    }

    fn secret(&self, prompt: &str) -> anyhow::Result<SecretString> {
        rpassword::prompt_password(prompt)
            .map(SecretString::from)
            .map_err(|_| no_terminal())
    }
}

impl Tty {
    fn read_line(&self, prompt: &str, limit: Option<Duration>) -> anyhow::Result<String> {
        let input = std::fs::File::open(TTY_PATH).map_err(|_| no_terminal())?;
        #[cfg(unix)]
        let mut output = std::fs::OpenOptions::new()
            .write(true)
            .open(TTY_PATH)
            .map_err(|_| no_terminal())?;
        #[cfg(windows)]
        let mut output = std::fs::OpenOptions::new()
            .write(true)
            .open("CONOUT$")
            .map_err(|_| no_terminal())?;
        output.write_all(prompt.as_bytes())?;
        output.flush()?;
        let bytes = read_tty_line(&input, limit)?;
        let line = String::from_utf8_lossy(&bytes);
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// One line from the terminal, up to and with its newline (or to end of input). With a
/// limit, each read waits in poll(2) for what is left of it, so a half-typed line does not
/// extend it.
#[cfg(unix)]
fn read_tty_line(
    input: &std::fs::File,
    limit: Option<Duration>,
) -> anyhow::Result<zeroize::Zeroizing<Vec<u8>>> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use std::io::Read;
    let deadline = limit.map(|limit| (limit, std::time::Instant::now() + limit));
    let mut line = zeroize::Zeroizing::new(Vec::new());
    let mut chunk = zeroize::Zeroizing::new([0u8; 256]);
    let mut input = input;
    loop {
        if let Some((limit, deadline)) = deadline {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let timeout = Timespec::try_from(left)?;
            let mut fds = [PollFd::new(&input, PollFlags::IN)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) => return Err(TimedOut(limit).into()),
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(e) => return Err(std::io::Error::from(e).into()),
            }
        }
        // The terminal is in line mode: a read returns at most one line, and returns at once
        // after poll said there is input.
        let n = input.read(&mut chunk[..])?;
        line.extend_from_slice(&chunk[..n]);
        if n == 0 || chunk[..n].contains(&b'\n') {
            break;
        }
    }
    if let Some(end) = line.iter().position(|&b| b == b'\n') {
        line.truncate(end + 1);
    }
    Ok(line)
}

#[cfg(not(unix))]
fn read_tty_line(
    input: &std::fs::File,
    _limit: Option<Duration>,
) -> anyhow::Result<zeroize::Zeroizing<Vec<u8>>> {
    use std::io::BufRead;
    let mut line = String::new();
    std::io::BufReader::new(input).read_line(&mut line)?;
    Ok(zeroize::Zeroizing::new(line.into_bytes()))
}

/// Answers from a script, for tests of command logic. Records every prompt it was shown.
/// Test builds only: it must not ship in the binary.
#[cfg(test)]
#[derive(Default)]
pub struct Scripted {
    pub answers: std::cell::RefCell<std::collections::VecDeque<String>>,
    /// Shared, so a test keeps a handle after boxing the prompter.
    pub shown: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
}

#[cfg(test)]
impl Scripted {
    pub fn new(answers: &[&str]) -> Self {
        Scripted {
            answers: std::cell::RefCell::new(answers.iter().map(|s| s.to_string()).collect()),
            shown: Default::default(),
        }
    }

    fn next(&self, prompt: &str) -> anyhow::Result<String> {
        self.shown.borrow_mut().push(prompt.to_string());
        self.answers
            .borrow_mut()
            .pop_front()
            .ok_or_else(no_terminal)
    }
}

#[cfg(test)]
impl Prompter for Scripted {
    fn line(&self, prompt: &str) -> anyhow::Result<String> {
        self.next(prompt)
    }

    fn secret(&self, prompt: &str) -> anyhow::Result<SecretString> {
        self.next(prompt).map(SecretString::from)
    }
}
