//! Durations as users write them (`3600`, `1h30m`, `90m`) and as awsx prints them (`7h58m`).
//!
//! Pure. Parsing of unit-suffixed values is humantime's; a bare number is seconds, as in
//! `duration_seconds`.

/// Parse `3600`, `1h`, `1h30m`, `90m`, `45s` into whole seconds.
pub fn parse_seconds(text: &str) -> Result<u64, String> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<u64>()
            .map_err(|_| format!("`{text}` is too large"));
    }
    humantime::parse_duration(text)
        .map(|d| d.as_secs())
        .map_err(|e| format!("`{text}` is not a duration ({e}); write e.g. 3600, 1h or 1h30m"))
}

/// `28800` → `8h`, `5400` → `1h30m`, `2700` → `45m`, `59` → `59s`, `28680` → `7h58m`.
pub fn format_short(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, _) => format!("{m}m"),
        (h, 0, _) => format!("{h}h"),
        (h, m, _) => format!("{h}h{m}m"),
    }
}

/// Time left on a credential, to the nearest minute: a session made a few seconds ago for
/// eight hours shows `8h`, not `7h59m`. Under a minute it is seconds.
pub fn format_left(seconds: u64) -> String {
    if seconds < 60 {
        return format_short(seconds);
    }
    format_short((seconds + 30) / 60 * 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        for (text, want) in [
            ("3600", 3600),
            ("1h", 3600),
            ("1h30m", 5400),
            ("90m", 5400),
            ("45s", 45),
        ] {
            assert_eq!(parse_seconds(text), Ok(want), "{text}");
        }
        for bad in ["", "soon", "-1", "1x"] {
            assert!(parse_seconds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats() {
        for (seconds, want) in [
            (28800, "8h"),
            (5400, "1h30m"),
            (2700, "45m"),
            (59, "59s"),
            (28680, "7h58m"),
            (0, "0s"),
        ] {
            assert_eq!(format_short(seconds), want);
        }
    }

    #[test]
    fn time_left_is_rounded_to_the_nearest_minute() {
        for (seconds, want) in [
            (28_800, "8h"),
            (28_795, "8h"),
            (28_770, "8h"),
            (28_769, "7h59m"),
            (3_599, "1h"),
            (3_540, "59m"),
            (89, "1m"),
            (90, "2m"),
            (59, "59s"),
            (0, "0s"),
        ] {
            assert_eq!(format_left(seconds), want, "{seconds}");
        }
    }
}
