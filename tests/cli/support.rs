//! A builder that runs `awsx` with nothing from the caller's environment but PATH, and HOME,
//! AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE pointing into a fresh temp dir.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const GDS_CONFIG: &str = include_str!("../../examples/gds-config");

pub struct Awsx {
    pub home: tempfile::TempDir,
    env: BTreeMap<String, String>,
}

#[allow(dead_code)]
impl Awsx {
    pub fn new() -> Self {
        let home = tempfile::tempdir().expect("temp home");
        let mut env = BTreeMap::new();
        env.insert(
            "PATH".to_string(),
            std::env::var("PATH").unwrap_or_default(),
        );
        env.insert("HOME".into(), home.path().display().to_string());
        env.insert(
            "AWS_CONFIG_FILE".into(),
            home.path().join("config").display().to_string(),
        );
        env.insert(
            "AWS_SHARED_CREDENTIALS_FILE".into(),
            home.path().join("credentials").display().to_string(),
        );
        env.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
        env.insert("NO_COLOR".into(), "1".into());
        // The file vault, in the temp dir: never the user's keychain.
        env.insert("AWSX_BACKEND".into(), "file".into());
        env.insert(
            "AWSX_FILE_DIR".into(),
            home.path().join("vault").display().to_string(),
        );
        env.insert("AWSX_FILE_PASSPHRASE".into(), "test passphrase".into());
        env.insert("AWSX_FILE_UNLOCK_TTL".into(), "0".into());
        Awsx { home, env }
    }

    pub fn bin() -> PathBuf {
        PathBuf::from(env!("CARGO_BIN_EXE_awsx"))
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    pub fn config(self, text: &str) -> Self {
        std::fs::write(self.path("config"), text).expect("write config");
        self
    }

    pub fn credentials(self, text: &str) -> Self {
        std::fs::write(self.path("credentials"), text).expect("write credentials");
        self
    }

    pub fn without(mut self, key: &str) -> Self {
        self.env.remove(key);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<str>) -> Self {
        self.env.insert(key.to_string(), value.as_ref().to_string());
        self
    }

    /// A command with exactly this test's environment.
    pub fn command(&self, program: impl AsRef<Path>) -> Command {
        let mut cmd = Command::new(program.as_ref());
        cmd.env_clear()
            .envs(&self.env)
            .current_dir(self.home.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let output = self
            .command(Self::bin())
            .args(args)
            .output()
            .expect("run awsx");
        Run(output)
    }
}

pub struct Run(pub Output);

#[allow(dead_code)]
impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }

    #[track_caller]
    pub fn success(self) -> Self {
        assert_eq!(
            self.code(),
            0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    #[track_caller]
    pub fn failure(self) -> Self {
        assert_eq!(
            self.code(),
            1,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout()).expect("stdout is JSON")
    }
}

/// Whether a program is on PATH (optional shells are tested only where installed).
pub fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|p| p.join(program).is_file()))
        .unwrap_or(false)
}
