//! A user's sidebar categories on a team. The stored `channel_ids` are the user's arrangement. Each
//! read brings it up to date with the user's memberships: channels they left drop out, and channels
//! they joined since land at the top of "channels" (or "direct_messages"), as Mattermost places a
//! newly joined channel. So joining and leaving need no bookkeeping of their own.

use std::collections::HashSet;

use brisk_model::{category_type, channel_type, SidebarCategory};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::channels;
use crate::error::{ApiError, ApiResult};

const COLUMNS: &str =
    "id, user_id, team_id, type, display_name, sorting, muted, collapsed, sort_order, channel_ids";

/// Mattermost leaves this much room between neighbours' `sort_order`.
const SORT_STEP: i64 = 10;

fn from_row(row: &Row) -> rusqlite::Result<SidebarCategory> {
    let channel_ids: String = row.get(9)?;
    Ok(SidebarCategory {
        id: row.get(0)?,
        user_id: row.get(1)?,
        team_id: row.get(2)?,
        category_type: row.get(3)?,
        display_name: row.get(4)?,
        sorting: row.get(5)?,
        muted: row.get(6)?,
        collapsed: row.get(7)?,
        sort_order: row.get(8)?,
        channel_ids: serde_json::from_str(&channel_ids).unwrap_or_default(),
    })
}

/// The three categories every user starts with on a team, with Mattermost's ids and names.
fn defaults(user_id: &str, team_id: &str) -> [SidebarCategory; 3] {
    let default = |category_type: &str, display_name: &str, position: i64| SidebarCategory {
        id: format!("{category_type}_{user_id}_{team_id}"),
        user_id: user_id.to_string(),
        team_id: team_id.to_string(),
        sort_order: position * SORT_STEP,
        category_type: category_type.to_string(),
        display_name: display_name.to_string(),
        ..Default::default()
    };
    [
        default(category_type::FAVORITES, "Favorites", 0),
        default(category_type::CHANNELS, "Channels", 1),
        default(category_type::DIRECT_MESSAGES, "Direct Messages", 2),
    ]
}

fn stored(conn: &Connection, user_id: &str, team_id: &str) -> ApiResult<Vec<SidebarCategory>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM sidebar_categories WHERE user_id = ?1 AND team_id = ?2 \
         ORDER BY sort_order, id"
    ))?;
    let categories = stmt
        .query_map([user_id, team_id], from_row)?
        .collect::<Result<_, _>>()?;
    Ok(categories)
}

/// Writes every field of `category` (inserting it if new).
pub fn save(conn: &Connection, category: &SidebarCategory) -> ApiResult<()> {
    let channel_ids = serde_json::to_string(&category.channel_ids).map_err(ApiError::internal)?;
    conn.execute(
        &format!(
            "INSERT OR REPLACE INTO sidebar_categories ({COLUMNS}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            category.id,
            category.user_id,
            category.team_id,
            category.category_type,
            category.display_name,
            category.sorting,
            category.muted,
            category.collapsed,
            category.sort_order,
            channel_ids
        ],
    )?;
    Ok(())
}

/// The user's categories on the team in their order, each listing the channels it shows, stored
/// as shown. The default three are created on first use.
pub fn arranged(
    conn: &Connection,
    user_id: &str,
    team_id: &str,
) -> ApiResult<Vec<SidebarCategory>> {
    let mut categories = stored(conn, user_id, team_id)?;
    if categories.is_empty() {
        for category in defaults(user_id, team_id) {
            save(conn, &category)?;
        }
        categories = stored(conn, user_id, team_id)?;
    }
    let joined = channels::for_user_in_team(conn, user_id, team_id)?;
    let member_of: HashSet<&str> = joined.iter().map(|c| c.id.as_str()).collect();
    let stored_lists: Vec<Vec<String>> = categories.iter().map(|c| c.channel_ids.clone()).collect();
    let mut placed: HashSet<String> = HashSet::new();
    for category in &mut categories {
        category
            .channel_ids
            .retain(|id| member_of.contains(id.as_str()) && placed.insert(id.clone()));
    }
    let is_conversation = |kind: &str| kind == channel_type::DIRECT || kind == channel_type::GROUP;
    for channel in joined.iter().rev() {
        if placed.contains(&channel.id) {
            continue;
        }
        let home = if is_conversation(&channel.channel_type) {
            category_type::DIRECT_MESSAGES
        } else {
            category_type::CHANNELS
        };
        if let Some(category) = categories.iter_mut().find(|c| c.category_type == home) {
            category.channel_ids.insert(0, channel.id.clone());
        }
    }
    for (category, stored_list) in categories.iter().zip(stored_lists) {
        if category.channel_ids != stored_list {
            save(conn, category)?;
        }
    }
    Ok(categories)
}

/// One stored category of the user's on the team, or None.
pub fn get(
    conn: &Connection,
    user_id: &str,
    team_id: &str,
    id: &str,
) -> ApiResult<Option<SidebarCategory>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM sidebar_categories \
                 WHERE id = ?1 AND user_id = ?2 AND team_id = ?3"
            ),
            [id, user_id, team_id],
            from_row,
        )
        .optional()?)
}

/// Takes `channel_ids` out of every category of the user's on the team but `keep_id`: a channel
/// sits in one category only.
pub fn take_channels_from_others(
    conn: &Connection,
    user_id: &str,
    team_id: &str,
    keep_id: &str,
    channel_ids: &[String],
) -> ApiResult<()> {
    for mut category in stored(conn, user_id, team_id)? {
        if category.id == keep_id {
            continue;
        }
        let before = category.channel_ids.len();
        category.channel_ids.retain(|id| !channel_ids.contains(id));
        if category.channel_ids.len() != before {
            save(conn, &category)?;
        }
    }
    Ok(())
}

/// Puts the categories in the order of `ids`.
pub fn set_order(conn: &Connection, ids: &[String]) -> ApiResult<()> {
    for (position, id) in (0_i64..).zip(ids) {
        conn.execute(
            "UPDATE sidebar_categories SET sort_order = ?2 WHERE id = ?1",
            params![id, position * SORT_STEP],
        )?;
    }
    Ok(())
}

/// The `sort_order` that puts a new category above all others, as Mattermost places new ones.
pub fn top_sort_order(conn: &Connection, user_id: &str, team_id: &str) -> ApiResult<i64> {
    let lowest: Option<i64> = conn.query_row(
        "SELECT MIN(sort_order) FROM sidebar_categories WHERE user_id = ?1 AND team_id = ?2",
        [user_id, team_id],
        |r| r.get(0),
    )?;
    Ok(lowest.unwrap_or(0) - SORT_STEP)
}

/// How many categories the user has on the team.
pub fn count(conn: &Connection, user_id: &str, team_id: &str) -> ApiResult<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM sidebar_categories WHERE user_id = ?1 AND team_id = ?2",
        [user_id, team_id],
        |r| r.get(0),
    )?)
}

pub fn delete(conn: &Connection, id: &str) -> ApiResult<()> {
    conn.execute("DELETE FROM sidebar_categories WHERE id = ?1", [id])?;
    Ok(())
}
