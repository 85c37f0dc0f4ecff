//! Threads a person takes part in (they wrote the root or a reply), with what they have not read
//! of each: Mattermost's collapsed-reply-threads view of `GET /users/{id}/teams/{id}/threads`.
//! How far a participant has read a thread is the later of `thread_reads` (set by "mark read")
//! and their own newest post in it.

use brisk_model::{Channel, ThreadParticipant, User, UserThread, UserThreads};
use rusqlite::{params, Connection, OptionalExtension};

use super::unread::mentions;
use super::{post_metadata, posts};
use crate::error::{ApiError, ApiResult};

/// Which threads a list holds.
#[derive(Clone, Copy, Debug)]
pub struct ThreadFilter {
    /// Only threads replied to after this time (0: all).
    pub since: i64,
    /// Only threads with unread replies.
    pub unread_only: bool,
    pub offset: i64,
    pub limit: i64,
}

/// The live thread roots `user` wrote or replied to, in channels of `team_id` (and direct and
/// group messages) that `user` is a member of, with at least one live reply; with the time each was
/// read up to and its newest reply.
const PARTICIPATED: &str = "\
    WITH roots AS ( \
        SELECT DISTINCT CASE WHEN root_id = '' THEN id ELSE root_id END AS id \
        FROM posts WHERE user_id = ?1 AND delete_at = 0 \
    ) \
    SELECT r.id, r.channel_id, \
        (SELECT MAX(x.create_at) FROM posts x \
           WHERE x.root_id != '' AND x.root_id = r.id AND x.delete_at = 0) AS last_reply_at, \
        MAX( \
            COALESCE((SELECT t.last_viewed_at FROM thread_reads t \
                        WHERE t.user_id = ?1 AND t.root_id = r.id), 0), \
            CASE WHEN r.user_id = ?1 THEN r.create_at ELSE 0 END, \
            COALESCE((SELECT MAX(x.create_at) FROM posts x \
                        WHERE x.root_id != '' AND x.root_id = r.id AND x.user_id = ?1 \
                          AND x.delete_at = 0), 0) \
        ) AS viewed \
    FROM roots \
    JOIN posts r ON r.id = roots.id AND r.root_id = '' AND r.delete_at = 0 \
    JOIN channels c ON c.id = r.channel_id AND (c.team_id = ?2 OR c.team_id = '') \
    JOIN channel_members m ON m.channel_id = c.id AND m.user_id = ?1 \
    WHERE last_reply_at IS NOT NULL \
    ORDER BY last_reply_at DESC, r.id";

/// `user`'s threads in `team_id` that pass `filter`, most recently replied first, with the totals
/// over all their threads there.
pub fn for_user(
    conn: &Connection,
    user: &User,
    team_id: &str,
    filter: ThreadFilter,
) -> ApiResult<UserThreads> {
    let mut stmt = conn.prepare(PARTICIPATED)?;
    let rows = stmt
        .query_map(params![user.id, team_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut answer = UserThreads::default();
    let mut listed = Vec::new();
    for (root_id, channel_id, last_reply_at, viewed) in rows {
        let channel = super::channels::get(conn, &channel_id)?
            .ok_or_else(|| ApiError::internal("a post's channel is missing"))?;
        let (unread_replies, unread_mentions) = unread(conn, user, &channel, &root_id, viewed)?;
        answer.total += 1;
        answer.total_unread_threads += i64::from(unread_replies > 0);
        answer.total_unread_mentions += unread_mentions;
        if last_reply_at > filter.since && (unread_replies > 0 || !filter.unread_only) {
            listed.push((
                root_id,
                last_reply_at,
                viewed,
                unread_replies,
                unread_mentions,
            ));
        }
    }
    for (root_id, last_reply_at, viewed, unread_replies, unread_mentions) in listed
        .into_iter()
        .skip(usize::try_from(filter.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(filter.limit).unwrap_or(0))
    {
        let mut thread = thread_of(conn, &root_id)?;
        thread.last_reply_at = last_reply_at;
        thread.last_viewed_at = viewed;
        thread.unread_replies = unread_replies;
        thread.unread_mentions = unread_mentions;
        answer.threads.push(thread);
    }
    Ok(answer)
}

/// `user`'s view of one thread.
pub fn one_for_user(conn: &Connection, user: &User, root_id: &str) -> ApiResult<UserThread> {
    let mut thread = thread_of(conn, root_id)?;
    let channel = super::channels::get(conn, &thread.post.channel_id)?
        .ok_or_else(|| ApiError::internal("a post's channel is missing"))?;
    let viewed = read_up_to(conn, user, &thread)?;
    let (unread_replies, unread_mentions) = unread(conn, user, &channel, root_id, viewed)?;
    thread.last_viewed_at = viewed;
    thread.unread_replies = unread_replies;
    thread.unread_mentions = unread_mentions;
    Ok(thread)
}

/// `user` has read the thread up to `at` (earlier or later than before, as Mattermost allows).
pub fn set_read(conn: &Connection, user: &User, root_id: &str, at: i64) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO thread_reads (user_id, root_id, last_viewed_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT (user_id, root_id) DO UPDATE SET last_viewed_at = excluded.last_viewed_at",
        params![user.id, root_id, at],
    )?;
    Ok(())
}

/// The thread's root, reply count, newest reply and participants (read state not filled in).
fn thread_of(conn: &Connection, root_id: &str) -> ApiResult<UserThread> {
    let replies = posts::thread(conn, root_id)?;
    let mut post = posts::get(conn, root_id)?.ok_or_else(ApiError::post_not_found)?;
    post_metadata::attach(conn, std::slice::from_mut(&mut post))?;
    let mut participants: Vec<ThreadParticipant> = Vec::new();
    // Oldest first, as Mattermost lists them (the root's author first).
    for author in replies.iter().rev().map(|p| &p.user_id) {
        if !participants.iter().any(|p| &p.id == author) {
            participants.push(ThreadParticipant { id: author.clone() });
        }
    }
    let replies: Vec<_> = replies.iter().filter(|p| p.id != root_id).collect();
    Ok(UserThread {
        id: post.id.clone(),
        reply_count: replies.len() as i64,
        last_reply_at: replies.first().map_or(0, |p| p.create_at),
        participants,
        delete_at: post.delete_at,
        post,
        ..UserThread::default()
    })
}

/// How far `user` has read the thread: marked read, or their own newest post in it.
fn read_up_to(conn: &Connection, user: &User, thread: &UserThread) -> ApiResult<i64> {
    let marked: Option<i64> = conn
        .query_row(
            "SELECT last_viewed_at FROM thread_reads WHERE user_id = ?1 AND root_id = ?2",
            params![user.id, thread.id],
            |r| r.get(0),
        )
        .optional()?;
    let own: Option<i64> = conn.query_row(
        "SELECT MAX(create_at) FROM posts WHERE root_id != '' AND root_id = ?2 AND user_id = ?1 \
         AND delete_at = 0",
        params![user.id, thread.id],
        |r| r.get(0),
    )?;
    let root = (thread.post.user_id == user.id).then_some(thread.post.create_at);
    Ok([marked, own, root].into_iter().flatten().max().unwrap_or(0))
}

/// Replies by others after `viewed`, and how many of them mention `user` (every one in a direct
/// message, as for channels).
fn unread(
    conn: &Connection,
    user: &User,
    channel: &Channel,
    root_id: &str,
    viewed: i64,
) -> ApiResult<(i64, i64)> {
    let mut stmt = conn.prepare_cached(
        "SELECT message FROM posts WHERE root_id != '' AND root_id = ?1 AND delete_at = 0 \
         AND create_at > ?2 AND user_id != ?3",
    )?;
    let messages = stmt
        .query_map(params![root_id, viewed, user.id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    let mentioning = messages
        .iter()
        .filter(|message| mentions(channel, &user.username, message))
        .count();
    Ok((messages.len() as i64, mentioning as i64))
}
