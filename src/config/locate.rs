//! Where the shared config and credentials files are, decided as the AWS SDKs decide it.
//!
//! Pure: takes the environment as a map and the platform as a flag, returns paths. Reading the
//! files is `load`'s job. Rules: `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` win (with `~`
//! expanded), else `<home>/.aws/config` and `<home>/.aws/credentials`, home being `HOME`, then
//! `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH` (the `aws-file-location-tests.json` vectors).
//! With no home and no override there is no file: never one in the current directory, where
//! anyone who controls that directory could plant a `credential_process` (issue 9).

use crate::env::Env;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePaths {
    /// `None`: no home directory is known and no override is set, so there is no such file.
    pub config: Option<PathBuf>,
    pub credentials: Option<PathBuf>,
}

/// The user's home directory by the SDKs' order of preference, or `None` when none of `HOME`,
/// `USERPROFILE`, `HOMEDRIVE` + `HOMEPATH` is set. Callers must treat `None` as "no home":
/// substituting the current directory would read or create files wherever awsx happens to run.
pub fn home_dir(env: &Env) -> Option<String> {
    if let Some(home) = env.get("HOME") {
        return Some(home.to_string());
    }
    if let Some(profile) = env.get("USERPROFILE") {
        return Some(profile.to_string());
    }
    match (env.get("HOMEDRIVE"), env.get("HOMEPATH")) {
        (Some(drive), Some(path)) => Some(format!("{drive}{path}")),
        _ => None,
    }
}

/// Locate both files. `windows` picks the path separator used when joining to home.
pub fn locate(env: &Env, windows: bool) -> FilePaths {
    let sep = if windows { '\\' } else { '/' };
    let home = home_dir(env);
    let pick = |var: &str, leaf: &str| -> Option<PathBuf> {
        match env.get(var) {
            // `~/…` meant the home directory: with none known there is no such file.
            Some(path) if home.is_none() && needs_home(path) => None,
            Some(path) => Some(PathBuf::from(expand_tilde(path, home.as_deref(), sep))),
            None => {
                let home = home.as_deref()?;
                Some(PathBuf::from(format!("{home}{sep}.aws{sep}{leaf}")))
            }
        }
    };
    FilePaths {
        config: pick("AWS_CONFIG_FILE", "config"),
        credentials: pick("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
    }
}

fn needs_home(path: &str) -> bool {
    path == "~" || path.starts_with("~/") || path.starts_with("~\\")
}

/// Expand a leading `~` (alone, or followed by a separator) to the home directory.
pub fn expand_tilde(path: &str, home: Option<&str>, sep: char) -> String {
    let Some(home) = home else {
        return path.to_string();
    };
    if path == "~" {
        return home.to_string();
    }
    match path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\")) {
        Some(rest) => format!("{home}{sep}{rest}"),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn home_and_override_precedence() {
        // (environment, windows?, config, credentials)
        let cases: &[(&[(&str, &str)], bool, &str, &str)] = &[
            (
                &[
                    ("HOME", "/home/u"),
                    ("USERPROFILE", "x"),
                    ("HOMEDRIVE", "x"),
                    ("HOMEPATH", "x"),
                ],
                false,
                "/home/u/.aws/config",
                "/home/u/.aws/credentials",
            ),
            (
                &[("HOME", "C:\\users\\u"), ("USERPROFILE", "x")],
                true,
                "C:\\users\\u\\.aws\\config",
                "C:\\users\\u\\.aws\\credentials",
            ),
            (
                &[
                    ("USERPROFILE", "C:\\users\\u"),
                    ("HOMEDRIVE", "x"),
                    ("HOMEPATH", "x"),
                ],
                true,
                "C:\\users\\u\\.aws\\config",
                "C:\\users\\u\\.aws\\credentials",
            ),
            (
                &[("HOMEDRIVE", "C:"), ("HOMEPATH", "\\users\\u")],
                true,
                "C:\\users\\u\\.aws\\config",
                "C:\\users\\u\\.aws\\credentials",
            ),
            (
                &[("AWS_CONFIG_FILE", "/other/config"), ("HOME", "/home/u")],
                false,
                "/other/config",
                "/home/u/.aws/credentials",
            ),
            (
                &[
                    ("AWS_SHARED_CREDENTIALS_FILE", "C:\\o\\creds"),
                    ("HOME", "C:\\u"),
                ],
                true,
                "C:\\u\\.aws\\config",
                "C:\\o\\creds",
            ),
            (
                &[("AWS_CONFIG_FILE", "~/cfg/config"), ("HOME", "/home/u")],
                false,
                "/home/u/cfg/config",
                "/home/u/.aws/credentials",
            ),
            (
                &[("AWS_SHARED_CREDENTIALS_FILE", "~"), ("HOME", "/h")],
                false,
                "/h/.aws/config",
                "/h",
            ),
        ];
        for (vars, windows, config, credentials) in cases {
            let got = locate(&env(vars), *windows);
            assert_eq!(got.config, Some(PathBuf::from(config)), "{vars:?}");
            assert_eq!(
                got.credentials,
                Some(PathBuf::from(credentials)),
                "{vars:?}"
            );
        }
    }

    #[test]
    fn no_home_means_no_file_rather_than_one_in_the_current_directory() {
        let got = locate(&env(&[("HOMEDRIVE", "C:")]), false);
        assert_eq!(
            got,
            FilePaths {
                config: None,
                credentials: None
            }
        );
        let got = locate(&env(&[("AWS_CONFIG_FILE", "/etc/aws/config")]), false);
        assert_eq!(got.config, Some(PathBuf::from("/etc/aws/config")));
        assert_eq!(got.credentials, None);
        // `~` cannot be expanded without a home: not a directory named `~` here either.
        let got = locate(&env(&[("AWS_SHARED_CREDENTIALS_FILE", "~/creds")]), false);
        assert_eq!(got.credentials, None);
    }

    #[test]
    fn tilde_only_at_the_start() {
        assert_eq!(expand_tilde("/a/~/b", Some("/h"), '/'), "/a/~/b");
        assert_eq!(expand_tilde("~user/x", Some("/h"), '/'), "~user/x");
        assert_eq!(expand_tilde("~/x", None, '/'), "~/x");
    }
}
