//! `GET /config` and `PUT /config/patch` (system admins): the settings the System console
//! changes, in Mattermost's config shape with the fields this server has (see `crate::settings`).
//! A saved change is in effect at once, `GET /config/client` included.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use serde_json::Value;

use super::users::require_admin;
use crate::error::ApiResult;
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/config", get(read))
        .route("/config/patch", put(patch))
}

async fn read(State(state): State<AppState>, auth: Auth) -> ApiResult<Response> {
    require_admin(&auth)?;
    Ok(ok(&state.settings.get().to_config()))
}

/// Applies the fields the body names; answers the whole config as it now is.
async fn patch(State(state): State<AppState>, auth: Auth, body: RawBody) -> ApiResult<Response> {
    require_admin(&auth)?;
    let patch: Value = body.parse("config")?;
    let settings = state.settings.get().patched(&patch)?;
    state.apply_settings(settings.clone()).await?;
    Ok(ok(&settings.to_config()))
}
