//! IAM calls for the key lifecycle (`rotate`, `mfa`), behind the `Iam` trait; the adapter uses
//! aws-sdk-iam with the same lazily started runtime as STS.

use super::sdk::{SdkSts, map_error};
use super::{AwsError, Endpoint};
use crate::secret::{AccessKeyId, Credentials, LongTermKeys, SecretAccessKey};
use aws_sdk_iam::config::{BehaviorVersion, Region};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyInfo {
    pub access_key_id: String,
    pub active: bool,
    /// Unix seconds.
    pub created_at: Option<u64>,
}

pub trait Iam {
    fn get_user_name(&self, credentials: &Credentials) -> Result<String, AwsError>;
    fn list_access_keys(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<Vec<KeyInfo>, AwsError>;
    /// The new key pair and its creation time.
    fn create_access_key(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<(LongTermKeys, Option<u64>), AwsError>;
    fn delete_access_key(
        &self,
        credentials: &Credentials,
        user: &str,
        id: &str,
    ) -> Result<(), AwsError>;
    /// When a key was last used (Unix seconds), if ever.
    fn last_used(&self, credentials: &Credentials, id: &str) -> Result<Option<u64>, AwsError>;
    fn list_mfa_devices(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<Vec<String>, AwsError>;
}

pub struct SdkIam {
    endpoint: Endpoint,
    /// Reuses STS's lazily created runtime.
    runner: SdkSts,
}

impl SdkIam {
    pub fn new(endpoint: Endpoint) -> Self {
        SdkIam {
            runner: SdkSts::new(endpoint.clone()),
            endpoint,
        }
    }

    fn client(&self, c: &Credentials) -> aws_sdk_iam::Client {
        // The SDK crates share their credential and timeout types.
        let creds = super::sdk::sdk_credentials(c);
        let timeouts = super::sdk::timeouts();
        let mut config = aws_sdk_iam::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(self.endpoint.region.clone()))
            .credentials_provider(creds)
            .timeout_config(timeouts)
            .retry_config(aws_sdk_iam::config::retry::RetryConfig::standard().with_max_attempts(2));
        if let Some(url) = &self.endpoint.url {
            config = config.endpoint_url(url);
        }
        aws_sdk_iam::Client::from_conf(config.build())
    }
}

fn secs(t: Option<&aws_sdk_iam::primitives::DateTime>) -> Option<u64> {
    t.and_then(|t| u64::try_from(t.secs()).ok())
}

impl Iam for SdkIam {
    fn get_user_name(&self, credentials: &Credentials) -> Result<String, AwsError> {
        let out = self
            .runner
            .block_on(self.client(credentials).get_user().send())?
            .map_err(|e| map_error("IAM", "GetUser", &self.endpoint, e))?;
        out.user()
            .map(|u| u.user_name().to_string())
            .ok_or(AwsError::Other {
                service: "IAM",
                operation: "GetUser",
                message: "no user in the answer".into(),
            })
    }

    fn list_access_keys(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<Vec<KeyInfo>, AwsError> {
        let out = self
            .runner
            .block_on(
                self.client(credentials)
                    .list_access_keys()
                    .user_name(user)
                    .send(),
            )?
            .map_err(|e| map_error("IAM", "ListAccessKeys", &self.endpoint, e))?;
        Ok(out
            .access_key_metadata()
            .iter()
            .map(|k| KeyInfo {
                access_key_id: k.access_key_id().unwrap_or_default().to_string(),
                active: k.status().is_some_and(|s| s.as_str() == "Active"),
                created_at: secs(k.create_date()),
            })
            .collect())
    }

    fn create_access_key(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<(LongTermKeys, Option<u64>), AwsError> {
        let out = self
            .runner
            .block_on(
                self.client(credentials)
                    .create_access_key()
                    .user_name(user)
                    .send(),
            )?
            .map_err(|e| map_error("IAM", "CreateAccessKey", &self.endpoint, e))?;
        let key = out.access_key().ok_or(AwsError::Other {
            service: "IAM",
            operation: "CreateAccessKey",
            message: "no key in the answer".into(),
        })?;
        Ok((
            LongTermKeys {
                access_key_id: AccessKeyId::new(key.access_key_id().to_string()),
                secret_access_key: SecretAccessKey::new(key.secret_access_key().to_string()),
            },
            secs(key.create_date()),
        ))
    }

    fn delete_access_key(
        &self,
        credentials: &Credentials,
        user: &str,
        id: &str,
    ) -> Result<(), AwsError> {
        self.runner
            .block_on(
                self.client(credentials)
                    .delete_access_key()
                    .user_name(user)
                    .access_key_id(id)
                    .send(),
            )?
            .map_err(|e| map_error("IAM", "DeleteAccessKey", &self.endpoint, e))?;
        Ok(())
    }

    fn last_used(&self, credentials: &Credentials, id: &str) -> Result<Option<u64>, AwsError> {
        let out = self
            .runner
            .block_on(
                self.client(credentials)
                    .get_access_key_last_used()
                    .access_key_id(id)
                    .send(),
            )?
            .map_err(|e| map_error("IAM", "GetAccessKeyLastUsed", &self.endpoint, e))?;
        Ok(secs(
            out.access_key_last_used().and_then(|l| l.last_used_date()),
        ))
    }

    fn list_mfa_devices(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<Vec<String>, AwsError> {
        let out = self
            .runner
            .block_on(
                self.client(credentials)
                    .list_mfa_devices()
                    .user_name(user)
                    .send(),
            )?
            .map_err(|e| map_error("IAM", "ListMFADevices", &self.endpoint, e))?;
        Ok(out
            .mfa_devices()
            .iter()
            .map(|d| d.serial_number().to_string())
            .collect())
    }
}
