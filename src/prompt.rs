//! Asking the user: key prompts, confirmations. A seam: commands take a `Prompter`, the binary
//! gives them the terminal, tests give them a scripted one.
//!
//! The terminal is the controlling tty (`/dev/tty`), not stdin/stdout, so prompts work while
//! stdout is captured (`$(awsx …)`) or stdin is a pipe.

use crate::error::Hinted;
use secrecy::SecretString;
use std::io::{BufRead, Write};

pub trait Prompter {
    /// A line typed with echo.
    fn line(&self, prompt: &str) -> anyhow::Result<String>;
    /// A line typed without echo.
    fn secret(&self, prompt: &str) -> anyhow::Result<SecretString>;
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
        let mut line = String::new();
        std::io::BufReader::new(input).read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    fn secret(&self, prompt: &str) -> anyhow::Result<SecretString> {
        rpassword::prompt_password(prompt)
            .map(SecretString::from)
            .map_err(|_| no_terminal())
    }
}

/// Answers from a script, for tests of command logic. Records every prompt it was shown.
#[derive(Default)]
pub struct Scripted {
    pub answers: std::cell::RefCell<std::collections::VecDeque<String>>,
    /// Shared, so a test keeps a handle after boxing the prompter.
    pub shown: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
}

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

impl Prompter for Scripted {
    fn line(&self, prompt: &str) -> anyhow::Result<String> {
        self.next(prompt)
    }

    fn secret(&self, prompt: &str) -> anyhow::Result<SecretString> {
        self.next(prompt).map(SecretString::from)
    }
}
