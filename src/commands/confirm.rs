//! The least-privilege guardrail (issue 12): a profile with `awsx_confirm` asks before `exec`,
//! `export` or `login` use it, and `exec`/`login` name the role and account they use on
//! stderr. The decision (`decide`) is pure; `guard` gathers its inputs and asks.
//!
//! A `credential_process` cannot answer a question, and a `--yes` written into the config
//! line that runs it would defeat the guard for every SDK call; so `export --format process`
//! of a confirmed profile without a terminal is refused even with `--yes`, unless the profile
//! says `awsx_confirm_process = allow`.

use crate::Context;
use crate::config::Config;
use crate::error::Hinted;
use crate::types::RoleArn;

/// What `awsx_confirm` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    No,
    /// `true`: the default question.
    Default,
    /// Any other text: shown instead of the default sentence.
    Message(String),
}

impl Confirm {
    /// From the value of `awsx_confirm` (absent, `false`, `true`, or a message).
    pub fn parse(value: Option<&str>) -> Confirm {
        match value.map(str::trim) {
            None | Some("") => Confirm::No,
            Some(v) if v.eq_ignore_ascii_case("false") || v.eq_ignore_ascii_case("no") => {
                Confirm::No
            }
            Some(v) if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("yes") => {
                Confirm::Default
            }
            Some(v) => Confirm::Message(v.to_string()),
        }
    }
}

/// Whether `profile` asks for confirmation (for `list` and `explain`).
pub fn confirms(config: &Config, profile: &str) -> bool {
    Confirm::parse(
        config
            .set
            .lookup(profile, "awsx_confirm")
            .map(|v| v.value.as_str()),
    ) != Confirm::No
}

/// What `guard` must do.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Go,
    /// Ask this question on the terminal.
    Ask(String),
    /// Refuse: no terminal, and nothing said yes.
    NoTerminal,
    /// Refuse: a credential_process cannot confirm.
    Process,
}

/// The inputs of the decision.
pub struct Situation<'a> {
    pub profile: &'a str,
    pub role_arn: Option<&'a str>,
    pub confirm: Confirm,
    /// `awsx_confirm_process = allow`
    pub process_allowed: bool,
    /// `export --format process`
    pub for_process: bool,
    /// `--yes` or `AWSX_CONFIRM=yes`
    pub yes: bool,
    pub terminal: bool,
}

/// Pure.
pub fn decide(s: &Situation<'_>) -> Decision {
    let sentence = match &s.confirm {
        Confirm::No => return Decision::Go,
        Confirm::Default => match s.role_arn {
            Some(arn) => format!("You are about to use {} ({arn}).", s.profile),
            None => format!("You are about to use {}.", s.profile),
        },
        Confirm::Message(message) => message.clone(),
    };
    if s.for_process && !s.terminal {
        return if s.process_allowed {
            Decision::Go
        } else {
            Decision::Process
        };
    }
    if s.yes {
        return Decision::Go;
    }
    if !s.terminal {
        return Decision::NoTerminal;
    }
    Decision::Ask(format!("{sentence} Continue?"))
}

/// Ask, or refuse, before credentials for `profile` are used.
pub(crate) fn guard(
    ctx: &Context,
    profile: &str,
    yes: bool,
    for_process: bool,
) -> anyhow::Result<()> {
    let config = crate::config::load(&ctx.env)?;
    let get = |key: &str| config.set.lookup(profile, key).map(|v| v.value.clone());
    let confirm = Confirm::parse(get("awsx_confirm").as_deref());
    if confirm == Confirm::No {
        return Ok(());
    }
    let role_arn = get("role_arn");
    let yes = yes
        || ctx
            .env
            .get("AWSX_CONFIRM")
            .is_some_and(|v| v.eq_ignore_ascii_case("yes"));
    let situation = Situation {
        profile,
        role_arn: role_arn.as_deref(),
        confirm,
        process_allowed: get("awsx_confirm_process")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("allow")),
        for_process,
        yes,
        terminal: ctx.prompter.has_terminal(),
    };
    match decide(&situation) {
        Decision::Go => Ok(()),
        Decision::Ask(question) => {
            if ctx.prompter.confirm(&question)? {
                Ok(())
            } else {
                Err(Hinted::new(
                    format!("not using {profile}: not confirmed"),
                    "answer y to go on, or choose a profile with fewer rights (e.g. a read-only role)",
                )
                .into())
            }
        }
        Decision::NoTerminal => Err(Hinted::new(
            format!("profile {profile} asks for confirmation (awsx_confirm), and there is no terminal to ask on"),
            "run it from a terminal, or pass --yes (-y) or set AWSX_CONFIRM=yes if you mean it",
        )
        .into()),
        Decision::Process => Err(Hinted::new(
            format!(
                "profile {profile} asks for confirmation (awsx_confirm), and a credential_process cannot ask: its credentials are not handed out without a terminal"
            ),
            format!(
                "use `awsx exec {profile}` from a terminal, or set awsx_confirm_process = allow in [profile {profile}] to let SDKs use it unasked"
            ),
        )
        .into()),
    }
}

/// `awsx: PROFILE → ROLE in ACCOUNT`, when the profile assumes a role. Pure.
pub fn identity_line(profile: &str, role_arn: Option<&str>) -> Option<String> {
    let arn = RoleArn::parse(role_arn?)?;
    let role = arn
        .name_with_path
        .rsplit('/')
        .next()
        .unwrap_or(&arn.name_with_path);
    Some(format!("awsx: {profile} → {role} in {}", arn.account))
}

/// Print the identity line for `profile` on stderr, unless `quiet`.
pub(crate) fn say_identity(ctx: &Context, profile: &str, quiet: bool) {
    if quiet {
        return;
    }
    let Ok(config) = crate::config::load(&ctx.env) else {
        return;
    };
    let arn = config
        .set
        .lookup(profile, "role_arn")
        .map(|v| v.value.clone());
    if let Some(line) = identity_line(profile, arn.as_deref()) {
        crate::errln!(ctx, "{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:iam::050019655025:role/admin";

    fn situation(confirm: Confirm, for_process: bool, yes: bool, terminal: bool) -> Decision {
        decide(&Situation {
            profile: "prod-admin",
            role_arn: Some(ARN),
            confirm,
            process_allowed: false,
            for_process,
            yes,
            terminal,
        })
    }

    #[test]
    fn decisions() {
        let ask = || {
            Decision::Ask(format!(
                "You are about to use prod-admin ({ARN}). Continue?"
            ))
        };
        assert_eq!(situation(Confirm::No, true, false, false), Decision::Go);
        assert_eq!(situation(Confirm::Default, false, false, true), ask());
        assert_eq!(situation(Confirm::Default, false, true, true), Decision::Go);
        assert_eq!(
            situation(Confirm::Default, false, true, false),
            Decision::Go
        );
        assert_eq!(
            situation(Confirm::Default, false, false, false),
            Decision::NoTerminal
        );
        assert_eq!(
            situation(Confirm::Default, true, true, false),
            Decision::Process,
            "--yes does not open a credential_process"
        );
        assert_eq!(situation(Confirm::Default, true, false, true), ask());
        assert_eq!(
            situation(Confirm::Message("Production!".into()), false, false, true),
            Decision::Ask("Production! Continue?".into())
        );
        let allowed = decide(&Situation {
            profile: "p",
            role_arn: None,
            confirm: Confirm::Default,
            process_allowed: true,
            for_process: true,
            yes: false,
            terminal: false,
        });
        assert_eq!(allowed, Decision::Go, "awsx_confirm_process = allow");
    }

    #[test]
    fn values_of_awsx_confirm() {
        assert_eq!(Confirm::parse(None), Confirm::No);
        assert_eq!(Confirm::parse(Some("false")), Confirm::No);
        assert_eq!(Confirm::parse(Some("True")), Confirm::Default);
        assert_eq!(
            Confirm::parse(Some("This is production")),
            Confirm::Message("This is production".into())
        );
    }

    #[test]
    fn identity_names_role_and_account() {
        assert_eq!(
            identity_line(
                "production-infrastructure",
                Some("arn:aws:iam::050019655025:role/team/infrastructure")
            )
            .as_deref(),
            Some("awsx: production-infrastructure → infrastructure in 050019655025")
        );
        assert_eq!(identity_line("gds-users", None), None);
    }
}
