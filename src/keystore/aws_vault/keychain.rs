//! aws-vault's macOS keychain store: the keychain file `aws-vault.keychain-db` in
//! `~/Library/Keychains` (`AWS_VAULT_KEYCHAIN_NAME` names another), holding generic passwords of
//! service `aws-vault` whose account is the entry name and whose data is the credentials JSON.
//! Read-only: awsx never creates, changes or deletes anything in that keychain. macOS asks the
//! user to allow each read, since aws-vault stores its items without trusting other programs.
//!
//! Built on macOS only, with the same security-framework calls the keychain store awsx
//! already uses (apple-native-keyring-store) makes.

use super::Source;
use crate::error::Hinted;
use crate::keystore::SecretBytes;
use security_framework::item::{ItemClass, ItemSearchOptions, Limit};
use security_framework::os::macos::keychain::SecKeychain;
use security_framework::os::macos::passwords::find_generic_password;
use std::path::PathBuf;
use zeroize::Zeroizing;

const SERVICE: &str = "aws-vault";
/// errSecItemNotFound
const NOT_FOUND: i32 = -25300;

pub struct KeychainSource {
    name: String,
    dir: Option<PathBuf>,
}

impl KeychainSource {
    pub fn new(env: &crate::env::Env) -> Self {
        KeychainSource {
            name: env
                .get("AWS_VAULT_KEYCHAIN_NAME")
                .unwrap_or("aws-vault")
                .to_string(),
            dir: crate::config::locate::home_dir(env)
                .map(|home| PathBuf::from(home).join("Library").join("Keychains")),
        }
    }

    /// The keychain's file, when it exists (macOS 10.12 and later add `-db` to the name).
    fn file(&self) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        [
            format!("{}.keychain-db", self.name),
            format!("{}.keychain", self.name),
        ]
        .into_iter()
        .map(|file| dir.join(file))
        .find(|path| path.is_file())
    }

    fn failed(&self, what: &str, e: security_framework::base::Error) -> anyhow::Error {
        Hinted::new(
            format!("{what} {}: {e}", self.describe()),
            "unlock that keychain (Keychain Access) and allow awsx to read it, then run again",
        )
        .into()
    }

    fn open(&self) -> anyhow::Result<Option<SecKeychain>> {
        let Some(path) = self.file() else {
            return Ok(None);
        };
        SecKeychain::open(&path)
            .map(Some)
            .map_err(|e| self.failed("cannot open", e))
    }
}

impl Source for KeychainSource {
    fn describe(&self) -> String {
        format!("aws-vault's keychain {:?}", self.name)
    }

    fn backend(&self) -> &'static str {
        "keychain"
    }

    fn names(&self) -> anyhow::Result<Option<Vec<String>>> {
        let Some(keychain) = self.open()? else {
            return Ok(None);
        };
        let keychains = [keychain];
        let mut options = ItemSearchOptions::new();
        options
            .keychains(&keychains)
            .class(ItemClass::generic_password())
            .service(SERVICE)
            .limit(Limit::All)
            .load_attributes(true);
        let items = match options.search() {
            Ok(items) => items,
            Err(e) if e.code() == NOT_FOUND => Vec::new(),
            Err(e) => return Err(self.failed("cannot list", e)),
        };
        let mut names: Vec<String> = items
            .iter()
            .filter_map(|item| item.simplify_dict()?.get("acct").cloned())
            .collect();
        names.sort();
        names.dedup();
        Ok(Some(names))
    }

    fn credentials(&self, name: &str) -> anyhow::Result<Option<SecretBytes>> {
        let Some(keychain) = self.open()? else {
            return Ok(None);
        };
        match find_generic_password(Some(&[keychain]), SERVICE, name) {
            Ok((password, _item)) => Ok(Some(Zeroizing::new(password.to_vec()))),
            Err(e) if e.code() == NOT_FOUND => Ok(None),
            Err(e) => Err(self.failed("cannot read an item of", e)),
        }
    }
}
