//! `awsx add --from-aws-vault`: keys that aws-vault stored are copied into the vault and work
//! against moto; sessions are not copied; aws-vault's copy is left untouched.
//!
//! aws-vault itself is a Go program that cannot be installed here, so its stores are written
//! the way it writes them: file-store entries as compact JWEs (PBES2-HS256+A128KW, A256GCM) made
//! by an independent JOSE implementation (Python's joserfc, in the test venv) with the header
//! and item JSON of aws-vault's keyring library; Secret Service items with the D-Bus calls
//! that library makes, into the test session's real gnome-keyring. The AWS CLI checks the key.

use crate::support::{Awsx, GDS_CONFIG, Moto, Run, have};
use serde_json::{Value, json};

const PASSPHRASE: &str = "aws-vault file passphrase 7";

/// Writes aws-vault file-store entries: argv = directory, passphrase; stdin = [[name, creds]].
/// The header is jose2go's (`created`, 8192 iterations, a 12-byte salt); the payload is
/// keyring.Item as Go marshals it; the file name escapes `%` and `/` as aws-vault does.
const WRITE_FILE_STORE: &str = r#"
import base64, json, os, sys, warnings
warnings.simplefilter("ignore")
from joserfc import jwe
from joserfc.jwk import OctKey
directory, passphrase = sys.argv[1], sys.argv[2]
key = OctKey.import_key(passphrase)
registry = jwe.JWERegistry(algorithms=["PBES2-HS256+A128KW", "A256GCM"], strict_check_header=False)
os.makedirs(directory, mode=0o700, exist_ok=True)
for name, creds in json.load(sys.stdin):
    data = base64.b64encode(json.dumps(creds, separators=(",", ":")).encode()).decode()
    item = {"Key": name, "Data": data, "Label": "aws-vault (%s)" % name, "Description": "",
            "KeychainNotTrustApplication": True, "KeychainNotSynchronizable": False}
    header = {"alg": "PBES2-HS256+A128KW", "enc": "A256GCM",
              "created": "2024-01-02 15:04:05.123456789 +0000 UTC m=+0.012345678",
              "p2c": 8192, "p2s": base64.urlsafe_b64encode(os.urandom(12)).rstrip(b"=").decode()}
    token = jwe.encrypt_compact(header, json.dumps(item, separators=(",", ":")).encode(), key,
                                registry=registry)
    path = os.path.join(directory, name.replace("%", "%25").replace("/", "%2F"))
    with open(path, "w") as f:
        f.write(token)
    os.chmod(path, 0o600)
"#;

/// Whether the test venv's python3 with joserfc is there; missing fails when the test script
/// required the venv (AWSX_TEST_REQUIRE_MOTO), else skips.
fn python_jose(awsx: &Awsx) -> bool {
    let ok = awsx
        .command("python3")
        .args(["-c", "import joserfc"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
            "python3 with joserfc (the test venv) is not on PATH"
        );
        eprintln!("python3 with joserfc not found; skipped");
    }
    ok
}

/// Credentials as aws-vault v7 stores them (aws-sdk-go v2's aws.Credentials).
fn long_term(id: &str, secret: &str) -> Value {
    json!({"AccessKeyID": id, "SecretAccessKey": secret, "SessionToken": "", "Source": "",
           "CanExpire": false, "Expires": "0001-01-01T00:00:00Z", "AccountID": ""})
}

/// A session aws-vault cached: its name and its temporary credentials.
fn session(profile_b64: &str) -> (String, Value) {
    (
        format!("sts.GetSessionToken,{profile_b64},,1999999999"),
        json!({"AccessKeyId": "ASIASESSIONSESSION01", "SecretAccessKey": "session-secret-xyz",
               "SessionToken": "session-token-xyz", "Expiration": "2033-05-18T03:33:19Z"}),
    )
}

fn write_file_store(awsx: &Awsx, dir: &std::path::Path, entries: &[(String, Value)]) {
    write_file_store_with(awsx, dir, entries, PASSPHRASE);
}

fn write_file_store_with(
    awsx: &Awsx,
    dir: &std::path::Path,
    entries: &[(String, Value)],
    passphrase: &str,
) {
    use std::io::Write;
    let mut child = awsx
        .command("python3")
        .args(["-c", WRITE_FILE_STORE])
        .arg(dir)
        .arg(passphrase)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    let body = serde_json::to_vec(
        &entries
            .iter()
            .map(|(n, c)| json!([n, c]))
            .collect::<Vec<_>>(),
    )
    .expect("json");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&body)
        .expect("write");
    assert!(
        child.wait().expect("wait").success(),
        "writing the store failed"
    );
}

/// Every file in `dir` with its bytes: aws-vault's copy must come out of a move unchanged.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// No secret and no passphrase anywhere in what awsx printed.
#[track_caller]
fn says_nothing_secret(run: &Run, secrets: &[&str]) {
    for secret in secrets {
        for (stream, bytes) in [("stdout", &run.0.stdout), ("stderr", &run.0.stderr)] {
            assert!(
                !String::from_utf8_lossy(bytes).contains(secret),
                "{stream} shows a secret: {}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

/// One `error:` line and one `hint:` line, exit 1; the error says `want`.
#[track_caller]
fn one_clear_error(run: Run, want: &str) -> Run {
    let run = run.failure();
    let stderr = run.stderr();
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains(want), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("hint: ")).count(),
        1,
        "{stderr}"
    );
    run
}

/// moto with IAM user jane.doe and an access key for her: (moto, id, secret).
fn moto_user(awsx: &Awsx) -> Option<(Moto, String, String)> {
    let moto = Moto::start()?;
    if !have("aws") {
        assert!(
            std::env::var_os("AWSX_TEST_REQUIRE_MOTO").is_none(),
            "aws CLI missing"
        );
        return None;
    }
    let aws = |args: &[&str]| -> Value {
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
        serde_json::from_str(&Run(out).success().stdout()).unwrap_or(Value::Null)
    };
    aws(&["iam", "create-user", "--user-name", "jane.doe"]);
    let key = aws(&["iam", "create-access-key", "--user-name", "jane.doe"]);
    let field = |name: &str| key["AccessKey"][name].as_str().expect(name).to_string();
    Some((moto, field("AccessKeyId"), field("SecretAccessKey")))
}

/// The moved key is the one that works: STS says whose it is.
#[track_caller]
fn moved_key_works(awsx: &Awsx, moto: &Moto) {
    let run = awsx
        .clone_env()
        .env("AWS_ENDPOINT_URL", &moto.url)
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

fn vault_profiles(awsx: &Awsx) -> Vec<String> {
    awsx.run(&["list", "--credentials"])
        .success()
        .stdout()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn file_store_keys_move_and_work_against_moto() {
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_VAULT_FILE_PASSPHRASE", PASSPHRASE);
    if !python_jose(&awsx) {
        return;
    }
    let Some((moto, id, secret)) = moto_user(&awsx) else {
        return;
    };
    // aws-vault's default place: ~/.awsvault/keys, beside a cached session and an SSO token.
    let dir = awsx.path(".awsvault/keys");
    write_file_store(
        &awsx,
        &dir,
        &[
            ("gds-users".into(), long_term(&id, &secret)),
            session("Z2RzLXVzZXJz"),
            (
                "oidc:https://example.awsapps.com/start".into(),
                json!({"Token": {"AccessToken": "oidc-secret"}, "Expiration": "2033-01-01T00:00:00Z"}),
            ),
        ],
    );
    let before = snapshot(&dir);

    let run = awsx
        .run(&["add", "gds-users", "--from-aws-vault"])
        .success();
    says_nothing_secret(&run, &[&secret, PASSPHRASE, "session-secret-xyz"]);
    assert!(
        run.stdout()
            .contains("Copied credentials for profile \"gds-users\"")
            && run.stdout().contains(&dir.display().to_string()),
        "{}",
        run.stdout()
    );
    assert!(
        run.stderr()
            .contains("aws-vault --backend=file remove gds-users"),
        "{}",
        run.stderr()
    );
    assert_eq!(snapshot(&dir), before, "aws-vault's files were changed");
    assert_eq!(vault_profiles(&awsx), ["gds-users"], "only the keys move");
    moved_key_works(&awsx, &moto);
}

#[test]
fn file_store_all_copies_every_profile_but_no_sessions() {
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_VAULT_FILE_PASSPHRASE", PASSPHRASE)
        .env("AWS_VAULT_BACKEND", "file");
    if !python_jose(&awsx) {
        return;
    }
    let dir = awsx.path("elsewhere");
    let mut entries = vec![
        (
            "gds-users".to_string(),
            long_term(
                "AKIAGDSUSERSGDSUSERS",
                "gds-secret-01234567890123456789012345678",
            ),
        ),
        // A name with a slash: stored as prod%2Fadmin.
        (
            "prod/admin".to_string(),
            long_term(
                "AKIAPRODADMINPRODADM",
                "prod-secret-0123456789012345678901234567",
            ),
        ),
        session("Z2RzLXVzZXJz"),
        (
            "session:gds-users::1999999999".to_string(),
            json!({"AccessKeyID": "ASIAOLDOLDOLDOLDOLD1", "SecretAccessKey": "old", "SessionToken": "t"}),
        ),
    ];
    entries.push(("gds-users session (1999999999)".into(), json!({})));
    write_file_store(&awsx, &dir, &entries);
    assert!(dir.join("prod%2Fadmin").is_file());
    let awsx = awsx.env("AWS_VAULT_FILE_DIR", dir.display().to_string());

    // Keys already in the vault are kept without --force, and replaced with it.
    awsx.add_keys("gds-users", "AKIAKEPTKEPTKEPTKEPT", &"k".repeat(40));
    let run = awsx.run(&["add", "--from-aws-vault", "--all"]).success();
    says_nothing_secret(&run, &["gds-secret", "prod-secret", PASSPHRASE]);
    assert!(
        run.stderr()
            .contains("Kept the vault's credentials for profile \"gds-users\"")
    );
    assert!(
        run.stderr()
            .contains("aws-vault --backend=file remove prod/admin"),
        "{}",
        run.stderr()
    );
    assert_eq!(vault_profiles(&awsx), ["gds-users", "prod/admin"]);
    let id = |profile: &str| {
        awsx.run(&[
            "export",
            profile,
            "--no-session",
            "--format",
            "env-no-export",
        ])
        .success()
        .stdout()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
    };
    assert_eq!(id("gds-users"), "AWS_ACCESS_KEY_ID=AKIAKEPTKEPTKEPTKEPT");
    assert_eq!(id("prod/admin"), "AWS_ACCESS_KEY_ID=AKIAPRODADMINPRODADM");

    awsx.run(&["add", "--from-aws-vault", "--all", "--force"])
        .success();
    assert_eq!(id("gds-users"), "AWS_ACCESS_KEY_ID=AKIAGDSUSERSGDSUSERS");
    assert_eq!(vault_profiles(&awsx), ["gds-users", "prod/admin"]);
}

#[test]
fn all_names_each_entry_it_cannot_read_and_copies_the_rest() {
    let awsx = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_VAULT_FILE_PASSPHRASE", PASSPHRASE)
        .env("AWS_VAULT_BACKEND", "file");
    if !python_jose(&awsx) {
        return;
    }
    let dir = awsx.path("keys");
    let secrets = [
        "alpha-secret-012345678901234567890123456",
        "beta-secret-0123456789012345678901234567",
        "zeta-secret-0123456789012345678901234567",
    ];
    write_file_store(
        &awsx,
        &dir,
        &[
            (
                "alpha".into(),
                long_term("AKIAALPHAALPHAALPHA1", secrets[0]),
            ),
            ("beta".into(), long_term("AKIABETABETABETABETA", secrets[1])),
        ],
    );
    // Damaged, and written with another passphrase (sorted after the ones that open).
    std::fs::write(dir.join("damaged"), "eyJ.not.a.jwe.at-all").expect("write");
    let other = awsx.path("other");
    write_file_store_with(
        &awsx,
        &other,
        &[
            ("zeta".into(), long_term("AKIAZETAZETAZETAZETA", secrets[2])),
            ("aaa".into(), long_term("AKIAAAAAAAAAAAAAAAAA", secrets[2])),
        ],
        "another passphrase",
    );
    std::fs::rename(other.join("zeta"), dir.join("zeta")).expect("move");
    // Sorted first: read before any entry has opened, so only the others can tell.
    std::fs::rename(other.join("aaa"), dir.join("aaa")).expect("move");
    let before = snapshot(&dir);
    let awsx = awsx.env("AWS_VAULT_FILE_DIR", dir.display().to_string());

    let run = awsx.run(&["add", "--from-aws-vault", "--all"]).failure();
    says_nothing_secret(&run, &[secrets[0], secrets[1], secrets[2], PASSPHRASE]);
    let stderr = run.stderr();
    let refused: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("Not copied: "))
        .collect();
    assert_eq!(refused.len(), 3, "{stderr}");
    assert!(refused[0].contains("damaged cannot be read"), "{stderr}");
    assert!(
        refused[1].contains(
            "zeta cannot be read: the passphrase that opened the others does not open it"
        ),
        "{stderr}"
    );
    assert!(
        refused[2].contains("(entry aaa)") && refused[2].contains("opened the others"),
        "{stderr}"
    );
    assert_eq!(vault_profiles(&awsx), ["alpha", "beta"]);
    assert_eq!(snapshot(&dir), before, "aws-vault's copy was changed");

    // A passphrase that opens none of them is wrong: one error, nothing copied.
    let wrong = Awsx::new()
        .config(GDS_CONFIG)
        .env("AWS_VAULT_FILE_PASSPHRASE", "not the passphrase")
        .env("AWS_VAULT_BACKEND", "file")
        .env("AWS_VAULT_FILE_DIR", dir.display().to_string());
    let run = one_clear_error(
        wrong.run(&["add", "--from-aws-vault", "--all"]),
        "the passphrase does not open",
    );
    says_nothing_secret(&run, &[secrets[0], secrets[1], secrets[2], PASSPHRASE]);
    assert!(vault_profiles(&wrong).is_empty());
}

#[test]
fn a_wrong_passphrase_a_missing_store_and_a_missing_profile_each_say_so() {
    let awsx = Awsx::new().config(GDS_CONFIG);
    if !python_jose(&awsx) {
        return;
    }
    let secret = "gds-secret-01234567890123456789012345678";

    // No store at all (no ~/.awsvault, no Secret Service on this scrubbed environment).
    let run = one_clear_error(
        awsx.run(&["add", "gds-users", "--from-aws-vault"]),
        "no aws-vault store found",
    );
    assert!(run.stderr().contains(".awsvault/keys"), "{}", run.stderr());

    write_file_store(
        &awsx,
        &awsx.path(".awsvault/keys"),
        &[
            (
                "gds-users".into(),
                long_term("AKIAGDSUSERSGDSUSERS", secret),
            ),
            session("Z2RzLXVzZXJz"),
            (
                "temporary".into(),
                json!({"AccessKeyID": "ASIATEMPTEMPTEMPTEMP", "SecretAccessKey": "temp-secret", "SessionToken": "temp-token"}),
            ),
        ],
    );
    // A profile aws-vault does not have: the hint names the ones it has, not the sessions.
    let run = one_clear_error(
        awsx.run(&["add", "nobody", "--from-aws-vault"]),
        "aws-vault has no keys for profile nobody",
    );
    assert!(
        run.stderr()
            .contains("hint: aws-vault holds keys for: gds-users, temporary;"),
        "{}",
        run.stderr()
    );

    // The wrong passphrase: neither it nor the right one nor the key is shown.
    let wrong = "not the passphrase 42";
    let run = one_clear_error(
        awsx.clone_env()
            .env("AWS_VAULT_FILE_PASSPHRASE", wrong)
            .run(&["add", "gds-users", "--from-aws-vault"]),
        "the passphrase does not open aws-vault's file store",
    );
    says_nothing_secret(&run, &[wrong, PASSPHRASE, secret]);
    // No passphrase and no terminal to ask on.
    let run = one_clear_error(
        awsx.run(&["add", "gds-users", "--from-aws-vault"]),
        "aws-vault's file store needs its passphrase",
    );
    assert!(run.stderr().contains("AWS_VAULT_FILE_PASSPHRASE"));

    // Temporary credentials are not long-term keys.
    let run = one_clear_error(
        awsx.clone_env()
            .env("AWS_VAULT_FILE_PASSPHRASE", PASSPHRASE)
            .run(&["add", "temporary", "--from-aws-vault"]),
        "holds temporary credentials",
    );
    says_nothing_secret(&run, &["temp-secret", "temp-token", PASSPHRASE]);

    // A backend awsx cannot read points at a way that works.
    let run = one_clear_error(
        awsx.clone_env().env("AWS_VAULT_BACKEND", "pass").run(&[
            "add",
            "gds-users",
            "--from-aws-vault",
        ]),
        "cannot read aws-vault's pass store",
    );
    assert!(
        run.stderr()
            .contains("aws-vault exec PROFILE --no-session -- awsx add PROFILE --env")
    );

    assert!(vault_profiles(&awsx).is_empty(), "nothing was stored");
}

#[cfg(target_os = "linux")]
mod secret_service {
    use super::*;
    use std::collections::HashMap;
    use zbus::blocking::{Connection, Proxy};
    use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value as Variant};

    const DEST: &str = "org.freedesktop.secrets";

    fn proxy<'a>(conn: &Connection, path: &'a str, interface: &'a str) -> Proxy<'a> {
        Proxy::new(conn, DEST, path, interface).expect("proxy")
    }

    /// aws-vault's collection `label` in the session's gnome-keyring, holding `entries` as
    /// aws-vault's keyring library writes them (go-libsecret's CreateItem: label = the name,
    /// attribute profile = the name, the secret the item JSON). aws-vault would create the
    /// collection through a password prompt, which a headless test cannot answer, so it is
    /// made with gnome-keyring's own prompt-less call; the items are made exactly as aws-vault
    /// makes them. Returns the connection and the collection's path.
    pub fn aws_vault_collection(
        label: &str,
        entries: &[(String, Value)],
    ) -> (Connection, OwnedObjectPath) {
        use base64::Engine;
        let conn = Connection::session().expect("session bus");
        let service = proxy(
            &conn,
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service",
        );
        let (_, session): (OwnedValue, OwnedObjectPath) = service
            .call("OpenSession", &("plain", Variant::from("")))
            .expect("OpenSession");
        let internal = proxy(
            &conn,
            "/org/freedesktop/secrets",
            "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
        );
        let properties = HashMap::from([(
            "org.freedesktop.Secret.Collection.Label",
            Variant::from(label),
        )]);
        let master = (
            session.clone(),
            Vec::<u8>::new(),
            b"kr".to_vec(),
            "text/plain",
        );
        let collection: OwnedObjectPath = internal
            .call("CreateWithMasterPassword", &(properties, master))
            .expect("CreateWithMasterPassword");
        let items = proxy(
            &conn,
            collection.as_str(),
            "org.freedesktop.Secret.Collection",
        );
        for (name, creds) in entries {
            let data = base64::engine::general_purpose::STANDARD
                .encode(serde_json::to_vec(creds).expect("json"));
            let item = json!({"Key": name, "Data": data, "Label": format!("aws-vault ({name})"),
                              "Description": "", "KeychainNotTrustApplication": true,
                              "KeychainNotSynchronizable": false});
            let attributes = HashMap::from([("profile", name.as_str())]);
            let properties = HashMap::from([
                (
                    "org.freedesktop.Secret.Item.Label",
                    Variant::from(name.as_str()),
                ),
                (
                    "org.freedesktop.Secret.Item.Attributes",
                    Variant::from(attributes),
                ),
            ]);
            let secret = (
                session.clone(),
                Vec::<u8>::new(),
                item.to_string().into_bytes(),
                "application/json",
            );
            let _: (OwnedObjectPath, OwnedObjectPath) = items
                .call("CreateItem", &(properties, secret, true))
                .expect("CreateItem");
        }
        drop(items);
        (conn, collection)
    }

    pub fn item_count(conn: &Connection, collection: &OwnedObjectPath) -> usize {
        proxy(
            conn,
            collection.as_str(),
            "org.freedesktop.Secret.Collection",
        )
        .get_property::<Vec<OwnedObjectPath>>("Items")
        .expect("Items")
        .len()
    }

    #[test]
    fn secret_service_keys_move_as_aws_vault_wrote_them() {
        let Ok(bus) = std::env::var("DBUS_SESSION_BUS_ADDRESS") else {
            assert!(
                std::env::var_os("AWSX_TEST_REQUIRE_KEYCHAINS").is_none(),
                "no D-Bus session bus"
            );
            eprintln!("no D-Bus session; skipped");
            return;
        };
        // A collection of this test's own: the keyring is shared by the tests running at once.
        let label = format!("awsvault-test-{}", std::process::id());
        let awsx = Awsx::new()
            .config(GDS_CONFIG)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .env("AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME", &label);
        let Some((moto, id, secret)) = moto_user(&awsx) else {
            return;
        };
        let (conn, collection) = aws_vault_collection(
            &label,
            &[
                ("gds-users".into(), long_term(&id, &secret)),
                session("Z2RzLXVzZXJz"),
            ],
        );

        let run = awsx
            .run(&["add", "gds-users", "--from-aws-vault"])
            .success();
        says_nothing_secret(&run, &[&secret, "session-secret-xyz"]);
        assert!(
            run.stdout().contains(&format!(
                "from aws-vault's Secret Service collection \"{label}\""
            )),
            "{}",
            run.stdout()
        );
        assert!(
            run.stderr()
                .contains("aws-vault --backend=secret-service remove gds-users"),
            "{}",
            run.stderr()
        );
        assert_eq!(
            item_count(&conn, &collection),
            2,
            "aws-vault's items were changed"
        );
        assert_eq!(vault_profiles(&awsx), ["gds-users"], "only the keys move");
        moved_key_works(&awsx, &moto);

        // A profile the collection does not hold says where awsx looked.
        let run = one_clear_error(
            awsx.run(&["add", "nobody", "--from-aws-vault"]),
            &format!(
                "aws-vault has no keys for profile nobody (looked in aws-vault's Secret Service collection \"{label}\")"
            ),
        );
        says_nothing_secret(&run, &[&secret]);
    }
}

/// Found by an adversarial run: keys copied from aws-vault for a profile the config lacks got
/// no `[profile X]` and no region, so `awsx exec X -- aws ...` failed for want of a region.
#[test]
fn a_copied_profile_the_config_lacks_gets_a_section_and_a_region() {
    let awsx = Awsx::new()
        .config("")
        .env("AWS_VAULT_FILE_PASSPHRASE", PASSPHRASE)
        .env("AWS_REGION", "eu-west-2");
    if !python_jose(&awsx) {
        return;
    }
    let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let dir = awsx.path(".awsvault/keys");
    write_file_store(
        &awsx,
        &dir,
        &[(
            "gds-users".into(),
            long_term("AKIAIOSFODNN7EXAMPLE", secret),
        )],
    );
    let run = awsx
        .run(&["add", "gds-users", "--from-aws-vault"])
        .success();
    says_nothing_secret(&run, &[secret, PASSPHRASE]);
    assert!(
        run.stderr()
            .contains("Added [profile gds-users] with region = eu-west-2"),
        "{}",
        run.stderr()
    );
    let config = std::fs::read_to_string(awsx.path("config")).expect("config");
    assert_eq!(config, "[profile gds-users]\nregion = eu-west-2\n");
    let show = awsx.run(&["config", "show", "--json"]).success().json();
    assert_eq!(show["profiles"]["gds-users"]["region"], "eu-west-2");
}
