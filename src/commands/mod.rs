//! One module per subcommand: thin orchestration of the pure modules and the I/O seams.
//! Policy (what to do) lives in the pure modules; these only gather inputs and print results.

pub mod add;
pub mod alias;
pub mod clear;
pub mod completion;
pub mod config;
pub mod confirm;
pub mod exec;
pub mod explain;
pub mod export;
pub mod list;
pub mod lock;
pub mod login;
pub mod man;
pub mod mfa;
pub mod remove;
pub mod rotate;
#[cfg(test)]
mod tests;

use crate::config::Config;
use crate::context::Context;
use std::collections::BTreeSet;

/// The config files and the names of profiles with keys in the vault.
pub(crate) fn load(ctx: &Context) -> anyhow::Result<(Config, BTreeSet<String>)> {
    let config = crate::config::load(&ctx.env)?;
    let keys = ctx.vault()?.profiles_with_keys()?;
    Ok((config, keys))
}

/// Like `load`, for commands that only inform (alias, check): the vault is read only if that
/// needs no prompt, and an unavailable vault counts as empty.
pub(crate) fn load_quietly(ctx: &Context) -> anyhow::Result<(Config, BTreeSet<String>)> {
    let config = crate::config::load(&ctx.env)?;
    let keys = ctx
        .vault()
        .map(|v| v.index_quietly().keys.into_keys().collect())
        .unwrap_or_default();
    Ok((config, keys))
}

/// The profile named on the command line, else `$AWS_PROFILE`.
pub(crate) fn profile_or_env(ctx: &Context, profile: &Option<String>) -> anyhow::Result<String> {
    profile
        .clone()
        .or_else(|| ctx.env.get("AWS_PROFILE").map(str::to_string))
        .ok_or_else(|| {
            crate::error::Hinted::new(
                "no profile given and AWS_PROFILE is not set",
                "name one, e.g. `awsx exec production-infrastructure -- CMD`",
            )
            .into()
        })
}

/// Credentials for `profile` through the executor, with STS from the context when needed.
pub(crate) fn obtain(
    ctx: &Context,
    profile: &str,
    flags: &crate::cli::CredentialFlags,
) -> anyhow::Result<crate::executor::Obtained> {
    crate::executor::obtain(ctx, &request(ctx, profile, flags)?)
}

/// The executor's request for `profile` with these flags.
pub(crate) fn request(
    ctx: &Context,
    profile: &str,
    flags: &crate::cli::CredentialFlags,
) -> anyhow::Result<crate::executor::Request> {
    Ok(crate::executor::Request {
        profile: profile.to_string(),
        options: plan_options(ctx, &flags.plan)?,
        region: flags.region.clone(),
        mfa_token: flags.mfa_token.clone(),
    })
}

/// The plan options from the plan-shaping flags and the environment's settings.
pub(crate) fn plan_options(
    ctx: &Context,
    flags: &crate::cli::PlanFlags,
) -> anyhow::Result<crate::plan::PlanOptions> {
    crate::plan::options(ctx.settings()?, flags.no_session, flags.duration.as_deref())
}
