//! Secret-bearing values and how they may be shown.
//!
//! Pure. A secret is wrapped from the moment it exists and its `Debug` never shows it;
//! `expose_secret()` calls stay few and easy to grep. Access key ids are not secret but are
//! still shown masked to humans (`****ABCD`).

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// Show only the last four characters of an identifier: `****ABCD`.
pub fn mask(id: &str) -> String {
    let tail: String = id
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("****{tail}")
}

/// What `config show` prints instead of a secret value.
pub const MASKED: &str = "********";

/// An AWS secret access key.
#[derive(Clone)]
pub struct SecretAccessKey(SecretString);

impl SecretAccessKey {
    pub fn new(value: String) -> Self {
        SecretAccessKey(SecretString::from(value))
    }

    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for SecretAccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretAccessKey(********)")
    }
}

/// Keys whose values are credentials when they appear in a config or credentials file.
pub fn is_secret_key(key: &str) -> bool {
    matches!(
        key,
        "aws_secret_access_key" | "aws_session_token" | "aws_security_token"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_ids() {
        assert_eq!(mask("AKIAIOSFODNN7EXAMPLE"), "****MPLE");
        assert_eq!(mask("ab"), "****ab");
    }

    #[test]
    fn debug_hides_the_secret() {
        let secret = SecretAccessKey::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into());
        let shown = format!("{secret:?}");
        assert!(!shown.contains("wJalr"), "{shown}");
        assert_eq!(
            secret.expose_secret(),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        );
    }
}
