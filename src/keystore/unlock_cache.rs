//! Remembering the file vault's derived key for the login session, the way gpg-agent caches a
//! passphrase: the key sits in the Linux kernel session keyring with a timeout, so a strong KDF
//! runs once, not on every command. `awsx lock` forgets it.
//!
//! Only the derived key is cached, never the passphrase, under a description made from the
//! vault's random salt (no profile names). Elsewhere than Linux, or when the kernel refuses,
//! nothing is cached and every command derives the key again.

use zeroize::Zeroizing;

pub struct UnlockCache {
    /// Seconds a cached key lives; 0 disables the cache.
    ttl: u64,
}

fn description(salt: &str) -> String {
    format!("awsx:file-vault:{salt}")
}

impl UnlockCache {
    pub fn new(ttl: u64) -> Self {
        UnlockCache { ttl }
    }

    pub fn disabled() -> Self {
        UnlockCache { ttl: 0 }
    }

    #[cfg(target_os = "linux")]
    fn ring() -> Option<linux_keyutils::KeyRing> {
        use linux_keyutils::{KeyRing, KeyRingIdentifier};
        KeyRing::from_special_id(KeyRingIdentifier::Session, false).ok()
    }

    pub fn get(&self, salt: &str) -> Option<Zeroizing<Vec<u8>>> {
        if self.ttl == 0 {
            return None;
        }
        #[cfg(target_os = "linux")]
        {
            let key = Self::ring()?.search(&description(salt)).ok()?;
            key.read_to_vec().ok().map(Zeroizing::new)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = salt;
            None
        }
    }

    pub fn put(&self, salt: &str, key: &[u8]) {
        if self.ttl == 0 {
            return;
        }
        #[cfg(target_os = "linux")]
        if let Some(ring) = Self::ring()
            && let Ok(k) = ring.add_key(&description(salt), key)
        {
            let _ = k.set_timeout(usize::try_from(self.ttl).unwrap_or(usize::MAX));
        }
        #[cfg(not(target_os = "linux"))]
        let _ = (salt, key);
    }

    /// Remove the cached key. Returns whether one was there.
    pub fn forget(&self, salt: &str) -> bool {
        #[cfg(target_os = "linux")]
        {
            Self::ring()
                .and_then(|ring| ring.search(&description(salt)).ok())
                .is_some_and(|key| key.invalidate().is_ok())
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = salt;
            false
        }
    }
}
