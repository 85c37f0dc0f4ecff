//! The Slack import's map from Slack's ids to what they became here (migration 007).

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::ApiResult;

/// A Slack member (`U…`): the account it became or was matched to.
pub const USER: &str = "user";
/// A Slack channel, private channel, direct or group conversation.
pub const CHANNEL: &str = "channel";
/// A Slack message, keyed `<channel id>/<ts>`.
pub const POST: &str = "post";

/// What `slack_id` of `kind` became, if it was imported before.
pub fn get(conn: &Connection, kind: &str, slack_id: &str) -> ApiResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT brisk_id FROM slack_ids WHERE kind = ?1 AND slack_id = ?2",
            [kind, slack_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Records that `slack_id` of `kind` became `brisk_id`.
pub fn insert(conn: &Connection, kind: &str, slack_id: &str, brisk_id: &str) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO slack_ids (kind, slack_id, brisk_id) VALUES (?1, ?2, ?3)",
        params![kind, slack_id, brisk_id],
    )?;
    Ok(())
}
