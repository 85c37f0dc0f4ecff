//! Threads the caller takes part in, as Mattermost's collapsed-reply-threads API serves them:
//! `GET /users/{user_id}/teams/{team_id}/threads` (with `since`, `unread`, `page`, `per_page`) and
//! `PUT /users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}`. Only for oneself,
//! and only threads in channels one is a member of.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use rusqlite::Connection;

use super::extract::{RequestHost, TeamId, ThreadId, Timestamp, UserId};
use crate::access::{live_post, require_team_member};
use crate::db::{channels, threads};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, QueryMap};
use crate::permalinks;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/teams/{team_id}/threads", get(list))
        .route(
            "/users/{user_id}/teams/{team_id}/threads/{thread_id}/read/{timestamp}",
            put(mark_read),
        )
}

/// The caller's threads in the team, most recently replied first: those replied to after
/// `since`, only those with unread replies when `unread=true`, a page of `per_page` (60 by
/// default, at most 200).
async fn list(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
    RequestHost(host): RequestHost,
    query: QueryMap,
) -> ApiResult<Response> {
    if !user.is(&auth) {
        return Err(ApiError::forbidden());
    }
    let page = query.page()?;
    let filter = threads::ThreadFilter {
        since: query.int("since", 0)?,
        unread_only: match query.str("unread") {
            "" | "false" => false,
            "true" => true,
            _ => return Err(ApiError::invalid_url_param("unread")),
        },
        offset: page.offset(),
        limit: page.per_page,
    };
    let answer = state
        .db
        .read(move |conn| {
            require_team_member(conn, &auth.user, &team_id)?;
            let mut answer = threads::for_user(conn, &auth.user, &team_id, filter)?;
            permalinks::attach(
                conn,
                &auth.user,
                &host,
                answer.threads.iter_mut().map(|t| &mut t.post),
            )?;
            Ok(answer)
        })
        .await?;
    Ok(ok(&answer))
}

/// Marks the thread read up to `timestamp` for the caller; answers the thread as they now see it.
async fn mark_read(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
    ThreadId(root_id): ThreadId,
    Timestamp(at): Timestamp,
    RequestHost(host): RequestHost,
) -> ApiResult<Response> {
    if !user.is(&auth) {
        return Err(ApiError::forbidden());
    }
    let thread = state
        .db
        .write(move |conn| {
            require_thread_member(conn, &auth.user, &team_id, &root_id)?;
            threads::set_read(conn, &auth.user, &root_id, at)?;
            let mut thread = threads::one_for_user(conn, &auth.user, &root_id)?;
            permalinks::attach(conn, &auth.user, &host, std::iter::once(&mut thread.post))?;
            Ok(thread)
        })
        .await?;
    Ok(ok(&thread))
}

/// The thread must be a live root post in a channel of the team (or a direct or group message)
/// that `user` is a member of: 404 when there is no such thread, 403 when it is not theirs to read.
fn require_thread_member(
    conn: &Connection,
    user: &brisk_model::User,
    team_id: &str,
    root_id: &str,
) -> ApiResult<()> {
    let root = live_post(conn, root_id)?;
    if !root.root_id.is_empty() {
        return Err(ApiError::post_not_found());
    }
    let channel = channels::get(conn, &root.channel_id)?.ok_or_else(ApiError::channel_not_found)?;
    if !channel.team_id.is_empty() && channel.team_id != team_id {
        return Err(ApiError::post_not_found());
    }
    if !channels::is_member(conn, &channel.id, &user.id)? {
        return Err(ApiError::forbidden());
    }
    Ok(())
}
