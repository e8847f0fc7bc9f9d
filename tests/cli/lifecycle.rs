//! Key lifecycle against moto's IAM: `rotate` end to end, the two-keys limit, failures after
//! CreateAccessKey and after storing (the stored key works in every case), and MFA device
//! discovery writing `mfa_serial` without disturbing the rest of the config.

use crate::support::{Awsx, FaultProxy, Moto, Run, sts_error_xml};

const CONFIG: &str = "\
# team config
[profile gds-users]
region = eu-west-1

[profile production-infrastructure]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/infrastructure

; already has one
[profile staging-admin]
source_profile = gds-users
role_arn = arn:aws:iam::210987654321:role/admin
mfa_serial = arn:aws:iam::398263320410:mfa/other
";

/// Run the AWS CLI against moto as an administrator would.
fn aws(awsx: &Awsx, moto: &Moto, args: &[&str]) -> serde_json::Value {
    let out = awsx
        .command("aws")
        .args(args)
        .args(["--output", "json"])
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWS_ACCESS_KEY_ID", "AKIAADMINADMINADMIN1")
        .env("AWS_SECRET_ACCESS_KEY", "admin")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .output()
        .expect("aws");
    let run = Run(out).success();
    serde_json::from_str(&run.stdout()).unwrap_or(serde_json::Value::Null)
}

/// moto with an IAM user jane.doe whose key is in the vault as gds-users.
fn setup(config: &str) -> Option<(Moto, Awsx, String)> {
    let moto = Moto::start()?;
    if !crate::support::have("aws") {
        assert!(
            std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
            "aws CLI missing"
        );
        return None;
    }
    let awsx = Awsx::new()
        .config(config)
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWSX_IAM_RETRY_SECONDS", "2");
    aws(
        &awsx,
        &moto,
        &["iam", "create-user", "--user-name", "jane.doe"],
    );
    let key = aws(
        &awsx,
        &moto,
        &["iam", "create-access-key", "--user-name", "jane.doe"],
    );
    let id = key["AccessKey"]["AccessKeyId"]
        .as_str()
        .expect("id")
        .to_string();
    let secret = key["AccessKey"]["SecretAccessKey"]
        .as_str()
        .expect("secret")
        .to_string();
    awsx.add_keys("gds-users", &id, &secret);
    Some((moto, awsx, id))
}

fn iam_keys(awsx: &Awsx, moto: &Moto) -> Vec<String> {
    aws(
        awsx,
        moto,
        &["iam", "list-access-keys", "--user-name", "jane.doe"],
    )["AccessKeyMetadata"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k["AccessKeyId"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn vault_key(awsx: &Awsx) -> String {
    let out = awsx
        .run(&[
            "export",
            "gds-users",
            "--no-session",
            "--format",
            "env-no-export",
        ])
        .success()
        .stdout();
    out.lines()
        .next()
        .and_then(|l| l.strip_prefix("AWS_ACCESS_KEY_ID="))
        .expect("id")
        .to_string()
}

/// The stored key works: STS says who it belongs to.
fn stored_key_works(awsx: &Awsx) {
    let run = awsx
        .run(&[
            "exec",
            "gds-users",
            "--no-session",
            "--",
            "aws",
            "sts",
            "get-caller-identity",
            "--output",
            "json",
        ])
        .success();
    assert!(run.stdout().contains(":user/jane.doe"), "{}", run.stdout());
}

fn masked(id: &str) -> String {
    format!("****{}", &id[id.len() - 4..])
}

#[test]
fn rotate_end_to_end() {
    let Some((moto, awsx, old)) = setup(CONFIG) else {
        return;
    };
    let run = awsx
        .run(&[
            "rotate",
            "production-infrastructure",
            "--mfa-token",
            "123456",
        ])
        .success();
    assert_eq!(
        run.stdout(),
        format!(
            "Rotated access key for production-infrastructure (old {} deleted)\n",
            masked(&old)
        )
    );
    assert!(
        !run.stdout().contains(&old) && !run.stderr().contains(&old),
        "ids are shown masked"
    );
    let new = vault_key(&awsx);
    assert_ne!(new, old);
    assert_eq!(
        iam_keys(&awsx, &moto),
        std::slice::from_ref(&new),
        "old key gone from IAM"
    );
    stored_key_works(&awsx);
    // The vault now knows when IAM created the key.
    let json = awsx.run(&["list", "--json"]).success().json();
    assert_eq!(json[0]["key_age_days"], 0);
}

#[test]
fn rotate_stops_at_two_keys() {
    let Some((moto, awsx, old)) = setup(CONFIG) else {
        return;
    };
    let other = aws(
        &awsx,
        &moto,
        &["iam", "create-access-key", "--user-name", "jane.doe"],
    );
    let other = other["AccessKey"]["AccessKeyId"]
        .as_str()
        .expect("id")
        .to_string();
    let run = awsx.run(&["rotate", "gds-users", "--no-session"]).failure();
    let err = run.stderr();
    assert!(err.contains("already has two access keys"), "{err}");
    assert!(
        err.contains(&format!("{}: 0 days old", masked(&old)))
            && err.contains("(the key in the vault)"),
        "{err}"
    );
    assert!(
        err.contains(&masked(&other)) && !err.contains(&other),
        "{err}"
    );
    assert!(
        err.contains("hint: delete the key that is not in the vault"),
        "{err}"
    );
    assert_eq!(vault_key(&awsx), old);
    assert_eq!(iam_keys(&awsx, &moto).len(), 2);
}

#[test]
fn a_new_key_that_never_works_is_rolled_back() {
    let Some((moto, awsx, old)) = setup(CONFIG) else {
        return;
    };
    // GetCallerIdentity fails for good once a key has been created.
    let proxy = FaultProxy::start(
        &moto.url,
        Box::new(|action, earlier| {
            (action == "GetCallerIdentity" && earlier.iter().any(|a| a == "CreateAccessKey")).then(
                || {
                    (
                        403,
                        sts_error_xml(
                            "InvalidClientTokenId",
                            "The security token included in the request is invalid.",
                        ),
                    )
                },
            )
        }),
    );
    let proxied = awsx.clone_env().env("AWS_ENDPOINT_URL", &proxy.url);
    let run = proxied
        .run(&["rotate", "gds-users", "--mfa-token", "1"])
        .failure();
    assert!(
        run.stderr().contains("did not work within 2s")
            && run.stderr().contains("was deleted again"),
        "{}",
        run.stderr()
    );
    assert_eq!(vault_key(&awsx), old);
    assert_eq!(iam_keys(&awsx, &moto), [old]);
    stored_key_works(&awsx);
}

#[test]
fn an_old_key_that_cannot_be_deleted_is_reported_after_storing_the_new_one() {
    let Some((moto, awsx, old)) = setup(CONFIG) else {
        return;
    };
    let proxy = FaultProxy::start(
        &moto.url,
        Box::new(|action, _| {
            (action == "DeleteAccessKey")
                .then(|| (500, sts_error_xml("ServiceFailure", "injected")))
        }),
    );
    let proxied = awsx.clone_env().env("AWS_ENDPOINT_URL", &proxy.url);
    let run = proxied
        .run(&["rotate", "gds-users", "--mfa-token", "1"])
        .failure();
    let err = run.stderr();
    assert!(
        err.contains("is stored and works, but the old key") && err.contains(&masked(&old)),
        "{err}"
    );
    let new = vault_key(&awsx);
    assert_ne!(new, old);
    let mut keys = iam_keys(&awsx, &moto);
    keys.sort();
    let mut want = vec![old, new];
    want.sort();
    assert_eq!(keys, want);
    stored_key_works(&awsx);
}

#[test]
fn mfa_discovery_writes_mfa_serial_and_nothing_else() {
    let Some((moto, awsx, _)) = setup(CONFIG) else {
        return;
    };
    let qr = awsx.path("qr.png").display().to_string();
    let device = aws(
        &awsx,
        &moto,
        &[
            "iam",
            "create-virtual-mfa-device",
            "--virtual-mfa-device-name",
            "jane.doe",
            "--outfile",
            &qr,
            "--bootstrap-method",
            "QRCodePNG",
        ],
    );
    let serial = device["VirtualMFADevice"]["SerialNumber"]
        .as_str()
        .expect("serial")
        .to_string();
    aws(
        &awsx,
        &moto,
        &[
            "iam",
            "enable-mfa-device",
            "--user-name",
            "jane.doe",
            "--serial-number",
            &serial,
            "--authentication-code-1",
            "123456",
            "--authentication-code-2",
            "654321",
        ],
    );
    let run = awsx
        .run(&["mfa", "production-infrastructure", "--yes"])
        .success();
    assert_eq!(
        run.stdout(),
        format!(
            "Wrote mfa_serial to 2 profiles in {}\n",
            awsx.path("config").display()
        )
    );
    let want = CONFIG
        .replace(
            "region = eu-west-1\n",
            &format!("region = eu-west-1\nmfa_serial = {serial}\n"),
        )
        .replace(
            "role_arn = arn:aws:iam::050019655025:role/infrastructure\n",
            &format!(
                "role_arn = arn:aws:iam::050019655025:role/infrastructure\nmfa_serial = {serial}\n"
            ),
        );
    assert_eq!(
        std::fs::read_to_string(awsx.path("config")).expect("config"),
        want
    );
    let again = awsx.run(&["mfa", "gds-users", "--yes"]).success();
    assert!(
        again.stdout().starts_with("Nothing to write"),
        "{}",
        again.stdout()
    );
}

#[test]
fn old_keys_draw_a_warning_on_stderr_only() {
    let Some((_moto, awsx, _)) = setup(CONFIG) else {
        return;
    };
    let run = awsx
        .clone_env()
        .env("AWSX_KEY_MAX_AGE", "0s")
        .run(&["export", "gds-users", "--no-session", "--format", "process"])
        .success();
    assert!(
        run.stderr()
            .contains("warning: the access key for gds-users")
            && run.stderr().contains("awsx rotate gds-users"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stdout().starts_with("{\n  \"Version\": 1"),
        "stdout stays clean: {}",
        run.stdout()
    );
    let quiet = awsx.run(&["export", "gds-users", "--no-session"]).success();
    assert!(!quiet.stderr().contains("warning"), "{}", quiet.stderr());
}
