//! `GET /config`.

use axum::Json;
use axum::extract::State;
use otp_api::config::PublicConfig;

use crate::AppState;

/// The bank's name, contact, demo flag and field rules.
#[utoipa::path(
    get, path = "/config", tag = "config",
    responses((status = 200, description = "What the SPA needs to know about the bank", body = PublicConfig))
)]
pub async fn get_config(State(state): State<AppState>) -> Json<PublicConfig> {
    let mut config = state.settings.public();
    config.passkeys.enabled = state.passkeys.is_ok();
    Json(config)
}
