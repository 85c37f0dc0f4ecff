//! Settings an admin saved in the System console, by name, as JSON.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use crate::error::ApiResult;

pub fn get(conn: &Connection, name: &str) -> ApiResult<Option<Value>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT value FROM system_settings WHERE name = ?1",
            [name],
            |row| row.get(0),
        )
        .optional()?;
    Ok(text.and_then(|text| serde_json::from_str(&text).ok()))
}

pub fn put(conn: &Connection, name: &str, value: &Value) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO system_settings (name, value) VALUES (?1, ?2) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params![name, value.to_string()],
    )?;
    Ok(())
}
