//! Threads a person takes part in, as Mattermost's collapsed-reply-threads API describes them
//! (`GET /users/{user_id}/teams/{team_id}/threads`, `PUT …/threads/{thread_id}/read/{timestamp}`).

use serde::Serialize;

use crate::Post;

/// Someone who wrote in a thread (Mattermost sends a whole user only with `extended=true`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct ThreadParticipant {
    pub id: String,
}

crate::deserialize_into_default!(ThreadParticipant { id });

/// One thread as its participant sees it: its root post and what they have not read of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct UserThread {
    /// The root post's id.
    pub id: String,
    pub reply_count: i64,
    pub last_reply_at: i64,
    /// Replies after this time are unread.
    pub last_viewed_at: i64,
    pub participants: Vec<ThreadParticipant>,
    pub post: Post,
    pub unread_replies: i64,
    pub unread_mentions: i64,
    pub is_urgent: bool,
    pub delete_at: i64,
}

crate::deserialize_into_default!(UserThread {
    id,
    reply_count,
    last_reply_at,
    last_viewed_at,
    participants,
    post,
    unread_replies,
    unread_mentions,
    is_urgent,
    delete_at,
});

/// A page of threads, most recently replied first, with the totals over all of them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct UserThreads {
    pub total: i64,
    pub total_unread_threads: i64,
    pub total_unread_mentions: i64,
    pub total_unread_urgent_mentions: i64,
    pub threads: Vec<UserThread>,
}

crate::deserialize_into_default!(UserThreads {
    total,
    total_unread_threads,
    total_unread_mentions,
    total_unread_urgent_mentions,
    threads,
});
