//! The server's rules and limits. Their defaults are the configuration file's
//! (`crate::config_file`: `Settings::default()` is a file with no keys); nothing here reads
//! the file.

use otp_api::config::{Contact, FieldRules, Localized, LockRules, PublicConfig, TokenApp};
use otp_api::totp::TotpParams;

use crate::client_addr::IpNet;

/// argon2id cost parameters, and how many hashes may run at once (the file's `[argon2]`).
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize, validator::Validate,
)]
#[serde(default, deny_unknown_fields)]
pub struct Argon2Params {
    /// Memory in KiB.
    #[validate(range(min = 8192, max = 1_048_576))]
    pub memory_kib: u32,
    /// Iterations.
    #[validate(range(min = 1, max = 16))]
    pub iterations: u32,
    /// Lanes.
    #[validate(range(min = 1, max = 16))]
    pub parallelism: u32,
    /// Hashes computed at once (each takes `memory_kib`); 0 means the number of cores.
    #[validate(range(min = 0, max = 256))]
    pub slots: u32,
    /// Requests that may wait for a slot; more are answered 503 at once.
    #[validate(range(min = 0, max = 100_000))]
    pub queue_max: u32,
    /// How long a request waits for a slot before it is answered 503.
    #[validate(range(min = 0, max = 60_000))]
    pub queue_wait_ms: u32,
}

impl Default for Argon2Params {
    /// OWASP's recommendation for argon2id: m = 19 MiB, t = 2, p = 1; one slot per core.
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
            slots: 0,
            queue_max: 128,
            queue_wait_ms: 1000,
        }
    }
}

impl Argon2Params {
    /// The number of hashing slots: `slots`, or the number of cores when it is 0.
    pub fn slot_count(&self) -> usize {
        match self.slots {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n as usize,
        }
    }
}

/// How long an account lock lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lockout {
    /// Until the bank unlocks it (`otp-server unlock`): the banks' usual rule.
    Permanent,
    /// A wait that starts at `first_wait_seconds` and grows by as much with each further lock,
    /// up to `max_wait_seconds` (Keycloak's model); a correct login resets the growth.
    Temporary {
        /// The first lock's wait.
        first_wait_seconds: u32,
        /// The longest wait.
        max_wait_seconds: u32,
    },
}

impl Lockout {
    /// How long the `n`-th lock (1-based) lasts; `None` for a permanent lock.
    pub fn wait_seconds(self, n: i64) -> Option<i64> {
        match self {
            Lockout::Permanent => None,
            Lockout::Temporary {
                first_wait_seconds,
                max_wait_seconds,
            } => Some((i64::from(first_wait_seconds) * n.max(1)).min(i64::from(max_wait_seconds))),
        }
    }
}

/// A leaky bucket: `burst` events at once, then `per_hour` an hour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Events allowed at once (the bucket's size).
    pub burst: u32,
    /// Events an hour once the bucket is full (its leak).
    pub per_hour: u32,
}

impl Limit {
    /// A limit of `burst` at once and `per_hour` after.
    pub const fn new(burst: u32, per_hour: u32) -> Self {
        Self { burst, per_hour }
    }
}

/// Throttling of what an attacker needs many of, kept in the database (so it holds across
/// instances). Failures are wrong passwords and codes (known contract or not) and refused
/// serials; a success gives its count back, so many honest customers behind one address are
/// never refused for logging in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Throttle {
    /// Off only for benchmarks of the hashing bound.
    pub enabled: bool,
    /// Failures from one client address (an IPv6 address counts by its /64).
    pub failures_per_address: Limit,
    /// Failures for one contract ID (known or not), whatever the address.
    pub failures_per_contract: Limit,
    /// Wrong codes and refusals for one serial number.
    pub failures_per_serial: Limit,
    /// New procedures from one address.
    pub starts_per_address: Limit,
    /// New procedures for one contract ID.
    pub starts_per_contract: Limit,
    /// Demo tokens from one address (demo mode).
    pub demo_tokens_per_address: Limit,
    /// Passkey challenges from one address (each login screen asks for one, for the
    /// browser's passkey autofill: many customers behind one address must fit).
    pub challenges_per_address: Limit,
    /// Unregistered demo tokens kept at most (older than a day are removed first).
    pub demo_tokens_max: u32,
}

/// Where `/metrics` is served (`[metrics]`): nowhere unless configured.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MetricsSettings {
    /// Its own listener, e.g. `127.0.0.1:9464` (reached by the monitoring, not by customers).
    pub listen: Option<std::net::SocketAddr>,
    /// Also on the public listener (only when the bank asks for it).
    pub public: bool,
}

/// Everything configurable about the server.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The bank's name.
    pub bank_name: Localized,
    /// How the bank calls itself in its texts.
    pub bank_self: Localized,
    /// The bank's public web site.
    pub bank_url: String,
    /// The bank's time zone (IANA).
    pub time_zone: String,
    /// The bank's token app, if configured.
    pub token_app: Option<TokenApp>,
    /// Whether the bank's mailer sends the notices (the completion pages say so).
    pub notices: bool,
    /// The bank's help desk.
    pub contact: Contact,
    /// Whether the demo endpoints are on.
    pub demo: bool,
    /// Field rules.
    pub rules: FieldRules,
    /// Consecutive wrong passwords that lock an account.
    pub max_password_failures: u32,
    /// Consecutive wrong one-time passwords that lock a token.
    pub max_otp_failures: u32,
    /// How long an account lock lasts.
    pub lockout: Lockout,
    /// Whether 「心当たりがない」 also locks the account until the bank unlocks it.
    pub report_locks: bool,
    /// What may be tried how often.
    pub throttle: Throttle,
    /// The origins (`scheme://host[:port]`) the site is reached at: other `Host` headers are
    /// refused, and a state-changing request's `Origin` must be one of them.
    pub public_origins: Vec<String>,
    /// Whether `public_origins` is the default, to be derived from the listen address.
    pub public_origins_from_listen: bool,
    /// Peers whose `X-Forwarded-For` names the client (the bank's reverse proxies).
    pub trusted_proxies: Vec<IpNet>,
    /// Seconds a procedure may take from its start.
    pub procedure_ttl_seconds: u32,
    /// Seconds of inactivity that end a session.
    pub session_idle_seconds: u32,
    /// Seconds after login that end a session whatever happens.
    pub session_absolute_seconds: u32,
    /// Live sessions one contract may hold; a further login ends the oldest (those still
    /// waiting for their one-time password first).
    pub sessions_per_contract: u32,
    /// Serve cookies with `Secure` and the `__Host-` prefix (the site is behind HTTPS).
    pub secure_cookies: bool,
    /// Largest accepted request body.
    pub max_body_bytes: usize,
    /// Password hashing cost.
    pub argon2: Argon2Params,
    /// TOTP parameters for tokens provisioned without their own (and for demo tokens).
    pub totp: TotpParams,
    /// Where the metrics are served.
    pub metrics: MetricsSettings,
    /// The database pool's size and timeouts.
    pub database: crate::store::PoolSettings,
    /// Passkeys and the factor-change policy.
    pub passkeys: crate::passkeys::PasskeySettings,
}

/// The default public origins of a server listening on `port` on this machine.
pub fn origins_for_port(port: u16) -> Vec<String> {
    vec![
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ]
}

impl Settings {
    /// The settings for a server listening on `port`: the default public origins follow it.
    pub fn listening_on(mut self, port: u16) -> Self {
        if self.public_origins_from_listen {
            self.public_origins = origins_for_port(port);
        }
        self
    }

    /// What `GET /config` publishes.
    pub fn public(&self) -> PublicConfig {
        PublicConfig {
            bank_name: self.bank_name.clone(),
            bank_self: self.bank_self.clone(),
            bank_url: self.bank_url.clone(),
            time_zone: self.time_zone.clone(),
            contact: self.contact.clone(),
            demo: self.demo,
            otp_digits: self.totp.digits,
            otp_period: self.totp.period,
            session_idle_seconds: self.session_idle_seconds,
            procedure_seconds: self.procedure_ttl_seconds,
            locks: LockRules {
                password_failures: self.max_password_failures,
                otp_failures: self.max_otp_failures,
            },
            token_app: self.token_app.clone(),
            notices: self.notices,
            rules: self.rules.clone(),
            passkeys: crate::passkeys::rules(&self.passkeys, false),
            report_locks: self.report_locks,
        }
    }
}
