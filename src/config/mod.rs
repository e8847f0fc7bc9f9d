//! The AWS shared config: where the files are, how they parse, how profiles chain.
//!
//! Everything here is pure except `load`, which reads the two files. Nothing here talks to AWS
//! or to the vault; the vault is seen only through the `VaultIndex` trait.

pub mod chain;
pub mod check;
pub mod edit;
pub mod known_keys;
pub mod load;
pub mod locate;
pub mod parse;
pub mod profile_set;
#[cfg(test)]
mod reference;

pub use chain::{Base, Chain, ChainError, RoleHop, VaultIndex};
pub use load::{Config, load};
pub use profile_set::{Origin, ProfileSet};
