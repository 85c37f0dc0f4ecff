//! The statuses users chose by hand.

use std::collections::HashMap;

use rusqlite::{params, Connection};

use super::placeholders;
use crate::error::ApiResult;

/// The chosen statuses of those of `user_ids` who chose one.
pub fn chosen(conn: &Connection, user_ids: &[String]) -> ApiResult<HashMap<String, String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT user_id, status FROM user_statuses WHERE user_id IN ({})",
        placeholders(user_ids.len())
    ))?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(user_ids), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Records the user's choice; None goes back to following their connections.
pub fn choose(conn: &Connection, user_id: &str, status: Option<&str>) -> ApiResult<()> {
    match status {
        Some(status) => conn.execute(
            "INSERT INTO user_statuses (user_id, status) VALUES (?1, ?2) \
             ON CONFLICT (user_id) DO UPDATE SET status = excluded.status",
            params![user_id, status],
        )?,
        None => conn.execute("DELETE FROM user_statuses WHERE user_id = ?1", [user_id])?,
    };
    Ok(())
}
