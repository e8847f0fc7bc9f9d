//! aws-vault's file store: one compact JWE per entry in `AWS_VAULT_FILE_DIR` (default
//! `~/.awsvault/keys/`), the file named by the entry name percent-encoded (`/` and `%`), opened
//! with the passphrase from `AWS_VAULT_FILE_PASSPHRASE` or the terminal. Read-only; the
//! passphrase is asked for at most once, and only when an entry is actually read.

use super::{Source, jwe};
use crate::error::Hinted;
use crate::keystore::SecretBytes;
use crate::prompt::Prompter;
use secrecy::{ExposeSecret, SecretString};
use std::cell::OnceCell;
use std::path::PathBuf;

/// Larger than any entry aws-vault writes (about 1 KB): a bigger file is not one of its entries.
const MAX_ENTRY_BYTES: u64 = 1 << 20;

pub struct FileSource<'a> {
    dir: Option<PathBuf>,
    given: Option<SecretString>,
    prompter: &'a dyn Prompter,
    passphrase: OnceCell<SecretString>,
    /// Whether the passphrase has opened an entry: after that, one that will not open is
    /// damaged (or was written with another passphrase), not a reason to stop.
    opened_one: std::cell::Cell<bool>,
}

impl<'a> FileSource<'a> {
    pub fn new(env: &crate::env::Env, prompter: &'a dyn Prompter) -> Self {
        FileSource {
            dir: super::file_dir(env),
            given: env
                .get("AWS_VAULT_FILE_PASSPHRASE")
                .map(|p| SecretString::from(p.to_string())),
            prompter,
            passphrase: OnceCell::new(),
            opened_one: std::cell::Cell::new(false),
        }
    }

    fn shown_dir(&self) -> String {
        self.dir
            .as_ref()
            .map_or_else(|| "~/.awsvault/keys".into(), |d| d.display().to_string())
    }

    /// (entry name, file) for every entry; `None` when the directory is not there.
    fn entries(&self) -> anyhow::Result<Option<Vec<(String, PathBuf)>>> {
        let Some(dir) = &self.dir else {
            return Ok(None);
        };
        let listing = match std::fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Hinted::new(
                    format!("cannot read aws-vault's file store {}: {e}", dir.display()),
                    "check the directory's permissions, or point AWS_VAULT_FILE_DIR at aws-vault's keys",
                )
                .into());
            }
        };
        let mut entries = Vec::new();
        for entry in listing.flatten() {
            let path = entry.path();
            let Some(file_name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            // Not aws-vault's: hidden files (editor and OS droppings) and anything not a file.
            if file_name.starts_with('.') || !path.is_file() {
                continue;
            }
            let Ok(name) = percent_encoding::percent_decode_str(&file_name).decode_utf8() else {
                continue;
            };
            entries.push((name.into_owned(), path));
        }
        entries.sort();
        Ok(Some(entries))
    }

    fn passphrase(&self) -> anyhow::Result<&SecretString> {
        if let Some(p) = self.passphrase.get() {
            return Ok(p);
        }
        let p = match &self.given {
            Some(p) => p.clone(),
            None => self
                .prompter
                .secret(&format!(
                    "Enter passphrase to unlock aws-vault's {:?}: ",
                    self.shown_dir()
                ))
                .map_err(|e| {
                    Hinted::new(
                        format!("aws-vault's file store needs its passphrase, and {e}"),
                        "set AWS_VAULT_FILE_PASSPHRASE, or run awsx from a terminal so it can ask",
                    )
                })?,
        };
        Ok(self.passphrase.get_or_init(|| p))
    }
}

impl Source for FileSource<'_> {
    fn describe(&self) -> String {
        format!("aws-vault's file store in {}", self.shown_dir())
    }

    fn backend(&self) -> &'static str {
        "file"
    }

    fn names(&self) -> anyhow::Result<Option<Vec<String>>> {
        Ok(self
            .entries()?
            .map(|entries| entries.into_iter().map(|(name, _)| name).collect()))
    }

    fn credentials(&self, name: &str) -> anyhow::Result<Option<SecretBytes>> {
        let Some(path) = self
            .entries()?
            .and_then(|entries| entries.into_iter().find(|(n, _)| n == name))
            .map(|(_, path)| path)
        else {
            return Ok(None);
        };
        let unreadable = |why: String| {
            super::EntryError::Unreadable(Hinted::new(
                format!("aws-vault's file {} cannot be read: {why}", path.display()),
                "the file was left as it is; check that it is one of aws-vault's, or type the keys: awsx add PROFILE",
            ))
        };
        let size = std::fs::metadata(&path)
            .map_err(|e| unreadable(e.to_string()))?
            .len();
        if size > MAX_ENTRY_BYTES {
            return Err(unreadable(format!("{size} bytes is too large for an entry")).into());
        }
        let token = std::fs::read_to_string(&path).map_err(|e| unreadable(e.to_string()))?;
        let passphrase = self.passphrase()?;
        let payload = match jwe::decrypt(&token, passphrase.expose_secret().as_bytes()) {
            Ok(payload) => {
                self.opened_one.set(true);
                payload
            }
            Err(jwe::JweError::WrongPassphrase) if self.opened_one.get() => {
                return Err(unreadable(
                    "the passphrase that opened the others does not open it (damaged, or written with another passphrase)".into(),
                )
                .into());
            }
            Err(jwe::JweError::WrongPassphrase) => {
                return Err(super::EntryError::PassphraseRefused(Hinted::new(
                    format!(
                        "the passphrase does not open {} (entry {name})",
                        self.describe()
                    ),
                    "type the passphrase you use with aws-vault's file backend (AWS_VAULT_FILE_PASSPHRASE, when set, must be that one)",
                ))
                .into());
            }
            Err(e) => return Err(unreadable(e.to_string()).into()),
        };
        super::item_data(&payload)
            .map(Some)
            .ok_or_else(|| unreadable("it does not hold a keyring item".into()).into())
    }
}
