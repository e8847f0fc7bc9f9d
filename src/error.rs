//! Errors that carry a hint for the user.
//!
//! Command code uses `anyhow`; an error that knows how to be fixed wraps its message in `Hinted`
//! so the top level can print `error: …` then `hint: …`, once.

use std::fmt;

#[derive(Debug)]
pub struct Hinted {
    message: String,
    hint: String,
}

impl Hinted {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Hinted {
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn hint(&self) -> &str {
        &self.hint
    }
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// Render an error chain the way awsx prints it: the message with its causes, then the first
/// hint found anywhere in the chain.
pub fn render(err: &anyhow::Error) -> String {
    let mut out = format!("error: {err}");
    for cause in err.chain().skip(1) {
        out.push_str(&format!(": {cause}"));
    }
    if let Some(hint) = err.chain().find_map(|e| e.downcast_ref::<Hinted>()) {
        out.push_str(&format!("\nhint: {}", hint.hint()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn renders_context_cause_and_hint() {
        let err: anyhow::Result<()> = Err(Hinted::new("inner", "do this").into());
        let err = err.context("outer").expect_err("error");
        assert_eq!(render(&err), "error: outer: inner\nhint: do this");
    }
}
