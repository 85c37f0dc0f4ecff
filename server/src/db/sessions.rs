//! Login sessions: an opaque token, the CSRF token handed to cookie clients, an expiry.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::ApiResult;
use crate::ids::new_id;

/// How long a session lasts (Mattermost's default for web sessions is 30 days).
pub const SESSION_LENGTH_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// A live session.
#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    pub user_id: String,
    pub csrf_token: String,
    pub expires_at: i64,
}

pub fn create(conn: &Connection, user_id: &str, now: i64) -> ApiResult<Session> {
    let session = Session {
        token: new_id(),
        user_id: user_id.to_string(),
        csrf_token: new_id(),
        expires_at: now + SESSION_LENGTH_MS,
    };
    conn.execute(
        "INSERT INTO sessions (token, user_id, csrf_token, create_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![session.token, session.user_id, session.csrf_token, now, session.expires_at],
    )?;
    Ok(session)
}

/// The session for `token` if it exists, has not expired and its user is active.
pub fn get_live(conn: &Connection, token: &str, now: i64) -> ApiResult<Option<Session>> {
    Ok(conn
        .query_row(
            "SELECT s.token, s.user_id, s.csrf_token, s.expires_at FROM sessions s \
             JOIN users u ON u.id = s.user_id \
             WHERE s.token = ?1 AND s.expires_at > ?2 AND u.delete_at = 0",
            params![token, now],
            |row| {
                Ok(Session {
                    token: row.get(0)?,
                    user_id: row.get(1)?,
                    csrf_token: row.get(2)?,
                    expires_at: row.get(3)?,
                })
            },
        )
        .optional()?)
}

pub fn delete(conn: &Connection, token: &str) -> ApiResult<()> {
    conn.execute("DELETE FROM sessions WHERE token = ?1", [token])?;
    Ok(())
}

/// Ends every session of `user_id` but `keep` (the caller's own, when they change their password);
/// returns the tokens ended, whose sockets must close.
pub fn delete_for_user(
    conn: &Connection,
    user_id: &str,
    keep: Option<&str>,
) -> ApiResult<Vec<String>> {
    let mut statement = conn
        .prepare("DELETE FROM sessions WHERE user_id = ?1 AND token IS NOT ?2 RETURNING token")?;
    let tokens = statement
        .query_map(params![user_id, keep], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(tokens)
}

/// Forgets sessions that have expired (run at start; expired ones are never accepted anyway).
pub fn delete_expired(conn: &Connection, now: i64) -> ApiResult<usize> {
    Ok(conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?)
}
