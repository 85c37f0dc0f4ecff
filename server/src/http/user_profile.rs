//! `PUT /users/{user_id}/patch`: a person's names, nickname and position. Everyone hears of the
//! change (`user_updated`), so the new name shows in their clients without a reload.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::put;
use axum::Router;
use brisk_model::{event_name, rules, User, UserPatch};
use serde_json::json;

use super::extract::UserId;
use crate::db::users::{self, Profile};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::ids::now_ms;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/users/{user_id}/patch", put(patch))
}

/// Mattermost's 400 for a profile field over its limit.
fn too_long(field: &str) -> ApiError {
    let (id, message) = match field {
        "first_name" => (
            "model.user.is_valid.first_name.app_error",
            "Invalid first name.",
        ),
        "last_name" => (
            "model.user.is_valid.last_name.app_error",
            "Invalid last name.",
        ),
        "nickname" => (
            "model.user.is_valid.nickname.app_error",
            "Invalid nickname.",
        ),
        _ => (
            "model.user.is_valid.position.app_error",
            "Invalid position.",
        ),
    };
    ApiError::new(StatusCode::BAD_REQUEST, id, message)
}

/// The profile after `patch`: fields absent keep their value; each is checked against
/// Mattermost's limit. A username or email may come along (Mattermost's web app sends the whole
/// user) but not change: this server has no way to confirm a new email.
fn patched(user: &User, patch: UserPatch) -> ApiResult<User> {
    let unchanged = |sent: &Option<String>, current: &str| {
        sent.as_ref()
            .is_none_or(|sent| sent.eq_ignore_ascii_case(current))
    };
    if !unchanged(&patch.username, &user.username) || !unchanged(&patch.email, &user.email) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "api.user.patch_user.username_email_change.app_error",
            "Changing the username or email address is not supported on this server.",
        ));
    }
    let mut user = user.clone();
    let fields = [
        ("first_name", patch.first_name, &mut user.first_name),
        ("last_name", patch.last_name, &mut user.last_name),
        ("nickname", patch.nickname, &mut user.nickname),
    ];
    for (name, sent, field) in fields {
        if let Some(sent) = sent {
            if rules::profile_name_problem(&sent).is_some() {
                return Err(too_long(name));
            }
            *field = sent;
        }
    }
    if let Some(position) = patch.position {
        if rules::position_problem(&position).is_some() {
            return Err(too_long("position"));
        }
        user.position = position;
    }
    Ok(user)
}

/// `PUT /users/{user_id}/patch`: one's own profile, or anyone's as a system admin. Answers the
/// user as it now reads.
async fn patch(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: UserPatch = body.parse("user")?;
    if !user.is(&auth) && !auth.is_system_admin() {
        return Err(ApiError::forbidden());
    }
    let user_id = user.of(&auth);
    let (updated, outbox) = state
        .db
        .write(move |tx| {
            let current = users::get(tx, &user_id)?.ok_or_else(ApiError::user_not_found)?;
            let wanted = patched(&current, request)?;
            let profile = Profile {
                first_name: &wanted.first_name,
                last_name: &wanted.last_name,
                nickname: &wanted.nickname,
                position: &wanted.position,
            };
            users::set_profile(tx, &user_id, &profile, now_ms())?;
            let updated = users::get(tx, &user_id)?.ok_or_else(ApiError::user_not_found)?;
            let mut outbox = Outbox::default();
            outbox.event(
                event_name::USER_UPDATED,
                json!({ "user": updated }),
                Audience::Everyone,
            );
            Ok((updated, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&updated))
}
