use serde::{Deserialize, Serialize};

/// Channel type codes as Mattermost spells them.
pub mod channel_type {
    pub const OPEN: &str = "O";
    pub const PRIVATE: &str = "P";
    pub const DIRECT: &str = "D";
    pub const GROUP: &str = "G";
}

/// A channel: open, private, direct or group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
    /// Mattermost's free-form channel props; null or absent on most channels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub props: Option<ChannelProps>,
}

crate::deserialize_into_default!(Channel {
    id, create_at, update_at, delete_at, team_id, channel_type = "type", display_name, name, header,
    purpose, last_post_at, last_root_post_at, total_msg_count, total_msg_count_root, creator_id,
    extra_update_at, props,
});

/// The part of a channel's props brisk reads: the chat bridges the bundled server keeps in it.
/// Mattermost has no such key, so against a real Mattermost this stays empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct ChannelProps {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bridges: Vec<ChannelBridge>,
}

crate::deserialize_into_default!(ChannelProps { bridges });

impl ChannelProps {
    /// Whether there is nothing to show or send.
    pub fn is_empty(&self) -> bool {
        self.bridges.is_empty()
    }
}

/// One bridge of a channel to a room on another chat network, and whether it is linked now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct ChannelBridge {
    /// "irc" (later "matrix").
    pub network: String,
    /// The room on that network, e.g. "#oxbow".
    pub room: String,
    /// The server the bridge connects to, "host:port".
    pub server: String,
    /// One of `bridge_state`.
    pub state: String,
}

crate::deserialize_into_default!(ChannelBridge {
    network,
    room,
    server,
    state
});

/// The states a `ChannelBridge` reports.
pub mod bridge_state {
    /// Linked: what is said on either side shows on the other.
    pub const CONNECTED: &str = "connected";
    /// First connection after start-up, not yet linked.
    pub const CONNECTING: &str = "connecting";
    /// The link dropped; posts wait in the server's outbox until it is back.
    pub const RECONNECTING: &str = "reconnecting";
    /// The other side refused the bridge's credentials: someone must fix the password or token
    /// (posts wait in the outbox meanwhile; the bridge tries again now and then).
    pub const REFUSED: &str = "refused";
}

/// A user's notification settings for one channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct ChannelNotifyProps {
    pub desktop: String,
    pub email: String,
    pub push: String,
    /// "all", or "mention" when the channel is muted.
    pub mark_unread: String,
}

crate::deserialize_into_default!(ChannelNotifyProps {
    desktop,
    email,
    push,
    mark_unread
});

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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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

crate::deserialize_into_default!(ChannelMember {
    channel_id,
    user_id,
    roles,
    last_viewed_at,
    msg_count,
    msg_count_root,
    mention_count,
    mention_count_root,
    notify_props,
    last_update_at,
});

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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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

crate::deserialize_into_default!(ChannelUnreadAt {
    team_id,
    user_id,
    channel_id,
    msg_count,
    mention_count,
    mention_count_root,
    urgent_mention_count,
    msg_count_root,
    last_viewed_at,
    notify_props,
});

/// `GET /channels/{channel_id}/stats`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct ChannelStats {
    pub channel_id: String,
    pub member_count: i64,
    pub guest_count: i64,
    pub pinnedpost_count: i64,
    pub files_count: i64,
}

crate::deserialize_into_default!(ChannelStats {
    channel_id,
    member_count,
    guest_count,
    pinnedpost_count,
    files_count,
});

#[cfg(test)]
mod bridge_props_tests {
    use super::*;

    #[test]
    fn channel_props_read_bridges_and_tolerate_null() {
        let plain: Channel =
            serde_json::from_str(r#"{"id":"c","props":null}"#).expect("null props");
        assert_eq!(plain.props, None);
        let bridged: Channel = serde_json::from_str(
            r##"{"id":"c","props":{"bridges":[{"network":"irc","room":"#oxbow","server":"irc.example.org:6697","state":"connected"}],"other":1}}"##,
        )
        .expect("bridged");
        let bridge = &bridged.props.expect("props").bridges[0];
        assert_eq!(
            (bridge.room.as_str(), bridge.state.as_str()),
            ("#oxbow", bridge_state::CONNECTED)
        );
        let sent = serde_json::to_value(&plain).expect("encode");
        assert!(
            sent.get("props").is_none(),
            "no props key when there are none"
        );
    }
}
