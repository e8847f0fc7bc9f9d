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
    /// Where keys and sessions are kept [default: the OS keychain, else an encrypted file]
    #[arg(
        long,
        global = true,
        value_enum,
        env = "AWSX_BACKEND",
        hide_env_values = true
    )]
    pub backend: Option<crate::keystore::Backend>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Store a profile's long-term access keys in the vault
    Add(AddArgs),
    /// Delete a profile's keys and cached sessions from the vault
    #[command(visible_alias = "rm")]
    Remove(RemoveArgs),
    /// List profiles, the vault entries they draw on, and cached sessions
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Run a command with temporary credentials for a profile in its environment
    Exec(ExecArgs),
    /// Print credentials for a profile: shell variables, credential_process JSON, ini
    Export(ExportArgs),
    /// Open the AWS console in a profile's role
    Login(LoginArgs),
    /// Replace the base user's access key with a new one, safely
    Rotate(RotateArgs),
    /// Find the base user's MFA device in IAM and write mfa_serial into the config
    Mfa(MfaArgs),
    /// Remove cached sessions (all, or those of one profile)
    Clear(ClearArgs),
    /// Forget the file vault's unlocked key now (it is otherwise kept for AWSX_FILE_UNLOCK_TTL)
    Lock,
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

/// Flags for every command that obtains credentials.
#[derive(Debug, Args, Clone, Default)]
pub struct CredentialFlags {
    #[command(flatten)]
    pub plan: PlanFlags,
    /// The region for STS and for the credentials' consumer [default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region]
    #[arg(long)]
    pub region: Option<String>,
    /// The current MFA code, instead of running mfa_process or asking on the terminal
    #[arg(long, value_name = "CODE")]
    pub mfa_token: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The profile [default: $AWS_PROFILE]
    #[arg(add = ArgValueCandidates::new(crate::commands::completion::profile_candidates))]
    pub profile: Option<String>,
    #[command(flatten)]
    pub credentials: CredentialFlags,
    /// Run even inside another awsx or aws-vault session (AWSX_PROFILE or AWS_VAULT set)
    #[arg(long)]
    pub force: bool,
    /// The command and its arguments, after `--` [default: $SHELL]
    #[arg(last = true, value_name = "CMD")]
    pub command: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The profile [default: $AWS_PROFILE]
    #[arg(add = ArgValueCandidates::new(crate::commands::completion::profile_candidates))]
    pub profile: Option<String>,
    /// Output format (names as `aws configure export-credentials` has them)
    #[arg(long, value_enum, default_value = "env")]
    pub format: crate::export::Format,
    #[command(flatten)]
    pub credentials: CredentialFlags,
}

#[derive(Debug, Args)]
pub struct ClearArgs {
    /// Only sessions made for or from this profile
    #[arg(add = ArgValueCandidates::new(crate::commands::completion::profile_candidates))]
    pub profile: Option<String>,
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

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The profile the keys belong to (your base-account user, e.g. gds-users)
    #[arg(
        required_unless_present = "all",
        add = ArgValueCandidates::new(crate::commands::completion::profile_candidates)
    )]
    pub profile: Option<String>,
    /// Read the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of prompting
    #[arg(long, conflicts_with = "from_credentials_file")]
    pub env: bool,
    /// Move the profile's plaintext keys out of the shared credentials file into the vault
    #[arg(long)]
    pub from_credentials_file: bool,
    /// Copy the profile's long-term keys from aws-vault's store (its file store, Secret Service
    /// collection or macOS keychain; AWS_VAULT_BACKEND, AWS_VAULT_FILE_DIR and
    /// AWS_VAULT_FILE_PASSPHRASE are honoured). Sessions are not copied; aws-vault's copy is
    /// left as it is
    #[arg(long, conflicts_with_all = ["env", "from_credentials_file"])]
    pub from_aws_vault: bool,
    /// With --from-aws-vault: copy the keys of every profile aws-vault holds (keys already in the
    /// vault are kept unless --force)
    #[arg(long, requires = "from_aws_vault", conflicts_with = "profile")]
    pub all: bool,
    /// Replace keys already in the vault without asking
    #[arg(long)]
    pub force: bool,
    /// With --from-credentials-file: remove the keys from the file without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Do not add a [profile NAME] section to the config file
    #[arg(long)]
    pub no_add_config: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The profile whose keys to delete
    #[arg(add = ArgValueCandidates::new(crate::commands::completion::profile_candidates))]
    pub profile: String,
    /// Do not ask for confirmation
    #[arg(long, short = 'f')]
    pub force: bool,
}

#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct ListArgs {
    /// Print only the profile names from the config
    #[arg(long)]
    pub profiles: bool,
    /// Print only the names of profiles with keys in the vault
    #[arg(long)]
    pub credentials: bool,
    /// Print only the names of cached sessions
    #[arg(long)]
    pub sessions: bool,
    /// Print JSON: one object per row, with key age
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The profile [default: $AWS_PROFILE]
    #[arg(add = ArgValueCandidates::new(crate::commands::completion::profile_candidates))]
    pub profile: Option<String>,
    /// Sign in with the profile's credentials through the federation endpoint, instead of the
    /// switch-role link (which needs a browser already signed in to the base account)
    #[arg(long)]
    pub federated: bool,
    /// Print the URL on stdout instead of opening a browser
    #[arg(long)]
    pub stdout: bool,
    /// The console page to open, e.g. cloudwatch/home (with --federated)
    #[arg(long, value_name = "SERVICE-PATH")]
    pub path: Option<String>,
    #[command(flatten)]
    pub credentials: CredentialFlags,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The vault entry, or any profile whose chain draws on it
    #[arg(add = ArgValueCandidates::new(crate::commands::completion::profile_candidates))]
    pub profile: String,
    /// Call IAM with the long-term key itself instead of an MFA-backed session
    #[arg(long)]
    pub no_session: bool,
    /// The current MFA code, instead of running mfa_process or asking on the terminal
    #[arg(long, value_name = "CODE")]
    pub mfa_token: Option<String>,
}

#[derive(Debug, Args)]
pub struct MfaArgs {
    /// The vault entry, or any profile whose chain draws on it
    #[arg(add = ArgValueCandidates::new(crate::commands::completion::profile_candidates))]
    pub profile: String,
    /// Write without asking (with several devices, the first)
    #[arg(long, short = 'y')]
    pub yes: bool,
}
