//! Changing a channel: its header, purpose and display name, archiving and restoring it.

use brisk_model::{Channel, PatchChannelRequest};
use rusqlite::{params, Connection};

use super::channels::{self, validate_display_name, validate_header, validate_purpose};
use crate::error::{ApiError, ApiResult};

/// What a patch changed: (field, old, new) for each field whose value differs.
pub struct Changes {
    pub channel: Channel,
    pub changed: Vec<(&'static str, String, String)>,
}

/// Applies the fields present in `patch`, validated as on creation. Unchanged fields are no change.
pub fn patch(
    conn: &Connection,
    channel: &Channel,
    patch: &PatchChannelRequest,
    now: i64,
) -> ApiResult<Changes> {
    let mut changed = Vec::new();
    let fields = [
        ("display_name", &patch.display_name, &channel.display_name),
        ("header", &patch.header, &channel.header),
        ("purpose", &patch.purpose, &channel.purpose),
    ];
    for (field, new, old) in fields {
        let Some(new) = new else { continue };
        let new = if field == "display_name" {
            new.trim()
        } else {
            new.as_str()
        };
        match field {
            "display_name" => validate_display_name(new)?,
            "header" => validate_header(new)?,
            _ => validate_purpose(new)?,
        }
        if new != old {
            changed.push((field, old.clone(), new.to_string()));
        }
    }
    for (field, _, new) in &changed {
        // `field` is one of three fixed column names, never input.
        conn.execute(
            &format!("UPDATE channels SET {field} = ?2, update_at = ?3 WHERE id = ?1"),
            params![channel.id, new, now],
        )?;
    }
    let channel = channels::get(conn, &channel.id)?
        .ok_or_else(|| ApiError::internal("channel vanished after patch"))?;
    Ok(Changes { channel, changed })
}

/// Archives (`delete_at` = now) or restores (`delete_at` = 0) a channel.
pub fn set_archived(
    conn: &Connection,
    channel_id: &str,
    archived: bool,
    now: i64,
) -> ApiResult<Channel> {
    conn.execute(
        "UPDATE channels SET delete_at = ?2, update_at = ?3 WHERE id = ?1",
        params![channel_id, if archived { now } else { 0 }, now],
    )?;
    channels::get(conn, channel_id)?.ok_or_else(|| ApiError::internal("channel vanished"))
}
