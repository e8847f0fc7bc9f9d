//! awsx: an AWS credential helper in the style of aws-vault.
//!
//! The binary is a thin shell around [`run`]; everything else lives here so tests can reach it.
//! Pure modules (`config`, `plan`, `alias`, `duration`, `secret`, `types`) take data and return
//! data; `commands` orchestrates them with I/O; `keystore` and `prompt` are the seams.

pub mod alias;
pub mod aws;
pub mod child_env;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console;
pub mod duration;
pub mod engine;
pub mod env;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod keystore;
pub mod lock;
pub mod mfa;
pub mod output;
pub mod plan;
pub mod process;
pub mod prompt;
pub mod secret;
pub mod timefmt;
pub mod types;

use std::cell::OnceCell;
use std::process::ExitCode;

/// What every command gets: the environment snapshot, the vault (opened on first use, so
/// commands that do not need it never touch a keychain), and a way to ask the user.
pub struct Context {
    pub env: env::Env,
    backend: Option<keystore::Backend>,
    vault: OnceCell<keystore::Vault>,
    /// The memory-only session cache (issue 13), usable without opening the vault.
    memory: OnceCell<keystore::SessionMemory>,
    pub prompter: Box<dyn prompt::Prompter>,
}

impl Context {
    pub fn new(
        env: env::Env,
        backend: Option<keystore::Backend>,
        prompter: Box<dyn prompt::Prompter>,
    ) -> Self {
        Context {
            env,
            backend,
            vault: OnceCell::new(),
            memory: OnceCell::new(),
            prompter,
        }
    }

    /// A context around a given vault (tests).
    pub fn with_vault(
        env: env::Env,
        vault: keystore::Vault,
        prompter: Box<dyn prompt::Prompter>,
    ) -> Self {
        let context = Context::new(env, None, prompter);
        let _ = context.vault.set(vault);
        let _ = context.memory.set(keystore::SessionMemory::disabled());
        context
    }

    pub fn vault(&self) -> anyhow::Result<&keystore::Vault> {
        if let Some(vault) = self.vault.get() {
            return Ok(vault);
        }
        let vault =
            keystore::open(self.backend, &self.env)?.with_memory(self.session_memory().clone());
        Ok(self.vault.get_or_init(|| vault))
    }

    /// The memory-only copy of the vault's session cache; reading it opens no keychain.
    pub fn session_memory(&self) -> &keystore::SessionMemory {
        self.memory
            .get_or_init(|| keystore::open::session_memory(self.backend, &self.env))
    }

    /// Seconds since the Unix epoch.
    pub fn now(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}

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
        Command::Completion(args) => commands::completion::run(&args),
        Command::Man => commands::completion::man(),
        Command::Version => {
            outln!("awsx {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The binary's whole life: completions, parse, run, print any error once, exit code.
pub fn main_entry() -> ExitCode {
    use clap::{CommandFactory, Parser};
    clap_complete::CompleteEnv::with_factory(cli::Cli::command).complete();
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match cli::Cli::try_parse_from(cli::normalize_exec(&argv)) {
        Ok(cli) => cli,
        Err(err) => {
            let args: Vec<String> = argv
                .iter()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            let hint = cli::aws_vault_spelling(&args).filter(|_| err.use_stderr());
            let _ = err.print();
            if let Some(hint) = hint {
                eprintln!("hint: {hint}");
            }
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    let ctx = Context::new(env::Env::from_process(), cli.backend, Box::new(prompt::Tty));
    match run(cli.command, &ctx) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{}", error::render(&err));
            ExitCode::FAILURE
        }
    }
}
