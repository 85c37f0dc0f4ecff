//! Direct (two people) and group (3-8 people) message channels: no team, a name derived from the
//! members, so asking for the same people again finds the same channel.

use brisk_model::{channel_type, Channel, User};
use rusqlite::{Connection, OptionalExtension};
use sha1::{Digest, Sha1};

use super::channels::{self, NewChannel};
use crate::error::ApiResult;

/// Mattermost's bounds on a group message.
pub const GROUP_MIN: usize = 3;
pub const GROUP_MAX: usize = 8;

/// Mattermost's DM name: the two user ids, sorted, joined by "__".
pub fn direct_name(a: &str, b: &str) -> String {
    let (first, second) = if a <= b { (a, b) } else { (b, a) };
    format!("{first}__{second}")
}

/// Mattermost's group channel name: the SHA-1 (hex) of the sorted member ids run together.
pub fn group_name(user_ids: &[String]) -> String {
    let mut sorted: Vec<&str> = user_ids.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let mut hasher = Sha1::new();
    for id in sorted {
        hasher.update(id.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A group channel's display name: the members' usernames, sorted, comma-separated.
pub fn group_display_name(users: &[User]) -> String {
    let mut names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
    names.sort_unstable();
    names.join(", ")
}

fn get_by_team_and_name(conn: &Connection, name: &str) -> ApiResult<Option<Channel>> {
    let id: Option<String> = conn
        .query_row(
            "SELECT id FROM channels WHERE team_id = '' AND name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => channels::get(conn, &id),
        None => Ok(None),
    }
}

/// The direct or group channel of exactly `members`, created (with its memberships) if new.
/// Returns the channel and whether it was created.
pub fn get_or_create(
    conn: &Connection,
    kind: &str,
    members: &[User],
    creator_id: &str,
    now: i64,
) -> ApiResult<(Channel, bool)> {
    let ids: Vec<String> = members.iter().map(|u| u.id.clone()).collect();
    let (name, display_name) = if kind == channel_type::DIRECT {
        let first = ids.first().map(String::as_str).unwrap_or(creator_id);
        let other = ids.last().map(String::as_str).unwrap_or(first);
        (direct_name(first, other), String::new())
    } else {
        (group_name(&ids), group_display_name(members))
    };
    if let Some(channel) = get_by_team_and_name(conn, &name)? {
        return Ok((channel, false));
    }
    let channel = channels::insert_unchecked(
        conn,
        &NewChannel {
            team_id: "",
            name: &name,
            display_name: &display_name,
            header: "",
            purpose: "",
            channel_type: kind,
            creator_id,
        },
        now,
    )?;
    for user in members {
        channels::add_member(conn, &channel, &user.id, false, now)?;
    }
    Ok((channel, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_do_not_depend_on_order() {
        assert_eq!(direct_name("b", "a"), "a__b");
        assert_eq!(direct_name("a", "b"), "a__b");
        let forward = group_name(&["x".into(), "y".into(), "z".into()]);
        let backward = group_name(&["z".into(), "y".into(), "x".into()]);
        assert_eq!(forward, backward);
        assert_eq!(forward.len(), 40);
        // SHA-1("xyz"), as Mattermost computes it over the sorted ids run together.
        assert_eq!(forward, "66b27417d37e024c46526c2f6d358a754fc552f3");
    }
}
