//! The encrypted file store, for machines without a keychain (headless hosts, WSL, CI).
//!
//! One file, `vault.json`, in `AWSX_FILE_DIR` (default `$XDG_DATA_HOME/awsx`, else
//! `~/.local/share/awsx`): directory 0700, file 0600. Its only plaintext is the format, the KDF
//! parameters and random bytes: entry names (profile names) are inside the ciphertext.
//! The key is derived from a passphrase with Argon2id (RustCrypto `argon2`) and the content is
//! sealed with XChaCha20-Poly1305 (RustCrypto `chacha20poly1305`), the header bound in as
//! associated data. A small sealed check value tells a wrong passphrase from a damaged file.
//! Writes go to a temp file in the same directory, are fsynced, then renamed over the old file,
//! under an exclusive lock (`vault.lock`, which the vault holds for its whole read-modify-write):
//! a crash mid-write leaves the previous vault intact, and the next write removes the temp file
//! such a crash left behind. The passphrase is asked before that lock is taken, never under it.
//! What is read from the file is bounded: a vault that is not a regular file, is larger than
//! `MAX_FILE_BYTES`, or names KDF costs outside `KDF_BOUNDS` is refused before any work.
//! The derived key (never the passphrase) is kept in the kernel session keyring for a while
//! (`unlock_cache`), so a warm command does no KDF work and asks nothing.

use super::unlock_cache::UnlockCache;
use super::{SecretBytes, Store, StoreError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

const FORMAT: &str = "awsx-file-vault";
const VERSION: u32 = 1;
const CHECK_PLAINTEXT: &[u8] = b"awsx-file-vault-check";
const FILE_NAME: &str = "vault.json";
const LOCK_NAME: &str = "vault.lock";
const TEMP_PREFIX: &str = ".vault-";
const TEMP_SUFFIX: &str = ".tmp";
/// A vault holds keys and sessions for a few hundred profiles at most: a few hundred KiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// How many times a typed passphrase may be wrong.
const PASSPHRASE_TRIES: usize = 3;
/// How long a writer waits for another to finish before giving up (writes take milliseconds).
pub const LOCK_WAIT_SECONDS: u64 = 30;

/// Argon2id cost: RFC 9106's second recommended setting (64 MiB, 3 passes).
const MEMORY_KIB: u32 = 64 * 1024;
const ITERATIONS: u32 = 3;
const PARALLELISM: u32 = 1;

/// What a vault file may ask of the KDF: (memory KiB, iterations, parallelism) ranges. Ours is
/// well inside; a tampered file asking for more is refused instead of running for minutes.
const KDF_BOUNDS: (
    std::ops::RangeInclusive<u32>,
    std::ops::RangeInclusive<u32>,
    std::ops::RangeInclusive<u32>,
) = (8 * 1024..=512 * 1024, 1..=10, 1..=16);

#[derive(Serialize, Deserialize, Clone)]
struct Kdf {
    algorithm: String,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    version: u32,
    kdf: Kdf,
    check_nonce: String,
    check: String,
    nonce: String,
    ciphertext: String,
}

impl Envelope {
    /// Associated data: everything in the header that the key or format depends on.
    fn aad(&self) -> String {
        let k = &self.kdf;
        format!(
            "{}:{}:{}:{}:{}:{}:{}",
            self.format,
            self.version,
            k.algorithm,
            k.memory_kib,
            k.iterations,
            k.parallelism,
            k.salt
        )
    }
}

/// The decrypted content: entry name → value.
#[derive(Serialize, Deserialize, Default)]
struct Content {
    entries: BTreeMap<String, String>,
}

type Key = Zeroizing<[u8; 32]>;

/// Where the passphrase comes from.
pub enum Passphrase {
    /// `AWSX_FILE_PASSPHRASE`.
    Given(SecretString),
    /// Ask on the terminal when needed.
    Prompt,
}

pub struct FileStore {
    dir: PathBuf,
    passphrase: Passphrase,
    cache: UnlockCache,
    /// The key of the vault as last read, with the salt it belongs to.
    key: RefCell<Option<(String, Key)>>,
    /// A passphrase typed in this process (and found right), so that a key can be derived again
    /// under the lock without asking twice.
    typed: RefCell<Option<SecretString>>,
    /// The KDF settings and key for a vault this process is about to create.
    fresh: RefCell<Option<(Kdf, Key)>>,
}

/// The held `vault.lock`.
struct LockGuard(#[allow(dead_code)] std::fs::File);

fn corrupt(path: &Path, what: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "the vault file {} is damaged: {what}",
        path.display()
    ))
}

fn io(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::from_io(path, &e)
}

fn random<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Io(format!("no randomness from the OS: {e}")))?;
    Ok(bytes)
}

fn derive(passphrase: &SecretString, kdf: &Kdf, path: &Path) -> Result<Key, StoreError> {
    if kdf.algorithm != "argon2id" {
        return Err(corrupt(path, "unknown key derivation"));
    }
    let (memory, iterations, parallelism) = KDF_BOUNDS;
    if !memory.contains(&kdf.memory_kib)
        || !iterations.contains(&kdf.iterations)
        || !parallelism.contains(&kdf.parallelism)
    {
        return Err(corrupt(
            path,
            "its key derivation settings are outside what awsx accepts (was it tampered with?)",
        ));
    }
    let salt = B64
        .decode(&kdf.salt)
        .map_err(|_| corrupt(path, "bad salt"))?;
    let params = argon2::Params::new(kdf.memory_kib, kdf.iterations, kdf.parallelism, Some(32))
        .map_err(|_| corrupt(path, "bad key derivation parameters"))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.expose_secret().as_bytes(), &salt, key.as_mut())
        .map_err(|_| corrupt(path, "bad key derivation parameters"))?;
    Ok(key)
}

fn cipher(key: &Key) -> XChaCha20Poly1305 {
    // A 32-byte key is always the right length for XChaCha20-Poly1305.
    let bytes: &[u8; 32] = key;
    XChaCha20Poly1305::new(bytes.into())
}

fn seal(key: &Key, aad: &str, plaintext: &[u8]) -> Result<(String, String), StoreError> {
    let nonce: [u8; 24] = random()?;
    let sealed = cipher(key)
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: plaintext,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| StoreError::Io("encryption failed".into()))?;
    Ok((B64.encode(nonce), B64.encode(sealed)))
}

fn open_sealed(key: &Key, aad: &str, nonce: &str, sealed: &str) -> Option<Zeroizing<Vec<u8>>> {
    let nonce: [u8; 24] = B64.decode(nonce).ok()?.try_into().ok()?;
    let sealed = B64.decode(sealed).ok()?;
    cipher(key)
        .decrypt(
            (&nonce).into(),
            Payload {
                msg: &sealed,
                aad: aad.as_bytes(),
            },
        )
        .ok()
        .map(Zeroizing::new)
}

impl FileStore {
    pub fn new(dir: PathBuf, passphrase: Passphrase, cache: UnlockCache) -> Self {
        FileStore {
            dir,
            passphrase,
            cache,
            key: RefCell::new(None),
            typed: RefCell::new(None),
            fresh: RefCell::new(None),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    fn read_envelope(&self) -> Result<Option<Envelope>, StoreError> {
        use crate::fsutil::{ReadRefusal, read_regular};
        let path = self.path();
        let bytes = match read_regular(&path, MAX_FILE_BYTES, false) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Ok(None),
            Err(ReadRefusal::Symlink) => {
                return Err(corrupt(&path, "it is a symbolic link, not the vault file"));
            }
            Err(ReadRefusal::NotRegular) => return Err(corrupt(&path, "it is not a regular file")),
            Err(ReadRefusal::TooLarge(limit)) => {
                return Err(corrupt(
                    &path,
                    &format!("it is larger than {} MiB", limit >> 20),
                ));
            }
            Err(ReadRefusal::Io(e)) => return Err(io(&path, e)),
        };
        let envelope: Envelope =
            serde_json::from_slice(&bytes).map_err(|_| corrupt(&path, "not a vault file"))?;
        if envelope.format != FORMAT || envelope.version != VERSION {
            return Err(corrupt(&path, "unknown format or version"));
        }
        Ok(Some(envelope))
    }

    fn ask(&self, prompt: &str) -> Result<SecretString, StoreError> {
        if let Some(typed) = self.typed.borrow().as_ref() {
            return Ok(typed.clone());
        }
        self.ask_anew(prompt)
    }

    fn ask_anew(&self, prompt: &str) -> Result<SecretString, StoreError> {
        match &self.passphrase {
            Passphrase::Given(p) => Ok(p.clone()),
            Passphrase::Prompt => rpassword::prompt_password(prompt)
                .map(SecretString::from)
                .map_err(|_| {
                    StoreError::NeedsPassphrase(format!(
                        "the file vault in {} needs its passphrase, and there is no terminal to ask on",
                        self.dir.display()
                    ))
                }),
        }
    }

    fn check(key: &Key, envelope: &Envelope) -> bool {
        open_sealed(key, &envelope.aad(), &envelope.check_nonce, &envelope.check)
            .is_some_and(|p| p.as_slice() == CHECK_PLAINTEXT)
    }

    /// The key for this envelope: remembered, cached in the session, or from the passphrase.
    fn key_for(&self, envelope: &Envelope, may_prompt: bool) -> Result<Key, StoreError> {
        let salt = &envelope.kdf.salt;
        if let Some((s, key)) = self.key.borrow().as_ref()
            && s == salt
        {
            return Ok(key.clone());
        }
        if let Some(cached) = self.cache.get(salt)
            && let Ok(bytes) = <[u8; 32]>::try_from(cached.as_slice())
        {
            let key = Zeroizing::new(bytes);
            if Self::check(&key, envelope) {
                *self.key.borrow_mut() = Some((salt.clone(), key.clone()));
                return Ok(key);
            }
            self.cache.forget(salt);
        }
        let typed = matches!(self.passphrase, Passphrase::Prompt);
        if !may_prompt && typed && self.typed.borrow().is_none() {
            return Err(StoreError::NeedsPassphrase("locked".into()));
        }
        // A typed passphrase may be retyped; one from the environment is wrong at once.
        let tries = if typed { PASSPHRASE_TRIES } else { 1 };
        for attempt in 1..=tries {
            let passphrase = if attempt == 1 {
                self.ask("Passphrase for the awsx vault: ")?
            } else {
                crate::say!("That passphrase is wrong; try again ({attempt} of {tries}).");
                self.ask_anew("Passphrase for the awsx vault: ")?
            };
            let key = derive(&passphrase, &envelope.kdf, &self.path())?;
            if Self::check(&key, envelope) {
                if typed {
                    *self.typed.borrow_mut() = Some(passphrase);
                }
                self.cache.put(salt, key.as_ref());
                *self.key.borrow_mut() = Some((salt.clone(), key.clone()));
                return Ok(key);
            }
            *self.typed.borrow_mut() = None;
        }
        Err(StoreError::WrongPassphrase)
    }

    fn decrypt(&self, envelope: &Envelope, key: &Key) -> Result<Content, StoreError> {
        let path = self.path();
        let plain = open_sealed(key, &envelope.aad(), &envelope.nonce, &envelope.ciphertext)
            .ok_or_else(|| corrupt(&path, "its content does not authenticate"))?;
        serde_json::from_slice(&plain).map_err(|_| corrupt(&path, "its content is not readable"))
    }

    fn load(&self, may_prompt: bool) -> Result<Option<(Envelope, Key, Content)>, StoreError> {
        let Some(envelope) = self.read_envelope()? else {
            return Ok(None);
        };
        let key = self.key_for(&envelope, may_prompt)?;
        let content = self.decrypt(&envelope, &key)?;
        Ok(Some((envelope, key, content)))
    }

    fn value(content: &Content, name: &str) -> Result<Option<SecretBytes>, StoreError> {
        content
            .entries
            .get(name)
            .map(|v| {
                B64.decode(v)
                    .map(Zeroizing::new)
                    .map_err(|_| StoreError::Corrupt("a vault entry is not readable".into()))
            })
            .transpose()
    }

    /// A new vault: fresh salt, passphrase asked twice when typed.
    fn create_key(&self) -> Result<(Kdf, Key), StoreError> {
        let passphrase = self.ask("Choose a passphrase for the new awsx vault: ")?;
        if matches!(self.passphrase, Passphrase::Prompt) {
            let again = self.ask("Repeat the passphrase: ")?;
            if again.expose_secret() != passphrase.expose_secret() {
                return Err(StoreError::NeedsPassphrase(
                    "the two passphrases differ; nothing was stored".into(),
                ));
            }
        }
        if matches!(self.passphrase, Passphrase::Prompt) {
            *self.typed.borrow_mut() = Some(passphrase.clone());
        }
        let salt: [u8; 16] = random()?;
        let kdf = Kdf {
            algorithm: "argon2id".into(),
            memory_kib: MEMORY_KIB,
            iterations: ITERATIONS,
            parallelism: PARALLELISM,
            salt: B64.encode(salt),
        };
        let key = derive(&passphrase, &kdf, &self.path())?;
        self.cache.put(&kdf.salt, key.as_ref());
        Ok((kdf, key))
    }

    fn ensure_dir(&self) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io(&self.dir, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| io(&self.dir, e))?;
        }
        Ok(())
    }

    fn write(&self, kdf: Kdf, key: &Key, content: &Content) -> Result<(), StoreError> {
        let mut envelope = Envelope {
            format: FORMAT.into(),
            version: VERSION,
            kdf,
            check_nonce: String::new(),
            check: String::new(),
            nonce: String::new(),
            ciphertext: String::new(),
        };
        let aad = envelope.aad();
        (envelope.check_nonce, envelope.check) = seal(key, &aad, CHECK_PLAINTEXT)?;
        let plain =
            Zeroizing::new(serde_json::to_vec(content).map_err(|e| StoreError::Io(e.to_string()))?);
        (envelope.nonce, envelope.ciphertext) = seal(key, &aad, &plain)?;
        let bytes =
            serde_json::to_vec_pretty(&envelope).map_err(|e| StoreError::Io(e.to_string()))?;
        let path = self.path();
        self.remove_stale_temp_files();
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o600));
        }
        // Elsewhere the file inherits the ACL of the user's profile directory.
        let mut tmp = builder
            .tempfile_in(&self.dir)
            .map_err(|e| io(&self.dir, e))?;
        tmp.write_all(&bytes).map_err(|e| io(&path, e))?;
        tmp.as_file().sync_all().map_err(|e| io(&path, e))?;
        tmp.persist(&path).map_err(|e| io(&path, e.error))?;
        // Make the rename itself durable.
        #[cfg(unix)]
        if let Ok(dir) = std::fs::File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl FileStore {
    /// Temp files left by a writer that was killed before its rename. Only called under the
    /// lock, which every writer holds while its temp file exists: any found now are stale.
    fn remove_stale_temp_files(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    fn take_lock(&self) -> Result<LockGuard, StoreError> {
        self.ensure_dir()?;
        let path = self.dir.join(LOCK_NAME);
        let mut options = std::fs::OpenOptions::new();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A FIFO planted as the lock file must not hang the open (O_NONBLOCK makes it fail).
            options.custom_flags(
                (rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32,
            );
        }
        let file = options.open(&path).map_err(|e| io(&path, e))?;
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err(corrupt(&path, "it is not a regular file"));
        }
        let started = std::time::Instant::now();
        let mut said = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(LockGuard(file)),
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(e)) => return Err(io(&path, e)),
            }
            let waited = started.elapsed();
            if waited >= std::time::Duration::from_secs(LOCK_WAIT_SECONDS) {
                return Err(StoreError::Busy(format!(
                    "gave up after {} s waiting for another awsx to finish writing the vault in {}",
                    waited.as_secs(),
                    self.dir.display()
                )));
            }
            if !said && waited >= std::time::Duration::from_secs(1) {
                crate::say!(
                    "awsx: waiting for another awsx to finish writing the vault in {}",
                    self.dir.display()
                );
                said = true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Store for FileStore {
    fn describe(&self) -> String {
        format!("file ({})", self.dir.display())
    }

    fn get(&self, name: &str) -> Result<Option<SecretBytes>, StoreError> {
        match self.load(true)? {
            None => Ok(None),
            Some((_, _, content)) => Self::value(&content, name),
        }
    }

    fn get_quietly(&self, name: &str) -> Option<Option<SecretBytes>> {
        match self.load(false).ok()? {
            None => Some(None),
            Some((_, _, content)) => Self::value(&content, name).ok(),
        }
    }

    /// Forget the cached unlock key for this vault. Returns whether there was one.
    fn lock(&self) -> Result<Option<bool>, StoreError> {
        *self.key.borrow_mut() = None;
        Ok(Some(match self.read_envelope()? {
            Some(envelope) => self.cache.forget(&envelope.kdf.salt),
            None => false,
        }))
    }

    fn exclusive(&self) -> Result<Option<super::ExclusiveGuard>, StoreError> {
        Ok(Some(Box::new(self.take_lock()?)))
    }

    /// Unlock, or choose the passphrase of a new vault, before any lock is taken.
    fn prepare_write(&self) -> Result<(), StoreError> {
        match self.read_envelope()? {
            Some(envelope) => self.key_for(&envelope, true).map(drop),
            None if self.fresh.borrow().is_some() => Ok(()),
            None => {
                let fresh = self.create_key()?;
                *self.fresh.borrow_mut() = Some(fresh);
                Ok(())
            }
        }
    }

    /// Apply changes to the vault as it is on disk now. The caller holds `exclusive()`.
    fn apply(&self, changes: &[(String, Option<SecretBytes>)]) -> Result<(), StoreError> {
        self.ensure_dir()?;
        let (kdf, key, mut content) = match self.load(true)? {
            Some((envelope, key, content)) => (envelope.kdf, key, content),
            None => {
                let fresh = self.fresh.borrow_mut().take();
                let (kdf, key) = match fresh {
                    Some(fresh) => fresh,
                    None => self.create_key()?,
                };
                (kdf, key, Content::default())
            }
        };
        for (name, value) in changes {
            match value {
                Some(v) => content
                    .entries
                    .insert(name.clone(), B64.encode(v.as_slice())),
                None => content.entries.remove(name),
            };
        }
        let result = self.write(kdf.clone(), &key, &content);
        *self.key.borrow_mut() = Some((kdf.salt, key));
        // Values were base64 copies of secrets: wipe them.
        for value in content.entries.values_mut() {
            zeroize::Zeroize::zeroize(value);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, passphrase: &str) -> FileStore {
        FileStore::new(
            dir.to_path_buf(),
            Passphrase::Given(SecretString::from(passphrase.to_string())),
            UnlockCache::disabled(),
        )
    }

    fn set(store: &FileStore, name: &str, value: &[u8]) {
        let _lock = store.exclusive().expect("lock");
        store
            .apply(&[(name.to_string(), Some(Zeroizing::new(value.to_vec())))])
            .expect("apply");
    }

    #[test]
    fn round_trip_and_nothing_in_plaintext() {
        let dir = tempfile::tempdir().expect("tmp");
        let s = store(dir.path(), "correct horse");
        assert!(s.get("gds-users").expect("empty").is_none());
        set(&s, "gds-users", b"TOP-SECRET-VALUE");
        set(&s, "other", b"x");
        // A fresh store (no remembered key) reads it back.
        let again = store(dir.path(), "correct horse");
        assert_eq!(
            again
                .get("gds-users")
                .expect("get")
                .expect("some")
                .as_slice(),
            b"TOP-SECRET-VALUE"
        );
        for entry in std::fs::read_dir(dir.path()).expect("ls") {
            let entry = entry.expect("entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(!name.contains("gds"), "{name}");
            let bytes = std::fs::read(entry.path()).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("TOP-SECRET") && !text.contains("gds-users"),
                "{name}"
            );
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(dir.path()), 0o700);
            assert_eq!(mode(&s.path()), 0o600);
        }
    }

    #[test]
    fn wrong_passphrase_is_an_error_not_an_empty_vault() {
        let dir = tempfile::tempdir().expect("tmp");
        set(&store(dir.path(), "right"), "a", b"1");
        let wrong = store(dir.path(), "wrong");
        assert!(matches!(wrong.get("a"), Err(StoreError::WrongPassphrase)));
        let before = std::fs::read(store(dir.path(), "right").path()).expect("read");
        assert!(matches!(
            wrong.apply(&[("b".into(), Some(Zeroizing::new(b"2".to_vec())))]),
            Err(StoreError::WrongPassphrase)
        ));
        assert_eq!(std::fs::read(wrong.path()).expect("read"), before);
    }

    #[test]
    fn corruption_is_reported_and_the_file_left_alone() {
        let dir = tempfile::tempdir().expect("tmp");
        let s = store(dir.path(), "pw");
        set(&s, "a", b"1");
        let path = s.path();
        let mut envelope: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        // Flip the ciphertext but keep the check value: a damaged body, right passphrase.
        let ct = envelope["ciphertext"].as_str().expect("ct").to_string();
        let mut raw = B64.decode(ct).expect("b64");
        raw[0] ^= 1;
        envelope["ciphertext"] = B64.encode(raw).into();
        let damaged = serde_json::to_vec(&envelope).expect("json");
        std::fs::write(&path, &damaged).expect("write");
        let fresh = store(dir.path(), "pw");
        assert!(matches!(fresh.get("a"), Err(StoreError::Corrupt(_))));
        assert!(matches!(
            fresh.apply(&[("b".into(), Some(Zeroizing::new(b"2".to_vec())))]),
            Err(StoreError::Corrupt(_))
        ));
        assert_eq!(std::fs::read(&path).expect("read"), damaged);

        std::fs::write(&path, b"{ not json").expect("write");
        assert!(matches!(
            store(dir.path(), "pw").get("a"),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn replace_is_atomic_no_temp_files_left() {
        let dir = tempfile::tempdir().expect("tmp");
        let s = store(dir.path(), "pw");
        for i in 0..3 {
            set(&s, "a", format!("v{i}").as_bytes());
        }
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
            .collect();
        let mut names = names;
        names.sort();
        assert_eq!(names, ["vault.json", "vault.lock"]);
        assert_eq!(s.get("a").expect("get").expect("some").as_slice(), b"v2");
    }

    #[test]
    fn quiet_reads_never_prompt() {
        let dir = tempfile::tempdir().expect("tmp");
        set(&store(dir.path(), "pw"), "a", b"1");
        let prompting = FileStore::new(
            dir.path().to_path_buf(),
            Passphrase::Prompt,
            UnlockCache::disabled(),
        );
        assert!(prompting.get_quietly("a").is_none());
    }
}
