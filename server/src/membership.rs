//! Joining teams and channels: the multi-step operations Mattermost performs around a membership
//! (default channels, the "joined" system message, the `user_added` event).

use brisk_model::{event_name, Channel, ChannelMember, Team, TeamMember, User};
use serde_json::{json, Map, Value};

use crate::db::channels::{self, NewChannel, OFF_TOPIC, TOWN_SQUARE};
use crate::db::teams::{self, NewTeam};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::system_posts::{self, SystemPost};
use rusqlite::Connection;

pub use crate::system_posts::{
    ADD_TO_CHANNEL as POST_ADD_TO_CHANNEL, JOIN_CHANNEL as POST_JOIN_CHANNEL,
    JOIN_TEAM as POST_JOIN_TEAM,
};

/// Creates a team with its two default channels, the creator as team and channel admin.
pub fn create_team(
    conn: &Connection,
    new: &NewTeam,
    creator: &User,
    now: i64,
    outbox: &mut Outbox,
) -> ApiResult<(Team, TeamMember)> {
    let team = create_team_with_default_channels(conn, new, now)?;
    let member = join_team(conn, &team, creator, true, now, outbox)?;
    Ok((team, member))
}

/// Creates a team and its two default channels, with nobody in them yet.
pub fn create_team_with_default_channels(
    conn: &Connection,
    new: &NewTeam,
    now: i64,
) -> ApiResult<Team> {
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
    Ok(team)
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
    SystemPost {
        channel_id: &channel.id,
        author_id: &author_id,
        post_type,
        message,
        props,
    }
    .write(conn, now, outbox)?;
    outbox.to_channel(
        event_name::USER_ADDED,
        json!({ "user_id": user.id, "team_id": channel.team_id }),
        &channel.id,
    );
    // Read again: the join message moved the member's read position.
    channels::get_member(conn, &channel.id, &user.id)?
        .ok_or_else(|| ApiError::internal("membership vanished"))
}

/// Takes `user` out of `channel`: by themselves (a "left the channel" message) or by `remover` (a
/// "was removed from the channel" one). The rest of the channel hears `user_removed` with the
/// user's id, the user's own sockets with the channel's id, and the channel stops reaching them.
pub fn leave_channel(
    conn: &Connection,
    channel: &Channel,
    user: &User,
    remover: &User,
    now: i64,
    outbox: &mut Outbox,
) -> ApiResult<()> {
    if channel.delete_at == 0 {
        let post = if remover.id == user.id {
            SystemPost {
                channel_id: &channel.id,
                author_id: &user.id,
                post_type: system_posts::LEAVE_CHANNEL,
                message: format!("@{} left the channel.", user.username),
                props: system_posts::props(&[("username", &user.username)]),
            }
        } else {
            SystemPost {
                channel_id: &channel.id,
                author_id: &remover.id,
                post_type: system_posts::REMOVE_FROM_CHANNEL,
                message: format!("@{} was removed from the channel.", user.username),
                props: system_posts::props(&[
                    ("removedUserId", &user.id),
                    ("removedUsername", &user.username),
                ]),
            }
        };
        post.write(conn, now, outbox)?;
    }
    if !channels::remove_member(conn, &channel.id, &user.id)? {
        return Err(ApiError::internal("membership vanished"));
    }
    outbox.left.push((channel.id.clone(), user.id.clone()));
    outbox.to_channel(
        event_name::USER_REMOVED,
        json!({ "user_id": user.id, "remover_id": remover.id }),
        &channel.id,
    );
    outbox.event(
        event_name::USER_REMOVED,
        json!({ "channel_id": channel.id, "remover_id": remover.id }),
        Audience::User(user.id.clone()),
    );
    Ok(())
}
