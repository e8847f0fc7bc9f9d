//! Timestamps as AWS tools write them. Pure; the AWS SDK's own `DateTime` (the `time` crate
//! underneath) does the calendar work, so awsx reads and writes times exactly as the SDKs do,
//! and no outside text can panic it (see the tests).

use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;

/// The last second RFC 3339 can write, for times past it (a far-future expiry is "never").
const LATEST: &str = "9999-12-31T23:59:59Z";

/// `2026-11-22T16:00:00Z`
pub fn rfc3339_z(unix: u64) -> String {
    let secs = i64::try_from(unix).unwrap_or(i64::MAX);
    DateTime::from_secs(secs)
        .fmt(Format::DateTime)
        .unwrap_or_else(|_| LATEST.to_string())
}

/// `2026-11-22T16:00:00+00:00`, as Python's `isoformat()` prints a UTC time: the form
/// `aws configure export-credentials` uses.
pub fn isoformat_utc(unix: u64) -> String {
    let z = rfc3339_z(unix);
    format!("{}+00:00", z.trim_end_matches('Z'))
}

/// Parse RFC 3339 (`Z` or a numeric offset, optional fraction) to Unix seconds. `None` for
/// anything else, and for times before 1970.
pub fn parse_rfc3339(text: &str) -> Option<u64> {
    let time = DateTime::from_str(text.trim(), Format::DateTimeWithOffset).ok()?;
    u64::try_from(time.secs()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(rfc3339_z(1_795_363_200), "2026-11-22T16:00:00Z");
        assert_eq!(isoformat_utc(1_795_363_200), "2026-11-22T16:00:00+00:00");
        assert_eq!(rfc3339_z(u64::MAX), LATEST);
        for text in [
            "2026-11-22T16:00:00Z",
            "2026-11-22T16:00:00+00:00",
            "2026-11-22T17:00:00+01:00",
            "2026-11-22T15:30:00-00:30",
            "2026-11-22T16:00:00.123Z",
            " 2026-11-22T16:00:00Z\n",
        ] {
            assert_eq!(parse_rfc3339(text), Some(1_795_363_200), "{text}");
        }
        for text in [
            "yesterday",
            "",
            "2026-11-22T16:00:00+0é00",
            "2026-11-22T16:00:00é",
            "é2026-11-22T16:00:00Z",
            "2026-11-22T16:00:00+99:99",
            "1969-12-31T23:59:59Z",
            "2026-13-01T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text}");
        }
    }

    /// Every cut and every one-character change of a valid time: an answer, never a panic.
    #[test]
    fn no_text_panics_the_parser() {
        let valid = "2026-11-22T17:00:00.5+01:00";
        let chars: Vec<char> = valid.chars().collect();
        for i in 0..=chars.len() {
            let cut: String = chars[..i].iter().collect();
            let _ = parse_rfc3339(&cut);
            for c in ['é', '9', '+', 'Z', ':', ' ', '\u{0}', '日'] {
                let mut changed = chars.clone();
                if i < changed.len() {
                    changed[i] = c;
                } else {
                    changed.push(c);
                }
                let _ = parse_rfc3339(&changed.into_iter().collect::<String>());
            }
        }
    }
}
