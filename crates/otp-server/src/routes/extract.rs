//! What a handler needs before it starts, as extractors: who is asking ([`Caller`]), the
//! request's session ([`LiveSession`], [`OtpStep`], [`SignedIn`]) and the caller's own procedure
//! ([`OwnProcedure`]). A handler that names one never runs without it; the refusal is the
//! contract's problem.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Path};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use otp_api::problem::ErrorCode;

use crate::AppState;
use crate::cookies::{self, Cookie};
use crate::error::{AppError, AppResult};
use crate::store::{Audit, Backend, ProcedureRow, SessionRow, TokenRow, WaitingSession};
use crate::user_agent::Agent;
use crate::waiting_logins::Waiting;

/// Who is asking: the client's address ([`crate::client_addr::client_ip`]: the socket's
/// peer, or `X-Forwarded-For` behind a trusted proxy), when the server knows it: not when a
/// trusted proxy's entry for the client does not parse, nor in `oneshot` tests without
/// `ConnectInfo`. The throttle and the audit use the same address (`unknown`: one bucket).
#[derive(Debug, Clone)]
pub struct Caller {
    /// The client's address.
    pub ip: Option<IpAddr>,
    /// The `User-Agent` header, parsed only when an audit row is written ([`Caller::audit`]).
    pub user_agent: Option<String>,
}

impl Caller {
    /// The audit context of this request at `now` (the contract is added once known).
    pub fn audit(&self, now: i64) -> Audit {
        let Agent { browser, os } = self
            .user_agent
            .as_deref()
            .map(Agent::parse)
            .unwrap_or_default();
        Audit {
            now,
            client: Some(
                self.ip
                    .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()),
            ),
            browser,
            os,
            ..Audit::default()
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        // Bytes that are not text in what the client wrote must not drop what the proxy
        // appended after them: read lossily, never skipped.
        let forwarded: Vec<String> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        let forwarded: Vec<&str> = forwarded.iter().map(String::as_str).collect();
        let trusted = &state.settings.trusted_proxies;
        let user_agent = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        Ok(Caller {
            ip: peer.and_then(|peer| crate::client_addr::client_ip(peer, &forwarded, trusted)),
            user_agent,
        })
    }
}

/// The request's live session (fully logged in or waiting for its OTP); restarts its idle
/// timer.
///
/// No cookie or an unknown one is `unauthenticated`; a session past its idle or absolute
/// timeout is deleted and answered with `session_expired`.
async fn live(state: &AppState, headers: &HeaderMap) -> AppResult<SessionRow> {
    let asked = Asked::new(state, headers)?;
    // The usual case in one statement: a live session, touched.
    match state
        .store
        .touch_live_session(
            &asked.id_hash,
            asked.now,
            asked.idle_before,
            asked.absolute_before,
        )
        .await?
    {
        Some(row) => Ok(row),
        None => Err(asked.refusal(state).await),
    }
}

/// The session the request's cookie names, and the bounds that keep it live.
pub struct Asked {
    id_hash: String,
    now: i64,
    idle_before: i64,
    absolute_before: i64,
}

impl Asked {
    fn new(state: &AppState, headers: &HeaderMap) -> AppResult<Self> {
        let settings = &state.settings;
        let id = cookies::cookie_value(headers, Cookie::Session, settings.secure_cookies)
            .ok_or(ErrorCode::Unauthenticated)?;
        let now = state.clock.now();
        Ok(Self {
            id_hash: cookies::hash_id(&id),
            now,
            idle_before: now - i64::from(settings.session_idle_seconds),
            absolute_before: now - i64::from(settings.session_absolute_seconds),
        })
    }

    /// The session as a remembered login's statement checks it.
    pub fn waiting_session(&self) -> WaitingSession<'_> {
        WaitingSession {
            id_hash: &self.id_hash,
            idle_before: self.idle_before,
            absolute_before: self.absolute_before,
        }
    }

    /// The live session, touched, and while it waits for its OTP the contract's active token;
    /// remembered then (on PostgreSQL, while the token is not locked) for the session's next
    /// code. `unauthenticated` or `session_expired` as [`LiveSession`].
    pub async fn session_and_token(
        &self,
        state: &AppState,
    ) -> AppResult<(SessionRow, Option<TokenRow>)> {
        state.waiting.remove(&self.id_hash);
        let read = state
            .store
            .touch_live_session_and_token(
                &self.id_hash,
                self.now,
                self.idle_before,
                self.absolute_before,
            )
            .await?;
        let Some((row, token)) = read else {
            return Err(self.refusal(state).await);
        };
        let remember = state.store.backend() == Backend::Postgres && !row.authenticated;
        if let Some(token) = token.as_ref().filter(|t| remember && !t.locked()) {
            let waiting = Waiting {
                contract_id: row.contract_id.clone(),
                token: token.closed(),
            };
            state.waiting.insert(&self.id_hash, waiting);
        }
        Ok((row, token))
    }

    /// Why no live session was found: none (`unauthenticated`), or one past a timeout,
    /// ended now (`session_expired`).
    async fn refusal(&self, state: &AppState) -> AppError {
        let store = &state.store;
        match store.session(&self.id_hash).await {
            Ok(Some(_)) => match store.delete_session(&self.id_hash).await {
                Ok(()) => ErrorCode::SessionExpired.into(),
                Err(e) => e.into(),
            },
            Ok(None) => ErrorCode::Unauthenticated.into(),
            Err(e) => e.into(),
        }
    }
}

/// The request's live session: logged in, or waiting for its OTP (see `live`).
#[derive(Debug, Clone)]
pub struct LiveSession(pub SessionRow);

impl FromRequestParts<AppState> for LiveSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        live(state, &parts.headers).await.map(LiveSession)
    }
}

/// The login's OTP step: the login this instance remembers waiting in the request's session
/// (nothing read yet: a code judged wrong against its token costs one statement), or else the
/// live session with, while it waits for its OTP, the contract's active token (`None` once it
/// is logged in, or without a token), read in one statement on PostgreSQL
/// ([`crate::store::Store::touch_live_session_and_token`]).
pub enum OtpStep {
    /// Remembered ([`crate::waiting_logins`]): the session and token still to be checked.
    Remembered(Asked, Waiting),
    /// Read from the database.
    Read(SessionRow, Option<TokenRow>),
}

impl FromRequestParts<AppState> for OtpStep {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let asked = Asked::new(state, &parts.headers)?;
        if let Some(waiting) = state.waiting.get(&asked.id_hash) {
            return Ok(OtpStep::Remembered(asked, waiting));
        }
        let (row, token) = asked.session_and_token(state).await?;
        Ok(OtpStep::Read(row, token))
    }
}

/// The request's fully logged-in session.
#[derive(Debug, Clone)]
pub struct SignedIn(pub SessionRow);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    /// A live session waiting for its OTP is `unauthenticated` here.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let LiveSession(row) = LiveSession::from_request_parts(parts, state).await?;
        row.authenticated
            .then_some(SignedIn(row))
            .ok_or_else(|| ErrorCode::Unauthenticated.into())
    }
}

/// The procedure of the path's `{id}`, if this browser started it (the `otp_browser` cookie;
/// another browser's is `procedure_not_found`, exactly like an id that does not exist), and it
/// neither expired nor ended by wrong codes.
#[derive(Debug, Clone)]
pub struct OwnProcedure(pub ProcedureRow);

impl FromRequestParts<AppState> for OwnProcedure {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::from(ErrorCode::ProcedureNotFound))?;
        let secure = state.settings.secure_cookies;
        let browser = cookies::cookie_value(&parts.headers, Cookie::Browser, secure)
            .map(|b| cookies::hash_id(&b))
            .ok_or(ErrorCode::ProcedureNotFound)?;
        let row = state
            .store
            .procedure(&id)
            .await?
            .filter(|row| row.browser_hash == browser)
            .ok_or(ErrorCode::ProcedureNotFound)?;
        if row.ended_reason.is_some() {
            return Err(ErrorCode::ProcedureAttemptsExceeded.into());
        }
        if state.clock.now() >= row.expires_at {
            return Err(ErrorCode::ProcedureExpired.into());
        }
        Ok(OwnProcedure(row))
    }
}
