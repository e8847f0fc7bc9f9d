//! Reading the long-term keys aws-vault stored, so `awsx add --from-aws-vault` copies them
//! without retyping. Read-only: nothing here writes to, or deletes from, aws-vault's stores.
//!
//! aws-vault keeps one entry per name through its keyring library: a profile's long-term keys
//! under the profile name, sessions under `<type>,<b64 profile>,<b64 mfa>,<expiry>` (and three
//! older spellings), SSO tokens under `oidc:<start URL>`; only the first kind is copied. An
//! entry's payload is the credentials as JSON (`{"AccessKeyID":…,"SecretAccessKey":…}`). The
//! stores, each in its own module:
//! - `file`: one compact JWE per entry in `AWS_VAULT_FILE_DIR` (default `~/.awsvault/keys/`),
//!   named by the percent-encoded entry name, holding the keyring item as JSON whose `Data` is
//!   the credentials (base64, as Go encodes bytes);
//! - `secret_service` (Linux): collection `awsvault` (`AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME`),
//!   one item per entry labelled with its name, attribute `profile` = the name, secret = the
//!   keyring item as JSON;
//! - `keychain` (macOS): `aws-vault.keychain-db` (`AWS_VAULT_KEYCHAIN_NAME`), generic
//!   passwords of service `aws-vault`, account = the name, data = the credentials JSON.
//!
//! Which store: `AWS_VAULT_BACKEND` when set, as for aws-vault; otherwise every store aws-vault
//! can use on this system, in aws-vault's order, and the first that holds the name. The pure
//! parts (names, JSON, the choice of stores) are here; each store's I/O is in its module.

pub mod file;
pub mod jwe;
#[cfg(target_os = "macos")]
pub mod keychain;
#[cfg(target_os = "linux")]
pub mod secret_service;

use super::SecretBytes;
use crate::env::Env;
use crate::error::Hinted;
use crate::prompt::Prompter;
use crate::secret::{AccessKeyId, LongTermKeys, SecretAccessKey};
use std::cell::OnceCell;
use std::path::PathBuf;
use zeroize::Zeroizing;

/// One of aws-vault's stores, as awsx reads it.
pub trait Source {
    /// For messages, e.g. `the file store in /home/jane/.awsvault/keys`.
    fn describe(&self) -> String;
    /// aws-vault's `--backend` name for this store.
    fn backend(&self) -> &'static str;
    /// The names of every entry, sessions included; `None` when the store is not there at all.
    fn names(&self) -> anyhow::Result<Option<Vec<String>>>;
    /// The credentials JSON stored under `name`, or `None`.
    fn credentials(&self, name: &str) -> anyhow::Result<Option<SecretBytes>>;
}

/// Why one entry could not be read while the store itself opened: `add --from-aws-vault
/// --all` names it and goes on with the others. Errors that fail every entry alike (a locked
/// keyring, no passphrase to be had) are not this.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    /// Damaged, not aws-vault's, or gone.
    #[error("{0}")]
    Unreadable(Hinted),
    /// The passphrase did not open it, and no entry has opened yet: a wrong passphrase, or an
    /// entry another passphrase wrote. `--all` tries the others before deciding which.
    #[error("{0}")]
    PassphraseRefused(Hinted),
}

impl crate::error::Hint for EntryError {
    fn hint(&self) -> String {
        match self {
            EntryError::Unreadable(h) | EntryError::PassphraseRefused(h) => {
                crate::error::Hint::hint(h)
            }
        }
    }
}

/// What an entry of long-term-key shape holds.
pub enum Stored {
    Keys(LongTermKeys),
    /// Credentials with a session token: temporary, not to be copied as long-term keys.
    Temporary,
}

/// Whether aws-vault named this entry for a cached session or an SSO token (never copied).
/// The spellings are those aws-vault writes today and the older ones it still recognises.
pub fn is_session_or_token(name: &str) -> bool {
    if name.starts_with("oidc:") {
        return true;
    }
    // `sts.GetSessionToken,<b64>,<b64>,<unix time>` (and `session,…` before it).
    let fields: Vec<&str> = name.split(',').collect();
    if let [kind, profile, _mfa, expiry] = fields[..]
        && !kind.is_empty()
        && !profile.is_empty()
        && !expiry.is_empty()
        && expiry.bytes().all(|b| b.is_ascii_digit())
    {
        return true;
    }
    // `session:<profile>:<mfa>:<expiry>`
    if let Some(rest) = name.strip_prefix("session:") {
        let fields: Vec<&str> = rest.rsplitn(3, ':').collect();
        if let [expiry, mfa, profile] = fields[..]
            && !expiry.is_empty()
            && !profile.is_empty()
            && !profile.contains(' ')
            && !mfa.contains(' ')
        {
            return true;
        }
    }
    // `<profile> session (<unix time>)`
    if let Some(rest) = name.strip_suffix(')')
        && let Some((profile, expiry)) = rest.rsplit_once(" session (")
    {
        return !profile.is_empty()
            && !expiry.is_empty()
            && expiry.bytes().all(|b| b.is_ascii_digit());
    }
    false
}

/// The credentials inside a keyring item's JSON (file store, Secret Service): its `Data`,
/// which Go wrote as base64.
pub fn item_data(item_json: &[u8]) -> Option<SecretBytes> {
    use base64::Engine;
    #[derive(serde::Deserialize)]
    struct Item {
        #[serde(rename = "Data", default)]
        data: Option<String>,
    }
    let item: Item = serde_json::from_slice(item_json).ok()?;
    let encoded = Zeroizing::new(item.data?);
    base64::engine::general_purpose::STANDARD
        .decode(encoded.as_bytes())
        .ok()
        .map(Zeroizing::new)
}

/// Parse the credentials JSON aws-vault stores (aws-sdk-go v2's `aws.Credentials`, or v1's
/// `credentials.Value` in older versions: both have these three fields).
pub fn parse_credentials(data: &[u8]) -> Option<Stored> {
    #[derive(serde::Deserialize)]
    struct Credentials {
        #[serde(rename = "AccessKeyID")]
        access_key_id: String,
        #[serde(rename = "SecretAccessKey")]
        secret_access_key: String,
        #[serde(rename = "SessionToken", default)]
        session_token: Option<String>,
    }
    let creds: Credentials = serde_json::from_slice(data).ok()?;
    let secret = SecretAccessKey::new(creds.secret_access_key);
    let token = creds.session_token.map(Zeroizing::new);
    if token.is_some_and(|t| !t.is_empty()) {
        return Some(Stored::Temporary);
    }
    Some(Stored::Keys(LongTermKeys {
        access_key_id: AccessKeyId::new(creds.access_key_id),
        secret_access_key: secret,
    }))
}

/// A name found in one of the stores.
pub struct Found {
    pub name: String,
    store: usize,
}

/// aws-vault's stores on this system, as chosen by its environment variables.
pub struct AwsVault<'a> {
    stores: Vec<Box<dyn Source + 'a>>,
    /// Each present store's entry names, read once.
    inventory: OnceCell<Vec<(usize, Vec<String>)>>,
}

/// The store names awsx can read, for messages.
const READABLE: &str = if cfg!(target_os = "linux") {
    "file or secret-service"
} else if cfg!(target_os = "macos") {
    "file or keychain"
} else {
    "file"
};

/// aws-vault's file-store directory: `AWS_VAULT_FILE_DIR`, default `~/.awsvault/keys/`, with a
/// leading `~` expanded as aws-vault does. `None` when it names the home and there is none.
pub fn file_dir(env: &Env) -> Option<PathBuf> {
    let dir = env.get("AWS_VAULT_FILE_DIR").unwrap_or("~/.awsvault/keys/");
    match dir.strip_prefix('~') {
        Some(rest) => {
            let home = crate::config::locate::home_dir(env)?;
            Some(PathBuf::from(home).join(rest.trim_start_matches(['/', '\\'])))
        }
        None => Some(PathBuf::from(dir)),
    }
}

impl<'a> AwsVault<'a> {
    /// The stores to read: the one `AWS_VAULT_BACKEND` names, else all aws-vault may have used
    /// here, in its order (the OS keychain first, the file store last).
    pub fn open(env: &Env, prompter: &'a dyn Prompter) -> anyhow::Result<Self> {
        let backend = env.get("AWS_VAULT_BACKEND");
        let wanted = |name: &str| backend.is_none_or(|b| b == name);
        let mut stores: Vec<Box<dyn Source + 'a>> = Vec::new();
        #[cfg(target_os = "macos")]
        if wanted("keychain") {
            stores.push(Box::new(keychain::KeychainSource::new(env)));
        }
        #[cfg(target_os = "linux")]
        if wanted("secret-service") {
            stores.push(Box::new(secret_service::SecretServiceSource::new(env)));
        }
        if wanted("file") {
            stores.push(Box::new(file::FileSource::new(env, prompter)));
        }
        if let (Some(name), true) = (backend, stores.is_empty()) {
            return Err(Hinted::new(
                format!("AWS_VAULT_BACKEND={name}: awsx cannot read aws-vault's {name} store (it reads {READABLE})"),
                "copy the keys through the environment instead: aws-vault exec PROFILE --no-session -- awsx add PROFILE --env",
            )
            .into());
        }
        Ok(AwsVault {
            stores,
            inventory: OnceCell::new(),
        })
    }

    /// Where awsx looked, for messages.
    pub fn looked_in(&self) -> String {
        let all: Vec<String> = self.stores.iter().map(|s| s.describe()).collect();
        all.join(", ")
    }

    fn inventory(&self) -> anyhow::Result<&Vec<(usize, Vec<String>)>> {
        if let Some(inventory) = self.inventory.get() {
            return Ok(inventory);
        }
        let mut present = Vec::new();
        for (at, store) in self.stores.iter().enumerate() {
            if let Some(names) = store.names()? {
                present.push((at, names));
            }
        }
        if present.is_empty() {
            return Err(Hinted::new(
                format!("no aws-vault store found: looked for {}", self.looked_in()),
                "if aws-vault keeps its keys elsewhere, set AWS_VAULT_BACKEND, AWS_VAULT_FILE_DIR or AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME as you do for aws-vault; or type the keys: awsx add PROFILE",
            )
            .into());
        }
        Ok(self.inventory.get_or_init(|| present))
    }

    /// Every name of long-term keys in the stores, each once (the first store wins), in order.
    pub fn profiles(&self) -> anyhow::Result<Vec<Found>> {
        let mut seen = std::collections::BTreeSet::new();
        let mut found = Vec::new();
        for (store, names) in self.inventory()? {
            for name in names {
                if !is_session_or_token(name) && seen.insert(name.clone()) {
                    found.push(Found {
                        name: name.clone(),
                        store: *store,
                    });
                }
            }
        }
        Ok(found)
    }

    /// The store holding `name`'s keys; an error listing what aws-vault does hold otherwise.
    pub fn find(&self, name: &str) -> anyhow::Result<Found> {
        let all = self.profiles()?;
        let names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
        let hint = if names.is_empty() {
            "aws-vault holds no long-term keys there (sessions are not copied); type the keys: awsx add PROFILE".to_string()
        } else {
            format!(
                "aws-vault holds keys for: {}; pass one of those names, or --all",
                names.join(", ")
            )
        };
        let present: Vec<String> = self
            .inventory()?
            .iter()
            .map(|(at, _)| self.stores[*at].describe())
            .collect();
        all.into_iter().find(|f| f.name == name).ok_or_else(|| {
            Hinted::new(
                format!(
                    "aws-vault has no keys for profile {name} (looked in {})",
                    present.join(", ")
                ),
                hint,
            )
            .into()
        })
    }

    /// Read the keys found; an error when the entry vanished or is not credentials.
    pub fn read(&self, found: &Found) -> anyhow::Result<Stored> {
        let store = &self.stores[found.store];
        let data = store.credentials(&found.name)?.ok_or_else(|| {
            EntryError::Unreadable(Hinted::new(
                format!(
                    "aws-vault's entry for {} vanished from {} while awsx read it",
                    found.name,
                    store.describe()
                ),
                "run again",
            ))
        })?;
        parse_credentials(&data).ok_or_else(|| {
            EntryError::Unreadable(Hinted::new(
                format!(
                    "aws-vault's entry for {} in {} does not hold credentials awsx understands",
                    found.name,
                    store.describe()
                ),
                "type the keys instead: awsx add PROFILE",
            ))
            .into()
        })
    }

    /// For messages: where `found` was.
    pub fn describe(&self, found: &Found) -> String {
        self.stores[found.store].describe()
    }

    /// aws-vault's command that removes `found`'s keys from the store they were read from.
    pub fn removal_command(&self, found: &Found) -> String {
        format!(
            "aws-vault --backend={} remove {}",
            self.stores[found.store].backend(),
            found.name
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_and_tokens_are_told_from_profiles() {
        let sessions = [
            "sts.GetSessionToken,Z2RzLXVzZXJz,YXJuOmF3czppYW06OjE6bWZhL2o,1700000000",
            "sts.AssumeRole,cHJvZA,,1700000000",
            "session,Z2RzLXVzZXJz,,17",
            "session:gds-users:arn:aws:iam::1:mfa/j:1700000000",
            "session:gds-users::1700000000",
            "gds-users session (1700000000)",
            "oidc:https://example.awsapps.com/start",
        ];
        for name in sessions {
            assert!(is_session_or_token(name), "{name}");
        }
        let profiles = [
            "gds-users",
            "prod/admin",
            "a:b",
            "session",
            "session:x",
            "x session (soon)",
            "a,b,c",
        ];
        for name in profiles {
            assert!(!is_session_or_token(name), "{name}");
        }
    }

    #[test]
    fn item_json_and_credentials_as_go_writes_them() {
        // aws-vault v7: keyring.Item around aws.Credentials (aws-sdk-go v2).
        let item = br#"{"Key":"gds-users","Data":"eyJBY2Nlc3NLZXlJRCI6IkFLSUFJT1NGT0ROTjdFWEFNUExFIiwiU2VjcmV0QWNjZXNzS2V5Ijoid0phbHJYVXRuRkVNSS9LN01ERU5HL2JQeFJmaUNZRVhBTVBMRUtFWSIsIlNlc3Npb25Ub2tlbiI6IiIsIlNvdXJjZSI6IiIsIkNhbkV4cGlyZSI6ZmFsc2UsIkV4cGlyZXMiOiIwMDAxLTAxLTAxVDAwOjAwOjAwWiIsIkFjY291bnRJRCI6IiJ9","Label":"aws-vault (gds-users)","Description":"","KeychainNotTrustApplication":true,"KeychainNotSynchronizable":false}"#;
        let data = item_data(item).expect("data");
        let Some(Stored::Keys(keys)) = parse_credentials(&data) else {
            panic!("keys expected");
        };
        assert_eq!(keys.access_key_id.as_str(), "AKIAIOSFODNN7EXAMPLE");
        assert_eq!(
            keys.secret_access_key.expose_secret(),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        );
        // aws-vault v4-v6: credentials.Value (aws-sdk-go v1), no session token.
        let v1 = br#"{"AccessKeyID":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"s","SessionToken":"","ProviderName":""}"#;
        assert!(matches!(parse_credentials(v1), Some(Stored::Keys(_))));
        let temporary =
            br#"{"AccessKeyID":"ASIAIOSFODNN7EXAMPLE","SecretAccessKey":"s","SessionToken":"t"}"#;
        assert!(matches!(
            parse_credentials(temporary),
            Some(Stored::Temporary)
        ));
        assert!(parse_credentials(b"{}").is_none());
        assert!(item_data(br#"{"Key":"x","Data":null}"#).is_none());
        assert!(item_data(b"not json").is_none());
    }

    #[test]
    fn the_file_dir_follows_aws_vault() {
        let env = |pairs: &[(&str, &str)]| {
            Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        };
        assert_eq!(
            file_dir(&env(&[("HOME", "/home/j")])),
            Some(PathBuf::from("/home/j/.awsvault/keys/"))
        );
        assert_eq!(
            file_dir(&env(&[("HOME", "/home/j"), ("AWS_VAULT_FILE_DIR", "~/v")])),
            Some(PathBuf::from("/home/j/v"))
        );
        assert_eq!(
            file_dir(&env(&[("AWS_VAULT_FILE_DIR", "/srv/keys")])),
            Some(PathBuf::from("/srv/keys"))
        );
        assert_eq!(file_dir(&env(&[])), None);
    }
}
