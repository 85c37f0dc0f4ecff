//! Keeping an account one's own: changing its password and signing out everywhere. Ending
//! sessions also closes their live WebSockets, so a signed-out device stops receiving messages.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use brisk_model::{StatusOk, UpdatePasswordRequest};

use super::extract::UserId;
use crate::db::{password_resets, sessions, users};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::ids::now_ms;
use crate::AppState;

/// `PUT /users/{user_id}/password`: one's own with the current password, or anyone's as a system
/// admin. Every other session of the account ends: whoever knew the old password is signed out.
pub async fn update_password(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: UpdatePasswordRequest = body.parse("new_password")?;
    let own = user.is(&auth);
    if !own && !auth.is_system_admin() {
        return Err(ApiError::forbidden());
    }
    let user_id = user.of(&auth);
    users::validate_password(&request.new_password)?;
    let account = user_id.clone();
    let current_hash = state
        .db
        .read(move |conn| users::password_hash(conn, &account))
        .await?
        .ok_or_else(ApiError::user_not_found)?;
    // Argon2 is deliberately slow: keep it off the async workers.
    let new_hash = tokio::task::spawn_blocking(move || {
        if own && !users::verify_password(&request.current_password, &current_hash) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "api.user.update_password.incorrect.app_error",
                "The \"Current Password\" you entered is incorrect. Please check that Caps Lock is off and try again.",
            ));
        }
        users::hash_password(&request.new_password)
    })
    .await
    .map_err(ApiError::internal)??;
    let keep = own.then(|| auth.session.token.clone());
    let ended = state
        .db
        .write(move |tx| {
            users::set_password_hash(tx, &user_id, &new_hash, now_ms())?;
            password_resets::forget_for_user(tx, &user_id)?;
            sessions::delete_for_user(tx, &user_id, keep.as_deref())
        })
        .await?;
    state.hub.close_sessions(&ended);
    Ok(ok(&StatusOk::ok()))
}

/// `POST /users/{user_id}/sessions/revoke/all`: ends every session of the account, the caller's
/// own included (Mattermost's semantics), for the user or a system admin.
pub async fn revoke_all_sessions(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
) -> ApiResult<Response> {
    if !user.is(&auth) && !auth.is_system_admin() {
        return Err(ApiError::forbidden());
    }
    let user_id = user.of(&auth);
    let ended = state
        .db
        .write(move |tx| sessions::delete_for_user(tx, &user_id, None))
        .await?;
    state.hub.close_sessions(&ended);
    Ok(ok(&StatusOk::ok()))
}
