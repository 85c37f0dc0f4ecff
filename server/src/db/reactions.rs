//! Emoji reactions. Adding or removing one touches the post's `update_at` (so `since` queries pick
//! the change up) and keeps its `has_reactions` flag true while any remain, as Mattermost does.

use std::collections::HashMap;

use axum::http::StatusCode;
use brisk_model::{Post, Reaction};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::placeholders;
use crate::error::{ApiError, ApiResult};

/// Mattermost's `EmojiNameMaxLength`.
pub const EMOJI_NAME_MAX: usize = 64;
/// Mattermost's default `UniqueEmojiReactionLimitPerPost`.
pub const UNIQUE_EMOJIS_PER_POST: i64 = 50;

fn from_row(row: &Row) -> rusqlite::Result<Reaction> {
    Ok(Reaction {
        post_id: row.get(0)?,
        user_id: row.get(1)?,
        emoji_name: row.get(2)?,
        create_at: row.get(3)?,
    })
}

const COLUMNS: &str = "post_id, user_id, emoji_name, create_at";

/// Mattermost's rule for reaction names: 1-64 of `a-z A-Z 0-9 - + _`.
pub fn validate_emoji_name(name: &str) -> ApiResult<()> {
    let valid = (1..=EMOJI_NAME_MAX).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-+_".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "model.reaction.is_valid.emoji_name.app_error",
            "Invalid emoji name.",
        ))
    }
}

/// Records `user_id`'s reaction to `post`. Reacting twice with the same emoji is harmless and
/// answers the first reaction; the second value is false then (nothing changed).
pub fn add(
    conn: &Connection,
    post: &Post,
    user_id: &str,
    emoji_name: &str,
    now: i64,
) -> ApiResult<(Reaction, bool)> {
    validate_emoji_name(emoji_name)?;
    if let Some(existing) = get(conn, &post.id, user_id, emoji_name)? {
        return Ok((existing, false));
    }
    let (emojis, has_this): (i64, bool) = conn.query_row(
        "SELECT COUNT(DISTINCT emoji_name), COALESCE(MAX(emoji_name = ?2), 0) FROM reactions \
         WHERE post_id = ?1",
        params![post.id, emoji_name],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if !has_this && emojis >= UNIQUE_EMOJIS_PER_POST {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "app.reaction.save.too_many_reactions.app_error",
            "Reaction limit has been reached for this post.",
        ));
    }
    conn.execute(
        "INSERT INTO reactions (post_id, user_id, emoji_name, channel_id, create_at) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![post.id, user_id, emoji_name, post.channel_id, now],
    )?;
    conn.execute(
        "UPDATE posts SET has_reactions = 1, update_at = MAX(update_at, ?2) WHERE id = ?1",
        params![post.id, now],
    )?;
    let reaction = get(conn, &post.id, user_id, emoji_name)?
        .ok_or_else(|| ApiError::internal("reaction vanished after insert"))?;
    Ok((reaction, true))
}

/// Removes a reaction; None if there was none.
pub fn remove(
    conn: &Connection,
    post_id: &str,
    user_id: &str,
    emoji_name: &str,
    now: i64,
) -> ApiResult<Option<Reaction>> {
    let Some(reaction) = get(conn, post_id, user_id, emoji_name)? else {
        return Ok(None);
    };
    conn.execute(
        "DELETE FROM reactions WHERE post_id = ?1 AND user_id = ?2 AND emoji_name = ?3",
        params![post_id, user_id, emoji_name],
    )?;
    conn.execute(
        "UPDATE posts SET update_at = MAX(update_at, ?2), \
           has_reactions = EXISTS(SELECT 1 FROM reactions WHERE post_id = ?1) WHERE id = ?1",
        params![post_id, now],
    )?;
    Ok(Some(reaction))
}

fn get(
    conn: &Connection,
    post_id: &str,
    user_id: &str,
    emoji_name: &str,
) -> ApiResult<Option<Reaction>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM reactions WHERE post_id = ?1 AND user_id = ?2 AND emoji_name = ?3"
            ),
            params![post_id, user_id, emoji_name],
            from_row,
        )
        .optional()?)
}

/// The reactions to each of `post_ids`, oldest first; posts without any are absent.
pub fn for_posts(
    conn: &Connection,
    post_ids: &[&str],
) -> ApiResult<HashMap<String, Vec<Reaction>>> {
    let mut by_post: HashMap<String, Vec<Reaction>> = HashMap::new();
    for chunk in post_ids.chunks(500) {
        let mut stmt = conn.prepare(&format!(
            "SELECT {COLUMNS} FROM reactions WHERE post_id IN ({}) ORDER BY create_at, rowid",
            placeholders(chunk.len())
        ))?;
        for reaction in stmt.query_map(params_from_iter(chunk), from_row)? {
            let reaction = reaction?;
            by_post
                .entry(reaction.post_id.clone())
                .or_default()
                .push(reaction);
        }
    }
    Ok(by_post)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_names_follow_mattermost() {
        for good in [
            "smile",
            "+1",
            "-1",
            "thumbs_up",
            "a",
            "ABC9",
            &"x".repeat(64),
        ] {
            assert!(validate_emoji_name(good).is_ok(), "{good}");
        }
        for bad in ["", "smi le", ":smile:", "émoji", "a/b", &"x".repeat(65)] {
            assert!(validate_emoji_name(bad).is_err(), "{bad}");
        }
    }
}
