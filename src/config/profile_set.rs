//! The merged view of the config and credentials files: profiles and sso-sessions by name.
//!
//! Pure. Decides which sections are profiles (`[profile x]` and `[default]` in the config file,
//! `[x]` in the credentials file), ignores invalid names as the SDKs do, lets `[profile default]`
//! shadow `[default]`, and lets the credentials file override the config file key by key.
//! Every value remembers the file and line it came from, for `config check`.

use super::parse::{FileKind, RawSection, is_valid_identifier};
use std::collections::BTreeMap;

/// Where a value or section was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub file: FileKind,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub value: String,
    pub origin: Origin,
}

/// A profile or sso-session after merging.
#[derive(Clone, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    /// The first header that named it.
    pub origin: Origin,
    pub properties: BTreeMap<String, Value>,
}

// Files may hold secrets (`aws_secret_access_key`): Debug shows their keys, never their values.
impl std::fmt::Debug for Section {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in &self.properties {
            if crate::secret::is_secret_key(key) {
                map.entry(key, &crate::secret::MASKED);
            } else {
                map.entry(key, &value.value);
            }
        }
        map.finish()
    }
}

impl Section {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(key).map(|v| v.value.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    pub profiles: BTreeMap<String, Section>,
    pub sso_sessions: BTreeMap<String, Section>,
}

enum Header {
    Profile(String),
    /// `[default]` in the config file: shadowed by any `[profile default]`.
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

impl ProfileSet {
    /// Merge the parsed files. The credentials file is applied last, so its values win.
    pub fn merge(config: &[RawSection], credentials: &[RawSection]) -> Self {
        let mut set = ProfileSet::default();
        let has_prefixed_default = config
            .iter()
            .any(|s| matches!(classify(FileKind::Config, &s.header), Header::Profile(n) if n == "default"));
        for (kind, sections) in [
            (FileKind::Config, config),
            (FileKind::Credentials, credentials),
        ] {
            for section in sections {
                let (map, name) = match classify(kind, &section.header) {
                    Header::Profile(name) => (&mut set.profiles, name),
                    Header::BareDefault if !has_prefixed_default => {
                        (&mut set.profiles, "default".to_string())
                    }
                    Header::SsoSession(name) => (&mut set.sso_sessions, name),
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
        set
    }

    pub fn profile(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// A profile's value for `key`, falling back through aws-vault's `include_profile`
    /// (the included profile fills keys the profile does not set). Loops end the search.
    pub fn lookup(&self, profile: &str, key: &str) -> Option<&Value> {
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut current = self.profiles.get(profile)?;
        loop {
            if let Some(value) = current.properties.get(key) {
                return Some(value);
            }
            seen.insert(&current.name);
            let next = current.get("include_profile")?;
            if seen.contains(next) {
                return None;
            }
            current = self.profiles.get(next)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn set(config: &str, credentials: &str) -> ProfileSet {
        ProfileSet::merge(
            &parse(config).expect("config"),
            &parse(credentials).expect("credentials"),
        )
    }

    fn flat(set: &ProfileSet) -> Vec<(String, Vec<(String, String)>)> {
        set.profiles
            .values()
            .map(|s| {
                let props = s
                    .properties
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value.clone()))
                    .collect();
                (s.name.clone(), props)
            })
            .collect()
    }

    fn p(name: &str, props: &[(&str, &str)]) -> (String, Vec<(String, String)>) {
        let props = props
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        (name.to_string(), props)
    }

    #[test]
    fn which_sections_are_profiles() {
        let cases: &[(&str, &str, Vec<(String, Vec<(String, String)>)>)] = &[
            (
                "[profilefoo]\na = 1\n[profile bar]",
                "",
                vec![p("bar", &[])],
            ),
            ("[foo]\na = 1", "", vec![]),
            ("", "[profile foo]\na = 1", vec![]),
            ("", "[  foo  ]\na = 1", vec![p("foo", &[("a", "1")])]),
            ("[profile in valid]\na = 1", "[in valid 2]\nb = 2", vec![]),
            (
                "[profile foo]\nin valid = 1\nok = 2",
                "",
                vec![p("foo", &[("ok", "2")])],
            ),
            (
                "[profile default]\na = 1\n[default]\nb = 2",
                "",
                vec![p("default", &[("a", "1")])],
            ),
            ("[default]\nb = 2", "", vec![p("default", &[("b", "2")])]),
            (
                "[profile foo]\na = 1\nb = 1",
                "[foo]\nb = 2",
                vec![p("foo", &[("a", "1"), ("b", "2")])],
            ),
            (
                "",
                "[sso-sessionfoo]\na = 1",
                vec![p("sso-sessionfoo", &[("a", "1")])],
            ),
        ];
        for (config, credentials, want) in cases {
            assert_eq!(
                &flat(&set(config, credentials)),
                want,
                "{config:?} / {credentials:?}"
            );
        }
    }

    #[test]
    fn sso_sessions_only_in_config_with_a_space() {
        let s = set(
            "[sso-session foo]\nsso_region = r\n[sso-sesion bar]\nx = 1",
            "",
        );
        assert_eq!(s.sso_sessions.keys().collect::<Vec<_>>(), ["foo"]);
        assert_eq!(
            s.sso_session("foo").and_then(|s| s.get("sso_region")),
            Some("r")
        );
    }

    #[test]
    fn origins_point_at_the_winning_line() {
        let s = set("[profile foo]\na = 1", "\n[foo]\na = 2");
        let value = s.lookup("foo", "a").expect("a");
        assert_eq!(value.value, "2");
        assert_eq!(
            value.origin,
            Origin {
                file: FileKind::Credentials,
                line: 3
            }
        );
    }

    #[test]
    fn debug_never_shows_secrets() {
        let s = set(
            "",
            "[p]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = topsecretvalue\naws_session_token = tokenvalue",
        );
        let shown = format!("{s:?}");
        assert!(
            !shown.contains("topsecretvalue") && !shown.contains("tokenvalue"),
            "{shown}"
        );
        assert!(shown.contains("AKIAEXAMPLE"));
    }

    #[test]
    fn include_profile_fills_gaps_and_survives_loops() {
        let s = set(
            "[profile a]\ninclude_profile = b\nx = a\n[profile b]\ninclude_profile = a\nx = b\ny = b",
            "",
        );
        assert_eq!(s.lookup("a", "x").map(|v| v.value.as_str()), Some("a"));
        assert_eq!(s.lookup("a", "y").map(|v| v.value.as_str()), Some("b"));
        assert_eq!(s.lookup("a", "z"), None);
    }
}
