//! OS keychains through keyring-core and its store crates: Secret Service on Linux (pure-Rust
//! zbus, no libdbus), Keychain on macOS, Credential Manager on Windows, and the Linux kernel
//! keyring (keyutils; lost on reboot, so never chosen automatically).
//!
//! Every entry is service `awsx` (or `AWSX_KEYCHAIN_SERVICE`), account = the entry name. No
//! global default store is set: each entry is built from the store this module holds. A
//! keychain applies changes one entry at a time; the vault serialises writers with a lock.

use super::{SecretBytes, Store, StoreError};
use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use std::sync::Arc;
use zeroize::Zeroizing;

pub const SERVICE: &str = "awsx";

pub struct KeychainStore {
    name: &'static str,
    service: String,
    store: Arc<CredentialStore>,
}

fn map_error(name: &str, err: KeyringError) -> StoreError {
    match err {
        KeyringError::NoStorageAccess(e) => StoreError::Locked(format!(
            "the {name} keychain is locked or refused access: {e}"
        )),
        KeyringError::PlatformFailure(e) => {
            StoreError::Unavailable(format!("the {name} keychain did not answer: {e}"))
        }
        other => StoreError::Unavailable(format!("the {name} keychain failed: {other}")),
    }
}

impl KeychainStore {
    fn entry(&self, account: &str) -> Result<Entry, StoreError> {
        self.store
            .build(&self.service, account, None)
            .map_err(|e| map_error(self.name, e))
    }

    /// Create the platform's default keychain store, or the named one.
    pub fn open(name: &'static str, service: String) -> Result<Self, StoreError> {
        let unavailable =
            |e: KeyringError| StoreError::Unavailable(format!("no {name} keychain: {e}"));
        let store: Arc<CredentialStore> = match name {
            #[cfg(target_os = "linux")]
            "secret-service" => {
                zbus_secret_service_keyring_store::Store::new().map_err(unavailable)?
            }
            #[cfg(target_os = "linux")]
            "keyutils" => linux_keyutils_keyring_store::Store::new().map_err(unavailable)?,
            #[cfg(target_os = "macos")]
            "keychain" => {
                apple_native_keyring_store::keychain::Store::new().map_err(unavailable)?
            }
            #[cfg(target_os = "windows")]
            "wincred" => windows_native_keyring_store::Store::new().map_err(unavailable)?,
            _ => {
                let _ = unavailable;
                return Err(StoreError::Unavailable(format!(
                    "the {name} keychain is not available on this operating system"
                )));
            }
        };
        Ok(KeychainStore {
            name,
            service,
            store,
        })
    }
}

impl Store for KeychainStore {
    fn describe(&self) -> String {
        if self.service == SERVICE {
            self.name.to_string()
        } else {
            format!("{} (service {})", self.name, self.service)
        }
    }

    fn get(&self, name: &str) -> Result<Option<SecretBytes>, StoreError> {
        match self.entry(name)?.get_secret() {
            Ok(bytes) => Ok(Some(Zeroizing::new(bytes))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(map_error(self.name, e)),
        }
    }

    fn apply(&self, changes: &[(String, Option<SecretBytes>)]) -> Result<(), StoreError> {
        for (name, value) in changes {
            let entry = self.entry(name)?;
            let result = match value {
                Some(v) => entry.set_secret(v),
                None => match entry.delete_credential() {
                    Err(KeyringError::NoEntry) => Ok(()),
                    other => other,
                },
            };
            result.map_err(|e| map_error(self.name, e))?;
        }
        Ok(())
    }
}
