//! The vault: long-term keys and cached sessions, kept in a secret store.
//!
//! A seam. `Store` is the small trait each backend implements (named secret blobs: get, set,
//! delete); `Vault` puts awsx's meaning on top: one entry per profile's keys (service `awsx`,
//! account = the profile name), sessions under their own names, and an index entry listing both
//! with their metadata, so `list` costs one read instead of a round trip per profile. Backends:
//! the OS keychain (`keychain.rs`), an encrypted file (`file.rs`), and an in-memory one for tests.
//! Nothing here prompts for keys or talks to AWS.
//!
//! Concurrency: every change is a read-modify-write of the index, so every change takes one
//! cross-process lock ([`Store::exclusive`]: the file store's own lock file, else the lock the
//! vault was opened with), re-reads the index under it, and applies its changes in one go:
//! twenty `awsx add` at once leave twenty entries, not the last writer's view. Changes are
//! applied secrets first and the index last, so a process killed half-way leaves at worst an
//! index entry whose secret is missing (read as absent) or a secret not yet listed.
//! A cached session records the access key it descends from; a session made from keys that
//! were replaced meanwhile is never stored, and never used.

pub mod aws_vault;
pub mod file;
pub mod keychain;
#[cfg(test)]
pub mod memory;
pub mod open;
pub mod session_memory;
pub mod unlock_cache;

use crate::secret::{AccessKeyId, LongTermKeys, SecretAccessKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

pub use open::{Backend, StoreSettings, open};
pub use session_memory::SessionMemory;

/// Secret bytes read from or written to a store; wiped on drop.
pub type SecretBytes = Zeroizing<Vec<u8>>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Locked(String),
    /// Another awsx holds the vault's lock for longer than awsx waits.
    #[error("{0}")]
    Busy(String),
    /// The lock could not be taken at all; the hint says why.
    #[error("{message}")]
    LockFailed { message: String, hint: String },
    #[error("{0}")]
    DiskFull(String),
    #[error("{0}")]
    Permission(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("the vault's passphrase is wrong")]
    WrongPassphrase,
    #[error("{0}")]
    Corrupt(String),
    #[error("{0}")]
    NeedsPassphrase(String),
    #[error("{0}")]
    Io(String),
}

impl crate::error::Hint for StoreError {
    fn hint(&self) -> String {
        let hint = match self {
            StoreError::LockFailed { hint, .. } => return hint.clone(),
            StoreError::Locked(_) => {
                "unlock your login keyring (log in to a desktop session, or run `gnome-keyring-daemon --unlock`), or use --backend file"
            }
            StoreError::Unavailable(_) => {
                "start your keychain service, or choose another store with --backend file (or AWSX_BACKEND=file)"
            }
            StoreError::WrongPassphrase => {
                "type the passphrase the vault was created with (AWSX_FILE_PASSPHRASE, or AWS_VAULT_FILE_PASSPHRASE, must match it too)"
            }
            StoreError::Corrupt(_) => {
                "the file was left untouched; restore it from a backup, or move it away and add your keys again"
            }
            StoreError::NeedsPassphrase(_) => {
                "set AWSX_FILE_PASSPHRASE (or AWS_VAULT_FILE_PASSPHRASE), or run awsx from a terminal so it can ask"
            }
            StoreError::Busy(_) => {
                "another awsx is writing to the vault; if none is running, run again (the lock is released when a process exits)"
            }
            StoreError::DiskFull(_) => {
                "free some space on the disk that holds the vault (AWSX_FILE_DIR); the vault was left as it was"
            }
            StoreError::Permission(_) => {
                "check the owner and permissions of the vault directory (AWSX_FILE_DIR) and its files"
            }
            StoreError::Io(_) => {
                "the vault was left as it was; check the vault directory (AWSX_FILE_DIR) and run again"
            }
        };
        hint.to_string()
    }
}

impl StoreError {
    /// A lock that could not be taken, with the hint its error carried.
    pub fn lock_failed(err: &anyhow::Error) -> StoreError {
        let hint = err
            .chain()
            .find_map(|e| e.downcast_ref::<crate::error::Hinted>())
            .map(crate::error::Hint::hint)
            .unwrap_or_else(|| "run again; if it keeps failing, check XDG_RUNTIME_DIR".into());
        StoreError::LockFailed {
            message: format!("cannot lock the vault: {err:#}"),
            hint,
        }
    }

    /// An I/O error on `path`, sorted by what the user can do about it.
    pub fn from_io(path: &std::path::Path, e: &std::io::Error) -> StoreError {
        let message = format!("{}: {e}", path.display());
        match e.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                StoreError::DiskFull(format!("no space left to write {message}"))
            }
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::Permission(message)
            }
            _ => StoreError::Io(message),
        }
    }
}

/// Held while a change to the vault is made; dropping it releases the lock.
pub type ExclusiveGuard = Box<dyn std::any::Any>;

/// Takes the cross-process lock for a store that has none of its own (the keychains).
pub type Locker = Box<dyn Fn() -> Result<ExclusiveGuard, StoreError>>;

/// A secret store: named blobs. Implementations must not log or print values.
pub trait Store {
    /// A short name for messages, e.g. `secret-service` or `file (~/.local/share/awsx)`.
    fn describe(&self) -> String;
    fn get(&self, name: &str) -> Result<Option<SecretBytes>, StoreError>;
    /// Apply several changes: `Some` sets, `None` deletes. The file store applies them in one
    /// atomic write; keychains apply them in order.
    fn apply(&self, changes: &[(String, Option<SecretBytes>)]) -> Result<(), StoreError>;
    /// Read the index without asking the user anything; `None` when that is not possible
    /// (a file vault whose passphrase is neither cached nor in the environment).
    fn get_quietly(&self, name: &str) -> Option<Option<SecretBytes>> {
        self.get(name).ok()
    }
    /// Forget any unlocked state (`awsx lock`). `None` when the store has none of its own.
    fn lock(&self) -> Result<Option<bool>, StoreError> {
        Ok(None)
    }
    /// The store's own cross-process lock for a read-modify-write, when it has one (the file
    /// store's lock file beside the vault). `None`: the vault's `Locker` is used instead.
    /// While it is held, `apply` must not take it again.
    fn exclusive(&self) -> Result<Option<ExclusiveGuard>, StoreError> {
        Ok(None)
    }
    /// Get ready to write without holding any lock: whatever needs a person (a passphrase)
    /// happens here, so that no lock is held while someone types.
    fn prepare_write(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// The index entry's account name. Contains a space, which no profile name can.
pub const INDEX_ENTRY: &str = "awsx index";

/// What the vault holds, without the secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    #[serde(default)]
    pub keys: BTreeMap<String, KeyMeta>,
    #[serde(default)]
    pub sessions: BTreeMap<String, SessionMeta>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyMeta {
    pub access_key_id: String,
    /// Unix seconds when the key was stored.
    pub added_at: u64,
    /// Unix seconds when IAM created the key, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<u64>,
}

impl KeyMeta {
    /// When the key came into being, as far as awsx knows.
    pub fn born_at(&self) -> u64 {
        self.created_at.unwrap_or(self.added_at)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionMeta {
    /// The profile whose keys made it: removing or replacing those keys drops the session.
    pub profile: String,
    /// The profile it serves: the base profile for GetSessionToken, the role's for AssumeRole.
    pub target: String,
    /// What made it, e.g. `sts.GetSessionToken` or `sts.AssumeRole`.
    pub kind: String,
    /// Unix seconds.
    pub expires_at: u64,
    /// The access key id of the long-term keys it was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

/// The stored form of long-term keys: the secret with its metadata beside it.
#[derive(Serialize, Deserialize)]
struct StoredKeys {
    access_key_id: String,
    secret_access_key: String,
    added_at: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created_at: Option<u64>,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "the vault's {what} entry is not in the expected format"
    ))
}

fn to_json_secret<T: Serialize>(value: &T) -> Result<SecretBytes, StoreError> {
    serde_json::to_vec(value)
        .map(Zeroizing::new)
        .map_err(|e| StoreError::Io(format!("cannot encode a vault entry: {e}")))
}

/// awsx's view of a store.
pub struct Vault {
    store: Box<dyn Store>,
    locker: Option<Locker>,
    /// The memory-only copy of the session cache, kept in step with every change.
    memory: SessionMemory,
}

impl Vault {
    /// A vault whose store serialises writers itself, or is private to this process (tests).
    pub fn new(store: Box<dyn Store>) -> Self {
        Vault {
            store,
            locker: None,
            memory: SessionMemory::disabled(),
        }
    }

    /// A vault whose writers are serialised by `locker` where the store has no lock of its own.
    pub fn with_locker(store: Box<dyn Store>, locker: Locker) -> Self {
        Vault {
            store,
            locker: Some(locker),
            memory: SessionMemory::disabled(),
        }
    }

    /// Mirror the session cache into `memory` (see `session_memory`).
    pub fn with_memory(mut self, memory: SessionMemory) -> Self {
        self.memory = memory;
        self
    }

    /// The memory-only copy of the session cache.
    pub fn memory(&self) -> &SessionMemory {
        &self.memory
    }

    /// Run one read-modify-write under the vault's lock: `change` sees the index as it is now
    /// (read under the lock) and returns the changes to apply with it, and its result.
    fn update<T>(
        &self,
        change: impl FnOnce(
            &mut Index,
            &mut Vec<(String, Option<SecretBytes>)>,
        ) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.store.prepare_write()?;
        let _guard = match self.store.exclusive()? {
            Some(guard) => Some(guard),
            None => self.locker.as_ref().map(|lock| lock()).transpose()?,
        };
        let mut index = self.index()?;
        let before = index.clone();
        let mut changes = Vec::new();
        let result = change(&mut index, &mut changes)?;
        if index != before {
            changes.push((INDEX_ENTRY.to_string(), Some(to_json_secret(&index)?)));
        }
        if !changes.is_empty() {
            // Secrets first, deletions next, the index last (see the module doc).
            changes.sort_by_key(|(name, value)| match (name.as_str(), value) {
                (INDEX_ENTRY, _) => 2,
                (_, Some(_)) => 0,
                (_, None) => 1,
            });
            self.store.apply(&changes)?;
            self.memory
                .mirror(&index, index.keys != before.keys, &changes);
        }
        Ok(result)
    }

    pub fn describe(&self) -> String {
        self.store.describe()
    }

    pub fn lock(&self) -> Result<Option<bool>, StoreError> {
        self.store.lock()
    }

    /// Delete every session kept in memory for this vault (`awsx lock`). Returns how many.
    pub fn forget_memory(&self) -> usize {
        self.memory.forget_all()
    }

    fn parse_index(bytes: Option<SecretBytes>) -> Result<Index, StoreError> {
        match bytes {
            None => Ok(Index::default()),
            Some(bytes) => serde_json::from_slice(&bytes).map_err(|_| corrupt("index")),
        }
    }

    pub fn index(&self) -> Result<Index, StoreError> {
        Self::parse_index(self.store.get(INDEX_ENTRY)?)
    }

    /// Names of the profiles with long-term keys stored.
    pub fn profiles_with_keys(&self) -> Result<std::collections::BTreeSet<String>, StoreError> {
        Ok(self.index()?.keys.into_keys().collect())
    }

    /// The index if it can be read without prompting; an empty one otherwise.
    pub fn index_quietly(&self) -> Index {
        self.store
            .get_quietly(INDEX_ENTRY)
            .and_then(|bytes| Self::parse_index(bytes).ok())
            .unwrap_or_default()
    }

    pub fn keys(&self, profile: &str) -> Result<Option<LongTermKeys>, StoreError> {
        let Some(bytes) = self.store.get(profile)? else {
            return Ok(None);
        };
        let stored: StoredKeys = serde_json::from_slice(&bytes).map_err(|_| corrupt("keys"))?;
        let secret = SecretAccessKey::new(stored.secret_access_key);
        Ok(Some(LongTermKeys {
            access_key_id: AccessKeyId::new(stored.access_key_id),
            secret_access_key: secret,
        }))
    }

    /// Store (or replace) a profile's keys and drop its cached sessions.
    pub fn put_keys(
        &self,
        profile: &str,
        keys: &LongTermKeys,
        now: u64,
        created_at: Option<u64>,
    ) -> Result<usize, StoreError> {
        let stored = StoredKeys {
            access_key_id: keys.access_key_id.as_str().to_string(),
            secret_access_key: keys.secret_access_key.expose_secret().to_string(),
            added_at: now,
            created_at,
        };
        let value = to_json_secret(&stored)?;
        drop(Zeroizing::new(stored.secret_access_key));
        self.memory.forget_sessions(profile);
        self.update(|index, changes| {
            index.keys.insert(
                profile.to_string(),
                KeyMeta {
                    access_key_id: keys.access_key_id.as_str().to_string(),
                    added_at: now,
                    created_at,
                },
            );
            changes.push((profile.to_string(), Some(value)));
            Ok(Self::drop_sessions(index, Some(profile), changes))
        })
    }

    /// Remove a profile's keys and its sessions. Returns (keys removed?, sessions removed).
    pub fn remove_keys(&self, profile: &str) -> Result<(bool, usize), StoreError> {
        self.memory.forget_sessions(profile);
        self.update(|index, changes| {
            let had = index.keys.remove(profile).is_some() || self.store.get(profile)?.is_some();
            changes.push((profile.to_string(), None));
            let cleared = Self::drop_sessions(index, Some(profile), changes);
            Ok((had, cleared))
        })
    }

    /// Delete the sessions made from `profile`'s keys or for `profile` (all when `None`).
    fn drop_sessions(
        index: &mut Index,
        profile: Option<&str>,
        changes: &mut Vec<(String, Option<SecretBytes>)>,
    ) -> usize {
        let doomed: Vec<String> = index
            .sessions
            .iter()
            .filter(|(_, meta)| profile.is_none_or(|p| meta.profile == p || meta.target == p))
            .map(|(name, _)| name.clone())
            .collect();
        for name in &doomed {
            index.sessions.remove(name);
            changes.push((name.clone(), None));
        }
        doomed.len()
    }

    /// Read a cached session's secret blob.
    pub fn session(&self, name: &str) -> Result<Option<SecretBytes>, StoreError> {
        self.store.get(name)
    }

    /// Store a session blob and record it in the index. A session made from keys that are no
    /// longer the stored ones (replaced or removed while it was being made) is not stored:
    /// returns whether it was.
    pub fn put_session(
        &self,
        name: &str,
        meta: SessionMeta,
        value: SecretBytes,
    ) -> Result<bool, StoreError> {
        self.update(|index, changes| {
            let current = index.keys.get(&meta.profile).map(|k| &k.access_key_id);
            if meta.key_id.is_some() && current != meta.key_id.as_ref() {
                return Ok(false);
            }
            index.sessions.insert(name.to_string(), meta);
            changes.push((name.to_string(), Some(value)));
            Ok(true)
        })
    }

    /// Remove cached sessions: those made from `profile`'s keys, or all.
    /// Sessions kept only in memory (their vault copy lost) are deleted and counted too.
    pub fn clear_sessions(&self, profile: Option<&str>) -> Result<usize, StoreError> {
        let matches = |m: &SessionMeta| profile.is_none_or(|p| m.profile == p || m.target == p);
        let mut names: std::collections::BTreeSet<String> = self
            .memory
            .index()
            .map(|i| {
                i.sessions
                    .into_iter()
                    .filter(|(_, m)| matches(m))
                    .map(|(n, _)| n)
                    .collect()
            })
            .unwrap_or_default();
        let from_vault = self.update(|index, changes| {
            let names: Vec<String> = index
                .sessions
                .iter()
                .filter(|(_, m)| matches(m))
                .map(|(n, _)| n.clone())
                .collect();
            Self::drop_sessions(index, profile, changes);
            Ok(names)
        })?;
        names.extend(from_vault);
        match profile {
            Some(p) => {
                self.memory.forget_sessions(p);
            }
            None => {
                self.memory.forget_all();
            }
        }
        Ok(names.len())
    }

    /// Remove one cached session (one that AWS rejected, say). Returns whether it was there.
    pub fn drop_session(&self, name: &str) -> Result<bool, StoreError> {
        self.update(|index, changes| {
            changes.push((name.to_string(), None));
            Ok(index.sessions.remove(name).is_some())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::memory::MemoryStore;
    use super::*;
    use crate::error::Hint as _;

    fn keys(id: &str) -> LongTermKeys {
        LongTermKeys {
            access_key_id: AccessKeyId::new(id.to_string()),
            secret_access_key: SecretAccessKey::new("s".repeat(40)),
        }
    }

    #[test]
    fn keys_round_trip_with_index_and_sessions() {
        let vault = Vault::new(Box::new(MemoryStore::default()));
        assert_eq!(vault.index().expect("index"), Index::default());
        vault
            .put_keys("gds-users", &keys("AKIAAAAAAAAAAAAAAAAA"), 100, None)
            .expect("put");
        let got = vault.keys("gds-users").expect("get").expect("some");
        assert_eq!(got.access_key_id.as_str(), "AKIAAAAAAAAAAAAAAAAA");
        assert_eq!(got.secret_access_key.expose_secret(), "s".repeat(40));
        let meta = &vault.index().expect("index").keys["gds-users"];
        assert_eq!((meta.added_at, meta.born_at()), (100, 100));

        let session = |p: &str| SessionMeta {
            profile: p.into(),
            target: p.into(),
            kind: "sts.GetSessionToken".into(),
            expires_at: 999,
            key_id: None,
        };
        vault
            .put_session(
                "session a",
                session("gds-users"),
                Zeroizing::new(b"x".to_vec()),
            )
            .expect("session");
        vault
            .put_session("session b", session("other"), Zeroizing::new(b"y".to_vec()))
            .expect("session");
        // Replacing keys drops that profile's sessions only.
        let cleared = vault
            .put_keys("gds-users", &keys("AKIABBBBBBBBBBBBBBBB"), 200, Some(50))
            .expect("replace");
        assert_eq!(cleared, 1);
        let index = vault.index().expect("index");
        assert_eq!(index.sessions.keys().collect::<Vec<_>>(), ["session b"]);
        assert_eq!(index.keys["gds-users"].born_at(), 50);
        assert!(vault.session("session a").expect("get").is_none());

        assert_eq!(vault.remove_keys("gds-users").expect("remove"), (true, 0));
        assert_eq!(vault.remove_keys("gds-users").expect("remove"), (false, 0));
        assert_eq!(vault.clear_sessions(None).expect("clear"), 1);
        assert_eq!(vault.index().expect("index"), Index::default());
    }

    #[test]
    fn a_session_from_replaced_keys_is_not_stored() {
        let vault = Vault::new(Box::new(MemoryStore::default()));
        vault
            .put_keys("gds-users", &keys("AKIANEWNEWNEWNEWNEW1"), 1, None)
            .expect("put");
        let meta = |key: &str| SessionMeta {
            profile: "gds-users".into(),
            target: "gds-users".into(),
            kind: "sts.GetSessionToken".into(),
            expires_at: 999,
            key_id: Some(key.into()),
        };
        let value = || Zeroizing::new(b"x".to_vec());
        assert!(
            !vault
                .put_session("old", meta("AKIAOLDOLDOLDOLDOLD1"), value())
                .expect("put")
        );
        assert!(
            vault
                .put_session("new", meta("AKIANEWNEWNEWNEWNEW1"), value())
                .expect("put")
        );
        let index = vault.index().expect("index");
        assert_eq!(index.sessions.keys().collect::<Vec<_>>(), ["new"]);
        assert!(vault.session("old").expect("get").is_none());
        assert!(vault.drop_session("new").expect("drop"));
        assert!(!vault.drop_session("new").expect("drop"));
        assert!(vault.index().expect("index").sessions.is_empty());
    }

    #[test]
    fn io_errors_say_what_to_do() {
        let path = std::path::Path::new("/v");
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(matches!(
            StoreError::from_io(path, &full),
            StoreError::DiskFull(_)
        ));
        assert!(
            StoreError::from_io(path, &full)
                .hint()
                .starts_with("free some space")
        );
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(
            StoreError::from_io(path, &denied)
                .hint()
                .contains("permissions")
        );
    }
}
