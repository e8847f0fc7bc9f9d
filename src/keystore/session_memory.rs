//! A memory-only copy of the vault's session cache, kept in the Linux kernel session keyring
//! (issue 13): role and MFA sessions, and the vault's index without secrets, so that a cached
//! `exec` or `export` reads a few kernel keys instead of opening the keychain, whose D-Bus round
//! trips cost more than all of awsx's own work.
//!
//! What it holds and for how long: the session blobs exactly as the vault's cache holds them
//! (with their key-id fingerprint), each key's kernel timeout set to the credentials' expiry,
//! and a copy of the index that lives as long as its longest session. Long-term keys never come
//! here. The vault stays the source of truth: every change the vault makes is mirrored here
//! (see [`crate::keystore::Vault`]), and anything absent, expired or unreadable here is a miss
//! that falls back to the vault.
//!
//! Keeping vaults apart: entries are named from a hash of the keychain service and the file
//! vault's directory (the "family"), plus the backend, so two `AWSX_KEYCHAIN_SERVICE` or
//! `AWSX_FILE_DIR` vaults never see each other's sessions. Descriptions carry hashes, not
//! profile names (`keyctl show` lists descriptions to every process of the user).
//!
//! Changes made elsewhere: another login session cannot reach this session keyring, and the
//! same vault may be named by another path spelling (`AWSX_FILE_DIR=v/` and `v`). So every
//! change that must retire cached sessions (keys replaced, `clear`, `remove`, `lock`) writes a
//! new random "generation" into the user keyring (`@u`, shared by all of the user's sessions;
//! one per keychain service, whatever the path spelling), and every entry here carries the generation it was made under: an entry
//! of another generation, or any entry when no generation can be read, is a miss. A generation
//! that cannot be written (the user's key quota is full) is deleted instead, which retires
//! everything just the same. Entries are readable by their owner's uid only, not by whoever
//! merely possesses the keyring (a `su`/`setpriv` to another user that kept it). Without a session keyring (not Linux, no keyutils) every call is a
//! quiet no-op and awsx works from the vault alone. Nothing here prints.

use super::{INDEX_ENTRY, Index, SecretBytes};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

/// The backend names an entry can be filed under, for deleting a name under all of them.
const TAGS: &[&str] = &[
    "auto",
    "secret-service",
    "keychain",
    "wincred",
    "keyutils",
    "file",
];

/// How long a generation stamp lives: longer than any session (GetSessionToken's 36 h), so
/// that an index copy made before a stamp can never outlive it.
const GENERATION_TTL: u64 = 48 * 3600;

/// The user keyring's generation stamps, one per keychain service (`AWSX_KEYCHAIN_SERVICE`:
/// another service is another vault), shared by every memory cache of that vault.
const GENERATION: &str = "awsx:session-cache:generation";

/// The memory cache for one vault.
#[derive(Debug, Clone)]
pub struct SessionMemory {
    /// `awsx:session-cache:<family hash>:`; `None` when disabled.
    family: Option<String>,
    tag: String,
    /// The user keyring's generation stamp for this keychain service (see the module doc).
    generation_name: String,
}

#[derive(Serialize, Deserialize)]
struct IndexCopy {
    generation: Option<String>,
    index: Index,
}

fn hex16(text: &str) -> String {
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl SessionMemory {
    /// The memory cache of the vault identified by the keychain `service` and the file
    /// directory `dir`, opened as backend `tag` (`auto` when chosen automatically). The
    /// generation is the service's alone, so that every spelling of `dir` shares it.
    pub fn new(tag: &str, service: &str, dir: &str) -> Self {
        SessionMemory {
            family: Some(format!(
                "awsx:session-cache:{}:",
                hex16(&format!("{service}\n{dir}"))
            )),
            tag: tag.to_string(),
            generation_name: format!("{GENERATION}:{}", hex16(service)),
        }
    }

    /// One that holds nothing (`AWSX_SESSION_MEMORY=off`, tests with an in-process vault).
    pub fn disabled() -> Self {
        SessionMemory {
            family: None,
            tag: String::new(),
            generation_name: String::new(),
        }
    }

    fn description(&self, tag: &str, name: &str) -> Option<String> {
        let family = self.family.as_ref()?;
        Some(format!("{family}{tag}:{}", hex16(name)))
    }

    /// One generation for all of the user's vaults and sessions (see the module doc).
    fn generation_description(&self) -> Option<String> {
        self.family.as_ref()?;
        Some(self.generation_name.clone())
    }

    /// The vault's index as last mirrored here, unless keys changed since in any session.
    pub fn index(&self) -> Option<Index> {
        let bytes = ring::get(
            ring::Ring::Session,
            &self.description(&self.tag, INDEX_ENTRY)?,
        )?;
        let copy: IndexCopy = serde_json::from_slice(&bytes).ok()?;
        let generation = self.generation()?;
        (copy.generation.as_deref() == Some(generation.as_str())).then_some(copy.index)
    }

    /// The current generation of the vault's keys, to be read before the vault's index.
    pub fn generation(&self) -> Option<String> {
        let bytes = ring::get(ring::Ring::User, &self.generation_description()?)?;
        String::from_utf8(bytes.to_vec()).ok()
    }

    /// Keep a copy of `index`, read from the vault under `generation`, for as long as its
    /// longest live session; with none live, drop the copy.
    pub fn put_index(&self, index: &Index, generation: Option<String>) {
        let Some(desc) = self.description(&self.tag, INDEX_ENTRY) else {
            return;
        };
        let now = now();
        let last = index.sessions.values().map(|s| s.expires_at).max();
        match last {
            Some(until) if until > now => {
                let copy = IndexCopy {
                    generation,
                    index: index.clone(),
                };
                if let Ok(bytes) = serde_json::to_vec(&copy) {
                    ring::put(ring::Ring::Session, &desc, &bytes, until - now);
                }
            }
            _ => {
                ring::forget(ring::Ring::Session, &desc);
            }
        }
    }

    /// A session blob, as the vault's cache would return it, if it was kept under the current
    /// generation.
    pub fn session(&self, name: &str) -> Option<SecretBytes> {
        let generation = self.generation()?;
        let stored = ring::get(ring::Ring::Session, &self.description(&self.tag, name)?)?;
        let rest = stored
            .strip_prefix(generation.as_bytes())?
            .strip_prefix(b"\n")?;
        Some(zeroize::Zeroizing::new(rest.to_vec()))
    }

    /// Keep a session blob until `expires_at`, under the current generation (made if there is
    /// none yet).
    pub fn put_session(&self, name: &str, value: &[u8], expires_at: u64) {
        let generation = self.generation().or_else(|| self.new_generation());
        self.put_session_under(name, value, expires_at, generation);
    }

    /// Keep a session blob read from the vault under `generation`, as read before the vault
    /// was: if a `clear` retired that generation meanwhile, the copy is never used.
    pub fn put_session_under(
        &self,
        name: &str,
        value: &[u8],
        expires_at: u64,
        generation: Option<String>,
    ) {
        let (Some(desc), Some(generation)) = (self.description(&self.tag, name), generation) else {
            return;
        };
        let now = now();
        if expires_at > now {
            let mut stored = zeroize::Zeroizing::new(Vec::with_capacity(value.len() + 33));
            stored.extend_from_slice(generation.as_bytes());
            stored.push(b'\n');
            stored.extend_from_slice(value);
            ring::put(ring::Ring::Session, &desc, &stored, expires_at - now);
        }
    }

    /// Retire every entry of every awsx memory cache of this user, in every login session: a
    /// new generation, or none at all when it cannot be written.
    pub fn retire_all(&self) {
        if self.new_generation().is_none()
            && let Some(desc) = self.generation_description()
        {
            ring::forget(ring::Ring::User, &desc);
        }
    }

    /// Delete a name under every backend of the family.
    fn forget(&self, name: &str) {
        for tag in TAGS {
            if let Some(desc) = self.description(tag, name) {
                ring::forget(ring::Ring::Session, &desc);
            }
        }
    }

    /// Mirror a change the vault has just applied: `index` is the vault's index after it.
    /// Sessions set are kept, names deleted are deleted, and when the keys changed a new
    /// generation tells every other session's copy of the index that it is stale.
    pub fn mirror(
        &self,
        index: &Index,
        keys_changed: bool,
        changes: &[(String, Option<SecretBytes>)],
    ) {
        if self.family.is_none() {
            return;
        }
        for (name, value) in changes {
            match value {
                _ if name == INDEX_ENTRY => {}
                Some(bytes) => {
                    if let Some(meta) = index.sessions.get(name) {
                        self.put_session(name, bytes, meta.expires_at);
                    }
                }
                None => self.forget(name),
            }
        }
        if keys_changed {
            self.retire_all();
        }
        self.put_index(index, self.generation());
    }

    fn new_generation(&self) -> Option<String> {
        let desc = self.generation_description()?;
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).ok()?;
        let stamp: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        ring::put_stamp(&desc, stamp.as_bytes(), GENERATION_TTL).then_some(stamp)
    }

    /// Delete the sessions made from `profile`'s keys or for `profile` that the memory copy of
    /// the index lists (under any generation): the vault may not list them any more.
    pub fn forget_sessions(&self, profile: &str) -> usize {
        let Some(desc) = self.description(&self.tag, INDEX_ENTRY) else {
            return 0;
        };
        // The same sessions may sit in other login sessions' keyrings, or under another
        // spelling of this vault's path: retire them all (the rest are refilled on next use).
        self.retire_all();
        let Some(bytes) = ring::get(ring::Ring::Session, &desc) else {
            return 0;
        };
        let Ok(copy) = serde_json::from_slice::<IndexCopy>(&bytes) else {
            return 0;
        };
        let doomed: Vec<String> = copy
            .index
            .sessions
            .iter()
            .filter(|(_, m)| m.profile == profile || m.target == profile)
            .map(|(name, _)| name.clone())
            .collect();
        // Deleted, not only retired: their secrets should not linger in kernel memory. The
        // index copy is left as it is: retiring made it a miss, and the vault's next change
        // writes a current one.
        for name in &doomed {
            self.forget(name);
        }
        doomed.len()
    }

    /// Delete everything this vault's family keeps in the session keyring (`awsx clear` with
    /// no profile, `awsx lock`). Returns how many sessions were deleted.
    pub fn forget_all(&self) -> usize {
        let Some(family) = &self.family else {
            return 0;
        };
        self.retire_all();
        let index_names: Vec<String> = TAGS
            .iter()
            .filter_map(|tag| self.description(tag, INDEX_ENTRY))
            .collect();
        let gone = ring::forget_prefix(family);
        gone.iter().filter(|d| !index_names.contains(d)).count()
    }
}

/// The few keyutils calls, behind functions that do nothing off Linux.
mod ring {
    use super::SecretBytes;

    #[derive(Clone, Copy)]
    pub enum Ring {
        Session,
        User,
    }

    #[cfg(target_os = "linux")]
    fn open(ring: Ring) -> Option<linux_keyutils::KeyRing> {
        use linux_keyutils::{KeyRing, KeyRingIdentifier};
        let id = match ring {
            Ring::Session => KeyRingIdentifier::Session,
            Ring::User => KeyRingIdentifier::User,
        };
        KeyRing::from_special_id(id, false).ok()
    }

    #[cfg(target_os = "linux")]
    pub fn get(ring: Ring, desc: &str) -> Option<SecretBytes> {
        let key = open(ring)?.search(desc).ok()?;
        key.read_to_vec().ok().map(zeroize::Zeroizing::new)
    }

    /// Add (or replace) a key with a kernel timeout. Returns whether it was stored.
    #[cfg(target_os = "linux")]
    pub fn put(ring: Ring, desc: &str, value: &[u8], ttl: u64) -> bool {
        let Some(ring) = open(ring) else {
            return false;
        };
        use linux_keyutils::{KeyPermissions, Permission};
        let Ok(key) = ring.add_key(desc, value) else {
            return false;
        };
        // Readable by this uid only: no possessor rights, so a process that kept the keyring
        // across a switch to another user (`su`, `setpriv`) cannot read it. Set last, since
        // the timeout is set through the possessor rights of a key just made.
        let mut perms = KeyPermissions::new();
        perms.set_user_perms(Permission::ALL);
        // A key that cannot be given its timeout (or its rights) must not outlive its
        // credentials.
        if key
            .set_timeout(usize::try_from(ttl).unwrap_or(usize::MAX))
            .is_err()
            || key.set_perms(perms).is_err()
        {
            let _ = key.invalidate();
            return false;
        }
        true
    }

    /// A generation stamp in the user keyring, which the user's other login sessions see but
    /// do not possess: so the user (not only possessors) may read, replace and time it out.
    /// It is a random token, not a secret; the worst a rewrite can do is force a cache miss.
    /// Made in the session keyring, where this process possesses it and so may set its
    /// permissions and timeout (a key made straight in an unlinked `@u` could not be changed
    /// afterwards), then moved into `@u`, displacing the old stamp.
    #[cfg(target_os = "linux")]
    pub fn put_stamp(desc: &str, value: &[u8], ttl: u64) -> bool {
        use linux_keyutils::{KeyPermissions, Permission};
        let (Some(session), Some(user)) = (open(Ring::Session), open(Ring::User)) else {
            return false;
        };
        let Ok(key) = session.add_key(desc, value) else {
            return false;
        };
        let mut perms = KeyPermissions::new();
        perms.set_posessor_perms(Permission::ALL);
        perms.set_user_perms(Permission::ALL);
        let ready = key
            .set_timeout(usize::try_from(ttl).unwrap_or(usize::MAX))
            .is_ok()
            && key.set_perms(perms).is_ok();
        let moved = ready && user.link_key(key).is_ok();
        let _ = session.unlink_key(key);
        if !moved {
            let _ = key.invalidate();
        }
        moved
    }

    #[cfg(target_os = "linux")]
    pub fn forget(ring: Ring, desc: &str) {
        if let Some(key) = open(ring).and_then(|r| r.search(desc).ok()) {
            let _ = key.invalidate();
        }
    }

    /// Invalidate every key of the session keyring whose description starts with `prefix`;
    /// returns their descriptions.
    #[cfg(target_os = "linux")]
    pub fn forget_prefix(prefix: &str) -> Vec<String> {
        let Some(ring) = open(Ring::Session) else {
            return Vec::new();
        };
        let Ok(links) = ring.get_links(65_536) else {
            return Vec::new();
        };
        let mut gone = Vec::new();
        for node in links.iter() {
            let Some(key) = node.as_key() else { continue };
            let Ok(meta) = key.metadata() else { continue };
            let desc = meta.get_description();
            if desc.starts_with(prefix) && key.invalidate().is_ok() {
                gone.push(desc.to_string());
            }
        }
        gone
    }

    #[cfg(not(target_os = "linux"))]
    pub fn get(_: Ring, _: &str) -> Option<SecretBytes> {
        None
    }

    #[cfg(not(target_os = "linux"))]
    pub fn put(_: Ring, _: &str, _: &[u8], _: u64) -> bool {
        false
    }

    #[cfg(not(target_os = "linux"))]
    pub fn forget(_: Ring, _: &str) {}

    #[cfg(not(target_os = "linux"))]
    pub fn put_stamp(_: &str, _: &[u8], _: u64) -> bool {
        false
    }

    #[cfg(not(target_os = "linux"))]
    pub fn forget_prefix(_: &str) -> Vec<String> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_hashed_and_kept_apart_per_family_and_backend() {
        let a = SessionMemory::new("auto", "awsx", "/home/u/.local/share/awsx");
        let b = SessionMemory::new("auto", "awsx-test", "/home/u/.local/share/awsx");
        let name = "session sts.AssumeRole prod";
        let da = a.description("auto", name).expect("enabled");
        assert!(da.starts_with("awsx:session-cache:"));
        assert!(!da.contains("prod"), "{da}");
        assert_ne!(Some(da.clone()), b.description("auto", name));
        assert_ne!(Some(da), a.description("file", name));
        assert!(
            SessionMemory::disabled()
                .description("auto", name)
                .is_none()
        );
        assert!(SessionMemory::disabled().session(name).is_none());
    }
}
