//! Cross-process locks, so that parallel awsx runs needing the same session wait for one
//! another instead of each asking for an MFA code.
//!
//! A lock is an exclusive `flock`-style lock (std's `File::lock`) on a file in a private
//! runtime directory (`$XDG_RUNTIME_DIR/awsx`, else `<tmp>/awsx-<user>`, mode 0700). File names
//! are hashes, so profile names do not appear on disk. The lock is released when the guard is
//! dropped or the process exits, even if it crashes.

use crate::env::Env;
use anyhow::Context as _;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

pub struct Guard {
    _file: std::fs::File,
}

fn dir(env: &Env) -> PathBuf {
    if let Some(runtime) = env.get("XDG_RUNTIME_DIR") {
        return PathBuf::from(runtime).join("awsx");
    }
    let user = env
        .get("USER")
        .or_else(|| env.get("USERNAME"))
        .unwrap_or("user");
    std::env::temp_dir().join(format!("awsx-{user}"))
}

/// Block until this process holds the lock named `name`.
pub fn acquire(env: &Env, name: &str) -> anyhow::Result<Guard> {
    let dir = dir(env);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700));
    }
    // SipHash with fixed keys: the same name gives the same file in every awsx process.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut hasher);
    let path = dir.join(format!("{:016x}.lock", hasher.finish()));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", path.display()))?;
    Ok(Guard { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits() {
        let tmp = tempfile::tempdir().expect("tmp");
        let env = Env::from_pairs([(
            "XDG_RUNTIME_DIR".to_string(),
            tmp.path().display().to_string(),
        )]);
        let guard = acquire(&env, "gds-users").expect("first");
        let env2 = env.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let _g = acquire(&env2, "gds-users").expect("second");
            tx.send(()).expect("send");
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(200))
                .is_err()
        );
        drop(guard);
        rx.recv_timeout(std::time::Duration::from_secs(5))
            .expect("second got the lock");
        waiter.join().expect("join");
        // Another name is another lock.
        let _a = acquire(&env, "a").expect("a");
        let _b = acquire(&env, "b").expect("b");
    }
}
