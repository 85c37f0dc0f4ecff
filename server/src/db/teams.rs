//! Teams and team membership.

use axum::http::StatusCode;
use brisk_model::{Team, TeamMember};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::is_unique_violation;
use crate::error::{ApiError, ApiResult};
use crate::ids::new_id;

pub const TEAM_OPEN: &str = "O";
pub const TEAM_INVITE: &str = "I";

/// Names Mattermost refuses for teams, because they collide with its URL routes.
const RESERVED_NAMES: &[&str] = &[
    "admin",
    "api",
    "channel",
    "claim",
    "error",
    "files",
    "help",
    "landing",
    "login",
    "mfa",
    "oauth",
    "plug",
    "plugins",
    "post",
    "signup",
    "boards",
    "playbooks",
];

const COLUMNS: &str =
    "id, create_at, update_at, delete_at, display_name, name, description, email, type, invite_id, allow_open_invite";

fn from_row(row: &Row) -> rusqlite::Result<Team> {
    Ok(Team {
        id: row.get(0)?,
        create_at: row.get(1)?,
        update_at: row.get(2)?,
        delete_at: row.get(3)?,
        display_name: row.get(4)?,
        name: row.get(5)?,
        description: row.get(6)?,
        email: row.get(7)?,
        team_type: row.get(8)?,
        invite_id: row.get(9)?,
        allow_open_invite: row.get(10)?,
        allowed_domains: String::new(),
    })
}

fn member_from_row(row: &Row) -> rusqlite::Result<TeamMember> {
    let admin: bool = row.get(2)?;
    Ok(TeamMember {
        team_id: row.get(0)?,
        user_id: row.get(1)?,
        roles: if admin {
            "team_user team_admin".into()
        } else {
            "team_user".into()
        },
        delete_at: row.get(3)?,
        scheme_user: true,
        scheme_admin: admin,
    })
}

/// Mattermost's team name rule: 2-64 chars, a-z 0-9 and '-', starting and ending alphanumeric.
pub fn validate_name(name: &str) -> ApiResult<()> {
    let bytes = name.as_bytes();
    let valid = (2..=64).contains(&name.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && !RESERVED_NAMES.iter().any(|r| name.starts_with(r));
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "model.team.is_valid.name.app_error",
            "Invalid name.",
        ))
    }
}

/// What creating a team needs.
pub struct NewTeam<'a> {
    pub name: &'a str,
    pub display_name: &'a str,
    pub description: &'a str,
    pub team_type: &'a str,
}

/// Mattermost's longest team display name and description.
const DISPLAY_NAME_MAX: usize = 64;
const DESCRIPTION_MAX: usize = 255;

/// The display name trimmed, or Mattermost's refusal.
fn checked_display_name(display_name: &str) -> ApiResult<&str> {
    let display_name = display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > DISPLAY_NAME_MAX {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "model.team.is_valid.display_name.app_error",
            "Invalid display name.",
        ));
    }
    Ok(display_name)
}

pub fn insert(conn: &Connection, new: &NewTeam, now: i64) -> ApiResult<Team> {
    validate_name(new.name)?;
    let display_name = checked_display_name(new.display_name)?;
    if new.team_type != TEAM_OPEN && new.team_type != TEAM_INVITE {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "model.team.is_valid.type.app_error",
            "Invalid type.",
        ));
    }
    let id = new_id();
    conn.execute(
        "INSERT INTO teams (id, create_at, update_at, name, display_name, description, type, invite_id, \
         allow_open_invite) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, now, new.name, display_name, new.description, new.team_type, new_id(), new.team_type == TEAM_OPEN],
    )
    .map_err(|err| {
        if is_unique_violation(&err) {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "app.team.save.existing.app_error",
                "A team with that name already exists.",
            )
        } else {
            err.into()
        }
    })?;
    get(conn, &id)?.ok_or_else(|| ApiError::internal("team vanished after insert"))
}

/// What `PUT /teams/{id}/patch` may change; None keeps the field.
#[derive(Default)]
pub struct TeamPatch {
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub allow_open_invite: Option<bool>,
}

/// Applies `patch` to `team`. An open team is one anyone with its invite link may join (type "O");
/// closing it also makes a new invite id, so the links handed out before stop working, as in
/// Mattermost.
pub fn update(conn: &Connection, team: &Team, patch: &TeamPatch, now: i64) -> ApiResult<Team> {
    let display_name = match &patch.display_name {
        Some(name) => checked_display_name(name)?,
        None => &team.display_name,
    };
    let description = patch.description.as_deref().unwrap_or(&team.description);
    if description.chars().count() > DESCRIPTION_MAX {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "model.team.is_valid.description.app_error",
            "Invalid description.",
        ));
    }
    let open = patch.allow_open_invite.unwrap_or(team.allow_open_invite);
    conn.execute(
        "UPDATE teams SET display_name = ?2, description = ?3, allow_open_invite = ?4, type = ?5, \
         update_at = ?6 WHERE id = ?1",
        params![
            team.id,
            display_name,
            description,
            open,
            if open { TEAM_OPEN } else { TEAM_INVITE },
            now
        ],
    )?;
    if team.allow_open_invite && !open {
        regenerate_invite_id(conn, &team.id, now)?;
    }
    get(conn, &team.id)?.ok_or_else(|| ApiError::internal("team vanished after update"))
}

/// Gives the team a new invite id: links with the old one stop working.
pub fn regenerate_invite_id(conn: &Connection, id: &str, now: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE teams SET invite_id = ?2, update_at = ?3 WHERE id = ?1",
        params![id, new_id(), now],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: &str) -> ApiResult<Option<Team>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM teams WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

pub fn get_by_name(conn: &Connection, name: &str) -> ApiResult<Option<Team>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM teams WHERE name = ?1"),
            [name],
            from_row,
        )
        .optional()?)
}

pub fn get_by_invite_id(conn: &Connection, invite_id: &str) -> ApiResult<Option<Team>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM teams WHERE invite_id = ?1 AND delete_at = 0"),
            [invite_id],
            from_row,
        )
        .optional()?)
}

/// The teams `user_id` belongs to, by display name.
pub fn for_user(conn: &Connection, user_id: &str) -> ApiResult<Vec<Team>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM teams t JOIN team_members m ON m.team_id = t.id \
         WHERE m.user_id = ?1 AND m.delete_at = 0 AND t.delete_at = 0 ORDER BY t.display_name",
        COLUMNS
            .split(", ")
            .map(|c| format!("t.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    ))?;
    let teams = stmt
        .query_map([user_id], from_row)?
        .collect::<Result<_, _>>()?;
    Ok(teams)
}

pub fn members_for_user(conn: &Connection, user_id: &str) -> ApiResult<Vec<TeamMember>> {
    let mut stmt = conn.prepare(
        "SELECT team_id, user_id, scheme_admin, delete_at FROM team_members WHERE user_id = ?1 AND delete_at = 0",
    )?;
    let members = stmt
        .query_map([user_id], member_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(members)
}

/// Who belongs to the team now.
pub fn member_ids(conn: &Connection, team_id: &str) -> ApiResult<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT user_id FROM team_members WHERE team_id = ?1 AND delete_at = 0")?;
    let ids = stmt
        .query_map([team_id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

pub fn get_member(
    conn: &Connection,
    team_id: &str,
    user_id: &str,
) -> ApiResult<Option<TeamMember>> {
    Ok(conn
        .query_row(
            "SELECT team_id, user_id, scheme_admin, delete_at FROM team_members \
             WHERE team_id = ?1 AND user_id = ?2 AND delete_at = 0",
            [team_id, user_id],
            member_from_row,
        )
        .optional()?)
}

/// Adds the user to the team (or revives a membership they left). Returns the member and whether
/// it is new.
pub fn add_member(
    conn: &Connection,
    team_id: &str,
    user_id: &str,
    admin: bool,
) -> ApiResult<(TeamMember, bool)> {
    if let Some(member) = get_member(conn, team_id, user_id)? {
        return Ok((member, false));
    }
    conn.execute(
        "INSERT INTO team_members (team_id, user_id, scheme_admin, delete_at) VALUES (?1, ?2, ?3, 0) \
         ON CONFLICT (team_id, user_id) DO UPDATE SET delete_at = 0, scheme_admin = excluded.scheme_admin",
        params![team_id, user_id, admin],
    )?;
    let member =
        get_member(conn, team_id, user_id)?.ok_or_else(|| ApiError::internal("member vanished"))?;
    Ok((member, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_names_follow_mattermost() {
        assert!(validate_name("demo").is_ok());
        assert!(validate_name("my-team2").is_ok());
        assert!(validate_name("a").is_err());
        assert!(validate_name("-team").is_err());
        assert!(validate_name("Team").is_err());
        assert!(validate_name("api").is_err());
        assert!(validate_name("my_team").is_err());
    }
}
