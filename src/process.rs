//! Running other programs: the child of `exec`, `credential_process`, `mfa_process`.
//!
//! On Unix `exec` replaces awsx with the child (exec(2)), so signals and the exit status are
//! the child's own. Elsewhere the child is spawned and waited for, and its exit code returned.

use crate::child_env::ChildEnv;
use crate::error::Hinted;
use crate::secret::{AccessKeyId, Credentials, SecretAccessKey};
use secrecy::SecretString;
use std::process::{Command, ExitCode, Stdio};

fn shell(command: &str) -> Command {
    if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", command]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", command]);
        c
    }
}

/// Run a shell command, its stderr on ours, and return its stdout.
pub fn shell_output(command: &str) -> anyhow::Result<String> {
    let out = shell(command)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .output()?;
    if !out.status.success() {
        anyhow::bail!("it exited with {}", out.status);
    }
    Ok(String::from_utf8(out.stdout)?)
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ProcessOutput {
    version: u32,
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiration: Option<String>,
}

/// Credentials from a `credential_process` command (the documented JSON, Version 1).
pub fn credential_process(command: &str) -> anyhow::Result<Credentials> {
    let hint = "run the command by hand: it must print JSON with Version 1, AccessKeyId and SecretAccessKey";
    let out = shell_output(command)
        .map_err(|e| Hinted::new(format!("credential_process `{command}` failed: {e}"), hint))?;
    let parsed: ProcessOutput = serde_json::from_str(&out).map_err(|_| {
        Hinted::new(
            format!("credential_process `{command}` did not print credentials JSON"),
            hint,
        )
    })?;
    if parsed.version != 1 {
        return Err(Hinted::new(
            format!("credential_process output has Version {}", parsed.version),
            hint,
        )
        .into());
    }
    let expires_at = match parsed.expiration.as_deref() {
        Some(text) => Some(crate::timefmt::parse_rfc3339(text).ok_or_else(|| {
            Hinted::new(
                format!("credential_process Expiration {text:?} is not an RFC 3339 time"),
                hint,
            )
        })?),
        None => None,
    };
    Ok(Credentials {
        access_key_id: AccessKeyId::new(parsed.access_key_id.clone()),
        secret_access_key: SecretAccessKey::new(parsed.secret_access_key.clone()),
        session_token: parsed.session_token.clone().map(SecretString::from),
        expires_at,
    })
}

/// Run `program` with the environment changes; on Unix this does not return on success.
pub fn exec(program: &str, args: &[String], env: &ChildEnv) -> anyhow::Result<ExitCode> {
    let mut cmd = Command::new(program);
    cmd.args(args);
    for name in &env.remove {
        cmd.env_remove(name);
    }
    for name in &env.remove_inherited {
        cmd.env_remove(name);
    }
    for (name, value) in &env.set {
        cmd.env(name, value);
    }
    let not_found = |e: std::io::Error| -> anyhow::Result<ExitCode> {
        let (code, what) = match e.kind() {
            std::io::ErrorKind::NotFound => (127, "command not found"),
            std::io::ErrorKind::PermissionDenied => (126, "permission denied"),
            _ => (126, "cannot run it"),
        };
        eprintln!("error: {program}: {what} ({e})\nhint: check the command name and your PATH");
        Ok(ExitCode::from(code))
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = cmd.exec();
        not_found(err)
    }
    #[cfg(not(unix))]
    {
        // Ctrl-C reaches the child through the shared console; awsx just waits for it.
        match cmd.status() {
            Ok(status) => Ok(ExitCode::from(
                status.code().unwrap_or(1).clamp(0, 255) as u8
            )),
            Err(e) => not_found(e),
        }
    }
}
