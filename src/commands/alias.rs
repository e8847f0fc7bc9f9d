//! `awsx alias`: shell definitions for every profile that can produce credentials.

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
    let (config, vault) = super::load_quietly(ctx)?;
    let resolved = chain::resolve_all(&config.set, &vault);
    let mut names: Vec<String> = resolved
        .iter()
        .filter(|(_, base)| base.is_ok())
        .map(|(name, _)| name.to_string())
        .chain(
            vault
                .iter()
                .filter(|n| !resolved.contains_key(n.as_str()))
                .cloned(),
        )
        .collect();
    names.sort();
    names.dedup();
    crate::out!("{}", render(shell, &args.prefix, &names));
    Ok(ExitCode::SUCCESS)
}
