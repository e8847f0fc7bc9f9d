//! The merged view of the config and credentials files: profiles and sso-sessions by name.
//!
//! Pure. Decides which sections are profiles (`[profile x]` and `[default]` in the config file,
//! `[x]` in the credentials file), ignores invalid names as the SDKs do, lets `[profile default]`
//! shadow `[default]`, and lets the credentials file override the config file key by key.
//! Every value remembers the file and line it came from, for `config check`.
//!
//! Lazy, so that a cached `exec` against a 10,000-profile config reads only the few profiles of
//! its chain (issue "Fast on every backend and every config size"): a set keeps the two scanned
//! files and an index from each name to the sections that define it, and reads a profile's
//! properties the first time it is asked for (`get`, `profile`, `lookup`). Using `profiles` or
//! `sso_sessions` as a map (`keys`, `values`, `iter`: `list`, `alias`, `config show`, `check`)
//! reads every section once, and lookups are answered from that map from then on.

use super::parse::{
    FileKind, ParseError, ScannedFile, SectionSpan, is_valid_identifier, offset_in, trim,
};
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use std::collections::BTreeMap;
use std::collections::btree_map;
use std::hash::BuildHasher;
use std::ops::{Deref, Range};
use std::sync::{Arc, OnceLock};

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSet {
    pub profiles: Sections,
    pub sso_sessions: Sections,
}

/// The profiles (or the sso-sessions) of a set by name. `get`, `contains_key`, `len` and
/// `is_empty` read only what they need; as a `BTreeMap` (through `Deref`) it is complete,
/// every section read once on first use.
#[derive(Clone)]
pub struct Sections {
    index: Arc<Index>,
    namespace: Namespace,
    all: OnceLock<BTreeMap<String, Section>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Namespace {
    Profile,
    SsoSession,
}

impl Sections {
    /// The section named `name`, read on first use.
    pub fn get(&self, name: &str) -> Option<&Section> {
        if let Some(all) = self.all.get() {
            return all.get(name);
        }
        let id = self.index.find(self.namespace, name)?;
        let slot = self.index.sections.get(id)?;
        Some(slot.get_or_init(|| Box::new(self.index.build(id))))
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.index.find(self.namespace, name).is_some()
    }

    pub fn len(&self) -> usize {
        self.index.count(self.namespace)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names, in order, giving up the set.
    pub fn into_keys(self) -> btree_map::IntoKeys<String, Section> {
        match self.all.into_inner() {
            Some(all) => all,
            None => self.index.build_all(self.namespace),
        }
        .into_keys()
    }
}

impl Deref for Sections {
    type Target = BTreeMap<String, Section>;

    fn deref(&self) -> &BTreeMap<String, Section> {
        self.all
            .get_or_init(|| self.index.build_all(self.namespace))
    }
}

impl<'a> IntoIterator for &'a Sections {
    type Item = (&'a String, &'a Section);
    type IntoIter = btree_map::Iter<'a, String, Section>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl Default for ProfileSet {
    fn default() -> Self {
        ProfileSet::new(ScannedFile::default(), ScannedFile::default())
    }
}

impl PartialEq for Sections {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Sections {}

impl std::fmt::Debug for Sections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// The two files and, for each profile and sso-session name, the sections that define it.
/// Kept small (a few words per section): on a 10,000-profile config the page faults of a
/// larger index cost as much as scanning the text.
struct Index {
    files: [ScannedFile; 2],
    names: Vec<Name>,
    /// For each section (the config file's, then the credentials file's), the next section
    /// with the same name, or `END`: each name's sections in the order they apply.
    next: Vec<usize>,
    /// Indexes into `names`, hashed by namespace and name (the names stay in the files' text).
    table: HashTable<usize>,
    hasher: foldhash::fast::RandomState,
    /// Each name's merged section, read on first use.
    sections: Vec<OnceLock<Box<Section>>>,
    counts: [usize; 2],
}

const END: usize = usize::MAX;

struct Name {
    namespace: Namespace,
    /// The name's bytes in the text of the file of its first section.
    text: Range<usize>,
    /// Its first and last sections, as in `Index::next`.
    first: usize,
    last: usize,
}

fn namespace_slot(namespace: Namespace) -> usize {
    match namespace {
        Namespace::Profile => 0,
        Namespace::SsoSession => 1,
    }
}

impl Index {
    /// Section `id` (as in `next`), its file and the file's kind.
    fn section(&self, id: usize) -> Option<(FileKind, &ScannedFile, &SectionSpan)> {
        let [config, credentials] = &self.files;
        match id.checked_sub(config.sections.len()) {
            None => Some((FileKind::Config, config, config.sections.get(id)?)),
            Some(id) => Some((
                FileKind::Credentials,
                credentials,
                credentials.sections.get(id)?,
            )),
        }
    }

    fn name(&self, id: usize) -> &str {
        let Some(name) = self.names.get(id) else {
            return "";
        };
        self.section(name.first)
            .and_then(|(_, file, _)| file.text.get(name.text.clone()))
            .unwrap_or_default()
    }

    fn find(&self, namespace: Namespace, name: &str) -> Option<usize> {
        let hash = self.hasher.hash_one((namespace, name));
        self.table
            .find(hash, |&id| {
                self.names[id].namespace == namespace && self.name(id) == name
            })
            .copied()
    }

    fn count(&self, namespace: Namespace) -> usize {
        self.counts[namespace_slot(namespace)]
    }

    /// Merge the sections of name `id`: later values win, invalid keys are dropped.
    fn build(&self, id: usize) -> Section {
        let mut section = Section {
            name: self.name(id).to_string(),
            origin: Origin {
                file: FileKind::Config,
                line: 0,
            },
            properties: BTreeMap::new(),
        };
        let mut next = self.names.get(id).map_or(END, |n| n.first);
        let mut first = true;
        while let Some((kind, file, span)) = self.section(next) {
            if first {
                section.origin = Origin {
                    file: kind,
                    line: span.line,
                };
                first = false;
            }
            for property in file.properties(span) {
                if !is_valid_identifier(&property.key) {
                    continue;
                }
                let origin = Origin {
                    file: kind,
                    line: property.line,
                };
                section.properties.insert(
                    property.key,
                    Value {
                        value: property.value,
                        origin,
                    },
                );
            }
            next = self.next.get(next).copied().unwrap_or(END);
        }
        section
    }

    fn build_all(&self, namespace: Namespace) -> BTreeMap<String, Section> {
        (0..self.names.len())
            .filter(|&id| self.names[id].namespace == namespace)
            .map(|id| {
                let section = match self.sections[id].get() {
                    Some(section) => Section::clone(section),
                    None => self.build(id),
                };
                (section.name.clone(), section)
            })
            .collect()
    }
}

/// A header's meaning; names are slices of the header.
enum Header<'a> {
    Profile(&'a str),
    /// `[default]` in the config file: shadowed by any `[profile default]`.
    BareDefault,
    SsoSession(&'a str),
    Ignored,
}

fn named(name: &str) -> Option<&str> {
    let name = trim(name);
    is_valid_identifier(name).then_some(name)
}

fn classify(kind: FileKind, header: &str) -> Header<'_> {
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
    /// Lines read as the AWS CLI reads them though the AWS SDKs reject them (see
    /// `parse::lenient_lines`): where, the section's name as written, and what to say.
    pub fn lenient_lines(&self) -> Vec<(Origin, String, &'static str)> {
        let [config, credentials] = &self.profiles.index.files;
        [
            (FileKind::Config, config),
            (FileKind::Credentials, credentials),
        ]
        .into_iter()
        .flat_map(|(file, scanned)| {
            super::parse::lenient_lines(&scanned.text).into_iter().map(
                move |(line, header, message)| {
                    let name = header.strip_prefix("profile").map_or(header, trim);
                    (Origin { file, line }, name.to_string(), message)
                },
            )
        })
        .collect()
    }

    /// Index the scanned files. The credentials file applies last, so its values win.
    /// Reads no properties: that happens per section, when one is asked for.
    pub fn new(config: ScannedFile, credentials: ScannedFile) -> Self {
        let has_prefixed_default = config.sections.iter().any(|s| {
            let header = config.header(s);
            header.ends_with("default")
                && matches!(
                    classify(FileKind::Config, header),
                    Header::Profile("default")
                )
        });
        let hasher = foldhash::fast::RandomState::default();
        let total = config.sections.len() + credentials.sections.len();
        let mut names: Vec<Name> = Vec::with_capacity(total);
        let mut next: Vec<usize> = vec![END; total];
        let mut table: HashTable<usize> = HashTable::with_capacity(total);
        let mut counts = [0; 2];
        let files = [config, credentials];
        let [config, credentials] = &files;
        let sections = (config
            .sections
            .iter()
            .map(|s| (FileKind::Config, config, s)))
        .chain(
            credentials
                .sections
                .iter()
                .map(|s| (FileKind::Credentials, credentials, s)),
        );
        for (id, (kind, file, span)) in sections.enumerate() {
            let header = file.header(span);
            let (namespace, name) = match classify(kind, header) {
                Header::Profile(name) => (Namespace::Profile, name),
                Header::BareDefault if !has_prefixed_default => (Namespace::Profile, header),
                Header::SsoSession(name) => (Namespace::SsoSession, name),
                Header::BareDefault | Header::Ignored => continue,
            };
            // A name's text is in the file of its first section.
            let text_of = |n: &Name| {
                let file = if n.first < config.sections.len() {
                    config
                } else {
                    credentials
                };
                file.text.get(n.text.clone()).unwrap_or_default()
            };
            let hash = hasher.hash_one((namespace, name));
            let entry = table.entry(
                hash,
                |&n| names[n].namespace == namespace && text_of(&names[n]) == name,
                |&n| hasher.hash_one((names[n].namespace, text_of(&names[n]))),
            );
            match entry {
                Entry::Occupied(entry) => {
                    let name = &mut names[*entry.get()];
                    next[name.last] = id;
                    name.last = id;
                }
                Entry::Vacant(entry) => {
                    entry.insert(names.len());
                    let at = offset_in(&file.text, name);
                    names.push(Name {
                        namespace,
                        text: at..at + name.len(),
                        first: id,
                        last: id,
                    });
                    counts[namespace_slot(namespace)] += 1;
                }
            }
        }
        let sections = names.iter().map(|_| OnceLock::new()).collect();
        let index = Arc::new(Index {
            files,
            names,
            next,
            table,
            hasher,
            sections,
            counts,
        });
        ProfileSet {
            profiles: Sections {
                index: index.clone(),
                namespace: Namespace::Profile,
                all: OnceLock::new(),
            },
            sso_sessions: Sections {
                index,
                namespace: Namespace::SsoSession,
                all: OnceLock::new(),
            },
        }
    }

    /// Scan and index two texts; an error names the file it is in.
    pub fn from_texts(config: &str, credentials: &str) -> Result<Self, (FileKind, ParseError)> {
        let config = ScannedFile::new(config.to_string()).map_err(|e| (FileKind::Config, e))?;
        let credentials =
            ScannedFile::new(credentials.to_string()).map_err(|e| (FileKind::Credentials, e))?;
        Ok(Self::new(config, credentials))
    }

    pub fn profile(&self, name: &str) -> Option<&Section> {
        self.profiles.get(name)
    }

    /// How many profiles have been read one by one, or `None` once all have been read as a
    /// map: a measure of the work done, for tests.
    #[cfg(test)]
    pub(crate) fn profiles_read(&self) -> Option<usize> {
        if self.profiles.all.get().is_some() {
            return None;
        }
        let index = &self.profiles.index;
        let read = (0..index.names.len())
            .filter(|&id| index.names[id].namespace == Namespace::Profile)
            .filter(|&id| index.sections[id].get().is_some())
            .count();
        Some(read)
    }

    pub fn sso_session(&self, name: &str) -> Option<&Section> {
        self.sso_sessions.get(name)
    }

    /// A profile's value for `key`, falling back through aws-vault's `include_profile`
    /// (the included profile fills keys the profile does not set). Loops end the search.
    pub fn lookup(&self, profile: &str, key: &str) -> Option<&Value> {
        self.lookup_in(self.profiles.get(profile)?, key)
    }

    /// `lookup`, from a profile's section already found.
    pub fn lookup_in<'a>(&'a self, section: &'a Section, key: &str) -> Option<&'a Value> {
        // Allocates only when an `include_profile` is followed.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut current = section;
        loop {
            if let Some(value) = current.properties.get(key) {
                return Some(value);
            }
            let next = current.get("include_profile")?;
            seen.insert(&current.name);
            if seen.contains(next) {
                return None;
            }
            current = self.profiles.get(next)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(config: &str, credentials: &str) -> ProfileSet {
        ProfileSet::from_texts(config, credentials).expect("parses")
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
    fn a_bad_line_anywhere_fails_the_file_though_profiles_are_read_lazily() {
        // As for the SDKs: a file that does not parse is not used, whatever profile is asked for.
        let mut config = String::from("[profile wanted]\nregion = eu-west-1\n");
        for i in 0..10_000 {
            config.push_str(&format!("[profile p{i}]\nregion = r\n"));
        }
        for (tail, line) in [("oops\n", 20_003), ("[profile unclosed\n", 20_003)] {
            let (file, error) =
                ProfileSet::from_texts(&config, tail).expect_err("credentials line fails");
            assert_eq!((file, error.line), (FileKind::Credentials, 1), "{tail:?}");
            let text = format!("{config}{tail}");
            let (file, error) = ProfileSet::from_texts(&text, "").expect_err("config fails");
            assert_eq!((file, error.line), (FileKind::Config, line), "{tail:?}");
        }
        let set = ProfileSet::from_texts(&config, "").expect("parses");
        assert_eq!(
            set.lookup("wanted", "region").map(|v| v.value.as_str()),
            Some("eu-west-1")
        );
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
