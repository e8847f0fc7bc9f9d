//! `awsx alias`: shell definitions for every profile awsx could run, from the config files
//! alone: the vault is never opened.

use crate::alias::{Shell, render, valid_prefix};
use crate::cli::AliasArgs;
use crate::config::chain;
use crate::context::Context;
use crate::error::Hinted;
use std::process::ExitCode;

pub fn run(ctx: &Context, args: &AliasArgs) -> anyhow::Result<ExitCode> {
    let shell = match args.shell {
        Some(shell) => shell,
        None => ctx
            .env
            .get("SHELL")
            .and_then(Shell::from_path)
            .ok_or_else(|| {
                Hinted::new(
                    "cannot tell which shell to write aliases for",
                    "pass --shell bash, zsh, fish or powershell",
                )
            })?,
    };
    if !valid_prefix(shell, &args.prefix) {
        return Err(Hinted::new(
            format!(
                "--prefix {:?} cannot start a command name in {shell:?}",
                args.prefix
            ),
            "use letters, digits, '-', '_' or '.', e.g. --prefix aws-",
        )
        .into());
    }
    // Never the vault: this runs at every shell start, where a keychain unlock prompt, a
    // passphrase or a delay must not happen (issue 10). Which profiles have keys stored does
    // not matter: one that could use stored keys gets its alias before they are added.
    let config = crate::config::load(&ctx.env)?;
    let (names, skipped) = runnable(&config.set);
    crate::out!(ctx, "{}", render(shell, &args.prefix, &names, &skipped))?;
    Ok(ExitCode::SUCCESS)
}

/// The profiles awsx could run, and the others with the reason, as the GDS docs' `awk` loop
/// over `[profile X]` would list them but for those that can never work in awsx:
/// - in: every profile whose chain ends in keys (stored in the vault, or to be: a base profile
///   with only `region`/`mfa_serial` counts), written keys, `credential_process` or
///   `credential_source = Environment`; also one whose `source_profile` has no section, since
///   its keys may be in the vault under that name (`awsx add NAME --no-add-config`);
/// - out, with a comment: loops and invalid profiles (`awsx config check` says more), and
///   bases awsx cannot use yet (SSO, web identity, `credential_source` other than Environment).
///
/// A profile whose only trace is keys in the vault gets no alias: telling would need the vault.
fn runnable(set: &crate::config::ProfileSet) -> (Vec<String>, Vec<(String, String)>) {
    use crate::config::{Base, ChainError};
    let empty = std::collections::BTreeSet::<String>::new();
    let (mut names, mut skipped) = (Vec::new(), Vec::new());
    for (name, result) in chain::resolve_all(set, &empty) {
        let not_yet = |what: &str| Some(format!("{what} is not supported by awsx yet"));
        let why = match result {
            Ok(Base::Sso { .. }) => not_yet("AWS IAM Identity Center (SSO)"),
            Ok(Base::WebIdentity { .. }) => not_yet("web identity"),
            Ok(Base::CredentialSource { name, .. }) if name != "Environment" => {
                not_yet(&format!("credential_source = {name}"))
            }
            Ok(_) | Err(ChainError::NoCredentials(_) | ChainError::MissingSource { .. }) => None,
            Err(e) => Some(e.to_string()),
        };
        match why {
            None => names.push(name.to_string()),
            Some(why) => skipped.push((name.to_string(), why)),
        }
    }
    (names, skipped)
}
