//! Where MFA codes come from: `--mfa-token`, else the profile's `mfa_process`, else a prompt on
//! the controlling terminal. With none of these, fail at once and say which to use.

use crate::Context;
use crate::engine::{Prepared, Request};
use crate::error::Hinted;
use crate::secret::MfaCode;

/// A code for `serial`, and whether the user typed it (only typed codes are asked for again
/// when STS rejects them).
pub fn code(
    ctx: &Context,
    request: &Request,
    prepared: &Prepared,
    serial: &str,
    attempt: usize,
) -> anyhow::Result<(MfaCode, bool)> {
    if let Some(token) = request.mfa_token.as_deref().filter(|_| attempt == 1) {
        return Ok((MfaCode::new(token), false));
    }
    let set = &prepared.config.set;
    let process = set
        .lookup(&request.profile, "mfa_process")
        .or_else(|| set.lookup(prepared.chain.base.profile(), "mfa_process"));
    if let Some(command) = process.filter(|_| attempt == 1) {
        let out = crate::process::shell_output(&command.value).map_err(|e| {
            Hinted::new(
                format!("mfa_process `{}` failed: {e}", command.value),
                "run the command by hand to check it prints a code",
            )
        })?;
        return Ok((MfaCode::new(out.trim()), false));
    }
    let code = ctx
        .prompter
        .line(&format!("Enter MFA code for {serial}: "))
        .map_err(|_| {
            Hinted::new(
                format!("an MFA code is needed for {serial} and there is no terminal to ask on"),
                "pass --mfa-token CODE, or set mfa_process in the profile to a command that prints a code",
            )
        })?;
    Ok((MfaCode::new(&code), true))
}
