//! The vault: where long-term keys (and later, cached sessions) are kept.
//!
//! A seam: commands see only the `Vault` trait. The stores behind it (OS keychain, encrypted
//! file, kernel keyring) live in their own modules; `EmptyVault` is the store with nothing in it.

use std::collections::BTreeSet;

pub trait Vault {
    /// Profiles that have long-term keys stored. Reads the vault's index only: one read, no
    /// per-profile round trip to the keychain.
    fn profiles_with_keys(&self) -> anyhow::Result<BTreeSet<String>>;
}

/// A vault with nothing in it.
#[derive(Debug, Default)]
pub struct EmptyVault;

impl Vault for EmptyVault {
    fn profiles_with_keys(&self) -> anyhow::Result<BTreeSet<String>> {
        Ok(BTreeSet::new())
    }
}
