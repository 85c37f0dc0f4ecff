//! Marking a channel unread from a post: the member's read position moves back to just before it,
//! and their counts are worked out again from the posts after it.

use brisk_model::{Channel, ChannelUnreadAt, Post, User};
use rusqlite::{params, Connection};

use super::channels;
use super::posts::parse_mentions;
use crate::error::{ApiError, ApiResult};

/// Whether `message`, written by someone else in `channel`, mentions `username`.
pub(crate) fn mentions(channel: &Channel, username: &str, message: &str) -> bool {
    if channel.channel_type == brisk_model::channel_type::DIRECT {
        return true;
    }
    let (names, everyone) = parse_mentions(message);
    everyone || names.contains(username)
}

/// Moves `user`'s read position in the post's channel to just before `post`, as Mattermost's
/// `MarkChannelAsUnreadFromPost`: what is older stays read, the rest (and its mentions) is unread.
pub fn mark_unread_from(
    conn: &Connection,
    user: &User,
    channel: &Channel,
    post: &Post,
    now: i64,
) -> ApiResult<ChannelUnreadAt> {
    let mut stmt = conn.prepare(
        "SELECT user_id, root_id, type, message FROM posts \
         WHERE channel_id = ?1 AND create_at >= ?2 AND delete_at = 0",
    )?;
    let rows = stmt.query_map(params![channel.id, post.create_at], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let (mut unread, mut unread_root, mut mention_count, mut mention_count_root) = (0, 0, 0, 0);
    for row in rows {
        let (author, root_id, post_type, message) = row?;
        let is_root = root_id.is_empty();
        unread += 1;
        unread_root += i64::from(is_root);
        let by_someone_else = author != user.id && !post_type.starts_with("system_");
        if by_someone_else && mentions(channel, &user.username, &message) {
            mention_count += 1;
            mention_count_root += i64::from(is_root);
        }
    }
    let last_viewed_at = post.create_at - 1;
    let msg_count = (channel.total_msg_count - unread).max(0);
    let msg_count_root = (channel.total_msg_count_root - unread_root).max(0);
    let updated = conn.execute(
        "UPDATE channel_members SET last_viewed_at = ?3, msg_count = ?4, msg_count_root = ?5, \
           mention_count = ?6, mention_count_root = ?7, last_update_at = ?8 \
         WHERE channel_id = ?1 AND user_id = ?2",
        params![
            channel.id,
            user.id,
            last_viewed_at,
            msg_count,
            msg_count_root,
            mention_count,
            mention_count_root,
            now
        ],
    )?;
    if updated == 0 {
        return Err(ApiError::forbidden());
    }
    let member = channels::get_member(conn, &channel.id, &user.id)?
        .ok_or_else(|| ApiError::internal("membership vanished"))?;
    Ok(ChannelUnreadAt {
        team_id: channel.team_id.clone(),
        user_id: user.id.clone(),
        channel_id: channel.id.clone(),
        msg_count,
        mention_count,
        mention_count_root,
        urgent_mention_count: 0,
        msg_count_root,
        last_viewed_at,
        notify_props: member.notify_props,
    })
}
