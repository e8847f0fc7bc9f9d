//! `awsx explain PROFILE`: the credential plan, without contacting AWS.

use crate::cli::ExplainArgs;
use crate::config::Base;
use crate::context::Context;
use crate::plan;
use std::process::ExitCode;

pub fn run(ctx: &Context, args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let (config, vault) = super::load(ctx)?;
    let options = super::plan_options(ctx, &args.plan)?;
    // The plan as written: explain shows it even with a role ARN or MFA device that `exec`
    // would refuse (see plan::Step), and says so.
    let (chain, plan, checked) = plan::chain_and_draft(&config, &vault, &args.profile, &options)?;
    for warning in &plan.warnings {
        crate::errln!(ctx, "warning: {warning}");
    }
    if let Err(refused) = &checked {
        crate::errln!(
            ctx,
            "warning: {refused}; awsx will not use this profile until it is fixed\nhint: {}",
            crate::error::Hint::hint(refused)
        );
    }
    // A misspelled key drops what it meant from the plan: say so for each profile in the chain.
    let mut names: Vec<&str> = vec![chain.base.profile()];
    names.extend(chain.roles.iter().map(|r| r.profile.as_str()));
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    for section in names.into_iter().filter_map(|n| config.set.profile(n)) {
        for p in crate::config::check::unknown_keys(section) {
            let at = config.location(p.origin);
            crate::errln!(ctx, "warning: {at}: profile {}: {}", p.profile, p.message);
        }
    }
    if args.json {
        let mut out = serde_json::json!({ "profile": args.profile, "steps": plan.steps });
        // Only when set, so the output of every other profile stays as it was.
        if super::confirm::confirms(&config, &args.profile) {
            out["confirm"] = true.into();
        }
        crate::outln!(ctx, "{}", serde_json::to_string_pretty(&out)?)?;
    } else {
        crate::outln!(ctx, "Credentials for profile {}:", args.profile)?;
        if super::confirm::confirms(&config, &args.profile) {
            crate::outln!(ctx, "  (asks for confirmation first: awsx_confirm)")?;
        }
        let now = ctx.now();
        let cacheable = matches!(chain.base, Base::VaultKeys { .. });
        // Sessions count only when made from the keys stored now.
        let key_id = cacheable
            .then(|| ctx.vault().ok()?.index().ok())
            .flatten()
            .and_then(|index| index.keys.get(chain.base.profile()).cloned())
            .map(|meta| meta.access_key_id);
        for (i, step) in plan.steps.iter().enumerate() {
            // Only a plan awsx would run can have cached sessions.
            let cached = checked
                .as_ref()
                .ok()
                .and_then(|checked| checked.steps.get(i))
                .filter(|_| cacheable)
                .map(|step| cached_for(ctx, step, key_id.as_deref(), now));
            let cache = match cached.flatten() {
                Some(left) => format!("  [cached, {} left]", crate::duration::format_left(left)),
                None => String::new(),
            };
            crate::outln!(ctx, "  {}. {}{cache}", i + 1, plan::describe(step))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Seconds left on a cached result for this step, if one is usable.
fn cached_for(ctx: &Context, step: &plan::Step, key_id: Option<&str>, now: u64) -> Option<u64> {
    crate::executor::cached(ctx, step, key_id, now)
        .ok()
        .flatten()
        .and_then(|c| c.expires_at)
        .map(|at| at.saturating_sub(now))
}
