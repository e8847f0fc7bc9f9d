//! How an error reaches the user: `error: message: cause: …`, then the hint of the first error
//! in the chain that has one. Each error type's hint comes from its own [`Hint`]
//! implementation, found here by type, so no call site has to carry it across by hand.
//!
//! It sits at the top, beside `cli`, because it names error types from every layer below.

use crate::error::Hint;
use std::error::Error;

/// The hint of `e`, if it is a `T`.
fn hint_of<T: Hint + Error + 'static>(e: &(dyn Error + 'static)) -> Option<String> {
    e.downcast_ref::<T>().map(Hint::hint)
}

type Finder = fn(&(dyn Error + 'static)) -> Option<String>;

/// Every error type with a hint, named for the test that checks the list is complete.
macro_rules! finders {
    ($($ty:path),* $(,)?) => {
        &[$((stringify!($ty), hint_of::<$ty>)),*]
    };
}

const FINDERS: &[(&str, Finder)] = finders![
    crate::error::Hinted,
    crate::aws::AwsError,
    crate::keystore::StoreError,
    crate::keystore::aws_vault::EntryError,
    crate::config::chain::ChainError,
    crate::config::parse::ParseError,
    crate::plan::PlanError,
    crate::secret::KeyShapeError,
];

/// The first hint in the chain, outermost first.
pub fn hint(err: &anyhow::Error) -> Option<String> {
    err.chain()
        .find_map(|e| FINDERS.iter().find_map(|(_, find)| find(e)))
}

/// Render an error chain the way awsx prints it: the message with its causes, then the first
/// hint found anywhere in the chain.
pub fn render(err: &anyhow::Error) -> String {
    let mut out = format!("error: {err}");
    for cause in err.chain().skip(1) {
        out.push_str(&format!(": {cause}"));
    }
    if let Some(hint) = hint(err) {
        out.push_str(&format!("\nhint: {hint}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn renders_context_cause_and_hint() {
        let err: anyhow::Result<()> = Err(crate::error::Hinted::new("inner", "do this").into());
        let err = err.context("outer").expect_err("error");
        assert_eq!(render(&err), "error: outer: inner\nhint: do this");
    }

    #[test]
    fn a_typed_error_brings_its_own_hint_through_context() {
        let err = anyhow::Error::new(crate::aws::AwsError::InvalidMfa).context("exec prod");
        assert_eq!(
            render(&err),
            "error: exec prod: AWS rejected the MFA code\nhint: check the device's clock and enter the current code"
        );
        let err = anyhow::Error::new(crate::keystore::StoreError::WrongPassphrase);
        assert!(render(&err).contains("\nhint: type the passphrase"));
    }

    /// Every `impl Hint for X` in the sources is in `FINDERS`: otherwise its hint would be
    /// silently dropped.
    #[test]
    fn every_hint_implementation_is_registered() {
        let mut found = Vec::new();
        let mut files = Vec::new();
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source");
            for line in text.lines() {
                let line = line.trim();
                for prefix in ["impl crate::error::Hint for ", "impl Hint for "] {
                    if let Some(ty) = line.strip_prefix(prefix) {
                        found.push(ty.trim_end_matches(" {").to_string());
                    }
                }
            }
        }
        assert!(found.len() >= FINDERS.len(), "{found:?}");
        for ty in &found {
            assert!(
                FINDERS
                    .iter()
                    .any(|(name, _)| name.rsplit("::").next() == Some(ty.as_str())),
                "`impl Hint for {ty}` is not listed in report::FINDERS"
            );
        }
    }
}
