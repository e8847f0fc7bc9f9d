//! The AWS shared-config file format: text in, sections and properties out.
//!
//! Pure: no filesystem, no environment. Follows the rules every AWS SDK is held to (the
//! `aws-profile-parser-tests.json` vectors from smithy-rs): `#`/`;` comments, continuation lines,
//! sub-properties, case-insensitive keys, invalid names ignored rather than fatal. It does not
//! merge files or decide which sections are profiles; `profile_set` does that.

use std::fmt;

/// Which of the two shared files a line came from. The file kind changes how section headers
/// are read: `[profile x]` in the config file, plain `[x]` in the credentials file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Config,
    Credentials,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        })
    }
}

/// A section header as written, before deciding whether it names a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawSection {
    /// The text between the brackets, comments removed and trimmed.
    pub header: String,
    /// 1-based line of the header.
    pub line: usize,
    pub properties: Vec<RawProperty>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawProperty {
    /// Lower-cased, as the SDKs compare keys case-insensitively.
    pub key: String,
    pub value: String,
    /// 1-based line where the key was defined.
    pub line: usize,
}

/// A line the parser cannot make sense of. The messages match the SDKs' wording so that a user
/// searching for them finds the same explanation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: &'static str,
}

impl ParseError {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self.message {
            PROFILE_NOT_CLOSED => "close the section header with ']', e.g. [profile my-profile]",
            EXPECTED_PROFILE => {
                "put properties under a section header such as [profile my-profile]"
            }
            EXPECTED_PROPERTY => {
                "an indented line continues the property above it; remove the indentation or add a `key = value` line first"
            }
            _ => "write properties as `key = value`",
        }
    }
}

const PROFILE_NOT_CLOSED: &str = "Profile definition must end with ']'";
const EXPECTED_PROFILE: &str = "Expected a profile definition";
const EXPECTED_PROPERTY: &str = "Expected a property definition, found continuation";
const NO_EQUALS: &str = "Expected an '=' sign defining a property";
const NO_NAME: &str = "Property did not have a name";
const SUB_NO_EQUALS: &str = "Expected an '=' sign defining a sub-property";
const SUB_NO_NAME: &str = "Sub-property did not have a name";

const WHITESPACE: &[char] = &[' ', '\t'];
const COMMENT: &[char] = &['#', ';'];

/// Characters the SDKs accept in profile, section and property names.
pub fn is_valid_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

/// A UTF-8 byte order mark, which Windows editors (Notepad, PowerShell's `Out-File -Encoding
/// utf8`) put at the start of a file. It is not part of the first line.
pub const BOM: char = '\u{FEFF}';

/// Parse one file's text into its sections, in file order. A leading byte order mark is
/// skipped.
pub fn parse(text: &str) -> Result<Vec<RawSection>, ParseError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut sections: Vec<RawSection> = Vec::new();
    // Whether the last property can take continuation lines, and whether it is a sub-property
    // block (`s3 =` followed by indented `key = value` lines).
    let mut open_property: Option<bool> = None;

    for (index, raw_line) in text.lines().enumerate() {
        let line_no = index + 1;
        // `str::lines` already strips "\r\n"; a lone trailing '\r' is stripped here too.
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let trimmed = line.trim_matches(WHITESPACE);
        if trimmed.is_empty() || trimmed.starts_with(COMMENT) {
            continue;
        }
        let err = |message| ParseError {
            line: line_no,
            message,
        };

        if line.starts_with('[') {
            let header = strip_comment(line, false)
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
                .ok_or(err(PROFILE_NOT_CLOSED))?;
            sections.push(RawSection {
                header: header.trim_matches(WHITESPACE).to_string(),
                line: line_no,
                properties: Vec::new(),
            });
            open_property = None;
        } else if line.starts_with(WHITESPACE) {
            let section = sections.last_mut().ok_or(err(EXPECTED_PROFILE))?;
            let is_sub_block = open_property.ok_or(err(EXPECTED_PROPERTY))?;
            let property = section
                .properties
                .last_mut()
                .ok_or(err(EXPECTED_PROPERTY))?;
            if is_sub_block {
                let (name, _) = trimmed.split_once('=').ok_or(err(SUB_NO_EQUALS))?;
                if name.trim_matches(WHITESPACE).is_empty() {
                    return Err(err(SUB_NO_NAME));
                }
            }
            property.value.push('\n');
            property.value.push_str(trimmed);
        } else {
            let section = sections.last_mut().ok_or(err(EXPECTED_PROFILE))?;
            let content = strip_comment(line, true);
            let (key, value) = content.split_once('=').ok_or(err(NO_EQUALS))?;
            let key = key.trim_matches(WHITESPACE);
            if key.is_empty() {
                return Err(err(NO_NAME));
            }
            let value = value.trim_matches(WHITESPACE);
            section.properties.push(RawProperty {
                key: key.to_ascii_lowercase(),
                value: value.to_string(),
                line: line_no,
            });
            open_property = Some(value.is_empty());
        }
    }
    Ok(sections)
}

/// Trim a line and cut a trailing comment. In property lines a comment must follow whitespace
/// (`value;x` keeps the `;x`); in section headers any `#` or `;` starts one.
fn strip_comment(line: &str, needs_whitespace: bool) -> &str {
    let line = line.trim_matches(WHITESPACE);
    let mut previous_was_space = false;
    for (index, c) in line.char_indices() {
        if COMMENT.contains(&c) && (previous_was_space || !needs_whitespace) {
            return line[..index].trim_matches(WHITESPACE);
        }
        previous_was_space = c.is_whitespace();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(text: &str) -> Vec<(String, String)> {
        parse(text)
            .expect("parses")
            .into_iter()
            .flat_map(|s| s.properties)
            .map(|p| (p.key, p.value))
            .collect()
    }

    fn error(text: &str) -> ParseError {
        parse(text).expect_err("should fail")
    }

    #[test]
    fn values_and_comments() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("[p]\nk = v # c", &[("k", "v")]),
            ("[p]\nk = v;not-comment", &[("k", "v;not-comment")]),
            ("[p]\nk = a=b", &[("k", "a=b")]),
            ("[p]\nK \t=  \tv \t", &[("k", "v")]),
            ("[p]\nk =", &[("k", "")]),
            ("[p]\nk = v\n -more # kept", &[("k", "v\n-more # kept")]),
            (
                "[p]\ns3 =\n a = 1\n\t \n b = 2",
                &[("s3", "\na = 1\nb = 2")],
            ),
            ("[p]\r\nk = v\r\n", &[("k", "v")]),
            ("# c\n; c\n  # indented comment\n[p]\nk = v", &[("k", "v")]),
            ("\u{FEFF}[p]\nk = v", &[("k", "v")]),
            ("\u{FEFF}# c\r\n[p]\r\nk = v", &[("k", "v")]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            assert_eq!(props(text), want, "input {text:?}");
        }
    }

    #[test]
    fn headers() {
        let headers = |text: &str| -> Vec<String> {
            parse(text)
                .expect("parses")
                .into_iter()
                .map(|s| s.header)
                .collect()
        };
        assert_eq!(
            headers("[profile foo]; c\n[ bar ]# c"),
            ["profile foo", "bar"]
        );
        assert_eq!(headers("[   profile foo    ]"), ["profile foo"]);
    }

    #[test]
    fn errors_name_the_line_and_expectation() {
        let cases = [
            ("[profile foo", 1, PROFILE_NOT_CLOSED),
            ("k = v", 1, EXPECTED_PROFILE),
            (" -continued", 1, EXPECTED_PROFILE),
            ("[p]\n -continued", 2, EXPECTED_PROPERTY),
            ("[p]\nk = v\n[p]\n -c", 4, EXPECTED_PROPERTY),
            ("[p]\n= v", 2, NO_NAME),
            ("[p]\nk : v", 2, NO_EQUALS),
            ("[p]\ns3 =\n bad", 3, SUB_NO_EQUALS),
            ("[p]\ns3 =\n = v", 3, SUB_NO_NAME),
            // Only a leading mark is skipped; one elsewhere is text like any other.
            ("\u{FEFF}\u{FEFF}[p]", 1, EXPECTED_PROFILE),
        ];
        for (text, line, message) in cases {
            assert_eq!(error(text), ParseError { line, message }, "input {text:?}");
            assert!(!error(text).hint().is_empty());
        }
    }

    #[test]
    fn identifiers() {
        assert!(is_valid_identifier("some-thing:long/the_one%only.foo@bar+"));
        assert!(!is_valid_identifier("foo!bar"));
        assert!(!is_valid_identifier("in valid"));
        assert!(!is_valid_identifier(""));
    }
}
