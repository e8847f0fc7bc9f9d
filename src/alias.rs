//! Shell aliases: `aws-<profile> CMD…` runs `awsx exec <profile> -- CMD…`.
//!
//! Pure: profile names and a shell in, shell source out. Every name is checked against what the
//! target shell accepts; a name it cannot take is skipped with a comment, never emitted broken.

use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

impl Shell {
    /// The shell named by a `$SHELL`-style path (`/usr/bin/zsh`, `pwsh`).
    pub fn from_path(path: &str) -> Option<Shell> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let name = name.strip_suffix(".exe").unwrap_or(name);
        match name {
            "bash" | "sh" => Some(Shell::Bash),
            "zsh" => Some(Shell::Zsh),
            "fish" => Some(Shell::Fish),
            "pwsh" | "powershell" => Some(Shell::Powershell),
            _ => None,
        }
    }

    /// Whether this shell can define a command with this name without quoting it.
    fn accepts(self, name: &str) -> bool {
        let extra: &str = match self {
            // Bash forbids `/` in alias names; zsh and fish treat it as a path.
            Shell::Bash | Shell::Zsh | Shell::Fish => "_-.:@%+",
            // PowerShell reads `:` as a scope or drive and `@`/`%`/`+` as operators.
            Shell::Powershell => "_-.",
        };
        !name.is_empty()
            && !name.starts_with('-')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
    }
}

/// Whether `prefix` can start a command name in `shell`.
pub fn valid_prefix(shell: Shell, prefix: &str) -> bool {
    prefix.is_empty() || shell.accepts(prefix)
}

/// The definitions for `profiles`, in the given order, after a comment for each profile left
/// out and why.
pub fn render(
    shell: Shell,
    prefix: &str,
    profiles: &[String],
    skipped: &[(String, String)],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# awsx aliases: `{prefix}<profile> CMD ARGS...` runs `awsx exec <profile> -- CMD ARGS...`"
    );
    for (profile, why) in skipped {
        // One line, whatever the reason says: a newline would end the comment.
        let why = why.replace(['\n', '\r'], " ");
        let _ = writeln!(out, "# skipped profile {profile:?}: {why}");
    }
    for profile in profiles {
        let name = format!("{prefix}{profile}");
        if !shell.accepts(&name) {
            let _ = writeln!(
                out,
                "# skipped profile {profile:?}: {name:?} is not a valid command name in {shell:?}"
            );
            continue;
        }
        // The profile is read again by the shell that expands the alias or runs the body:
        // quote it there unless it is plainly safe.
        let plain = profile
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
        let quoted = if plain {
            profile.to_string()
        } else {
            single_quote(profile)
        };
        let _ = match shell {
            Shell::Bash | Shell::Zsh => writeln!(
                out,
                "alias {name}={}",
                single_quote(&format!("awsx exec {quoted} --"))
            ),
            Shell::Fish => writeln!(
                out,
                "function {name} --wraps awsx --description {}; awsx exec {quoted} -- $argv; end",
                single_quote(&format!("awsx exec {profile}"))
            ),
            Shell::Powershell => writeln!(out, "function {name} {{ awsx exec {quoted} -- @args }}"),
        };
    }
    out
}

/// Quote for POSIX shells, fish and PowerShell alike: inside single quotes only `'` is special,
/// and profile names never contain one; the escape keeps any other text safe in POSIX shells.
fn single_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bash_aliases() {
        let out = render(
            Shell::Bash,
            "aws-",
            &names(&["production-infrastructure", "a/b"]),
            &[(
                "sso".into(),
                "AWS IAM Identity Center (SSO) is not supported by awsx yet".into(),
            )],
        );
        assert!(
            out.contains(
                "# skipped profile \"sso\": AWS IAM Identity Center (SSO) is not supported"
            ),
            "{out}"
        );
        assert!(
            out.contains(
                "alias aws-production-infrastructure='awsx exec production-infrastructure --'\n"
            ),
            "{out}"
        );
        assert!(out.contains("# skipped profile \"a/b\""), "{out}");
    }

    #[test]
    fn fish_and_powershell() {
        let fish = render(Shell::Fish, "aws-", &names(&["sops"]), &[]);
        assert!(fish.contains("function aws-sops --wraps awsx --description 'awsx exec sops'; awsx exec sops -- $argv; end\n"), "{fish}");
        let ps = render(Shell::Powershell, "aws-", &names(&["sops", "a:b"]), &[]);
        assert!(
            ps.contains("function aws-sops { awsx exec sops -- @args }\n"),
            "{ps}"
        );
        assert!(ps.contains("# skipped profile \"a:b\""), "{ps}");
    }

    #[test]
    fn shells_from_paths_and_prefixes() {
        assert_eq!(Shell::from_path("/usr/bin/zsh"), Some(Shell::Zsh));
        assert_eq!(Shell::from_path("C:\\x\\pwsh.exe"), Some(Shell::Powershell));
        assert_eq!(Shell::from_path("/bin/tcsh"), None);
        assert!(valid_prefix(Shell::Bash, "aws-"));
        assert!(valid_prefix(Shell::Bash, ""));
        assert!(!valid_prefix(Shell::Bash, "a b"));
        assert!(!valid_prefix(Shell::Powershell, "aws:"));
    }
}
