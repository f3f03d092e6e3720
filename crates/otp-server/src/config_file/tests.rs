//! The configuration file's tests: values, overrides, refusals, and the example file.

use super::*;
use crate::settings::{Limit, Lockout};
use otp_api::totp::TotpAlgorithm;

fn no_env() -> Vec<(String, String)> {
    Vec::new()
}

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn from(text: &str) -> Result<Settings, ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(&path, text).unwrap();
    load(Some(&path), no_env())
}

#[test]
fn defaults_without_a_file() {
    let s = load(None, no_env()).unwrap();
    assert_eq!(s.max_password_failures, 5);
    assert_eq!(s.argon2.memory_kib, 19 * 1024);
}

#[test]
fn file_values_apply() {
    let s = from(
        "[bank]\nname_ja = \"みどり信用金庫\"\n[session]\nidle_seconds = 300\n[totp]\nalgorithm = \"sha256\"\ndigits = 8\n",
    )
    .unwrap();
    assert_eq!(s.bank_name.ja, "みどり信用金庫");
    assert_eq!(s.session_idle_seconds, 300);
    assert_eq!(s.totp.algorithm, TotpAlgorithm::Sha256);
    assert_eq!(s.public().otp_digits, 8);
}

#[test]
fn the_environment_overrides_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.toml");
    std::fs::write(&path, "[security]\nmax_password_failures = 3\n").unwrap();
    let env = vars(&[
        ("OTP_PORTAL_SECURITY_MAX_PASSWORD_FAILURES", "7"),
        ("OTP_PORTAL_CONTACT_PHONE", "0120000000"),
        ("OTP_PORTAL_SECURITY_SECURE_COOKIES", "true"),
        ("OTP_PORTAL_THROTTLE_FAILURES_PER_ADDRESS_BURST", "1000"),
        ("OTP_PORTAL_DATABASE", "not a setting"),
        ("PATH", "/usr/bin"),
    ]);
    let s = load(Some(&path), env).unwrap();
    assert_eq!(s.max_password_failures, 7);
    // A text that looks like a number stays text.
    assert_eq!(s.contact.phone, "0120000000");
    assert!(s.secure_cookies);
    assert_eq!(s.throttle.failures_per_address.burst, 1000);
}

#[test]
fn an_https_origin_makes_cookies_secure_unless_set() {
    let s =
        from("[security]\npublic_origins = \"https://IB.Bank.example/, http://10.0.0.5:8080\"\n")
            .unwrap();
    assert_eq!(
        s.public_origins,
        ["https://ib.bank.example", "http://10.0.0.5:8080"]
    );
    assert!(s.secure_cookies);
    assert!(!s.public_origins_from_listen);
    let s =
        from("[security]\npublic_origins = \"https://ib.bank.example\"\nsecure_cookies = false\n")
            .unwrap();
    assert!(!s.secure_cookies);
    let s = load(None, no_env()).unwrap();
    assert!(!s.secure_cookies && s.public_origins_from_listen);
}

#[test]
fn lockout_throttle_and_proxies() {
    let s = from(
        "[security]\nlockout = \"temporary\"\nlock_wait_seconds = 30\ntrusted_proxies = \"10.0.0.0/8\"\n[throttle]\nfailures_per_address_burst = 5\n",
    )
    .unwrap();
    assert_eq!(
        s.lockout,
        Lockout::Temporary {
            first_wait_seconds: 30,
            max_wait_seconds: 900
        }
    );
    assert_eq!(s.lockout.wait_seconds(2), Some(60));
    assert_eq!(s.lockout.wait_seconds(100), Some(900));
    assert_eq!(Lockout::Permanent.wait_seconds(3), None);
    assert_eq!(s.throttle.failures_per_address, Limit::new(5, 60));
    assert_eq!(s.trusted_proxies.len(), 1);
}

#[test]
fn the_texts_values_reach_the_public_configuration() {
    let s = from(
        "[bank]\nself_ja = \"当行\"\ntime_zone = \"America/Los_Angeles\"\n\
         [rules]\nserial_letters = 2\nserial_digits = 6\nserial_example = \"AB123456\"\n\
         [procedure]\nttl_seconds = 300\n[security]\nmax_otp_failures = 3\n\
         [token_app]\nname_ja = \"トークン\"\nname_en = \"Token\"\n\
         google_play_url = \"https://play.example/t\"\n[notifications]\nannounce = true\n",
    )
    .unwrap()
    .public();
    assert_eq!(s.bank_self.ja, "当行");
    assert_eq!(s.time_zone, "America/Los_Angeles");
    assert_eq!(s.rules.serial.example, "AB123456");
    assert_eq!(s.procedure_seconds, 300);
    assert_eq!((s.locks.password_failures, s.locks.otp_failures), (5, 3));
    let app = s.token_app.unwrap();
    assert_eq!(app.name.en, "Token");
    assert_eq!(app.app_store_url, None);
    assert!(s.notices);
    assert_eq!(Settings::default().public().token_app, None);
}

#[test]
fn errors_name_the_key() {
    let cases = [
        ("[session]\nidle_secs = 3\n", "idle_secs"),
        ("[sesion]\nidle_seconds = 3\n", "sesion"),
        ("[session]\nidle_seconds = \"ten\"\n", "string"),
        (
            "[session]\nidle_seconds = 5\n",
            "session.idle_seconds = 5: must be between 60 and 86400",
        ),
        (
            "[argon2]\nmemory_kib = 100\n",
            "argon2.memory_kib = 100: must be between 8192 and 1048576",
        ),
        (
            "[database]\nmax_connections = 0\n",
            "database.max_connections = 0: must be between 1 and 1000",
        ),
        (
            "[totp]\ndigits = 9\n",
            "totp.digits = 9: must be between 6 and 8",
        ),
        ("[totp]\nalgorithm = \"md5\"\n", "totp.algorithm"),
        (
            "[rules]\npassword_min_len = 10\npassword_max_len = 8\n",
            "rules.password_max_len",
        ),
        ("not toml", "c.toml"),
        ("[security]\nlockout = \"forever\"\n", "security.lockout"),
        (
            "[security]\npublic_origins = \"ftp://x\"\n",
            "security.public_origins",
        ),
        (
            "[security]\ntrusted_proxies = \"10.0.0.0/40\"\n",
            "security.trusted_proxies",
        ),
        (
            "[throttle]\nstarts_per_contract_burst = 0\n",
            "throttle.starts_per_contract_burst",
        ),
        ("[rules]\nserial_letters = 2\n", "rules.serial_example"),
        (
            "[rules]\nserial_example = \"vsst12345678\"\n",
            "rules.serial_example",
        ),
        ("[bank]\ntime_zone = \"Tokyo\"\n", "bank.time_zone"),
        ("[bank]\ntime_zone = \"Asia/../etc\"\n", "bank.time_zone"),
        ("[bank]\nself_ja = \" \"\n", "bank.self_ja"),
        ("[token_app]\nname_ja = \"さくら\"\n", "token_app.name_en"),
        (
            "[token_app]\nname_ja = \"a\"\nname_en = \"a\"\napp_store_url = \"http://x\"\n",
            "token_app.app_store_url",
        ),
        (
            "[token_app]\ngoogle_play_url = \"https://x\"\n",
            "token_app",
        ),
    ];
    for (text, key) in cases {
        let err = from(text).unwrap_err().to_string();
        assert!(err.contains(key), "{text:?}: {err}");
    }
    for (name, value) in [
        ("OTP_PORTAL_TOTP_DIGITS", "six"),
        ("OTP_PORTAL_SESSION_IDLE_SECOND", "300"),
    ] {
        let err = load(None, vars(&[(name, value)])).unwrap_err().to_string();
        assert!(err.contains(name), "{name}: {err}");
    }
}

mod example {

    use super::*;

    /// The documented example sets every key to its default.
    #[test]
    fn the_example_file_is_valid_and_shows_the_defaults() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/otp-portal.example.toml");
        let loaded = load(Some(Path::new(path)), no_env()).unwrap();
        let defaults = Settings::default();
        assert_eq!(format!("{loaded:?}"), format!("{defaults:?}"));
        let text = std::fs::read_to_string(path).unwrap();
        let toml::Value::Table(file) = toml::Value::try_from(ConfigFile::default()).unwrap() else {
            unreachable!()
        };
        // Every section's keys can be set from the environment (`token_app`'s own underscore
        // included): one variable per section lands in that section.
        let vars = file
            .keys()
            .map(|section| (env_name(section, "some_key"), "1".to_owned()));
        let Environment(found) = Environment::new(vars);
        assert_eq!(
            found.keys().collect::<Vec<_>>(),
            file.keys().collect::<Vec<_>>()
        );
        // The keys unset by default, besides those the defaults serialise.
        let unset = [
            ("security", "public_origins"),
            ("security", "trusted_proxies"),
            ("security", "secure_cookies"),
            ("metrics", "listen"),
            ("token_app", "name_ja"),
            ("token_app", "name_en"),
            ("token_app", "app_store_url"),
            ("token_app", "google_play_url"),
        ];
        let keys = file.iter().flat_map(|(section, keys)| {
            keys.as_table()
                .unwrap()
                .keys()
                .map(move |key| (section.as_str(), key.as_str()))
        });
        for (section, key) in keys.chain(unset) {
            assert!(
                text.contains(&format!("[{section}]")),
                "[{section}] undocumented"
            );
            // A key whose default is "unset" is documented commented out.
            assert!(
                text.contains(&format!("\n{key} =")) || text.contains(&format!("\n# {key} =")),
                "{section}.{key} undocumented"
            );
        }
    }
}
