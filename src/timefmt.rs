//! Timestamps as AWS tools write them. Pure; humantime does the calendar work.

use std::time::{Duration, UNIX_EPOCH};

/// `2026-11-22T16:00:00Z`
pub fn rfc3339_z(unix: u64) -> String {
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(unix)).to_string()
}

/// `2026-11-22T16:00:00+00:00`, as Python's `isoformat()` prints a UTC time: the form
/// `aws configure export-credentials` uses.
pub fn isoformat_utc(unix: u64) -> String {
    let z = rfc3339_z(unix);
    format!("{}+00:00", z.trim_end_matches('Z'))
}

/// Parse RFC 3339 (`Z` or a numeric offset, optional fraction) to Unix seconds.
pub fn parse_rfc3339(text: &str) -> Option<u64> {
    let text = text.trim();
    // humantime takes only `Z`; fold a numeric offset into it.
    let (base, offset_secs): (&str, i64) = if let Some(base) = text.strip_suffix('Z') {
        (base, 0)
    } else if text.len() > 6 && matches!(&text[text.len() - 6..text.len() - 5], "+" | "-") {
        let (base, off) = text.split_at(text.len() - 6);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let hours: i64 = off[1..3].parse().ok()?;
        let minutes: i64 = off[4..6].parse().ok()?;
        (base, sign * (hours * 3600 + minutes * 60))
    } else {
        return None;
    };
    let t = humantime::parse_rfc3339_weak(base).ok()?;
    let secs = i64::try_from(t.duration_since(UNIX_EPOCH).ok()?.as_secs()).ok()?;
    u64::try_from(secs - offset_secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(rfc3339_z(1_795_363_200), "2026-11-22T16:00:00Z");
        assert_eq!(isoformat_utc(1_795_363_200), "2026-11-22T16:00:00+00:00");
        for text in [
            "2026-11-22T16:00:00Z",
            "2026-11-22T16:00:00+00:00",
            "2026-11-22T17:00:00+01:00",
            "2026-11-22T16:00:00.123Z",
        ] {
            assert_eq!(parse_rfc3339(text), Some(1_795_363_200), "{text}");
        }
        assert_eq!(parse_rfc3339("yesterday"), None);
    }
}
