//! A snapshot of the process environment, read once at start-up and passed down.
//!
//! Pure modules take an `Env` instead of calling `std::env`, so tests can hand them any
//! environment. An empty variable counts as unset, as it does for the AWS SDKs.

use std::collections::BTreeMap;

#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
    /// Names of variables whose values are not UTF-8: never read, but a child's environment
    /// must still be able to remove them.
    other_names: Vec<String>,
}

impl Env {
    /// The real process environment. Variables that are not valid UTF-8 are skipped: none of
    /// the ones awsx reads may legitimately hold such bytes.
    pub fn from_process() -> Self {
        let mut env = Env::default();
        for (name, value) in std::env::vars_os() {
            let Ok(name) = name.into_string() else {
                continue;
            };
            match value.into_string() {
                Ok(value) => {
                    env.vars.insert(name, value);
                }
                Err(_) => env.other_names.push(name),
            }
        }
        env
    }

    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        Env {
            vars: pairs.into_iter().collect(),
            other_names: Vec::new(),
        }
    }

    /// The names of all variables, set or empty.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars
            .keys()
            .map(String::as_str)
            .chain(self.other_names.iter().map(String::as_str))
    }

    /// The value of `name`, or `None` when unset or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

// Environment values include secrets (AWS_SECRET_ACCESS_KEY, AWSX_FILE_PASSPHRASE): show
// only the names.
impl std::fmt::Debug for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_unset_and_debug_hides_values() {
        let env = Env::from_pairs([
            ("A".to_string(), String::new()),
            (
                "AWS_SECRET_ACCESS_KEY".to_string(),
                "s3cr3t-value".to_string(),
            ),
        ]);
        assert_eq!(env.get("A"), None);
        assert_eq!(env.get("AWS_SECRET_ACCESS_KEY"), Some("s3cr3t-value"));
        let shown = format!("{env:?}");
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
        assert!(shown.contains("AWS_SECRET_ACCESS_KEY"));
    }
}
