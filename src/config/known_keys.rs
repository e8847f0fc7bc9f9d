//! The profile keys someone reads: the AWS CLI and SDKs, aws-vault, and awsx. A key outside
//! this list has no effect, which is how a typo (`mfa_seral`, `regoin`) silently drops MFA or
//! the region; `config check` and `explain` warn about such keys and name the nearest known one.
//!
//! Pure data and a distance. It decides nothing about values; `check` does that.

/// Keys as written in `~/.aws/config` or `~/.aws/credentials` (lower-case: the parser lower-cases
/// keys). Sorted within each group; `is_known` does not rely on the order.
const KNOWN: &[&str] = &[
    // The AWS CLI's "Supported config file settings"
    // (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html#cli-configure-files-settings,
    // and the v1 guide for `cli_follow_urlparam`).
    "api_versions",
    "aws_access_key_id",
    "aws_account_id",
    "aws_secret_access_key",
    "aws_session_token",
    "ca_bundle",
    "cli_auto_prompt",
    "cli_binary_format",
    "cli_follow_urlparam",
    "cli_help_output",
    "cli_history",
    "cli_pager",
    "cli_timestamp_format",
    "credential_process",
    "credential_source",
    "duration_seconds",
    "endpoint_url",
    "external_id",
    "ignore_configured_endpoint_urls",
    "max_attempts",
    "mfa_serial",
    "output",
    "parameter_validation",
    "region",
    "retry_mode",
    "role_arn",
    "role_session_name",
    "s3",
    "services",
    "source_profile",
    "sso_account_id",
    "sso_region",
    "sso_registration_scopes",
    "sso_role_name",
    "sso_session",
    "sso_start_url",
    "sts_regional_endpoints",
    "tcp_keepalive",
    "use_dualstack_endpoint",
    "use_fips_endpoint",
    "web_identity_token_file",
    // The AWS SDKs and Tools settings reference
    // (https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html).
    "account_id_endpoint_mode",
    "auth_scheme_preference",
    "defaults_mode",
    "disable_request_compression",
    "ec2_metadata_service_endpoint",
    "ec2_metadata_service_endpoint_mode",
    "ec2_metadata_v1_disabled",
    "endpoint_discovery_enabled",
    "metadata_service_num_attempts",
    "metadata_service_timeout",
    "request_checksum_calculation",
    "request_min_compression_size_bytes",
    "response_checksum_validation",
    "s3_disable_express_session_auth",
    "s3_disable_multiregion_access_points",
    "s3_us_east_1_regional_endpoint",
    "s3_use_arn_region",
    "sdk_ua_app_id",
    "sigv4a_signing_region_set",
    // Read by botocore, the AWS CLI v1's engine (`botocore/configprovider.py`,
    // `botocore/credentials.py`): older or CLI-only settings the guides above no longer list.
    "aws_security_token",
    "csm_client_id",
    "csm_enabled",
    "csm_host",
    "csm_port",
    "data_path",
    "disable_host_prefix_injection",
    "imds_use_ipv6",
    "login_session",
    "proxy_ca_bundle",
    "proxy_client_cert",
    "proxy_use_forwarding_for_https",
    // aws-vault's own keys (https://github.com/99designs/aws-vault/blob/master/USAGE.md), which
    // configs moved from aws-vault keep.
    "include_profile",
    "mfa_process",
    "parent_profile",
    "session_tags",
    "source_identity",
    "transitive_session_tags",
    "web_identity_token_process",
    // awsx's own (docs/config.md).
    "awsx_color",
    "awsx_confirm",
    "awsx_confirm_process",
    "awsx_display_name",
];

/// Whether anyone reads `key` (already lower-cased).
pub fn is_known(key: &str) -> bool {
    KNOWN.contains(&key)
}

/// The known key `key` most likely misspells: at most one edit away for short keys, two for
/// keys of six or more characters (a swap of neighbours counts as one edit).
pub fn nearest(key: &str) -> Option<&'static str> {
    let limit = if key.chars().count() >= 6 { 2 } else { 1 };
    KNOWN
        .iter()
        .map(|known| (strsim::damerau_levenshtein(key, known), *known))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awsx_keys_are_documented() {
        let docs = include_str!("../../docs/config.md");
        for key in KNOWN.iter().filter(|k| k.starts_with("awsx_")) {
            assert!(
                docs.contains(&format!("`{key}`")),
                "{key} not in docs/config.md"
            );
        }
    }

    #[test]
    fn typos_find_their_key() {
        let cases = [
            ("mfa_seral", Some("mfa_serial")),
            ("regoin", Some("region")),
            ("mfa-serial", Some("mfa_serial")),
            ("source_profle", Some("source_profile")),
            ("role_ran", Some("role_arn")),
            ("duration_second", Some("duration_seconds")),
            ("outptu", Some("output")),
            ("azure_tenant_id", None),
            ("x", None),
        ];
        for (typo, want) in cases {
            assert!(!is_known(typo), "{typo}");
            assert_eq!(nearest(typo), want, "{typo}");
        }
    }

    #[test]
    fn every_key_awsx_reads_is_known() {
        for key in [
            "region",
            "mfa_serial",
            "mfa_process",
            "role_arn",
            "source_profile",
            "credential_source",
            "external_id",
            "role_session_name",
            "duration_seconds",
            "source_identity",
            "session_tags",
            "transitive_session_tags",
            "endpoint_url",
            "web_identity_token_file",
            "sso_session",
            "sso_start_url",
            "sso_region",
            "sso_account_id",
            "sso_role_name",
            "credential_process",
            "include_profile",
            "awsx_color",
            "awsx_confirm",
            "awsx_confirm_process",
            "awsx_display_name",
            "aws_access_key_id",
            "aws_secret_access_key",
            "aws_session_token",
        ] {
            assert!(is_known(key), "{key}");
        }
        let mut sorted = KNOWN.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), KNOWN.len(), "a key is listed twice");
    }
}
