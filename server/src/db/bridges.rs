//! What the chat bridges keep: each bridge's cursor through its channel (the posts after it are
//! its outbox), each Matrix bridge's place in its room's history, which message over there each
//! relayed post is, and the bridges' states in their channels' props.

use brisk_model::{Channel, ChannelBridge, ChannelProps, Post};
use rusqlite::{params, Connection, OptionalExtension};

use super::{channels, posts};
use crate::error::{ApiError, ApiResult};

/// The bridge's cursor, starting at the channel's newest post the first time: a new bridge
/// relays what is said from now on, not the channel's history.
pub fn start_cursor(conn: &Connection, bridge: &str, channel: &Channel) -> ApiResult<i64> {
    conn.execute(
        "INSERT OR IGNORE INTO bridge_cursors (bridge, channel_id, relayed_through) VALUES (?1, ?2, ?3)",
        params![bridge, channel.id, channel.last_post_at],
    )?;
    Ok(conn.query_row(
        "SELECT relayed_through FROM bridge_cursors WHERE bridge = ?1",
        [bridge],
        |row| row.get(0),
    )?)
}

pub fn advance_cursor(conn: &Connection, bridge: &str, through: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE bridge_cursors SET relayed_through = MAX(relayed_through, ?2) WHERE bridge = ?1",
        params![bridge, through],
    )?;
    Ok(())
}

/// When more than `keep` posts wait after `cursor`, moves the cursor so that only the newest
/// `keep` remain; returns the new cursor and how many posts were skipped.
pub fn drop_overflow(
    conn: &Connection,
    bridge: &str,
    channel_id: &str,
    cursor: i64,
    keep: i64,
) -> ApiResult<Option<(i64, i64)>> {
    let oldest_dropped: Option<i64> = conn
        .query_row(
            "SELECT create_at FROM posts WHERE channel_id = ?1 AND create_at > ?2 AND delete_at = 0 \
             ORDER BY create_at DESC LIMIT 1 OFFSET ?3",
            params![channel_id, cursor, keep],
            |row| row.get(0),
        )
        .optional()?;
    let Some(kept_from) = oldest_dropped else {
        return Ok(None);
    };
    let dropped: i64 = conn.query_row(
        "SELECT COUNT(*) FROM posts WHERE channel_id = ?1 AND create_at > ?2 AND create_at <= ?3 \
         AND delete_at = 0",
        params![channel_id, cursor, kept_from],
        |row| row.get(0),
    )?;
    advance_cursor(conn, bridge, kept_from)?;
    Ok(Some((kept_from, dropped)))
}

/// Up to `limit` live posts after `cursor`, oldest first.
pub fn pending(
    conn: &Connection,
    channel_id: &str,
    cursor: i64,
    limit: i64,
) -> ApiResult<Vec<Post>> {
    let mut pending = posts::after(conn, channel_id, cursor, 0, limit)?;
    pending.sort_by_key(|post| post.create_at);
    Ok(pending)
}

/// The `since` token a Matrix bridge saved, or None before its first sync.
pub fn sync_token(conn: &Connection, bridge: &str) -> ApiResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT since FROM bridge_sync_tokens WHERE bridge = ?1",
            [bridge],
            |row| row.get(0),
        )
        .optional()?)
}

pub fn save_sync_token(conn: &Connection, bridge: &str, since: &str) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO bridge_sync_tokens (bridge, since) VALUES (?1, ?2) \
         ON CONFLICT (bridge) DO UPDATE SET since = excluded.since",
        params![bridge, since],
    )?;
    Ok(())
}

/// Remembers that `post_id` is `remote_id` on the bridge's network.
pub fn map_message(
    conn: &Connection,
    bridge: &str,
    post_id: &str,
    remote_id: &str,
) -> ApiResult<()> {
    conn.execute(
        "INSERT OR IGNORE INTO bridge_messages (bridge, post_id, remote_id) VALUES (?1, ?2, ?3)",
        params![bridge, post_id, remote_id],
    )?;
    Ok(())
}

/// The message on the bridge's network that `post_id` is.
pub fn remote_of(conn: &Connection, bridge: &str, post_id: &str) -> ApiResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT remote_id FROM bridge_messages WHERE bridge = ?1 AND post_id = ?2",
            params![bridge, post_id],
            |row| row.get(0),
        )
        .optional()?)
}

/// The post that the message `remote_id` on the bridge's network is.
pub fn post_of(conn: &Connection, bridge: &str, remote_id: &str) -> ApiResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT post_id FROM bridge_messages WHERE bridge = ?1 AND remote_id = ?2",
            params![bridge, remote_id],
            |row| row.get(0),
        )
        .optional()?)
}

fn read_props(conn: &Connection, channel_id: &str) -> ApiResult<Option<ChannelProps>> {
    let stored: Option<String> = conn
        .query_row(
            "SELECT props FROM channels WHERE id = ?1",
            [channel_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(stored.map(|props| serde_json::from_str(&props).unwrap_or_default()))
}

/// Records a bridge's state in its channel's props (replacing the entry for the same room) and
/// returns the channel as it now reads, or None if the channel is gone.
pub fn set_channel_bridge(
    conn: &Connection,
    channel_id: &str,
    bridge: ChannelBridge,
) -> ApiResult<Option<Channel>> {
    let Some(mut props) = read_props(conn, channel_id)? else {
        return Ok(None);
    };
    let same_link = |known: &ChannelBridge| {
        known.network == bridge.network
            && known.server == bridge.server
            && known.room == bridge.room
    };
    match props.bridges.iter_mut().find(|known| same_link(known)) {
        Some(known) => *known = bridge,
        None => props.bridges.push(bridge),
    }
    let stored = serde_json::to_string(&props).map_err(ApiError::internal)?;
    // A change of the channel, dated so that a client holding an older copy (read just before)
    // keeps this one.
    conn.execute(
        "UPDATE channels SET props = ?2, update_at = ?3 WHERE id = ?1",
        params![channel_id, stored, crate::ids::now_ms()],
    )?;
    channels::get(conn, channel_id)
}

/// Forgets every bridge state (at start-up, before the configured bridges report theirs), so a
/// channel no longer bridged stops saying it is.
pub fn clear_channel_bridges(conn: &Connection) -> ApiResult<()> {
    conn.execute("UPDATE channels SET props = '{}' WHERE props != '{}'", [])?;
    Ok(())
}

/// What a bridge must do over there to bring a relayed post's reactions in step with those here.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReactionSteps {
    /// The post's message over there.
    pub remote_id: String,
    /// Emoji names to react with, each with when it was first reacted with here.
    pub to_add: Vec<(String, i64)>,
    /// The bridge's reactions over there that nobody here holds any more.
    pub to_take_back: Vec<String>,
}

/// The steps for `post_id`, or None when the other side does not have it (or it is deleted).
/// Reactions of the bridge bot are what was said over there, so never sent back.
pub fn reaction_steps(
    conn: &Connection,
    bridge: &str,
    post_id: &str,
    bot_id: &str,
) -> ApiResult<Option<ReactionSteps>> {
    let Some(remote_id) = remote_of(conn, bridge, post_id)? else {
        return Ok(None);
    };
    if posts::get(conn, post_id)?.is_none_or(|post| post.delete_at != 0) {
        return Ok(None);
    }
    let mut held = conn.prepare(
        "SELECT emoji_name, MIN(create_at) FROM reactions WHERE post_id = ?1 AND user_id != ?2 \
         GROUP BY emoji_name ORDER BY MIN(create_at)",
    )?;
    let held = held
        .query_map(params![post_id, bot_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, i64)>>>()?;
    let mut sent = conn.prepare(
        "SELECT remote_id, emoji_name FROM bridge_reactions \
         WHERE bridge = ?1 AND post_id = ?2 AND outbound = 1",
    )?;
    let sent = sent
        .query_map(params![bridge, post_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<(String, String)>>>()?;
    let to_add = held
        .iter()
        .filter(|(emoji, _)| !sent.iter().any(|(_, sent_emoji)| sent_emoji == emoji))
        .cloned()
        .collect();
    let to_take_back = sent
        .into_iter()
        .filter(|(_, emoji)| !held.iter().any(|(held_emoji, _)| held_emoji == emoji))
        .map(|(reaction_id, _)| reaction_id)
        .collect();
    Ok(Some(ReactionSteps {
        remote_id,
        to_add,
        to_take_back,
    }))
}

/// Remembers the reaction `remote_id` over there: `outbound` when the bridge made it for people
/// here, else someone's over there, shown here as the bot's.
pub fn map_reaction(
    conn: &Connection,
    bridge: &str,
    remote_id: &str,
    post_id: &str,
    emoji_name: &str,
    outbound: bool,
) -> ApiResult<()> {
    conn.execute(
        "INSERT OR IGNORE INTO bridge_reactions (bridge, remote_id, post_id, emoji_name, outbound) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![bridge, remote_id, post_id, emoji_name, outbound],
    )?;
    Ok(())
}

/// A reaction over there that is taken back: its post, emoji and whether the bridge made it,
/// if the bridge knew it.
pub fn forget_reaction(
    conn: &Connection,
    bridge: &str,
    remote_id: &str,
) -> ApiResult<Option<(String, String, bool)>> {
    let known = conn
        .query_row(
            "DELETE FROM bridge_reactions WHERE bridge = ?1 AND remote_id = ?2 \
             RETURNING post_id, emoji_name, outbound",
            params![bridge, remote_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    Ok(known)
}

/// Whether anyone over there still reacts to `post_id` with `emoji_name`.
pub fn reacted_over_there(
    conn: &Connection,
    bridge: &str,
    post_id: &str,
    emoji_name: &str,
) -> ApiResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM bridge_reactions WHERE bridge = ?1 AND post_id = ?2 \
         AND emoji_name = ?3 AND outbound = 0)",
        params![bridge, post_id, emoji_name],
        |row| row.get(0),
    )?)
}
