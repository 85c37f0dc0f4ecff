//! Uploaded profile pictures, and the user's `last_picture_update` that tells apps to fetch anew.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::ApiResult;

/// The user's uploaded picture (PNG), if they have one.
pub fn get(conn: &Connection, user_id: &str) -> ApiResult<Option<Vec<u8>>> {
    Ok(conn
        .query_row(
            "SELECT png FROM profile_images WHERE user_id = ?1",
            [user_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Replaces the user's picture (None: back to the default one).
pub fn set(conn: &Connection, user_id: &str, png: Option<&[u8]>, now: i64) -> ApiResult<()> {
    match png {
        Some(png) => conn.execute(
            "INSERT INTO profile_images (user_id, png) VALUES (?1, ?2) \
             ON CONFLICT (user_id) DO UPDATE SET png = excluded.png",
            params![user_id, png],
        )?,
        None => conn.execute("DELETE FROM profile_images WHERE user_id = ?1", [user_id])?,
    };
    conn.execute(
        "UPDATE users SET last_picture_update = ?2, update_at = ?2 WHERE id = ?1",
        params![user_id, now],
    )?;
    Ok(())
}
