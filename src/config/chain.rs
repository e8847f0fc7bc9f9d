//! Profile chains: from a selected profile to where its credentials come from.
//!
//! Pure. Implements the AWS SDKs' resolution (`aws-assume-role-tests.json`): follow
//! `source_profile` through `role_arn` profiles until a profile with a base provider; static
//! keys in a source profile end the chain; `source_profile` naming itself means "this profile's
//! keys, then its role"; loops are errors. awsx adds one source the SDKs do not know: keys kept
//! in the vault, looked up before keys written in the files. It does not decide MFA or sessions
//! (that is `plan`), and does not validate ARNs: the SDKs do not either, and their test vectors
//! resolve chains through ARNs such as `arn:aws:iam::123456789:role/RoleA`. `plan` parses each
//! role ARN and MFA device into `types` when it makes steps to run; `check` reports them.

use super::profile_set::{ProfileSet, Section};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Which profiles have long-term keys in the vault. The vault keeps an index for this, so
/// asking costs no keychain round trip.
pub trait VaultIndex {
    fn has_keys(&self, profile: &str) -> bool;
}

impl VaultIndex for BTreeSet<String> {
    fn has_keys(&self, profile: &str) -> bool {
        self.contains(profile)
    }
}

/// Where the first credentials of a chain come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// Long-term keys kept in the vault under this profile's name.
    VaultKeys {
        profile: String,
    },
    /// `aws_access_key_id` and friends written in a file. Only the id is kept here: the
    /// secret is read when credentials are actually needed.
    StaticKeys {
        profile: String,
        access_key_id: String,
        has_session_token: bool,
    },
    CredentialProcess {
        profile: String,
        command: String,
    },
    CredentialSource {
        profile: String,
        name: String,
    },
    WebIdentity {
        profile: String,
        role_arn: String,
        token_file: String,
        role_session_name: Option<String>,
    },
    Sso {
        profile: String,
        sso_session: Option<String>,
        start_url: Option<String>,
        region: Option<String>,
        account_id: Option<String>,
        role_name: Option<String>,
    },
}

impl Base {
    pub fn profile(&self) -> &str {
        match self {
            Base::VaultKeys { profile }
            | Base::StaticKeys { profile, .. }
            | Base::CredentialProcess { profile, .. }
            | Base::CredentialSource { profile, .. }
            | Base::WebIdentity { profile, .. }
            | Base::Sso { profile, .. } => profile,
        }
    }

    /// Long-term IAM user keys: the only base GetSessionToken applies to.
    pub fn is_long_term_keys(&self) -> bool {
        match self {
            Base::VaultKeys { .. } => true,
            Base::StaticKeys {
                has_session_token, ..
            } => !has_session_token,
            _ => false,
        }
    }
}

/// One AssumeRole hop, with the role profile's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleHop {
    pub profile: String,
    pub role_arn: String,
    pub mfa_serial: Option<String>,
    pub external_id: Option<String>,
    pub role_session_name: Option<String>,
    pub duration_seconds: Option<String>,
    pub source_identity: Option<String>,
    pub session_tags: Option<String>,
    pub transitive_session_tags: Option<String>,
}

/// A resolved chain: the base, then the roles in the order they are assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub base: Base,
    pub roles: Vec<RoleHop>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("no profiles are defined, so profile `{0}` cannot be found")]
    NoProfiles(String),
    #[error("profile `{0}` was not found")]
    MissingProfile(String),
    #[error("could not find source profile `{missing}` referenced from `{from}`")]
    MissingSource { missing: String, from: String },
    #[error("profile formed an infinite loop: {}", .0.join(" -> "))]
    Loop(Vec<String>),
    #[error("profile `{profile}` {message}")]
    Invalid { profile: String, message: String },
    #[error("profile `{0}` did not contain credential information")]
    NoCredentials(String),
}

impl crate::error::Hint for ChainError {
    fn hint(&self) -> String {
        match self {
            ChainError::NoProfiles(p) | ChainError::MissingProfile(p) => format!(
                "add a [profile {p}] section to your config, or store keys with `awsx add {p}`"
            ),
            ChainError::MissingSource { missing, .. } => format!(
                "define [profile {missing}] in your config, or store its keys with `awsx add {missing}`"
            ),
            ChainError::Loop(_) => {
                "make the last profile of the chain hold keys (or `credential_source`) instead of another `source_profile`".to_string()
            }
            ChainError::Invalid { .. } => {
                "see `awsx config check` for every problem in your config".to_string()
            }
            ChainError::NoCredentials(p) => format!(
                "store keys for it with `awsx add {p}`, or give it `source_profile`, `credential_process` or `sso_session`"
            ),
        }
    }
}

fn invalid(profile: &str, message: impl Into<String>) -> ChainError {
    ChainError::Invalid {
        profile: profile.to_string(),
        message: message.into(),
    }
}

/// A profile as the chain sees it: the file's section, or an empty one for a profile whose only
/// trace is keys in the vault (`awsx add NAME --no-add-config`).
struct View<'a> {
    set: &'a ProfileSet,
    name: &'a str,
    /// Found once: a hop asks for a dozen keys.
    section: Option<&'a Section>,
}

impl<'a> View<'a> {
    fn new(set: &'a ProfileSet, name: &'a str) -> Self {
        View {
            set,
            name,
            section: set.profile(name),
        }
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        let section = self.section?;
        self.set.lookup_in(section, key).map(|v| v.value.as_str())
    }
}

enum Next<'a> {
    SelfReference,
    Named(&'a str),
    Source(&'a str),
}

/// What one profile of a chain contributes: the base that ends the chain (and whether the
/// profile's role is assumed with it: `source_profile` naming itself, `credential_source`), or
/// a role to assume with credentials from the profile it names.
enum Hop<'a> {
    Base { base: Base, role: bool },
    Role(&'a str),
}

/// One step of the SDKs' resolution at `view`. `first`: the selected profile, whose own keys
/// do not end the chain when it also has a role.
fn hop<'a>(
    set: &'a ProfileSet,
    view: &View<'a>,
    first: bool,
    vault: &dyn VaultIndex,
) -> Result<Hop<'a>, ChainError> {
    // Past the first profile, keys end the chain even if the profile also has a role.
    if !first && let Ok(Some(base)) = keys(view, vault) {
        return Ok(Hop::Base { base, role: false });
    }
    let has_role = view.get("role_arn").is_some() && view.get("web_identity_token_file").is_none();
    if !has_role {
        let base = base_provider(set, view, vault)?;
        return Ok(Hop::Base { base, role: false });
    }
    match next(view)? {
        Next::SelfReference => Ok(Hop::Base {
            base: base_provider(set, view, vault)?,
            role: true,
        }),
        Next::Named(next) => Ok(Hop::Role(next)),
        Next::Source(source) => Ok(Hop::Base {
            base: Base::CredentialSource {
                profile: view.name.to_string(),
                name: source.to_string(),
            },
            role: true,
        }),
    }
}

/// Resolve the chain for `selected`. Linear in the chain's length: each profile is looked at
/// once (issue 9: a 5,000-hop chain must not take minutes).
pub fn resolve(
    set: &ProfileSet,
    selected: &str,
    vault: &dyn VaultIndex,
) -> Result<Chain, ChainError> {
    if set.profiles.is_empty() && !vault.has_keys(selected) {
        return Err(ChainError::NoProfiles(selected.to_string()));
    }
    let mut name: &str = selected;
    // In order, for the loop message; the set answers "seen before?" in constant time.
    let mut visited: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut roles = Vec::new();
    let base = loop {
        let view = profile(set, name, vault).ok_or_else(|| match visited.last() {
            None => ChainError::MissingProfile(name.to_string()),
            Some(from) => ChainError::MissingSource {
                missing: name.to_string(),
                from: from.to_string(),
            },
        })?;
        if !seen.insert(name) {
            let mut names: Vec<String> = visited.iter().map(|s| s.to_string()).collect();
            names.push(name.to_string());
            return Err(ChainError::Loop(names));
        }
        visited.push(name);
        match hop(set, &view, visited.len() == 1, vault)? {
            Hop::Base { base, role } => {
                if role {
                    roles.push(role_hop(&view));
                }
                break base;
            }
            Hop::Role(next) => {
                roles.push(role_hop(&view));
                name = next;
            }
        }
    };
    roles.reverse();
    Ok(Chain { base, roles })
}

/// Where every profile in the files gets its credentials: `resolve(..).map(|c| c.base)` for
/// each, in time linear in the number of profiles however long the chains (`list`, `alias`,
/// `config check` and `mfa` ask about all profiles; per-profile resolution was quadratic).
///
/// Errors are those `resolve` gives, except that a `Loop` names only the profiles of the loop
/// itself (`b -> c -> b`), not the path that led into it from the selected profile.
pub fn resolve_all<'a>(
    set: &'a ProfileSet,
    vault: &dyn VaultIndex,
) -> BTreeMap<&'a str, Result<Base, ChainError>> {
    // A profile's outcome when reached as a source (not selected): every profile on one walk
    // shares the walk's end, so each is computed once.
    let mut as_source: HashMap<&'a str, Result<Base, ChainError>> = HashMap::new();
    let mut out = BTreeMap::new();
    for name in set.profiles.keys() {
        let name = name.as_str();
        let view = View::new(set, name);
        let result = match hop(set, &view, true, vault) {
            Err(e) => Err(e),
            Ok(Hop::Base { base, .. }) => Ok(base),
            Ok(Hop::Role(next)) => {
                match walk_as_source(set, vault, next, name, &mut as_source) {
                    // A walk can come back to the selected profile only by ending at its keys
                    // (a source with keys is a base); `resolve` calls that a loop, as it has
                    // visited the profile already.
                    Ok(base)
                        if base.profile() == name
                            && keys(&view, vault).is_ok_and(|k| k.is_some()) =>
                    {
                        Err(ChainError::Loop(loop_back(set, vault, name, next)))
                    }
                    other => other,
                }
            }
        };
        out.insert(name, result);
    }
    out
}

/// The outcome of reaching `start` as a source from `from`, memoised in `memo`.
fn walk_as_source<'a>(
    set: &'a ProfileSet,
    vault: &dyn VaultIndex,
    start: &'a str,
    from: &'a str,
    memo: &mut HashMap<&'a str, Result<Base, ChainError>>,
) -> Result<Base, ChainError> {
    let mut path: Vec<&'a str> = Vec::new();
    let mut on_path: HashMap<&'a str, usize> = HashMap::new();
    let (mut name, mut previous) = (start, from);
    let result = loop {
        let Some(view) = profile(set, name, vault) else {
            break Err(ChainError::MissingSource {
                missing: name.to_string(),
                from: previous.to_string(),
            });
        };
        if let Some(known) = memo.get(name) {
            break known.clone();
        }
        if let Some(&at) = on_path.get(name) {
            let mut names: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
            names.push(name.to_string());
            break Err(ChainError::Loop(names));
        }
        on_path.insert(name, path.len());
        path.push(name);
        match hop(set, &view, false, vault) {
            Err(e) => break Err(e),
            Ok(Hop::Base { base, .. }) => break Ok(base),
            Ok(Hop::Role(next)) => (previous, name) = (name, next),
        }
    };
    for name in path {
        memo.insert(name, result.clone());
    }
    result
}

/// The profiles from `selected` back to itself, for a chain that returns to its start.
fn loop_back(set: &ProfileSet, vault: &dyn VaultIndex, selected: &str, next: &str) -> Vec<String> {
    let mut names = vec![selected.to_string()];
    let mut name = next;
    // The walk just made went this way and ended at `selected`: follow it again.
    while name != selected {
        names.push(name.to_string());
        let view = View::new(set, name);
        match hop(set, &view, false, vault) {
            Ok(Hop::Role(next)) => name = next,
            _ => break,
        }
    }
    names.push(selected.to_string());
    names
}

fn profile<'a>(set: &'a ProfileSet, name: &'a str, vault: &dyn VaultIndex) -> Option<View<'a>> {
    let view = View::new(set, name);
    (view.section.is_some() || vault.has_keys(name)).then_some(view)
}

fn role_hop(view: &View<'_>) -> RoleHop {
    let get = |k: &str| view.get(k).map(str::to_string);
    RoleHop {
        profile: view.name.to_string(),
        role_arn: get("role_arn").unwrap_or_default(),
        mfa_serial: get("mfa_serial"),
        external_id: get("external_id"),
        role_session_name: get("role_session_name"),
        duration_seconds: get("duration_seconds"),
        source_identity: get("source_identity"),
        session_tags: get("session_tags"),
        transitive_session_tags: get("transitive_session_tags"),
    }
}

fn next<'a>(view: &View<'a>) -> Result<Next<'a>, ChainError> {
    match (view.get("source_profile"), view.get("credential_source")) {
        (Some(_), Some(_)) => Err(invalid(
            view.name,
            "contained both source_profile and credential_source; only one may be set",
        )),
        (None, None) => Err(invalid(
            view.name,
            "has role_arn, so the profile must contain `source_profile` or `credential_source`",
        )),
        (Some(source), None) if source == view.name => Ok(Next::SelfReference),
        (Some(source), None) => Ok(Next::Named(source)),
        (None, Some(source)) => Ok(Next::Source(source)),
    }
}

/// Long-term keys for this profile: the vault first, then the files. `Ok(None)` when the profile
/// names no keys at all; an error when the files hold half a key pair.
fn keys(view: &View<'_>, vault: &dyn VaultIndex) -> Result<Option<Base>, ChainError> {
    if vault.has_keys(view.name) {
        return Ok(Some(Base::VaultKeys {
            profile: view.name.to_string(),
        }));
    }
    let id = view.get("aws_access_key_id");
    let secret = view.get("aws_secret_access_key");
    let token = view.get("aws_session_token");
    match (id, secret) {
        (None, None) if token.is_none() => Ok(None),
        (None, _) => Err(invalid(view.name, "is missing aws_access_key_id")),
        (Some(_), None) => Err(invalid(view.name, "is missing aws_secret_access_key")),
        (Some(id), Some(_)) => Ok(Some(Base::StaticKeys {
            profile: view.name.to_string(),
            access_key_id: id.to_string(),
            has_session_token: token.is_some(),
        })),
    }
}

fn base_provider(
    set: &ProfileSet,
    view: &View<'_>,
    vault: &dyn VaultIndex,
) -> Result<Base, ChainError> {
    let profile = view.name.to_string();
    if let Some(source) = view.get("credential_source") {
        return Ok(Base::CredentialSource {
            profile,
            name: source.to_string(),
        });
    }
    if let Some(token_file) = view.get("web_identity_token_file") {
        let role_arn = view.get("role_arn").ok_or_else(|| {
            invalid(
                view.name,
                "sets web_identity_token_file but `role_arn` was missing",
            )
        })?;
        return Ok(Base::WebIdentity {
            profile,
            role_arn: role_arn.to_string(),
            token_file: token_file.to_string(),
            role_session_name: view.get("role_session_name").map(str::to_string),
        });
    }
    if let Some(sso) = sso(set, view)? {
        return Ok(sso);
    }
    if let Some(command) = view.get("credential_process") {
        return Ok(Base::CredentialProcess {
            profile,
            command: command.to_string(),
        });
    }
    keys(view, vault)?.ok_or(ChainError::NoCredentials(profile))
}

fn sso(set: &ProfileSet, view: &View<'_>) -> Result<Option<Base>, ChainError> {
    let account_id = view.get("sso_account_id");
    let role_name = view.get("sso_role_name");
    let mut region = view.get("sso_region");
    let mut start_url = view.get("sso_start_url");
    let session_name = view.get("sso_session");
    if [account_id, role_name, region, start_url, session_name]
        .iter()
        .all(Option::is_none)
    {
        return Ok(None);
    }
    if let Some(session_name) = session_name {
        let session = set.sso_session(session_name).ok_or_else(|| {
            invalid(
                view.name,
                format!("references sso-session named `{session_name}`, which was not found"),
            )
        })?;
        // A profile may repeat the session's value, never contradict or replace it.
        for (key, value) in [
            ("sso_region", &mut region),
            ("sso_start_url", &mut start_url),
        ] {
            let from_session = session.get(key);
            if value.is_some() && *value != from_session {
                return Err(invalid(
                    view.name,
                    format!(
                        "sets `{key}`, which can only be specified in the [sso-session] config when a session name is given"
                    ),
                ));
            }
            *value = from_session;
        }
    }
    match (account_id, role_name) {
        (Some(_), None) => {
            return Err(invalid(
                view.name,
                "sets `sso_account_id`: if `sso_account_id` is set, then `sso_role_name` must also be set",
            ));
        }
        (None, Some(_)) => {
            return Err(invalid(
                view.name,
                "sets `sso_role_name`: if `sso_role_name` is set, then `sso_account_id` must also be set",
            ));
        }
        _ => {}
    }
    for (key, value) in [("sso_region", region), ("sso_start_url", start_url)] {
        if value.is_none() {
            return Err(invalid(view.name, format!("is missing `{key}` for SSO")));
        }
    }
    let owned = |v: Option<&str>| v.map(str::to_string);
    Ok(Some(Base::Sso {
        profile: view.name.to_string(),
        sso_session: owned(session_name),
        start_url: owned(start_url),
        region: owned(region),
        account_id: owned(account_id),
        role_name: owned(role_name),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Hint as _;

    fn resolve_in(config: &str, vault: &[&str], selected: &str) -> Result<Chain, ChainError> {
        let set = ProfileSet::from_texts(config, "").expect("parses");
        let vault: BTreeSet<String> = vault.iter().map(|s| s.to_string()).collect();
        resolve(&set, selected, &vault)
    }

    fn roles(chain: &Chain) -> Vec<&str> {
        chain.roles.iter().map(|r| r.profile.as_str()).collect()
    }

    const GDS: &str = "\
[profile gds-users]
region = eu-west-1
[profile production-infrastructure]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/infrastructure
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe
[profile chained]
source_profile = production-infrastructure
role_arn = arn:aws:iam::111111111111:role/next
";

    #[test]
    fn vault_keys_are_a_base() {
        let chain = resolve_in(GDS, &["gds-users"], "production-infrastructure").expect("ok");
        assert_eq!(
            chain.base,
            Base::VaultKeys {
                profile: "gds-users".into()
            }
        );
        assert_eq!(roles(&chain), ["production-infrastructure"]);
        assert_eq!(
            chain.roles[0].mfa_serial.as_deref(),
            Some("arn:aws:iam::398263320410:mfa/jane.doe")
        );

        let chain = resolve_in(GDS, &["gds-users"], "chained").expect("ok");
        assert_eq!(roles(&chain), ["production-infrastructure", "chained"]);
    }

    #[test]
    fn vault_wins_over_file_keys_and_covers_profiles_with_no_section() {
        let config = "[profile a]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s";
        let chain = resolve_in(config, &["a"], "a").expect("ok");
        assert!(matches!(chain.base, Base::VaultKeys { .. }));
        let chain = resolve_in(config, &["only-in-vault"], "only-in-vault").expect("ok");
        assert!(matches!(chain.base, Base::VaultKeys { .. }));
        let chain = resolve_in("", &["only-in-vault"], "only-in-vault").expect("ok");
        assert!(chain.roles.is_empty());
    }

    #[test]
    fn errors() {
        let cases: &[(&str, &str, fn(&ChainError) -> bool)] = &[
            ("", "a", |e| matches!(e, ChainError::NoProfiles(_))),
            ("[profile b]", "a", |e| {
                matches!(e, ChainError::MissingProfile(_))
            }),
            (
                "[profile a]\nrole_arn = r\nsource_profile = b",
                "a",
                |e| matches!(e, ChainError::MissingSource { missing, from } if missing == "b" && from == "a"),
            ),
            (
                "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a",
                "a",
                |e| *e == ChainError::Loop(vec!["a".into(), "b".into(), "a".into()]),
            ),
            ("[profile a]\nregion = x", "a", |e| {
                matches!(e, ChainError::NoCredentials(_))
            }),
            ("[profile a]\nrole_arn = r", "a", |e| {
                matches!(e, ChainError::Invalid { .. })
            }),
            (
                "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]",
                "a",
                |e| *e == ChainError::NoCredentials("b".into()),
            ),
        ];
        for (config, selected, check) in cases {
            let err = resolve_in(config, &[], selected).expect_err(config);
            assert!(check(&err), "{config:?}: {err:?}");
            assert!(!err.hint().is_empty());
        }
    }

    #[test]
    fn a_role_on_its_own_keys_or_a_credential_source_is_still_assumed() {
        let config = "\
[profile self]
aws_access_key_id = AKIASELF
aws_secret_access_key = s
role_arn = arn:aws:iam::1:role/self
source_profile = self
[profile ec2]
role_arn = arn:aws:iam::1:role/ec2
credential_source = Ec2InstanceMetadata
[profile above]
role_arn = arn:aws:iam::1:role/above
source_profile = ec2
";
        let chain = resolve_in(config, &[], "self").expect("ok");
        assert_eq!(chain.base.profile(), "self");
        assert_eq!(roles(&chain), ["self"]);
        let chain = resolve_in(config, &[], "ec2").expect("ok");
        assert!(matches!(chain.base, Base::CredentialSource { .. }));
        assert_eq!(roles(&chain), ["ec2"]);
        let chain = resolve_in(config, &[], "above").expect("ok");
        assert_eq!(roles(&chain), ["ec2", "above"]);
    }

    #[test]
    fn include_profile_supplies_role_settings() {
        let config = "\
[profile base]
[profile common]
source_profile = base
mfa_serial = arn:aws:iam::1:mfa/me
[profile r]
include_profile = common
role_arn = arn:aws:iam::2:role/x
";
        let chain = resolve_in(config, &["base"], "r").expect("ok");
        assert_eq!(chain.base.profile(), "base");
        assert_eq!(
            chain.roles[0].mfa_serial.as_deref(),
            Some("arn:aws:iam::1:mfa/me")
        );
    }

    /// A vault index that counts the questions asked of it: a measure of the work done.
    struct Counting(BTreeSet<String>, std::cell::Cell<usize>);

    impl VaultIndex for Counting {
        fn has_keys(&self, profile: &str) -> bool {
            self.1.set(self.1.get() + 1);
            self.0.contains(profile)
        }
    }

    fn long_chain(hops: usize) -> String {
        let mut config = String::from("[profile p0]\nregion = eu-west-1\n");
        for i in 1..=hops {
            config.push_str(&format!(
                "[profile p{i}]\nsource_profile = p{}\nrole_arn = arn:aws:iam::111111111111:role/r{i}\n",
                i - 1
            ));
        }
        config
    }

    #[test]
    fn long_chains_cost_work_linear_in_their_length() {
        let hops = 5_000;
        let set = ProfileSet::from_texts(&long_chain(hops), "").expect("parses");
        let vault = Counting(BTreeSet::from(["p0".to_string()]), 0.into());

        let chain = resolve(&set, &format!("p{hops}"), &vault).expect("resolves");
        assert_eq!(chain.roles.len(), hops);
        assert_eq!(chain.roles[0].profile, "p1");
        // Two vault questions per profile (does it exist, has it keys), whatever the length.
        assert!(
            vault.1.get() <= 2 * (hops + 1),
            "{} questions",
            vault.1.get()
        );

        // Every profile at once: asking per profile would be quadratic (12.5 million hops).
        vault.1.set(0);
        let all = resolve_all(&set, &vault);
        assert_eq!(all.len(), hops + 1);
        assert!(
            all.values()
                .all(|b| matches!(b, Ok(Base::VaultKeys { profile }) if profile == "p0"))
        );
        assert!(
            vault.1.get() <= 6 * (hops + 1),
            "{} questions",
            vault.1.get()
        );
    }

    #[test]
    fn resolving_one_chain_reads_only_its_profiles() {
        // Issue "Fast on every backend and every config size": a cached exec against a
        // 10,000-profile config read and merged every profile for a chain of two.
        let mut config = String::new();
        for i in 0..10_000 {
            config.push_str(&format!(
                "[profile acct-{i}]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::{i:012}:role/operator\nregion = eu-west-2\n\n"
            ));
        }
        config.push_str(GDS);
        let set = ProfileSet::from_texts(&config, "").expect("parses");
        let vault = BTreeSet::from(["gds-users".to_string()]);
        let chain = resolve(&set, "chained", &vault).expect("resolves");
        assert_eq!(roles(&chain), ["production-infrastructure", "chained"]);
        let region = set
            .lookup("chained", "region")
            .or_else(|| set.lookup("gds-users", "region"));
        assert_eq!(region.map(|v| v.value.as_str()), Some("eu-west-1"));
        assert_eq!(set.profiles.len(), 10_003);
        assert_eq!(set.profiles_read(), Some(3));

        // Every profile at once reads them all, once; lookups then use that.
        assert_eq!(resolve_all(&set, &vault).len(), 10_003);
        assert_eq!(set.profiles_read(), None);
        assert_eq!(
            set.lookup("acct-9999", "role_arn")
                .map(|v| v.value.as_str()),
            Some("arn:aws:iam::000000009999:role/operator")
        );
    }

    #[test]
    fn resolve_all_agrees_with_resolve() {
        let configs = [
            GDS,
            "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a",
            // A tail leading into a loop, and a loop through a profile with keys.
            "[profile x]\nrole_arn = r\nsource_profile = a\n[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a",
            "[profile k]\naws_access_key_id = AKIAK\naws_secret_access_key = s\nrole_arn = r\nsource_profile = m\n\
             [profile m]\nrole_arn = r\nsource_profile = k\n[profile n]\nrole_arn = r\nsource_profile = k",
            "[profile k]\nrole_arn = r\nsource_profile = m\n[profile m]\nrole_arn = r\nsource_profile = k\n[profile v]\nrole_arn = r\nsource_profile = v",
            "[profile a]\nrole_arn = r\nsource_profile = gone\n[profile b]\nrole_arn = r\nsource_profile = a\n[profile c]\nrole_arn = r\nsource_profile = gone",
            "[profile a]\nrole_arn = r\n[profile b]\nrole_arn = r\nsource_profile = a\n[profile c]\nregion = x\n[profile d]\nrole_arn = r\nsource_profile = c",
            "[profile a]\nrole_arn = r\ncredential_source = Environment\n[profile b]\nrole_arn = r\nsource_profile = a\ncredential_source = Environment",
            "[profile half]\naws_access_key_id = AKIAH\nrole_arn = r\nsource_profile = half\n[profile up]\nrole_arn = r\nsource_profile = half",
            "[profile s]\nsso_session = nope\n[profile t]\nrole_arn = r\nsource_profile = s\n[profile w]\nweb_identity_token_file = f\n[profile u]\nrole_arn = r\nsource_profile = w",
            "[profile only-vault-source]\nrole_arn = r\nsource_profile = vaulted\n[profile p]\ncredential_process = echo\n",
        ];
        for config in configs {
            let set = ProfileSet::from_texts(config, "").expect("parses");
            let vault: BTreeSet<String> = ["gds-users", "vaulted", "m"].map(String::from).into();
            let all = resolve_all(&set, &vault);
            assert_eq!(all.len(), set.profiles.len());
            for (name, got) in all {
                let want = resolve(&set, name, &vault).map(|c| c.base);
                match (&want, &got) {
                    // A loop is named from its own first profile, not from where it was entered.
                    (Err(ChainError::Loop(w)), Err(ChainError::Loop(g))) => {
                        let members =
                            |names: &[String]| names.iter().cloned().collect::<BTreeSet<_>>();
                        assert!(
                            members(g).is_subset(&members(w)),
                            "{config:?} {name}: {w:?} / {g:?}"
                        );
                        assert_eq!(g.first(), g.last(), "{g:?}");
                    }
                    _ => assert_eq!(got, want, "{config:?} profile {name}"),
                }
            }
        }
        // A chain that comes back to its selected profile, whose vault keys would end it had it
        // not been visited already.
        let set = ProfileSet::from_texts(configs[4], "").expect("parses");
        let vault = BTreeSet::from(["m".to_string()]);
        assert_eq!(
            resolve_all(&set, &vault)["m"],
            Err(ChainError::Loop(vec!["m".into(), "k".into(), "m".into()]))
        );
    }
}
