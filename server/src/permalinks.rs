//! Permalink previews: a message linking to a post of this server
//! (`http(s)://{host}/{team}/pl/{post_id}`, `host` being the one the client reached the server at,
//! so the origin of the permalinks its users copy) carries a `permalink` embed quoting that post.
//! As in Mattermost, the embed is made for each viewer, and only when the viewer may read the
//! linked post's channel: a private post's text never reaches someone outside it.

use brisk_model::{event_name, Post, PostEmbed, PreviewPost, User};
use rusqlite::Connection;

use crate::access::can_read;
use crate::db::{channels, posts, teams, users};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use brisk_model::rules::{is_valid_id, ID_LEN};

/// The team name and post id of the first link in `message` to a post on `host`.
pub fn first_permalink(message: &str, host: &str) -> Option<(String, String)> {
    if host.is_empty() {
        return None;
    }
    message.match_indices("://").find_map(|(at, _)| {
        let scheme_start = message[..at]
            .rfind(|c: char| !c.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let scheme = &message[scheme_start..at];
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        let rest = &message[at + 3..];
        let on_host = rest.get(..host.len())?.eq_ignore_ascii_case(host);
        let path = rest[host.len()..].strip_prefix('/').filter(|_| on_host)?;
        let (team, path) = path.split_once('/')?;
        let id = path.strip_prefix("pl/")?.get(..ID_LEN)?;
        let id_ends = !path[3 + ID_LEN..].starts_with(|c: char| c.is_ascii_alphanumeric());
        let valid_team = !team.is_empty()
            && team
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        (valid_team && is_valid_id(id) && id_ends).then(|| (team.to_string(), id.to_string()))
    })
}

/// Adds to each post that links to a post `viewer` may read a `permalink` embed of it.
pub fn attach<'p>(
    conn: &Connection,
    viewer: &User,
    host: &str,
    posts: impl IntoIterator<Item = &'p mut Post>,
) -> ApiResult<()> {
    for post in posts {
        if let Some(embed) = embed_for(conn, viewer, host, post)? {
            post.metadata.embeds.push(embed);
        }
    }
    Ok(())
}

fn embed_for(
    conn: &Connection,
    viewer: &User,
    host: &str,
    post: &Post,
) -> ApiResult<Option<PostEmbed>> {
    let Some((link_team, post_id)) = first_permalink(&post.message, host) else {
        return Ok(None);
    };
    if post_id == post.id {
        return Ok(None);
    }
    let Some(mut linked) = posts::get(conn, &post_id)?.filter(|p| p.delete_at == 0) else {
        return Ok(None);
    };
    let Some(channel) = channels::get(conn, &linked.channel_id)? else {
        return Ok(None);
    };
    if !can_read(conn, viewer, &channel)? {
        return Ok(None);
    }
    // Direct and group channels have no team: the link's own team is where the reader is.
    let team_name = match teams::get(conn, &channel.team_id)? {
        Some(team) => team.name,
        None => link_team,
    };
    // A quote shows the post's text, not its own previews.
    linked.metadata = Default::default();
    linked.pending_post_id.clear();
    Ok(Some(PostEmbed::permalink(&PreviewPost {
        post_id,
        post: linked,
        team_name,
        channel_display_name: channel.display_name,
        channel_type: channel.channel_type,
        channel_id: channel.id,
    })))
}

/// A `posted` or `post_edited` event about `post` goes to the whole channel with one copy of the
/// post; when the post links to another, each member gets their own copy instead, with the
/// preview only if they may read the linked post.
pub fn personalize_events(
    conn: &Connection,
    outbox: &mut Outbox,
    post: &Post,
    host: &str,
) -> ApiResult<()> {
    if first_permalink(&post.message, host).is_none() {
        return Ok(());
    }
    let about_post = |name: &str, audience: &Audience| {
        (name == event_name::POSTED || name == event_name::POST_EDITED)
            && matches!(audience, Audience::Channel { channel_id, omit_user: None } if *channel_id == post.channel_id)
    };
    let Some(index) = outbox
        .events
        .iter()
        .position(|event| about_post(event.name, &event.audience))
    else {
        return Ok(());
    };
    let shared = outbox.events.remove(index);
    for member_id in channels::member_ids(conn, &post.channel_id)? {
        let Some(member) = users::get(conn, &member_id)? else {
            continue;
        };
        let mut copy = post.clone();
        attach(conn, &member, host, [&mut copy])?;
        let mut data = shared.data.clone();
        data["post"] = serde_json::to_string(&copy)
            .map_err(ApiError::internal)?
            .into();
        outbox.event(
            shared.name,
            data,
            Audience::UserInChannel {
                user_id: member.id,
                channel_id: post.channel_id.clone(),
                team_id: String::new(),
            },
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "abcdefghijklmnopqrstuvwxyz";

    fn found(message: &str) -> Option<(String, String)> {
        first_permalink(message, "chat.example.org:8065")
    }

    #[test]
    fn finds_the_first_link_to_a_post_on_this_host() {
        let link = Some(("eng".to_string(), ID.to_string()));
        assert_eq!(
            found(&format!("see http://chat.example.org:8065/eng/pl/{ID}")),
            link
        );
        assert_eq!(
            found(&format!("(HTTPS://Chat.Example.org:8065/eng/pl/{ID}).")),
            link
        );
        assert_eq!(
            found(&format!(
                "https://chat.example.org:8065/eng/pl/{ID}?x and https://chat.example.org:8065/ops/pl/{}",
                "z".repeat(26)
            )),
            link
        );
    }

    #[test]
    fn other_hosts_schemes_and_shapes_are_not_permalinks() {
        for message in [
            format!("https://evil.example.org/eng/pl/{ID}"),
            format!("https://chat.example.org:8065.evil.org/eng/pl/{ID}"),
            format!("ftp://chat.example.org:8065/eng/pl/{ID}"),
            format!("https://chat.example.org:8065/eng/channels/{ID}"),
            format!("https://chat.example.org:8065/eng/pl/{ID}extra"),
            "https://chat.example.org:8065/eng/pl/short".to_string(),
            format!("https://chat.example.org:8065/Eng/pl/{ID}"),
            format!("chat.example.org:8065/eng/pl/{ID}"),
        ] {
            assert_eq!(found(&message), None, "{message}");
        }
        assert_eq!(first_permalink(&format!("http:///eng/pl/{ID}"), ""), None);
    }
}
