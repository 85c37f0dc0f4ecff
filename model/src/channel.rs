use serde::{Deserialize, Serialize};

/// Channel type codes as Mattermost spells them.
pub mod channel_type {
    pub const OPEN: &str = "O";
    pub const PRIVATE: &str = "P";
    pub const DIRECT: &str = "D";
    pub const GROUP: &str = "G";
}

/// A channel: open, private, direct or group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Channel {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub team_id: String,
    #[serde(rename = "type")]
    pub channel_type: String,
    pub display_name: String,
    pub name: String,
    pub header: String,
    pub purpose: String,
    pub last_post_at: i64,
    pub last_root_post_at: i64,
    pub total_msg_count: i64,
    pub total_msg_count_root: i64,
    pub creator_id: String,
    /// Deprecated by Mattermost, still sent.
    pub extra_update_at: i64,
}

/// A user's notification settings for one channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelNotifyProps {
    pub desktop: String,
    pub email: String,
    pub push: String,
    /// "all", or "mention" when the channel is muted.
    pub mark_unread: String,
}

impl Default for ChannelNotifyProps {
    fn default() -> Self {
        Self {
            desktop: "default".into(),
            email: "default".into(),
            push: "default".into(),
            mark_unread: "all".into(),
        }
    }
}

/// A user's membership of a channel, with the read position that drives unread badges.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelMember {
    pub channel_id: String,
    pub user_id: String,
    pub roles: String,
    pub last_viewed_at: i64,
    pub msg_count: i64,
    pub msg_count_root: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub notify_props: ChannelNotifyProps,
    pub last_update_at: i64,
}

/// `POST /channels`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateChannelRequest {
    pub team_id: String,
    pub name: String,
    pub display_name: String,
    pub purpose: String,
    pub header: String,
    #[serde(rename = "type")]
    pub channel_type: String,
}

/// `POST /channels/members/me/view`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewChannelRequest {
    pub channel_id: String,
    pub prev_channel_id: String,
    pub collapsed_threads_supported: bool,
}

/// `PUT /channels/{channel_id}/patch`: only the fields present change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatchChannelRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
}

/// A member's read position after `POST /users/{user_id}/posts/{post_id}/set_unread`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelUnreadAt {
    pub team_id: String,
    pub user_id: String,
    pub channel_id: String,
    pub msg_count: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub urgent_mention_count: i64,
    pub msg_count_root: i64,
    pub last_viewed_at: i64,
    pub notify_props: ChannelNotifyProps,
}

/// `GET /channels/{channel_id}/stats`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelStats {
    pub channel_id: String,
    pub member_count: i64,
    pub guest_count: i64,
    pub pinnedpost_count: i64,
    pub files_count: i64,
}
