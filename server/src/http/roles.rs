//! `/roles`: the six roles this server gives people, with the permissions that say what each may
//! do here, so Mattermost's apps show exactly the buttons that work (a role's permission the
//! server would refuse would show a button that fails).

use std::collections::HashMap;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;

use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::AppState;

/// Most role names one `POST /roles/names` may ask for.
const MAX_NAMES: usize = 100;

/// Everyone: teams and direct or group messages.
const SYSTEM_USER: &[&str] = &[
    "list_public_teams",
    "join_public_teams",
    "view_members",
    "create_direct_channel",
    "create_group_channel",
];
/// A team's members: its channels.
const TEAM_USER: &[&str] = &[
    "view_team",
    "list_team_channels",
    "join_public_channels",
    "read_public_channel",
    "create_public_channel",
    "create_private_channel",
];
/// A channel's members: reading, posting, reacting, files, adding people, and the properties of
/// an open channel (a private one's are its admins').
const CHANNEL_USER: &[&str] = &[
    "read_channel",
    "read_channel_content",
    "create_post",
    "edit_post",
    "delete_post",
    "add_reaction",
    "remove_reaction",
    "upload_file",
    "get_public_link",
    "use_channel_mentions",
    "manage_public_channel_members",
    "manage_private_channel_members",
    "manage_public_channel_properties",
];
/// A channel's admins: others' posts, the private channel's properties, archiving.
const CHANNEL_ADMIN: &[&str] = &[
    "delete_others_posts",
    "manage_private_channel_properties",
    "delete_public_channel",
    "delete_private_channel",
];
/// A team's admins: adding people to the team, and everything a channel admin may do there.
const TEAM_ADMIN: &[&str] = &[
    "add_user_to_team",
    "delete_others_posts",
    "manage_private_channel_properties",
    "delete_public_channel",
    "delete_private_channel",
    "manage_public_channel_properties",
];
/// System admins: teams, accounts, and editing anyone's post, on top of every other role.
const SYSTEM_ADMIN: &[&str] = &["create_team", "create_user", "edit_others_posts"];

/// Mattermost's Role.
#[derive(Serialize)]
struct Role {
    id: String,
    name: &'static str,
    display_name: String,
    description: String,
    create_at: i64,
    update_at: i64,
    delete_at: i64,
    permissions: Vec<&'static str>,
    scheme_managed: bool,
    built_in: bool,
}

/// Role names and their own permissions; a system admin also holds every other role's.
const ROLES: &[(&str, &[&str])] = &[
    ("system_user", SYSTEM_USER),
    ("system_admin", SYSTEM_ADMIN),
    ("team_user", TEAM_USER),
    ("team_admin", TEAM_ADMIN),
    ("channel_user", CHANNEL_USER),
    ("channel_admin", CHANNEL_ADMIN),
];

/// A stable id of the shape every Mattermost id has (26 lowercase letters and digits).
fn role_id(name: &str) -> String {
    format!("{:0<26}", format!("brisk{}", name.replace('_', "")))
}

fn role(name: &'static str, own: &[&'static str]) -> Role {
    let mut permissions: Vec<&'static str> = if name == "system_admin" {
        ROLES.iter().flat_map(|(_, p)| p.iter().copied()).collect()
    } else {
        own.to_vec()
    };
    permissions.sort_unstable();
    permissions.dedup();
    Role {
        id: role_id(name),
        name,
        display_name: format!("authentication.roles.{name}.name"),
        description: format!("authentication.roles.{name}.description"),
        create_at: 0,
        update_at: 0,
        delete_at: 0,
        permissions,
        scheme_managed: true,
        built_in: true,
    }
}

fn all() -> impl Iterator<Item = Role> {
    ROLES.iter().map(|(name, own)| role(name, own))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/roles", get(list))
        .route("/roles/names", post(by_names))
        .route("/roles/name/{role_name}", get(by_name))
        .route("/roles/{role_id}", get(by_id))
}

fn not_found(id: &'static str) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, id, "Unable to get role.")
}

/// `GET /roles`.
async fn list(_auth: Auth) -> Response {
    ok(&all().collect::<Vec<_>>())
}

/// `POST /roles/names ["system_user", ...]`: the roles among those names.
async fn by_names(_auth: Auth, body: RawBody) -> ApiResult<Response> {
    let names: Vec<String> = body.parse("rolenames")?;
    if names.is_empty() || names.len() > MAX_NAMES {
        return Err(ApiError::invalid_body("rolenames"));
    }
    let found: Vec<Role> = all()
        .filter(|r| names.iter().any(|n| n == r.name))
        .collect();
    Ok(ok(&found))
}

/// `GET /roles/name/{role_name}`.
async fn by_name(_auth: Auth, Path(params): Path<HashMap<String, String>>) -> ApiResult<Response> {
    let name = params.get("role_name").map(String::as_str).unwrap_or("");
    all()
        .find(|r| r.name == name)
        .map(|r| ok(&r))
        .ok_or_else(|| not_found("app.role.get_by_name.app_error"))
}

/// `GET /roles/{role_id}`.
async fn by_id(_auth: Auth, Path(params): Path<HashMap<String, String>>) -> ApiResult<Response> {
    let id = params.get("role_id").map(String::as_str).unwrap_or("");
    all()
        .find(|r| r.id == id)
        .map(|r| ok(&r))
        .ok_or_else(|| not_found("app.role.get.app_error"))
}
