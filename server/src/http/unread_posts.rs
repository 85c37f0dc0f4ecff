//! `GET /users/{user_id}/channels/{channel_id}/posts/unread`: the page a Mattermost app opens a
//! channel at, around the oldest post the caller has not read.

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use brisk_model::{Post, PostList};
use rusqlite::Connection;

use super::extract::{ChannelId, RequestHost, UserId};
use crate::access::readable_channel;
use crate::db::{channels, posts};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, QueryMap};
use crate::permalinks;
use crate::AppState;

/// Mattermost's default for `limit_before` and `limit_after`.
const DEFAULT_LIMIT: i64 = 60;
/// Mattermost's cap on either limit.
const MAX_LIMIT: i64 = 200;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/users/{user_id}/channels/{channel_id}/posts/unread",
        get(around_last_unread),
    )
}

/// Up to `limit_before` posts older than the oldest unread post, that post, and up to
/// `limit_after - 1` newer ones, newest first. When nothing is unread (or the channel was never
/// viewed) it is the newest `limit_before` posts, as Mattermost's `getPostsForChannelAroundLastUnread`.
/// `next_post_id`/`prev_post_id` name the posts just outside the page ("" at either end).
/// `skipFetchThreads` and `collapsedThreads` are accepted; threads are never collapsed here.
async fn around_last_unread(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    ChannelId(channel_id): ChannelId,
    RequestHost(host): RequestHost,
    query: QueryMap,
) -> ApiResult<Response> {
    if !user.is(&auth) {
        return Err(ApiError::forbidden());
    }
    let limit_before = query.int("limit_before", DEFAULT_LIMIT)?.min(MAX_LIMIT);
    let limit_after = query.int("limit_after", DEFAULT_LIMIT)?.min(MAX_LIMIT);
    if limit_after == 0 {
        return Err(ApiError::invalid_url_param("limit_after"));
    }
    let list = state
        .db
        .read(move |conn| {
            let channel = readable_channel(conn, &auth.user, &channel_id)?;
            let member = channels::get_member(conn, &channel.id, &auth.user.id)?
                .ok_or_else(ApiError::forbidden)?;
            let oldest_unread = match member.last_viewed_at {
                0 => String::new(),
                viewed => posts::id_after(conn, &channel.id, viewed)?,
            };
            let page = if oldest_unread.is_empty() {
                posts::page(conn, &channel.id, 0, limit_before)?
            } else {
                around(conn, &channel.id, &oldest_unread, limit_before, limit_after)?
            };
            let mut list = with_cursors(conn, &channel.id, page)?;
            permalinks::attach(conn, &auth.user, &host, list.posts.values_mut())?;
            Ok(list)
        })
        .await?;
    Ok(ok(&list))
}

/// The post `anchor_id`, `before` older posts and `after - 1` newer ones, newest first.
fn around(
    conn: &Connection,
    channel_id: &str,
    anchor_id: &str,
    before: i64,
    after: i64,
) -> ApiResult<Vec<Post>> {
    let anchor = posts::get(conn, anchor_id)?.ok_or_else(ApiError::post_not_found)?;
    let mut page = posts::after(conn, channel_id, anchor.create_at, 0, after - 1)?;
    let older = posts::before(conn, channel_id, anchor.create_at, 0, before)?;
    page.push(anchor);
    page.extend(older);
    Ok(page)
}

/// A PostList of `page` (newest first) with the ids of the posts just newer and just older.
fn with_cursors(conn: &Connection, channel_id: &str, page: Vec<Post>) -> ApiResult<PostList> {
    let next = match page.first() {
        Some(newest) => posts::id_after(conn, channel_id, newest.create_at)?,
        None => String::new(),
    };
    let prev = match page.last() {
        Some(oldest) => posts::id_before(conn, channel_id, oldest.create_at)?,
        None => String::new(),
    };
    let mut list = posts::to_post_list(conn, page)?;
    list.next_post_id = next;
    list.prev_post_id = prev;
    Ok(list)
}
