//! Features this server does not have, answered the way Mattermost's apps handle best: an empty
//! list (no custom emoji, no plugins, no file search, no in-product notices, no custom profile
//! fields), so an app shows "nothing here" instead of an error. The client config says the same (`EnableCustomEmoji`, `PluginsEnabled` are "false").

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use super::extract::TeamId;
use crate::access::require_team_member;
use crate::error::ApiResult;
use crate::http::auth::Auth;
use crate::http::json::ok;
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
