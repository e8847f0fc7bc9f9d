//! Integration tests: the real `awsx` binary, a scrubbed environment, a temporary HOME.
//! Nothing here reads the user's `~/.aws`, keychain, or the network.
//! Unix only: the tests drive shells, ptys and Unix permissions.
#![cfg(unix)]

mod alias;
mod aws_vault;
mod aws_vault_env;
mod concurrency;
mod config;
mod credentials;
mod demo;
mod dropin;
mod faults;
mod guardrail;
mod hardening;
mod lifecycle;
mod locks;
mod login;
mod memory_cache;
mod server;
mod support;
mod vault;
