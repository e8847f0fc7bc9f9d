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

/// The lifetimes an STS call accepts, so a duration it would refuse is caught before any
/// prompt or call (the role's own maximum, set in IAM, may still be lower).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub call: &'static str,
    pub min: u64,
    pub max: u64,
}

/// GetSessionToken: 15 minutes to 36 hours.
pub const SESSION_TOKEN: Limits = Limits {
    call: "GetSessionToken",
    min: 900,
    max: 129_600,
};
/// AssumeRole: 15 minutes to 12 hours.
pub const ASSUME_ROLE: Limits = Limits {
    call: "AssumeRole",
    min: 900,
    max: 43_200,
};
/// GetFederationToken: 15 minutes to 36 hours.
pub const FEDERATION_TOKEN: Limits = Limits {
    call: "GetFederationToken",
    min: 900,
    max: 129_600,
};

impl Limits {
    /// `Err("48h is longer than AssumeRole allows (15m to 12h)")` when `seconds` is outside.
    pub fn check(self, seconds: u64) -> Result<u64, String> {
        let side = if seconds < self.min {
            "shorter"
        } else if seconds > self.max {
            "longer"
        } else {
            return Ok(seconds);
        };
        // Exact: `14m` for 899 seconds would hide why it is refused.
        let shown = match format_short(seconds) {
            short if parse_seconds(&short) == Ok(seconds) => short,
            _ => format!("{seconds}s"),
        };
        Err(format!(
            "{shown} is {side} than {} allows ({})",
            self.call,
            self.range()
        ))
    }

    /// `15m to 12h`
    pub fn range(self) -> String {
        format!("{} to {}", format_short(self.min), format_short(self.max))
    }
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
    fn limits() {
        assert_eq!(ASSUME_ROLE.check(900), Ok(900));
        assert_eq!(ASSUME_ROLE.check(43_200), Ok(43_200));
        assert_eq!(
            ASSUME_ROLE.check(172_800),
            Err("48h is longer than AssumeRole allows (15m to 12h)".into())
        );
        assert_eq!(
            SESSION_TOKEN.check(59),
            Err("59s is shorter than GetSessionToken allows (15m to 36h)".into())
        );
        assert_eq!(SESSION_TOKEN.check(129_600), Ok(129_600));
        assert_eq!(
            FEDERATION_TOKEN.check(129_601),
            Err("129601s is longer than GetFederationToken allows (15m to 36h)".into())
        );
        assert_eq!(
            ASSUME_ROLE.check(899),
            Err("899s is shorter than AssumeRole allows (15m to 12h)".into())
        );
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
