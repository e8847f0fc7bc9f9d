//! Editing the shared config files without disturbing them: every line awsx does not mean to
//! change stays byte-for-byte as it was (comments, blank lines, CRLF endings, order).
//!
//! Pure: text in, text out. Writing the result back (atomically, keeping permissions) is the
//! caller's job. Lines are recognised with the same rules as `parse`.

use super::parse::{BOM, FileKind, is_valid_identifier};

/// Split a leading byte order mark off, so the first line is recognised as `parse` reads it;
/// the mark is put back in front of the result unchanged.
fn split_bom(text: &str) -> (&str, &str) {
    match text.strip_prefix(BOM) {
        Some(rest) => (&text[..BOM.len_utf8()], rest),
        None => ("", text),
    }
}

/// Which profile a section header names in a file of this kind, if any.
fn header_profile(kind: FileKind, line: &str) -> Option<String> {
    let body = line.trim_matches([' ', '\t']).strip_prefix('[')?;
    let end = body.find(']')?;
    let header = body[..end].trim_matches([' ', '\t']);
    let name = match kind {
        FileKind::Credentials => header,
        FileKind::Config if header == "default" => "default",
        FileKind::Config => header
            .strip_prefix("profile")
            .filter(|rest| rest.starts_with([' ', '\t']))?
            .trim_matches([' ', '\t']),
    };
    is_valid_identifier(name).then(|| name.to_string())
}

fn is_header(line: &str) -> bool {
    line.starts_with('[')
}

/// The key of a `key = value` line, lower-cased.
fn property_key(line: &str) -> Option<String> {
    if line.starts_with([' ', '\t', '#', ';', '[']) {
        return None;
    }
    let (key, _) = line.split_once('=')?;
    Some(key.trim_matches([' ', '\t']).to_ascii_lowercase())
}

/// Whether a line continues the property above it.
fn is_continuation(line: &str) -> bool {
    let trimmed = line.trim_matches([' ', '\t', '\r', '\n']);
    line.starts_with([' ', '\t']) && !trimmed.is_empty() && !trimmed.starts_with(['#', ';'])
}

/// The header line that starts a profile section in a file of this kind.
pub fn section_header(kind: FileKind, profile: &str) -> String {
    match (kind, profile) {
        (FileKind::Config, "default") => "[default]".to_string(),
        (FileKind::Config, _) => format!("[profile {profile}]"),
        (FileKind::Credentials, _) => format!("[{profile}]"),
    }
}

fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// Add an empty section for `profile` if the file has none. `None` when nothing changes.
pub fn ensure_section(text: &str, kind: FileKind, profile: &str) -> Option<String> {
    let (bom, text) = split_bom(text);
    if text
        .lines()
        .any(|l| header_profile(kind, l).as_deref() == Some(profile))
    {
        return None;
    }
    let eol = line_ending(text);
    let mut out = format!("{bom}{text}");
    if !text.is_empty() {
        if !out.ends_with('\n') {
            out.push_str(eol);
        }
        out.push_str(eol);
    }
    out.push_str(&section_header(kind, profile));
    out.push_str(eol);
    Some(out)
}

/// Set `key = value` in every section of `profile` (the last one if the key is nowhere), adding
/// the section if the file has none. Existing lines for the key are replaced in place.
pub fn set_property(text: &str, kind: FileKind, profile: &str, key: &str, value: &str) -> String {
    let base = ensure_section(text, kind, profile).unwrap_or_else(|| text.to_string());
    let (bom, base) = split_bom(&base);
    let eol = line_ending(base);
    let mut out = String::with_capacity(base.len() + key.len() + value.len() + 8);
    out.push_str(bom);
    let mut in_target = false;
    let mut replaced = false;
    let mut last_target_end: Option<usize> = None;
    let mut skipping_continuation = false;
    for line in base.split_inclusive('\n') {
        if skipping_continuation && is_continuation(line) {
            continue;
        }
        skipping_continuation = false;
        if is_header(line) {
            in_target = header_profile(kind, line).as_deref() == Some(profile);
        }
        if in_target && property_key(line).as_deref() == Some(key) {
            let ending = if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            out.push_str(&format!("{key} = {value}{ending}"));
            replaced = true;
            skipping_continuation = true;
            last_target_end = Some(out.len());
            continue;
        }
        out.push_str(line);
        // Remember where the target section's last property line ends, to insert after it.
        // (Comments after a section usually introduce the next one.)
        let trimmed = line.trim();
        if in_target && !trimmed.is_empty() && !trimmed.starts_with(['#', ';']) {
            if !out.ends_with('\n') {
                out.push_str(eol);
            }
            last_target_end = Some(out.len());
        }
    }
    if replaced {
        return out;
    }
    let at = last_target_end.unwrap_or(out.len());
    out.insert_str(at, &format!("{key} = {value}{eol}"));
    out
}

/// Remove the lines defining `keys` (and their continuation lines) from `profile`'s sections.
/// Returns the new text and the keys that were removed.
pub fn remove_properties(
    text: &str,
    kind: FileKind,
    profile: &str,
    keys: &[&str],
) -> (String, Vec<String>) {
    let (bom, text) = split_bom(text);
    let mut out = String::with_capacity(text.len() + bom.len());
    out.push_str(bom);
    let mut removed = Vec::new();
    let mut in_target = false;
    let mut skipping = false;
    for line in text.split_inclusive('\n') {
        if skipping && is_continuation(line) {
            continue;
        }
        skipping = false;
        if is_header(line) {
            in_target = header_profile(kind, line).as_deref() == Some(profile);
        }
        if in_target
            && let Some(key) = property_key(line)
            && keys.contains(&key.as_str())
        {
            removed.push(key);
            skipping = true;
            continue;
        }
        out.push_str(line);
    }
    (out, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL_WORLD: &str = "\
# My AWS config
[default]
region = eu-west-2 ; London

[profile gds-users]
region = eu-west-1
s3 =
  max_concurrent_requests = 20

; roles
[profile production-infrastructure]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/infrastructure
";

    #[test]
    fn ensure_section_appends_only_when_missing() {
        assert_eq!(
            ensure_section(REAL_WORLD, FileKind::Config, "gds-users"),
            None
        );
        assert_eq!(
            ensure_section(REAL_WORLD, FileKind::Config, "default"),
            None
        );
        let added = ensure_section(REAL_WORLD, FileKind::Config, "new").expect("added");
        assert_eq!(added, format!("{REAL_WORLD}\n[profile new]\n"));
        assert_eq!(
            ensure_section("[profile a]", FileKind::Config, "b").expect("added"),
            "[profile a]\n\n[profile b]\n"
        );
        assert_eq!(
            ensure_section("", FileKind::Config, "b").expect("added"),
            "[profile b]\n"
        );
        assert_eq!(
            ensure_section("[a]\r\nx = 1\r\n", FileKind::Credentials, "b").expect("added"),
            "[a]\r\nx = 1\r\n\r\n[b]\r\n"
        );
    }

    #[test]
    fn set_property_inserts_or_replaces_in_place() {
        let mfa = "arn:aws:iam::398263320410:mfa/jane.doe";
        let out = set_property(REAL_WORLD, FileKind::Config, "gds-users", "mfa_serial", mfa);
        assert_eq!(
            out,
            REAL_WORLD.replace(
                "  max_concurrent_requests = 20\n",
                &format!("  max_concurrent_requests = 20\nmfa_serial = {mfa}\n")
            )
        );
        let replaced = set_property(&out, FileKind::Config, "gds-users", "mfa_serial", "x");
        assert_eq!(replaced, out.replace(mfa, "x"));
        let last = set_property(
            REAL_WORLD,
            FileKind::Config,
            "production-infrastructure",
            "k",
            "v",
        );
        assert_eq!(last, format!("{REAL_WORLD}k = v\n"));
        let new = set_property("[profile a]\n", FileKind::Config, "b", "k", "v");
        assert_eq!(new, "[profile a]\n\n[profile b]\nk = v\n");
    }

    #[test]
    fn a_byte_order_mark_is_kept_and_does_not_hide_the_first_section() {
        let text = "\u{FEFF}[profile a]\r\nregion = x\r\n";
        assert_eq!(ensure_section(text, FileKind::Config, "a"), None);
        assert_eq!(
            ensure_section(text, FileKind::Config, "b").expect("added"),
            format!("{text}\r\n[profile b]\r\n")
        );
        assert_eq!(
            set_property(text, FileKind::Config, "a", "mfa_serial", "m"),
            "\u{FEFF}[profile a]\r\nregion = x\r\nmfa_serial = m\r\n"
        );
        assert_eq!(
            set_property("\u{FEFF}", FileKind::Config, "a", "k", "v"),
            "\u{FEFF}[profile a]\nk = v\n"
        );
        let (out, removed) = remove_properties(
            "\u{FEFF}[a]\naws_access_key_id = X\nkeep = 1\n",
            FileKind::Credentials,
            "a",
            &["aws_access_key_id"],
        );
        assert_eq!(removed, ["aws_access_key_id"]);
        assert_eq!(out, "\u{FEFF}[a]\nkeep = 1\n");
    }

    #[test]
    fn remove_properties_leaves_everything_else_intact() {
        let credentials = "\
# keys
[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = keep-me

[gds-users]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
AWS_Secret_Access_Key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
region = eu-west-1 # stays
\t
[other]
aws_access_key_id = AKIAOTHER
";
        let (out, removed) = remove_properties(
            credentials,
            FileKind::Credentials,
            "gds-users",
            &[
                "aws_access_key_id",
                "aws_secret_access_key",
                "aws_session_token",
            ],
        );
        assert_eq!(removed, ["aws_access_key_id", "aws_secret_access_key"]);
        assert_eq!(
            out,
            credentials
                .replace("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", "")
                .replace(
                    "AWS_Secret_Access_Key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
                    ""
                )
        );
        let crlf = "[a]\r\naws_access_key_id = X\r\n  continued\r\nkeep = 1\r\n";
        let (out, _) = remove_properties(crlf, FileKind::Credentials, "a", &["aws_access_key_id"]);
        assert_eq!(out, "[a]\r\nkeep = 1\r\n");
    }
}
