//! The environment of `awsx exec`'s child: the parent's, minus anything that could point the
//! child at other credentials or at the vault, plus the new credentials, region and awsx's own
//! markers. The child gets temporary credentials, never a way to the long-term keys: no vault
//! setting (`AWSX_*`, aws-vault's `AWS_VAULT_*`) reaches it, the file vault's passphrase least
//! of all (issue: the child could run `awsx exec --force BASE --no-session` with it).
//!
//! Pure: credentials, region and profile in; the variables to remove and to set out.

use crate::secret::Credentials;
use secrecy::ExposeSecret;

/// Variables that must not reach the child from the parent.
pub const REMOVED: [&str; 8] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_FILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_PROFILE",
    "AWS_SDK_LOAD_CONFIG",
];

/// Prefixes of awsx's and aws-vault's own settings: none reaches the child.
pub const REMOVED_PREFIXES: [&str; 2] = ["AWSX_", "AWS_VAULT_"];

/// The parent's variables the child must not see: `REMOVED`, and every variable named with a
/// `REMOVED_PREFIXES` prefix (the markers awsx sets itself are set again afterwards).
pub fn removed_from<'a>(parent: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    parent
        .into_iter()
        .filter(|name| REMOVED_PREFIXES.iter().any(|p| name.starts_with(p)))
        .map(str::to_string)
        .collect()
}

#[derive(PartialEq, Eq)]
pub struct ChildEnv {
    pub remove: Vec<&'static str>,
    /// Variables of the parent's to remove as well (its vault settings).
    pub remove_inherited: Vec<String>,
    pub set: Vec<(&'static str, String)>,
}

// The values are credentials.
impl std::fmt::Debug for ChildEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.set.iter().map(|(k, _)| *k).collect();
        f.debug_struct("ChildEnv")
            .field("remove", &self.remove)
            .field("remove_inherited", &self.remove_inherited)
            .field("set", &names)
            .finish()
    }
}

/// `parent`: the names of the parent's variables (values are not needed).
pub fn child_env<'a>(
    creds: &Credentials,
    region: Option<&str>,
    profile: &str,
    parent: impl IntoIterator<Item = &'a str>,
) -> ChildEnv {
    let mut set = vec![
        (
            "AWS_ACCESS_KEY_ID",
            creds.access_key_id.as_str().to_string(),
        ),
        (
            "AWS_SECRET_ACCESS_KEY",
            creds.secret_access_key.expose_secret().to_string(),
        ),
    ];
    if let Some(token) = &creds.session_token {
        set.push(("AWS_SESSION_TOKEN", token.expose_secret().to_string()));
    }
    let mut remove = REMOVED.to_vec();
    match creds.expires_at {
        Some(at) => set.push(("AWS_CREDENTIAL_EXPIRATION", crate::timefmt::rfc3339_z(at))),
        None => remove.push("AWS_CREDENTIAL_EXPIRATION"),
    }
    finish(set, remove, region, profile, parent)
}

/// What every child gets besides its credentials: the region, the markers of an awsx (and
/// aws-vault) session, and none of the parent's awsx or aws-vault settings.
fn finish<'a>(
    mut set: Vec<(&'static str, String)>,
    remove: Vec<&'static str>,
    region: Option<&str>,
    profile: &str,
    parent: impl IntoIterator<Item = &'a str>,
) -> ChildEnv {
    if let Some(region) = region {
        set.push(("AWS_REGION", region.to_string()));
        set.push(("AWS_DEFAULT_REGION", region.to_string()));
    }
    set.push(("AWSX_PROFILE", profile.to_string()));
    set.push(("AWS_VAULT", profile.to_string()));
    ChildEnv {
        remove,
        remove_inherited: removed_from(parent),
        set,
    }
}

/// The container-credentials variables that could point the child elsewhere: the relative
/// URI and the token file win over the full URI and the token in some SDKs.
const CONTAINER_OTHERS: [&str; 3] = [
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_CREDENTIAL_EXPIRATION",
];

/// The child's environment under `exec --server`: no key variables at all, the endpoint and
/// its token instead (issue 12).
pub fn server_env<'a>(
    uri: &str,
    token: &secrecy::SecretString,
    region: Option<&str>,
    profile: &str,
    parent: impl IntoIterator<Item = &'a str>,
) -> ChildEnv {
    let mut remove = REMOVED.to_vec();
    remove.extend(CONTAINER_OTHERS);
    let set = vec![
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.to_string()),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            token.expose_secret().to_string(),
        ),
    ];
    finish(set, remove, region, profile, parent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{AccessKeyId, SecretAccessKey};
    use secrecy::SecretString;

    #[test]
    fn temporary_credentials_with_region() {
        let creds = Credentials {
            access_key_id: AccessKeyId::new("ASIAEXAMPLE".into()),
            secret_access_key: SecretAccessKey::new("secret-value".into()),
            session_token: Some(SecretString::from("token-value".to_string())),
            expires_at: Some(1_795_363_200),
        };
        let parent = [
            "PATH",
            "AWSX_FILE_PASSPHRASE",
            "AWSX_FILE_DIR",
            "AWSX_BACKEND",
            "AWS_VAULT_FILE_PASSPHRASE",
            "AWS_VAULT_BACKEND",
            "AWS_VAULTED",
            "AWS_REGION",
        ];
        let env = child_env(
            &creds,
            Some("eu-west-1"),
            "production-infrastructure",
            parent,
        );
        assert_eq!(
            env.remove_inherited,
            [
                "AWSX_FILE_PASSPHRASE",
                "AWSX_FILE_DIR",
                "AWSX_BACKEND",
                "AWS_VAULT_FILE_PASSPHRASE",
                "AWS_VAULT_BACKEND",
            ]
        );
        let set: Vec<(&str, &str)> = env.set.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            set,
            [
                ("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE"),
                ("AWS_SECRET_ACCESS_KEY", "secret-value"),
                ("AWS_SESSION_TOKEN", "token-value"),
                ("AWS_CREDENTIAL_EXPIRATION", "2026-11-22T16:00:00Z"),
                ("AWS_REGION", "eu-west-1"),
                ("AWS_DEFAULT_REGION", "eu-west-1"),
                ("AWSX_PROFILE", "production-infrastructure"),
                ("AWS_VAULT", "production-infrastructure"),
            ]
        );
        assert_eq!(env.remove, REMOVED.to_vec());
        let shown = format!("{env:?}");
        assert!(
            !shown.contains("secret-value") && !shown.contains("token-value"),
            "{shown}"
        );
    }

    #[test]
    fn server_mode_gives_the_endpoint_and_no_keys() {
        let token = SecretString::from("t0ken".to_string());
        let env = server_env(
            "http://127.0.0.1:1234/",
            &token,
            Some("eu-west-1"),
            "p",
            ["AWSX_FILE_PASSPHRASE"],
        );
        let names: Vec<&str> = env.set.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                "AWS_REGION",
                "AWS_DEFAULT_REGION",
                "AWSX_PROFILE",
                "AWS_VAULT"
            ]
        );
        for name in [
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        ] {
            assert!(env.remove.contains(&name), "{name}");
        }
        assert_eq!(env.remove_inherited, ["AWSX_FILE_PASSPHRASE"]);
        assert!(!format!("{env:?}").contains("t0ken"));
    }

    #[test]
    fn long_term_keys_without_region() {
        let creds = Credentials {
            access_key_id: AccessKeyId::new("AKIAEXAMPLE".into()),
            secret_access_key: SecretAccessKey::new("s".into()),
            session_token: None,
            expires_at: None,
        };
        let env = child_env(&creds, None, "p", []);
        let names: Vec<&str> = env.set.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            [
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
                "AWSX_PROFILE",
                "AWS_VAULT"
            ]
        );
        assert!(env.remove.contains(&"AWS_CREDENTIAL_EXPIRATION"));
    }
}
