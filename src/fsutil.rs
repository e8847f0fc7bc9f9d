//! Replacing a user's file safely: temp file in the same directory, fsync, rename. The old
//! file's permissions are kept; a new file is private (0600) since AWS files may hold keys.
//!
//! A symlinked file is edited through the link (the link stays a link: dotfile managers keep
//! `~/.aws/config` that way). Temp files a killed awsx left behind are removed on the next
//! write. Edits of the shared AWS files go through `edit_shared_file`, which holds one
//! cross-process lock from the read to the rename so parallel awsx runs do not lose each
//! other's changes (issue 9).

use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TEMP_PREFIX: &str = ".awsx-";
const TEMP_SUFFIX: &str = ".tmp";
/// Random characters in a temp file's name (`tempfile`'s default).
const TEMP_RANDOM_LEN: usize = 6;
/// A temp file older than this was left by a write that never finished: a write takes
/// milliseconds, and a live one renames its temp file long before.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60);
/// Links followed before giving up (as the kernel's ELOOP limit).
const MAX_LINKS: usize = 40;

/// The file a write to `path` must replace: `path` itself, or what its symlinks lead to. A
/// dangling link gives its target, which the write then creates.
pub fn write_target(path: &Path) -> anyhow::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)
                    .with_context(|| format!("cannot read the link {}", current.display()))?;
                current = match current.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(crate::error::Hinted::new(
        format!("{} is a loop of symbolic links", path.display()),
        "point the link at a real file",
    )
    .into())
}

pub fn write_atomic(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let path = &write_target(path)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    remove_stale_temp_files(dir, STALE_TEMP_AGE);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM_LEN);
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(
            permissions
                .clone()
                .unwrap_or_else(|| std::fs::Permissions::from_mode(0o600)),
        );
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(not(unix))]
    if let Some(p) = permissions {
        let _ = tmp.as_file().set_permissions(p);
    }
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Whether `name` is one of our temp files: `.awsx-XXXXXX.tmp`, nothing else.
fn is_our_temp_name(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM_LEN && random.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Remove our temp files in `dir` older than `age`: a killed write leaves one behind, and it may
/// hold a copy of the credentials file. Best effort: what cannot be removed is left.
fn remove_stale_temp_files(dir: &Path, age: Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_our_temp_name) {
            continue;
        }
        // `DirEntry::metadata` does not follow links: only plain files of ours are removed.
        let stale = entry.metadata().is_ok_and(|m| {
            m.file_type().is_file()
                && m.modified()
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|elapsed| elapsed > age)
        });
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Read-modify-write one of the shared AWS files (`~/.aws/config`, `~/.aws/credentials`)
/// under the cross-process `aws-config` lock. `edit` gets the file's current text (empty if
/// missing), read after the lock is taken, and returns the new text or `None` for no change.
/// Returns whether the file was written. Never prompt inside `edit`: others wait on the lock.
pub fn edit_shared_file(
    env: &crate::env::Env,
    path: &Path,
    edit: impl FnOnce(&str) -> anyhow::Result<Option<String>>,
) -> anyhow::Result<bool> {
    let _guard = crate::lock::acquire(env, "aws-config")?;
    let text = read_text(path)?;
    match edit(&text)? {
        Some(updated) if updated != text => {
            write_atomic(path, updated.as_bytes())?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// A shared file's text; a missing file is empty.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            crate::error::Hinted::new(
                format!("{} is not valid UTF-8", path.display()),
                "save the file as UTF-8 text",
            )
            .into()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(crate::error::Hinted::new(
            format!("cannot read {}: {e}", path.display()),
            "check the file's permissions",
        )
        .into()),
    }
}

/// Why a file that awsx reads was refused before its content was looked at.
#[derive(Debug)]
pub enum ReadRefusal {
    /// A FIFO, device, directory or socket: reading it could block forever or never end.
    NotRegular,
    /// Larger than the limit given.
    TooLarge(u64),
    /// A symlink, where one is not followed.
    Symlink,
    Io(std::io::Error),
}

/// Read a whole regular file of at most `limit` bytes; `Ok(None)` when it does not exist.
/// Opened non-blocking (a FIFO cannot hang the open) and checked with fstat before one byte is
/// read, so `/dev/zero`, a FIFO or a huge file costs nothing. `follow`: whether a symlink in
/// the last component is followed (the AWS files often are links; the vault never is).
pub fn read_regular(path: &Path, limit: u64, follow: bool) -> Result<Option<Vec<u8>>, ReadRefusal> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = rustix::fs::OFlags::NONBLOCK;
        if !follow {
            flags |= rustix::fs::OFlags::NOFOLLOW;
        }
        // rustix's flag bits are the platform's O_* values.
        options.custom_flags(flags.bits() as i32);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        #[cfg(unix)]
        Err(e) if !follow && e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
            return Err(ReadRefusal::Symlink);
        }
        Err(e) => return Err(ReadRefusal::Io(e)),
    };
    let meta = file.metadata().map_err(ReadRefusal::Io)?;
    if !meta.is_file() {
        return Err(ReadRefusal::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadRefusal::TooLarge(limit));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadRefusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadRefusal::TooLarge(limit));
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn reads_only_bounded_regular_files_and_never_blocks() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("f");
        std::fs::write(&file, b"abc").expect("write");
        assert_eq!(
            read_regular(&file, 3, true).expect("ok"),
            Some(b"abc".to_vec())
        );
        assert!(matches!(
            read_regular(&file, 2, true),
            Err(ReadRefusal::TooLarge(2))
        ));
        assert!(
            read_regular(&dir.path().join("none"), 3, true)
                .expect("ok")
                .is_none()
        );
        let fifo = dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .expect("mkfifo")
                .success()
        );
        assert!(matches!(
            read_regular(&fifo, 3, true),
            Err(ReadRefusal::NotRegular)
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 3, true),
            Err(ReadRefusal::NotRegular)
        ));
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).expect("symlink");
        assert!(read_regular(&link, 3, true).expect("ok").is_some());
        assert!(matches!(
            read_regular(&link, 3, false),
            Err(ReadRefusal::Symlink)
        ));
    }

    #[test]
    fn replaces_and_keeps_permissions() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("sub").join("config");
        write_atomic(&path, b"one").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"one");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("m").permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
            write_atomic(&path, b"two").expect("write");
            assert_eq!(mode(&path), 0o640);
        }
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert_eq!(
            std::fs::read_dir(path.parent().expect("dir"))
                .expect("ls")
                .count(),
            1
        );
    }

    #[test]
    fn only_our_temp_names_are_ours() {
        assert!(is_our_temp_name(".awsx-a1B2c3.tmp"));
        for name in [
            ".awsx-a1B2c3.tmp.bak",
            ".awsx-.tmp",
            ".awsx-a1B2c3d.tmp",
            ".awsx-a1/2c3.tmp",
            "awsx-a1B2c3.tmp",
            "config",
        ] {
            assert!(!is_our_temp_name(name), "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_their_target() {
        let dir = tempfile::tempdir().expect("tmp");
        let real = dir.path().join("dotfiles").join("aws-config");
        std::fs::create_dir_all(real.parent().expect("dir")).expect("mkdir");
        std::fs::write(&real, "old").expect("write");
        let link = dir.path().join("config");
        std::os::unix::fs::symlink("dotfiles/aws-config", &link).expect("symlink");
        let chained = dir.path().join("chained");
        std::os::unix::fs::symlink(&link, &chained).expect("symlink");
        assert_eq!(
            write_target(&chained).expect("target"),
            dir.path().join("dotfiles/aws-config")
        );

        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("dotfiles/new", &dangling).expect("symlink");
        write_atomic(&dangling, b"created").expect("write");
        assert!(
            std::fs::symlink_metadata(&dangling)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::read(dir.path().join("dotfiles/new")).expect("read"),
            b"created"
        );

        let looped = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).expect("symlink");
        assert!(write_atomic(&looped, b"x").is_err());
    }
}
