//! Features this server does not have, answered the way Mattermost's apps handle best: an empty
//! list (no custom emoji, no plugins, no file search, no in-product notices, no custom profile
//! fields), so an app shows "nothing here" instead of an error, and an accepted but unused phone
//! id (no push notifications). The client config says the same (`EnableCustomEmoji`, `PluginsEnabled` are "false").

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::json;

use super::extract::TeamId;
use crate::access::require_team_member;
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/emoji", get(no_list))
        .route("/emoji/names", post(no_list))
        .route("/plugins/webapp", get(no_list))
        .route("/system/notices/{team_id}", get(no_list))
        .route("/custom_profile_attributes/fields", get(no_list))
        .route("/files/search", post(no_files))
        .route("/teams/{team_id}/files/search", post(no_files_in_team))
        .route("/users/sessions/device", put(no_push_device))
}

/// No custom emoji, plugins, notices or profile fields.
async fn no_list(_auth: Auth) -> Response {
    ok(&json!([]))
}

/// An empty `FileInfoList`.
fn empty_file_list() -> Response {
    ok(&json!({
        "order": [],
        "file_infos": {},
        "next_file_info_id": "",
        "prev_file_info_id": "",
    }))
}

/// `POST /files/search`: file names are not searchable here.
async fn no_files(_auth: Auth) -> Response {
    empty_file_list()
}

/// `POST /teams/{team_id}/files/search`, for members of the team.
async fn no_files_in_team(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
) -> ApiResult<Response> {
    state
        .db
        .read(move |conn| require_team_member(conn, &auth.user, &team_id))
        .await?;
    Ok(empty_file_list())
}

/// Longest device id accepted (Mattermost's apps send a platform prefix and a push token).
const DEVICE_ID_MAX: usize = 512;

#[derive(serde::Deserialize)]
struct DeviceRequest {
    device_id: String,
}

/// `PUT /users/sessions/device {device_id}`: the mobile app registers its phone for push
/// notifications after signing in. This server sends none, so the id is checked and not kept.
async fn no_push_device(_auth: Auth, body: RawBody) -> ApiResult<Response> {
    let request: DeviceRequest = body.parse("device_id")?;
    if request.device_id.is_empty() || request.device_id.len() > DEVICE_ID_MAX {
        return Err(ApiError::invalid_body("device_id"));
    }
    Ok(ok(&brisk_model::StatusOk::ok()))
}
