//! How far the caller has read: marking channels viewed, or a channel unread from one of its posts.

use std::collections::HashMap;

use axum::extract::State;
use axum::response::Response;
use brisk_model::rules::is_valid_id;
use brisk_model::{event_name, ViewChannelRequest};
use serde_json::json;

use super::extract::{PostId, UserId};
use crate::access::readable_post;
use crate::db::{channels, unread};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::ids::now_ms;
use crate::AppState;

/// `POST /channels/members/me/view {channel_id, prev_channel_id}`: marks both read and tells the
/// user's other sessions with `multiple_channels_viewed`.
pub async fn view(State(state): State<AppState>, auth: Auth, body: RawBody) -> ApiResult<Response> {
    let request: ViewChannelRequest = body.parse("channel_view")?;
    for (name, id) in [
        ("channel_id", &request.channel_id),
        ("prev_channel_id", &request.prev_channel_id),
    ] {
        if !id.is_empty() && !is_valid_id(id) {
            return Err(ApiError::invalid_body(name));
        }
    }
    let user_id = auth.user.id.clone();
    let times: HashMap<String, i64> = state
        .db
        .write(move |tx| {
            let ids: Vec<&str> = [
                request.channel_id.as_str(),
                request.prev_channel_id.as_str(),
            ]
            .into_iter()
            .filter(|id| !id.is_empty())
            .collect();
            channels::mark_viewed(tx, &user_id, &ids, now_ms())
        })
        .await?;
    if !times.is_empty() {
        let mut outbox = Outbox::default();
        outbox.event(
            brisk_model::event_name::MULTIPLE_CHANNELS_VIEWED,
            json!({ "channel_times": times }),
            Audience::User(auth.user.id.clone()),
        );
        state.publish(outbox);
    }
    Ok(ok(
        &json!({ "status": "OK", "last_viewed_at_times": times }),
    ))
}

/// `POST /users/{user_id}/posts/{post_id}/set_unread`: the caller's channel becomes unread from
/// this post on. Answers the new read state and tells the user's sockets with `post_unread`.
pub async fn set_unread(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    PostId(post_id): PostId,
) -> ApiResult<Response> {
    if !user.is(&auth) {
        return Err(ApiError::forbidden());
    }
    let (unread_at, outbox) = state
        .db
        .write(move |tx| {
            let (post, channel) = readable_post(tx, &auth.user, &post_id)?;
            let unread_at = unread::mark_unread_from(tx, &auth.user, &channel, &post, now_ms())?;
            let mut outbox = Outbox::default();
            outbox.event(
                event_name::POST_UNREAD,
                json!({
                    "msg_count": unread_at.msg_count,
                    "msg_count_root": unread_at.msg_count_root,
                    "mention_count": unread_at.mention_count,
                    "mention_count_root": unread_at.mention_count_root,
                    "urgent_mention_count": unread_at.urgent_mention_count,
                    "last_viewed_at": unread_at.last_viewed_at,
                    "post_id": post.id,
                }),
                Audience::UserInChannel {
                    user_id: auth.user.id.clone(),
                    channel_id: channel.id.clone(),
                    team_id: channel.team_id.clone(),
                },
            );
            Ok((unread_at, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&unread_at))
}
