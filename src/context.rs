//! What every command is handed: the environment snapshot, the settings read from it and the
//! vault (each made on first use), the prompter, the AWS clients and the printer. It holds
//! seams, no policy, and imports nothing above the seams. Tests build one with fakes for each
//! seam ([`Context::with_vault`], [`Context::with_clients`], [`Context::with_printer`]) and
//! run commands in-process.

use std::cell::OnceCell;

/// What every command gets: the environment snapshot, the vault (opened on first use, so
/// commands that do not need it never touch a keychain), and a way to ask the user.
pub struct Context {
    pub env: crate::env::Env,
    backend: Option<crate::keystore::Backend>,
    vault: OnceCell<crate::keystore::Vault>,
    settings: OnceCell<crate::settings::Settings>,
    /// The memory-only session cache (issue 13), usable without opening the vault.
    memory: OnceCell<crate::keystore::SessionMemory>,
    pub prompter: Box<dyn crate::prompt::Prompter>,
    /// STS, IAM and the console federation endpoint.
    aws: Box<dyn crate::aws::Clients>,
    /// stdout and stderr.
    pub out: crate::output::Printer,
}

impl Context {
    pub fn new(
        env: crate::env::Env,
        backend: Option<crate::keystore::Backend>,
        prompter: Box<dyn crate::prompt::Prompter>,
    ) -> Self {
        Context {
            env,
            backend,
            vault: OnceCell::new(),
            settings: OnceCell::new(),
            memory: OnceCell::new(),
            prompter,
            aws: Box::new(crate::aws::SdkClients::default()),
            out: crate::output::Printer::stdio(),
        }
    }

    /// The same context with other AWS clients (tests: fakes with a call log).
    pub fn with_clients(mut self, aws: Box<dyn crate::aws::Clients>) -> Self {
        self.aws = aws;
        self
    }

    /// The same context writing to another printer (tests: captured output).
    pub fn with_printer(mut self, out: crate::output::Printer) -> Self {
        self.out = out;
        self
    }

    /// Where STS, IAM and federation clients come from.
    pub fn aws(&self) -> &dyn crate::aws::Clients {
        self.aws.as_ref()
    }

    /// A context around a given vault (test builds only).
    #[cfg(test)]
    pub fn with_vault(
        env: crate::env::Env,
        vault: crate::keystore::Vault,
        prompter: Box<dyn crate::prompt::Prompter>,
    ) -> Self {
        let context = Context::new(env, None, prompter);
        let _ = context.vault.set(vault);
        let _ = context
            .memory
            .set(crate::keystore::SessionMemory::disabled());
        context
    }

    pub fn vault(&self) -> anyhow::Result<&crate::keystore::Vault> {
        if let Some(vault) = self.vault.get() {
            return Ok(vault);
        }
        let vault = crate::keystore::open(self.backend, &self.env, &self.settings()?.store)?
            .with_memory(self.session_memory().clone());
        Ok(self.vault.get_or_init(|| vault))
    }

    /// The memory-only copy of the vault's session cache; reading it opens no keychain. With
    /// settings that do not parse it is off (opening the vault reports the error).
    pub fn session_memory(&self) -> &crate::keystore::SessionMemory {
        self.memory.get_or_init(|| match self.settings() {
            Ok(settings) => {
                crate::keystore::open::session_memory(self.backend, &self.env, &settings.store)
            }
            Err(_) => crate::keystore::SessionMemory::disabled(),
        })
    }

    /// The settings from the environment, parsed on first use: a command that needs none of
    /// them (`alias`, `version`) does not fail on a bad one.
    pub fn settings(&self) -> anyhow::Result<&crate::settings::Settings> {
        if let Some(settings) = self.settings.get() {
            return Ok(settings);
        }
        let settings = crate::settings::Settings::from_env(&self.env)?;
        Ok(self.settings.get_or_init(|| settings))
    }

    /// Seconds since the Unix epoch.
    pub fn now(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
    }
}
