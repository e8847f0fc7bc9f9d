//! aws-vault's Secret Service store (Linux): its collection, `awsvault` unless
//! `AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME` names another, with one item per entry, labelled
//! with the entry name and carrying the attribute `profile` = the name (as aws-vault's keyring
//! library writes them), whose secret is the keyring item as JSON. Read-only: awsx never
//! creates, changes or deletes anything in this collection.

use super::Source;
use crate::error::Hinted;
use crate::keystore::SecretBytes;
use secret_service::EncryptionType;
use secret_service::blocking::{Collection, SecretService};
use std::collections::HashMap;
use zeroize::Zeroizing;

pub struct SecretServiceSource {
    collection: String,
}

/// Undo the escaping gnome-keyring applies to object paths (`_XX` for a byte that is not a
/// letter or digit), as aws-vault does when it looks for its collection.
fn unescape_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'_'
            && let Some(byte) = path
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl SecretServiceSource {
    pub fn new(env: &crate::env::Env) -> Self {
        SecretServiceSource {
            collection: env
                .get("AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME")
                .unwrap_or("awsvault")
                .to_string(),
        }
    }

    fn failed(&self, what: &str, e: secret_service::Error) -> anyhow::Error {
        let locked = matches!(
            e,
            secret_service::Error::Locked | secret_service::Error::Prompt
        );
        let hint = if locked {
            "unlock the keyring that holds it (log in to your desktop session, or unlock it in your keyring manager), then run again; if aws-vault keeps your keys in its file store, set AWS_VAULT_BACKEND=file"
        } else {
            "check that your keyring service is running, then run again; if aws-vault keeps your keys in its file store, set AWS_VAULT_BACKEND=file"
        };
        Hinted::new(format!("{what} {}: {e}", self.describe()), hint).into()
    }

    /// Run `f` on aws-vault's collection, unlocked; `None` when there is no Secret Service or
    /// no such collection.
    fn with_collection<T>(
        &self,
        f: impl FnOnce(&Collection<'_>) -> anyhow::Result<T>,
    ) -> anyhow::Result<Option<T>> {
        // No session bus or no Secret Service: aws-vault could not have used this store.
        let Ok(service) = SecretService::connect(EncryptionType::Dh) else {
            return Ok(None);
        };
        let collections = service
            .get_all_collections()
            .map_err(|e| self.failed("cannot list the collections to find", e))?;
        let path = format!("/org/freedesktop/secrets/collection/{}", self.collection);
        let Some(collection) = collections.into_iter().find(|c| {
            unescape_path(c.collection_path.as_str()) == path
                || c.get_label().is_ok_and(|label| label == self.collection)
        }) else {
            return Ok(None);
        };
        if collection
            .is_locked()
            .map_err(|e| self.failed("cannot open", e))?
        {
            collection
                .ensure_unlocked()
                .map_err(|e| self.failed("cannot unlock", e))?;
        }
        f(&collection).map(Some)
    }
}

impl Source for SecretServiceSource {
    fn describe(&self) -> String {
        format!(
            "aws-vault's Secret Service collection {:?}",
            self.collection
        )
    }

    fn backend(&self) -> &'static str {
        "secret-service"
    }

    fn names(&self) -> anyhow::Result<Option<Vec<String>>> {
        self.with_collection(|collection| {
            let items = collection
                .get_all_items()
                .map_err(|e| self.failed("cannot list the items of", e))?;
            let mut names: Vec<String> = items
                .iter()
                .filter_map(|item| item.get_label().ok())
                .collect();
            names.sort();
            names.dedup();
            Ok(names)
        })
    }

    fn credentials(&self, name: &str) -> anyhow::Result<Option<SecretBytes>> {
        let found = self.with_collection(|collection| {
            let items = collection
                .search_items(HashMap::from([("profile", name)]))
                .map_err(|e| self.failed("cannot search", e))?;
            // aws-vault reads the first item when several carry the same name.
            let Some(item) = items.first() else {
                return Ok(None);
            };
            if item
                .is_locked()
                .map_err(|e| self.failed("cannot open", e))?
            {
                item.ensure_unlocked()
                    .map_err(|e| self.failed("cannot unlock", e))?;
            }
            let secret = Zeroizing::new(
                item.get_secret()
                    .map_err(|e| self.failed("cannot read an item of", e))?,
            );
            super::item_data(&secret).map(Some).ok_or_else(|| {
                Hinted::new(
                    format!(
                        "the item {name} in {} is not one of aws-vault's",
                        self.describe()
                    ),
                    "type the keys instead: awsx add PROFILE",
                )
                .into()
            })
        })?;
        Ok(found.flatten())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn gnome_keyring_paths_are_unescaped() {
        assert_eq!(
            super::unescape_path("/org/freedesktop/secrets/collection/aws_2dvault"),
            "/org/freedesktop/secrets/collection/aws-vault"
        );
        assert_eq!(super::unescape_path("/a/awsvault"), "/a/awsvault");
        assert_eq!(super::unescape_path("/a/b_zz_"), "/a/b_zz_");
    }
}
