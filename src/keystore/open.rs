//! Choosing and opening the store: `--backend`, else the settings' (`AWSX_BACKEND`, else
//! `AWS_VAULT_BACKEND`: see settings.rs), else the OS keychain if it
//! answers, else the encrypted file store. That fallback is said on stderr once, when the file
//! store is created, not on every run (`awsx alias` runs in every new shell); afterwards the
//! store's description (`awsx list`, `awsx lock`) says why it is the one in use.

use super::file::{FileStore, Passphrase};
use super::keychain::KeychainStore;
use super::unlock_cache::UnlockCache;
use super::{INDEX_ENTRY, SecretBytes, Store, StoreError, Vault};
use crate::env::Env;
use crate::error::Hinted;
use secrecy::SecretString;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    /// Secret Service (GNOME Keyring, KWallet) on Linux
    SecretService,
    /// macOS Keychain
    Keychain,
    /// Windows Credential Manager
    Wincred,
    /// Linux kernel keyring: lost on reboot, never chosen automatically
    #[value(alias = "keyctl")]
    Keyutils,
    /// Encrypted file (Argon2id + XChaCha20-Poly1305) in AWSX_FILE_DIR
    File,
}

impl Backend {
    fn keychain_name(self) -> Option<&'static str> {
        match self {
            Backend::SecretService => Some("secret-service"),
            Backend::Keychain => Some("keychain"),
            Backend::Wincred => Some("wincred"),
            Backend::Keyutils => Some("keyutils"),
            Backend::File => None,
        }
    }

    /// The platform's keychain.
    fn platform_default() -> Option<Backend> {
        if cfg!(target_os = "linux") {
            Some(Backend::SecretService)
        } else if cfg!(target_os = "macos") {
            Some(Backend::Keychain)
        } else if cfg!(target_os = "windows") {
            Some(Backend::Wincred)
        } else {
            None
        }
    }
}

/// What opening a store takes from the environment (settings.rs reads it, with aws-vault's
/// variables as fallbacks).
pub struct StoreSettings {
    /// The store named by the environment; `None`: the keychain if it answers, else the file.
    pub backend: Option<Backend>,
    /// The file store's directory.
    pub file_dir: Option<PathBuf>,
    /// The file store's passphrase, when the environment gives it.
    pub file_passphrase: Option<SecretString>,
    pub file_unlock_ttl: u64,
}

/// The file store's directory: the settings' (`AWSX_FILE_DIR`, or beside `AWS_VAULT_FILE_DIR`),
/// else `$XDG_DATA_HOME/awsx`, else `~/.local/share/awsx`.
pub fn file_dir(env: &Env, settings: &StoreSettings) -> anyhow::Result<PathBuf> {
    if let Some(dir) = &settings.file_dir {
        return Ok(dir.clone());
    }
    if let Some(data) = env.get("XDG_DATA_HOME") {
        return Ok(PathBuf::from(data).join("awsx"));
    }
    // Never the current directory: a vault must not appear wherever awsx happened to run.
    let home = crate::config::locate::home_dir(env).ok_or_else(|| {
        Hinted::new(
            "cannot tell where the file vault lives: HOME is not set",
            "set HOME, or AWSX_FILE_DIR to the vault's directory",
        )
    })?;
    Ok(PathBuf::from(home)
        .join(".local")
        .join("share")
        .join("awsx"))
}

pub fn file_store(env: &Env, settings: &StoreSettings) -> anyhow::Result<FileStore> {
    let passphrase = match &settings.file_passphrase {
        Some(p) => Passphrase::Given(p.clone()),
        None => Passphrase::Prompt,
    };
    Ok(FileStore::new(
        file_dir(env, settings)?,
        passphrase,
        UnlockCache::new(settings.file_unlock_ttl),
    ))
}

/// The keychain entries' service name: `AWSX_KEYCHAIN_SERVICE`, else `awsx`. Another name keeps
/// a separate vault in the same keychain (tests running side by side do).
fn keychain_service(env: &Env) -> String {
    env.get("AWSX_KEYCHAIN_SERVICE")
        .unwrap_or(super::keychain::SERVICE)
        .to_string()
}

/// A keychain has no transactions: writers are serialised by a lock in awsx's own lock
/// directory, one per keychain and service.
fn keychain_vault(store: KeychainStore, env: &Env) -> Vault {
    let env = env.clone();
    let name = format!("vault {}", store.describe());
    Vault::with_locker(
        Box::new(store),
        Box::new(move || {
            crate::lock::acquire(&env, &name)
                .map(|guard| Box::new(guard) as super::ExclusiveGuard)
                .map_err(|e| StoreError::lock_failed(&e))
        }),
    )
}

fn keychain(name: &'static str, env: &Env) -> Result<KeychainStore, StoreError> {
    let store = KeychainStore::open(name, keychain_service(env))?;
    // "Answers": a read of the index entry goes through (absent is fine).
    store.get(INDEX_ENTRY)?;
    Ok(store)
}

/// The memory-only session cache for the vault that `open` would open: named after the keychain
/// service and the file vault's directory, and the backend asked for (`auto` when none is).
/// `AWSX_SESSION_MEMORY=off` turns it off (the vault's cache alone, as before issue 13).
pub fn session_memory(
    explicit: Option<Backend>,
    env: &Env,
    settings: &StoreSettings,
) -> super::SessionMemory {
    let off = env.get("AWSX_SESSION_MEMORY").is_some_and(|v| {
        matches!(
            v.to_ascii_lowercase().as_str(),
            "0" | "off" | "false" | "no"
        )
    });
    if off {
        return super::SessionMemory::disabled();
    }
    let chosen = explicit.or(settings.backend);
    let tag = chosen.map_or("auto", |b| b.keychain_name().unwrap_or("file"));
    let dir = file_dir(env, settings)
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    super::SessionMemory::new(tag, &keychain_service(env), &dir)
}

/// Open the vault, saying on stderr when the keychain does not answer and the file store is used.
pub fn open(
    explicit: Option<Backend>,
    env: &Env,
    settings: &StoreSettings,
) -> anyhow::Result<Vault> {
    let chosen = explicit.or(settings.backend);
    if let Some(backend) = chosen {
        return Ok(match backend.keychain_name() {
            Some(name) => keychain_vault(keychain(name, env)?, env),
            None => Vault::new(Box::new(file_store(env, settings)?)),
        });
    }
    if let Some(name) = Backend::platform_default().and_then(Backend::keychain_name) {
        match keychain(name, env) {
            Ok(store) => return Ok(keychain_vault(store, env)),
            Err(e @ StoreError::Locked(_)) => return Err(anyhow::Error::from(e)),
            Err(_) => {
                let store = Fallback {
                    store: file_store(env, settings)?,
                    keychain: name,
                    said: std::cell::Cell::new(false),
                };
                return Ok(Vault::new(Box::new(store)));
            }
        }
    }
    Ok(Vault::new(Box::new(file_store(env, settings)?)))
}

/// The file store chosen because no keychain answered. Says so on stderr just before it creates
/// the vault file (before a passphrase is chosen for it), and in its description.
struct Fallback {
    store: FileStore,
    keychain: &'static str,
    said: std::cell::Cell<bool>,
}

impl Fallback {
    fn say_if_creating(&self) {
        let path = self.store.path();
        if self.said.get() || path.exists() {
            return;
        }
        self.said.set(true);
        let dir = path.parent().unwrap_or(&path);
        crate::say!(
            "awsx: no {} keychain answered; using the encrypted file store in {} (this note appears only when the store is created; choose a store with --backend or AWSX_BACKEND)",
            self.keychain,
            dir.display()
        );
    }
}

impl Store for Fallback {
    fn describe(&self) -> String {
        format!(
            "{}, because no {} keychain answered",
            self.store.describe(),
            self.keychain
        )
    }

    fn get(&self, name: &str) -> Result<Option<SecretBytes>, StoreError> {
        self.store.get(name)
    }

    fn apply(&self, changes: &[(String, Option<SecretBytes>)]) -> Result<(), StoreError> {
        self.say_if_creating();
        self.store.apply(changes)
    }

    fn get_quietly(&self, name: &str) -> Option<Option<SecretBytes>> {
        self.store.get_quietly(name)
    }

    fn lock(&self) -> Result<Option<bool>, StoreError> {
        self.store.lock()
    }

    fn exclusive(&self) -> Result<Option<super::ExclusiveGuard>, StoreError> {
        self.store.exclusive()
    }

    fn prepare_write(&self) -> Result<(), StoreError> {
        self.say_if_creating();
        self.store.prepare_write()
    }
}
