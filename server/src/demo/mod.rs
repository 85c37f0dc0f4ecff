//! Fills a fresh server with the demo community (`server/demo.toml`), in one transaction, through
//! the same store functions the API uses, so counters and reply counts are consistent by
//! construction. Read state is then set so each member has read everything but the recent posts.

mod community;

use std::collections::HashMap;

use community::DemoCommunity;

use crate::db::channels::{self, NewChannel};
use crate::db::posts::{self, parse_mentions, NewPost};
use crate::db::teams::{self, NewTeam, TEAM_OPEN};
use crate::db::users::{self, NewUser, ROLES_ADMIN, ROLES_USER};
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::ids::now_ms;

/// Posts newer than this are left unread for everyone but their author.
const UNREAD_WINDOW_MS: i64 = 12 * 60 * 60 * 1000;

/// Seeds the demo community if the server has no users yet. Returns whether it did.
pub fn seed_if_empty(db: &Db) -> ApiResult<bool> {
    if db.read_now(users::count)? > 0 {
        return Ok(false);
    }
    let community = community::load().map_err(ApiError::internal)?;
    // Hash outside the transaction: Argon2 is the slow part, the writes are not.
    let hashes = community
        .users
        .iter()
        .map(|_| users::hash_password(&community.password))
        .collect::<ApiResult<Vec<_>>>()?;
    let now = now_ms();
    db.write_now(|tx| seed(tx, &community, &hashes, now))?;
    tracing::info!(
        users = community.users.len(),
        posts = community.posts.len(),
        "seeded the demo community"
    );
    Ok(true)
}

fn minutes_before(now: i64, minutes_ago: i64) -> i64 {
    now - minutes_ago * 60_000
}

fn seed(
    tx: &rusqlite::Transaction,
    community: &DemoCommunity,
    hashes: &[String],
    now: i64,
) -> ApiResult<()> {
    let oldest = community
        .posts
        .iter()
        .map(|p| p.minutes_ago)
        .max()
        .unwrap_or(0);
    // Everything exists a day before the first post.
    let founded = minutes_before(now, oldest + 24 * 60);

    let mut user_ids: HashMap<&str, String> = HashMap::new();
    let mut admins = Vec::new();
    for (demo, hash) in community.users.iter().zip(hashes) {
        let user = users::insert(
            tx,
            &NewUser {
                username: &demo.username,
                email: &demo.email,
                password_hash: hash,
                first_name: &demo.first_name,
                last_name: &demo.last_name,
                position: &demo.position,
                roles: if demo.system_admin {
                    ROLES_ADMIN
                } else {
                    ROLES_USER
                },
            },
            founded,
        )?;
        if demo.system_admin {
            admins.push(user.id.clone());
        }
        user_ids.insert(&demo.username, user.id);
    }
    let user_id = |username: &str| {
        user_ids
            .get(username)
            .cloned()
            .ok_or_else(|| ApiError::internal(format!("demo data names unknown user {username}")))
    };

    let team = teams::insert(
        tx,
        &NewTeam {
            name: &community.team.name,
            display_name: &community.team.display_name,
            description: &community.team.description,
            team_type: TEAM_OPEN,
        },
        founded,
    )?;
    for demo in &community.users {
        teams::add_member(tx, &team.id, &user_id(&demo.username)?, demo.system_admin)?;
    }

    let creator = admins.first().cloned().unwrap_or_default();
    let mut channel_ids: HashMap<&str, String> = HashMap::new();
    for demo in &community.channels {
        let channel = channels::insert(
            tx,
            &NewChannel {
                team_id: &team.id,
                name: &demo.name,
                display_name: &demo.display_name,
                header: &demo.header,
                purpose: &demo.purpose,
                channel_type: if demo.private { "P" } else { "O" },
                creator_id: &creator,
            },
            founded,
        )?;
        let members: Vec<&str> = if demo.members.is_empty() {
            community
                .users
                .iter()
                .map(|u| u.username.as_str())
                .collect()
        } else {
            demo.members.iter().map(String::as_str).collect()
        };
        for username in members {
            let id = user_id(username)?;
            channels::add_member(tx, &channel, &id, id == creator, founded)?;
        }
        channel_ids.insert(&demo.name, channel.id);
    }

    // No socket is connected yet, so the events the posts produce go nowhere.
    let mut outbox = Outbox::default();
    let mut post_ids: Vec<String> = Vec::with_capacity(community.posts.len());
    for demo in &community.posts {
        let channel_id = channel_ids
            .get(demo.channel.as_str())
            .cloned()
            .ok_or_else(|| {
                ApiError::internal(format!("demo post in unknown channel {}", demo.channel))
            })?;
        let root_id = match demo.reply_to {
            Some(index) => post_ids.get(index).cloned().ok_or_else(|| {
                ApiError::internal(format!("demo reply to post {index}, not created before it"))
            })?,
            None => String::new(),
        };
        let created = posts::create(
            tx,
            NewPost {
                channel_id,
                user_id: user_id(&demo.author)?,
                root_id,
                message: demo.message.clone(),
                create_at: Some(minutes_before(now, demo.minutes_ago)),
                ..Default::default()
            },
            now,
            &mut outbox,
        )?;
        post_ids.push(created.post.id);
    }
    set_read_state(tx, now - UNREAD_WINDOW_MS)
}

/// Each member has read up to `cutoff` or their own latest post, whichever is later; counts and
/// mentions are recomputed from the posts so they match that position exactly.
fn set_read_state(tx: &rusqlite::Transaction, cutoff: i64) -> ApiResult<()> {
    let usernames: HashMap<String, String> = {
        let mut stmt = tx.prepare("SELECT id, username FROM users")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let members = channels::all_memberships(tx)?;
    for (channel_id, user_id) in members {
        let username = usernames.get(&user_id).cloned().unwrap_or_default();
        let own_latest: i64 = tx.query_row(
            "SELECT COALESCE(MAX(create_at), 0) FROM posts WHERE channel_id = ?1 AND user_id = ?2",
            [&channel_id, &user_id],
            |r| r.get(0),
        )?;
        let viewed = cutoff.max(own_latest);
        let mut stmt = tx.prepare(
            "SELECT create_at, root_id, user_id, message FROM posts WHERE channel_id = ?1 AND delete_at = 0",
        )?;
        let posts = stmt.query_map([&channel_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let (mut msg_count, mut msg_count_root, mut mentions, mut mentions_root) =
            (0i64, 0i64, 0i64, 0i64);
        for post in posts {
            let (create_at, root_id, author, message) = post?;
            let is_root = root_id.is_empty();
            if create_at <= viewed {
                msg_count += 1;
                msg_count_root += i64::from(is_root);
            } else if author != user_id {
                let (names, everyone) = parse_mentions(&message);
                if everyone || names.contains(&username) {
                    mentions += 1;
                    mentions_root += i64::from(is_root);
                }
            }
        }
        tx.execute(
            "UPDATE channel_members SET last_viewed_at = ?3, msg_count = ?4, msg_count_root = ?5, \
               mention_count = ?6, mention_count_root = ?7, last_update_at = ?3 \
             WHERE channel_id = ?1 AND user_id = ?2",
            rusqlite::params![
                channel_id,
                user_id,
                viewed,
                msg_count,
                msg_count_root,
                mentions,
                mentions_root
            ],
        )?;
    }
    Ok(())
}
