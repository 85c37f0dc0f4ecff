use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::PostEmbed;

/// A message in a channel (or a system message such as "joined the channel").
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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
    /// Whether anyone reacted to the post (Mattermost omits it when false).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub has_reactions: bool,
}

crate::deserialize_into_default!(Post {
    id, create_at, update_at, edit_at, delete_at, is_pinned, user_id, channel_id, root_id,
    original_id, message, post_type = "type", props, hashtags, file_ids, pending_post_id,
    reply_count, metadata, has_reactions,
});

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

    /// The root of the thread the post belongs to: the post itself when it is not a reply.
    pub fn thread_root_id(&self) -> &str {
        if self.root_id.is_empty() {
            &self.id
        } else {
            &self.root_id
        }
    }
}

/// Data the server attaches to a post.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct PostMetadata {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub embeds: Vec<PostEmbed>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emojis: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileInfo>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reactions: Vec<Reaction>,
}

crate::deserialize_into_default!(PostMetadata {
    embeds,
    emojis,
    files,
    reactions
});

/// A page of posts: `order` holds ids newest first, `posts` the posts themselves.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct PostList {
    pub order: Vec<String>,
    pub posts: HashMap<String, Post>,
    pub next_post_id: String,
    pub prev_post_id: String,
    pub has_next: bool,
}

crate::deserialize_into_default!(PostList {
    order,
    posts,
    next_post_id,
    prev_post_id,
    has_next
});

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

/// `PUT /posts/{post_id}/patch`: only the fields present change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatchPostRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// An emoji reaction to a post.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct Reaction {
    pub user_id: String,
    pub post_id: String,
    pub emoji_name: String,
    pub create_at: i64,
}

crate::deserialize_into_default!(Reaction {
    user_id,
    post_id,
    emoji_name,
    create_at
});

/// An uploaded file. `mini_preview` is a tiny JPEG (base64) shown while the preview loads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct FileInfo {
    pub id: String,
    pub user_id: String,
    pub post_id: String,
    pub channel_id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub name: String,
    pub extension: String,
    pub size: i64,
    pub mime_type: String,
    pub width: i64,
    pub height: i64,
    pub has_preview_image: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mini_preview: Option<String>,
}

crate::deserialize_into_default!(FileInfo {
    id,
    user_id,
    post_id,
    channel_id,
    create_at,
    update_at,
    delete_at,
    name,
    extension,
    size,
    mime_type,
    width,
    height,
    has_preview_image,
    mini_preview,
});

/// `POST /files` answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct FileUploadResponse {
    pub file_infos: Vec<FileInfo>,
    pub client_ids: Vec<String>,
}

crate::deserialize_into_default!(FileUploadResponse {
    file_infos,
    client_ids
});

/// `POST /teams/{team_id}/posts/search`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchPostsRequest {
    pub terms: String,
    pub is_or_search: bool,
    /// The searcher's offset from UTC in seconds, for before:/after:/on: dates.
    pub time_zone_offset: i64,
    pub include_deleted_channels: bool,
    pub page: i64,
    pub per_page: i64,
}

/// A PostList plus, per post id, the terms that matched it (for highlighting).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PostSearchResults {
    #[serde(flatten)]
    pub list: PostList,
    pub matches: HashMap<String, Vec<String>>,
}

/// Decoded field by field rather than with `flatten`, which makes serde buffer the whole answer
/// and decode every post a second way (about 11 KB of the web client's wasm, brotli).
impl<'de> Deserialize<'de> for PostSearchResults {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Fields {
            order: Vec<String>,
            posts: HashMap<String, Post>,
            next_post_id: String,
            prev_post_id: String,
            has_next: bool,
            matches: HashMap<String, Vec<String>>,
        }
        let fields = Fields::deserialize(deserializer)?;
        Ok(Self {
            list: PostList {
                order: fields.order,
                posts: fields.posts,
                next_post_id: fields.next_post_id,
                prev_post_id: fields.prev_post_id,
                has_next: fields.has_next,
            },
            matches: fields.matches,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_results_decode_the_post_list_and_the_matches() {
        let found = PostSearchResults {
            list: PostList {
                order: vec!["p1".into()],
                posts: HashMap::from([(
                    "p1".to_string(),
                    Post {
                        id: "p1".into(),
                        message: "needle".into(),
                        ..Post::default()
                    },
                )]),
                has_next: true,
                ..PostList::default()
            },
            matches: HashMap::from([("p1".to_string(), vec!["needle".to_string()])]),
        };
        let json = serde_json::to_string(&found).expect("encodes");
        assert!(
            json.contains(r#""order":["p1"]"#),
            "flat, as Mattermost sends it"
        );
        let decoded: PostSearchResults = serde_json::from_str(&json).expect("decodes");
        assert_eq!(decoded, found);
        let empty: PostSearchResults = serde_json::from_str("{}").expect("decodes");
        assert_eq!(empty, PostSearchResults::default());
    }

    #[test]
    fn a_posts_files_and_reactions_decode_typed_from_its_metadata() {
        let post: Post = serde_json::from_str(
            r#"{"id":"p1","file_ids":["f1"],"has_reactions":true,"metadata":{
                "files":[{"id":"f1","name":"cat.png","mime_type":"image/png","size":5,"archived":false}],
                "reactions":[{"user_id":"bob","post_id":"p1","emoji_name":"heart","create_at":5,"update_at":5}]}}"#,
        )
        .expect("a post with metadata");
        let file = &post.metadata.files[0];
        assert_eq!((file.name.as_str(), file.size), ("cat.png", 5));
        let reaction = &post.metadata.reactions[0];
        assert_eq!(
            (reaction.user_id.as_str(), reaction.emoji_name.as_str()),
            ("bob", "heart")
        );
        let plain: Post = serde_json::from_str(r#"{"id":"p2","metadata":{}}"#).expect("a post");
        assert!(plain.metadata.files.is_empty() && plain.metadata.reactions.is_empty());
    }
}
