//! Channels and channel membership, including the read state behind unread badges.

use std::collections::HashMap;

use axum::http::StatusCode;
use brisk_model::rules;
use brisk_model::{Channel, ChannelMember, ChannelNotifyProps, ChannelProps};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::is_unique_violation;
use crate::error::{ApiError, ApiResult};
use crate::ids::new_id;

pub const TOWN_SQUARE: &str = "town-square";
pub const OFF_TOPIC: &str = "off-topic";

const COLUMNS: &str = "id, create_at, update_at, delete_at, team_id, type, display_name, name, header, purpose, \
                       last_post_at, last_root_post_at, total_msg_count, total_msg_count_root, creator_id, props";

fn from_row(row: &Row) -> rusqlite::Result<Channel> {
    Ok(Channel {
        id: row.get(0)?,
        create_at: row.get(1)?,
        update_at: row.get(2)?,
        delete_at: row.get(3)?,
        team_id: row.get(4)?,
        channel_type: row.get(5)?,
        display_name: row.get(6)?,
        name: row.get(7)?,
        header: row.get(8)?,
        purpose: row.get(9)?,
        last_post_at: row.get(10)?,
        last_root_post_at: row.get(11)?,
        total_msg_count: row.get(12)?,
        total_msg_count_root: row.get(13)?,
        creator_id: row.get(14)?,
        extra_update_at: 0,
        props: props_from_column(&row.get::<_, String>(15)?),
    })
}

/// The stored props, or none when there is nothing in them (Mattermost sends no props then).
fn props_from_column(column: &str) -> Option<ChannelProps> {
    serde_json::from_str::<ChannelProps>(column)
        .ok()
        .filter(|props| !props.is_empty())
}

const MEMBER_COLUMNS: &str =
    "channel_id, user_id, scheme_admin, last_viewed_at, msg_count, msg_count_root, \
                              mention_count, mention_count_root, notify_props, last_update_at";

fn member_from_row(row: &Row) -> rusqlite::Result<ChannelMember> {
    let admin: bool = row.get(2)?;
    let notify_props: String = row.get(8)?;
    Ok(ChannelMember {
        channel_id: row.get(0)?,
        user_id: row.get(1)?,
        roles: if admin {
            "channel_user channel_admin".into()
        } else {
            "channel_user".into()
        },
        last_viewed_at: row.get(3)?,
        msg_count: row.get(4)?,
        msg_count_root: row.get(5)?,
        mention_count: row.get(6)?,
        mention_count_root: row.get(7)?,
        notify_props: serde_json::from_str(&notify_props).unwrap_or_default(),
        last_update_at: row.get(9)?,
    })
}

fn prefixed(columns: &str, alias: &str) -> String {
    columns
        .split(", ")
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bad_request(id: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, id, message)
}

/// What creating an open or private channel needs.
pub struct NewChannel<'a> {
    pub team_id: &'a str,
    pub name: &'a str,
    pub display_name: &'a str,
    pub header: &'a str,
    pub purpose: &'a str,
    pub channel_type: &'a str,
    pub creator_id: &'a str,
}

/// Refuses a display name outside `brisk_model::rules`, with Mattermost's error id.
pub fn validate_display_name(display_name: &str) -> ApiResult<()> {
    rules::channel_display_name_problem(display_name).map_or(Ok(()), |_| {
        Err(bad_request(
            "model.channel.is_valid.display_name.app_error",
            "Invalid display name.",
        ))
    })
}

/// Refuses a header outside `brisk_model::rules`, with Mattermost's error id.
pub fn validate_header(header: &str) -> ApiResult<()> {
    rules::channel_header_problem(header).map_or(Ok(()), |_| {
        Err(bad_request(
            "model.channel.is_valid.header.app_error",
            "Invalid header.",
        ))
    })
}

/// Refuses a purpose outside `brisk_model::rules`, with Mattermost's error id.
pub fn validate_purpose(purpose: &str) -> ApiResult<()> {
    rules::channel_purpose_problem(purpose).map_or(Ok(()), |_| {
        Err(bad_request(
            "model.channel.is_valid.purpose.app_error",
            "Invalid purpose.",
        ))
    })
}

/// Checks a new channel the way Mattermost's `Channel.IsValid` does.
pub fn validate(new: &NewChannel) -> ApiResult<()> {
    validate_display_name(new.display_name)?;
    if let Some(problem) = rules::channel_url_problem(new.name) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "model.channel.is_valid.1_or_more.app_error",
            problem.to_string(),
        ));
    }
    if new.channel_type != "O" && new.channel_type != "P" {
        return Err(bad_request(
            "model.channel.is_valid.type.app_error",
            "Invalid type.",
        ));
    }
    validate_header(new.header)?;
    validate_purpose(new.purpose)
}

/// Inserts an open or private channel (no members yet). `created_at` lets the demo seed date
/// channels in the past.
pub fn insert(conn: &Connection, new: &NewChannel, created_at: i64) -> ApiResult<Channel> {
    validate(new)?;
    insert_unchecked(conn, new, created_at)
}

/// Inserts any channel as given; direct and group channels (checked by their own rules) come here.
pub fn insert_unchecked(
    conn: &Connection,
    new: &NewChannel,
    created_at: i64,
) -> ApiResult<Channel> {
    let id = new_id();
    conn.execute(
        "INSERT INTO channels (id, create_at, update_at, team_id, type, name, display_name, header, purpose, \
         last_post_at, creator_id) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?2, ?9)",
        params![
            id,
            created_at,
            new.team_id,
            new.channel_type,
            new.name,
            new.display_name.trim(),
            new.header,
            new.purpose,
            new.creator_id
        ],
    )
    .map_err(|err| {
        if is_unique_violation(&err) {
            bad_request(
                "store.sql_channel.save_channel.exists.app_error",
                "A channel with that name already exists on the same team.",
            )
        } else {
            err.into()
        }
    })?;
    get(conn, &id)?.ok_or_else(|| ApiError::internal("channel vanished after insert"))
}

pub fn get(conn: &Connection, id: &str) -> ApiResult<Option<Channel>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM channels WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

pub fn get_by_name(conn: &Connection, team_id: &str, name: &str) -> ApiResult<Option<Channel>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM channels WHERE team_id = ?1 AND name = ?2"),
            [team_id, name],
            from_row,
        )
        .optional()?)
}

/// The user's live channels in a team, plus their direct and group channels (team_id ''), as
/// Mattermost's `GET /users/{id}/teams/{team_id}/channels` returns them.
pub fn for_user_in_team(
    conn: &Connection,
    user_id: &str,
    team_id: &str,
) -> ApiResult<Vec<Channel>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM channels c JOIN channel_members m ON m.channel_id = c.id \
         WHERE m.user_id = ?1 AND (c.team_id = ?2 OR c.team_id = '') AND c.delete_at = 0 \
         ORDER BY c.display_name",
        prefixed(COLUMNS, "c")
    ))?;
    let channels = stmt
        .query_map([user_id, team_id], from_row)?
        .collect::<Result<_, _>>()?;
    Ok(channels)
}

/// The open channels of a team, for browsing.
pub fn public_in_team(
    conn: &Connection,
    team_id: &str,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<Channel>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM channels WHERE team_id = ?1 AND type = 'O' AND delete_at = 0 \
         ORDER BY display_name, id LIMIT ?2 OFFSET ?3"
    ))?;
    let channels = stmt
        .query_map(params![team_id, limit, offset], from_row)?
        .collect::<Result<_, _>>()?;
    Ok(channels)
}

/// The user's memberships matching `for_user_in_team`.
pub fn members_for_user_in_team(
    conn: &Connection,
    user_id: &str,
    team_id: &str,
) -> ApiResult<Vec<ChannelMember>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM channel_members m JOIN channels c ON c.id = m.channel_id \
         WHERE m.user_id = ?1 AND (c.team_id = ?2 OR c.team_id = '') AND c.delete_at = 0",
        prefixed(MEMBER_COLUMNS, "m")
    ))?;
    let members = stmt
        .query_map([user_id, team_id], member_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(members)
}

pub fn get_member(
    conn: &Connection,
    channel_id: &str,
    user_id: &str,
) -> ApiResult<Option<ChannelMember>> {
    Ok(conn
        .query_row(
            &format!("SELECT {MEMBER_COLUMNS} FROM channel_members WHERE channel_id = ?1 AND user_id = ?2"),
            [channel_id, user_id],
            member_from_row,
        )
        .optional()?)
}

/// Replaces a member's notification settings.
pub fn set_notify_props(
    conn: &Connection,
    channel_id: &str,
    user_id: &str,
    props: &ChannelNotifyProps,
    now: i64,
) -> ApiResult<()> {
    let props = serde_json::to_string(props).map_err(ApiError::internal)?;
    conn.execute(
        "UPDATE channel_members SET notify_props = ?3, last_update_at = ?4 \
         WHERE channel_id = ?1 AND user_id = ?2",
        params![channel_id, user_id, props, now],
    )?;
    Ok(())
}

pub fn is_member(conn: &Connection, channel_id: &str, user_id: &str) -> ApiResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM channel_members WHERE channel_id = ?1 AND user_id = ?2)",
        [channel_id, user_id],
        |r| r.get(0),
    )?)
}

/// The ids of a channel's members.
pub fn member_ids(conn: &Connection, channel_id: &str) -> ApiResult<Vec<String>> {
    let mut stmt = conn.prepare("SELECT user_id FROM channel_members WHERE channel_id = ?1")?;
    let ids = stmt
        .query_map([channel_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}

/// A page of a channel's members, in the order they joined.
pub fn members_page(
    conn: &Connection,
    channel_id: &str,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<ChannelMember>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {MEMBER_COLUMNS} FROM channel_members WHERE channel_id = ?1 \
         ORDER BY rowid LIMIT ?2 OFFSET ?3"
    ))?;
    let members = stmt
        .query_map(params![channel_id, limit, offset], member_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(members)
}

/// How many members a channel has.
pub fn member_count(conn: &Connection, channel_id: &str) -> ApiResult<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM channel_members WHERE channel_id = ?1",
        [channel_id],
        |r| r.get(0),
    )?)
}

/// Removes a membership; false if there was none.
pub fn remove_member(conn: &Connection, channel_id: &str, user_id: &str) -> ApiResult<bool> {
    Ok(conn.execute(
        "DELETE FROM channel_members WHERE channel_id = ?1 AND user_id = ?2",
        [channel_id, user_id],
    )? > 0)
}

/// The archived channels of a team the user may see: open ones, and private ones they are in.
pub fn archived_in_team(
    conn: &Connection,
    team_id: &str,
    user_id: &str,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<Channel>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM channels c WHERE c.team_id = ?1 AND c.delete_at > 0 AND (c.type = 'O' \
           OR (c.type = 'P' AND EXISTS(SELECT 1 FROM channel_members m \
                                       WHERE m.channel_id = c.id AND m.user_id = ?2))) \
         ORDER BY c.display_name LIMIT ?3 OFFSET ?4"
    ))?;
    let channels = stmt
        .query_map(params![team_id, user_id, limit, offset], from_row)?
        .collect::<Result<_, _>>()?;
    Ok(channels)
}

/// Every (channel_id, user_id) membership, to fill the WebSocket hub's routing cache at start.
pub fn all_memberships(conn: &Connection) -> ApiResult<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT channel_id, user_id FROM channel_members")?;
    let pairs = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(pairs)
}

/// Adds a member who starts with everything read: joining a channel with a long history should not
/// light up hundreds of unread messages. Returns None if they were already a member.
pub fn add_member(
    conn: &Connection,
    channel: &Channel,
    user_id: &str,
    admin: bool,
    now: i64,
) -> ApiResult<Option<ChannelMember>> {
    let notify_props =
        serde_json::to_string(&ChannelNotifyProps::default()).map_err(ApiError::internal)?;
    let inserted = conn.execute(
        "INSERT INTO channel_members (channel_id, user_id, scheme_admin, last_viewed_at, msg_count, msg_count_root, \
         notify_props, last_update_at) \
         SELECT id, ?2, ?3, ?4, total_msg_count, total_msg_count_root, ?5, ?4 FROM channels WHERE id = ?1 \
         ON CONFLICT (channel_id, user_id) DO NOTHING",
        params![channel.id, user_id, admin, now, notify_props],
    )?;
    if inserted == 0 {
        return Ok(None);
    }
    get_member(conn, &channel.id, user_id)
}

/// Marks channels read for a user, as `POST /channels/members/me/view` does: the member catches up
/// with the channel's totals and its mentions clear. Returns channel id → the new last_viewed_at,
/// for the channels the user is a member of.
pub fn mark_viewed(
    conn: &Connection,
    user_id: &str,
    channel_ids: &[&str],
    now: i64,
) -> ApiResult<HashMap<String, i64>> {
    let mut times = HashMap::new();
    for channel_id in channel_ids {
        let updated = conn
            .query_row(
                "UPDATE channel_members SET \
                   last_viewed_at = MAX(last_viewed_at, (SELECT last_post_at FROM channels WHERE id = ?1)), \
                   msg_count = (SELECT total_msg_count FROM channels WHERE id = ?1), \
                   msg_count_root = (SELECT total_msg_count_root FROM channels WHERE id = ?1), \
                   mention_count = 0, mention_count_root = 0, last_update_at = ?3 \
                 WHERE channel_id = ?1 AND user_id = ?2 RETURNING last_viewed_at",
                params![channel_id, user_id, now],
                |r| r.get::<_, i64>(0),
            )
            .optional()?;
        if let Some(at) = updated {
            times.insert(channel_id.to_string(), at);
        }
    }
    Ok(times)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_carry_mattermosts_error_ids() {
        let new = |name, display_name, header, purpose| NewChannel {
            team_id: "",
            name,
            display_name,
            header,
            purpose,
            channel_type: "O",
            creator_id: "",
        };
        let refused = |channel: NewChannel| validate(&channel).expect_err("accepted").id;
        assert!(validate(&new("dev_ops-2", "Dev Ops", "", "")).is_ok());
        let dm = format!("{}__{}", new_id(), new_id());
        for name in ["a", "-dev", "Dev", dm.as_str()] {
            assert_eq!(
                refused(new(name, "Dev", "", "")),
                "model.channel.is_valid.1_or_more.app_error"
            );
        }
        assert_eq!(
            refused(new("dev", " ", "", "")),
            "model.channel.is_valid.display_name.app_error"
        );
        let long = "x".repeat(rules::CHANNEL_HEADER_MAX + 1);
        assert_eq!(
            refused(new("dev", "Dev", &long, "")),
            "model.channel.is_valid.header.app_error"
        );
        assert_eq!(
            refused(new("dev", "Dev", "", &long)),
            "model.channel.is_valid.purpose.app_error"
        );
    }
}
