//! Who may do what: reading a channel, managing it, changing a post. Mattermost's default
//! permission scheme reduced to the roles this server knows (system admin, team admin, channel
//! admin, member).

use axum::http::StatusCode;
use brisk_model::{Channel, Post, User};
use rusqlite::Connection;

use crate::db::{channels, teams};
use crate::error::{ApiError, ApiResult};

/// 404: the user is not on the team.
pub fn team_member_missing() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "app.team.get_member.missing.app_error",
        "No team member found for that user ID and team ID.",
    )
}

/// The caller must belong to the team (system admins may look anyway).
pub fn require_team_member(conn: &Connection, user: &User, team_id: &str) -> ApiResult<()> {
    if user.is_system_admin() || teams::get_member(conn, team_id, &user.id)?.is_some() {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Whether `user` may read `channel`: its members, and for an open channel anyone on the team.
pub fn can_read(conn: &Connection, user: &User, channel: &Channel) -> ApiResult<bool> {
    if channels::is_member(conn, &channel.id, &user.id)? {
        return Ok(true);
    }
    if channel.channel_type == "O" {
        return Ok(user.is_system_admin()
            || teams::get_member(conn, &channel.team_id, &user.id)?.is_some());
    }
    Ok(false)
}

/// A channel the caller may read, else 404 (missing) or 403.
pub fn readable_channel(conn: &Connection, user: &User, channel_id: &str) -> ApiResult<Channel> {
    let channel = channels::get(conn, channel_id)?.ok_or_else(ApiError::channel_not_found)?;
    if can_read(conn, user, &channel)? {
        Ok(channel)
    } else {
        Err(ApiError::forbidden())
    }
}

/// Whether `user` administers `channel`: a system admin, an admin of its team, or its channel admin.
pub fn is_channel_admin(conn: &Connection, user: &User, channel: &Channel) -> ApiResult<bool> {
    if user.is_system_admin() {
        return Ok(true);
    }
    if channels::get_member(conn, &channel.id, &user.id)?
        .is_some_and(|m| m.roles.split_whitespace().any(|r| r == "channel_admin"))
    {
        return Ok(true);
    }
    is_team_admin(conn, user, &channel.team_id)
}

/// Whether `user` is a system admin or an admin of the team.
pub fn is_team_admin(conn: &Connection, user: &User, team_id: &str) -> ApiResult<bool> {
    Ok(user.is_system_admin()
        || (!team_id.is_empty()
            && teams::get_member(conn, team_id, &user.id)?.is_some_and(|m| m.scheme_admin)))
}

/// A live (not deleted) post, else 404.
pub fn live_post(conn: &Connection, post_id: &str) -> ApiResult<Post> {
    crate::db::posts::get(conn, post_id)?
        .filter(|p| p.delete_at == 0)
        .ok_or_else(ApiError::post_not_found)
}

/// A live post in a channel `user` may read, with that channel; else 404 or 403.
pub fn readable_post(conn: &Connection, user: &User, post_id: &str) -> ApiResult<(Post, Channel)> {
    let post = live_post(conn, post_id)?;
    let channel = readable_channel(conn, user, &post.channel_id)?;
    Ok((post, channel))
}

/// 403 with Mattermost's error id when `channel` is archived: archived channels are read-only.
pub fn require_not_archived(channel: &Channel, id: &'static str, message: &str) -> ApiResult<()> {
    if channel.delete_at > 0 {
        Err(ApiError::new(StatusCode::FORBIDDEN, id, message))
    } else {
        Ok(())
    }
}
