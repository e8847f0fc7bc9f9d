//! An in-memory store for unit tests: a plain map. Used where no real keychain can be started
//! (pure unit tests); integration tests use the real backends.

use super::{SecretBytes, Store, StoreError};
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Default)]
pub struct MemoryStore {
    entries: RefCell<BTreeMap<String, SecretBytes>>,
}

impl Store for MemoryStore {
    fn describe(&self) -> String {
        "memory".into()
    }

    fn get(&self, name: &str) -> Result<Option<SecretBytes>, StoreError> {
        Ok(self.entries.borrow().get(name).cloned())
    }

    fn apply(&self, changes: &[(String, Option<SecretBytes>)]) -> Result<(), StoreError> {
        let mut entries = self.entries.borrow_mut();
        for (name, value) in changes {
            match value {
                Some(v) => entries.insert(name.clone(), v.clone()),
                None => entries.remove(name),
            };
        }
        Ok(())
    }
}
