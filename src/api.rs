//! The one typed client of the bank API. Pages call these functions; none builds a request.
//!
//! Every non-2xx answer becomes [`ApiError::Problem`] with the contract's problem body (or a
//! synthetic one when the body is not problem+json), and a request that got no answer at all
//! becomes [`ApiError::Network`], so pages can offer a retry.

use gloo_net::http::{Request, RequestBuilder, Response};
use otp_api::config::PublicConfig;
use otp_api::problem::{ErrorCode, Problem};
use otp_api::procedure::{NewTokenRequest, OtpRequest, Procedure, StartProcedureRequest};
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
}

impl ApiError {
    /// The problem's code; `None` for a network failure.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Problem(p) => Some(p.code),
            ApiError::Network => None,
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

fn url(path: &str) -> String {
    format!("{}{path}", base())
}

async fn problem_of(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => {
            let mut problem = Problem::new(ErrorCode::Unknown);
            problem.status = status;
            ApiError::Problem(problem)
        }
    }
}

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let request = request.map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(response)
    } else {
        Err(problem_of(response).await)
    }
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response.json::<T>().await.map_err(|_| {
        let mut problem = Problem::new(ErrorCode::Unknown);
        problem.status = response.status();
        ApiError::Problem(problem)
    })
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(send(Request::get(&url(path)).build()).await?).await
}

fn post_builder(path: &str) -> RequestBuilder {
    Request::post(&url(path))
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    read(send(post_builder(path).json(body)).await?).await
}

async fn post_empty(path: &str) -> Result<(), ApiError> {
    send(post_builder(path).json(&serde_json::json!({})))
        .await
        .map(|_| ())
}

async fn post_empty_for<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(send(post_builder(path).json(&serde_json::json!({}))).await?).await
}

/// `GET /config`.
pub async fn config() -> Result<PublicConfig, ApiError> {
    get("/config").await
}

/// `POST /login`.
pub async fn login(request: &LoginRequest) -> Result<LoginResponse, ApiError> {
    post("/login", request).await
}

/// `GET /session`.
pub async fn session() -> Result<SessionInfo, ApiError> {
    get("/session").await
}

/// `POST /logout`.
pub async fn logout() -> Result<(), ApiError> {
    post_empty("/logout").await
}

/// `POST /login/otp`.
pub async fn login_otp(request: &OtpRequest) -> Result<LoginResponse, ApiError> {
    post("/login/otp", request).await
}

/// `POST /procedures`.
pub async fn start_procedure(request: &StartProcedureRequest) -> Result<Procedure, ApiError> {
    post("/procedures", request).await
}

/// `GET /procedures/{id}`.
pub async fn procedure(id: &str) -> Result<Procedure, ApiError> {
    get(&format!("/procedures/{id}")).await
}

/// `POST /procedures/{id}/current-token`.
pub async fn current_token(id: &str, request: &OtpRequest) -> Result<Procedure, ApiError> {
    post(&format!("/procedures/{id}/current-token"), request).await
}

/// `POST /procedures/{id}/new-token`.
pub async fn new_token(id: &str, request: &NewTokenRequest) -> Result<Procedure, ApiError> {
    post(&format!("/procedures/{id}/new-token"), request).await
}

/// `POST /procedures/{id}/confirm`.
pub async fn confirm(id: &str) -> Result<Procedure, ApiError> {
    post_empty_for(&format!("/procedures/{id}/confirm")).await
}

/// `DELETE /procedures/{id}`.
pub async fn cancel(id: &str) -> Result<(), ApiError> {
    send(Request::delete(&url(&format!("/procedures/{id}"))).build())
        .await
        .map(|_| ())
}

/// `POST /demo/tokens` (demo mode only).
#[cfg(feature = "demo")]
pub async fn demo_token() -> Result<otp_api::procedure::DemoToken, ApiError> {
    post_empty_for("/demo/tokens").await
}
