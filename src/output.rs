//! Output: aligned tables in the style aws-vault users know and counts (pure: rows in, text
//! out), and the [`Printer`] commands write through. Nothing here exits the process.

use std::io::Write as _;

/// Columns padded to their widest cell, two spaces apart, headers underlined with `=`.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
                .max(h.chars().count())
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(headers.iter().map(|h| h.to_string()).collect());
    out.push_str(&line(
        headers
            .iter()
            .map(|h| "=".repeat(h.chars().count()))
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(row.clone()));
    }
    out
}

/// Where commands write: the process's stdout and stderr, or buffers in tests. Writing to
/// stdout can fail, and says so ([`OutputError`]) for the top level to handle once: a reader
/// that went away (`awsx list | head -1`) ends awsx quietly, as it would any Unix filter.
/// Writing to stderr cannot fail the command: if stderr is closed there is nowhere to say so.
pub struct Printer {
    out: std::cell::RefCell<Box<dyn std::io::Write>>,
    err: std::cell::RefCell<Box<dyn std::io::Write>>,
}

/// stdout could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The reader went away: not worth a message.
    #[error("stdout was closed")]
    Closed,
    #[error("cannot write to stdout: {0}")]
    Failed(std::io::Error),
}

impl Printer {
    /// The process's stdout and stderr.
    pub fn stdio() -> Self {
        Printer::new(Box::new(std::io::stdout()), Box::new(std::io::stderr()))
    }

    /// A printer to any two writers.
    pub fn new(out: Box<dyn std::io::Write>, err: Box<dyn std::io::Write>) -> Self {
        Printer {
            out: std::cell::RefCell::new(out),
            err: std::cell::RefCell::new(err),
        }
    }

    /// A printer into two shared buffers (tests: what a command wrote, stdout then stderr).
    #[cfg(test)]
    pub fn captured() -> (Self, Captured) {
        let captured = Captured::default();
        let printer = Printer::new(
            Box::new(captured.out.clone()),
            Box::new(captured.err.clone()),
        );
        (printer, captured)
    }

    /// Write to stdout, flushed.
    pub fn print(&self, args: std::fmt::Arguments<'_>) -> Result<(), OutputError> {
        let mut out = self.out.borrow_mut();
        out.write_fmt(args)
            .and_then(|()| out.flush())
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::BrokenPipe => OutputError::Closed,
                _ => OutputError::Failed(e),
            })
    }

    /// Write to stderr, ignoring failure.
    pub fn say(&self, args: std::fmt::Arguments<'_>) {
        let mut err = self.err.borrow_mut();
        let _ = err.write_fmt(args).and_then(|()| err.flush());
    }
}

/// A line on the process's stderr from code that has no [`Printer`] at hand (the lock, the
/// child supervisor, the keychains); ignores failure, unlike `eprintln!`, which panics when
/// stderr is closed.
pub fn stderr_line(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// What a [`Printer::captured`] printer was given (test builds only).
#[cfg(test)]
#[derive(Clone, Default)]
pub struct Captured {
    out: SharedBuffer,
    err: SharedBuffer,
}

#[cfg(test)]
impl Captured {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.0.borrow()).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.err.0.borrow()).into_owned()
    }
}

#[cfg(test)]
#[derive(Clone, Default)]
struct SharedBuffer(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

#[cfg(test)]
impl std::io::Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A line on stdout through `ctx`'s printer: `outln!(ctx, "...")?`.
#[macro_export]
macro_rules! outln {
    ($ctx:expr) => { $ctx.out.print(format_args!("\n")) };
    ($ctx:expr, $($arg:tt)*) => { $ctx.out.print(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Text on stdout through `ctx`'s printer, no newline added: `out!(ctx, "...")?`.
#[macro_export]
macro_rules! out {
    ($ctx:expr, $($arg:tt)*) => { $ctx.out.print(format_args!($($arg)*)) };
}

/// A line on stderr through `ctx`'s printer; never fails.
#[macro_export]
macro_rules! errln {
    ($ctx:expr, $($arg:tt)*) => { $ctx.out.say(format_args!("{}\n", format_args!($($arg)*))) };
}

/// A line on the process's stderr, for code with no printer at hand; never fails.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => { $crate::output::stderr_line(format_args!($($arg)*)) };
}

/// `1 session`, `2 sessions`, `0 sessions`: a count with its noun agreeing.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "session"), "1 session");
        assert_eq!(count(0, "session"), "0 sessions");
        assert_eq!(count(2, "cached session"), "2 cached sessions");
    }

    #[test]
    fn aligned_and_underlined() {
        let rows = vec![
            vec![
                "gds-users".to_string(),
                "gds-users".to_string(),
                "sts.GetSessionToken:7h58m".to_string(),
            ],
            vec![
                "production-infrastructure".to_string(),
                "gds-users".to_string(),
                String::new(),
            ],
        ];
        assert_eq!(
            table(&["Profile", "Credentials", "Sessions"], &rows),
            "\
Profile                    Credentials  Sessions
=======                    ===========  ========
gds-users                  gds-users    sts.GetSessionToken:7h58m
production-infrastructure  gds-users
"
        );
    }
}
