//! Joining teams and channels: the multi-step operations Mattermost performs around a membership
//! (default channels, the "joined" system message, the `user_added` event).

use brisk_model::{Channel, ChannelMember, Team, TeamMember, User};
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::store::channels::{self, NewChannel, OFF_TOPIC, TOWN_SQUARE};
use crate::store::posts::{self, NewPost};
use crate::store::teams::{self, NewTeam};
use rusqlite::Connection;

/// System post types.
pub const POST_JOIN_CHANNEL: &str = "system_join_channel";
pub const POST_JOIN_TEAM: &str = "system_join_team";
pub const POST_ADD_TO_CHANNEL: &str = "system_add_to_channel";

/// Creates a team with its two default channels, the creator as team and channel admin.
pub fn create_team(
    conn: &Connection,
    new: &NewTeam,
    creator: &User,
    now: i64,
    outbox: &mut Outbox,
) -> ApiResult<(Team, TeamMember)> {
    let team = teams::insert(conn, new, now)?;
    for (name, display_name) in [(TOWN_SQUARE, "Town Square"), (OFF_TOPIC, "Off-Topic")] {
        channels::insert(
            conn,
            &NewChannel {
                team_id: &team.id,
                name,
                display_name,
                header: "",
                purpose: "",
                channel_type: "O",
                creator_id: "",
            },
            now,
        )?;
    }
    let member = join_team(conn, &team, creator, true, now, outbox)?;
    Ok((team, member))
}

/// Adds the user to the team and to its default channels, posting the join messages there.
pub fn join_team(
    conn: &Connection,
    team: &Team,
    user: &User,
    admin: bool,
    now: i64,
    outbox: &mut Outbox,
) -> ApiResult<TeamMember> {
    let (member, is_new) = teams::add_member(conn, &team.id, &user.id, admin)?;
    if !is_new {
        return Ok(member);
    }
    for (name, post_type) in [
        (TOWN_SQUARE, POST_JOIN_TEAM),
        (OFF_TOPIC, POST_JOIN_CHANNEL),
    ] {
        if let Some(channel) =
            channels::get_by_name(conn, &team.id, name)?.filter(|c| c.delete_at == 0)
        {
            join_channel(
                conn,
                &channel,
                user,
                false,
                JoinedBy::Themselves(post_type),
                now,
                outbox,
            )?;
        }
    }
    outbox.event(
        "added_to_team",
        json!({ "team_id": team.id, "user_id": user.id }),
        Audience::User(user.id.clone()),
    );
    Ok(member)
}

/// How a user came into a channel, which decides the system message.
pub enum JoinedBy<'a> {
    /// They joined (or joined the team): `post_type` is POST_JOIN_CHANNEL or POST_JOIN_TEAM.
    Themselves(&'a str),
    /// Another member added them: "@bob added to the channel by @alice."
    Member(&'a User),
}

/// Adds the user to the channel with the matching system message. Joining twice is harmless and
/// returns the existing membership.
pub fn join_channel(
    conn: &Connection,
    channel: &Channel,
    user: &User,
    admin: bool,
    joined_by: JoinedBy,
    now: i64,
    outbox: &mut Outbox,
) -> ApiResult<ChannelMember> {
    let Some(_) = channels::add_member(conn, channel, &user.id, admin, now)? else {
        return channels::get_member(conn, &channel.id, &user.id)?
            .ok_or_else(|| ApiError::internal("membership vanished"));
    };
    outbox.joined.push((channel.id.clone(), user.id.clone()));
    let mut props = Map::new();
    let text = |s: &str| Value::String(s.to_string());
    let (author_id, post_type, message) = match joined_by {
        JoinedBy::Themselves(post_type) => {
            props.insert("username".into(), text(&user.username));
            let what = if post_type == POST_JOIN_TEAM {
                "team"
            } else {
                "channel"
            };
            (
                user.id.clone(),
                post_type,
                format!("@{} joined the {what}.", user.username),
            )
        }
        JoinedBy::Member(actor) => {
            props.insert("userId".into(), text(&actor.id));
            props.insert("username".into(), text(&actor.username));
            props.insert("addedUserId".into(), text(&user.id));
            props.insert("addedUsername".into(), text(&user.username));
            let message = format!(
                "@{} added to the channel by @{}.",
                user.username, actor.username
            );
            (actor.id.clone(), POST_ADD_TO_CHANNEL, message)
        }
    };
    posts::create(
        conn,
        NewPost {
            channel_id: channel.id.clone(),
            user_id: author_id,
            message,
            post_type: post_type.to_string(),
            props,
            ..Default::default()
        },
        now,
        outbox,
    )?;
    outbox.event(
        "user_added",
        json!({ "user_id": user.id, "team_id": channel.team_id }),
        Audience::Channel {
            channel_id: channel.id.clone(),
            omit_user: None,
        },
    );
    // Read again: the join message moved the member's read position.
    channels::get_member(conn, &channel.id, &user.id)?
        .ok_or_else(|| ApiError::internal("membership vanished"))
}
