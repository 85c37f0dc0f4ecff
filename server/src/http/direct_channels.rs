//! `POST /channels/direct` and `POST /channels/group`: direct and group messages.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use brisk_model::{channel_type, event_name, User};
use serde_json::json;

use crate::db::direct_channels::{self, GROUP_MAX, GROUP_MIN};
use crate::db::users;
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::http::auth::Auth;
use crate::http::json::{created, RawBody};
use crate::ids::now_ms;
use crate::AppState;
use brisk_model::rules::is_valid_id;

/// Parses a JSON array of user ids, checking each one's shape.
fn parse_user_ids(body: &RawBody) -> ApiResult<Vec<String>> {
    let ids: Vec<String> = body.parse("user_ids")?;
    if ids.iter().all(|id| is_valid_id(id)) {
        Ok(ids)
    } else {
        Err(ApiError::invalid_body("user_ids"))
    }
}

/// The users with these ids, every one of whom must exist.
fn existing_users(conn: &rusqlite::Connection, ids: &BTreeSet<String>) -> ApiResult<Vec<User>> {
    let list: Vec<String> = ids.iter().cloned().collect();
    let found = users::get_many(conn, &list)?;
    if found.len() == list.len() {
        Ok(found)
    } else {
        Err(ApiError::user_not_found())
    }
}

/// `POST /channels/direct [user_a, user_b]` → 201 with the channel, new or existing. The caller
/// must be one of the two (a system admin may open one for others).
pub async fn direct(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let ids = parse_user_ids(&body)?;
    if ids.len() != 2 {
        return Err(ApiError::invalid_body("user_ids"));
    }
    if !ids.contains(&auth.user.id) && !auth.is_system_admin() {
        return Err(ApiError::forbidden());
    }
    let unique: BTreeSet<String> = ids.iter().cloned().collect();
    let teammate = ids
        .iter()
        .find(|id| **id != auth.user.id)
        .unwrap_or(&auth.user.id)
        .clone();
    let data = json!({ "creator_id": auth.user.id, "teammate_id": teammate });
    open(
        state,
        auth,
        channel_type::DIRECT,
        unique,
        event_name::DIRECT_ADDED,
        data,
    )
    .await
}

/// `POST /channels/group [user_ids]` → 201 with the channel: the caller plus the others, 3 to 8
/// people in all.
pub async fn group(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let mut unique: BTreeSet<String> = parse_user_ids(&body)?.into_iter().collect();
    unique.insert(auth.user.id.clone());
    if !(GROUP_MIN..=GROUP_MAX).contains(&unique.len()) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "api.channel.create_group.bad_size.app_error",
            "Group message channels must contain at least 3 and no more than 8 users.",
        ));
    }
    let ids: Vec<&String> = unique.iter().collect();
    let data = json!({ "teammate_ids": serde_json::to_string(&ids).map_err(ApiError::internal)? });
    open(
        state,
        auth,
        channel_type::GROUP,
        unique,
        event_name::GROUP_ADDED,
        data,
    )
    .await
}

/// Finds or creates the direct or group channel of `members`; a new one is announced to them
/// with `event` (`direct_added` / `group_added`). 201 with the channel either way, as Mattermost.
async fn open(
    state: AppState,
    auth: Auth,
    kind: &'static str,
    members: BTreeSet<String>,
    event: &'static str,
    data: serde_json::Value,
) -> ApiResult<Response> {
    let (channel, outbox) = state
        .db
        .write(move |tx| {
            let users = existing_users(tx, &members)?;
            let (channel, is_new) =
                direct_channels::get_or_create(tx, kind, &users, &auth.user.id, now_ms())?;
            let mut outbox = Outbox::default();
            if is_new {
                for user in &users {
                    outbox.joined.push((channel.id.clone(), user.id.clone()));
                }
                outbox.to_channel(event, data, &channel.id);
            }
            Ok((channel, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(created(&channel))
}
