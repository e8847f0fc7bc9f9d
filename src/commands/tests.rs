//! Every command run in-process, from its command line to what it printed, against fakes for
//! each seam the context holds: a memory vault, a scripted prompter, the call-logging AWS in
//! `testing::FakeAws`, and a captured printer. The CLI tests in `tests/cli` run the same
//! commands as processes against moto, the AWS CLI and real keychains; these pin down each
//! command's decisions (which calls, in what order, what it says) without any of them.

use crate::context::Context;
use crate::keystore::{Vault, memory::MemoryStore};
use crate::output::{Captured, Printer};
use crate::prompt::Scripted;
use crate::secret::{AccessKeyId, LongTermKeys, SecretAccessKey};
use crate::testing::FakeAws;
use std::process::ExitCode;

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const MFA: &str = "arn:aws:iam::398263320410:mfa/jane.doe";

/// The organisation docs' config.
const CONFIG: &str = "\
[profile gds-users]
region = eu-west-1

[profile production-infrastructure]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/infrastructure
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe

[profile operator]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/operator
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe
";

struct Harness {
    dir: tempfile::TempDir,
    ctx: Context,
    aws: FakeAws,
    printed: Captured,
    shown: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
}

impl Harness {
    /// `config` in a fresh home, gds-users' keys in the vault when `keys`, and `answers` for
    /// whatever the command asks.
    fn new(config: &str, keys: bool, answers: &[&str]) -> Harness {
        Harness::with_env(config, keys, answers, &[])
    }

    /// As `new`, with `extra` in the environment.
    fn with_env(config: &str, keys: bool, answers: &[&str], extra: &[(&str, &str)]) -> Harness {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("config"), config).expect("config");
        let path = |name: &str| dir.path().join(name).display().to_string();
        let extra = extra.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        let env = crate::env::Env::from_pairs(extra.chain([
            ("HOME".to_string(), path("")),
            ("AWS_CONFIG_FILE".to_string(), path("config")),
            (
                "AWS_SHARED_CREDENTIALS_FILE".to_string(),
                path("credentials"),
            ),
            ("XDG_RUNTIME_DIR".to_string(), path("run")),
            ("SHELL".to_string(), "/bin/bash".to_string()),
        ]));
        let vault = Vault::new(Box::new(MemoryStore::default()));
        if keys {
            let keys = LongTermKeys {
                access_key_id: AccessKeyId::new(KEY_ID.into()),
                secret_access_key: SecretAccessKey::new(SECRET.into()),
            };
            vault.put_keys("gds-users", &keys, 0, None).expect("keys");
        }
        let prompter = Scripted::new(answers);
        let shown = prompter.shown.clone();
        let aws = FakeAws::default();
        aws.iam.borrow_mut().keys = vec![KEY_ID.to_string()];
        aws.iam.borrow_mut().mfa_devices = vec![MFA.to_string()];
        let (printer, printed) = Printer::captured();
        let ctx = Context::with_vault(env, vault, Box::new(prompter))
            .with_clients(Box::new(aws.clone()))
            .with_printer(printer);
        Harness {
            dir,
            ctx,
            aws,
            printed,
            shown,
        }
    }

    /// Run `awsx ARGS…` as `main_entry` would, after parsing.
    fn run(&self, args: &[&str]) -> anyhow::Result<ExitCode> {
        use clap::FromArgMatches;
        let argv: Vec<std::ffi::OsString> = std::iter::once("awsx")
            .chain(args.iter().copied())
            .map(Into::into)
            .collect();
        let definition = crate::cli::command();
        let normalized = crate::cli::normalize_exec(&definition, &argv);
        let matches = definition
            .try_get_matches_from(normalized)
            .expect("the command line parses");
        let cli = crate::cli::Cli::from_arg_matches(&matches).expect("the command line parses");
        crate::run(cli.command, &self.ctx)
    }

    fn ok(&self, args: &[&str]) -> String {
        match self.run(args) {
            Ok(code) => assert_eq!(code, ExitCode::SUCCESS, "awsx {args:?}"),
            Err(e) => panic!("awsx {args:?}: {}", crate::report::render(&e)),
        }
        self.stdout()
    }

    fn err(&self, args: &[&str]) -> String {
        let err = self.run(args).expect_err("an error");
        crate::report::render(&err)
    }

    fn stdout(&self) -> String {
        self.printed.stdout()
    }

    fn stderr(&self) -> String {
        self.printed.stderr()
    }

    fn config(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("config")).expect("config")
    }

    fn keys(&self) -> Option<String> {
        let vault = self.ctx.vault().expect("vault");
        vault
            .keys("gds-users")
            .expect("keys")
            .map(|k| k.access_key_id.as_str().to_string())
    }

    /// No secret the fakes or the vault hold was printed anywhere.
    fn assert_no_secret_printed(&self) {
        for text in [self.stdout(), self.stderr()] {
            for secret in [
                SECRET,
                "temp-secret-",
                "temp-token-",
                "123456",
                "nnnnnnnnnn",
            ] {
                assert!(!text.contains(secret), "{secret} printed: {text}");
            }
        }
    }
}

#[test]
fn add_stores_the_typed_keys_and_offers_the_mfa_device() {
    let h = Harness::new(
        "[profile gds-users]\nregion = eu-west-1\n",
        false,
        &[KEY_ID, SECRET, "y"],
    );
    let out = h.ok(&["add", "gds-users"]);
    assert_eq!(
        out,
        "Added credentials to profile \"gds-users\" in vault\nWrote mfa_serial to 1 profile in "
            .to_string()
            + &h.dir.path().join("config").display().to_string()
            + "\n"
    );
    assert_eq!(h.keys().as_deref(), Some(KEY_ID));
    assert_eq!(
        h.shown.borrow()[..2],
        ["Enter Access Key ID: ", "Enter Secret Access Key: "]
    );
    assert!(
        h.config().contains(&format!("mfa_serial = {MFA}")),
        "{}",
        h.config()
    );
    // The MFA lookup signs with the new keys: who am I, then the devices.
    assert_eq!(
        h.aws.log(),
        [
            "client STS eu-west-1",
            "client IAM eu-west-1",
            &format!("GetCallerIdentity from {KEY_ID}"),
            "ListMFADevices jane.doe",
        ]
    );
    h.assert_no_secret_printed();
}

#[test]
fn add_refuses_a_temporary_key_before_storing_anything() {
    let h = Harness::new(CONFIG, false, &["ASIATEMPORARYKEY0001", SECRET]);
    let err = h.err(&["add", "gds-users"]);
    assert!(
        err.starts_with("error: access key id ****0001 is a temporary"),
        "{err}"
    );
    assert!(err.contains("\nhint: create an access key"), "{err}");
    assert_eq!(h.keys(), None);
    assert!(h.aws.log().is_empty());
    h.assert_no_secret_printed();
}

#[test]
fn exec_json_prints_role_credentials_after_one_prompt() {
    let h = Harness::new(CONFIG, true, &["123456"]);
    let out = h.ok(&["exec", "--json", "production-infrastructure"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["Version"], 1);
    assert_eq!(json["AccessKeyId"], "ASIATEMP2");
    assert_eq!(json["SessionToken"], "temp-token-2");
    assert_eq!(
        h.aws.log(),
        [
            "client STS eu-west-1",
            "GetSessionToken 28800 mfa=true",
            "AssumeRole arn:aws:iam::050019655025:role/infrastructure as jane.doe from ASIATEMP1 mfa=false",
        ]
    );
    assert_eq!(*h.shown.borrow(), [format!("Enter MFA code for {MFA}: ")]);
}

#[test]
fn export_reuses_the_cached_session_without_a_client() {
    let h = Harness::new(CONFIG, true, &["123456"]);
    h.ok(&["export", "--format", "process", "operator"]);
    let calls = h.aws.log().len();
    let before = h.stdout().len();
    h.ok(&["export", "--format", "env", "operator"]);
    let out = &h.stdout()[before..];
    assert!(
        out.contains("export AWS_ACCESS_KEY_ID=ASIATEMP2\n"),
        "{out}"
    );
    assert!(
        out.contains("export AWS_SESSION_TOKEN=temp-token-2\n"),
        "{out}"
    );
    assert_eq!(h.aws.log().len(), calls, "no STS client for a cached role");
    assert_eq!(h.shown.borrow().len(), 1, "one MFA prompt");
}

#[test]
fn list_shows_keys_and_sessions_in_aws_vaults_columns() {
    let h = Harness::new(CONFIG, true, &["123456"]);
    h.ok(&["exec", "--json", "operator"]);
    let before = h.stdout().len();
    h.ok(&["list"]);
    let out = &h.stdout()[before..];
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("Profile"), "{out}");
    assert!(
        lines[0].contains("Credentials") && lines[0].contains("Sessions"),
        "{out}"
    );
    assert!(lines[1].starts_with("======="), "{out}");
    let row = |name: &str| {
        lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no row for {name}: {out}"))
            .to_string()
    };
    assert!(row("gds-users").contains("sts.GetSessionToken"), "{out}");
    assert!(row("operator").contains("sts.AssumeRole"), "{out}");
    assert!(row("production-infrastructure").contains(" -"), "{out}");
    assert_eq!(
        h.ok(&["list", "--credentials"])[out.len() + before..],
        *"gds-users\n"
    );
}

#[test]
fn clear_and_remove_drop_sessions_then_keys() {
    let h = Harness::new(CONFIG, true, &["123456", "y"]);
    h.ok(&["exec", "--json", "operator"]);
    let before = h.stdout().len();
    h.ok(&["clear"]);
    assert_eq!(&h.stdout()[before..], "Cleared 2 sessions.\n");
    let before = h.stdout().len();
    h.ok(&["remove", "gds-users"]);
    assert!(
        h.stdout()[before..]
            .starts_with("Deleted credentials for profile \"gds-users\" from vault"),
        "{}",
        h.stdout()
    );
    assert_eq!(h.keys(), None);
    assert!(h.shown.borrow().iter().any(|p| p.contains("gds-users")));
}

#[test]
fn remove_sessions_only_keeps_the_keys() {
    let h = Harness::new(CONFIG, true, &["123456"]);
    h.ok(&["exec", "--json", "operator"]);
    h.ok(&["remove", "--sessions-only", "gds-users"]);
    assert_eq!(h.keys().as_deref(), Some(KEY_ID));
    let index = h.ctx.vault().expect("vault").index().expect("index");
    assert!(index.sessions.is_empty(), "sessions kept");
}

#[test]
fn lock_says_a_memory_vault_has_nothing_to_lock() {
    let h = Harness::new(CONFIG, true, &[]);
    assert_eq!(
        h.ok(&["lock"]),
        "Nothing to lock: the memory store is unlocked and locked by your operating system.\n"
    );
    assert!(h.aws.log().is_empty());
}

#[test]
fn login_stdout_prints_the_switch_role_link_with_no_aws_call() {
    let h = Harness::new(CONFIG, true, &[]);
    let out = h.ok(&["login", "--stdout", "operator"]);
    assert!(
        out.starts_with("https://signin.aws.amazon.com/switchrole?"),
        "{out}"
    );
    assert!(
        out.contains("roleName=operator") && out.contains("account=050019655025"),
        "{out}"
    );
    assert!(h.aws.log().is_empty(), "{:?}", h.aws.log());
    assert!(h.shown.borrow().is_empty());
}

#[test]
fn login_federated_asks_the_federation_endpoint_once() {
    let h = Harness::new(CONFIG, true, &["123456"]);
    let out = h.ok(&["login", "--federated", "--stdout", "operator"]);
    assert!(out.contains("SigninToken=fake-signin-token"), "{out}");
    let log = h.aws.log();
    assert_eq!(
        log.iter().filter(|c| *c == "getSigninToken").count(),
        1,
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|c| c.starts_with("AssumeRole arn:aws:iam::050019655025:role/operator"))
    );
    // The sign-in URL is for stdout only; stderr holds no credential.
    assert!(!h.stderr().contains("fake-signin-token"));
    assert!(!h.stderr().contains("temp-token"));
}

#[test]
fn rotate_makes_a_new_key_checks_it_and_deletes_the_old_one() {
    let h = Harness::new(CONFIG, true, &["123456"]);
    h.ok(&["rotate", "gds-users"]);
    let new = "AKIAFAKE000000000002";
    assert_eq!(h.keys().as_deref(), Some(new));
    assert_eq!(*h.aws.iam.borrow().keys, [new.to_string()]);
    let log = h.aws.log();
    let at = |call: &str| {
        log.iter()
            .position(|c| c.starts_with(call))
            .unwrap_or_else(|| panic!("no {call}: {log:?}"))
    };
    assert!(
        at("GetSessionToken") < at("CreateAccessKey jane.doe"),
        "{log:?}"
    );
    assert!(
        at("CreateAccessKey") < at(&format!("GetCallerIdentity from {new}")),
        "{log:?}"
    );
    assert!(
        at(&format!("GetCallerIdentity from {new}"))
            < at(&format!("DeleteAccessKey jane.doe {KEY_ID}")),
        "{log:?}"
    );
    h.assert_no_secret_printed();
}

#[test]
fn rotate_uses_the_mfa_device_the_environment_names() {
    // No mfa_serial in the config: AWS_MFA_SERIAL names the device, as for exec.
    let config = CONFIG.replace(&format!("mfa_serial = {MFA}\n"), "");
    let h = Harness::with_env(&config, true, &["123456"], &[("AWS_MFA_SERIAL", MFA)]);
    h.ok(&["rotate", "gds-users"]);
    let log = h.aws.log();
    assert!(
        log.iter()
            .any(|c| c.starts_with("GetSessionToken") && c.ends_with("mfa=true")),
        "{log:?}"
    );
    h.assert_no_secret_printed();
}

#[test]
fn mfa_writes_the_device_into_the_profiles_using_the_keys() {
    let config = CONFIG.replace(&format!("mfa_serial = {MFA}\n"), "");
    let h = Harness::new(&config, true, &[]);
    h.ok(&["mfa", "--yes", "gds-users"]);
    let written = h.config();
    assert_eq!(
        written.matches(&format!("mfa_serial = {MFA}")).count(),
        3,
        "{written}"
    );
    assert!(h.aws.log().contains(&"ListMFADevices jane.doe".to_string()));
}

#[test]
fn config_show_and_check_read_the_files_without_the_vault_or_aws() {
    let h = Harness::new(CONFIG, true, &[]);
    let out = h.ok(&["config", "show"]);
    assert!(out.contains("[profile operator]"), "{out}");
    assert!(
        out.contains("role_arn = arn:aws:iam::050019655025:role/operator"),
        "{out}"
    );
    let before = h.stdout().len();
    h.ok(&["config", "check"]);
    assert_eq!(&h.stdout()[before..], "No problems found in 3 profiles.\n");
    let bad = Harness::new(&(CONFIG.to_string() + "session_tags = nope\n"), true, &[]);
    let code = bad.run(&["config", "check"]).expect("a report");
    assert_eq!(code, ExitCode::FAILURE);
    let said = bad.stdout() + &bad.stderr();
    // file:line of the bad line (the 13th), the key, and a count.
    let at = format!("{}:13:", bad.dir.path().join("config").display());
    assert!(
        said.contains(&at) && said.contains("session_tags"),
        "{said}"
    );
    assert!(bad.stderr().contains("1 problem found"), "{said}");
    assert!(h.aws.log().is_empty() && bad.aws.log().is_empty());
}

#[test]
fn explain_lists_the_steps_and_calls_nothing() {
    let h = Harness::new(CONFIG, true, &[]);
    let out = h.ok(&["explain", "production-infrastructure"]);
    assert!(
        out.starts_with("Credentials for profile production-infrastructure:\n"),
        "{out}"
    );
    assert!(out.contains("GetSessionToken"), "{out}");
    assert!(
        out.contains("AssumeRole arn:aws:iam::050019655025:role/infrastructure"),
        "{out}"
    );
    assert!(h.aws.log().is_empty());
    assert!(h.shown.borrow().is_empty());
}

#[test]
fn alias_defines_every_runnable_profile() {
    let h = Harness::new(CONFIG, false, &[]);
    let out = h.ok(&["alias", "--shell", "bash"]);
    for name in ["gds-users", "production-infrastructure", "operator"] {
        assert!(out.contains(&format!("alias aws-{name}=")), "{name}: {out}");
    }
    assert!(h.aws.log().is_empty());
}

#[test]
fn completion_man_and_version_write_to_the_printer() {
    let h = Harness::new(CONFIG, false, &[]);
    assert!(h.ok(&["completion", "bash"]).contains("COMPLETE"));
    let man_start = h.stdout().len();
    let man = h.ok(&["man", "exec"])[man_start..].to_string();
    assert!(
        man.contains(".TH awsx-exec"),
        "{}",
        &man[..man.len().min(200)]
    );
    let at = h.stdout().len();
    assert_eq!(
        h.ok(&["version"])[at..],
        format!("awsx {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_closed_stdout_is_an_output_error_not_an_exit() {
    struct Closed;
    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let h = Harness::new(CONFIG, true, &[]);
    let ctx = Context::with_vault(
        h.ctx.env.clone(),
        Vault::new(Box::new(MemoryStore::default())),
        Box::new(Scripted::new(&[])),
    )
    .with_printer(Printer::new(Box::new(Closed), Box::new(std::io::sink())));
    let err = crate::run(crate::cli::Command::Version, &ctx).expect_err("closed");
    assert!(matches!(
        err.downcast_ref(),
        Some(crate::output::OutputError::Closed)
    ));
}
