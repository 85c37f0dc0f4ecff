//! Posts: creation with everything Mattermost does around it (channel counters, the author's read
//! state, mentions, the `posted` event), and the channel page queries behind `PostList`.

use std::collections::HashSet;

use axum::http::StatusCode;
use brisk_model::{Channel, Post, PostList, PostedData, POST_MESSAGE_MAX_RUNES};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{Map, Value};

use super::{channels, files, post_metadata, users};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::ids::new_id;

/// The most posts a `since` query returns, as Mattermost caps it.
const SINCE_LIMIT: i64 = 1000;

/// Post columns plus the thread's reply count (Mattermost reports it on the root and every reply).
/// The `r.root_id != ''` term is what lets SQLite use the partial index `posts_by_root`: without it
/// every post read scanned the whole posts table, so posting slowed as history grew.
pub(crate) const SELECT: &str = "SELECT p.id, p.create_at, p.update_at, p.edit_at, p.delete_at, p.is_pinned, p.user_id, \
     p.channel_id, p.root_id, p.original_id, p.message, p.type, p.props, p.hashtags, p.file_ids, p.has_reactions, \
     (SELECT COUNT(*) FROM posts r WHERE r.root_id != '' \
        AND r.root_id = CASE WHEN p.root_id = '' THEN p.id ELSE p.root_id END \
        AND r.delete_at = 0) AS reply_count \
     FROM posts p";

// The conditions of the post reads, apart so a test can check that none of them scans the posts
// table. A partial index (`WHERE root_id != ''`) only serves a query that repeats its condition.
const BY_ID: &str = "WHERE p.id = ?1";
const BY_PENDING_ID: &str =
    "WHERE p.user_id = ?1 AND p.pending_post_id != '' AND p.pending_post_id = ?2";
const PAGE: &str =
    "WHERE p.channel_id = ?1 AND p.delete_at = 0 ORDER BY p.create_at DESC LIMIT ?2 OFFSET ?3";
const BEFORE: &str = "WHERE p.channel_id = ?1 AND p.delete_at = 0 AND p.create_at < ?2 \
     ORDER BY p.create_at DESC LIMIT ?3 OFFSET ?4";
const AFTER: &str = "WHERE p.channel_id = ?1 AND p.delete_at = 0 AND p.create_at > ?2 \
     ORDER BY p.create_at ASC LIMIT ?3 OFFSET ?4";
/// Changed posts and the roots of changed replies.
const SINCE: &str = "WHERE p.id IN \
       (SELECT id FROM posts WHERE channel_id = ?1 AND update_at > ?2 \
        UNION SELECT root_id FROM posts WHERE channel_id = ?1 AND update_at > ?2 AND root_id != '') \
     ORDER BY p.create_at DESC LIMIT ?3";
const CHANNEL_HISTORY: &str =
    "WHERE p.channel_id = ?1 AND p.delete_at = 0 ORDER BY p.create_at ASC";
const THREAD: &str =
    "WHERE (p.id = ?1 OR (p.root_id != '' AND p.root_id = ?1)) AND p.delete_at = 0 \
     ORDER BY p.create_at DESC";

fn from_row(row: &Row) -> rusqlite::Result<Post> {
    let props: String = row.get(12)?;
    let file_ids: String = row.get(14)?;
    Ok(Post {
        id: row.get(0)?,
        create_at: row.get(1)?,
        update_at: row.get(2)?,
        edit_at: row.get(3)?,
        delete_at: row.get(4)?,
        is_pinned: row.get(5)?,
        user_id: row.get(6)?,
        channel_id: row.get(7)?,
        root_id: row.get(8)?,
        original_id: row.get(9)?,
        message: row.get(10)?,
        post_type: row.get(11)?,
        props: serde_json::from_str(&props).unwrap_or_default(),
        hashtags: row.get(13)?,
        file_ids: serde_json::from_str(&file_ids).unwrap_or_default(),
        pending_post_id: String::new(),
        reply_count: row.get(16)?,
        metadata: Default::default(),
        has_reactions: row.get(15)?,
    })
}

/// What creating a post needs.
#[derive(Default)]
pub struct NewPost {
    pub channel_id: String,
    pub user_id: String,
    pub root_id: String,
    pub message: String,
    pub post_type: String,
    pub props: Map<String, Value>,
    pub file_ids: Vec<String>,
    pub pending_post_id: String,
    /// Only the demo seed sets this, to date posts in the past; live posts take the clock.
    pub create_at: Option<i64>,
}

/// The outcome of `create`.
pub struct Created {
    pub post: Post,
    /// True when `pending_post_id` matched an earlier post: nothing new was written.
    pub duplicate: bool,
}

fn bad_request(id: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, id, message)
}

/// Checks the message the way Mattermost's `Post.IsValid` does, and refuses an empty post.
pub fn validate_message(message: &str, has_files: bool) -> ApiResult<()> {
    let too_long = message.chars().count() > POST_MESSAGE_MAX_RUNES;
    let blank = message.trim().is_empty() && !has_files;
    if too_long || blank {
        return Err(bad_request(
            "model.post.is_valid.msg.app_error",
            "Invalid Message.",
        ));
    }
    Ok(())
}

/// Creates a post and records what must be broadcast. Counters, read state and mentions change in
/// the caller's transaction, so they can never disagree with the posts table.
pub fn create(
    conn: &Connection,
    new: NewPost,
    now: i64,
    outbox: &mut Outbox,
) -> ApiResult<Created> {
    if !new.pending_post_id.is_empty() {
        if let Some(mut post) = get_by_pending_id(conn, &new.user_id, &new.pending_post_id)? {
            post.pending_post_id = new.pending_post_id;
            return Ok(Created {
                post,
                duplicate: true,
            });
        }
    }
    validate_message(&new.message, !new.file_ids.is_empty())?;
    let channel = channels::get(conn, &new.channel_id)?.ok_or_else(ApiError::channel_not_found)?;
    let is_root = new.root_id.is_empty();
    if !is_root {
        let root = get(conn, &new.root_id)?.filter(|root| root.delete_at == 0);
        match root {
            Some(root) if root.channel_id != channel.id => {
                return Err(bad_request(
                    "api.post.create_post.channel_root_id.app_error",
                    "Invalid ChannelId for RootId parameter.",
                ))
            }
            Some(root) if root.root_id.is_empty() => {}
            _ => {
                return Err(bad_request(
                    "api.post.create_post.root_id.app_error",
                    "Invalid RootId parameter.",
                ))
            }
        }
    }
    let author = users::get(conn, &new.user_id)?.ok_or_else(ApiError::user_not_found)?;
    // Strictly increasing times within a channel keep `before`/`after` cursors exact even when two
    // posts arrive in the same millisecond.
    let create_at = new
        .create_at
        .unwrap_or_else(|| now.max(channel.last_post_at + 1));
    let id = new_id();
    let props = serde_json::to_string(&new.props).map_err(ApiError::internal)?;
    let attached = if new.file_ids.is_empty() {
        Vec::new()
    } else {
        files::attach_to_post(conn, &new.file_ids, &id, &author.id, &channel.id, now)?
    };
    // Ids of files that were not this author's to attach are dropped, which may leave nothing.
    validate_message(&new.message, !attached.is_empty())?;
    let file_ids = serde_json::to_string(&attached).map_err(ApiError::internal)?;
    conn.execute(
        "INSERT INTO posts (id, create_at, update_at, user_id, channel_id, root_id, message, type, props, \
         hashtags, file_ids, pending_post_id) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            create_at,
            new.user_id,
            channel.id,
            new.root_id,
            new.message,
            new.post_type,
            props,
            parse_hashtags(&new.message),
            file_ids,
            new.pending_post_id
        ],
    )?;
    if !is_root {
        // As Mattermost: a reply touches its root, so `since` queries pick up the new reply count.
        conn.execute(
            "UPDATE posts SET update_at = ?2 WHERE id = ?1",
            params![new.root_id, create_at],
        )?;
    }
    conn.execute(
        "UPDATE channels SET total_msg_count = total_msg_count + 1, \
           total_msg_count_root = total_msg_count_root + ?2, \
           last_post_at = MAX(last_post_at, ?3), \
           last_root_post_at = CASE WHEN ?2 = 1 THEN MAX(last_root_post_at, ?3) ELSE last_root_post_at END \
         WHERE id = ?1",
        params![channel.id, i64::from(is_root), create_at],
    )?;

    // System messages ("@bob added to the channel by @ann.") mention nobody.
    let mentions = if new.post_type.starts_with("system_") {
        Vec::new()
    } else {
        mentioned_members(conn, &channel, &author.id, &new.message)?
    };
    for user_id in &mentions {
        conn.execute(
            "UPDATE channel_members SET mention_count = mention_count + 1, \
               mention_count_root = mention_count_root + ?3, last_update_at = ?4 \
             WHERE channel_id = ?1 AND user_id = ?2",
            params![channel.id, user_id, i64::from(is_root), now],
        )?;
    }

    let mut post =
        get(conn, &id)?.ok_or_else(|| ApiError::internal("post vanished after insert"))?;
    post.pending_post_id = new.pending_post_id;
    post_metadata::attach(conn, std::slice::from_mut(&mut post))?;
    let from_webhook = post.is_from_webhook();
    // The author has read their own post (Mattermost skips this for webhook and bridge posts).
    if !from_webhook {
        conn.execute(
            "UPDATE channel_members SET last_viewed_at = MAX(last_viewed_at, ?3), \
               msg_count = (SELECT total_msg_count FROM channels WHERE id = ?1), \
               msg_count_root = (SELECT total_msg_count_root FROM channels WHERE id = ?1), \
               mention_count = 0, mention_count_root = 0, last_update_at = ?3 \
             WHERE channel_id = ?1 AND user_id = ?2",
            params![channel.id, author.id, create_at],
        )?;
    }

    let sender_name = match post.override_username() {
        Some(name) if from_webhook => name.to_string(),
        _ => format!("@{}", author.username),
    };
    let data = PostedData {
        post: serde_json::to_string(&post).map_err(ApiError::internal)?,
        channel_type: channel.channel_type.clone(),
        channel_display_name: channel.display_name.clone(),
        channel_name: channel.name.clone(),
        sender_name,
        team_id: channel.team_id.clone(),
        mentions: if mentions.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&mentions).map_err(ApiError::internal)?)
        },
    };
    outbox.event(
        brisk_model::event_name::POSTED,
        serde_json::to_value(&data).map_err(ApiError::internal)?,
        Audience::Channel {
            channel_id: channel.id.clone(),
            omit_user: None,
        },
    );
    Ok(Created {
        post,
        duplicate: false,
    })
}

/// Members (other than the author) the message mentions: by `@username`, everyone for
/// `@channel`/`@all`/`@here`, and the other side of a direct message.
fn mentioned_members(
    conn: &Connection,
    channel: &Channel,
    author_id: &str,
    message: &str,
) -> ApiResult<Vec<String>> {
    let (names, everyone) = parse_mentions(message);
    if names.is_empty() && !everyone && channel.channel_type != "D" {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(
        "SELECT u.id, u.username FROM channel_members m JOIN users u ON u.id = m.user_id \
         WHERE m.channel_id = ?1 AND u.id != ?2 ORDER BY u.username",
    )?;
    let members = stmt.query_map([&channel.id, author_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut ids = Vec::new();
    for member in members {
        let (id, username) = member?;
        if everyone || channel.channel_type == "D" || names.contains(&username) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The usernames a message mentions and whether it mentions the whole channel. A mention is `@`
/// not preceded by a word character, then `[a-z0-9.\-_]+`; trailing punctuation is also tried off,
/// so "@alice." mentions alice.
pub fn parse_mentions(message: &str) -> (HashSet<String>, bool) {
    let mut names = HashSet::new();
    let mut everyone = false;
    let chars: Vec<char> = message.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let preceded_by_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if chars[i] != '@' || preceded_by_word {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < chars.len()
            && (chars[end].is_ascii_alphanumeric() || ".-_".contains(chars[end]))
        {
            end += 1;
        }
        let word: String = chars[start..end].iter().collect::<String>().to_lowercase();
        let trimmed = word.trim_end_matches(['.', '-', '_']).to_string();
        for candidate in [word, trimmed] {
            match candidate.as_str() {
                "" => {}
                "channel" | "all" | "here" => everyone = true,
                _ => {
                    names.insert(candidate);
                }
            }
        }
        i = end.max(i + 1);
    }
    (names, everyone)
}

/// Space-separated `#hashtags` of a message, as Mattermost stores them for search: every tag a
/// client shows as a link (a `#` not inside a word, a letter, then letters, digits, `_`, `.` or
/// `-`, trailing punctuation left out), so clicking one finds the message it is in, even when
/// punctuation follows it closely (`#roadmap's`, `(#ops/#dev)`, `##release`).
pub fn parse_hashtags(message: &str) -> String {
    let mut tags: Vec<&str> = Vec::new();
    for (at, _) in message.match_indices('#') {
        // `&#39;` is an entity, not a tag.
        let before = message[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || "_&".contains(c)) {
            continue;
        }
        let rest = &message[at + 1..];
        if !rest.starts_with(char::is_alphabetic) {
            continue;
        }
        let run = rest
            .find(|c: char| !(c.is_alphanumeric() || "_.-".contains(c)))
            .unwrap_or(rest.len());
        let body = rest[..run].trim_end_matches(['.', '-', '_']);
        let tag = &message[at..at + 1 + body.len()];
        if body.chars().count() >= 2 && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags.join(" ")
}

/// A post by id, deleted or not.
pub fn get(conn: &Connection, id: &str) -> ApiResult<Option<Post>> {
    Ok(conn
        .query_row(&format!("{SELECT} {BY_ID}"), [id], from_row)
        .optional()?)
}

/// Gives a post a new version time without changing it otherwise (its metadata changed, say), so
/// clients and `since` catch-ups take the newer copy.
pub fn set_update_at(conn: &Connection, post_id: &str, update_at: i64) -> ApiResult<()> {
    conn.execute(
        "UPDATE posts SET update_at = ?2 WHERE id = ?1",
        params![post_id, update_at],
    )?;
    Ok(())
}

fn get_by_pending_id(
    conn: &Connection,
    user_id: &str,
    pending_post_id: &str,
) -> ApiResult<Option<Post>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} {BY_PENDING_ID}"),
            [user_id, pending_post_id],
            from_row,
        )
        .optional()?)
}

pub(crate) fn query(
    conn: &Connection,
    sql: &str,
    args: impl rusqlite::Params,
) -> ApiResult<Vec<Post>> {
    let mut stmt = conn.prepare(sql)?;
    let posts = stmt.query_map(args, from_row)?.collect::<Result<_, _>>()?;
    Ok(posts)
}

/// The newest live posts of a channel, page by page (replies included, as without collapsed threads).
pub fn page(conn: &Connection, channel_id: &str, offset: i64, limit: i64) -> ApiResult<Vec<Post>> {
    query(
        conn,
        &format!("{SELECT} {PAGE}"),
        params![channel_id, limit, offset],
    )
}

/// Live posts older than `before_at`, newest first.
pub fn before(
    conn: &Connection,
    channel_id: &str,
    before_at: i64,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<Post>> {
    query(
        conn,
        &format!("{SELECT} {BEFORE}"),
        params![channel_id, before_at, limit, offset],
    )
}

/// Live posts newer than `after_at`: the oldest ones first fetched, returned newest first.
pub fn after(
    conn: &Connection,
    channel_id: &str,
    after_at: i64,
    offset: i64,
    limit: i64,
) -> ApiResult<Vec<Post>> {
    let mut posts = query(
        conn,
        &format!("{SELECT} {AFTER}"),
        params![channel_id, after_at, limit, offset],
    )?;
    posts.reverse();
    Ok(posts)
}

/// Everything changed after `since` (new, edited and deleted posts) plus the roots of changed
/// replies, newest first.
pub fn since(conn: &Connection, channel_id: &str, since: i64) -> ApiResult<Vec<Post>> {
    query(
        conn,
        &format!("{SELECT} {SINCE}"),
        params![channel_id, since, SINCE_LIMIT],
    )
}

/// Every live post of a channel, oldest first (the bulk export's walk through history).
pub fn channel_history(conn: &Connection, channel_id: &str) -> ApiResult<Vec<Post>> {
    query(
        conn,
        &format!("{SELECT} {CHANNEL_HISTORY}"),
        params![channel_id],
    )
}

/// A thread: the root and its live replies, newest first.
pub fn thread(conn: &Connection, root_id: &str) -> ApiResult<Vec<Post>> {
    query(conn, &format!("{SELECT} {THREAD}"), params![root_id])
}

/// The id of the oldest live post after `at`, or "".
pub fn id_after(conn: &Connection, channel_id: &str, at: i64) -> ApiResult<String> {
    Ok(conn
        .query_row(
            "SELECT id FROM posts WHERE channel_id = ?1 AND delete_at = 0 AND create_at > ?2 \
             ORDER BY create_at ASC LIMIT 1",
            params![channel_id, at],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// The id of the newest live post before `at`, or "".
pub fn id_before(conn: &Connection, channel_id: &str, at: i64) -> ApiResult<String> {
    Ok(conn
        .query_row(
            "SELECT id FROM posts WHERE channel_id = ?1 AND delete_at = 0 AND create_at < ?2 \
             ORDER BY create_at DESC LIMIT 1",
            params![channel_id, at],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// Builds a PostList from `posts` (newest first) and adds the roots of replies whose root is not on
/// the page to `posts` (not to `order`), so clients can show what a reply answers.
pub fn to_post_list(conn: &Connection, mut posts: Vec<Post>) -> ApiResult<PostList> {
    let mut list = PostList {
        order: posts.iter().map(|p| p.id.clone()).collect(),
        ..Default::default()
    };
    let listed: HashSet<&str> = list.order.iter().map(String::as_str).collect();
    let missing_roots: HashSet<String> = posts
        .iter()
        .filter(|p| !p.root_id.is_empty() && !listed.contains(p.root_id.as_str()))
        .map(|p| p.root_id.clone())
        .collect();
    for root_id in missing_roots {
        if let Some(root) = get(conn, &root_id)? {
            posts.push(root);
        }
    }
    post_metadata::attach(conn, &mut posts)?;
    list.posts = posts.into_iter().map(|p| (p.id.clone(), p)).collect();
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Posting and reading must not slow down as history grows: every post read finds its rows
    /// (and each thread's reply count) through an index.
    #[test]
    fn post_reads_never_scan_the_posts_table() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = crate::db::Db::open(dir.path()).expect("open");
        for condition in [
            BY_ID,
            BY_PENDING_ID,
            PAGE,
            BEFORE,
            AFTER,
            SINCE,
            THREAD,
            CHANNEL_HISTORY,
        ] {
            let sql = format!("EXPLAIN QUERY PLAN {SELECT} {condition}");
            let plan = db
                .read_now(|conn| {
                    let mut stmt = conn.prepare(&sql)?;
                    let mut rows = stmt.raw_query();
                    let mut steps = Vec::new();
                    while let Some(row) = rows.next()? {
                        steps.push(row.get::<_, String>(3)?);
                    }
                    Ok(steps)
                })
                .expect("plan");
            let scans: Vec<&String> = plan
                .iter()
                .filter(|step| step.starts_with("SCAN p") || step.starts_with("SCAN r"))
                .collect();
            assert!(scans.is_empty(), "{condition}: {plan:?}");
        }
    }

    #[test]
    fn mentions_are_parsed_like_mattermost() {
        let (names, everyone) =
            parse_mentions("hi @Alice and @bob. cc email@example.com @dev-team_");
        assert!(names.contains("alice"));
        assert!(names.contains("bob"));
        assert!(names.contains("dev-team"));
        assert!(!names.contains("example.com"));
        assert!(!everyone);
        let (_, everyone) = parse_mentions("@channel heads up");
        assert!(everyone);
        let (names, everyone) = parse_mentions("no mentions here");
        assert!(names.is_empty() && !everyone);
    }

    #[test]
    fn hashtags_need_a_letter_and_three_chars() {
        assert_eq!(
            parse_hashtags("#release today, #a #12 (#rust-lang)! #release # #!"),
            "#release #rust-lang"
        );
    }

    #[test]
    fn hashtags_are_found_where_clients_show_them_whatever_punctuation_follows() {
        assert_eq!(
            parse_hashtags("##roadmap's notes (#ops/#dev.) #v1.2-"),
            "#roadmap #ops #dev #v1.2"
        );
        assert_eq!(parse_hashtags("not a#tag, nor &#39;"), "");
    }

    #[test]
    fn message_rules() {
        assert!(validate_message("hi", false).is_ok());
        assert!(validate_message("   ", false).is_err());
        assert!(validate_message("", true).is_ok());
        assert!(validate_message(&"x".repeat(POST_MESSAGE_MAX_RUNES), false).is_ok());
        assert!(validate_message(&"x".repeat(POST_MESSAGE_MAX_RUNES + 1), false).is_err());
    }
}
