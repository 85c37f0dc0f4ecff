//! `/users/{user_id}/status`: who is online. A user is online while a WebSocket of theirs is
//! connected, unless they chose away, do not disturb or offline themselves.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use brisk_model::{event_name, UserStatus};
use serde_json::json;

use super::extract::UserId;
use crate::db::statuses;
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::ids::now_ms;
use crate::AppState;

/// The statuses a user may choose; "online" clears a choice.
const CHOOSABLE: &[&str] = &["online", "away", "dnd", "offline"];

pub fn routes() -> Router<AppState> {
    Router::new().route("/users/{user_id}/status", get(get_one).put(set))
}

/// The status of each of `user_ids`, in their order.
pub async fn of(state: &AppState, user_ids: Vec<String>) -> ApiResult<Vec<UserStatus>> {
    let ids = user_ids.clone();
    let chosen = state
        .db
        .read(move |conn| statuses::chosen(conn, &ids))
        .await?;
    Ok(user_ids
        .into_iter()
        .map(|user_id| {
            let online = state.hub.is_online(&user_id);
            let (status, manual) = match chosen.get(&user_id) {
                Some(status) => (status.clone(), true),
                None if online => ("online".to_string(), false),
                None => ("offline".to_string(), false),
            };
            UserStatus {
                status,
                manual,
                last_activity_at: if online { now_ms() } else { 0 },
                user_id,
            }
        })
        .collect())
}

/// `GET /users/{user_id}/status`.
async fn get_one(State(state): State<AppState>, auth: Auth, user: UserId) -> ApiResult<Response> {
    let mut found = of(&state, vec![user.of(&auth)]).await?;
    let status = found.pop().ok_or_else(|| ApiError::internal("no status"))?;
    Ok(ok(&status))
}

/// `PUT /users/{user_id}/status {user_id, status}`: the caller's own choice; their sessions hear
/// `status_change`.
async fn set(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    body: RawBody,
) -> ApiResult<Response> {
    if !user.is(&auth) {
        return Err(ApiError::forbidden());
    }
    let request: UserStatus = body.parse("status")?;
    if request.user_id != auth.user.id {
        return Err(ApiError::invalid_body("user_id"));
    }
    if !CHOOSABLE.contains(&request.status.as_str()) {
        return Err(ApiError::invalid_body("status"));
    }
    let user_id = auth.user.id.clone();
    let choice = Some(request.status.clone()).filter(|s| s != "online");
    state
        .db
        .write(move |tx| statuses::choose(tx, &user_id, choice.as_deref()))
        .await?;
    let mut now = of(&state, vec![auth.user.id.clone()]).await?;
    let status = now.pop().ok_or_else(|| ApiError::internal("no status"))?;
    let mut outbox = Outbox::default();
    outbox.event(
        event_name::STATUS_CHANGE,
        json!({ "status": status.status, "user_id": status.user_id }),
        Audience::User(auth.user.id.clone()),
    );
    state.publish(outbox);
    Ok(ok(&status))
}
