//! A user's preferences: Mattermost's (category, name) → value settings.

use brisk_model::Preference;
use rusqlite::{params, Connection, Row};

use crate::error::ApiResult;

fn from_row(row: &Row) -> rusqlite::Result<Preference> {
    Ok(Preference {
        user_id: row.get(0)?,
        category: row.get(1)?,
        name: row.get(2)?,
        value: row.get(3)?,
    })
}

/// The user's preferences, in `category` only when it is given.
pub fn list(
    conn: &Connection,
    user_id: &str,
    category: Option<&str>,
) -> ApiResult<Vec<Preference>> {
    let mut stmt = conn.prepare(
        "SELECT user_id, category, name, value FROM preferences \
         WHERE user_id = ?1 AND (?2 IS NULL OR category = ?2) ORDER BY category, name",
    )?;
    let preferences = stmt
        .query_map(params![user_id, category], from_row)?
        .collect::<Result<_, _>>()?;
    Ok(preferences)
}

/// How many preferences the user has.
pub fn count(conn: &Connection, user_id: &str) -> ApiResult<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM preferences WHERE user_id = ?1",
        [user_id],
        |r| r.get(0),
    )?)
}

/// Sets a preference, replacing its earlier value.
pub fn save(conn: &Connection, preference: &Preference) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO preferences (user_id, category, name, value) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (user_id, category, name) DO UPDATE SET value = excluded.value",
        params![
            preference.user_id,
            preference.category,
            preference.name,
            preference.value
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, preference: &Preference) -> ApiResult<()> {
    conn.execute(
        "DELETE FROM preferences WHERE user_id = ?1 AND category = ?2 AND name = ?3",
        params![preference.user_id, preference.category, preference.name],
    )?;
    Ok(())
}
