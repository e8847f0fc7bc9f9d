//! awsx: an AWS credential helper in the style of aws-vault.
//!
//! The binary is a thin shell around [`main_entry`]; everything else lives here so tests can
//! reach it. Imports between the top-level modules form no cycle (the `layering` test fails on
//! one). From the top down, a module using those on its own line and below:
//!
//! - `cli` (the clap definition), `commands` (one thin module per subcommand), `report`
//!   (an error as printed, with the hint its type brings) and `run` here;
//! - `server` (`exec --server`'s credentials endpoint, refreshing through a closure);
//! - `executor`: a profile in, credentials out, running a plan against the seams below;
//! - `plan` (chain → typed steps), `cache` (slot naming, freshness), `sources` (base
//!   credentials, `credential_process` output), `mfa` (where a code comes from);
//! - `context`: what every command is given: the environment, the settings, the vault, the
//!   prompter, the AWS clients and the printer;
//! - `config` (files → typed profiles → chains), `settings` (the environment read once, with
//!   aws-vault's variables as fallbacks), `keystore` (the vault and its stores), `process`
//!   (running commands, bounded), `aws` (the STS, IAM and federation seams and their SDK
//!   implementations), and the pure helpers: `alias`, `child_env`, `console`, `duration`,
//!   `export`, `secret`, `timefmt`, `types`;
//! - plumbing: `output` (the printer: stdout, stderr, a closed reader), `prompt`, `lock`,
//!   `fsutil`, `env`, `error`.

pub mod alias;
pub mod aws;
pub mod cache;
pub mod child_env;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console;
pub mod context;
pub mod duration;
pub mod env;
pub mod error;
pub mod executor;
pub mod export;
pub mod fsutil;
pub mod keystore;
#[cfg(test)]
mod layering;
pub mod lock;
pub mod mfa;
pub mod output;
pub mod plan;
pub mod process;
pub mod prompt;
pub mod report;
pub mod secret;
pub mod server;
pub mod settings;
pub mod sources;
#[cfg(test)]
mod testing;
pub mod timefmt;
pub mod types;

use std::process::ExitCode;

pub use context::Context;

/// Run one parsed command line.
pub fn run(command: cli::Command, ctx: &Context) -> anyhow::Result<ExitCode> {
    use cli::{Command, ConfigCommand};
    match command {
        Command::Add(args) => commands::add::run(ctx, &args),
        Command::Remove(args) => commands::remove::run(ctx, &args),
        Command::List(args) => commands::list::run(ctx, &args),
        Command::Lock => commands::lock::run(ctx),
        Command::Exec(args) => commands::exec::run(ctx, &args),
        Command::Export(args) => commands::export::run(ctx, &args),
        Command::Clear(args) => commands::clear::run(ctx, &args),
        Command::Login(args) => commands::login::run(ctx, &args),
        Command::Rotate(args) => commands::rotate::run(ctx, &args),
        Command::Mfa(args) => commands::mfa::run(ctx, &args),
        Command::Config(ConfigCommand::Show(args)) => commands::config::show(ctx, &args),
        Command::Config(ConfigCommand::Check) => commands::config::check(ctx),
        Command::Explain(args) => commands::explain::run(ctx, &args),
        Command::Alias(args) => commands::alias::run(ctx, &args),
        Command::Completion(args) => commands::completion::run(ctx, &args),
        Command::Man(args) => commands::man::run(ctx, &args),
        Command::Version => {
            outln!(ctx, "awsx {}", env!("CARGO_PKG_VERSION"))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The binary's whole life: completions, parse, run, print any error once, exit code.
pub fn main_entry() -> ExitCode {
    use clap::FromArgMatches;
    clap_complete::CompleteEnv::with_factory(cli::command).complete();
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let definition = cli::command();
    let normalized = cli::normalize_exec(&definition, &argv);
    let parsed = definition
        .try_get_matches_from(normalized)
        .and_then(|matches| Ok((cli::Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(err) => {
            let args: Vec<String> = argv
                .iter()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let hint = cli::aws_vault_spelling(&args).filter(|_| err.use_stderr());
            // Neither a closed stdout (`--help | head -0`) nor a closed stderr may panic here.
            let _ = err.print();
            if let Some(hint) = hint {
                say!("hint: {hint}");
            }
            // --help and --version are answers; anything else is bad input: 1, as for every
            // other bad input (and as aws-vault exits), not clap's 2.
            return if err.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let backend = cli::backend(&cli, &matches);
    let ctx = Context::new(env::Env::from_process(), backend, Box::new(prompt::Tty));
    match run(cli.command, &ctx) {
        Ok(code) => code,
        // The reader went away (`awsx list | head -1`): end quietly, as any Unix filter.
        Err(err) if matches!(err.downcast_ref(), Some(output::OutputError::Closed)) => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            ctx.out.say(format_args!("{}\n", report::render(&err)));
            ExitCode::FAILURE
        }
    }
}
