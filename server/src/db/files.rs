//! File infos: what is known about each upload, and which post claimed it.

use std::collections::HashMap;

use axum::http::StatusCode;
use brisk_model::FileInfo;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::placeholders;
use crate::error::{ApiError, ApiResult};

/// Mattermost's limit on files per post.
pub const MAX_FILES_PER_POST: usize = 10;

const COLUMNS: &str =
    "id, user_id, post_id, channel_id, create_at, update_at, delete_at, name, extension, \
                       size, mime_type, width, height, has_preview_image, mini_preview";

fn from_row(row: &Row) -> rusqlite::Result<FileInfo> {
    Ok(FileInfo {
        id: row.get(0)?,
        user_id: row.get(1)?,
        post_id: row.get(2)?,
        channel_id: row.get(3)?,
        create_at: row.get(4)?,
        update_at: row.get(5)?,
        delete_at: row.get(6)?,
        name: row.get(7)?,
        extension: row.get(8)?,
        size: row.get(9)?,
        mime_type: row.get(10)?,
        width: row.get(11)?,
        height: row.get(12)?,
        has_preview_image: row.get(13)?,
        mini_preview: row.get(14)?,
    })
}

pub fn insert(conn: &Connection, info: &FileInfo) -> ApiResult<()> {
    conn.execute(
        &format!(
            "INSERT INTO files ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
        ),
        params![
            info.id,
            info.user_id,
            info.post_id,
            info.channel_id,
            info.create_at,
            info.update_at,
            info.delete_at,
            info.name,
            info.extension,
            info.size,
            info.mime_type,
            info.width,
            info.height,
            info.has_preview_image,
            info.mini_preview
        ],
    )?;
    Ok(())
}

/// A live file by id.
pub fn get(conn: &Connection, id: &str) -> ApiResult<Option<FileInfo>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM files WHERE id = ?1 AND delete_at = 0"),
            [id],
            from_row,
        )
        .optional()?)
}

/// Gives `post_id` the files among `file_ids` that `user_id` uploaded to `channel_id` and no post
/// has claimed yet, as Mattermost attaches them; others are dropped. Returns the attached ids in
/// the order asked.
pub fn attach_to_post(
    conn: &Connection,
    file_ids: &[String],
    post_id: &str,
    user_id: &str,
    channel_id: &str,
    now: i64,
) -> ApiResult<Vec<String>> {
    if file_ids.len() > MAX_FILES_PER_POST {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "model.post.is_valid.file_ids.app_error",
            "Invalid file ids.",
        ));
    }
    let mut attached = Vec::new();
    for file_id in file_ids {
        let claimed = conn.execute(
            "UPDATE files SET post_id = ?2, update_at = ?5 WHERE id = ?1 AND user_id = ?3 \
             AND channel_id = ?4 AND post_id = '' AND delete_at = 0",
            params![file_id, post_id, user_id, channel_id, now],
        )?;
        if claimed > 0 {
            attached.push(file_id.clone());
        }
    }
    Ok(attached)
}

/// The live files of each of `post_ids`, oldest first; posts without files are absent.
pub fn for_posts(
    conn: &Connection,
    post_ids: &[&str],
) -> ApiResult<HashMap<String, Vec<FileInfo>>> {
    let mut by_post: HashMap<String, Vec<FileInfo>> = HashMap::new();
    for chunk in post_ids.chunks(500) {
        let mut stmt = conn.prepare(&format!(
            // `post_id != ''` lets SQLite use the partial index files_by_post.
            "SELECT {COLUMNS} FROM files WHERE post_id != '' AND post_id IN ({}) AND delete_at = 0 \
             ORDER BY create_at, id",
            placeholders(chunk.len())
        ))?;
        for info in stmt.query_map(params_from_iter(chunk), from_row)? {
            let info = info?;
            by_post.entry(info.post_id.clone()).or_default().push(info);
        }
    }
    Ok(by_post)
}

/// Marks the files of a post and its replies deleted (with the posts themselves).
pub fn delete_for_thread(conn: &Connection, root_id: &str, now: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE files SET delete_at = ?2, update_at = ?2 WHERE delete_at = 0 AND post_id IN \
           (SELECT id FROM posts WHERE id = ?1 OR (root_id != '' AND root_id = ?1))",
        params![root_id, now],
    )?;
    Ok(())
}

/// How many files the channel's posts carry.
/// Deletes the rows of uploads made before `cutoff` that no post claimed; their ids, whose files
/// must go too.
pub fn delete_unattached_before(conn: &Connection, cutoff: i64) -> ApiResult<Vec<String>> {
    let mut statement =
        conn.prepare("DELETE FROM files WHERE post_id = '' AND create_at < ?1 RETURNING id")?;
    let ids = statement
        .query_map([cutoff], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

pub fn count_in_channel(conn: &Connection, channel_id: &str) -> ApiResult<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM files WHERE channel_id = ?1 AND post_id != '' AND delete_at = 0",
        [channel_id],
        |r| r.get(0),
    )?)
}
