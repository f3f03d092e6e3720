//! `GET /config`.

use axum::Json;
use axum::extract::State;
use otp_api::config::PublicConfig;

use crate::AppState;

/// The bank's name, contact, demo flag and field rules.
pub async fn get_config(State(state): State<AppState>) -> Json<PublicConfig> {
    Json(state.settings.public())
}
