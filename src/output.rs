//! Rendering for humans: aligned tables in the style aws-vault users know.
//!
//! Pure: rows in, text out.

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

/// Write to stdout. A reader that went away (`awsx list | head -1`) ends awsx quietly instead
/// of with a panic, as it would for any Unix filter.
pub fn emit(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to stdout: {e}");
        std::process::exit(1);
    }
}

/// `println!` through [`emit`].
#[macro_export]
macro_rules! outln {
    () => { $crate::output::emit(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::emit(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` through [`emit`].
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::emit(format_args!($($arg)*)) };
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
