//! Test only: the parser and merge as they were before the lazy index (one `String` per key and
//! value, every section merged up front), kept as the reference the fast path must agree with.
//!
//! The tests below generate thousands of small files from tricky fragments (comments with and
//! without whitespace, `\r`, tabs, Unicode spaces, sub-properties, bad lines, duplicate and
//! shadowed sections, a byte order mark) and check that `scan`/`ProfileSet` say exactly what
//! this code says: the same error at the same line, or the same profiles, values and origins,
//! whether a profile is read alone (the lazy path) or with all the others.

use super::parse::{BOM, FileKind, ParseError, RawProperty, RawSection};
use super::profile_set::{Origin, Section, Value};
use std::collections::BTreeMap;

const PROFILE_NOT_CLOSED: &str = "Profile definition must end with ']'";
const EXPECTED_PROFILE: &str = "Expected a profile definition";
const EXPECTED_PROPERTY: &str = "Expected a property definition, found continuation";
const NO_EQUALS: &str = "Expected an '=' sign defining a property";
const NO_NAME: &str = "Property did not have a name";
const SUB_NO_EQUALS: &str = "Expected an '=' sign defining a sub-property";
const SUB_NO_NAME: &str = "Sub-property did not have a name";

const WHITESPACE: &[char] = &[' ', '\t'];
const COMMENT: &[char] = &['#', ';'];

fn is_valid_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

pub fn parse(text: &str) -> Result<Vec<RawSection>, ParseError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut sections: Vec<RawSection> = Vec::new();
    let mut open_property: Option<bool> = None;

    for (index, raw_line) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let trimmed = line.trim_matches(WHITESPACE);
        if trimmed.is_empty() || trimmed.starts_with(COMMENT) {
            continue;
        }
        let err = |message| ParseError {
            line: line_no,
            message,
        };

        // Between `[` and the first `]`; what follows is ignored (issue 10: as the AWS CLI).
        let header_of = |t: &str| -> Option<String> {
            let (name, _) = t.strip_prefix('[')?.split_once(']')?;
            Some(name.trim_matches(WHITESPACE).to_string())
        };
        let indented_header =
            line.starts_with(WHITESPACE) && open_property.is_none() && header_of(trimmed).is_some();
        if line.starts_with('[') || indented_header {
            let header = header_of(trimmed).ok_or(err(PROFILE_NOT_CLOSED))?;
            sections.push(RawSection {
                header,
                line: line_no,
                properties: Vec::new(),
            });
            open_property = None;
        } else if line.starts_with(WHITESPACE)
            && !(open_property.is_none()
                && !sections.is_empty()
                && split_property(strip_comment(line, true))
                    .is_some_and(|(key, _)| !key.trim_matches(WHITESPACE).is_empty()))
        {
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
            let (key, value) = split_property(content).ok_or(err(NO_EQUALS))?;
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

/// At the first `=`, or the first `:` when that comes first (issue 10: as the AWS CLI).
fn split_property(content: &str) -> Option<(&str, &str)> {
    let at = content.find(['=', ':'])?;
    Some((&content[..at], &content[at + 1..]))
}

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

enum Header {
    Profile(String),
    BareDefault,
    SsoSession(String),
    Ignored,
}

fn classify(kind: FileKind, header: &str) -> Header {
    let named = |name: &str| {
        let name = name.trim_matches([' ', '\t']);
        is_valid_identifier(name).then(|| name.to_string())
    };
    match kind {
        FileKind::Credentials => named(header).map_or(Header::Ignored, Header::Profile),
        FileKind::Config => {
            if header == "default" {
                return Header::BareDefault;
            }
            let after = |prefix: &str| {
                header
                    .strip_prefix(prefix)
                    .filter(|rest| rest.starts_with([' ', '\t']))
            };
            if let Some(rest) = after("profile") {
                named(rest).map_or(Header::Ignored, Header::Profile)
            } else if let Some(rest) = after("sso-session") {
                named(rest).map_or(Header::Ignored, Header::SsoSession)
            } else {
                Header::Ignored
            }
        }
    }
}

/// Profiles and sso-sessions, merged as before.
pub type Merged = (BTreeMap<String, Section>, BTreeMap<String, Section>);

pub fn merge(config: &[RawSection], credentials: &[RawSection]) -> Merged {
    let (mut profiles, mut sso_sessions) = (BTreeMap::new(), BTreeMap::new());
    let has_prefixed_default = config.iter().any(
        |s| matches!(classify(FileKind::Config, &s.header), Header::Profile(n) if n == "default"),
    );
    for (kind, sections) in [
        (FileKind::Config, config),
        (FileKind::Credentials, credentials),
    ] {
        for section in sections {
            let (map, name) = match classify(kind, &section.header) {
                Header::Profile(name) => (&mut profiles, name),
                Header::BareDefault if !has_prefixed_default => {
                    (&mut profiles, "default".to_string())
                }
                Header::SsoSession(name) => (&mut sso_sessions, name),
                Header::BareDefault | Header::Ignored => continue,
            };
            let origin = Origin {
                file: kind,
                line: section.line,
            };
            let entry = map.entry(name.clone()).or_insert_with(|| Section {
                name,
                origin,
                properties: BTreeMap::new(),
            });
            for property in &section.properties {
                if !is_valid_identifier(&property.key) {
                    continue;
                }
                entry.properties.insert(
                    property.key.clone(),
                    Value {
                        value: property.value.clone(),
                        origin: Origin {
                            file: kind,
                            line: property.line,
                        },
                    },
                );
            }
        }
    }
    (profiles, sso_sessions)
}

#[cfg(test)]
mod tests {
    use super::super::parse::{parse as fast_parse, scan};
    use super::super::profile_set::ProfileSet;
    use super::*;

    /// Lines chosen to hit every rule and its edges; mixed at random below.
    const FRAGMENTS: &[&str] = &[
        "[profile a]",
        "[profile b]",
        "[ profile a ]",
        "[profile\ta]",
        "[profile  b  ] # c",
        "[profile a];c",
        "[profile default]",
        "[default]",
        "[ default ]",
        "[sso-session s]",
        "[sso-session  s ]",
        "[sso-sessions]",
        "[profilea]",
        "[profile in valid]",
        "[profile a!]",
        "[a]",
        "[b]",
        "[]",
        "[profile a",
        "[profile #a]",
        "[profile a] x",
        "[profile a;b]",
        "[profile a]]",
        "  [profile b]",
        "\t[profile a] # c",
        " [profile a",
        "k = v",
        "K = V2",
        "k=v3",
        "k = v # comment",
        "k = v#not",
        "k = v;not",
        "k = v ;c",
        "k = v\t# c",
        "k = v\u{a0}# unicode space before",
        "k = v\u{2003};c",
        "k = a=b",
        "k =",
        "k = ",
        "k = # only a comment",
        "s3 =",
        "s3=",
        "region = eu-west-1",
        "role_arn = arn:aws:iam::1:role/r",
        "source_profile = a",
        "in valid = 1",
        "k!ey = 1",
        "= v",
        " = v",
        "k : v",
        "k # = v",
        "k ; = v",
        "\u{a0}k = v",
        "\u{feff}k = v",
        " a = 1",
        "\tb=2",
        " c = 3 # kept",
        " continued",
        "\tcontinued # kept",
        " = x",
        " noequals",
        "  ",
        "\t",
        "",
        "# comment",
        "; comment",
        "  # indented comment",
        "\t; indented comment",
        "ü = v",
        "k = ü",
        "é",
    ];
    const ENDINGS: &[&str] = &["\n", "\n", "\n", "\r\n", "\r\r\n", "\r", "\n\n"];

    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
        }
    }

    fn file(rng: &mut Rng) -> String {
        let mut text = String::new();
        if rng.below(20) == 0 {
            text.push(BOM);
        }
        // Most files start with a header, so that more of them get past the first line.
        if rng.below(4) != 0 {
            text.push_str(FRAGMENTS[rng.below(6)]);
            text.push('\n');
        }
        for _ in 0..rng.below(10) {
            text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
            text.push_str(ENDINGS[rng.below(ENDINGS.len())]);
        }
        if rng.below(3) == 0 {
            text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
        }
        text
    }

    fn check_agrees(config: &str, credentials: &str) -> bool {
        let want_config = parse(config);
        let want_credentials = parse(credentials);
        for (text, want) in [(config, &want_config), (credentials, &want_credentials)] {
            assert_eq!(fast_parse(text), *want, "parse {text:?}");
            assert_eq!(scan(text).err(), want.clone().err(), "scan {text:?}");
        }
        let (Ok(want_config), Ok(want_credentials)) = (want_config, want_credentials) else {
            assert!(ProfileSet::from_texts(config, credentials).is_err());
            return false;
        };
        let (profiles, sso_sessions) = merge(&want_config, &want_credentials);
        let context = format!("{config:?} / {credentials:?}");

        // One profile at a time, each from a fresh set: the lazy path.
        for (name, want) in &profiles {
            let set = ProfileSet::from_texts(config, credentials).expect("parses");
            assert_eq!(set.profile(name), Some(want), "{context}: {name}");
            assert!(set.profiles.contains_key(name), "{context}: {name}");
        }
        for (name, want) in &sso_sessions {
            let set = ProfileSet::from_texts(config, credentials).expect("parses");
            assert_eq!(set.sso_session(name), Some(want), "{context}: {name}");
        }
        let set = ProfileSet::from_texts(config, credentials).expect("parses");
        for name in ["a", "b", "default", "s", "profile a", "in valid", "nope"] {
            assert_eq!(set.profile(name), profiles.get(name), "{context}: {name}");
            assert_eq!(
                set.sso_session(name),
                sso_sessions.get(name),
                "{context}: {name}"
            );
        }
        assert_eq!(set.profiles.len(), profiles.len(), "{context}");
        assert_eq!(set.sso_sessions.len(), sso_sessions.len(), "{context}");
        // All at once, and lookups answered from the complete map afterwards.
        assert_eq!(*set.profiles, profiles, "{context}");
        assert_eq!(*set.sso_sessions, sso_sessions, "{context}");
        for (name, want) in &profiles {
            assert_eq!(set.profile(name), Some(want), "{context}: {name}");
        }
        true
    }

    #[test]
    fn the_fast_path_reads_generated_files_as_the_reference_does() {
        let mut rng = Rng(0x005e_ed0f_a115_c0de);
        let (mut parsed, mut failed) = (0, 0);
        for _ in 0..20_000 {
            let config = file(&mut rng);
            let credentials = if rng.below(3) == 0 {
                file(&mut rng)
            } else {
                String::new()
            };
            if check_agrees(&config, &credentials) {
                parsed += 1;
            } else {
                failed += 1;
            }
        }
        // Both outcomes must be well represented for the comparison to mean something.
        assert!(
            parsed > 3_000 && failed > 3_000,
            "{parsed} parsed, {failed} failed"
        );
    }

    #[test]
    fn the_fast_path_agrees_on_hand_written_edges() {
        let cases: &[(&str, &str)] = &[
            ("", ""),
            ("\u{feff}", ""),
            ("\u{feff}\u{feff}[p]", ""),
            ("[profile a]\nk = v\r", "[a]\r\nk = w\r\r\n"),
            (
                "[profile default]\na = 1\n[default]\nb = 2",
                "[default]\nc = 3",
            ),
            ("[default]\na = 1\n[profile default]\nb = 2", ""),
            ("[profile a]\ns3 =\n x = 1\n\n y = 2\nk = v\n z", ""),
            (
                "[profile a]\nk = v\n[profile b]\n[profile a]\nk = w\nj = 1",
                "[a]\nk = x",
            ),
            (
                "[sso-session s]\nsso_region = r\n[profile a]\nsso_session = s",
                "[sso-session s]\nx = 1",
            ),
            ("[profile a]\nk = v \u{a0}# c\nj = v\u{a0} # c", ""),
            ("[profile a]\n\tk = v", ""),
            ("k = v\n[profile a]", ""),
            ("[profile a]\nk = v\n[bad", ""),
            ("[profile a]\nk = v", "[a]\n = v"),
            ("[profile a]\r\n\r\n\t\r\nk\t=\tv\t\r\n", ""),
        ];
        for (config, credentials) in cases {
            check_agrees(config, credentials);
        }
    }
}
