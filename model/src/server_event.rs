//! Server events as typed values: a WebSocket frame decoded once, by its event name, into what
//! the event says. Mattermost sends some payloads (posts, reactions, channels) as JSON *strings*
//! inside the frame's data; they are decoded here too, so no reader sees JSON again.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::{
    event_name, Channel, ChannelMember, ChannelUnreadAt, ChannelUpdatedData, Post, PostChangedData,
    PostedData, Preference, Reaction, ReactionEventData, Team, User, WebSocketEvent,
};

/// A server event the client acts on.
#[derive(Clone, Debug, PartialEq)]
pub enum ServerEvent {
    /// The event stream started (the first frame of every stream).
    Hello,
    /// A new post, with who it mentions.
    Posted(Posted),
    /// A post's new version (edited, or its previews added).
    PostEdited(Post),
    /// A deleted post (its last version).
    PostDeleted(Post),
    /// Someone is typing in a channel (`root_id`: in that thread).
    Typing(Typing),
    /// I read a channel in another session.
    ChannelViewed {
        channel_id: String,
    },
    /// I read these channels in another session, each up to the time given.
    MultipleChannelsViewed {
        channel_times: HashMap<String, i64>,
    },
    /// I marked a channel unread from a post, here or in another session.
    PostUnread(ChannelUnreadAt),
    ReactionAdded(Reaction),
    ReactionRemoved(Reaction),
    /// A channel's new version (its header, purpose or name changed).
    ChannelUpdated(Channel),
    /// A channel was made (by me, elsewhere), or a direct or group message opened with me.
    ChannelCreated {
        channel_id: String,
    },
    /// A channel was archived.
    ChannelDeleted {
        channel_id: String,
        delete_at: i64,
    },
    /// An archived channel came back.
    ChannelRestored {
        channel_id: String,
    },
    /// Someone (`user_id`) joined or was added to a channel.
    UserAdded {
        channel_id: String,
        user_id: String,
    },
    /// Someone left or was removed from a channel; an empty `user_id` means me (the event then
    /// comes to me alone).
    UserRemoved {
        channel_id: String,
        user_id: String,
    },
    /// A user's status changed (Mattermost tells each user of their own).
    StatusChange {
        user_id: String,
        status: String,
    },
    /// Someone's profile changed (their names, nickname, position).
    UserUpdated(User),
    /// My membership of a channel changed elsewhere (its notification settings).
    ChannelMemberUpdated(ChannelMember),
    /// I saved preferences in some session.
    PreferencesChanged(Vec<Preference>),
    /// A team I belong to changed (its name, or whether it is open), without its invite id.
    TeamUpdated(Team),
    /// Someone's system roles changed (Mattermost tells the person themselves).
    UserRoleUpdated {
        user_id: String,
        roles: String,
    },
}

/// A `posted` event: the post, who it mentions, and the sender's name as the server wrote it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Posted {
    pub post: Post,
    /// Ids of the users mentioned.
    pub mentions: Vec<String>,
    /// `@username`, or the name a bridge posted under.
    pub sender_name: String,
}

/// A `typing` event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typing {
    pub channel_id: String,
    pub user_id: String,
    /// The thread typed in; empty for the channel itself.
    pub root_id: String,
}

/// The fields of the events that name a channel and a person in their data; each event reads
/// those it has.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ChannelAndUser {
    channel_id: String,
    user_id: String,
    delete_at: i64,
    status: String,
    parent_id: String,
}

#[derive(Deserialize)]
struct UserUpdatedData {
    user: User,
}

/// Mattermost sends the team as a JSON string.
#[derive(Deserialize)]
struct TeamUpdatedData {
    team: String,
}

#[derive(Deserialize)]
struct UserRoleUpdatedData {
    user_id: String,
    roles: String,
}

/// Mattermost sends the member as a JSON string under a camel-case key.
#[derive(Deserialize)]
struct ChannelMemberUpdatedData {
    #[serde(rename = "channelMember")]
    channel_member: String,
}

/// The preferences, a JSON array in a string.
#[derive(Deserialize)]
struct PreferencesData {
    preferences: String,
}

#[derive(Deserialize)]
struct ChannelTimes {
    channel_times: HashMap<String, i64>,
}

impl ServerEvent {
    /// Decodes a frame; `None` for an event the client does not act on, or a malformed one.
    pub fn decode(frame: &WebSocketEvent) -> Option<Self> {
        let data = &frame.data;
        // Some events name the channel in their data, others only in their broadcast.
        let fields = || {
            let mut fields = ChannelAndUser::deserialize(data).unwrap_or_default();
            if fields.channel_id.is_empty() {
                fields.channel_id = frame.broadcast.channel_id.clone();
            }
            fields
        };
        let post = || {
            let changed = PostChangedData::deserialize(data).ok()?;
            serde_json::from_str::<Post>(&changed.post).ok()
        };
        let reaction = || {
            let data = ReactionEventData::deserialize(data).ok()?;
            serde_json::from_str::<Reaction>(&data.reaction).ok()
        };
        Some(match frame.event.as_str() {
            event_name::HELLO => Self::Hello,
            event_name::POSTED => Self::Posted(Posted::decode(data)?),
            event_name::POST_EDITED => Self::PostEdited(post()?),
            event_name::POST_DELETED => Self::PostDeleted(post()?),
            event_name::TYPING => {
                let fields = fields();
                if fields.user_id.is_empty() {
                    return None;
                }
                Self::Typing(Typing {
                    channel_id: frame.broadcast.channel_id.clone(),
                    user_id: fields.user_id,
                    root_id: fields.parent_id,
                })
            }
            event_name::CHANNEL_VIEWED => Self::ChannelViewed {
                channel_id: ChannelAndUser::deserialize(data).ok()?.channel_id,
            },
            event_name::MULTIPLE_CHANNELS_VIEWED => Self::MultipleChannelsViewed {
                channel_times: ChannelTimes::deserialize(data).ok()?.channel_times,
            },
            event_name::POST_UNREAD => {
                // The channel is in the broadcast, the counts in the data.
                let mut unread_at = ChannelUnreadAt::deserialize(data).ok()?;
                unread_at.channel_id = frame.broadcast.channel_id.clone();
                Self::PostUnread(unread_at)
            }
            event_name::REACTION_ADDED => Self::ReactionAdded(reaction()?),
            event_name::REACTION_REMOVED => Self::ReactionRemoved(reaction()?),
            event_name::CHANNEL_UPDATED => {
                let updated = ChannelUpdatedData::deserialize(data).ok()?;
                Self::ChannelUpdated(serde_json::from_str::<Channel>(&updated.channel).ok()?)
            }
            event_name::CHANNEL_CREATED | event_name::DIRECT_ADDED | event_name::GROUP_ADDED => {
                Self::ChannelCreated {
                    channel_id: fields().channel_id,
                }
            }
            event_name::CHANNEL_DELETED => {
                let fields = fields();
                Self::ChannelDeleted {
                    channel_id: fields.channel_id,
                    delete_at: fields.delete_at,
                }
            }
            event_name::CHANNEL_RESTORED => Self::ChannelRestored {
                channel_id: fields().channel_id,
            },
            event_name::USER_ADDED => {
                let fields = fields();
                Self::UserAdded {
                    channel_id: fields.channel_id,
                    user_id: fields.user_id,
                }
            }
            event_name::USER_REMOVED => {
                let fields = fields();
                Self::UserRemoved {
                    channel_id: fields.channel_id,
                    user_id: fields.user_id,
                }
            }
            event_name::STATUS_CHANGE => {
                let fields = ChannelAndUser::deserialize(data).ok()?;
                if fields.user_id.is_empty() {
                    return None;
                }
                Self::StatusChange {
                    user_id: fields.user_id,
                    status: fields.status,
                }
            }
            event_name::USER_UPDATED => {
                Self::UserUpdated(UserUpdatedData::deserialize(data).ok()?.user)
            }
            event_name::UPDATE_TEAM => {
                let data = TeamUpdatedData::deserialize(data).ok()?;
                Self::TeamUpdated(serde_json::from_str(&data.team).ok()?)
            }
            event_name::USER_ROLE_UPDATED => {
                let data = UserRoleUpdatedData::deserialize(data).ok()?;
                Self::UserRoleUpdated {
                    user_id: data.user_id,
                    roles: data.roles,
                }
            }
            event_name::CHANNEL_MEMBER_UPDATED => {
                let data = ChannelMemberUpdatedData::deserialize(data).ok()?;
                Self::ChannelMemberUpdated(serde_json::from_str(&data.channel_member).ok()?)
            }
            event_name::PREFERENCES_CHANGED => {
                let data = PreferencesData::deserialize(data).ok()?;
                Self::PreferencesChanged(serde_json::from_str(&data.preferences).ok()?)
            }
            _ => return None,
        })
    }
}

impl Posted {
    fn decode(data: &Value) -> Option<Self> {
        let data = PostedData::deserialize(data).ok()?;
        Some(Self {
            post: data.decode_post().ok()?,
            mentions: data.decode_mentions(),
            sender_name: data.sender_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Broadcast;

    fn frame(name: &str, data: Value, channel_id: &str) -> WebSocketEvent {
        WebSocketEvent {
            event: name.into(),
            data,
            broadcast: Broadcast {
                channel_id: channel_id.into(),
                ..Broadcast::default()
            },
            seq: 1,
        }
    }

    #[test]
    fn a_posted_frame_gives_the_post_its_mentions_and_sender() {
        let post = r#"{"id":"p1","channel_id":"c1","message":"hi @ann","create_at":5}"#;
        let data = json!({"post": post, "mentions": "[\"u1\"]", "sender_name": "@bob"});
        let Some(ServerEvent::Posted(posted)) = ServerEvent::decode(&frame("posted", data, "c1"))
        else {
            panic!("a posted event");
        };
        assert_eq!((posted.post.id.as_str(), posted.post.create_at), ("p1", 5));
        assert_eq!(posted.mentions, ["u1"]);
        assert_eq!(posted.sender_name, "@bob");
    }

    #[test]
    fn payloads_sent_as_json_strings_are_decoded() {
        let reaction = json!({"user_id": "bob", "post_id": "p1", "emoji_name": "tada"});
        let added = frame(
            "reaction_added",
            json!({"reaction": reaction.to_string()}),
            "c1",
        );
        assert!(matches!(
            ServerEvent::decode(&added),
            Some(ServerEvent::ReactionAdded(r)) if r.emoji_name == "tada"
        ));
        let edited = frame("post_edited", json!({"post": r#"{"id":"p1"}"#}), "c1");
        assert!(matches!(
            ServerEvent::decode(&edited),
            Some(ServerEvent::PostEdited(p)) if p.id == "p1"
        ));
        let updated = frame(
            "channel_updated",
            json!({"channel": r#"{"id":"c1","header":"new"}"#}),
            "c1",
        );
        assert!(matches!(
            ServerEvent::decode(&updated),
            Some(ServerEvent::ChannelUpdated(c)) if c.header == "new"
        ));
    }

    #[test]
    fn the_channel_comes_from_the_data_or_else_the_broadcast() {
        let from_data = frame("channel_created", json!({"channel_id": "c9"}), "");
        assert_eq!(
            ServerEvent::decode(&from_data),
            Some(ServerEvent::ChannelCreated {
                channel_id: "c9".into()
            })
        );
        let from_broadcast = frame("user_added", json!({"user_id": "me"}), "c8");
        assert_eq!(
            ServerEvent::decode(&from_broadcast),
            Some(ServerEvent::UserAdded {
                channel_id: "c8".into(),
                user_id: "me".into()
            })
        );
        let typing = frame("typing", json!({"user_id": "bob", "parent_id": "r1"}), "c1");
        assert_eq!(
            ServerEvent::decode(&typing),
            Some(ServerEvent::Typing(Typing {
                channel_id: "c1".into(),
                user_id: "bob".into(),
                root_id: "r1".into()
            }))
        );
        let unread = frame("post_unread", json!({"msg_count": 3}), "c1");
        assert!(matches!(
            ServerEvent::decode(&unread),
            Some(ServerEvent::PostUnread(u)) if u.channel_id == "c1" && u.msg_count == 3
        ));
    }

    #[test]
    fn malformed_and_unknown_frames_decode_to_nothing() {
        for (name, data) in [
            ("posted", json!({"post": "{not json"})),
            ("post_edited", json!({})),
            ("reaction_added", json!({"reaction": 7})),
            ("channel_viewed", json!(null)),
            ("typing", json!({"parent_id": ""})),
            ("multiple_channels_viewed", json!({"channel_times": "x"})),
            ("something_new", json!({})),
        ] {
            assert_eq!(
                ServerEvent::decode(&frame(name, data, "c1")),
                None,
                "{name}"
            );
        }
    }

    #[test]
    fn profile_membership_and_preference_changes_decode_as_mattermost_sends_them() {
        let user = json!({"user": {"id": "u1", "username": "ann", "first_name": "Ann"}});
        let Some(ServerEvent::UserUpdated(user)) =
            ServerEvent::decode(&frame("user_updated", user, ""))
        else {
            panic!("a user_updated event");
        };
        assert_eq!((user.id.as_str(), user.first_name.as_str()), ("u1", "Ann"));

        let member =
            r#"{"channel_id":"c1","user_id":"u1","notify_props":{"mark_unread":"mention"}}"#;
        let data = json!({"channelMember": member});
        let Some(ServerEvent::ChannelMemberUpdated(member)) =
            ServerEvent::decode(&frame("channel_member_updated", data, "c1"))
        else {
            panic!("a channel_member_updated event");
        };
        assert_eq!(member.notify_props.mark_unread, "mention");
        assert_eq!(
            member.notify_props.desktop, "default",
            "unsent props keep their default"
        );

        let list = r#"[{"user_id":"u1","category":"display_settings","name":"brisk_theme","value":"dark"}]"#;
        let data = json!({"preferences": list});
        let Some(ServerEvent::PreferencesChanged(list)) =
            ServerEvent::decode(&frame("preferences_changed", data, ""))
        else {
            panic!("a preferences_changed event");
        };
        assert_eq!(list[0].value, "dark");
    }

    #[test]
    fn team_and_role_changes_decode_as_mattermost_sends_them() {
        let team =
            r#"{"id":"t1","name":"acme","display_name":"Acme Corp","allow_open_invite":false}"#;
        let Some(ServerEvent::TeamUpdated(team)) =
            ServerEvent::decode(&frame("update_team", json!({"team": team}), ""))
        else {
            panic!("an update_team event");
        };
        assert_eq!(
            (team.id.as_str(), team.display_name.as_str()),
            ("t1", "Acme Corp")
        );
        assert!(!team.allow_open_invite);

        let roles = json!({"user_id": "u1", "roles": "system_user system_admin"});
        assert_eq!(
            ServerEvent::decode(&frame("user_role_updated", roles, "")),
            Some(ServerEvent::UserRoleUpdated {
                user_id: "u1".into(),
                roles: "system_user system_admin".into()
            })
        );
        assert_eq!(
            ServerEvent::decode(&frame("update_team", json!({"team": "{not json"}), "")),
            None
        );
    }
}
