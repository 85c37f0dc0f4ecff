use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Post;

/// Event names the client and server exchange.
pub mod event_name {
    pub const HELLO: &str = "hello";
    pub const POSTED: &str = "posted";
    pub const POST_EDITED: &str = "post_edited";
    pub const POST_DELETED: &str = "post_deleted";
    pub const TYPING: &str = "typing";
    pub const CHANNEL_VIEWED: &str = "channel_viewed";
    pub const MULTIPLE_CHANNELS_VIEWED: &str = "multiple_channels_viewed";
    pub const POST_UNREAD: &str = "post_unread";
    pub const REACTION_ADDED: &str = "reaction_added";
    pub const REACTION_REMOVED: &str = "reaction_removed";
    pub const CHANNEL_CREATED: &str = "channel_created";
    pub const CHANNEL_UPDATED: &str = "channel_updated";
    pub const CHANNEL_DELETED: &str = "channel_deleted";
    pub const CHANNEL_RESTORED: &str = "channel_restored";
    pub const USER_ADDED: &str = "user_added";
    pub const USER_REMOVED: &str = "user_removed";
    pub const DIRECT_ADDED: &str = "direct_added";
    pub const GROUP_ADDED: &str = "group_added";
    pub const ADDED_TO_TEAM: &str = "added_to_team";
    pub const NEW_USER: &str = "new_user";
    pub const STATUS_CHANGE: &str = "status_change";
    pub const USER_UPDATED: &str = "user_updated";
    pub const CHANNEL_MEMBER_UPDATED: &str = "channel_member_updated";
    pub const PREFERENCES_CHANGED: &str = "preferences_changed";
    pub const UPDATE_TEAM: &str = "update_team";
    pub const USER_ROLE_UPDATED: &str = "user_role_updated";
}

/// Who an event is for. The server uses it to route; clients may read `channel_id`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Broadcast {
    pub omit_users: Option<HashMap<String, bool>>,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
}

/// One event pushed by the server over `/api/v4/websocket`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebSocketEvent {
    pub event: String,
    pub data: Value,
    pub broadcast: Broadcast,
    pub seq: i64,
}

/// The server's answer to a client action (`ping`, `user_typing`, ...).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebSocketReply {
    pub status: String,
    pub seq_reply: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Value>,
}

/// A message the client sends on the socket.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebSocketRequest {
    pub seq: i64,
    pub action: String,
    pub data: Value,
}

/// Data of the `posted` event. Mattermost sends the post and the mention list as JSON *strings*.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostedData {
    pub post: String,
    pub channel_type: String,
    pub channel_display_name: String,
    pub channel_name: String,
    pub sender_name: String,
    pub team_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions: Option<String>,
}

impl PostedData {
    /// Decode the post carried as a JSON string.
    pub fn decode_post(&self) -> Result<Post, serde_json::Error> {
        crate::json::from_str(&self.post)
    }

    /// The ids of the users mentioned by the post (empty when none).
    pub fn decode_mentions(&self) -> Vec<String> {
        self.mentions
            .as_deref()
            .and_then(|m| crate::json::from_str(m).ok())
            .unwrap_or_default()
    }
}

/// Data of `post_edited` and `post_deleted`: the post as a JSON *string*, as in `posted`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PostChangedData {
    pub post: String,
    /// Who deleted the post (`post_deleted` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_by: Option<String>,
}

impl PostChangedData {
    /// Decode the post carried as a JSON string.
    pub fn decode_post(&self) -> Result<Post, serde_json::Error> {
        crate::json::from_str(&self.post)
    }
}

/// Data of `reaction_added` and `reaction_removed`: the reaction as a JSON *string*.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReactionEventData {
    pub reaction: String,
}

impl ReactionEventData {
    /// Decode the reaction carried as a JSON string.
    pub fn decode_reaction(&self) -> Result<crate::Reaction, serde_json::Error> {
        crate::json::from_str(&self.reaction)
    }
}

/// Data of `channel_updated`: the channel as a JSON *string*.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelUpdatedData {
    pub channel: String,
}

impl ChannelUpdatedData {
    /// Decode the channel carried as a JSON string.
    pub fn decode_channel(&self) -> Result<crate::Channel, serde_json::Error> {
        crate::json::from_str(&self.channel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posted_event_decodes_post_and_mentions_from_strings() {
        let raw = r#"{"event":"posted","seq":3,"broadcast":{"omit_users":null,"user_id":"","channel_id":"c1","team_id":""},
            "data":{"channel_type":"O","post":"{\"id\":\"p1\",\"channel_id\":\"c1\",\"message\":\"hi @ann\",\"create_at\":5}",
            "mentions":"[\"u1\"]","sender_name":"@bob"}}"#;
        let event: WebSocketEvent = serde_json::from_str(raw).unwrap();
        assert_eq!(event.seq, 3);
        assert_eq!(event.broadcast.channel_id, "c1");
        let data: PostedData = serde_json::from_value(event.data).unwrap();
        let post = data.decode_post().unwrap();
        assert_eq!(post.id, "p1");
        assert_eq!(post.create_at, 5);
        assert_eq!(data.decode_mentions(), vec!["u1".to_string()]);
    }

    #[test]
    fn bridged_post_shows_irc_nick() {
        let post: Post = serde_json::from_str(
            r#"{"id":"p","props":{"from_webhook":"true","override_username":"ircfan"}}"#,
        )
        .unwrap();
        assert!(post.is_from_webhook());
        assert_eq!(post.override_username(), Some("ircfan"));
        let plain: Post = serde_json::from_str(r#"{"id":"p"}"#).unwrap();
        assert!(!plain.is_from_webhook());
        assert_eq!(plain.override_username(), None);
    }

    #[test]
    fn unknown_fields_and_missing_fields_are_tolerated() {
        let channel: crate::Channel =
            serde_json::from_str(r#"{"id":"c","type":"P","brand_new_field":1}"#).unwrap();
        assert_eq!(channel.channel_type, "P");
        assert_eq!(channel.total_msg_count, 0);
        let member: crate::ChannelMember = serde_json::from_str(r#"{"channel_id":"c"}"#).unwrap();
        assert_eq!(member.notify_props.mark_unread, "all");
    }
}
