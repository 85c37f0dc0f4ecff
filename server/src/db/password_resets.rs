//! One-time password reset tokens: made for one account, kept only as their SHA-256, ended when
//! used, when they expire, or when a newer one is made for the same account.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::error::ApiResult;
use crate::ids::new_token;

/// How long a reset link works. Mattermost's mailed links last an hour; a link an admin hands
/// over by other means (a call, a chat elsewhere) may take longer to reach its person.
pub const RESET_TOKEN_LIFETIME_MS: i64 = 24 * 60 * 60 * 1000;

fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A new token for `user_id` (the only one that works for the account from now on).
pub fn create(conn: &Connection, user_id: &str, now: i64) -> ApiResult<String> {
    forget_for_user(conn, user_id)?;
    let token = new_token();
    conn.execute(
        "INSERT INTO password_reset_tokens (token_hash, user_id, create_at, expires_at) \
         VALUES (?1, ?2, ?3, ?4)",
        params![digest(&token), user_id, now, now + RESET_TOKEN_LIFETIME_MS],
    )?;
    Ok(token)
}

/// What a token presented at `now` is.
#[derive(Debug, PartialEq, Eq)]
pub enum Redeemed {
    /// It was live: this account's; the token is now used up.
    User(String),
    Expired,
    Unknown,
}

/// Uses up `token`: whichever answer, it never works again.
pub fn redeem(conn: &Connection, token: &str, now: i64) -> ApiResult<Redeemed> {
    let found: Option<(String, i64)> = conn
        .query_row(
            "DELETE FROM password_reset_tokens WHERE token_hash = ?1 RETURNING user_id, expires_at",
            [digest(token)],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(match found {
        None => Redeemed::Unknown,
        Some((_, expires_at)) if expires_at <= now => Redeemed::Expired,
        Some((user_id, _)) => Redeemed::User(user_id),
    })
}

/// Ends every token of `user_id` (a new password, a deactivation).
pub fn forget_for_user(conn: &Connection, user_id: &str) -> ApiResult<()> {
    conn.execute(
        "DELETE FROM password_reset_tokens WHERE user_id = ?1",
        [user_id],
    )?;
    Ok(())
}

/// Forgets expired tokens (the hourly clean-up).
pub fn delete_expired(conn: &Connection, now: i64) -> ApiResult<usize> {
    Ok(conn.execute(
        "DELETE FROM password_reset_tokens WHERE expires_at <= ?1",
        [now],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::users;

    #[test]
    fn a_token_works_once_is_stored_hashed_and_a_newer_one_replaces_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = crate::db::Db::open(dir.path()).expect("open");
        db.write_now(|tx| {
            let user = users::insert(tx, &users::test_person("ann"), 1)?;
            let first = create(tx, &user.id, 10)?;
            assert_eq!(first.len(), crate::ids::TOKEN_LENGTH);
            let stored: String =
                tx.query_row("SELECT token_hash FROM password_reset_tokens", [], |r| {
                    r.get(0)
                })?;
            assert_ne!(stored, first, "kept as its hash only");
            let second = create(tx, &user.id, 20)?;
            assert_eq!(redeem(tx, &first, 30)?, Redeemed::Unknown, "replaced");
            assert_eq!(redeem(tx, &second, 30)?, Redeemed::User(user.id.clone()));
            assert_eq!(redeem(tx, &second, 31)?, Redeemed::Unknown, "used up");
            let late = create(tx, &user.id, 40)?;
            let after = 40 + RESET_TOKEN_LIFETIME_MS;
            assert_eq!(redeem(tx, &late, after)?, Redeemed::Expired);
            assert_eq!(redeem(tx, &late, after)?, Redeemed::Unknown);
            Ok(())
        })
        .expect("tokens");
    }
}
