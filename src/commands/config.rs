//! `awsx config show` and `awsx config check`.

use crate::cli::ShowArgs;
use crate::config::check::{Severity, check as check_profiles};
use crate::config::parse::FileKind;
use crate::config::profile_set::Section;
use crate::context::Context;
use crate::error::Hinted;
use crate::secret::{MASKED, is_secret_key};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::process::ExitCode;

fn shown(key: &str, value: &str, reveal: bool) -> String {
    if is_secret_key(key) && !reveal {
        MASKED.to_string()
    } else {
        value.to_string()
    }
}

fn to_json(sections: &BTreeMap<String, Section>, reveal: bool) -> Value {
    let map: Map<String, Value> = sections
        .iter()
        .map(|(name, section)| {
            let props: Map<String, Value> = section
                .properties
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(shown(k, &v.value, reveal))))
                .collect();
            (name.clone(), Value::Object(props))
        })
        .collect();
    Value::Object(map)
}

pub fn show(ctx: &Context, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let config = crate::config::load(&ctx.env)?;
    let set = &config.set;
    // `show` is the files as the SDKs read them, and the SDKs reject a whole file over a line
    // that the AWS CLI (and so awsx everywhere else) reads: say where, rather than show a view
    // that terraform or an SDK would never see.
    if let Some((origin, _, message)) = set.lenient_lines().into_iter().next() {
        let at = config
            .path(origin.file)
            .map_or_else(|| "the config".to_string(), |p| p.display().to_string());
        return Err(Hinted::new(
            format!("{at}:{}: {message}", origin.line),
            "awsx reads the file as the AWS CLI does; `awsx config check` lists every such line and what to change so the SDKs read it too",
        )
        .into());
    }
    if args.json {
        let out = json!({
            "profiles": to_json(&set.profiles, args.reveal),
            "sso_sessions": to_json(&set.sso_sessions, args.reveal),
        });
        crate::outln!(ctx, "{}", serde_json::to_string_pretty(&out)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let shown_path = |kind| match config.path(kind) {
        Some(path) => path.display().to_string(),
        None => "(none: no home directory is known)".to_string(),
    };
    crate::outln!(ctx, "# config:      {}", shown_path(FileKind::Config))?;
    crate::outln!(ctx, "# credentials: {}", shown_path(FileKind::Credentials))?;
    for (kind, sections) in [
        ("profile", &set.profiles),
        ("sso-session", &set.sso_sessions),
    ] {
        for (name, section) in sections {
            crate::outln!(ctx, "\n[{kind} {name}]")?;
            for (key, value) in &section.properties {
                let text = shown(key, &value.value, args.reveal).replace('\n', "\n  ");
                crate::outln!(ctx, "{key} = {text}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Context) -> anyhow::Result<ExitCode> {
    let (config, vault) = super::load_quietly(ctx)?;
    let problems = check_profiles(&config.set, &vault);
    for p in &problems {
        let label = match p.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        crate::outln!(
            ctx,
            "{}: profile {}: {label}{} (hint: {})",
            config.location(p.origin),
            p.profile,
            p.message,
            p.hint
        )?;
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    // Warnings alone do not fail the check: a key only another tool reads is not an error.
    if errors == 0 {
        if warnings == 0 {
            crate::outln!(
                ctx,
                "No problems found in {}.",
                crate::output::count(config.set.profiles.len(), "profile")
            )?;
        } else {
            crate::errln!(
                ctx,
                "{}, no errors, in {}",
                crate::output::count(warnings, "warning"),
                crate::output::count(config.set.profiles.len(), "profile")
            );
        }
        Ok(ExitCode::SUCCESS)
    } else {
        if warnings == 0 {
            crate::errln!(ctx, "{} found", crate::output::count(errors, "problem"));
        } else {
            crate::errln!(
                ctx,
                "{} found, and {}",
                crate::output::count(errors, "problem"),
                crate::output::count(warnings, "warning")
            );
        }
        Ok(ExitCode::FAILURE)
    }
}
