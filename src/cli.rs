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
    #[arg(long, value_enum, env = "AWSX_BACKEND", hide_env_values = true)]
    pub backend: Option<crate::keystore::Backend>,
    #[command(subcommand)]
    pub command: Command,
}

/// The clap definition as awsx parses and documents it. `--backend` may come before or after
/// the subcommand, as aws-vault's does, but it is documented once, in `awsx --help`: each
/// subcommand gets a hidden copy (clap's `global` would repeat its whole block in every
/// subcommand's help, burying the command's own options). `backend` reads the copies.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let hidden = cmd
        .get_arguments()
        .find(|a| a.get_id() == "backend")
        .cloned()
        .map(|a| a.hide(true).env(None));
    match hidden {
        Some(arg) => with_hidden_copy(cmd, &arg),
        None => cmd,
    }
}

fn with_hidden_copy(mut cmd: clap::Command, arg: &clap::Arg) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| with_hidden_copy(sub.arg(arg.clone()), arg));
    }
    cmd
}

/// `--backend` as given before the subcommand (or in AWSX_BACKEND), else after it.
pub fn backend(cli: &Cli, matches: &clap::ArgMatches) -> Option<crate::keystore::Backend> {
    if cli.backend.is_some() {
        return cli.backend;
    }
    let mut found = None;
    let mut at = matches;
    while let Some((_, sub)) = at.subcommand() {
        if let Ok(Some(b)) = sub.try_get_one::<crate::keystore::Backend>("backend") {
            found = Some(*b);
        }
        at = sub;
    }
    found
}

/// Environment variables awsx reads, for the man page's ENVIRONMENT section and docs/config.md
/// (a test checks that every variable named in the code is in one of these tables, and in the
/// docs). Defaults are in the text.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AWS_PROFILE",
        "The profile when none is named (as for the AWS CLI).",
    ),
    (
        "AWS_CONFIG_FILE",
        "The config file [default: ~/.aws/config].",
    ),
    (
        "AWS_SHARED_CREDENTIALS_FILE",
        "The credentials file [default: ~/.aws/credentials].",
    ),
    (
        "AWS_REGION",
        "The region for STS and for the child, after --region.",
    ),
    ("AWS_DEFAULT_REGION", "The region when AWS_REGION is unset."),
    (
        "AWS_ENDPOINT_URL",
        "Endpoint for every AWS service awsx calls (STS, IAM), as for the SDKs.",
    ),
    (
        "AWS_ENDPOINT_URL_STS",
        "Endpoint for STS, over AWS_ENDPOINT_URL.",
    ),
    (
        "AWS_ENDPOINT_URL_IAM",
        "Endpoint for IAM (rotate, mfa), over AWS_ENDPOINT_URL.",
    ),
    (
        "AWSX_BACKEND",
        "The vault: secret-service, keychain, wincred, keyutils or file, as --backend [default: the OS keychain, else file].",
    ),
    (
        "AWSX_FILE_DIR",
        "The file vault's directory [default: $XDG_DATA_HOME/awsx, else ~/.local/share/awsx].",
    ),
    (
        "AWSX_FILE_PASSPHRASE",
        "The file vault's passphrase, instead of asking on the terminal.",
    ),
    (
        "AWSX_FILE_UNLOCK_TTL",
        "How long the file vault's unlocked key stays in the kernel session keyring; 0 never keeps it [default: 1h].",
    ),
    (
        "AWSX_KEYCHAIN_SERVICE",
        "The keychain entries' service name; another name is another vault [default: awsx].",
    ),
    (
        "AWSX_SESSION_DURATION",
        "GetSessionToken's lifetime [default: 1h for a plain user, 8h when roles are assumed from the session].",
    ),
    (
        "AWSX_MFA_SERIAL",
        "The MFA device for every profile, over mfa_serial and AWS_MFA_SERIAL.",
    ),
    (
        "AWSX_PROMPT",
        "Where MFA codes come from without --mfa-token or mfa_process: terminal, ykman, zenity or kdialog [default: terminal].",
    ),
    (
        "AWSX_SESSION_MEMORY",
        "off keeps sessions in the vault's cache only, not also in the kernel session keyring [default: on where there is one].",
    ),
    (
        "AWSX_CONFIRM",
        "yes answers the awsx_confirm question without a terminal, as --yes does.",
    ),
    (
        "AWSX_KEY_MAX_AGE",
        "Warn on stderr when the long-term keys are older than this [default: 90d].",
    ),
    (
        "AWSX_MFA_TIMEOUT",
        "How long one mfa_process run or MFA prompt may take [default: 60s].",
    ),
    (
        "AWSX_PROCESS_TIMEOUT",
        "How long a credential_process may run [default: 60s].",
    ),
    (
        "AWSX_LOCK_TIMEOUT",
        "How long awsx waits for another awsx getting the same session [default: 3 x AWSX_MFA_TIMEOUT + AWSX_PROCESS_TIMEOUT + 1m].",
    ),
    (
        "AWSX_IAM_RETRY_SECONDS",
        "How long rotate waits out IAM's eventual consistency [default: 20].",
    ),
    (
        "AWSX_FEDERATION_URL",
        "The console federation endpoint, for tests [default: the partition's signin endpoint].",
    ),
    (
        "AWSX_PROFILE",
        "Set by exec for the child; exec refuses to nest inside it without --force.",
    ),
    (
        "AWS_VAULT",
        "Set by exec for the child, as aws-vault does; exec refuses to nest inside it without --force.",
    ),
    (
        "AWS_VAULT_BACKEND",
        "aws-vault's store name (keyctl is keyutils): awsx's store where AWSX_BACKEND is unset, and the store add --from-aws-vault reads.",
    ),
    (
        "AWS_VAULT_FILE_DIR",
        "aws-vault's file store [default: ~/.awsvault/keys], read by add --from-aws-vault; where AWSX_FILE_DIR is unset, awsx's file vault goes beside it, in awsx/.",
    ),
    (
        "AWS_VAULT_FILE_PASSPHRASE",
        "The file passphrase where AWSX_FILE_PASSPHRASE is unset, and aws-vault's for add --from-aws-vault.",
    ),
    ("AWS_VAULT_PROMPT", "AWSX_PROMPT's aws-vault name."),
    (
        "AWS_VAULT_YKMAN_VERSION",
        "aws-vault's: 1 to 3 makes the ykman prompt use the old `ykman oath code` spelling.",
    ),
    (
        "YKMAN_OATH_CREDENTIAL_NAME",
        "The ykman prompt's OATH account [default: the MFA serial], as for aws-vault.",
    ),
    (
        "YKMAN_OATH_DEVICE_SERIAL",
        "Which YubiKey the ykman prompt asks, as for aws-vault.",
    ),
    (
        "AWS_SESSION_TOKEN_TTL",
        "aws-vault's: a plain user's GetSessionToken lifetime where AWSX_SESSION_DURATION is unset [default: 1h].",
    ),
    (
        "AWS_CHAINED_SESSION_TOKEN_TTL",
        "aws-vault's: GetSessionToken's lifetime when roles are assumed from it [default: 8h].",
    ),
    (
        "AWS_ASSUME_ROLE_TTL",
        "aws-vault's: AssumeRole's lifetime, over duration_seconds [default: 1h].",
    ),
    (
        "AWS_FEDERATION_TOKEN_TTL",
        "aws-vault's: GetFederationToken's lifetime, for login as a user [default: 1h].",
    ),
    (
        "AWS_MIN_TTL",
        "aws-vault's: the least life a cached session must have left to be used [default: 5m].",
    ),
    (
        "AWS_MFA_SERIAL",
        "aws-vault's: the MFA device, over mfa_serial.",
    ),
    (
        "AWS_VAULT_KEYCHAIN_NAME",
        "aws-vault's macOS keychain, read by add --from-aws-vault [default: aws-vault].",
    ),
    (
        "AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME",
        "aws-vault's Secret Service collection, read by add --from-aws-vault [default: awsvault].",
    ),
    (
        "XDG_RUNTIME_DIR",
        "Where locks live ($XDG_RUNTIME_DIR/awsx), else a private $TMPDIR/awsx-UID.",
    ),
    ("XDG_DATA_HOME", "Where the file vault lives by default."),
    (
        "SHELL",
        "What exec runs when no command is given [default: /bin/sh].",
    ),
    (
        "HOME",
        "Where ~ is (USERPROFILE, HOMEDRIVE and HOMEPATH on Windows).",
    ),
];

/// Variables awsx sets for, or removes from, the child of `exec` (see docs/security.md).
pub const CHILD_ENVIRONMENT: &[(&str, &str)] = &[
    (
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "Set by exec --server: the local endpoint the child's SDK polls for credentials.",
    ),
    (
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "Set by exec --server: the random token that endpoint demands.",
    ),
    (
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "Removed by exec --server, with AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: some SDKs prefer them.",
    ),
    (
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
        "Removed by exec --server.",
    ),
    ("AWS_ACCESS_KEY_ID", "Set: the temporary access key id."),
    ("AWS_SECRET_ACCESS_KEY", "Set: the temporary secret."),
    ("AWS_SESSION_TOKEN", "Set: the session token."),
    (
        "AWS_CREDENTIAL_EXPIRATION",
        "Set: when the credentials expire (RFC 3339).",
    ),
    (
        "AWS_SECURITY_TOKEN",
        "Removed: the old name of AWS_SESSION_TOKEN.",
    ),
    (
        "AWS_CREDENTIAL_FILE",
        "Removed: the old name of AWS_SHARED_CREDENTIALS_FILE.",
    ),
    (
        "AWS_DEFAULT_PROFILE",
        "Removed, with AWS_PROFILE: the child's keys come from its environment.",
    ),
    ("AWS_SDK_LOAD_CONFIG", "Removed."),
    (
        "AWS_VAULTED",
        "Removed, with every other AWSX_* and AWS_VAULT_* variable of the parent.",
    ),
];

/// Files awsx reads or writes, for the man page's FILES section.
pub const FILES: &[(&str, &str)] = &[
    (
        "~/.aws/config",
        "Profiles: source_profile, role_arn, mfa_serial, region... (AWS_CONFIG_FILE).",
    ),
    (
        "~/.aws/credentials",
        "Keys written in a file; add --from-credentials-file moves them to the vault (AWS_SHARED_CREDENTIALS_FILE).",
    ),
    (
        "~/.local/share/awsx/vault.json",
        "The encrypted file vault, when the file backend is used (AWSX_FILE_DIR).",
    ),
    (
        "$XDG_RUNTIME_DIR/awsx/",
        "Lock files that keep concurrent awsx processes from racing; nothing secret.",
    ),
];

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
    /// Print a man page (roff), or write the whole set with --dir
    Man(ManArgs),
    /// Print awsx's version
    Version,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `exec` or `config show` [default: awsx(1)]
    #[arg(value_name = "COMMAND", num_args = 0..)]
    pub command: Vec<String>,
    /// Write every page (awsx.1, awsx-exec.1, ...) into this directory instead, e.g.
    /// ~/.local/share/man/man1
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub dir: Option<std::path::PathBuf>,
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
    #[arg(long, short = 'n')]
    pub no_session: bool,
    /// Lifetime of the credentials, e.g. 3600, 1h, 1h30m
    #[arg(long, short = 'd', value_name = "DURATION")]
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
    #[arg(long, short = 't', value_name = "CODE")]
    pub mfa_token: Option<String>,
    /// Use a profile with awsx_confirm without asking (also AWSX_CONFIRM=yes)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The profile [default: $AWS_PROFILE]
    #[arg(add = ArgValueCandidates::new(profile_candidates))]
    pub profile: Option<String>,
    #[command(flatten)]
    pub credentials: CredentialFlags,
    /// Run even inside another awsx or aws-vault session (AWSX_PROFILE or AWS_VAULT set)
    #[arg(long)]
    pub force: bool,
    /// Print credential_process JSON on stdout instead of running a command (as aws-vault's
    /// --json)
    #[arg(long, short = 'j', conflicts_with = "command")]
    pub json: bool,
    /// Serve refreshing credentials to the command from a container-credentials endpoint on
    /// 127.0.0.1 (AWS_CONTAINER_CREDENTIALS_FULL_URI) instead of putting keys in its
    /// environment; for runs longer than one role session
    #[arg(long, short = 's', alias = "ecs-server", conflicts_with = "json")]
    pub server: bool,
    /// With --server: fetch no credentials until the command first asks for them
    #[arg(long, requires = "server")]
    pub lazy: bool,
    /// Do not print the `awsx: PROFILE → ROLE in ACCOUNT` line on stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// The command and its arguments, everything after the profile; `--` before them works
    /// too [default: $SHELL, else /bin/sh]
    #[arg(
        value_name = "CMD",
        trailing_var_arg = true,
        allow_hyphen_values = true,
        num_args = 0..
    )]
    pub command: Vec<String>,
}

impl ExecArgs {
    /// The profile named on the command line (`awsx exec -- CMD` names none).
    pub fn profile(&self) -> Option<String> {
        self.profile.clone().filter(|p| !p.is_empty())
    }
}

/// `awsx exec -- CMD` (no profile: it comes from AWS_PROFILE) would read CMD as the profile,
/// now that the command may follow the profile without `--`. Before parsing, an empty profile
/// is put in front of a `--` that comes before any other positional of `exec`.
///
/// clap reads exec's own options after the profile (`exec prod -nt 123456 -- cmd`, as aws-vault
/// does), but would take an option it does not know for the command (`exec prod --ec2-server`
/// ran a program called `--ec2-server`, after the MFA prompt). No program is named `-x`: such
/// an option is moved in front of the profile, where clap refuses it and the aws-vault
/// spelling hint names the awsx way. Pure.
/// `cli` is [`command`]'s definition, the one about to parse `args`.
pub fn normalize_exec<T: Into<std::ffi::OsString> + Clone>(
    cli: &clap::Command,
    args: &[T],
) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = args.iter().cloned().map(Into::into).collect();
    let exec = cli.find_subcommand("exec");
    // Some(whether its value is the next word) for one of exec's options; None otherwise.
    let option = |a: &str| -> Option<bool> {
        let exec = exec?;
        if let Some(long) = a.strip_prefix("--") {
            let (name, attached) = match long.split_once('=') {
                Some((name, _)) => (name, true),
                None => (long, false),
            };
            // awsx's own option, defined on the top-level command, not on exec.
            if name == "backend" {
                return Some(!attached);
            }
            let arg = exec.get_arguments().find(|arg| {
                arg.get_long() == Some(name)
                    || arg.get_all_aliases().is_some_and(|a| a.contains(&name))
            })?;
            return Some(!attached && arg.get_action().takes_values());
        }
        let cluster = a.strip_prefix('-').filter(|c| !c.is_empty())?;
        for (at, c) in cluster.char_indices() {
            let arg = exec
                .get_arguments()
                .find(|arg| arg.get_short() == Some(c))?;
            if arg.get_action().takes_values() {
                // `-t123456` carries its value; `-nt` takes the next word.
                return Some(at + c.len_utf8() == cluster.len());
            }
        }
        Some(false)
    };
    let step = |a: &str| if option(a) == Some(true) { 2 } else { 1 };
    let mut i = 1;
    // Find the subcommand: the first word that is not an option or an option's value.
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        if a == "exec" {
            break;
        }
        if !a.starts_with('-') || a == "--" {
            return args;
        }
        i += step(&a);
    }
    i += 1;
    while i < args.len() {
        let a = args[i].to_string_lossy().into_owned();
        if a == "--" {
            args.insert(i, std::ffi::OsString::new());
            return args;
        }
        if !a.starts_with('-') {
            break;
        }
        i += step(&a);
    }
    // `i` is the profile: the options after it, up to the command, move in front of it (clap
    // would take `-t123456` there for the command, too). One left without its value stays
    // where it is, for clap to say so; it must never take the profile for its value.
    let profile = i;
    let mut at = profile + 1;
    while at < args.len() {
        let a = args[at].to_string_lossy().into_owned();
        // `-` alone is a word (a program, or stdin to one), not an option.
        if a == "--" || a == "-" || !a.starts_with('-') {
            break;
        }
        if option(&a).is_none() {
            let unknown = args.remove(at);
            args.insert(profile, unknown);
            return args;
        }
        let words = step(&a);
        if words == 2 {
            let value = args.get(at + 1).map(|v| v.to_string_lossy().into_owned());
            if value.is_none_or(|v| v.starts_with('-')) {
                return args;
            }
        }
        at += words;
    }
    if at > profile + 1 {
        args[profile..at].rotate_left(1);
    }
    args
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The profile [default: $AWS_PROFILE]
    #[arg(add = ArgValueCandidates::new(profile_candidates))]
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
    #[arg(add = ArgValueCandidates::new(profile_candidates))]
    pub profile: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The profile to explain
    #[arg(add = ArgValueCandidates::new(profile_candidates))]
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
        add = ArgValueCandidates::new(profile_candidates)
    )]
    pub profile: Option<String>,
    /// Read the keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of prompting
    #[arg(long, conflicts_with = "from_credentials_file")]
    pub env: bool,
    /// Read the keys from standard input instead of the terminal: the access key id on the
    /// first line, the secret access key on the second (e.g. from a password manager's CLI)
    #[arg(long, conflicts_with_all = ["env", "from_credentials_file"])]
    pub stdin: bool,
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
    #[arg(add = ArgValueCandidates::new(profile_candidates))]
    pub profile: String,
    /// Do not ask for confirmation
    #[arg(long, short = 'f')]
    pub force: bool,
    /// Delete only the profile's cached sessions, and keep its keys
    #[arg(long)]
    pub sessions_only: bool,
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
    #[arg(add = ArgValueCandidates::new(profile_candidates))]
    pub profile: Option<String>,
    /// Sign in with the profile's credentials through the federation endpoint, instead of the
    /// switch-role link (which needs a browser already signed in to the base account)
    #[arg(long)]
    pub federated: bool,
    /// Print the URL on stdout instead of opening a browser
    #[arg(long, short = 's')]
    pub stdout: bool,
    /// The console page to open, e.g. cloudwatch/home (with --federated)
    #[arg(long, value_name = "SERVICE-PATH")]
    pub path: Option<String>,
    /// Do not print the `awsx: PROFILE → ROLE in ACCOUNT` line on stderr
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub credentials: CredentialFlags,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The vault entry, or any profile whose chain draws on it
    #[arg(add = ArgValueCandidates::new(profile_candidates))]
    pub profile: String,
    /// Call IAM with the long-term key itself instead of an MFA-backed session
    #[arg(long, short = 'n')]
    pub no_session: bool,
    /// The current MFA code, instead of running mfa_process or asking on the terminal
    #[arg(long, value_name = "CODE")]
    pub mfa_token: Option<String>,
}

#[derive(Debug, Args)]
pub struct MfaArgs {
    /// The vault entry, or any profile whose chain draws on it
    #[arg(add = ArgValueCandidates::new(profile_candidates))]
    pub profile: String,
    /// Write without asking (with several devices, the first)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// What awsx says when a command line fails to parse but looks like aws-vault's syntax: the
/// awsx spelling of the same thing. Pure: the arguments (without the program name) in, a hint
/// out. Habits awsx supports as they are never reach this (they parse).
pub fn aws_vault_spelling(args: &[String]) -> Option<&'static str> {
    const SPELLINGS: [(&str, &str); 13] = [
        (
            "--stdout",
            "`awsx login --stdout PROFILE` prints the console URL; `awsx export PROFILE` prints credentials",
        ),
        (
            "--ec2-server",
            "awsx has no EC2 metadata server: use `awsx exec --server PROFILE -- CMD` (container credentials)",
        ),
        (
            "--lazy",
            "--lazy goes with `awsx exec --server PROFILE -- CMD`",
        ),
        (
            "--prompt",
            "awsx takes MFA codes from --mfa-token, the profile's mfa_process, or the prompt AWSX_PROMPT / AWS_VAULT_PROMPT names (terminal, ykman, zenity or kdialog)",
        ),
        ("--keychain", "choose the store with --backend keychain"),
        (
            "--secret-service-collection",
            "awsx keeps its entries under one service name: set AWSX_KEYCHAIN_SERVICE to keep another vault",
        ),
        (
            "--pass-dir",
            "awsx has no pass backend: use --backend file or a keychain",
        ),
        (
            "--pass-cmd",
            "awsx has no pass backend: use --backend file or a keychain",
        ),
        (
            "--pass-prefix",
            "awsx has no pass backend: use --backend file or a keychain",
        ),
        (
            "--file-dir",
            "set AWSX_FILE_DIR to the file vault's directory",
        ),
        (
            "--add-config",
            "awsx adds the [profile] section by default (--no-add-config not to)",
        ),
        (
            "--debug",
            "awsx has no --debug; errors already say what AWS answered",
        ),
        (
            "proxy",
            "awsx has no proxy command: `awsx exec --server` serves credentials to one command",
        ),
    ];
    // After `--`, words are the command's, not awsx's.
    args.iter().take_while(|a| *a != "--").find_map(|arg| {
        let flag = arg.split('=').next().unwrap_or(arg);
        SPELLINGS
            .iter()
            .find(|(spelling, _)| *spelling == flag)
            .map(|(_, hint)| *hint)
    })
}

/// Profile names for Tab completion. Every profile in the config files; errors
/// complete to nothing rather than printing into the user's prompt. It lives beside the
/// arguments that use it so that the clap definition depends on the config reader, not on the
/// commands.
pub fn profile_candidates() -> Vec<clap_complete::CompletionCandidate> {
    let env = crate::env::Env::from_process();
    crate::config::load(&env)
        .map(|c| {
            c.set
                .profiles
                .into_keys()
                .map(clap_complete::CompletionCandidate::new)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(line: &str) -> Result<Cli, clap::Error> {
        let args: Vec<&str> = std::iter::once("awsx")
            .chain(line.split_whitespace())
            .collect();
        Cli::try_parse_from(normalize_exec(&command(), &args))
    }

    fn exec_args(line: &str) -> ExecArgs {
        match parse(line).expect("parses").command {
            Command::Exec(args) => args,
            other => panic!("not exec: {other:?}"),
        }
    }

    #[test]
    fn exec_takes_the_command_with_or_without_dashes() {
        for (line, profile, command) in [
            (
                "exec prod aws s3 ls",
                Some("prod"),
                &["aws", "s3", "ls"][..],
            ),
            ("exec prod -- aws s3 ls", Some("prod"), &["aws", "s3", "ls"]),
            ("exec -- aws s3 ls", None, &["aws", "s3", "ls"]),
            ("--backend file exec -n -- aws", None, &["aws"]),
            ("exec -d 1h -- aws", None, &["aws"]),
            (
                "exec -d 1h prod -- aws -- x",
                Some("prod"),
                &["aws", "--", "x"],
            ),
            ("exec prod", Some("prod"), &[]),
            // Flags after the profile are awsx's; after the command starts, the command's.
            (
                "exec prod -n aws s3 ls --debug",
                Some("prod"),
                &["aws", "s3", "ls", "--debug"],
            ),
            ("exec prod aws -n", Some("prod"), &["aws", "-n"]),
            // As aws-vault reads them: exec's options between the profile and `--`.
            (
                "exec prod --duration 2h -t 123456 -- aws -n",
                Some("prod"),
                &["aws", "-n"],
            ),
            ("exec prod -j", Some("prod"), &[]),
            // aws-vault's clusters: `-nt CODE` is --no-session and --mfa-token CODE.
            ("exec prod -nt 482913 -- env", Some("prod"), &["env"]),
            ("exec -nt 482913 prod -- env", Some("prod"), &["env"]),
            ("exec prod -t482913 env", Some("prod"), &["env"]),
            ("exec prod - env", Some("prod"), &["-", "env"]),
        ] {
            let args = exec_args(line);
            assert_eq!(args.profile().as_deref(), profile, "{line}");
            assert_eq!(args.command, command, "{line}");
        }
        assert!(exec_args("exec prod -n aws").credentials.plan.no_session);
        assert!(!exec_args("exec prod aws -n").credentials.plan.no_session);
    }

    #[test]
    fn aws_vault_short_flags_mean_what_they_mean_there() {
        let args = exec_args("exec -d 1h -n -t 123456 prod -- true");
        assert_eq!(args.credentials.plan.duration.as_deref(), Some("1h"));
        assert!(args.credentials.plan.no_session);
        assert_eq!(args.credentials.mfa_token.as_deref(), Some("123456"));
        assert!(exec_args("exec -j prod").json);
        assert!(exec_args("exec -s prod -- true").server);
        assert!(exec_args("exec --ecs-server prod -- true").server);
        for line in [
            "login -d 1h -n -t 123456 -s prod",
            "rotate -n gds-users",
            "remove -f gds-users",
            "remove --sessions-only gds-users",
            "export -d 1h -n -t 123456 prod",
            "version",
            "--version",
        ] {
            match parse(line) {
                Ok(_) => {}
                Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => {}
                Err(e) => panic!("{line}: {e}"),
            }
        }
    }

    #[test]
    fn other_aws_vault_spellings_get_the_awsx_one() {
        let args =
            |line: &str| -> Vec<String> { line.split_whitespace().map(String::from).collect() };
        assert!(parse("exec --ec2-server prod").is_err());
        assert!(
            aws_vault_spelling(&args("exec --ec2-server prod"))
                .is_some_and(|h| h.contains("exec --server"))
        );
        assert!(aws_vault_spelling(&args("--prompt=ykman exec prod")).is_some());
        assert!(aws_vault_spelling(&args("proxy")).is_some());
        assert_eq!(aws_vault_spelling(&args("exec --bogus prod")), None);
        // After the profile too: an option there is exec's, never a program to run.
        for line in [
            "exec prod --ec2-server",
            "exec prod --stdout -- true",
            "exec prod --bogus",
        ] {
            assert!(parse(line).is_err(), "{line}");
        }
        assert!(aws_vault_spelling(&args("exec prod --stdout")).is_some());
        // A value left out is clap's error, never the profile taken for the value.
        for line in ["exec prod --region", "exec prod -t", "exec prod -nd"] {
            let err = parse(line).expect_err(line);
            assert!(
                err.to_string().contains("a value is required"),
                "{line}: {err}"
            );
        }
        assert_eq!(
            exec_args("exec prod -nt 482913 -- env")
                .credentials
                .mfa_token
                .as_deref(),
            Some("482913")
        );
        // The command's own words are not awsx's.
        assert_eq!(aws_vault_spelling(&args("exec prod -- aws --debug")), None);
    }
}
