//! `awsx add PROFILE`: put a base user's long-term keys in the vault.

use crate::cli::AddArgs;
use crate::config::edit;
use crate::config::parse::{FileKind, is_valid_identifier};
use crate::context::Context;
use crate::error::Hinted;
use crate::fsutil::edit_shared_file;
use crate::secret::{AccessKeyId, LongTermKeys, SecretAccessKey, validate_long_term_keys};
use secrecy::ExposeSecret;
use std::process::ExitCode;

const KEY_NAMES: [&str; 4] = [
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
];

pub fn run(ctx: &Context, args: &AddArgs) -> anyhow::Result<ExitCode> {
    if args.from_aws_vault {
        return from_aws_vault(ctx, args);
    }
    // clap requires PROFILE unless --all, which requires --from-aws-vault.
    let profile = args.profile.as_deref().unwrap_or_default();
    if !is_valid_identifier(profile) {
        return Err(Hinted::new(
            format!("{profile:?} is not a valid profile name"),
            "use letters, digits and - / . % @ _ : +",
        )
        .into());
    }
    let config = crate::config::load(&ctx.env)?;
    if let Some(source) = config.set.lookup(profile, "source_profile")
        && source.value != profile
    {
        return Err(Hinted::new(
            format!(
                "profile {profile} takes its credentials from source_profile {}, so keys stored for it would never be used",
                source.value
            ),
            format!("add the keys to the base profile instead: awsx add {}", source.value),
        )
        .into());
    }
    // Refuse before anything is stored if the config file could not be written.
    let config_path = match args.no_add_config {
        true => None,
        false => Some(config.writable_path(FileKind::Config)?.to_path_buf()),
    };

    // Said before any key is asked for: who has keys already should not type new ones for
    // nothing (issue 10). aws-vault asks the same way, after the keys.
    let vault = ctx.vault()?;
    let existing = vault.index()?.keys.get(profile).cloned();
    if let Some(meta) = &existing
        && !args.force
    {
        let age = ctx.now().saturating_sub(meta.born_at()) / 86_400;
        crate::errln!(
            ctx,
            "The vault already has credentials for profile \"{profile}\" ({}, {age} days old).",
            crate::secret::mask(&meta.access_key_id)
        );
        let replace = ctx.prompter.confirm("Replace them?")?;
        if !replace {
            return Err(Hinted::new(
                "cancelled: the existing credentials were kept",
                "pass --force to replace them without asking",
            )
            .into());
        }
    }
    let typed = !args.env && !args.from_credentials_file && !args.stdin;

    let keys = if args.env {
        let get = |name: &str| {
            ctx.env.get(name).map(str::to_string).ok_or_else(|| {
                Hinted::new(
                    format!("--env was given but {name} is not set"),
                    "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run without --env to be prompted",
                )
            })
        };
        (
            get("AWS_ACCESS_KEY_ID")?,
            SecretAccessKey::new(get("AWS_SECRET_ACCESS_KEY")?),
        )
    } else if args.from_credentials_file {
        from_credentials_file(&config, profile)?
    } else if args.stdin {
        keys_from_reader(std::io::stdin().lock())?
    } else {
        let id = ctx.prompter.line("Enter Access Key ID: ")?;
        let secret = ctx.prompter.secret("Enter Secret Access Key: ")?;
        (id, SecretAccessKey::new(secret.expose_secret().to_string()))
    };
    let (id, secret) = (keys.0.trim().to_string(), keys.1);
    let secret = SecretAccessKey::new(secret.expose_secret().trim().to_string());
    validate_long_term_keys(&id, &secret)?;

    // The profile's region, settled before anything is stored (asking may fail).
    let region = match &config_path {
        Some(_) if config.set.lookup(profile, "region").is_none() => {
            Some(region_for(ctx, profile, typed)?)
        }
        _ => None,
    };
    let keys = LongTermKeys {
        access_key_id: AccessKeyId::new(id),
        secret_access_key: secret,
    };
    let cleared = vault.put_keys(profile, &keys, ctx.now(), None)?;
    crate::outln!(ctx, "Added credentials to profile \"{profile}\" in vault")?;
    if cleared > 0 {
        crate::errln!(
            ctx,
            "Cleared {} made with the old keys.",
            crate::output::count(cleared, "cached session")
        );
    }

    if let Some(path) = &config_path {
        let had_section = config.set.profile(profile).is_some();
        write_section(ctx, path, profile, region.as_deref(), had_section)?;
    }

    if typed {
        // Typed at a terminal: offer to fill in mfa_serial from IAM. Never fatal.
        if let Err(e) = offer_mfa(ctx, profile) {
            crate::errln!(
                ctx,
                "awsx: could not look up MFA devices ({e}); run `awsx mfa {profile}` later"
            );
        }
    }

    if args.from_credentials_file {
        // The keys are in the vault: read them back before touching the file.
        let stored = vault.keys(profile)?;
        if stored.is_none_or(|k| k.access_key_id != keys.access_key_id) {
            anyhow::bail!(
                "the vault did not return the keys just stored; the credentials file was left alone"
            );
        }
        let path = config.writable_path(FileKind::Credentials)?;
        remove_from_credentials_file(ctx, path, profile, args.yes)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Make sure the config has `[profile X]`, with `region` when one is given; say what changed.
fn write_section(
    ctx: &Context,
    path: &std::path::Path,
    profile: &str,
    region: Option<&str>,
    had_section: bool,
) -> anyhow::Result<()> {
    // Read again under the lock: another awsx may have added its own section since.
    let changed = edit_shared_file(&ctx.env, path, |text| {
        Ok(match region {
            Some(region) => Some(edit::set_property(
                text,
                FileKind::Config,
                profile,
                "region",
                region,
            )),
            None => edit::ensure_section(text, FileKind::Config, profile),
        })
    })?;
    if changed {
        let what = match region {
            Some(region) if had_section => {
                format!("region = {region} to [{}]", section_name(profile))
            }
            Some(region) => format!("[{}] with region = {region}", section_name(profile)),
            None => format!("[{}]", section_name(profile)),
        };
        crate::errln!(ctx, "Added {what} in {}", path.display());
    }
    Ok(())
}

/// The region for a new profile: asked when the keys were typed at a terminal (the default
/// shown is `AWS_REGION`/`AWS_DEFAULT_REGION`, else us-east-1); otherwise that default, and
/// us-east-1 is said aloud, since nobody chose it. Without a region the AWS CLI cannot call
/// anything after `add` (issue 10).
fn region_for(ctx: &Context, profile: &str, typed: bool) -> anyhow::Result<String> {
    let from_env = ctx.settings()?.region.as_deref();
    let default = from_env.unwrap_or(crate::aws::DEFAULT_REGION);
    let region = if typed {
        let answer = ctx
            .prompter
            .line(&format!("Region for profile {profile} [{default}]: "))?;
        match answer.trim() {
            "" => default.to_string(),
            other => other.to_string(),
        }
    } else {
        if from_env.is_none() {
            crate::errln!(
                ctx,
                "awsx: no AWS_REGION or AWS_DEFAULT_REGION set: profile {profile} gets region = {default}; change it in your config if you work elsewhere"
            );
        }
        default.to_string()
    };
    let valid = !region.is_empty()
        && region.len() <= 32
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(Hinted::new(
            format!("{region:?} is not an AWS region name"),
            "type a region such as eu-west-2 or us-east-1",
        )
        .into());
    }
    Ok(region)
}

fn section_name(profile: &str) -> String {
    if profile == "default" {
        "default".into()
    } else {
        format!("profile {profile}")
    }
}

/// `--stdin`: the access key id on the first line, the secret access key on the second (blank
/// lines and surrounding spaces ignored, as when typed). Reads at most a few KiB: keys are
/// short, and a whole file piped in by mistake is refused, not half-used. Errors never quote
/// what was read, since any of it may be the secret.
fn keys_from_reader(input: impl std::io::Read) -> anyhow::Result<(String, SecretAccessKey)> {
    use std::io::Read;
    const LIMIT: u64 = 4096;
    let hint = "pipe two lines: the access key id, then the secret access key";
    let mut text = zeroize::Zeroizing::new(String::new());
    input
        .take(LIMIT + 1)
        .read_to_string(&mut text)
        .map_err(|_| Hinted::new("--stdin: standard input is not readable UTF-8 text", hint))?;
    if text.len() as u64 > LIMIT {
        return Err(Hinted::new(
            format!(
                "--stdin: standard input is longer than {LIMIT} bytes; two key lines are expected"
            ),
            hint,
        )
        .into());
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match lines.as_slice() {
        [id, secret] => Ok((id.to_string(), SecretAccessKey::new(secret.to_string()))),
        _ => Err(Hinted::new(
            format!(
                "--stdin: expected 2 non-empty lines on standard input, got {}",
                lines.len()
            ),
            hint,
        )
        .into()),
    }
}

fn from_credentials_file(
    config: &crate::config::Config,
    profile: &str,
) -> anyhow::Result<(String, SecretAccessKey)> {
    let path = config.path(FileKind::Credentials).map_or_else(
        || "the credentials file".into(),
        |p| p.display().to_string(),
    );
    let from_file = |key: &str| {
        config
            .set
            .lookup(profile, key)
            .filter(|v| v.origin.file == FileKind::Credentials)
    };
    match (from_file("aws_access_key_id"), from_file("aws_secret_access_key")) {
        (Some(id), Some(secret)) => {
            if from_file("aws_session_token").is_some() {
                return Err(Hinted::new(
                    format!("the keys for {profile} in {path} come with a session token: they are temporary"),
                    "only long-term IAM user keys belong in the vault",
                )
                .into());
            }
            Ok((id.value.clone(), SecretAccessKey::new(secret.value.clone())))
        }
        _ => Err(Hinted::new(
            format!("{path} has no aws_access_key_id and aws_secret_access_key for profile {profile}"),
            "check the profile name, or run `awsx add` without --from-credentials-file to type the keys",
        )
        .into()),
    }
}

fn remove_from_credentials_file(
    ctx: &Context,
    path: &std::path::Path,
    profile: &str,
    yes: bool,
) -> anyhow::Result<()> {
    let text = crate::fsutil::read_text(path)?;
    let (_, removed) = edit::remove_properties(&text, FileKind::Credentials, profile, &KEY_NAMES);
    if removed.is_empty() {
        return Ok(());
    }
    let question = format!(
        "Remove {} for [{profile}] from {} now that they are in the vault?",
        removed.join(", "),
        path.display()
    );
    if !yes && !ctx.prompter.confirm(&question)? {
        crate::errln!(
            ctx,
            "Left {} as it was: the keys are now in the vault and also still in the file.",
            path.display()
        );
        return Ok(());
    }
    // Asked without the lock (nobody waits on a person); removed from the file as it is now.
    let mut removed = Vec::new();
    edit_shared_file(&ctx.env, path, |text| {
        let (updated, keys) =
            edit::remove_properties(text, FileKind::Credentials, profile, &KEY_NAMES);
        removed = keys;
        Ok(Some(updated))
    })?;
    if removed.is_empty() {
        return Ok(());
    }
    crate::errln!(
        ctx,
        "Removed {} for [{profile}] from {}",
        removed.join(", "),
        path.display()
    );
    Ok(())
}

/// After typed keys: find the user's MFA device and offer to write `mfa_serial`.
fn offer_mfa(ctx: &Context, profile: &str) -> anyhow::Result<()> {
    let (base, keys, prepared) = super::rotate::base_keys(ctx, profile)?;
    let vault = ctx.vault()?.profiles_with_keys()?;
    if super::mfa::profiles_lacking_mfa(&prepared.config, &vault, &base).is_empty() {
        return Ok(());
    }
    let sts = ctx.aws().sts(&prepared.endpoint);
    let iam = ctx.aws().iam(&prepared.iam_endpoint);
    super::mfa::discover(ctx, &base, &keys, false, sts.as_ref(), iam.as_ref())
}

/// `awsx add PROFILE --from-aws-vault` (or `--all`): copy long-term keys out of aws-vault's
/// store into the vault. aws-vault's copy is left alone; the closing message says how to remove
/// it. With one PROFILE every obstacle is an error; with `--all` each profile that cannot be
/// copied is named with the reason, the rest are copied, and the exit code is 1 if any failed.
fn from_aws_vault(ctx: &Context, args: &AddArgs) -> anyhow::Result<ExitCode> {
    use crate::keystore::aws_vault::{AwsVault, EntryError, Stored};
    let config = crate::config::load(&ctx.env)?;
    let store = AwsVault::open(&ctx.env, ctx.prompter.as_ref())?;
    let single = args.profile.is_some();
    let wanted = match args.profile.as_deref() {
        Some(profile) => vec![store.find(profile)?],
        None => store.profiles()?,
    };
    if wanted.is_empty() {
        return Err(Hinted::new(
            format!(
                "aws-vault holds no long-term keys (looked in {}); sessions are not copied",
                store.looked_in()
            ),
            "type the keys instead: awsx add PROFILE",
        )
        .into());
    }
    let config_path = match args.no_add_config {
        true => None,
        false => Some(config.writable_path(FileKind::Config)?.to_path_buf()),
    };
    let vault = ctx.vault()?;
    let existing = vault.index()?.keys;
    let (mut copied, mut failed) = (Vec::new(), 0usize);
    let (mut refused, mut opened) = (Vec::new(), false);
    for found in &wanted {
        let name = found.name.as_str();
        // One PROFILE: the reason is the error. --all: say so, go on with the others.
        let mut cannot = |why: String, hint: &str| -> anyhow::Result<()> {
            if single {
                return Err(Hinted::new(why, hint).into());
            }
            crate::errln!(ctx, "Not copied: {why}");
            failed += 1;
            Ok(())
        };
        if !is_valid_identifier(name) {
            cannot(
                format!("aws-vault's entry {name:?} is not a valid profile name"),
                "copy it by hand: aws-vault exec NAME --no-session -- awsx add PROFILE --env",
            )?;
            continue;
        }
        if let Some(source) = config.set.lookup(name, "source_profile")
            && source.value != name
        {
            cannot(
                format!(
                    "profile {name} takes its credentials from source_profile {}, so keys stored for it would never be used",
                    source.value
                ),
                "copy the base profile's keys instead, or fix source_profile in the config",
            )?;
            continue;
        }
        if existing.contains_key(name) && !args.force {
            if !single {
                crate::errln!(
                    ctx,
                    "Kept the vault's credentials for profile \"{name}\" (pass --force to replace them with aws-vault's)"
                );
                continue;
            }
            let replace = ctx.prompter.confirm(&format!(
                "The vault already has credentials for profile \"{name}\". Replace them with aws-vault's?"
            ))?;
            if !replace {
                return Err(Hinted::new(
                    "cancelled: the existing credentials were kept",
                    "pass --force to replace them without asking",
                )
                .into());
            }
        }
        let read = store.read(found);
        opened |= read.is_ok();
        let keys = match read {
            Ok(Stored::Keys(keys)) => keys,
            Err(e) => match e.downcast::<EntryError>() {
                // Wrong for all, or only for this one: known once another entry opens.
                Ok(entry @ EntryError::PassphraseRefused(_)) if !single => {
                    refused.push(entry);
                    continue;
                }
                Ok(entry @ EntryError::Unreadable(_)) => {
                    cannot(entry.to_string(), &crate::error::Hint::hint(&entry))?;
                    continue;
                }
                Ok(entry) => return Err(entry.into()),
                Err(e) => return Err(e),
            },
            Ok(Stored::Temporary) => {
                cannot(
                    format!(
                        "aws-vault's entry for {name} holds temporary credentials (it has a session token)"
                    ),
                    "only long-term IAM user keys belong in the vault",
                )?;
                continue;
            }
        };
        if let Err(e) =
            validate_long_term_keys(keys.access_key_id.as_str(), &keys.secret_access_key)
        {
            cannot(
                format!("aws-vault's entry for {name}: {e}"),
                &crate::error::Hint::hint(&e),
            )?;
            continue;
        }
        // As for typed keys: the profile gets a section and a region (never asked here), so
        // `awsx exec NAME -- aws ...` works right after.
        let region = match &config_path {
            Some(_) if config.set.lookup(name, "region").is_none() => {
                Some(region_for(ctx, name, false)?)
            }
            _ => None,
        };
        let cleared = vault.put_keys(name, &keys, ctx.now(), None)?;
        crate::outln!(
            ctx,
            "Copied credentials for profile \"{name}\" from {} into the vault",
            store.describe(found)
        )?;
        if let Some(path) = &config_path {
            let had_section = config.set.profile(name).is_some();
            write_section(ctx, path, name, region.as_deref(), had_section)?;
        }
        if cleared > 0 {
            crate::errln!(
                ctx,
                "Cleared {} made with the old keys.",
                crate::output::count(cleared, "cached session")
            );
        }
        copied.push(store.removal_command(found));
    }
    // The passphrase opened nothing: it is wrong, and that is the one error.
    if !opened && !refused.is_empty() {
        return Err(refused.swap_remove(0).into());
    }
    for e in &refused {
        crate::errln!(
            ctx,
            "Not copied: {e} (the passphrase opened the others: damaged, or written with another passphrase)"
        );
        failed += 1;
    }
    if !copied.is_empty() {
        crate::errln!(
            ctx,
            "aws-vault's copy was left as it is. Once awsx works for you, remove it with:"
        );
        for command in &copied {
            crate::errln!(ctx, "  {command}");
        }
    }
    if failed > 0 {
        return Err(Hinted::new(
            format!("{failed} of aws-vault's profiles were not copied"),
            "see the reasons above; copy those by hand: aws-vault exec NAME --no-session -- awsx add NAME --env",
        )
        .into());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "AKIAIOSFODNN7EXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn stdin_keys_are_two_lines_as_typed() {
        for input in [
            format!("{ID}\n{SECRET}\n"),
            format!("{ID}\n{SECRET}"),
            format!("{ID}\r\n{SECRET}\r\n"),
            format!("\n  {ID}  \n\n\t{SECRET}\n\n"),
        ] {
            let (id, secret) = keys_from_reader(input.as_bytes()).expect("keys");
            assert_eq!(id, ID, "{input:?}");
            assert_eq!(secret.expose_secret(), SECRET, "{input:?}");
        }
    }

    #[test]
    fn stdin_refusals_never_quote_the_input() {
        let long = format!("{ID}\n{SECRET}\n{}", "x".repeat(5000));
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (Vec::new(), "got 0"),
            (format!("{SECRET}\n").into_bytes(), "got 1"),
            (format!("{ID}\n{SECRET}\n{SECRET}\n").into_bytes(), "got 3"),
            (long.into_bytes(), "longer than"),
            ([SECRET.as_bytes(), b"\n\xff\n"].concat(), "not readable"),
        ];
        for (input, expected) in cases {
            let err = keys_from_reader(input.as_slice()).expect_err("refused");
            let text = crate::report::render(&err);
            assert!(text.contains(expected), "{text}");
            assert!(text.contains("hint: "), "{text}");
            assert!(
                !text.contains(SECRET) && !text.contains("EXAMPLEKEY"),
                "{text}"
            );
        }
    }
}
