//! Changing posts: `PUT /posts/{id}/patch`, `PUT /posts/{id}`, `DELETE /posts/{id}`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use brisk_model::{event_name, PatchPostRequest, Post, PostChangedData, StatusOk};

use super::extract::{PostId, RequestHost};
use crate::access::{is_channel_admin, readable_post, require_not_archived};
use crate::db::{post_changes, post_metadata};
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::ids::now_ms;
use crate::link_previews;
use crate::permalinks;
use crate::AppState;

/// The `post_edited` / `post_deleted` data: the post as a JSON string.
fn changed_data(post: &Post, delete_by: Option<String>) -> ApiResult<serde_json::Value> {
    let data = PostChangedData {
        post: serde_json::to_string(post).map_err(ApiError::internal)?,
        delete_by,
    };
    serde_json::to_value(data).map_err(ApiError::internal)
}

/// `PUT /posts/{post_id}/patch {message?}`.
pub async fn patch(
    State(state): State<AppState>,
    auth: Auth,
    RequestHost(host): RequestHost,
    PostId(post_id): PostId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: PatchPostRequest = body.parse("post")?;
    edit(state, auth, host, post_id, request.message).await
}

/// `PUT /posts/{post_id}` with the whole post; only the message is taken from it.
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    RequestHost(host): RequestHost,
    PostId(post_id): PostId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: Post = body.parse("post")?;
    if !request.id.is_empty() && request.id != post_id {
        return Err(ApiError::invalid_body("id"));
    }
    edit(state, auth, host, post_id, Some(request.message)).await
}

/// Edits a post: its author may, and a system admin. System messages and posts in archived
/// channels stay as they are.
async fn edit(
    state: AppState,
    auth: Auth,
    host: String,
    post_id: String,
    message: Option<String>,
) -> ApiResult<Response> {
    let preview_host = host.clone();
    let (post, outbox) = state
        .db
        .write(move |tx| {
            let (post, channel) = readable_post(tx, &auth.user, &post_id)?;
            if post.user_id != auth.user.id && !auth.is_system_admin() {
                return Err(ApiError::forbidden());
            }
            require_not_archived(
                &channel,
                "api.post.update_post.can_not_update_post_in_deleted.error",
                "Can not update a post in a deleted channel.",
            )?;
            if post.is_system() {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "api.post.update_post.system_message.app_error",
                    "Unable to update system message.",
                ));
            }
            let Some(message) = message else {
                return Ok((post, Outbox::default()));
            };
            let mut edited = post_changes::edit_message(tx, &post, &message, now_ms())?;
            post_metadata::attach(tx, std::slice::from_mut(&mut edited))?;
            let mut outbox = Outbox::default();
            outbox.to_channel(
                event_name::POST_EDITED,
                changed_data(&edited, None)?,
                &channel.id,
            );
            permalinks::personalize_events(tx, &mut outbox, &edited, &host)?;
            permalinks::attach(tx, &auth.user, &host, [&mut edited])?;
            Ok((edited, outbox))
        })
        .await?;
    let edited = !outbox.events.is_empty();
    state.publish(outbox);
    if edited {
        link_previews::fetch_later(&state, &post, &preview_host);
    }
    Ok(ok(&post))
}

/// `DELETE /posts/{post_id}`: a soft delete by the author or an admin of the channel; a root's
/// replies go with it. One `post_deleted` event, for the post itself, as Mattermost sends.
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    PostId(post_id): PostId,
) -> ApiResult<Response> {
    let outbox = state
        .db
        .write(move |tx| {
            let (post, channel) = readable_post(tx, &auth.user, &post_id)?;
            if post.user_id != auth.user.id && !is_channel_admin(tx, &auth.user, &channel)? {
                return Err(ApiError::forbidden());
            }
            require_not_archived(
                &channel,
                "api.post.delete_post.can_not_delete_post_in_deleted.error",
                "Can not delete a post in a deleted channel.",
            )?;
            let deleted = post_changes::soft_delete(tx, &post, now_ms())?;
            let mut outbox = Outbox::default();
            outbox.to_channel(
                event_name::POST_DELETED,
                changed_data(&deleted, Some(auth.user.id.clone()))?,
                &channel.id,
            );
            Ok(outbox)
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&StatusOk::ok()))
}
