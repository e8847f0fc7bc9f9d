//! Test-only helpers (compiled under `cfg(test)` only): a seeded text mutator for the
//! fuzz-style tests that run thousands of damaged inputs through the parsers. Deterministic,
//! so a failure names the seed and iteration that reproduce it; no fuzz framework needed.

/// A small xorshift generator: reproducible, and good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// Characters that mean something to the parsers, and some that are wider than a byte.
const ALPHABET: &[char] = &[
    'é', '日', '\u{0}', '\n', '\r', '\t', ' ', '[', ']', '=', '#', ';', '"', '{', '}', ',', ':',
    '+', '-', '.', 'T', 'Z', '0', '1', '9', 'a', '\\',
];

/// `seed` with one to four random edits: delete, insert, replace, duplicate or cut.
pub fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut chars: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        let c = ALPHABET[rng.below(ALPHABET.len())];
        match rng.below(5) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, c),
            2 if at < chars.len() => chars[at] = c,
            3 => {
                let end = (at + rng.below(16)).min(chars.len());
                let copy: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, copy);
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

/// A hand-written AWS (STS, IAM and console federation) for the in-process tests of the
/// executor and the commands: what they call, in order, is the thing under test, so every call
/// goes into one shared log. moto covers the wire in tests/cli. It hands out temporary
/// credentials `ASIATEMP1`, `ASIATEMP2`, … in call order, and keeps one IAM user's keys and MFA
/// devices.
#[derive(Clone, Default)]
pub struct FakeAws {
    pub calls: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
    pub iam: std::rc::Rc<std::cell::RefCell<FakeIamState>>,
    issued: std::rc::Rc<std::cell::Cell<u64>>,
}

/// The IAM user the fake knows: `jane.doe` with her access key ids and MFA devices.
#[derive(Default)]
pub struct FakeIamState {
    pub keys: Vec<String>,
    pub mfa_devices: Vec<String>,
}

use crate::aws::{AssumeRoleRequest, AwsError, CallerIdentity, Endpoint, Mfa};
use crate::secret::{AccessKeyId, Credentials, LongTermKeys, SecretAccessKey};
use secrecy::SecretString;

impl FakeAws {
    /// The calls so far, one line each.
    pub fn log(&self) -> Vec<String> {
        self.calls.borrow().clone()
    }

    fn record(&self, call: String) {
        self.calls.borrow_mut().push(call);
    }

    fn temporary(&self) -> Credentials {
        let n = self.issued.get() + 1;
        self.issued.set(n);
        Credentials {
            access_key_id: AccessKeyId::new(format!("ASIATEMP{n}")),
            secret_access_key: SecretAccessKey::new(format!("temp-secret-{n}")),
            session_token: Some(SecretString::from(format!("temp-token-{n}"))),
            expires_at: Some(4_000_000_000),
        }
    }
}

impl crate::aws::Clients for FakeAws {
    fn sts(&self, endpoint: &Endpoint) -> Box<dyn crate::aws::Sts> {
        self.record(format!("client STS {}", endpoint.region));
        Box::new(self.clone())
    }

    fn iam(&self, endpoint: &Endpoint) -> Box<dyn crate::aws::iam::Iam> {
        self.record(format!("client IAM {}", endpoint.region));
        Box::new(self.clone())
    }

    fn federation(&self) -> Box<dyn crate::aws::federation::Federation> {
        Box::new(self.clone())
    }
}

impl crate::aws::Sts for FakeAws {
    fn get_session_token(
        &self,
        _: &Credentials,
        duration: u64,
        mfa: Option<&Mfa>,
    ) -> Result<Credentials, AwsError> {
        self.record(format!("GetSessionToken {duration} mfa={}", mfa.is_some()));
        Ok(self.temporary())
    }

    fn assume_role(
        &self,
        signer: &Credentials,
        request: &AssumeRoleRequest,
        mfa: Option<&Mfa>,
    ) -> Result<Credentials, AwsError> {
        self.record(format!(
            "AssumeRole {} as {} from {} mfa={}",
            request.role_arn,
            request.session_name,
            signer.access_key_id.as_str(),
            mfa.is_some()
        ));
        Ok(self.temporary())
    }

    fn get_caller_identity(&self, signer: &Credentials) -> Result<CallerIdentity, AwsError> {
        self.record(format!(
            "GetCallerIdentity from {}",
            signer.access_key_id.as_str()
        ));
        Ok(CallerIdentity {
            account: "398263320410".into(),
            arn: "arn:aws:iam::398263320410:user/jane.doe".into(),
            user_id: "AIDAEXAMPLE".into(),
        })
    }

    fn get_federation_token(
        &self,
        _: &Credentials,
        name: &str,
        duration: u64,
    ) -> Result<Credentials, AwsError> {
        self.record(format!("GetFederationToken {name} {duration}"));
        Ok(self.temporary())
    }
}

impl crate::aws::iam::Iam for FakeAws {
    fn get_user_name(&self, _: &Credentials) -> Result<String, AwsError> {
        self.record("GetUser".into());
        Ok("jane.doe".into())
    }

    fn list_access_keys(
        &self,
        _: &Credentials,
        user: &str,
    ) -> Result<Vec<crate::aws::iam::KeyInfo>, AwsError> {
        self.record(format!("ListAccessKeys {user}"));
        Ok(self
            .iam
            .borrow()
            .keys
            .iter()
            .map(|id| crate::aws::iam::KeyInfo {
                access_key_id: id.clone(),
                active: true,
                created_at: None,
            })
            .collect())
    }

    fn create_access_key(
        &self,
        _: &Credentials,
        user: &str,
    ) -> Result<(LongTermKeys, Option<u64>), AwsError> {
        self.record(format!("CreateAccessKey {user}"));
        let mut iam = self.iam.borrow_mut();
        let id = format!("AKIAFAKE{:012}", iam.keys.len() + 1);
        iam.keys.push(id.clone());
        let keys = LongTermKeys {
            access_key_id: AccessKeyId::new(id),
            secret_access_key: SecretAccessKey::new("n".repeat(40)),
        };
        Ok((keys, Some(1_800_000_000)))
    }

    fn delete_access_key(&self, _: &Credentials, user: &str, id: &str) -> Result<(), AwsError> {
        self.record(format!("DeleteAccessKey {user} {id}"));
        self.iam.borrow_mut().keys.retain(|k| k != id);
        Ok(())
    }

    fn last_used(&self, _: &Credentials, id: &str) -> Result<Option<u64>, AwsError> {
        self.record(format!("GetAccessKeyLastUsed {id}"));
        Ok(None)
    }

    fn list_mfa_devices(&self, _: &Credentials, user: &str) -> Result<Vec<String>, AwsError> {
        self.record(format!("ListMFADevices {user}"));
        Ok(self.iam.borrow().mfa_devices.clone())
    }
}

impl crate::aws::federation::Federation for FakeAws {
    fn signin_token(&self, _: &SecretString) -> Result<SecretString, AwsError> {
        self.record("getSigninToken".into());
        Ok(SecretString::from("fake-signin-token".to_string()))
    }
}
