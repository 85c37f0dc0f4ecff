//! What a system admin does to someone's account in the System console: deactivate it (its
//! sessions end and its live WebSockets close at once; its posts stay), let it sign in again, and
//! make or unmake it a system admin. The place always keeps one active system admin.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::put;
use axum::Router;
use brisk_model::{event_name, StatusOk, User};
use serde::Deserialize;
use serde_json::json;

use super::extract::UserId;
use super::users::require_admin;
use crate::db::{password_resets, sessions, users};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::ids::now_ms;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/active", put(update_active))
        .route("/users/{user_id}/roles", put(update_roles))
}

/// Refuses to take away the last active system admin (nobody could run the place after).
fn keep_an_admin(conn: &rusqlite::Connection, user: &brisk_model::User) -> ApiResult<()> {
    if user.delete_at == 0 && user.is_system_admin() && users::count_active_admins(conn)? <= 1 {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "api.user.update_active.last_admin.app_error",
            "This is the only active system admin: make someone else an admin first.",
        ));
    }
    Ok(())
}

/// Deactivates or reactivates `user_id`; a deactivation ends every session and closes its sockets.
async fn set_active(state: &AppState, user_id: String, active: bool) -> ApiResult<()> {
    let ended = state
        .db
        .write(move |tx| {
            let user = users::get(tx, &user_id)?.ok_or_else(ApiError::user_not_found)?;
            let now = now_ms();
            if active {
                users::reactivate(tx, &user_id, now)?;
                return Ok(Vec::new());
            }
            keep_an_admin(tx, &user)?;
            users::deactivate(tx, &user_id, now)?;
            password_resets::forget_for_user(tx, &user_id)?;
            sessions::delete_for_user(tx, &user_id, None)
        })
        .await?;
    state.hub.close_sessions(&ended);
    Ok(())
}

/// `DELETE /users/{user_id}` (system admins): deactivates the account. Mattermost lets people
/// deactivate themselves only with `EnableUserDeactivation`, which this server's config has off.
pub async fn deactivate(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
) -> ApiResult<Response> {
    require_admin(&auth)?;
    set_active(&state, user.of(&auth), false).await?;
    Ok(ok(&StatusOk::ok()))
}

#[derive(Deserialize)]
struct ActiveRequest {
    active: bool,
}

/// `PUT /users/{user_id}/active {active}` (system admins).
async fn update_active(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    body: RawBody,
) -> ApiResult<Response> {
    require_admin(&auth)?;
    let request: ActiveRequest = body.parse("active")?;
    set_active(&state, user.of(&auth), request.active).await?;
    Ok(ok(&StatusOk::ok()))
}

#[derive(Deserialize)]
struct RolesRequest {
    roles: String,
}

/// The stored roles for a requested space-separated list: this server has only an ordinary
/// member and a system admin.
fn known_roles(requested: &str) -> Option<&'static str> {
    let mut names: Vec<&str> = requested.split_whitespace().collect();
    names.sort_unstable();
    names.dedup();
    match names.as_slice() {
        ["system_user"] => Some(users::ROLES_USER),
        ["system_admin", "system_user"] => Some(users::ROLES_ADMIN),
        _ => None,
    }
}

/// `PUT /users/{user_id}/roles {roles}` (system admins): "system_user" or
/// "system_user system_admin".
async fn update_roles(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    body: RawBody,
) -> ApiResult<Response> {
    require_admin(&auth)?;
    let request: RolesRequest = body.parse("roles")?;
    let roles = known_roles(&request.roles).ok_or_else(|| ApiError::invalid_body("roles"))?;
    let user_id = user.of(&auth);
    let outbox = state
        .db
        .write(move |tx| {
            let user = users::get(tx, &user_id)?.ok_or_else(ApiError::user_not_found)?;
            if roles == users::ROLES_USER {
                keep_an_admin(tx, &user)?;
            }
            users::set_roles(tx, &user_id, roles, now_ms())?;
            let updated = users::get(tx, &user_id)?.ok_or_else(ApiError::user_not_found)?;
            Ok(roles_changed(&updated))
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&StatusOk::ok()))
}

/// As Mattermost tells a role change: `user_role_updated` to the person (their apps show or hide
/// what the role allows) and `user_updated` to everyone (the person as they now are).
fn roles_changed(user: &User) -> Outbox {
    let mut outbox = Outbox::default();
    outbox.event(
        event_name::USER_ROLE_UPDATED,
        json!({ "user_id": user.id, "roles": user.roles }),
        Audience::User(user.id.clone()),
    );
    outbox.event(
        event_name::USER_UPDATED,
        json!({ "user": user }),
        Audience::Everyone,
    );
    outbox
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_servers_two_role_sets_are_taken_in_any_order() {
        assert_eq!(known_roles("system_user"), Some(users::ROLES_USER));
        assert_eq!(
            known_roles(" system_admin  system_user system_user"),
            Some(users::ROLES_ADMIN)
        );
        for refused in ["", "system_admin", "system_user team_admin", "system_guest"] {
            assert_eq!(known_roles(refused), None, "{refused}");
        }
    }
}
