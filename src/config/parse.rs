//! The AWS shared-config file format: text in, sections and properties out.
//!
//! Pure: no filesystem, no environment. Follows the rules every AWS SDK is held to (the
//! `aws-profile-parser-tests.json` vectors from smithy-rs): `#`/`;` comments, continuation lines,
//! sub-properties, case-insensitive keys, invalid names ignored rather than fatal. It does not
//! merge files or decide which sections are profiles; `profile_set` does that.
//!
//! Reading is split in two so that a 10,000-profile file costs little more than a 5-profile one
//! (issue "Fast on every backend and every config size"): `scan` goes over every line once,
//! checking the syntax (an error anywhere fails the file, as for the SDKs) and noting where
//! each section is, without allocating per line; `properties` reads one section's lines into
//! owned keys and values, and is only called for the sections someone asks about. Both see
//! the lines through the one `classify`, so what a scan accepts is what `properties` reads.

use std::fmt;
use std::ops::Range;

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

impl crate::error::Hint for ParseError {
    /// What the user can do about it.
    fn hint(&self) -> String {
        String::from({
            match self.message {
                PROFILE_NOT_CLOSED => {
                    "close the section header with ']', e.g. [profile my-profile]"
                }
                EXPECTED_PROFILE => {
                    "put properties under a section header such as [profile my-profile]"
                }
                EXPECTED_PROPERTY => {
                    "an indented line continues the property above it; remove the indentation or add a `key = value` line first"
                }
                _ => "write properties as `key = value`",
            }
        })
    }
}

const PROFILE_NOT_CLOSED: &str = "Profile definition must end with ']'";
const EXPECTED_PROFILE: &str = "Expected a profile definition";
const EXPECTED_PROPERTY: &str = "Expected a property definition, found continuation";
const NO_EQUALS: &str = "Expected an '=' sign defining a property";
const NO_NAME: &str = "Property did not have a name";
const SUB_NO_EQUALS: &str = "Expected an '=' sign defining a sub-property";
const SUB_NO_NAME: &str = "Sub-property did not have a name";

/// Characters the SDKs accept in profile, section and property names. (Byte by byte: every
/// accepted character is ASCII, and no byte of a longer UTF-8 character is.)
pub fn is_valid_identifier(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| IDENTIFIER[usize::from(b)])
}

/// Which bytes `is_valid_identifier` accepts: ASCII letters and digits, and `_-/.%@:+`.
const IDENTIFIER: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(c, b'_' | b'-' | b'/' | b'.' | b'%' | b'@' | b':' | b'+');
        b += 1;
    }
    table
};

/// A UTF-8 byte order mark, which Windows editors (Notepad, PowerShell's `Out-File -Encoding
/// utf8`) put at the start of a file. It is not part of the first line.
pub const BOM: char = '\u{FEFF}';

/// Where one section is in its file's text: found by `scan`, read by `properties`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpan {
    /// The header text (between the brackets, comments removed, trimmed), as bytes of the text.
    pub header: Range<usize>,
    /// 1-based line of the header.
    pub line: usize,
    /// The lines after the header up to the next header or the end, as bytes of the text.
    pub body: Range<usize>,
}

/// One file's text with its sections found and its syntax checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScannedFile {
    pub text: String,
    pub sections: Vec<SectionSpan>,
}

impl ScannedFile {
    /// Check `text` and find its sections.
    pub fn new(text: String) -> Result<Self, ParseError> {
        let sections = scan(&text)?;
        Ok(ScannedFile { text, sections })
    }

    pub fn header(&self, section: &SectionSpan) -> &str {
        self.text.get(section.header.clone()).unwrap_or_default()
    }

    pub fn properties(&self, section: &SectionSpan) -> Vec<RawProperty> {
        properties(&self.text, section)
    }
}

/// Parse one file's text into its sections, in file order. A leading byte order mark is
/// skipped.
pub fn parse(text: &str) -> Result<Vec<RawSection>, ParseError> {
    Ok(scan(text)?
        .into_iter()
        .map(|span| RawSection {
            header: text
                .get(span.header.clone())
                .unwrap_or_default()
                .to_string(),
            line: span.line,
            properties: properties(text, &span),
        })
        .collect())
}

/// Check every line of `text` and find its sections, in file order. A leading byte order mark
/// is skipped. Allocates only the list of sections.
pub fn scan(text: &str) -> Result<Vec<SectionSpan>, ParseError> {
    let start = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    let mut sections: Vec<SectionSpan> = Vec::new();
    // Whether the last property can take continuation lines, and whether it is a sub-property
    // block (`s3 =` followed by indented `key = value` lines).
    let mut open_property: Option<bool> = None;
    for line in Lines::new(text, start, 1) {
        let err = |message| ParseError {
            line: line.number,
            message,
        };
        match classify(&line).map_err(err)? {
            Line::Skip => {}
            Line::Header(header) => {
                start_section(&mut sections, text, header, &line);
                open_property = None;
            }
            Line::Continuation(trimmed) => {
                // An indented header that continues no property: a header, as the AWS CLI
                // reads it; `config check` warns (issue 10).
                if open_property.is_none()
                    && let Ok(header) = header(trimmed)
                {
                    start_section(&mut sections, text, header, &line);
                    continue;
                }
                if sections.is_empty() {
                    return Err(err(EXPECTED_PROFILE));
                }
                // Indented `key = value` directly under a header: a property, as the AWS CLI
                // (Python's configparser) reads it; `config check` warns (issue 10).
                if open_property.is_none()
                    && let Ok((_, value)) = property(strip_comment(trimmed, true))
                {
                    open_property = Some(value.is_empty());
                    continue;
                }
                let is_sub_block = open_property.ok_or(err(EXPECTED_PROPERTY))?;
                if is_sub_block {
                    let (name, _) = trimmed.split_once('=').ok_or(err(SUB_NO_EQUALS))?;
                    if trim(name).is_empty() {
                        return Err(err(SUB_NO_NAME));
                    }
                }
            }
            Line::Property(content) => {
                if sections.is_empty() {
                    return Err(err(EXPECTED_PROFILE));
                }
                let (_, value) = property(content).map_err(err)?;
                open_property = Some(value.is_empty());
            }
        }
    }
    Ok(sections)
}

/// End the section before `line` (if any) and start the one whose header it is.
fn start_section(sections: &mut Vec<SectionSpan>, text: &str, header: &str, line: &LineAt<'_>) {
    if let Some(last) = sections.last_mut() {
        last.body.end = line.start;
    }
    let at = offset_in(text, header);
    sections.push(SectionSpan {
        header: at..at + header.len(),
        line: line.number,
        body: line.next..text.len(),
    });
}

/// The properties of one section found by `scan` on the same `text`, keys lower-cased, in file
/// order. Continuation lines are joined to their property's value with newlines.
pub fn properties(text: &str, section: &SectionSpan) -> Vec<RawProperty> {
    let mut out: Vec<RawProperty> = Vec::new();
    let Some(body) = text.get(..section.body.end) else {
        return out;
    };
    for line in Lines::new(body, section.body.start, section.line + 1) {
        // `scan` has checked these lines: none fails, and none is a header.
        match classify(&line) {
            Ok(Line::Property(content)) => {
                if let Ok((key, value)) = property(content) {
                    out.push(RawProperty {
                        key: key.to_ascii_lowercase(),
                        value: value.to_string(),
                        line: line.number,
                    });
                }
            }
            Ok(Line::Continuation(trimmed)) if out.is_empty() => {
                // Directly under the header: a property (see `scan`).
                if let Ok((key, value)) = property(strip_comment(trimmed, true)) {
                    out.push(RawProperty {
                        key: key.to_ascii_lowercase(),
                        value: value.to_string(),
                        line: line.number,
                    });
                }
            }
            Ok(Line::Continuation(trimmed)) => {
                if let Some(last) = out.last_mut() {
                    last.value.push('\n');
                    last.value.push_str(trimmed);
                }
            }
            Ok(Line::Skip | Line::Header(_)) | Err(_) => {}
        }
    }
    out
}

/// What one line is, judged on its own; what depends on the lines before it is `scan`'s.
enum Line<'a> {
    /// Blank, or a comment.
    Skip,
    /// The header's text between the brackets, comments removed, trimmed.
    Header(&'a str),
    /// An indented line, trimmed.
    Continuation(&'a str),
    /// `key = value`, trimmed and its comment removed; split by `property`.
    Property(&'a str),
}

const fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn classify<'a>(line: &LineAt<'a>) -> Result<Line<'a>, &'static str> {
    let text = line.text;
    let trimmed = trim(text);
    // Without a `#` or `;` in the line there is no comment to strip.
    let uncommented = |needs_whitespace| match line.has_comment_char {
        true => strip_comment(trimmed, needs_whitespace),
        false => trimmed,
    };
    match (text.as_bytes().first(), trimmed.as_bytes().first()) {
        (_, None | Some(b'#' | b';')) => Ok(Line::Skip),
        (Some(b'['), _) => header(trimmed).map(Line::Header),
        (Some(&b), _) if is_blank(b) => Ok(Line::Continuation(trimmed)),
        _ => Ok(Line::Property(uncommented(true))),
    }
}

/// The text of a header line (`[profile foo] ; comment`, trimmed): between `[` and the first
/// `]`, trimmed (what follows the `]` is ignored, as by the AWS CLI). Inside the brackets `#` and `;` are
/// part of the name, as the AWS CLI (Python's configparser) reads `[profile a;b]`; the SDKs
/// read a comment there and reject the file, and `config check` warns (issue 10).
fn header(trimmed: &str) -> Result<&str, &'static str> {
    header_and_rest(trimmed).map(|(name, _)| name)
}

/// The header's name, and whether text other than a comment follows its `]`: the AWS CLI reads
/// `[profile e]garbage` as profile `e`; the SDKs reject the file; `config check` warns.
fn header_and_rest(trimmed: &str) -> Result<(&str, bool), &'static str> {
    let inner = trimmed.strip_prefix('[').ok_or(PROFILE_NOT_CLOSED)?;
    let close = memchr::memchr(b']', inner.as_bytes()).ok_or(PROFILE_NOT_CLOSED)?;
    // `]` is ASCII: both sides are character boundaries.
    let (name, rest) = (
        inner.get(..close).unwrap_or_default(),
        inner.get(close + 1..).unwrap_or_default(),
    );
    let trailing = !matches!(trim(rest).as_bytes().first(), None | Some(b'#' | b';'));
    Ok((trim(name), trailing))
}

/// Split a property line's content at its first `=`, or its first `:` when that comes first:
/// the AWS CLI (Python's configparser) accepts `key: value`, so awsx does too, and
/// `config check` warns that the SDKs do not (issue 10).
fn property(content: &str) -> Result<(&str, &str), &'static str> {
    let at = memchr::memchr2(b'=', b':', content.as_bytes()).ok_or(NO_EQUALS)?;
    // `=` and `:` are ASCII: both sides are on character boundaries.
    let (key, value) = (
        content.get(..at).unwrap_or_default(),
        content.get(at + 1..).unwrap_or_default(),
    );
    let key = trim(key);
    if key.is_empty() {
        return Err(NO_NAME);
    }
    Ok((key, trim(value)))
}

/// Lines the AWS CLI accepts but the AWS SDKs reject, which awsx reads as the CLI does: 1-based
/// line numbers with what to tell the user. Only for `config check`; `text` has passed `scan`.
pub fn lenient_lines(text: &str) -> Vec<(usize, &str, &'static str)> {
    let start = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    let mut out = Vec::new();
    let (mut open, mut header) = (false, "");
    for line in Lines::new(text, start, 1) {
        let classified = classify(&line);
        // A header, indented or not, as `scan` reads it.
        let indented = match &classified {
            Ok(Line::Header(_)) => Some(false),
            Ok(Line::Continuation(_)) if !open => Some(true),
            _ => None,
        };
        if let Some(indented) = indented
            && let Ok((name, trailing)) = header_and_rest(trim(line.text))
        {
            (open, header) = (false, name);
            for (warn, message) in [
                (indented, INDENTED_HEADER),
                (name.contains(['#', ';']), COMMENT_IN_HEADER),
                (trailing, TEXT_AFTER_HEADER),
            ] {
                if warn {
                    out.push((line.number, name, message));
                }
            }
            continue;
        }
        let content = match classified {
            Ok(Line::Property(content)) => content,
            Ok(Line::Continuation(trimmed))
                if !open && property(strip_comment(trimmed, true)).is_ok() =>
            {
                out.push((line.number, header, INDENTED_PROPERTY));
                strip_comment(trimmed, true)
            }
            _ => continue,
        };
        open = true;
        let colon = memchr::memchr2(b'=', b':', content.as_bytes())
            .is_some_and(|at| content.as_bytes()[at] == b':');
        if colon {
            out.push((line.number, header, COLON_SEPARATOR));
        }
    }
    out
}

const INDENTED_PROPERTY: &str = "an indented property directly under its section header: the AWS CLI reads it, the AWS SDKs (and tools built on them) reject the whole file";
const INDENTED_HEADER: &str = "an indented section header: the AWS CLI reads it, the AWS SDKs (and tools built on them) reject the whole file";
const TEXT_AFTER_HEADER: &str = "text after a section header's `]`: the AWS CLI ignores it, the AWS SDKs (and tools built on them) reject the whole file";
const COMMENT_IN_HEADER: &str = "`#` or `;` inside a section header: the AWS CLI reads it as part of the name, the AWS SDKs read a comment and reject the whole file";
const COLON_SEPARATOR: &str = "`key: value`: the AWS CLI reads it as `key = value`, the AWS SDKs (and tools built on them) reject the whole file";

/// Trim spaces and tabs (the SDKs' whitespace) from both ends.
pub(super) fn trim(s: &str) -> &str {
    let bytes = s.as_bytes();
    let start = bytes
        .iter()
        .position(|&b| !is_blank(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_blank(b))
        .map_or(start, |i| i + 1);
    // Both ends sit next to ASCII bytes, so they are character boundaries.
    s.get(start..end).unwrap_or_default()
}

/// Trim a line and cut a trailing comment. In property lines a comment must follow whitespace
/// (`value;x` keeps the `;x`); in section headers any `#` or `;` starts one. "Whitespace" before
/// a comment is any Unicode whitespace, as in the SDKs (`char::is_whitespace`).
fn strip_comment(line: &str, needs_whitespace: bool) -> &str {
    let line = trim(line);
    let bytes = line.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'#', b';', rest))
    {
        let at = from + found;
        // `#` and `;` are ASCII: `at` is a character boundary.
        let before = line.get(..at).unwrap_or_default();
        if !needs_whitespace || before.chars().next_back().is_some_and(char::is_whitespace) {
            return trim(before);
        }
        from = at + 1;
    }
    line
}

/// Where `inner`, a slice of `outer`, starts in it.
pub(super) fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// One line of a file, its line ending removed.
struct LineAt<'a> {
    text: &'a str,
    /// 1-based.
    number: usize,
    /// Byte offsets of the line's start and of the next line's start.
    start: usize,
    next: usize,
    /// Whether the line has a `#` or `;` (a comment may start there).
    has_comment_char: bool,
}

/// The lines of `text` from byte `pos` on, as `str::lines` splits them (at `\n`, and `\r\n`),
/// with one more trailing `\r` removed from each, as the SDKs do. The comment characters are
/// found by one search of the whole text beside the line ends, so that the many lines without
/// one are not searched again for it.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
    /// Every `#` and `;` from `base` on, in order, and the next one not yet passed.
    comments: memchr::Memchr2<'a>,
    next_comment: Option<usize>,
    base: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, pos: usize, number: usize) -> Self {
        let rest = text.as_bytes().get(pos..).unwrap_or_default();
        let mut comments = memchr::memchr2_iter(b'#', b';', rest);
        let next_comment = comments.next().map(|i| pos + i);
        Lines {
            text,
            pos,
            number,
            comments,
            next_comment,
            base: pos,
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = LineAt<'a>;

    fn next(&mut self) -> Option<LineAt<'a>> {
        let rest = self.text.get(self.pos..).filter(|rest| !rest.is_empty())?;
        let (mut line, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
            // `\n` is ASCII: both slices are on character boundaries.
            Some(end) => {
                let line = rest.get(..end).unwrap_or_default();
                (line.strip_suffix('\r').unwrap_or(line), self.pos + end + 1)
            }
            None => (rest, self.text.len()),
        };
        line = line.strip_suffix('\r').unwrap_or(line);
        let mut has_comment_char = false;
        while let Some(at) = self.next_comment.filter(|&at| at < next) {
            has_comment_char |= at >= self.pos;
            self.next_comment = self.comments.next().map(|i| self.base + i);
        }
        let at = LineAt {
            text: line,
            number: self.number,
            start: self.pos,
            next,
            has_comment_char,
        };
        self.pos = next;
        self.number += 1;
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Hint as _;

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

    /// What the AWS CLI v1 in the test venv (botocore's configparser) reads from the same
    /// text, checked with `aws configure get` (issue 10).
    #[test]
    fn what_the_aws_cli_accepts_is_read_as_it_reads_it() {
        let cases: &[(&str, &[(&str, &str)], &[usize])] = &[
            (
                "[p]\n  region = eu-west-1",
                &[("region", "eu-west-1")],
                &[2],
            ),
            ("[p]\nregion: us-east-2", &[("region", "us-east-2")], &[2]),
            (
                "[p]\nrole_arn: arn:aws:iam::1:role/x",
                &[("role_arn", "arn:aws:iam::1:role/x")],
                &[2],
            ),
            ("[p]\nk = a:b", &[("k", "a:b")], &[]),
            // Indented after a property it is still a continuation, as for the CLI.
            (
                "[p]\nregion: us-east-2\n  output = json",
                &[("region", "us-east-2\noutput = json")],
                &[2],
            ),
            ("[p]\n\ts3 =\n  a = 1", &[("s3", "\na = 1")], &[2]),
        ];
        for (text, want, warned) in cases {
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            assert_eq!(props(text), want, "input {text:?}");
            let lines: Vec<usize> = lenient_lines(text).iter().map(|l| l.0).collect();
            assert_eq!(&lines, warned, "input {text:?}");
        }
        // Headers: `;` and `#` inside the brackets are the name's; an indented header that
        // continues no property is a header.
        assert_eq!(headers("[profile a;b]\nk = v"), ["profile a;b"]);
        assert_eq!(headers("[profile x] # [y]"), ["profile x"]);
        assert_eq!(
            headers("  [profile ind]\n\t[profile two] ; c\nk = v"),
            ["profile ind", "profile two"]
        );
        let warned: Vec<usize> = lenient_lines("[profile a;b]\n  [profile c]\nk = v")
            .iter()
            .map(|l| l.0)
            .collect();
        assert_eq!(warned, [1, 2]);
        // After a property, an indented header continues it, for the CLI as for the SDKs.
        assert_eq!(
            props("[p]\nk = v\n  [profile q]"),
            [("k".to_string(), "v\n[profile q]".to_string())]
        );
        // What neither accepts still fails the file.
        assert_eq!(headers("[profile e]garbage\nk = v"), ["profile e"]);
        assert_eq!(lenient_lines("[profile e]garbage")[0].0, 1);
        assert_eq!(error("[profile e").message, PROFILE_NOT_CLOSED);
        assert_eq!(error(" [profile a").message, EXPECTED_PROFILE);
        assert_eq!(error("[p]\n  no-separator").message, EXPECTED_PROPERTY);
        assert_eq!(error("  k = v").message, EXPECTED_PROFILE);
    }

    /// Each section's header text, in file order.
    fn headers(text: &str) -> Vec<String> {
        parse(text)
            .expect("parses")
            .into_iter()
            .map(|s| s.header)
            .collect()
    }

    #[test]
    fn header_text() {
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
