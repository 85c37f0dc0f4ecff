//! Changing posts after the fact: editing a message, and soft-deleting a post with its replies.

use brisk_model::Post;
use rusqlite::{params, Connection};

use super::files;
use super::posts::{self, parse_hashtags, validate_message};
use crate::error::{ApiError, ApiResult};

/// Replaces the message of a live post, as `PUT /posts/{id}/patch` does: `edit_at` and `update_at`
/// move to `now` (so `since` queries pick the edit up) and the hashtags follow the new text.
pub fn edit_message(conn: &Connection, post: &Post, message: &str, now: i64) -> ApiResult<Post> {
    validate_message(message, !post.file_ids.is_empty())?;
    conn.execute(
        "UPDATE posts SET message = ?2, hashtags = ?3, edit_at = ?4, update_at = ?4 WHERE id = ?1",
        params![post.id, message, parse_hashtags(message), now],
    )?;
    posts::get(conn, &post.id)?.ok_or_else(|| ApiError::internal("post vanished after edit"))
}

/// Soft-deletes a post; a root takes its replies with it, as Mattermost does. Returns the post as
/// deleted.
pub fn soft_delete(conn: &Connection, post: &Post, now: i64) -> ApiResult<Post> {
    conn.execute(
        "UPDATE posts SET delete_at = ?2, update_at = ?2 WHERE (id = ?1 OR (root_id != '' AND root_id = ?1)) AND delete_at = 0",
        params![post.id, now],
    )?;
    files::delete_for_thread(conn, &post.id, now)?;
    posts::get(conn, &post.id)?.ok_or_else(|| ApiError::internal("post vanished after delete"))
}
