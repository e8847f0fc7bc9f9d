//! IAM calls for the key lifecycle (`rotate`, `mfa`), behind the `Iam` trait; the adapter uses
//! aws-sdk-iam with the same lazily started runtime as STS.

use super::sdk::{Attempts, Call, MAX_ATTEMPTS, SdkSts, WholeReply, shown_endpoint};
use super::{AwsError, Endpoint};
use crate::secret::{
    AccessKeyId, Credentials, LongTermKeys, SecretAccessKey, validate_long_term_keys,
};
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
    /// Runs its calls on the factory's shared runtime.
    runner: SdkSts,
}

/// IAM's own endpoint for a region (global in the commercial partition), for messages when no
/// override is set.
fn default_iam_endpoint(region: &str) -> String {
    use aws_sdk_iam::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    Params::builder()
        .region(region)
        .build()
        .ok()
        .and_then(|params| super::sdk::ready_now(DefaultResolver::new().resolve_endpoint(&params)))
        .and_then(Result::ok)
        .map(|endpoint| endpoint.url().to_string())
        .unwrap_or_else(|| format!("the IAM endpoint for {region}"))
}

impl SdkIam {
    pub fn new(endpoint: Endpoint, runtime: super::sdk::Runtime) -> Self {
        SdkIam {
            runner: SdkSts::new(endpoint.clone(), runtime),
            endpoint,
        }
    }

    /// A client signing with `c`, and the counter of its attempts; the endpoint override is
    /// checked first.
    fn client(&self, c: &Credentials) -> Result<(aws_sdk_iam::Client, Attempts), AwsError> {
        if let Some(url) = &self.endpoint.url {
            super::check_endpoint_url(
                url,
                "the IAM endpoint (AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL or endpoint_url)",
            )?;
        }
        // The SDK crates share their credential, timeout and interceptor types.
        let creds = super::sdk::sdk_credentials(c);
        let timeouts = super::sdk::timeouts();
        let attempts = Attempts::default();
        let mut config = aws_sdk_iam::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(self.endpoint.region.clone()))
            .credentials_provider(creds)
            .timeout_config(timeouts)
            .retry_config(
                aws_sdk_iam::config::retry::RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS),
            )
            .interceptor(attempts.clone())
            .interceptor(WholeReply);
        if let Some(url) = &self.endpoint.url {
            config = config.endpoint_url(url);
        }
        Ok((aws_sdk_iam::Client::from_conf(config.build()), attempts))
    }

    fn call<'a>(&'a self, operation: &'static str, attempts: &'a Attempts) -> Call<'a> {
        Call {
            service: "IAM",
            operation,
            endpoint: Box::new(|| shown_endpoint(&self.endpoint, default_iam_endpoint)),
            attempts,
        }
    }
}

fn secs(t: Option<&aws_sdk_iam::primitives::DateTime>) -> Option<u64> {
    t.and_then(|t| u64::try_from(t.secs()).ok())
}

fn bad_reply(operation: &'static str, problem: &str) -> AwsError {
    AwsError::BadReply {
        service: "IAM",
        operation,
        problem: problem.to_string(),
    }
}

impl Iam for SdkIam {
    fn get_user_name(&self, credentials: &Credentials) -> Result<String, AwsError> {
        let (client, attempts) = self.client(credentials)?;
        let out = self
            .runner
            .run(&self.call("GetUser", &attempts), client.get_user().send())?;
        out.user()
            .map(|u| u.user_name().to_string())
            .filter(|name| !name.is_empty())
            .ok_or_else(|| bad_reply("GetUser", "its reply named no user"))
    }

    fn list_access_keys(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<Vec<KeyInfo>, AwsError> {
        let (client, attempts) = self.client(credentials)?;
        let out = self.runner.run(
            &self.call("ListAccessKeys", &attempts),
            client.list_access_keys().user_name(user).send(),
        )?;
        out.access_key_metadata()
            .iter()
            .map(|k| {
                let id = k.access_key_id().unwrap_or_default();
                if id.is_empty() {
                    return Err(bad_reply(
                        "ListAccessKeys",
                        "its reply listed a key without an id",
                    ));
                }
                Ok(KeyInfo {
                    access_key_id: id.to_string(),
                    active: k.status().is_some_and(|s| s.as_str() == "Active"),
                    created_at: secs(k.create_date()),
                })
            })
            .collect()
    }

    fn create_access_key(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<(LongTermKeys, Option<u64>), AwsError> {
        let (client, attempts) = self.client(credentials)?;
        let out = self.runner.run(
            &self.call("CreateAccessKey", &attempts),
            client.create_access_key().user_name(user).send(),
        )?;
        let key = out
            .access_key()
            .ok_or_else(|| bad_reply("CreateAccessKey", "its reply held no key"))?;
        let secret = SecretAccessKey::new(key.secret_access_key().to_string());
        // The SDK fills missing fields with empty strings: a key that is not shaped like one
        // is a damaged reply, and must not replace the stored key.
        validate_long_term_keys(key.access_key_id(), &secret).map_err(|_| {
            bad_reply(
                "CreateAccessKey",
                "its reply held no complete access key (id and 40-character secret)",
            )
        })?;
        Ok((
            LongTermKeys {
                access_key_id: AccessKeyId::new(key.access_key_id().to_string()),
                secret_access_key: secret,
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
        let (client, attempts) = self.client(credentials)?;
        self.runner.run(
            &self.call("DeleteAccessKey", &attempts),
            client
                .delete_access_key()
                .user_name(user)
                .access_key_id(id)
                .send(),
        )?;
        Ok(())
    }

    fn last_used(&self, credentials: &Credentials, id: &str) -> Result<Option<u64>, AwsError> {
        let (client, attempts) = self.client(credentials)?;
        let out = self.runner.run(
            &self.call("GetAccessKeyLastUsed", &attempts),
            client.get_access_key_last_used().access_key_id(id).send(),
        )?;
        Ok(secs(
            out.access_key_last_used().and_then(|l| l.last_used_date()),
        ))
    }

    fn list_mfa_devices(
        &self,
        credentials: &Credentials,
        user: &str,
    ) -> Result<Vec<String>, AwsError> {
        let (client, attempts) = self.client(credentials)?;
        let out = self.runner.run(
            &self.call("ListMFADevices", &attempts),
            client.list_mfa_devices().user_name(user).send(),
        )?;
        Ok(out
            .mfa_devices()
            .iter()
            .map(|d| d.serial_number().to_string())
            .filter(|serial| !serial.is_empty())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_endpoint_is_the_sdks() {
        assert_eq!(
            super::default_iam_endpoint("eu-west-1"),
            "https://iam.amazonaws.com"
        );
    }
}
