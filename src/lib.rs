//! awsx: an AWS credential helper in the style of aws-vault.
//!
//! The binary is a thin shell around [`run`]; everything else lives here so tests can reach it.
//! Pure modules (`config`, `plan`, `alias`, `duration`, `secret`, `types`) take data and return
//! data; `commands` orchestrates them with I/O; `keystore` is the vault seam.

pub mod alias;
pub mod cli;
pub mod commands;
pub mod config;
pub mod duration;
pub mod env;
pub mod error;
pub mod keystore;
pub mod plan;
pub mod secret;
pub mod types;

use std::process::ExitCode;

/// What every command gets: the environment snapshot and the vault.
pub struct Context {
    pub env: env::Env,
    pub vault: Box<dyn keystore::Vault>,
}

/// Run one parsed command line.
pub fn run(cli: cli::Cli, ctx: &Context) -> anyhow::Result<ExitCode> {
    use cli::{Command, ConfigCommand};
    match cli.command {
        Command::Config(ConfigCommand::Show(args)) => commands::config::show(ctx, &args),
        Command::Config(ConfigCommand::Check) => commands::config::check(ctx),
        Command::Explain(args) => commands::explain::run(ctx, &args),
        Command::Alias(args) => commands::alias::run(ctx, &args),
        Command::Completion(args) => commands::completion::run(&args),
        Command::Man => commands::completion::man(),
    }
}

/// The binary's whole life: completions, parse, run, print any error once, exit code.
pub fn main_entry() -> ExitCode {
    use clap::{CommandFactory, Parser};
    clap_complete::CompleteEnv::with_factory(cli::Cli::command).complete();
    let cli = cli::Cli::parse();
    let ctx = Context {
        env: env::Env::from_process(),
        vault: Box::new(keystore::EmptyVault),
    };
    match run(cli, &ctx) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}", error::render(&err));
            ExitCode::FAILURE
        }
    }
}
