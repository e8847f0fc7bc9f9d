//! `awsx list`: profiles, the vault entry each draws on, and live cached sessions.
//! One read of the vault's index; no secret is read.

use crate::cli::ListArgs;
use crate::config::{Base, chain};
use crate::context::Context;
use crate::duration::format_left;

use crate::keystore::Index;
use serde_json::json;
use std::collections::BTreeSet;
use std::process::ExitCode;

struct Row {
    profile: Option<String>,
    /// The profile asks before it is used (awsx_confirm).
    confirm: bool,
    credentials: Option<String>,
    /// (kind, seconds left)
    sessions: Vec<(String, u64)>,
}

fn rows(config: &crate::config::Config, index: &Index, now: u64) -> Vec<Row> {
    let vault: BTreeSet<String> = index.keys.keys().cloned().collect();
    let live = |target: &str| -> Vec<(String, u64)> {
        index
            .sessions
            .values()
            .filter(|s| s.target == target && s.expires_at > now)
            .map(|s| (s.kind.clone(), s.expires_at - now))
            .collect()
    };
    let mut rows: Vec<Row> = chain::resolve_all(&config.set, &vault)
        .into_iter()
        .map(|(name, base)| {
            let credentials = match base {
                Ok(Base::VaultKeys { profile }) => Some(profile),
                _ => None,
            };
            Row {
                profile: Some(name.to_string()),
                confirm: crate::commands::confirm::confirms(config, name),
                credentials,
                sessions: live(name),
            }
        })
        .collect();
    for name in index.keys.keys() {
        if config.set.profile(name).is_none() {
            rows.push(Row {
                profile: None,
                confirm: false,
                credentials: Some(name.clone()),
                sessions: live(name),
            });
        }
    }
    rows
}

pub fn run(ctx: &Context, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let config = crate::config::load(&ctx.env)?;
    if args.profiles {
        for name in config.set.profiles.keys() {
            crate::outln!(ctx, "{name}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let vault = ctx.vault()?;
    let mut index = vault.index()?;
    // Sessions kept in memory whose vault copy is gone are sessions too (issue 13).
    if let Some(memory) = vault.memory().index() {
        for (name, meta) in memory.sessions {
            index.sessions.entry(name).or_insert(meta);
        }
    }
    let now = ctx.now();
    if args.credentials {
        for name in index.keys.keys() {
            crate::outln!(ctx, "{name}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.sessions {
        for (name, meta) in &index.sessions {
            if meta.expires_at > now {
                crate::outln!(ctx, "{name}")?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let rows = rows(&config, &index, now);
    if args.json {
        let out: Vec<_> = rows
            .iter()
            .map(|r| {
                let key = r.credentials.as_ref().and_then(|c| index.keys.get(c));
                json!({
                    "profile": r.profile,
                    "confirm": r.confirm,
                    "credentials": r.credentials,
                    "sessions": r.sessions.iter().map(|(kind, left)| json!({
                        "kind": kind, "expires_in_seconds": left,
                    })).collect::<Vec<_>>(),
                    "access_key_id": key.map(|k| crate::secret::mask(&k.access_key_id)),
                    "key_added_at": key.map(|k| k.added_at),
                    "key_age_days": key.map(|k| now.saturating_sub(k.born_at()) / 86_400),
                })
            })
            .collect();
        crate::outln!(ctx, "{}", serde_json::to_string_pretty(&out)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let age = r
                .credentials
                .as_ref()
                .and_then(|c| index.keys.get(c))
                .map(|k| format!("{}d", now.saturating_sub(k.born_at()) / 86_400))
                .unwrap_or_else(|| "-".into());
            let sessions = r
                .sessions
                .iter()
                .map(|(kind, left)| format!("{kind}:{}", format_left(*left)))
                .collect::<Vec<_>>()
                .join(", ");
            vec![
                match (&r.profile, r.confirm) {
                    (Some(p), true) => format!("{p} [confirm]"),
                    (Some(p), false) => p.clone(),
                    (None, _) => "-".into(),
                },
                r.credentials.clone().unwrap_or_else(|| "-".into()),
                if sessions.is_empty() {
                    "-".into()
                } else {
                    sessions
                },
                age,
            ]
        })
        .collect();
    // Which store this is (and, for the file store chosen as a fallback, why): on stderr, so
    // the table on stdout stays aws-vault's. The fallback notice itself is said only once.
    crate::errln!(ctx, "Vault: {}", vault.describe());
    // aws-vault's three columns first, in its order, as organisation docs show them.
    crate::out!(
        ctx,
        "{}",
        crate::output::table(
            &["Profile", "Credentials", "Sessions", "Key age"],
            &table_rows
        )
    )?;
    Ok(ExitCode::SUCCESS)
}
