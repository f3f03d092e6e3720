//! The one typed client of the bank API. Pages call these functions; none builds a request.
//!
//! Every non-2xx answer becomes [`ApiError::Problem`] with the contract's problem body (or a
//! synthetic one when the body is not problem+json), and a request that got no answer at all
//! becomes [`ApiError::Network`], so pages can offer a retry.

use gloo_net::http::{Method, RequestBuilder};
use otp_api::activity::{ActivityPage, ReportOutcome};
use otp_api::config::PublicConfig;
use otp_api::passkey::{PasskeyInfo, PasskeyList, PasskeyName};
use otp_api::paths;
use otp_api::problem::{ErrorCode, Problem};
use otp_api::procedure::{
    NewTokenRequest, OtpRequest, Procedure, ProcedureStep, StartProcedureRequest,
};
use otp_api::session::{LoginRequest, LoginResponse, SessionInfo};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why an API call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The server answered with a problem.
    Problem(Problem),
    /// No answer (offline, DNS, connection reset, CORS).
    Network,
    /// The browser's passkey dialog did not give a passkey (see [`PasskeyRefusal`]).
    Passkey(PasskeyRefusal),
}

/// Why the browser gave no passkey: nothing was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasskeyRefusal {
    /// The customer closed the dialog, or it timed out.
    Cancelled,
    /// This device already holds one of the contract's passkeys.
    AlreadyOnDevice,
    /// The browser could not make or use a passkey here.
    Failed,
}

impl ApiError {
    /// The problem's code; `None` for a network failure.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Problem(p) => Some(p.code),
            ApiError::Network | ApiError::Passkey(_) => None,
        }
    }
}

/// The API's base URL: `<meta name="otp-api-base" content="…">` in index.html, else
/// `/api/v1` on the SPA's own origin.
fn base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name='otp-api-base']").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| otp_api::API_PREFIX.to_owned())
}

/// A problem for an answer that is not the contract's (no problem+json, unreadable JSON).
fn unknown(status: u16) -> ApiError {
    let mut problem = Problem::of(ErrorCode::Unknown);
    problem.status = status;
    ApiError::Problem(problem)
}

/// One request (gloo-net's `http`, over the browser's `fetch`): the status and body text of
/// any answer, or [`ApiError::Network`]. Not generic, so the wasm holds one copy of it (the
/// JSON work is in [`decode`]).
async fn fetch(
    method: Method,
    path: &str,
    body: Option<String>,
) -> Result<(u16, String), ApiError> {
    let url = format!("{}{path}", base());
    // The session cookie also goes to an API on a sibling origin (`otp-api-base`); on the
    // SPA's own origin this is the default behaviour.
    let request = RequestBuilder::new(&url)
        .method(method)
        .credentials(web_sys::RequestCredentials::Include)
        .header("accept", "application/json, application/problem+json");
    let request = match body {
        Some(body) => request
            .header("content-type", "application/json")
            .body(body),
        None => request.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let status = response.status();
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    if (200..300).contains(&status) {
        Ok((status, text))
    } else {
        Err(serde_json::from_str::<Problem>(&text)
            .map(ApiError::Problem)
            .unwrap_or_else(|_| unknown(status)))
    }
}

/// The answer's JSON as `T`.
pub(crate) fn decode<T: DeserializeOwned>((status, text): (u16, String)) -> Result<T, ApiError> {
    serde_json::from_str(&text).map_err(|_| unknown(status))
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(fetch(Method::GET, path, None).await?)
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    let body = serde_json::to_string(body).map_err(|_| unknown(0))?;
    decode(fetch(Method::POST, path, Some(body)).await?)
}

/// A `POST` of a body already written (the passkey ceremonies build theirs in the browser).
pub(crate) async fn post_raw(path: &str, body: String) -> Result<(u16, String), ApiError> {
    fetch(Method::POST, path, Some(body)).await
}

async fn post_empty(path: &str) -> Result<(u16, String), ApiError> {
    fetch(Method::POST, path, Some("{}".to_owned())).await
}

/// `GET /config`.
pub async fn config() -> Result<PublicConfig, ApiError> {
    get(paths::CONFIG).await
}

/// `POST /login`.
pub async fn login(request: &LoginRequest) -> Result<LoginResponse, ApiError> {
    post(paths::LOGIN, request).await
}

/// `GET /session`.
pub async fn session() -> Result<SessionInfo, ApiError> {
    get(paths::SESSION).await
}

/// `POST /logout`.
pub async fn logout() -> Result<(), ApiError> {
    post_empty(paths::LOGOUT).await.map(|_| ())
}

/// `GET /activity?page=N`: one page of the contract's security activity.
pub async fn activity(page: u32) -> Result<ActivityPage, ApiError> {
    get(&paths::activity_page(page)).await
}

/// `POST /activity/report`: 「心当たりがない」.
pub async fn report() -> Result<ReportOutcome, ApiError> {
    decode(post_empty(paths::ACTIVITY_REPORT).await?)
}

/// `POST /login/otp`.
pub async fn login_otp(request: &OtpRequest) -> Result<LoginResponse, ApiError> {
    post(paths::LOGIN_OTP, request).await
}

/// `POST /procedures`.
pub async fn start_procedure(request: &StartProcedureRequest) -> Result<Procedure, ApiError> {
    post(paths::PROCEDURES, request).await
}

/// `GET /procedures/{id}`.
pub async fn procedure(id: &str) -> Result<Procedure, ApiError> {
    get(&paths::procedure(id)).await
}

/// `POST /procedures/{id}/current-token`.
pub async fn current_token(id: &str, request: &OtpRequest) -> Result<Procedure, ApiError> {
    post(
        &paths::procedure_step(id, ProcedureStep::CurrentToken),
        request,
    )
    .await
}

/// `POST /procedures/{id}/new-token`.
pub async fn new_token(id: &str, request: &NewTokenRequest) -> Result<Procedure, ApiError> {
    post(&paths::procedure_step(id, ProcedureStep::NewToken), request).await
}

/// `POST /procedures/{id}/confirm`.
pub async fn confirm(id: &str) -> Result<Procedure, ApiError> {
    decode(post_empty(&paths::procedure_step(id, ProcedureStep::Confirm)).await?)
}

/// A procedure's passkey step: `POST /procedures/{id}/passkey/options`, the browser's
/// dialog, `POST /procedures/{id}/passkey`.
pub async fn procedure_passkey(id: &str) -> Result<Procedure, ApiError> {
    let answer = paths::procedure_step(id, ProcedureStep::Passkey);
    let options = format!("{answer}/options");
    decode(crate::passkey::run(crate::passkey::Ceremony::Get, &options, &answer, None, None).await?)
}

/// A passkey login: `POST /login/passkey/options`, the browser's dialog (or the 契約者ID
/// field's autofill, until `autofill` is aborted), `POST /login/passkey`.
pub async fn login_passkey(
    autofill: Option<&crate::passkey::Abort>,
) -> Result<LoginResponse, ApiError> {
    let answer = crate::passkey::run(
        crate::passkey::Ceremony::Get,
        paths::LOGIN_PASSKEY_OPTIONS,
        paths::LOGIN_PASSKEY,
        None,
        autofill,
    )
    .await?;
    decode(answer)
}

/// A passkey's registration: `POST /passkeys/options`, the browser's dialog, `POST /passkeys`.
pub async fn register_passkey(name: &str) -> Result<PasskeyInfo, ApiError> {
    let answer = crate::passkey::run(
        crate::passkey::Ceremony::Create,
        paths::PASSKEY_OPTIONS,
        paths::PASSKEYS,
        Some(name),
        None,
    )
    .await?;
    decode(answer)
}

/// A confirmation of the session with a passkey (a fresh proof).
pub async fn confirm_with_passkey() -> Result<(), ApiError> {
    crate::passkey::run(
        crate::passkey::Ceremony::Get,
        paths::SESSION_CONFIRM_OPTIONS,
        paths::SESSION_CONFIRM_PASSKEY,
        None,
        None,
    )
    .await
    .map(|_| ())
}

/// `DELETE /procedures/{id}`.
pub async fn cancel(id: &str) -> Result<(), ApiError> {
    fetch(Method::DELETE, &paths::procedure(id), None)
        .await
        .map(|_| ())
}

/// `GET /passkeys`.
pub async fn passkeys() -> Result<PasskeyList, ApiError> {
    get(paths::PASSKEYS).await
}

/// `PATCH /passkeys/{id}`.
pub async fn rename_passkey(id: &str, request: &PasskeyName) -> Result<PasskeyInfo, ApiError> {
    let body = serde_json::to_string(request).map_err(|_| unknown(0))?;
    decode(fetch(Method::PATCH, &paths::passkey(id), Some(body)).await?)
}

/// `DELETE /passkeys/{id}`.
pub async fn remove_passkey(id: &str) -> Result<(), ApiError> {
    fetch(Method::DELETE, &paths::passkey(id), None)
        .await
        .map(|_| ())
}

/// `POST /session/confirm/otp`.
pub async fn confirm_with_otp(request: &OtpRequest) -> Result<(), ApiError> {
    let body = serde_json::to_string(request).map_err(|_| unknown(0))?;
    fetch(Method::POST, paths::SESSION_CONFIRM_OTP, Some(body))
        .await
        .map(|_| ())
}

/// `POST /demo/tokens` (demo mode only).
#[cfg(feature = "demo")]
pub async fn demo_token() -> Result<otp_api::procedure::DemoToken, ApiError> {
    decode(post_empty(paths::DEMO_TOKENS).await?)
}
