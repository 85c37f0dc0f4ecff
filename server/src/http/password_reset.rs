//! Password reset links without mail. Mattermost mails a one-time link from
//! `POST /users/password/reset/send {email}` and completes it with
//! `POST /users/password/reset {token, new_password}`. This server sends no mail, so the link goes
//! to a system admin instead, who hands it over: asked by an admin, `send` answers with the token
//! (the client makes `/reset_password_complete?token=…` of it), and `brisk-server reset-link`
//! prints one. Anyone else is refused (403) and told to ask an admin.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use brisk_model::{rules, StatusOk};
use serde::Deserialize;
use serde_json::json;

use crate::db::password_resets::{self, Redeemed};
use crate::db::{sessions, users};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::ids::{now_ms, TOKEN_LENGTH};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/password/reset/send", post(send))
        .route("/users/password/reset", post(reset))
}

#[derive(Deserialize)]
struct SendRequest {
    email: String,
}

/// `POST /users/password/reset/send {email}`: for a system admin, a new one-time token for the
/// active account with that email (`{status, token}`); anyone else learns that there is no mail.
async fn send(
    State(state): State<AppState>,
    caller: Result<Auth, ApiError>,
    body: RawBody,
) -> ApiResult<Response> {
    if !caller.as_ref().is_ok_and(Auth::is_system_admin) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "api.user.send_password_reset.no_email.app_error",
            "This server sends no email: ask an administrator for a password reset link.",
        ));
    }
    let request: SendRequest = body.parse("email")?;
    if request.email.is_empty() || request.email.len() > rules::EMAIL_MAX {
        return Err(ApiError::invalid_body("email"));
    }
    let token = state
        .db
        .write(move |tx| {
            let user = users::get_by_email(tx, &request.email)?
                .filter(|user| user.delete_at == 0)
                .ok_or_else(ApiError::user_not_found)?;
            password_resets::create(tx, &user.id, now_ms())
        })
        .await?;
    Ok(ok(&json!({ "status": "OK", "token": token })))
}

#[derive(Deserialize)]
struct ResetRequest {
    token: String,
    new_password: String,
}

fn invalid_link() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "api.user.reset_password.invalid_link.app_error",
        "The reset link does not appear to be valid.",
    )
}

/// `POST /users/password/reset {token, new_password}` (no session): sets the password of the
/// token's account, uses the token up and signs the account out everywhere.
async fn reset(State(state): State<AppState>, body: RawBody) -> ApiResult<Response> {
    let request: ResetRequest = body.parse("token")?;
    if request.token.len() != TOKEN_LENGTH {
        return Err(ApiError::invalid_body("token"));
    }
    users::validate_password(&request.new_password)?;
    // The token is used up before the slow hash, so made-up tokens cost the server no Argon2 run.
    let token = request.token;
    let user_id = state
        .db
        .write(move |tx| {
            let user_id = match password_resets::redeem(tx, &token, now_ms())? {
                Redeemed::User(user_id) => user_id,
                Redeemed::Expired => {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "api.user.reset_password.link_expired.app_error",
                        "The password reset link has expired.",
                    ))
                }
                Redeemed::Unknown => return Err(invalid_link()),
            };
            // A deactivated account stays shut (its tokens end on deactivation anyway).
            users::password_hash(tx, &user_id)?.ok_or_else(invalid_link)?;
            Ok(user_id)
        })
        .await?;
    let password = request.new_password;
    let hash = tokio::task::spawn_blocking(move || users::hash_password(&password))
        .await
        .map_err(ApiError::internal)??;
    let ended = state
        .db
        .write(move |tx| {
            users::set_password_hash(tx, &user_id, &hash, now_ms())?;
            password_resets::forget_for_user(tx, &user_id)?;
            sessions::delete_for_user(tx, &user_id, None)
        })
        .await?;
    state.hub.close_sessions(&ended);
    Ok(ok(&StatusOk::ok()))
}
