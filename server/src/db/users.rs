//! Users: the field rules as Mattermost's refusals, Argon2 password hashes, lookups.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::http::StatusCode;
use brisk_model::rules::{self, FieldProblem, PASSWORD_MAX, PASSWORD_MIN};
use brisk_model::User;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use super::{is_unique_violation, placeholders};
use crate::error::{ApiError, ApiResult};
use crate::ids::new_id;

/// Roles of an ordinary account and of an administrator.
pub const ROLES_USER: &str = "system_user";
pub const ROLES_ADMIN: &str = "system_admin system_user";

const COLUMNS: &str =
    "id, create_at, update_at, delete_at, username, first_name, last_name, nickname, email, \
                       roles, locale, position, is_bot, last_picture_update";

fn from_row(row: &Row) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        create_at: row.get(1)?,
        update_at: row.get(2)?,
        delete_at: row.get(3)?,
        username: row.get(4)?,
        first_name: row.get(5)?,
        last_name: row.get(6)?,
        nickname: row.get(7)?,
        email: row.get(8)?,
        roles: row.get(9)?,
        locale: row.get(10)?,
        position: row.get(11)?,
        is_bot: row.get(12)?,
        last_picture_update: row.get(13)?,
        auth_service: String::new(),
        timezone: [
            ("useAutomaticTimezone", "true"),
            ("automaticTimezone", ""),
            ("manualTimezone", ""),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect(),
    })
}

fn bad_request(id: &'static str, message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, id, message)
}

/// Refuses a username outside `brisk_model::rules`, with Mattermost's error id.
pub fn validate_username(username: &str) -> ApiResult<()> {
    match rules::username_problem(username) {
        None => Ok(()),
        Some(problem) => Err(bad_request(
            "model.user.is_valid.username.app_error",
            problem.to_string(),
        )),
    }
}

/// Refuses an email address outside `brisk_model::rules`, with Mattermost's error id.
pub fn validate_email(email: &str) -> ApiResult<()> {
    match rules::email_problem(email) {
        None => Ok(()),
        Some(_) => Err(bad_request(
            "model.user.is_valid.email.app_error",
            "Invalid email.".into(),
        )),
    }
}

/// Refuses a password outside Mattermost's default policy (length only), with its error ids.
pub fn validate_password(password: &str) -> ApiResult<()> {
    match rules::password_problem(password) {
        None => Ok(()),
        Some(FieldProblem::PasswordTooLong) => Err(bad_request(
            "model.user.is_valid.pwd_max_length.app_error",
            format!("Your password must contain no more than {PASSWORD_MAX} characters."),
        )),
        Some(_) => Err(bad_request(
            "model.user.is_valid.pwd_min_length.app_error",
            format!("Your password must contain at least {PASSWORD_MIN} characters."),
        )),
    }
}

/// An Argon2id PHC string for `password`.
pub fn hash_password(password: &str) -> ApiResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| ApiError::internal(format!("hash password: {err}")))
}

/// Whether `password` matches the stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// What creating an account needs; the password arrives already hashed.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub position: &'a str,
    pub roles: &'a str,
}

/// Inserts a user; duplicates become Mattermost's 400s.
pub fn insert(conn: &Connection, new: &NewUser, now: i64) -> ApiResult<User> {
    let id = new_id();
    let username = new.username.to_lowercase();
    let email = new.email.to_lowercase();
    conn.execute(
        "INSERT INTO users (id, create_at, update_at, username, email, password_hash, first_name, last_name, \
         position, roles) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, now, username, email, new.password_hash, new.first_name, new.last_name, new.position, new.roles],
    )
    .map_err(|err| {
        if !is_unique_violation(&err) {
            return ApiError::from(err);
        }
        if err.to_string().contains("users.username") {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "app.user.save.username_exists.app_error",
                "An account with that username already exists.",
            )
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "app.user.save.email_exists.app_error",
                "An account with that email already exists.",
            )
        }
    })?;
    get(conn, &id)?.ok_or_else(|| ApiError::internal("user vanished after insert"))
}

/// An ordinary account named `username` with no password, for tests.
#[cfg(test)]
pub fn test_person(username: &str) -> NewUser<'_> {
    NewUser {
        username,
        email: "someone@example.org",
        password_hash: "",
        first_name: "",
        last_name: "",
        position: "",
        roles: ROLES_USER,
    }
}

/// Marks an account as a bot (Mattermost's `is_bot`), as the bridges' account is.
pub fn mark_bot(conn: &Connection, id: &str) -> ApiResult<()> {
    conn.execute("UPDATE users SET is_bot = 1 WHERE id = ?1", [id])?;
    Ok(())
}

/// What a bot account shows about itself.
pub struct NewBot<'a> {
    pub username: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub position: &'a str,
}

/// The bot account `username`, created on first use with no password (nobody can sign in as it).
/// None when a person holds the username: a bot never takes over someone's account.
pub fn get_or_create_bot(conn: &Connection, bot: &NewBot, now: i64) -> ApiResult<Option<User>> {
    match get_by_username(conn, bot.username)? {
        Some(user) => Ok(user.is_bot.then_some(user)),
        None => {
            let user = insert(
                conn,
                &NewUser {
                    username: bot.username,
                    email: &format!("{}@bot.invalid", bot.username),
                    password_hash: "",
                    first_name: bot.first_name,
                    last_name: bot.last_name,
                    position: bot.position,
                    roles: ROLES_USER,
                },
                now,
            )?;
            mark_bot(conn, &user.id)?;
            get(conn, &user.id)
        }
    }
}

/// Deactivates an account (Mattermost's `delete_at`): it stays, with its posts, but cannot sign in.
pub fn deactivate(conn: &Connection, id: &str, now: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE users SET delete_at = ?2, update_at = ?2 WHERE id = ?1 AND delete_at = 0",
        params![id, now],
    )?;
    Ok(())
}

/// Lets a deactivated account sign in again.
pub fn reactivate(conn: &Connection, id: &str, now: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE users SET delete_at = 0, update_at = ?2 WHERE id = ?1 AND delete_at != 0",
        params![id, now],
    )?;
    Ok(())
}

/// Sets an account's system roles (one of `ROLES_USER`, `ROLES_ADMIN`).
pub fn set_roles(conn: &Connection, id: &str, roles: &str, now: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE users SET roles = ?2, update_at = ?3 WHERE id = ?1",
        params![id, roles, now],
    )?;
    Ok(())
}

/// How many active accounts are system admins.
pub fn count_active_admins(conn: &Connection) -> ApiResult<i64> {
    Ok(conn.query_row(
        &format!("SELECT COUNT(*) FROM users WHERE delete_at = 0 AND {HAS_ADMIN_ROLE}"),
        [],
        |r| r.get(0),
    )?)
}

/// SQL: the row's roles include `system_admin` (roles are space-separated names).
const HAS_ADMIN_ROLE: &str = "(' ' || roles || ' ') LIKE '% system_admin %'";

pub fn count(conn: &Connection) -> ApiResult<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?)
}

pub fn get(conn: &Connection, id: &str) -> ApiResult<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

pub fn get_by_username(conn: &Connection, username: &str) -> ApiResult<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE username = ?1"),
            [username.to_lowercase()],
            from_row,
        )
        .optional()?)
}

/// The account with this email address (case-insensitive), active or not.
pub fn get_by_email(conn: &Connection, email: &str) -> ApiResult<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM users WHERE email = ?1"),
            [email.trim().to_lowercase()],
            from_row,
        )
        .optional()?)
}

/// The active user whose username or email is `login_id` (case-insensitive), with the hash.
pub fn find_for_login(conn: &Connection, login_id: &str) -> ApiResult<Option<(User, String)>> {
    let login_id = login_id.trim().to_lowercase();
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS}, password_hash FROM users \
                 WHERE (username = ?1 OR email = ?1) AND delete_at = 0"
            ),
            [login_id],
            |row| Ok((from_row(row)?, row.get::<_, String>(14)?)),
        )
        .optional()?)
}

/// The password hash of an active account.
pub fn password_hash(conn: &Connection, id: &str) -> ApiResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT password_hash FROM users WHERE id = ?1 AND delete_at = 0",
            [id],
            |row| row.get(0),
        )
        .optional()?)
}

pub fn set_password_hash(conn: &Connection, id: &str, hash: &str, now: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?2, update_at = ?3 WHERE id = ?1",
        params![id, hash, now],
    )?;
    Ok(())
}

/// A profile's names and position as they now read.
pub struct Profile<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub nickname: &'a str,
    pub position: &'a str,
}

/// Replaces the user's names and position.
pub fn set_profile(conn: &Connection, id: &str, profile: &Profile, now: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE users SET first_name = ?2, last_name = ?3, nickname = ?4, position = ?5, \
         update_at = ?6 WHERE id = ?1",
        params![
            id,
            profile.first_name,
            profile.last_name,
            profile.nickname,
            profile.position,
            now
        ],
    )?;
    Ok(())
}

/// The users among `ids` that exist, in username order.
pub fn get_many(conn: &Connection, ids: &[String]) -> ApiResult<Vec<User>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE id IN ({}) ORDER BY username",
        placeholders(ids.len())
    );
    let mut stmt = conn.prepare(&sql)?;
    let users = stmt
        .query_map(params_from_iter(ids), from_row)?
        .collect::<Result<_, _>>()?;
    Ok(users)
}

/// Which accounts a list takes by whether they may sign in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Activity {
    #[default]
    Active,
    Deactivated,
    Either,
}

/// Filters of `GET /users` and the searches.
#[derive(Default)]
pub struct ListFilter {
    pub in_team: Option<String>,
    pub in_channel: Option<String>,
    pub not_in_channel: Option<String>,
    pub activity: Activity,
    /// Only system admins.
    pub admins_only: bool,
}

/// A page of users in username order, optionally restricted to a team or channel.
pub fn list(
    conn: &Connection,
    filter: &ListFilter,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<User>> {
    let mut sql = format!(
        "SELECT {COLUMNS} FROM users u WHERE {}",
        match filter.activity {
            Activity::Active => "u.delete_at = 0",
            Activity::Deactivated => "u.delete_at != 0",
            Activity::Either => "1",
        }
    );
    if filter.admins_only {
        sql.push_str(&format!(" AND {HAS_ADMIN_ROLE}"));
    }
    let mut args: Vec<String> = Vec::new();
    if let Some(team) = &filter.in_team {
        sql.push_str(" AND EXISTS(SELECT 1 FROM team_members tm WHERE tm.user_id = u.id AND tm.team_id = ? AND tm.delete_at = 0)");
        args.push(team.clone());
    }
    if let Some(channel) = &filter.in_channel {
        sql.push_str(" AND EXISTS(SELECT 1 FROM channel_members cm WHERE cm.user_id = u.id AND cm.channel_id = ?)");
        args.push(channel.clone());
    }
    if let Some(channel) = &filter.not_in_channel {
        sql.push_str(" AND NOT EXISTS(SELECT 1 FROM channel_members cm WHERE cm.user_id = u.id AND cm.channel_id = ?)");
        args.push(channel.clone());
    }
    sql.push_str(&format!(
        " ORDER BY u.username LIMIT {limit} OFFSET {offset}"
    ));
    let mut stmt = conn.prepare(&sql)?;
    let users = stmt
        .query_map(params_from_iter(args), from_row)?
        .collect::<Result<_, _>>()?;
    Ok(users)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_carry_mattermosts_error_ids() {
        let refused = |result: ApiResult<()>| result.expect_err("accepted").id;
        assert!(validate_username("alice").is_ok());
        assert_eq!(
            refused(validate_username("here")),
            "model.user.is_valid.username.app_error"
        );
        assert!(validate_email("alice@example.org").is_ok());
        assert_eq!(
            refused(validate_email("alice")),
            "model.user.is_valid.email.app_error"
        );
        assert!(validate_password("12345678").is_ok());
        assert_eq!(
            refused(validate_password("1234567")),
            "model.user.is_valid.pwd_min_length.app_error"
        );
        let long = "x".repeat(PASSWORD_MAX + 1);
        assert_eq!(
            refused(validate_password(&long)),
            "model.user.is_valid.pwd_max_length.app_error"
        );
    }

    #[test]
    fn a_bot_account_is_made_once_and_never_takes_a_persons_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = crate::db::Db::open(dir.path()).expect("open");
        let bot = |username| NewBot {
            username,
            first_name: "A",
            last_name: "bot",
            position: "",
        };
        db.write_now(|tx| {
            let made = get_or_create_bot(tx, &bot("relay"), 1)?.expect("bot");
            assert!(made.is_bot);
            let again = get_or_create_bot(tx, &bot("relay"), 2)?.expect("bot");
            assert_eq!(again.id, made.id);
            insert(tx, &test_person("ann"), 1)?;
            assert!(get_or_create_bot(tx, &bot("ann"), 3)?.is_none());
            Ok(())
        })
        .expect("bots");
    }

    #[test]
    fn password_hash_verifies_only_the_right_password() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(hash.starts_with("$argon2"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }
}
