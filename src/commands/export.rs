//! `awsx export [PROFILE] --format F`: print credentials for shells, SDKs and config files.

use crate::cli::ExportArgs;
use crate::context::Context;
use std::process::ExitCode;

pub fn run(ctx: &Context, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let profile = super::profile_or_env(ctx, &args.profile)?;
    let for_process = matches!(
        args.format,
        crate::export::Format::Process | crate::export::Format::Json
    );
    super::confirm::guard(ctx, &profile, args.credentials.yes, for_process)?;
    let obtained = super::obtain(ctx, &profile, &args.credentials)?;
    crate::out!(
        ctx,
        "{}",
        crate::export::render(args.format, &obtained.credentials, &profile)
    )?;
    Ok(ExitCode::SUCCESS)
}
