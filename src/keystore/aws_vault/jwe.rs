//! Opening aws-vault's file-store entries: a compact JWE (RFC 7516 §7.1) whose key is wrapped
//! with `PBES2-HS256+A128KW` (RFC 7518 §4.8) and whose content is encrypted with `A256GCM`
//! (RFC 7518 §5.3), the one combination aws-vault's JOSE library (jose2go) writes. Pure: bytes in,
//! bytes out; it only decrypts, never encrypts.
//!
//! No crypto is written here. PBKDF2-HMAC-SHA256, AES key unwrap (RFC 3394) and AES-256-GCM
//! come from aws-lc-rs, the library already linked for TLS; this module only wires them
//! together the way RFC 7518 says (the salt is `alg || 0x00 || p2s`, the AAD is the encoded
//! protected header). It exists because no maintained pure-Rust JOSE crate on crates.io
//! decrypts PBES2: josekit needs OpenSSL, `jose` has no JWE yet, and `no-way` is unmaintained
//! and carries its own AES key wrap.

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use aws_lc_rs::key_wrap::{AES_128, AesKek, KeyWrap};
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use std::num::NonZeroU32;
use zeroize::Zeroizing;

const ALG: &str = "PBES2-HS256+A128KW";
const ENC: &str = "A256GCM";
/// jose2go writes 8192 iterations and refuses more than 1,300,000; a hostile file must not be
/// able to make awsx spin for minutes, so this bound is enforced before deriving anything.
pub const MAX_ITERATIONS: u32 = 1_300_000;

/// Base64url as JOSE writes it: no padding, though padding is tolerated.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum JweError {
    /// Not a compact JWE, or one whose parts are not what its header says.
    #[error("it is not a JWE in compact form ({0})")]
    Malformed(&'static str),
    #[error("it uses {0}, which aws-vault does not write (expected {ALG} with {ENC})")]
    Unsupported(String),
    /// The key would not unwrap: almost always a wrong passphrase.
    #[error("the passphrase does not open it")]
    WrongPassphrase,
    /// The key unwrapped but the content failed its integrity check: the file was altered.
    #[error("its contents fail their integrity check")]
    Corrupt,
}

#[derive(serde::Deserialize)]
struct Header {
    alg: String,
    enc: String,
    p2s: String,
    p2c: u64,
    #[serde(default)]
    zip: Option<String>,
    #[serde(default)]
    crit: Option<serde_json::Value>,
}

fn part(text: &str, what: &'static str) -> Result<Vec<u8>, JweError> {
    B64URL.decode(text).map_err(|_| JweError::Malformed(what))
}

/// Decrypt `token` with `passphrase`; the plaintext is wiped when dropped.
pub fn decrypt(token: &str, passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>, JweError> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    let [header_b64, key_b64, iv_b64, ciphertext_b64, tag_b64] = parts[..] else {
        return Err(JweError::Malformed("it does not have five parts"));
    };
    let header: Header = serde_json::from_slice(&part(header_b64, "bad header encoding")?)
        .map_err(|_| JweError::Malformed("its header is not the JSON expected"))?;
    if header.alg != ALG || header.enc != ENC {
        return Err(JweError::Unsupported(format!(
            "{} with {}",
            header.alg, header.enc
        )));
    }
    if let Some(zip) = header.zip {
        return Err(JweError::Unsupported(format!("compression {zip}")));
    }
    if header.crit.is_some() {
        return Err(JweError::Unsupported("critical header extensions".into()));
    }
    let iterations = u32::try_from(header.p2c)
        .ok()
        .filter(|n| *n <= MAX_ITERATIONS)
        .and_then(NonZeroU32::new)
        .ok_or(JweError::Malformed("its iteration count is out of range"))?;
    let p2s = part(&header.p2s, "bad salt encoding")?;
    let wrapped = part(key_b64, "bad key encoding")?;
    let iv = part(iv_b64, "bad IV encoding")?;
    let mut sealed = Zeroizing::new(part(ciphertext_b64, "bad ciphertext encoding")?);
    sealed.extend_from_slice(&part(tag_b64, "bad tag encoding")?);
    // A256GCM's key is 32 bytes, so the wrapped key is 40; its IV is 96 bits.
    if wrapped.len() != 40 || iv.len() != 12 || sealed.len() < 16 {
        return Err(JweError::Malformed("its parts have the wrong lengths"));
    }

    // RFC 7518 §4.8.1.1: the PBKDF2 salt is the alg name, a zero byte, then p2s.
    let mut salt = Vec::with_capacity(ALG.len() + 1 + p2s.len());
    salt.extend_from_slice(ALG.as_bytes());
    salt.push(0);
    salt.extend_from_slice(&p2s);
    let mut kek = Zeroizing::new([0u8; 16]);
    aws_lc_rs::pbkdf2::derive(
        aws_lc_rs::pbkdf2::PBKDF2_HMAC_SHA256,
        iterations,
        &salt,
        passphrase,
        kek.as_mut(),
    );

    let mut cek = Zeroizing::new([0u8; 32]);
    let unwrapped = AesKek::new(&AES_128, kek.as_ref())
        .map_err(|_| JweError::WrongPassphrase)?
        .unwrap(&wrapped, cek.as_mut())
        .map_err(|_| JweError::WrongPassphrase)?;
    if unwrapped.len() != 32 {
        return Err(JweError::Malformed("its content key has the wrong length"));
    }

    let key = LessSafeKey::new(
        UnboundKey::new(&AES_256_GCM, cek.as_ref()).map_err(|_| JweError::Corrupt)?,
    );
    let nonce = Nonce::try_assume_unique_for_key(&iv).map_err(|_| JweError::Corrupt)?;
    // RFC 7516 §5.2 step 14: the AAD is the protected header exactly as encoded in the token.
    let plain_len = key
        .open_in_place(nonce, Aad::from(header_b64.as_bytes()), &mut sealed)
        .map_err(|_| JweError::Corrupt)?
        .len();
    sealed.truncate(plain_len);
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made once by an independent implementation (Python joserfc 1.8, the test venv's JOSE
    /// library) with the header aws-vault's jose2go writes (`created`, 8192 iterations, a
    /// 12-byte salt): passphrase "correct horse", payload `{"Key":"gds-users"}`.
    const TOKEN: &str = concat!(
        "eyJhbGciOiJQQkVTMi1IUzI1NitBMTI4S1ciLCJlbmMiOiJBMjU2R0NNIiwiY3JlYXRlZCI6IjIwMjQtMDEt",
        "MDIgMTU6MDQ6MDUuMDAwMDAwMDAwICswMDAwIFVUQyBtPSswLjAwMDAwMDAwMSIsInAyYyI6ODE5MiwicDJz",
        "IjoiQVFJREJBVUdCd2dKQ2dzTSJ9",
        ".zZmcrYvmVxzSXMXZkbJeubyoC1NzWeXs809zsP3yVH0hMqefwYL41w",
        ".G1gb1cIDaNQyQcVw",
        ".3yGl6oywu4iqOjTxaIj5JuJ73A",
        ".kbGVeA2UskhOJhEBqsYhmw",
    );

    #[test]
    fn opens_a_token_from_another_implementation() {
        let plain = decrypt(TOKEN, b"correct horse").expect("decrypt");
        assert_eq!(plain.as_slice(), br#"{"Key":"gds-users"}"#);
    }

    #[test]
    fn a_wrong_passphrase_is_told_apart_from_damage() {
        assert_eq!(
            decrypt(TOKEN, b"wrong horse"),
            Err(JweError::WrongPassphrase)
        );
        // Flip one bit of the ciphertext: the key still unwraps, the content does not verify.
        let mut parts: Vec<String> = TOKEN.split('.').map(str::to_string).collect();
        let mut ct = B64URL.decode(&parts[3]).expect("b64");
        ct[0] ^= 1;
        parts[3] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(ct);
        assert_eq!(
            decrypt(&parts.join("."), b"correct horse"),
            Err(JweError::Corrupt)
        );
        // A changed header changes the AAD: also caught.
        let mut parts: Vec<String> = TOKEN.split('.').map(str::to_string).collect();
        let header = String::from_utf8(B64URL.decode(&parts[0]).expect("b64")).expect("utf8");
        let header = header.replace("2024", "2025");
        parts[0] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(header);
        assert_eq!(
            decrypt(&parts.join("."), b"correct horse"),
            Err(JweError::Corrupt)
        );
    }

    fn with_header(json: &str) -> String {
        let mut parts: Vec<String> = TOKEN.split('.').map(str::to_string).collect();
        parts[0] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
        parts.join(".")
    }

    #[test]
    fn refuses_what_aws_vault_never_writes_before_any_work() {
        let cases = [
            (
                r#"{"alg":"PBES2-HS512+A256KW","enc":"A256GCM","p2s":"AAAA","p2c":8192}"#,
                "Unsupported",
            ),
            (
                r#"{"alg":"PBES2-HS256+A128KW","enc":"A128CBC-HS256","p2s":"AAAA","p2c":8192}"#,
                "Unsupported",
            ),
            (
                r#"{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2s":"AAAA","p2c":8192,"zip":"DEF"}"#,
                "Unsupported",
            ),
            (
                r#"{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2s":"AAAA","p2c":99999999999}"#,
                "Malformed",
            ),
            (
                r#"{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2s":"AAAA","p2c":0}"#,
                "Malformed",
            ),
            (r#"{"alg":"PBES2-HS256+A128KW"}"#, "Malformed"),
        ];
        for (header, want) in cases {
            let got = decrypt(&with_header(header), b"correct horse").expect_err(header);
            assert!(format!("{got:?}").starts_with(want), "{header}: {got:?}");
        }
        for token in ["", "a.b.c.d", "a.b.c.d.e.f", "!!.b.c.d.e"] {
            assert!(matches!(decrypt(token, b"x"), Err(JweError::Malformed(_))));
        }
    }
}
