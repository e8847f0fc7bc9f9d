//! `awsx config show` and `awsx config check`.

use crate::Context;
use crate::cli::ShowArgs;
use crate::config::check::check as check_profiles;
use crate::config::profile_set::Section;
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
    let (config, _) = super::load(ctx)?;
    let set = &config.set;
    if args.json {
        let out = json!({
            "profiles": to_json(&set.profiles, args.reveal),
            "sso_sessions": to_json(&set.sso_sessions, args.reveal),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("# config:      {}", config.paths.config.display());
    println!("# credentials: {}", config.paths.credentials.display());
    for (kind, sections) in [
        ("profile", &set.profiles),
        ("sso-session", &set.sso_sessions),
    ] {
        for (name, section) in sections {
            println!("\n[{kind} {name}]");
            for (key, value) in &section.properties {
                let text = shown(key, &value.value, args.reveal).replace('\n', "\n  ");
                println!("{key} = {text}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(ctx: &Context) -> anyhow::Result<ExitCode> {
    let (config, vault) = super::load(ctx)?;
    let problems = check_profiles(&config.set, &vault);
    for p in &problems {
        println!(
            "{}: profile {}: {} (hint: {})",
            config.location(p.origin),
            p.profile,
            p.message,
            p.hint
        );
    }
    if problems.is_empty() {
        println!(
            "No problems found in {} profiles.",
            config.set.profiles.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s) found", problems.len());
        Ok(ExitCode::FAILURE)
    }
}
