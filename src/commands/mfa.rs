//! `awsx mfa PROFILE`: find the base user's MFA devices in IAM and write `mfa_serial` into the
//! profiles that draw on its keys and lack one, editing nothing else in the config.

use crate::aws::Sts;
use crate::aws::iam::Iam;
use crate::cli::MfaArgs;
use crate::config::parse::FileKind;
use crate::config::{Base, chain, edit};
use crate::context::Context;

use crate::fsutil::edit_shared_file;
use std::collections::BTreeSet;
use std::process::ExitCode;

pub fn run(ctx: &Context, args: &MfaArgs) -> anyhow::Result<ExitCode> {
    let (base, keys, prepared) = super::rotate::base_keys(ctx, &args.profile)?;
    let sts = ctx.aws().sts(&prepared.endpoint);
    let iam = ctx.aws().iam(&prepared.iam_endpoint);
    discover(ctx, &base, &keys, args.yes, sts.as_ref(), iam.as_ref())?;
    Ok(ExitCode::SUCCESS)
}

/// The profiles drawing on `base`'s vault keys (and `base` itself) that have no `mfa_serial`.
pub fn profiles_lacking_mfa(
    config: &crate::config::Config,
    vault: &BTreeSet<String>,
    base: &str,
) -> Vec<String> {
    let mut names: Vec<String> = chain::resolve_all(&config.set, vault)
        .into_iter()
        .filter(|(_, b)| matches!(b, Ok(Base::VaultKeys { profile }) if profile == base))
        .filter(|(name, _)| config.set.lookup(name, "mfa_serial").is_none())
        .map(|(name, _)| name.to_string())
        .collect();
    if config.set.profile(base).is_none() {
        names.insert(0, base.to_string());
    }
    names
}

pub fn discover(
    ctx: &Context,
    base: &str,
    keys: &crate::secret::Credentials,
    yes: bool,
    sts: &dyn Sts,
    iam: &dyn Iam,
) -> anyhow::Result<()> {
    let user = match sts
        .get_caller_identity(keys)
        .ok()
        .and_then(|id| super::rotate::user_name_from_arn(&id.arn))
    {
        Some(user) => user,
        None => iam.get_user_name(keys)?,
    };
    let devices = iam.list_mfa_devices(keys, &user)?;
    let Some(first) = devices.first() else {
        crate::outln!(ctx, "IAM user {user} has no MFA device; nothing to write.")?;
        return Ok(());
    };
    let serial = if devices.len() == 1 || yes {
        first.clone()
    } else {
        for (i, d) in devices.iter().enumerate() {
            crate::errln!(ctx, "  {}. {d}", i + 1);
        }
        let pick = ctx.prompter.line("Which MFA device? [1] ")?;
        let n: usize = pick.trim().parse().unwrap_or(1);
        devices.get(n.saturating_sub(1)).unwrap_or(first).clone()
    };
    let config = crate::config::load(&ctx.env)?;
    let vault = ctx.vault()?.profiles_with_keys()?;
    let targets = profiles_lacking_mfa(&config, &vault, base);
    if targets.is_empty() {
        crate::outln!(
            ctx,
            "Nothing to write: every profile using {base}'s keys already has mfa_serial."
        )?;
        return Ok(());
    }
    let path = config.writable_path(FileKind::Config)?;
    let question = format!(
        "Write mfa_serial = {serial} into {} in {}?",
        targets
            .iter()
            .map(|t| format!("[{t}]"))
            .collect::<Vec<_>>()
            .join(", "),
        path.display()
    );
    if !yes && !ctx.prompter.confirm(&question)? {
        crate::outln!(ctx, "Nothing written.")?;
        return Ok(());
    }
    // Re-read under the lock (after the question: nobody waits on a person), so a section
    // another awsx added meanwhile is kept.
    edit_shared_file(&ctx.env, path, |text| {
        let mut text = text.to_string();
        for target in &targets {
            text = edit::set_property(&text, FileKind::Config, target, "mfa_serial", &serial);
        }
        Ok(Some(text))
    })?;
    crate::outln!(
        ctx,
        "Wrote mfa_serial to {} in {}",
        crate::output::count(targets.len(), "profile"),
        path.display()
    )?;
    Ok(())
}
