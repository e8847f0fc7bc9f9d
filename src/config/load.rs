//! Reading the config and credentials files from disk into a `ProfileSet`.
//!
//! The only I/O in `config`. A missing file is an empty file, as for the SDKs; an unreadable or
//! malformed one is an error naming the file and line.

use super::locate::{FilePaths, locate};
use super::parse::{FileKind, ParseError, RawSection, parse};
use super::profile_set::{Origin, ProfileSet};
use crate::env::Env;
use crate::error::Hinted;
use std::path::{Path, PathBuf};

/// The loaded configuration and where it came from.
#[derive(Debug, Clone)]
pub struct Config {
    pub paths: FilePaths,
    pub set: ProfileSet,
}

impl Config {
    pub fn path(&self, file: FileKind) -> &Path {
        match file {
            FileKind::Config => &self.paths.config,
            FileKind::Credentials => &self.paths.credentials,
        }
    }

    /// `path:line`, for messages that point at a value.
    pub fn location(&self, origin: Origin) -> String {
        format!("{}:{}", self.path(origin.file).display(), origin.line)
    }
}

/// Locate and read both files.
pub fn load(env: &Env) -> anyhow::Result<Config> {
    let paths = locate(env, cfg!(windows));
    let config = read(&paths.config)?;
    let credentials = read(&paths.credentials)?;
    let set = ProfileSet::merge(&config, &credentials);
    Ok(Config { paths, set })
}

fn read(path: &PathBuf) -> anyhow::Result<Vec<RawSection>> {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            Hinted::new(
                format!("{} is not valid UTF-8", path.display()),
                "save the file as UTF-8 text",
            )
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Hinted::new(
                format!("cannot read {}: {e}", path.display()),
                "check the file's permissions, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere",
            )
            .into());
        }
    };
    parse(&text).map_err(|e: ParseError| {
        Hinted::new(
            format!("{}:{}: {}", path.display(), e.line, e.message),
            e.hint(),
        )
        .into()
    })
}
