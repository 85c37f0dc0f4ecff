//! `/reactions` and a post's reactions: adding, removing, listing.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::Response;
use brisk_model::{event_name, Reaction, ReactionEventData, StatusOk};

use super::extract::{PostId, UserId};
use crate::access::{readable_post, require_not_archived};
use crate::db::reactions;
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::http::auth::Auth;
use crate::http::json::{created, ok, RawBody};
use crate::ids::now_ms;
use crate::AppState;
use brisk_model::rules::is_valid_id;

/// Most post ids one `POST /posts/ids/reactions` accepts.
const MAX_BULK_POSTS: usize = 200;

/// The data of a `reaction_added` or `reaction_removed` event.
pub(crate) fn event_data(reaction: &Reaction) -> ApiResult<serde_json::Value> {
    let data = ReactionEventData {
        reaction: serde_json::to_string(reaction).map_err(ApiError::internal)?,
    };
    serde_json::to_value(data).map_err(ApiError::internal)
}

/// Reactions are for one's own account only (a system admin may remove anyone's).
fn require_self(auth: &Auth, user_id: &str, admin_allowed: bool) -> ApiResult<()> {
    if user_id == auth.user.id || (admin_allowed && auth.is_system_admin()) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Archived channels take no new reactions, and lose none.
fn require_open_for_reactions(channel: &brisk_model::Channel) -> ApiResult<()> {
    require_not_archived(
        channel,
        "api.reaction.save.archived_channel.app_error",
        "You cannot react to posts in an archived channel.",
    )
}

/// `POST /reactions {user_id, post_id, emoji_name}` → 201 with the reaction.
pub async fn save(State(state): State<AppState>, auth: Auth, body: RawBody) -> ApiResult<Response> {
    let request: Reaction = body.parse("reaction")?;
    if !is_valid_id(&request.post_id) {
        return Err(ApiError::invalid_body("post_id"));
    }
    if !is_valid_id(&request.user_id) {
        return Err(ApiError::invalid_body("user_id"));
    }
    require_self(&auth, &request.user_id, false)?;
    reactions::validate_emoji_name(&request.emoji_name)?;
    let (reaction, outbox) = state
        .db
        .write(move |tx| {
            let (post, channel) = readable_post(tx, &auth.user, &request.post_id)?;
            require_open_for_reactions(&channel)?;
            let (reaction, added) =
                reactions::add(tx, &post, &auth.user.id, &request.emoji_name, now_ms())?;
            let mut outbox = Outbox::default();
            if added {
                outbox.to_channel(
                    event_name::REACTION_ADDED,
                    event_data(&reaction)?,
                    &channel.id,
                );
            }
            Ok((reaction, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(created(&reaction))
}

/// The emoji of a reaction's path.
#[derive(serde::Deserialize)]
pub struct EmojiPath {
    emoji_name: String,
}

/// `DELETE /users/{user_id}/posts/{post_id}/reactions/{emoji_name}`.
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    PostId(post_id): PostId,
    Path(EmojiPath { emoji_name }): Path<EmojiPath>,
) -> ApiResult<Response> {
    let user_id = user.of(&auth);
    require_self(&auth, &user_id, true)?;
    reactions::validate_emoji_name(&emoji_name)?;
    let outbox = state
        .db
        .write(move |tx| {
            let (post, channel) = readable_post(tx, &auth.user, &post_id)?;
            require_open_for_reactions(&channel)?;
            let mut outbox = Outbox::default();
            if let Some(removed) = reactions::remove(tx, &post.id, &user_id, &emoji_name, now_ms())?
            {
                outbox.to_channel(
                    event_name::REACTION_REMOVED,
                    event_data(&removed)?,
                    &channel.id,
                );
            }
            Ok(outbox)
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&StatusOk::ok()))
}

/// `GET /posts/{post_id}/reactions`: oldest first.
pub async fn for_post(
    State(state): State<AppState>,
    auth: Auth,
    PostId(post_id): PostId,
) -> ApiResult<Response> {
    let list: Vec<Reaction> = state
        .db
        .read(move |conn| {
            let (post, _) = readable_post(conn, &auth.user, &post_id)?;
            Ok(reactions::for_posts(conn, &[post.id.as_str()])?
                .remove(&post.id)
                .unwrap_or_default())
        })
        .await?;
    Ok(ok(&list))
}

/// `POST /posts/ids/reactions [post_ids]`: post id → reactions, for the posts the caller may read
/// (every requested id is a key, as Mattermost answers).
pub async fn for_posts(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let ids: Vec<String> = body.parse("post_ids")?;
    if ids.is_empty() || ids.len() > MAX_BULK_POSTS || !ids.iter().all(|id| is_valid_id(id)) {
        return Err(ApiError::invalid_body("post_ids"));
    }
    let map: HashMap<String, Vec<Reaction>> = state
        .db
        .read(move |conn| {
            let mut readable = Vec::with_capacity(ids.len());
            for id in &ids {
                readable_post(conn, &auth.user, id)?;
                readable.push(id.as_str());
            }
            let mut found = reactions::for_posts(conn, &readable)?;
            Ok(ids
                .iter()
                .map(|id| (id.clone(), found.remove(id).unwrap_or_default()))
                .collect())
        })
        .await?;
    Ok(ok(&map))
}
