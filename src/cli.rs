//! The command line, as clap types. Doc comments here are the `--help` text, the man page and
//! the completions: there is no other copy of them.

use crate::alias::Shell;
use clap::{Args, Parser, Subcommand};
use clap_complete::ArgValueCandidates;

/// A command-line AWS credential helper: long-term keys in the OS keychain, MFA-gated roles,
/// one prompt per session.
#[derive(Debug, Parser)]
#[command(name = "awsx", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show or check the AWS config as the SDKs read it
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Show how credentials for a profile would be obtained, without contacting AWS
    Explain(ExplainArgs),
    /// Print shell aliases: `aws-<profile> CMD` runs `awsx exec <profile> -- CMD`
    Alias(AliasArgs),
    /// Print a shell completion script
    Completion(CompletionArgs),
    /// Print the man page (roff) on stdout
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the merged config and credentials files, secrets masked
    Show(ShowArgs),
    /// Check every profile; one line per problem, exit 1 if any
    Check,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Print JSON: {"profiles": {NAME: {KEY: VALUE}}, "sso_sessions": {…}}
    #[arg(long)]
    pub json: bool,
    /// Show secret values (aws_secret_access_key, aws_session_token) instead of masking them
    #[arg(long)]
    pub reveal: bool,
}

/// Flags that shape the credential plan; shared by every command that obtains credentials.
#[derive(Debug, Args, Clone, Default)]
pub struct PlanFlags {
    /// Skip GetSessionToken: use the long-term keys directly (roles are assumed with MFA)
    #[arg(long)]
    pub no_session: bool,
    /// Lifetime of the credentials, e.g. 3600, 1h, 1h30m
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The profile to explain
    #[arg(add = ArgValueCandidates::new(crate::commands::completion::profile_candidates))]
    pub profile: String,
    /// Print JSON: {"profile": NAME, "steps": [STEP, …]}
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub plan: PlanFlags,
}

#[derive(Debug, Args)]
pub struct AliasArgs {
    /// The shell to print definitions for [default: from $SHELL]
    #[arg(long, value_enum)]
    pub shell: Option<Shell>,
    /// What every alias name starts with
    #[arg(long, default_value = "aws-")]
    pub prefix: String,
}

#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// bash, zsh, fish, powershell or elvish
    pub shell: String,
}
