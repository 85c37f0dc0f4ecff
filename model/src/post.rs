use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A message in a channel (or a system message such as "joined the channel").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Post {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub edit_at: i64,
    pub delete_at: i64,
    pub is_pinned: bool,
    pub user_id: String,
    pub channel_id: String,
    pub root_id: String,
    pub original_id: String,
    pub message: String,
    /// Empty for a normal post; "system_join_channel" and friends for system messages.
    #[serde(rename = "type")]
    pub post_type: String,
    pub props: Map<String, Value>,
    pub hashtags: String,
    pub file_ids: Vec<String>,
    pub pending_post_id: String,
    pub reply_count: i64,
    pub metadata: PostMetadata,
}

impl Post {
    /// The name a bridge or webhook asked to show instead of the poster's (an IRC nick, say).
    pub fn override_username(&self) -> Option<&str> {
        self.props
            .get("override_username")
            .and_then(Value::as_str)
            .filter(|name| !name.is_empty())
    }

    /// Whether the post came in through a webhook or bridge.
    pub fn is_from_webhook(&self) -> bool {
        matches!(self.props.get("from_webhook"), Some(Value::String(s)) if s == "true")
    }

    /// Whether this is a system message rather than something a person wrote.
    pub fn is_system(&self) -> bool {
        self.post_type.starts_with("system_")
    }
}

/// Data the server attaches to a post.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostMetadata {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub embeds: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emojis: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<Value>,
}

/// A page of posts: `order` holds ids newest first, `posts` the posts themselves.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostList {
    pub order: Vec<String>,
    pub posts: HashMap<String, Post>,
    pub next_post_id: String,
    pub prev_post_id: String,
    pub has_next: bool,
}

impl PostList {
    /// The posts in `order` (newest first), skipping ids the map lacks.
    pub fn ordered(&self) -> impl Iterator<Item = &Post> {
        self.order.iter().filter_map(|id| self.posts.get(id))
    }
}

/// `POST /posts`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreatePostRequest {
    pub channel_id: String,
    pub message: String,
    pub root_id: String,
    pub file_ids: Vec<String>,
    pub pending_post_id: String,
    pub props: Map<String, Value>,
}
