//! The ids of everything the server holds, in a stable order: what the bulk export walks. Rows
//! are then read with each resource's own functions.

use rusqlite::Connection;

use crate::error::ApiResult;

fn ids(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> ApiResult<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let ids = stmt
        .query_map(args, |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

/// Every account, deactivated ones too.
pub fn user_ids(conn: &Connection) -> ApiResult<Vec<String>> {
    ids(conn, "SELECT id FROM users ORDER BY username", [])
}

/// Every team that is not deleted, by name.
pub fn team_ids(conn: &Connection) -> ApiResult<Vec<String>> {
    ids(
        conn,
        "SELECT id FROM teams WHERE delete_at = 0 ORDER BY name",
        [],
    )
}

/// A team's open and private channels, archived ones too, by name.
pub fn channel_ids_of_team(conn: &Connection, team_id: &str) -> ApiResult<Vec<String>> {
    ids(
        conn,
        "SELECT id FROM channels WHERE team_id = ?1 AND type IN ('O', 'P') ORDER BY name",
        [team_id],
    )
}

/// Every direct and group channel.
pub fn direct_channel_ids(conn: &Connection) -> ApiResult<Vec<String>> {
    ids(
        conn,
        "SELECT id FROM channels WHERE team_id = '' AND type IN ('D', 'G') ORDER BY create_at, id",
        [],
    )
}
