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

/// An access key id (`AKIA…` long-term, `ASIA…` temporary). Not a secret, but shown to humans
/// masked.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKeyId(String);

impl AccessKeyId {
    pub fn new(id: String) -> Self {
        AccessKeyId(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for AccessKeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccessKeyId({})", self.masked())
    }
}

/// A long-term IAM user key pair, as kept in the vault.
#[derive(Clone, Debug)]
pub struct LongTermKeys {
    pub access_key_id: AccessKeyId,
    pub secret_access_key: SecretAccessKey,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyShapeError {
    #[error("access key id {0} is a temporary (ASIA…) key; the vault keeps long-term keys only")]
    Temporary(String),
    #[error(
        "access key id {0} is not a long-term access key id (AKIA followed by 16 letters or digits)"
    )]
    BadId(String),
    #[error("the secret access key should be 40 characters long, not {0}")]
    BadSecret(usize),
}

impl crate::error::Hint for KeyShapeError {
    fn hint(&self) -> String {
        String::from({
            match self {
                KeyShapeError::Temporary(_) => {
                    "create an access key for your IAM user (IAM console → Security credentials) and add that"
                }
                KeyShapeError::BadId(_) | KeyShapeError::BadSecret(_) => {
                    "copy both values again from the IAM console or the CSV file of the access key"
                }
            }
        })
    }
}

/// Check the shapes IAM gives long-term keys before storing them.
pub fn validate_long_term_keys(id: &str, secret: &SecretAccessKey) -> Result<(), KeyShapeError> {
    let shaped = |prefix: &str| {
        id.len() == 20
            && id.starts_with(prefix)
            && id
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    if shaped("ASIA") {
        return Err(KeyShapeError::Temporary(mask(id)));
    }
    if !shaped("AKIA") {
        return Err(KeyShapeError::BadId(mask(id)));
    }
    let len = secret.expose_secret().chars().count();
    if len != 40 {
        return Err(KeyShapeError::BadSecret(len));
    }
    Ok(())
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
    fn key_shapes() {
        let good = SecretAccessKey::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into());
        assert_eq!(
            validate_long_term_keys("AKIAIOSFODNN7EXAMPLE", &good),
            Ok(())
        );
        assert!(matches!(
            validate_long_term_keys("ASIAIOSFODNN7EXAMPLE", &good),
            Err(KeyShapeError::Temporary(_))
        ));
        for id in [
            "AKIA",
            "akiaiosfodnn7example",
            "AKIAIOSFODNN7EXAMPLE1",
            "XKIAIOSFODNN7EXAMPLE",
        ] {
            assert!(
                matches!(
                    validate_long_term_keys(id, &good),
                    Err(KeyShapeError::BadId(_))
                ),
                "{id}"
            );
        }
        let short = SecretAccessKey::new("short".into());
        assert_eq!(
            validate_long_term_keys("AKIAIOSFODNN7EXAMPLE", &short),
            Err(KeyShapeError::BadSecret(5))
        );
        // Errors never carry the secret, and show the id masked.
        let err = validate_long_term_keys("ASIAIOSFODNN7EXAMPLE", &good).expect_err("temporary");
        assert!(!err.to_string().contains("ASIAIOSFODNN7EXAMPLE"));
    }

    #[test]
    fn key_pair_debug_hides_secret_and_masks_id() {
        let keys = LongTermKeys {
            access_key_id: AccessKeyId::new("AKIAIOSFODNN7EXAMPLE".into()),
            secret_access_key: SecretAccessKey::new(
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            ),
        };
        let shown = format!("{keys:?}");
        assert!(
            !shown.contains("wJalr") && !shown.contains("AKIAIOSFODNN7EXAMPLE"),
            "{shown}"
        );
        assert!(shown.contains("****MPLE"));
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

/// Credentials ready to hand to a child or an SDK: long-term keys or a temporary session.
#[derive(Clone)]
pub struct Credentials {
    pub access_key_id: AccessKeyId,
    pub secret_access_key: SecretAccessKey,
    pub session_token: Option<SecretString>,
    /// Unix seconds; `None` for long-term keys.
    pub expires_at: Option<u64>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"********")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "********"),
            )
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl From<LongTermKeys> for Credentials {
    fn from(keys: LongTermKeys) -> Self {
        Credentials {
            access_key_id: keys.access_key_id,
            secret_access_key: keys.secret_access_key,
            session_token: None,
            expires_at: None,
        }
    }
}

/// How credentials are kept in the vault's session cache.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct CachedCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    pub expires_at: u64,
    /// What the credentials were made for; a cache entry made with other parameters is a miss.
    pub fingerprint: String,
}

impl Drop for CachedCredentials {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.secret_access_key.zeroize();
        if let Some(token) = self.session_token.as_mut() {
            token.zeroize();
        }
    }
}

impl CachedCredentials {
    pub fn new(creds: &Credentials, expires_at: u64, fingerprint: String) -> Self {
        CachedCredentials {
            access_key_id: creds.access_key_id.as_str().to_string(),
            secret_access_key: creds.secret_access_key.expose_secret().to_string(),
            session_token: creds
                .session_token
                .as_ref()
                .map(|t| t.expose_secret().to_string()),
            expires_at,
            fingerprint,
        }
    }

    pub fn to_credentials(&self) -> Credentials {
        Credentials {
            access_key_id: AccessKeyId::new(self.access_key_id.clone()),
            secret_access_key: SecretAccessKey::new(self.secret_access_key.clone()),
            session_token: self.session_token.clone().map(SecretString::from),
            expires_at: Some(self.expires_at),
        }
    }
}

/// An MFA one-time code: six digits, what every AWS MFA device shows and the only form STS
/// accepts as `TokenCode` (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html).
#[derive(Clone)]
pub struct MfaCode(SecretString);

/// Text that is not a six-digit code. Says nothing of the text: it may be a code with a typo.
#[derive(Debug, thiserror::Error)]
#[error("an MFA code is six digits")]
pub struct NotAnMfaCode;

impl MfaCode {
    /// Six ASCII digits, after trimming the whitespace around them.
    pub fn parse(text: &str) -> Result<Self, NotAnMfaCode> {
        let code = text.trim();
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(MfaCode(SecretString::from(code.to_string())))
        } else {
            Err(NotAnMfaCode)
        }
    }

    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for MfaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MfaCode(******)")
    }
}

#[cfg(test)]
mod credential_tests {
    use super::*;

    #[test]
    fn debug_of_session_credentials_and_codes_hides_secrets() {
        let creds = Credentials {
            access_key_id: AccessKeyId::new("ASIAIOSFODNN7EXAMPLE".into()),
            secret_access_key: SecretAccessKey::new(
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            ),
            session_token: Some(SecretString::from("FwoGZXIvYXdzEXAMPLETOKEN".to_string())),
            expires_at: Some(1),
        };
        let code = MfaCode::parse("123456").expect("a code");
        let shown = format!("{creds:?} {code:?} {}", NotAnMfaCode);
        for secret in ["wJalr", "FwoGZXIvYXdz", "123456", "ASIAIOSFODNN7EXAMPLE"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        let cached = CachedCredentials::new(&creds, 9, "f".into());
        let back = cached.to_credentials();
        assert_eq!(
            back.secret_access_key.expose_secret(),
            creds.secret_access_key.expose_secret()
        );
        assert_eq!(back.expires_at, Some(9));
    }

    #[test]
    fn mfa_codes_are_six_digits_after_trimming() {
        for good in ["123456", " 123456\n", "000000", "\t987654\r\n"] {
            let code = MfaCode::parse(good).expect(good);
            assert_eq!(code.expose_secret(), good.trim());
        }
        for bad in [
            "",
            " ",
            "12345",
            "1234567",
            "12 456",
            "12345a",
            "１２３４５６",
            "-12345",
            "+123456",
        ] {
            assert!(MfaCode::parse(bad).is_err(), "{bad:?}");
        }
    }
}
