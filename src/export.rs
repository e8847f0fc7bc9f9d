//! `awsx export` formats: the same bytes `aws configure export-credentials` prints for the same
//! credentials, plus `ini` (a credentials-file section). Pure.

use crate::secret::Credentials;
use secrecy::ExposeSecret;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `export AWS_ACCESS_KEY_ID=…` lines for POSIX shells
    #[value(alias = "export-env")]
    Env,
    /// `AWS_ACCESS_KEY_ID=…` lines
    EnvNoExport,
    /// `set -gx AWS_ACCESS_KEY_ID "…"` lines for fish
    Fish,
    /// `$Env:AWS_ACCESS_KEY_ID="…"` lines
    Powershell,
    /// `set AWS_ACCESS_KEY_ID=…` lines for cmd.exe
    WindowsCmd,
    /// The credential_process JSON (Version 1)
    Process,
    /// Same as process
    Json,
    /// A credentials-file section
    Ini,
}

fn vars(creds: &Credentials) -> Vec<(&'static str, String)> {
    let mut vars = vec![
        (
            "AWS_ACCESS_KEY_ID",
            creds.access_key_id.as_str().to_string(),
        ),
        (
            "AWS_SECRET_ACCESS_KEY",
            creds.secret_access_key.expose_secret().to_string(),
        ),
    ];
    if let Some(token) = &creds.session_token {
        vars.push(("AWS_SESSION_TOKEN", token.expose_secret().to_string()));
    }
    if let Some(at) = creds.expires_at {
        vars.push((
            "AWS_CREDENTIAL_EXPIRATION",
            crate::timefmt::isoformat_utc(at),
        ));
    }
    vars
}

pub fn render(format: Format, creds: &Credentials, profile: &str) -> String {
    let lines = |f: &dyn Fn(&str, &str) -> String| -> String {
        vars(creds).iter().map(|(k, v)| f(k, v) + "\n").collect()
    };
    match format {
        Format::Env => lines(&|k, v| format!("export {k}={v}")),
        Format::EnvNoExport => lines(&|k, v| format!("{k}={v}")),
        Format::Fish => lines(&|k, v| format!("set -gx {k} \"{v}\"")),
        Format::Powershell => lines(&|k, v| format!("$Env:{k}=\"{v}\"")),
        Format::WindowsCmd => lines(&|k, v| format!("set {k}={v}")),
        Format::Process | Format::Json => {
            // Python's json.dumps(indent=2, separators=(',', ': ')), key order as the CLI's.
            let mut out = String::from("{\n  \"Version\": 1");
            let mut field = |k: &str, v: &str| {
                out.push_str(&format!(",\n  \"{k}\": {}", serde_json::Value::from(v)));
            };
            field("AccessKeyId", creds.access_key_id.as_str());
            field("SecretAccessKey", creds.secret_access_key.expose_secret());
            if let Some(token) = &creds.session_token {
                field("SessionToken", token.expose_secret());
            }
            if let Some(at) = creds.expires_at {
                field("Expiration", &crate::timefmt::isoformat_utc(at));
            }
            out.push_str("\n}\n");
            out
        }
        Format::Ini => {
            let mut out = format!(
                "[{profile}]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
                creds.access_key_id.as_str(),
                creds.secret_access_key.expose_secret()
            );
            if let Some(token) = &creds.session_token {
                out.push_str(&format!("aws_session_token = {}\n", token.expose_secret()));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{AccessKeyId, SecretAccessKey};
    use secrecy::SecretString;

    fn creds(token: bool) -> Credentials {
        Credentials {
            access_key_id: AccessKeyId::new("ASIAID".into()),
            secret_access_key: SecretAccessKey::new("SECRET".into()),
            session_token: token.then(|| SecretString::from("TOKEN".to_string())),
            expires_at: token.then_some(1_795_363_200),
        }
    }

    #[test]
    fn cli_compatible_bytes() {
        let c = creds(true);
        let exp = "2026-11-22T16:00:00+00:00";
        assert_eq!(
            render(Format::Env, &c, "p"),
            format!(
                "export AWS_ACCESS_KEY_ID=ASIAID\nexport AWS_SECRET_ACCESS_KEY=SECRET\nexport AWS_SESSION_TOKEN=TOKEN\nexport AWS_CREDENTIAL_EXPIRATION={exp}\n"
            )
        );
        assert_eq!(
            render(Format::EnvNoExport, &c, "p").lines().next(),
            Some("AWS_ACCESS_KEY_ID=ASIAID")
        );
        assert_eq!(
            render(Format::Fish, &c, "p").lines().nth(2),
            Some("set -gx AWS_SESSION_TOKEN \"TOKEN\"")
        );
        assert_eq!(
            render(Format::Powershell, &c, "p").lines().next(),
            Some("$Env:AWS_ACCESS_KEY_ID=\"ASIAID\"")
        );
        assert_eq!(
            render(Format::WindowsCmd, &c, "p").lines().next(),
            Some("set AWS_ACCESS_KEY_ID=ASIAID")
        );
        assert_eq!(
            render(Format::Process, &c, "p"),
            format!(
                "{{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAID\",\n  \"SecretAccessKey\": \"SECRET\",\n  \"SessionToken\": \"TOKEN\",\n  \"Expiration\": \"{exp}\"\n}}\n"
            )
        );
        assert_eq!(
            render(Format::Json, &c, "p"),
            render(Format::Process, &c, "p")
        );
        assert_eq!(
            render(Format::Ini, &c, "prod"),
            "[prod]\naws_access_key_id = ASIAID\naws_secret_access_key = SECRET\naws_session_token = TOKEN\n"
        );
    }

    #[test]
    fn long_term_keys_have_no_token_or_expiry() {
        let out = render(Format::Process, &creds(false), "p");
        assert_eq!(
            out,
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAID\",\n  \"SecretAccessKey\": \"SECRET\"\n}\n"
        );
    }
}
