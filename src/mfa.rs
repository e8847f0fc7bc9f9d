//! Where MFA codes come from: `--mfa-token`, else the profile's `mfa_process`, else the prompt
//! the settings name (`AWSX_PROMPT`, else `AWS_VAULT_PROMPT`): the controlling terminal, a
//! YubiKey through `ykman`, or a desktop dialog (`zenity`, `kdialog`) whose stdout is the code.
//! With none of these, fail at once and say which to use.
//!
//! Every code is checked here, before any STS call: six digits after trimming. A code is a
//! secret, so no message repeats it, wrong or not. awsx usually holds the base profile's lock
//! while it gets a code, so both `mfa_process` and the prompt are bounded by `AWSX_MFA_TIMEOUT`,
//! and the lock's record says what this process waits for (see lock.rs).

use crate::context::Context;
use crate::error::Hinted;
use crate::process::RunError;
use crate::secret::MfaCode;
use crate::settings::{Dialog, Prompt};
use crate::types::MfaSerial;

/// How many codes may be typed for one step (a typed code STS rejects, or one that is not six
/// digits, is asked for again), and the time limit for one `mfa_process` run or one prompt.
pub use crate::lock::{MFA_TIMEOUT_VAR as TIMEOUT_VAR, MFA_TRIES as TRIES};

/// Where a code may come from, besides the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `--mfa-token`
    pub token: Option<&'a str>,
    /// The profile's `mfa_process` (else its base profile's).
    pub process: Option<&'a str>,
    /// The base profile, whose lock is held while the code is got.
    pub base: &'a str,
}

/// A code for `serial`, and whether the user typed it (only typed codes are asked for again
/// when STS rejects them). `None`: the user typed something that is not a code and may try
/// again (attempt < TRIES); they have been told.
pub fn code(
    ctx: &Context,
    sources: &Sources<'_>,
    serial: &MfaSerial,
    attempt: usize,
) -> anyhow::Result<Option<(MfaCode, bool)>> {
    let base = sources.base;
    let limit = ctx.settings()?.timeouts.mfa;
    let calling = format!("is calling STS for {base}");
    if let Some(token) = sources.token.filter(|_| attempt == 1) {
        let code = MfaCode::parse(token).map_err(|_| {
            Hinted::new(
                "the MFA code given with --mfa-token is not six digits",
                "pass the 6-digit code your MFA device shows now",
            )
        })?;
        crate::lock::doing(&calling);
        return Ok(Some((code, false)));
    }
    if let Some(command) = sources.process.filter(|_| attempt == 1) {
        crate::lock::doing(&format!(
            "is running mfa_process for an MFA code for {base}"
        ));
        let out = crate::process::shell_output(command, limit).map_err(|e| {
            let hint = match e {
                RunError::TimedOut(_) => format!(
                    "run the command by hand to see what it waits for; {TIMEOUT_VAR} sets the limit"
                ),
                _ => "run the command by hand to check it prints a code".to_string(),
            };
            Hinted::new(format!("mfa_process `{command}` failed: {e}"), hint)
        })?;
        let code = MfaCode::parse(&out).map_err(|_| {
            Hinted::new(
                format!("mfa_process `{command}` did not print a six-digit MFA code"),
                "run the command by hand: it must print the current 6-digit code and nothing else",
            )
        })?;
        crate::lock::doing(&calling);
        return Ok(Some((code, false)));
    }
    let prompt = &ctx.settings()?.prompt;
    if let Some(why) = prompt.unsupported() {
        return Err(why.into());
    }
    if *prompt == Prompt::Ykman {
        return ykman(ctx, base, serial, limit, attempt).map(|code| code.map(|c| (c, false)));
    }
    if let Prompt::Dialog(dialog) = *prompt {
        return from_dialog(dialog, base, serial, limit, attempt);
    }
    crate::lock::doing(&format!(
        "is asking for an MFA code for {base} on its terminal"
    ));
    let typed = ctx
        .prompter
        .line_within(&format!("Enter MFA code for {serial}: "), limit)
        .map_err(|e| {
            if e.is::<crate::prompt::TimedOut>() {
                too_slow(serial, limit, "typed")
            } else {
                Hinted::new(
                    format!(
                        "an MFA code is needed for {serial} and there is no terminal to ask on"
                    ),
                    "pass --mfa-token CODE, or set mfa_process in the profile to a command that prints a code",
                )
            }
        })?;
    let how = "type the 6 digits your MFA device shows, then Enter";
    match typed_code(&typed, serial, attempt, "typed", how)? {
        Some(code) => {
            crate::lock::doing(&calling);
            Ok(Some((code, true)))
        }
        None => {
            crate::errln!(ctx, "That is not a 6-digit MFA code; try again.");
            Ok(None)
        }
    }
}

/// What a person gave (`verb`: "typed" at the terminal, "entered" in a dialog) as a code;
/// `None` when it is not six digits and a try is left; after the last try, the error.
fn typed_code(
    text: &str,
    serial: &MfaSerial,
    attempt: usize,
    verb: &str,
    how: &str,
) -> anyhow::Result<Option<MfaCode>> {
    match MfaCode::parse(text) {
        Ok(code) => Ok(Some(code)),
        Err(_) if attempt < TRIES => Ok(None),
        Err(_) => Err(Hinted::new(
            format!("no 6-digit MFA code for {serial} was {verb} in {TRIES} tries"),
            how,
        )
        .into()),
    }
}

/// No code was given within the limit.
fn too_slow(serial: &MfaSerial, limit: std::time::Duration, verb: &str) -> Hinted {
    Hinted::new(
        format!(
            "no MFA code for {serial} was {verb} within {}",
            crate::duration::format_short(limit.as_secs())
        ),
        format!("run awsx again with your MFA device at hand; {TIMEOUT_VAR} sets how long it asks"),
    )
}

/// A code typed into a desktop dialog, as aws-vault's zenity and kdialog prompts ask: the
/// program's stdout, trimmed. A dialog that is missing, cancelled or too slow is one error;
/// something that is not six digits is asked for again, as at the terminal.
fn from_dialog(
    dialog: Dialog,
    base: &str,
    serial: &MfaSerial,
    limit: std::time::Duration,
    attempt: usize,
) -> anyhow::Result<Option<(MfaCode, bool)>> {
    let program = dialog.program();
    let text = if attempt == 1 {
        format!("Enter MFA code for {serial}: ")
    } else {
        // Not six digits, or STS rejected it: the dialog cannot say which, the terminal can.
        format!("Enter MFA code for {serial} (try {attempt} of {TRIES}): ")
    };
    crate::lock::doing(&format!(
        "is asking for an MFA code for {base} in a {program} dialog"
    ));
    let out = crate::process::program_output(program, &dialog.args(&text), limit).map_err(|e| {
        let (message, hint) = match e {
            RunError::Spawn(err) if err.kind() == std::io::ErrorKind::NotFound => (
                format!(
                    "the MFA prompt is {program}, and {program} is not installed (not on PATH)"
                ),
                format!(
                    "install {program}, or set AWSX_PROMPT=terminal to be asked at the terminal"
                ),
            ),
            RunError::Failed(_) => (
                format!("the {program} dialog for an MFA code for {serial} was cancelled"),
                "run awsx again and enter the code, or pass --mfa-token CODE".to_string(),
            ),
            RunError::TimedOut(_) => return too_slow(serial, limit, "entered"),
            other => (
                format!("the {program} dialog could not ask for an MFA code: {other}"),
                format!("run `{program}` by hand, or set AWSX_PROMPT=terminal"),
            ),
        };
        Hinted::new(message, hint)
    })?;
    let how = "enter the 6 digits your MFA device shows";
    let code = typed_code(&out, serial, attempt, "entered", how)?;
    if code.is_some() {
        crate::lock::doing(&format!("is calling STS for {base}"));
    }
    Ok(code.map(|code| (code, true)))
}

/// A code from a YubiKey through `ykman`, as aws-vault's ykman prompt gets it: the OATH account
/// named by `YKMAN_OATH_CREDENTIAL_NAME`, else the MFA serial; `YKMAN_OATH_DEVICE_SERIAL` picks
/// the key; `AWS_VAULT_YKMAN_VERSION` 1-3 means the old `ykman oath code` spelling. Asked once
/// (a second try would give the same code within the same 30 s).
fn ykman(
    ctx: &Context,
    base: &str,
    serial: &MfaSerial,
    limit: std::time::Duration,
    attempt: usize,
) -> anyhow::Result<Option<MfaCode>> {
    if attempt > 1 {
        return Err(Hinted::new(
            format!("AWS rejected the code ykman gave for {serial}"),
            "check the OATH account on your YubiKey (`ykman oath accounts list`) is this MFA device's",
        )
        .into());
    }
    let account = ctx
        .env
        .get("YKMAN_OATH_CREDENTIAL_NAME")
        .unwrap_or(serial.as_str());
    let mut args: Vec<String> = Vec::new();
    if let Some(device) = ctx.env.get("YKMAN_OATH_DEVICE_SERIAL") {
        args.extend(["--device".to_string(), device.to_string()]);
    }
    let old = matches!(
        ctx.env.get("AWS_VAULT_YKMAN_VERSION"),
        Some("1" | "2" | "3")
    );
    let words: &[&str] = if old {
        &["oath", "code", "--single"]
    } else {
        &["oath", "accounts", "code", "--single"]
    };
    args.extend(words.iter().map(|w| w.to_string()));
    args.push(account.to_string());
    crate::lock::doing(&format!("is running ykman for an MFA code for {base}"));
    let out = crate::process::program_output("ykman", &args, limit).map_err(|e| {
        Hinted::new(
            format!("ykman could not give an MFA code for {account}: {e}"),
            format!(
                "run `ykman {}` by hand; add the account with `ykman oath accounts add`",
                args.join(" ")
            ),
        )
    })?;
    let code = MfaCode::parse(&out).map_err(|_| {
        Hinted::new(
            format!("ykman did not print a six-digit MFA code for {account}"),
            format!(
                "run `ykman {}` by hand to see what it prints",
                args.join(" ")
            ),
        )
    })?;
    crate::lock::doing(&format!("is calling STS for {base}"));
    Ok(Some(code))
}
