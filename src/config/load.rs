//! Reading the config and credentials files from disk into a `ProfileSet`.
//!
//! The only I/O in `config`. A missing file is an empty file, as for the SDKs (and so is one
//! that cannot exist, with no home directory known); an unreadable or malformed one is an error
//! naming the file and line. Each file is read whole and its syntax checked at once; its
//! properties are read later, per profile, when asked for (see `profile_set`).

use super::locate::{FilePaths, locate};
use super::parse::{FileKind, ParseError, ScannedFile};
use super::profile_set::{Origin, ProfileSet};
use crate::env::Env;
use crate::error::Hinted;
use std::path::Path;

/// The loaded configuration and where it came from.
#[derive(Debug, Clone)]
pub struct Config {
    pub paths: FilePaths,
    pub set: ProfileSet,
}

impl Config {
    /// The file's path; `None` when there is none (no home directory and no override).
    pub fn path(&self, file: FileKind) -> Option<&Path> {
        match file {
            FileKind::Config => self.paths.config.as_deref(),
            FileKind::Credentials => self.paths.credentials.as_deref(),
        }
    }

    /// The file's path for writing, or an error saying how to name one. awsx never falls back
    /// to the current directory.
    pub fn writable_path(&self, file: FileKind) -> Result<&Path, Hinted> {
        self.path(file).ok_or_else(|| {
            let var = match file {
                FileKind::Config => "AWS_CONFIG_FILE",
                FileKind::Credentials => "AWS_SHARED_CREDENTIALS_FILE",
            };
            Hinted::new(
                format!("cannot write the shared {file} file: no home directory is known"),
                format!("set HOME (or USERPROFILE on Windows), or point {var} at the file"),
            )
        })
    }

    /// `path:line`, for messages that point at a value.
    pub fn location(&self, origin: Origin) -> String {
        let path = self.path(origin.file).map(|p| p.display().to_string());
        format!("{}:{}", path.unwrap_or_default(), origin.line)
    }
}

/// Locate and read both files.
pub fn load(env: &Env) -> anyhow::Result<Config> {
    let paths = locate(env, cfg!(windows));
    let config = read(paths.config.as_deref())?;
    let credentials = read(paths.credentials.as_deref())?;
    let set = ProfileSet::new(config, credentials);
    Ok(Config { paths, set })
}

/// The largest config or credentials file awsx reads: 50 times the 10,000-profile files that
/// organisations generate; anything larger is not a config file.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

fn read(path: Option<&Path>) -> anyhow::Result<ScannedFile> {
    let Some(path) = path else {
        return Ok(ScannedFile::default());
    };
    use crate::fsutil::{ReadRefusal, read_regular};
    let refused = |what: String| -> anyhow::Error {
        Hinted::new(
            format!("{} {what}", path.display()),
            "point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE at your real config and credentials files",
        )
        .into()
    };
    let text = match read_regular(path, MAX_FILE_BYTES, true) {
        Ok(Some(bytes)) => String::from_utf8(bytes).map_err(|_| {
            Hinted::new(
                format!("{} is not valid UTF-8", path.display()),
                "save the file as UTF-8 text",
            )
        })?,
        Ok(None) => return Ok(ScannedFile::default()),
        Err(ReadRefusal::NotRegular) => return Err(refused("is not a regular file".into())),
        Err(ReadRefusal::TooLarge(limit)) => {
            return Err(refused(format!("is larger than {} MiB", limit >> 20)));
        }
        Err(ReadRefusal::Symlink) => return Err(refused("is a symbolic link".into())),
        Err(ReadRefusal::Io(e)) => {
            return Err(Hinted::new(
                format!("cannot read {}: {e}", path.display()),
                "check the file's permissions, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere",
            )
            .into());
        }
    };
    ScannedFile::new(text).map_err(|e: ParseError| {
        Hinted::new(
            format!("{}:{}: {}", path.display(), e.line, e.message),
            crate::error::Hint::hint(&e),
        )
        .into()
    })
}
