//! The executor: a profile in, credentials out. It plans the request (`plan`), then runs the
//! plan against three seams and nothing else: the session cache in the vault (its rules in
//! `cache`), the base-credential sources (`sources`), and STS (`aws::Sts`, made on demand).
//!
//! The order of work is what keeps the warm path fast: the cache is consulted first, from the
//! last step of the plan backwards, and only what is missing is fetched. STS is reached through
//! a factory that is called only when a call is really needed, so a fully cached request starts
//! no async runtime and builds no SDK client. A cold request takes a cross-process lock for
//! its base profile and looks at the cache again under it, so that parallel invocations produce
//! one MFA prompt and one GetSessionToken between them.
//!
//! Every value a step sends (role ARN, MFA device, session name, tags) is in the step, parsed
//! by the plan; the one setting a step needs besides, `mfa_process`, is found in `prepare`.
//! Running a step looks nothing up by profile name.
//!
//! Two things stay here rather than in modules of their own, since nothing else uses them and
//! each is a few lines over `Settings` and the config: where the region and the STS/IAM
//! endpoints come from (`prepare`, through the one "this profile, else its base" view,
//! `EffectiveProfile`), and the loop that asks again for a typed MFA code STS rejected (where
//! the code comes from is `mfa`'s).

use crate::aws::{AssumeRoleRequest, AwsError, DEFAULT_REGION, Endpoint, Mfa, Sts};
use crate::config::{Base, Chain, Config};
use crate::context::Context;
use crate::error::Hinted;
use crate::keystore::SessionMeta;
use crate::plan::{Plan, PlanOptions, Step};
use crate::secret::{CachedCredentials, Credentials};
use crate::settings::Service;
use std::collections::BTreeSet;
use zeroize::Zeroizing;

/// How often a typed MFA code that STS rejected is asked for again.
const MFA_TRIES: usize = crate::mfa::TRIES;

/// What the caller asks for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub profile: String,
    pub options: PlanOptions,
    /// `--region`
    pub region: Option<String>,
    /// `--mfa-token`
    pub mfa_token: Option<String>,
}

/// What the caller gets.
#[derive(Debug)]
pub struct Obtained {
    pub credentials: Credentials,
    pub region: Option<String>,
    /// How the final credentials were made.
    pub final_step: Step,
    /// Whether the final credentials are a role session made straight from long-term keys
    /// (the only kind whose console session may be given a SessionDuration).
    pub direct_role: bool,
}

/// Everything resolved before any secret is touched.
pub struct Prepared {
    pub config: Config,
    pub chain: Chain,
    pub plan: Plan,
    pub region: Option<String>,
    /// STS's endpoint, and where its override came from (for messages).
    pub endpoint: Endpoint,
    pub endpoint_origin: String,
    /// IAM's, by the same rule.
    pub iam_endpoint: Endpoint,
    pub iam_endpoint_origin: String,
    /// The vault's record of the base keys, when the chain draws on the vault.
    pub key_meta: Option<crate::keystore::KeyMeta>,
    /// The selected profile's `mfa_process`, else its base profile's: looked up here, so that
    /// running a step looks nothing up.
    pub mfa_process: Option<String>,
}

/// Resolve the profile, plan it, and work out region and endpoint. No secret is read.
pub fn prepare(ctx: &Context, request: &Request) -> anyhow::Result<Prepared> {
    let config = crate::config::load(&ctx.env)?;
    let index = index(ctx)?;
    let vault_keys: BTreeSet<String> = index.keys.keys().cloned().collect();
    let (chain, plan) =
        crate::plan::chain_and_plan(&config, &vault_keys, &request.profile, &request.options)?;
    let settings = ctx.settings()?;
    let view = EffectiveProfile {
        config: &config,
        profile: &request.profile,
        base: chain.base.profile(),
    };
    let region = request
        .region
        .clone()
        .or_else(|| settings.region.clone())
        .or_else(|| view.get("region").map(|(_, v)| v.to_string()));
    let endpoint_for = |service| {
        let (origin, url) = match settings.endpoints.get(service) {
            Some((var, url)) => (var.to_string(), Some(url.to_string())),
            None => match view.get("endpoint_url") {
                Some((profile, url)) => (
                    format!("endpoint_url of profile {profile}"),
                    Some(url.to_string()),
                ),
                None => (String::new(), None),
            },
        };
        let endpoint = Endpoint {
            region: region.clone().unwrap_or_else(|| DEFAULT_REGION.to_string()),
            url,
        };
        (endpoint, origin)
    };
    let (endpoint, endpoint_origin) = endpoint_for(Service::Sts);
    let (iam_endpoint, iam_endpoint_origin) = endpoint_for(Service::Iam);
    let key_meta = match &chain.base {
        Base::VaultKeys { profile } => index.keys.get(profile).cloned(),
        _ => None,
    };
    let mfa_process = view.get("mfa_process").map(|(_, v)| v.to_string());
    Ok(Prepared {
        config,
        chain,
        plan,
        region,
        endpoint,
        endpoint_origin,
        iam_endpoint,
        iam_endpoint_origin,
        key_meta,
        mfa_process,
    })
}

/// The one answer to "this profile's setting, else its base profile's", for every setting the
/// executor reads from the config (region, endpoint_url).
struct EffectiveProfile<'a> {
    config: &'a crate::config::Config,
    profile: &'a str,
    base: &'a str,
}

impl EffectiveProfile<'_> {
    /// The value, and the profile it was found in.
    fn get(&self, key: &str) -> Option<(&str, &str)> {
        [self.profile, self.base].into_iter().find_map(|profile| {
            self.config
                .set
                .lookup(profile, key)
                .map(|v| (profile, v.value.as_str()))
        })
    }
}

/// The vault's index: its memory copy when there is one (no keychain is opened), else the
/// vault's, then copied to memory for the next run.
fn index(ctx: &Context) -> anyhow::Result<crate::keystore::Index> {
    let memory = ctx.session_memory();
    if let Some(index) = memory.index() {
        return Ok(index);
    }
    // The generation is read first: a change to the keys meanwhile makes the copy stale.
    let generation = memory.generation();
    let index = ctx.vault()?.index()?;
    memory.put_index(&index, generation);
    Ok(index)
}

/// A one-line warning when the base keys are older than the limit. Goes to stderr only: it
/// would corrupt `export` output on stdout.
pub fn key_age_warning(ctx: &Context, prepared: &Prepared) -> anyhow::Result<Option<String>> {
    let Some(meta) = &prepared.key_meta else {
        return Ok(None);
    };
    let limit = ctx.settings()?.key_max_age;
    let age = ctx.now().saturating_sub(meta.born_at());
    let base = prepared.chain.base.profile();
    Ok((age >= limit).then(|| {
        format!(
            "the access key for {base} ({}) is {} days old; rotate it with `awsx rotate {base}`",
            crate::secret::mask(&meta.access_key_id),
            age / 86_400
        )
    }))
}

/// A cached result for `step`, if it has enough life left and was made from the keys the
/// vault holds now (`key_id`).
pub fn cached(
    ctx: &Context,
    step: &Step,
    key_id: Option<&str>,
    now: u64,
) -> anyhow::Result<Option<Credentials>> {
    let Some(slot) = crate::cache::slot(step, key_id) else {
        return Ok(None);
    };
    let min_left = ctx.settings()?.min_ttl_seconds;
    // An unreadable cache entry is a miss, not an error: it will be replaced.
    let hit = |bytes: &[u8]| {
        let entry = serde_json::from_slice::<CachedCredentials>(bytes).ok()?;
        crate::cache::usable(&entry, &slot, now, min_left)
            .then(|| (entry.to_credentials(), entry.expires_at))
    };
    // The memory copy first (no keychain round trip), then the vault's, kept in memory for next time.
    let memory = ctx.session_memory();
    if let Some((creds, _)) = memory.session(&slot.name).and_then(|b| hit(&b)) {
        return Ok(Some(creds));
    }
    // The generation before the vault is read: a `clear` in between retires this copy.
    let generation = memory.generation();
    let Some(bytes) = ctx.vault()?.session(&slot.name)? else {
        return Ok(None);
    };
    Ok(hit(&bytes).map(|(creds, expires_at)| {
        memory.put_session_under(&slot.name, &bytes, expires_at, generation);
        creds
    }))
}

/// The index of the last step whose result is cached, with those credentials.
fn last_cached(
    ctx: &Context,
    prepared: &Prepared,
    now: u64,
) -> anyhow::Result<Option<(usize, Credentials)>> {
    if !matches!(prepared.chain.base, Base::VaultKeys { .. }) {
        return Ok(None);
    }
    let key_id = prepared.key_meta.as_ref().map(|k| k.access_key_id.as_str());
    for (i, step) in prepared.plan.steps.iter().enumerate().skip(1).rev() {
        if let Some(creds) = cached(ctx, step, key_id, now)? {
            return Ok(Some((i, creds)));
        }
    }
    Ok(None)
}

/// Get credentials for the request. An STS client is made from the context at most once, and
/// only if a call is needed.
pub fn obtain(ctx: &Context, request: &Request) -> anyhow::Result<Obtained> {
    let prepared = prepare(ctx, request)?;
    print_warnings(ctx, &prepared)?;
    obtain_prepared(ctx, request, &prepared)
}

/// The plan's warnings and the key-age warning, on stderr.
pub fn print_warnings(ctx: &Context, prepared: &Prepared) -> anyhow::Result<()> {
    for warning in &prepared.plan.warnings {
        crate::errln!(ctx, "warning: {warning}");
    }
    if let Some(warning) = key_age_warning(ctx, prepared)? {
        crate::errln!(ctx, "warning: {warning}");
    }
    Ok(())
}

pub fn obtain_prepared(
    ctx: &Context,
    request: &Request,
    prepared: &Prepared,
) -> anyhow::Result<Obtained> {
    let steps = &prepared.plan.steps;
    let last = steps.len() - 1;
    let direct_role = last == 1
        && prepared.chain.base.is_long_term_keys()
        && matches!(steps[1], Step::AssumeRole { .. });
    let done = |credentials: Credentials| Obtained {
        credentials,
        region: prepared.region.clone(),
        final_step: steps[last].clone(),
        direct_role,
    };
    let now = ctx.now();
    if let Some((i, creds)) = last_cached(ctx, prepared, now)?
        && i == last
    {
        return Ok(done(creds));
    }

    let cacheable = matches!(prepared.chain.base, Base::VaultKeys { .. });
    let _guard = if cacheable {
        let base = prepared.chain.base.profile();
        Some(crate::lock::acquire_for(
            &ctx.env,
            base,
            &format!("is getting credentials for {base}"),
        )?)
    } else {
        None
    };
    // Another awsx may have filled the cache while we waited for the lock.
    let now = ctx.now();
    let (start, mut creds) = match if cacheable {
        last_cached(ctx, prepared, now)?
    } else {
        None
    } {
        Some((i, creds)) if i == last => return Ok(done(creds)),
        Some((i, creds)) => (i + 1, creds),
        None => (1, base_credentials(ctx, prepared)?),
    };

    let client = ctx.aws().sts(&prepared.endpoint);
    let key_id = prepared.key_meta.as_ref().map(|k| k.access_key_id.clone());
    let mut cache_failed = false;
    for (n, step) in steps[start..].iter().enumerate() {
        creds = match run_step(ctx, request, prepared, client.as_ref(), step, &creds) {
            Ok(creds) => creds,
            // The first step after a cache hit is signed with the cached session: when AWS
            // rejects that as expired or revoked, it must not be offered again.
            Err(StepError::Aws(e)) if n == 0 && start > 1 && e.rejects_credentials() => {
                return Err(drop_rejected(ctx, &steps[start - 1], &e));
            }
            Err(e) => return Err(e.into()),
        };
        if cacheable
            && !cache_failed
            && let Some(crate::cache::Slot { name, fingerprint }) =
                crate::cache::slot(step, key_id.as_deref())
        {
            let expires_at = creds.expires_at.unwrap_or(now);
            let entry = CachedCredentials::new(&creds, expires_at, fingerprint);
            let bytes = Zeroizing::new(serde_json::to_vec(&entry)?);
            let meta = SessionMeta {
                profile: prepared.chain.base.profile().to_string(),
                target: step_profile(step).to_string(),
                kind: crate::cache::kind(step).to_string(),
                expires_at,
                key_id: key_id.clone(),
            };
            // The credentials are in hand (and an MFA code may be spent): a cache that cannot
            // be written costs the next run a prompt, not this one its credentials.
            if let Err(e) = ctx.vault()?.put_session(&name, meta, bytes) {
                crate::errln!(
                    ctx,
                    "awsx: warning: could not cache the session ({e}); the next run will call AWS again\nhint: {}",
                    crate::error::Hint::hint(&e)
                );
                cache_failed = true;
            }
        }
    }
    Ok(done(creds))
}

/// The chain's first credentials (see `sources`).
pub fn base_credentials(ctx: &Context, prepared: &Prepared) -> anyhow::Result<Credentials> {
    crate::sources::base_credentials(ctx, &prepared.config, &prepared.chain)
}

fn step_profile(step: &Step) -> &str {
    match step {
        Step::SessionToken { profile, .. } | Step::AssumeRole { profile, .. } => profile,
        _ => "",
    }
}

/// The AssumeRole call a role step stands for: everything is in the step, parsed when the
/// plan was made, so nothing is looked up here.
fn role_request(step: &Step) -> Option<AssumeRoleRequest> {
    let Step::AssumeRole {
        role_arn,
        external_id,
        duration_seconds,
        session_name,
        source_identity,
        tags,
        transitive_tag_keys,
        ..
    } = step
    else {
        return None;
    };
    Some(AssumeRoleRequest {
        role_arn: role_arn.clone(),
        session_name: session_name.clone(),
        external_id: external_id.clone(),
        duration_seconds: *duration_seconds,
        tags: tags.clone(),
        transitive_tag_keys: transitive_tag_keys.clone(),
        source_identity: source_identity.clone(),
    })
}

/// Drop the cached session that AWS rejected, and say so. A session token's rejection drops
/// every session made from the same base profile (the roles were assumed with it); a role
/// session's drops only that role's.
fn drop_rejected(ctx: &Context, cached_step: &Step, e: &AwsError) -> anyhow::Error {
    let profile = step_profile(cached_step);
    let what = match cached_step {
        Step::SessionToken { .. } => format!("the cached session for {profile}"),
        _ => format!("the cached role session for {profile}"),
    };
    let said = match e {
        AwsError::BadCredentials {
            service,
            operation,
            code,
            message,
        } => format!(" ({service} {operation}: {code}: {message})"),
        _ => String::new(),
    };
    match ctx
        .vault()
        .and_then(|v| Ok(v.clear_sessions(Some(profile))?))
    {
        Ok(_) => Hinted::new(
            format!(
                "{what} was rejected by AWS (revoked or expired); it was dropped: run again{said}"
            ),
            "the next run starts a new session, asking for an MFA code if the profile needs one",
        ),
        Err(_) => Hinted::new(
            format!(
                "{what} was rejected by AWS (revoked or expired), and could not be dropped{said}"
            ),
            format!("drop it with `awsx clear {profile}`, then run again"),
        ),
    }
    .into()
}

/// Why a step failed: AWS's answer, kept whole so the caller can tell a rejected cached
/// session, or anything else (an MFA code that could not be had).
enum StepError {
    Aws(AwsError),
    Other(anyhow::Error),
}

impl From<StepError> for anyhow::Error {
    fn from(e: StepError) -> Self {
        match e {
            StepError::Aws(e) => anyhow::Error::from(e),
            StepError::Other(e) => e,
        }
    }
}

fn run_step(
    ctx: &Context,
    request: &Request,
    prepared: &Prepared,
    sts: &dyn Sts,
    step: &Step,
    creds: &Credentials,
) -> Result<Credentials, StepError> {
    let mfa_serial = match step {
        Step::SessionToken { mfa_serial, .. } | Step::AssumeRole { mfa_serial, .. } => {
            mfa_serial.clone()
        }
        _ => None,
    };
    let role = role_request(step);
    let call = |mfa: Option<&Mfa>| -> Result<Credentials, AwsError> {
        match (step, &role) {
            (
                Step::SessionToken {
                    duration_seconds, ..
                },
                _,
            ) => sts.get_session_token(creds, *duration_seconds, mfa),
            (_, Some(req)) => sts.assume_role(creds, req, mfa),
            // The plan puts only session and role steps after the base.
            _ => Err(AwsError::Other {
                service: "STS",
                operation: "AssumeRole",
                message: "internal: not an STS step".into(),
            }),
        }
    };
    let Some(serial) = mfa_serial else {
        return call(None).map_err(StepError::Aws);
    };
    let mfa_sources = crate::mfa::Sources {
        token: request.mfa_token.as_deref(),
        process: prepared.mfa_process.as_deref(),
        base: prepared.chain.base.profile(),
    };
    for attempt in 1..=MFA_TRIES {
        // None: a typed code that is not six digits; it was never sent, and is asked for again.
        let Some((code, typed)) =
            crate::mfa::code(ctx, &mfa_sources, &serial, attempt).map_err(StepError::Other)?
        else {
            continue;
        };
        let mfa = Mfa {
            serial: serial.clone(),
            code,
        };
        match call(Some(&mfa)) {
            Ok(creds) => return Ok(creds),
            Err(AwsError::InvalidMfa) if typed && attempt < MFA_TRIES => {
                crate::errln!(ctx, "AWS rejected that MFA code; try the next one.");
            }
            Err(e) => return Err(StepError::Aws(e)),
        }
    }
    Err(StepError::Aws(AwsError::InvalidMfa))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystore::{Vault, memory::MemoryStore};
    use crate::prompt::Scripted;
    use crate::secret::{AccessKeyId, LongTermKeys, SecretAccessKey};
    use std::cell::RefCell;
    use std::rc::Rc;

    const CONFIG: &str = "\
[profile gds-users]
region = eu-west-1
[profile infra]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/infrastructure
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe
[profile operator]
source_profile = gds-users
role_arn = arn:aws:iam::050019655025:role/operator
mfa_serial = arn:aws:iam::398263320410:mfa/jane.doe
";

    /// A context with keys for gds-users in a memory vault, and the log of prompts shown.
    fn context(dir: &std::path::Path, answers: &[&str]) -> (Context, Rc<RefCell<Vec<String>>>) {
        std::fs::write(dir.join("config"), CONFIG).expect("config");
        let env = crate::env::Env::from_pairs([
            ("HOME".to_string(), dir.display().to_string()),
            (
                "AWS_CONFIG_FILE".to_string(),
                dir.join("config").display().to_string(),
            ),
            (
                "AWS_SHARED_CREDENTIALS_FILE".to_string(),
                dir.join("creds").display().to_string(),
            ),
            (
                "XDG_RUNTIME_DIR".to_string(),
                dir.join("run").display().to_string(),
            ),
        ]);
        let vault = Vault::new(Box::new(MemoryStore::default()));
        let keys = LongTermKeys {
            access_key_id: AccessKeyId::new("AKIAIOSFODNN7EXAMPLE".into()),
            secret_access_key: SecretAccessKey::new("s".repeat(40)),
        };
        vault.put_keys("gds-users", &keys, 0, None).expect("keys");
        let prompter = Scripted::new(answers);
        let shown = prompter.shown.clone();
        (Context::with_vault(env, vault, Box::new(prompter)), shown)
    }

    fn with_fake(ctx: Context) -> (Context, crate::testing::FakeAws) {
        let aws = crate::testing::FakeAws::default();
        (ctx.with_clients(Box::new(aws.clone())), aws)
    }

    fn request(profile: &str) -> Request {
        Request {
            profile: profile.into(),
            ..Request::default()
        }
    }

    #[test]
    fn one_prompt_per_session_and_no_client_when_cached() {
        let dir = tempfile::tempdir().expect("tmp");
        let (ctx, shown) = context(dir.path(), &["123456"]);
        let (ctx, aws) = with_fake(ctx);
        let got = obtain(&ctx, &request("infra")).expect("cold");
        assert_eq!(got.credentials.access_key_id.as_str(), "ASIATEMP2");
        assert_eq!(got.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            aws.log(),
            [
                "client STS eu-west-1",
                "GetSessionToken 28800 mfa=true",
                "AssumeRole arn:aws:iam::050019655025:role/infrastructure as jane.doe from ASIATEMP1 mfa=false",
            ]
        );
        // Same role again: everything from the cache, no STS client made at all.
        obtain(&ctx, &request("infra")).expect("warm");
        assert_eq!(aws.log().len(), 3);
        // Another role on the same session: one AssumeRole, no prompt (the script is empty).
        obtain(&ctx, &request("operator")).expect("second role");
        assert_eq!(aws.log().len(), 5);
        assert!(aws.log()[4].starts_with("AssumeRole arn:aws:iam::050019655025:role/operator"));
        assert_eq!(
            *shown.borrow(),
            ["Enter MFA code for arn:aws:iam::398263320410:mfa/jane.doe: "],
            "one MFA prompt for both roles"
        );
    }

    #[test]
    fn no_session_assumes_with_mfa_from_the_keys() {
        let dir = tempfile::tempdir().expect("tmp");
        let (ctx, _) = context(dir.path(), &["123456"]);
        let (ctx, aws) = with_fake(ctx);
        let mut req = request("infra");
        req.options.no_session = true;
        obtain(&ctx, &req).expect("ok");
        assert_eq!(
            aws.log(),
            [
                "client STS eu-west-1",
                "AssumeRole arn:aws:iam::050019655025:role/infrastructure as jane.doe from AKIAIOSFODNN7EXAMPLE mfa=true"
            ]
        );
    }
}
