//! Errors that carry a hint for the user.
//!
//! Command code uses `anyhow`. An error enum that knows how it can be fixed implements
//! [`Hint`]; `report::render` finds the first such error in a chain and prints
//! `error: …` then `hint: …`, once, so a hint cannot be lost on the way up or paired with the
//! wrong message. `Hinted` is for one-off errors written where they happen.

use std::fmt;

#[derive(Debug)]
pub struct Hinted {
    message: String,
    hint: String,
}

/// What the user can do about an error. Implemented by each error type that knows, and
/// registered in `report` (a test there fails on an implementation it does not list).
pub trait Hint {
    fn hint(&self) -> String;
}

impl Hinted {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Hinted {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl Hint for Hinted {
    fn hint(&self) -> String {
        self.hint.clone()
    }
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}
