//! `awsx lock`: forget the file vault's unlocked key now, and the sessions kept in memory.

use crate::context::Context;

use std::process::ExitCode;

pub fn run(ctx: &Context) -> anyhow::Result<ExitCode> {
    let vault = ctx.vault()?;
    match vault.lock()? {
        Some(true) => crate::outln!(
            ctx,
            "Locked the vault: the next command asks for its passphrase."
        )?,
        Some(false) => crate::outln!(ctx, "The vault was already locked.")?,
        None => crate::outln!(
            ctx,
            "Nothing to lock: the {} store is unlocked and locked by your operating system.",
            vault.describe()
        )?,
    }
    let forgotten = vault.forget_memory();
    if forgotten > 0 {
        crate::outln!(
            ctx,
            "Forgot {forgotten} cached session{} kept in memory (the kernel session keyring).",
            if forgotten == 1 { "" } else { "s" }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
