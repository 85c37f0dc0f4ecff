//! Server events as typed values: a WebSocket frame decoded once, by its event name, into what
//! the event says. Mattermost sends some payloads (posts, reactions, channels) as JSON *strings*
//! inside the frame's data; they are decoded as they are read, so no reader sees JSON again.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::{
    event_name, Channel, ChannelMember, ChannelUnreadAt, Post, Preference, Reaction, Team, User,
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

/// A frame as the socket delivers it. Only the envelope is decoded here; the data stays JSON text
/// until the event's name says what it holds, so each payload is decoded once, straight into its
/// type (no `serde_json::Value` tree in between).
#[derive(Debug, Deserialize)]
pub struct Frame<'a> {
    /// The event's name; empty in the server's replies to the client's own messages.
    #[serde(default, borrow)]
    pub event: Cow<'a, str>,
    /// The event's number on its connection (see `realtime/sequence.rs` in the client).
    #[serde(default)]
    pub seq: i64,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
    #[serde(default, borrow)]
    broadcast: FrameBroadcast<'a>,
}

/// The part of the broadcast the client reads: the channel an event is about, for the events
/// that name it only there.
#[derive(Debug, Default, Deserialize)]
struct FrameBroadcast<'a> {
    #[serde(default, borrow)]
    channel_id: Cow<'a, str>,
}

impl<'a> Frame<'a> {
    /// Decodes a frame's envelope from the socket's text; `None` when the text is not a frame.
    pub fn parse(text: &'a str) -> Option<Self> {
        crate::json::from_str(text).ok()
    }

    /// For a `hello`, the id of the connection it starts (empty if it names none).
    pub fn hello_connection_id(&self) -> Option<String> {
        (self.event == event_name::HELLO)
            .then(|| self.data::<HelloData>().unwrap_or_default().connection_id)
    }

    /// The data decoded as `T`; `None` if it is missing or not a `T`.
    fn data<T: DeserializeOwned>(&self) -> Option<T> {
        crate::json::from_str(self.data.map_or("null", RawValue::get)).ok()
    }
}

/// A payload Mattermost sends as a JSON document inside a JSON string (posts, reactions,
/// channels, teams, members, preferences), decoded from the string as it is read.
struct Embedded<T>(T);

impl<'de, T: DeserializeOwned> Deserialize<'de> for Embedded<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct JsonInString<T>(PhantomData<T>);
        impl<T: DeserializeOwned> Visitor<'_> for JsonInString<T> {
            type Value = T;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string holding JSON")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
                crate::json::from_str(text).map_err(E::custom)
            }
        }
        deserializer
            .deserialize_str(JsonInString(PhantomData))
            .map(Embedded)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HelloData {
    connection_id: String,
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

/// Mattermost sends the post, and the mentioned users' ids, as JSON strings.
#[derive(Deserialize)]
struct PostedData {
    post: Embedded<Post>,
    #[serde(default)]
    mentions: Option<String>,
    #[serde(default)]
    sender_name: String,
}

/// `post_edited` and `post_deleted`: the post as a JSON string.
#[derive(Deserialize)]
struct PostData {
    post: Embedded<Post>,
}

#[derive(Deserialize)]
struct ReactionData {
    reaction: Embedded<Reaction>,
}

#[derive(Deserialize)]
struct ChannelData {
    channel: Embedded<Channel>,
}

#[derive(Deserialize)]
struct UserUpdatedData {
    user: User,
}

#[derive(Deserialize)]
struct TeamUpdatedData {
    team: Embedded<Team>,
}

#[derive(Deserialize)]
struct UserRoleUpdatedData {
    user_id: String,
    roles: String,
}

/// The member comes under a camel-case key.
#[derive(Deserialize)]
struct ChannelMemberUpdatedData {
    #[serde(rename = "channelMember")]
    channel_member: Embedded<ChannelMember>,
}

#[derive(Deserialize)]
struct PreferencesData {
    preferences: Embedded<Vec<Preference>>,
}

#[derive(Deserialize)]
struct ChannelTimes {
    channel_times: HashMap<String, i64>,
}

impl ServerEvent {
    /// Decodes a frame's data by its event name; `None` for an event the client does not act on,
    /// or a malformed one.
    pub fn decode(frame: &Frame) -> Option<Self> {
        // Some events name the channel in their data, others only in their broadcast.
        let fields = || {
            let mut fields = frame.data::<ChannelAndUser>().unwrap_or_default();
            if fields.channel_id.is_empty() {
                fields.channel_id = frame.broadcast.channel_id.to_string();
            }
            fields
        };
        Some(match &*frame.event {
            event_name::HELLO => Self::Hello,
            event_name::POSTED => {
                let data = frame.data::<PostedData>()?;
                Self::Posted(Posted {
                    post: data.post.0,
                    mentions: data
                        .mentions
                        .and_then(|ids| crate::json::from_str(&ids).ok())
                        .unwrap_or_default(),
                    sender_name: data.sender_name,
                })
            }
            event_name::POST_EDITED => Self::PostEdited(frame.data::<PostData>()?.post.0),
            event_name::POST_DELETED => Self::PostDeleted(frame.data::<PostData>()?.post.0),
            event_name::TYPING => {
                let fields = fields();
                if fields.user_id.is_empty() {
                    return None;
                }
                Self::Typing(Typing {
                    channel_id: frame.broadcast.channel_id.to_string(),
                    user_id: fields.user_id,
                    root_id: fields.parent_id,
                })
            }
            event_name::CHANNEL_VIEWED => Self::ChannelViewed {
                channel_id: frame.data::<ChannelAndUser>()?.channel_id,
            },
            event_name::MULTIPLE_CHANNELS_VIEWED => Self::MultipleChannelsViewed {
                channel_times: frame.data::<ChannelTimes>()?.channel_times,
            },
            event_name::POST_UNREAD => {
                // The channel is in the broadcast, the counts in the data.
                let mut unread_at = frame.data::<ChannelUnreadAt>()?;
                unread_at.channel_id = frame.broadcast.channel_id.to_string();
                Self::PostUnread(unread_at)
            }
            event_name::REACTION_ADDED => {
                Self::ReactionAdded(frame.data::<ReactionData>()?.reaction.0)
            }
            event_name::REACTION_REMOVED => {
                Self::ReactionRemoved(frame.data::<ReactionData>()?.reaction.0)
            }
            event_name::CHANNEL_UPDATED => {
                Self::ChannelUpdated(frame.data::<ChannelData>()?.channel.0)
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
                let fields = frame.data::<ChannelAndUser>()?;
                if fields.user_id.is_empty() {
                    return None;
                }
                Self::StatusChange {
                    user_id: fields.user_id,
                    status: fields.status,
                }
            }
            event_name::USER_UPDATED => Self::UserUpdated(frame.data::<UserUpdatedData>()?.user),
            event_name::UPDATE_TEAM => Self::TeamUpdated(frame.data::<TeamUpdatedData>()?.team.0),
            event_name::USER_ROLE_UPDATED => {
                let data = frame.data::<UserRoleUpdatedData>()?;
                Self::UserRoleUpdated {
                    user_id: data.user_id,
                    roles: data.roles,
                }
            }
            event_name::CHANNEL_MEMBER_UPDATED => Self::ChannelMemberUpdated(
                frame.data::<ChannelMemberUpdatedData>()?.channel_member.0,
            ),
            event_name::PREFERENCES_CHANGED => {
                Self::PreferencesChanged(frame.data::<PreferencesData>()?.preferences.0)
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    /// What a frame named `name` carrying `data`, broadcast to `channel_id`, decodes to, the frame
    /// written out as the server sends it.
    fn decode(name: &str, data: Value, channel_id: &str) -> Option<ServerEvent> {
        let text = json!({
            "event": name,
            "data": data,
            "broadcast": {"omit_users": null, "user_id": "", "channel_id": channel_id, "team_id": ""},
            "seq": 1,
        })
        .to_string();
        ServerEvent::decode(&Frame::parse(&text).expect("a frame"))
    }

    #[test]
    fn a_posted_frame_gives_the_post_its_mentions_and_sender() {
        let post = r#"{"id":"p1","channel_id":"c1","message":"hi @ann","create_at":5}"#;
        let data = json!({"post": post, "mentions": "[\"u1\"]", "sender_name": "@bob"});
        let Some(ServerEvent::Posted(posted)) = decode("posted", data, "c1") else {
            panic!("a posted event");
        };
        assert_eq!((posted.post.id.as_str(), posted.post.create_at), ("p1", 5));
        assert_eq!(posted.mentions, ["u1"]);
        assert_eq!(posted.sender_name, "@bob");
    }

    #[test]
    fn payloads_sent_as_json_strings_are_decoded() {
        let reaction = json!({"user_id": "bob", "post_id": "p1", "emoji_name": "tada"});
        let added = decode(
            "reaction_added",
            json!({"reaction": reaction.to_string()}),
            "c1",
        );
        assert!(matches!(
            added,
            Some(ServerEvent::ReactionAdded(r)) if r.emoji_name == "tada"
        ));
        let edited = decode("post_edited", json!({"post": r#"{"id":"p1"}"#}), "c1");
        assert!(matches!(
            edited,
            Some(ServerEvent::PostEdited(p)) if p.id == "p1"
        ));
        let updated = decode(
            "channel_updated",
            json!({"channel": r#"{"id":"c1","header":"new"}"#}),
            "c1",
        );
        assert!(matches!(
            updated,
            Some(ServerEvent::ChannelUpdated(c)) if c.header == "new"
        ));
    }

    #[test]
    fn the_channel_comes_from_the_data_or_else_the_broadcast() {
        let from_data = decode("channel_created", json!({"channel_id": "c9"}), "");
        assert_eq!(
            from_data,
            Some(ServerEvent::ChannelCreated {
                channel_id: "c9".into()
            })
        );
        let from_broadcast = decode("user_added", json!({"user_id": "me"}), "c8");
        assert_eq!(
            from_broadcast,
            Some(ServerEvent::UserAdded {
                channel_id: "c8".into(),
                user_id: "me".into()
            })
        );
        let typing = decode("typing", json!({"user_id": "bob", "parent_id": "r1"}), "c1");
        assert_eq!(
            typing,
            Some(ServerEvent::Typing(Typing {
                channel_id: "c1".into(),
                user_id: "bob".into(),
                root_id: "r1".into()
            }))
        );
        let unread = decode("post_unread", json!({"msg_count": 3}), "c1");
        assert!(matches!(
            unread,
            Some(ServerEvent::PostUnread(u)) if u.channel_id == "c1" && u.msg_count == 3
        ));
    }

    #[test]
    fn the_other_events_decode_to_what_they_say() {
        let deleted = decode(
            "post_deleted",
            json!({"post": r#"{"id":"p1","delete_at":9}"#, "delete_by": "u1"}),
            "c1",
        );
        assert!(
            matches!(deleted, Some(ServerEvent::PostDeleted(p)) if p.id == "p1" && p.delete_at == 9)
        );
        let reaction = json!({"user_id": "bob", "post_id": "p1", "emoji_name": "tada"}).to_string();
        let removed = decode("reaction_removed", json!({"reaction": reaction}), "c1");
        assert!(matches!(removed, Some(ServerEvent::ReactionRemoved(r)) if r.post_id == "p1"));
        let times = decode(
            "multiple_channels_viewed",
            json!({"channel_times": {"c1": 7, "c2": 8}}),
            "",
        );
        assert!(
            matches!(times, Some(ServerEvent::MultipleChannelsViewed { channel_times }) if channel_times["c2"] == 8)
        );
        let cases = [
            (
                "hello",
                json!({"connection_id": "x", "server_version": "9"}),
                "",
                ServerEvent::Hello,
            ),
            (
                "channel_viewed",
                json!({"channel_id": "c1"}),
                "",
                ServerEvent::ChannelViewed {
                    channel_id: "c1".into(),
                },
            ),
            (
                "direct_added",
                json!({"teammate_id": "u2"}),
                "d1",
                ServerEvent::ChannelCreated {
                    channel_id: "d1".into(),
                },
            ),
            (
                "group_added",
                json!({"teammate_ids": "[]"}),
                "g1",
                ServerEvent::ChannelCreated {
                    channel_id: "g1".into(),
                },
            ),
            (
                "channel_deleted",
                json!({"channel_id": "c1", "delete_at": 5}),
                "",
                ServerEvent::ChannelDeleted {
                    channel_id: "c1".into(),
                    delete_at: 5,
                },
            ),
            (
                "channel_restored",
                json!({"channel_id": "c1"}),
                "",
                ServerEvent::ChannelRestored {
                    channel_id: "c1".into(),
                },
            ),
            (
                "user_removed",
                json!({"channel_id": "c1", "remover_id": "u2"}),
                "",
                ServerEvent::UserRemoved {
                    channel_id: "c1".into(),
                    user_id: String::new(),
                },
            ),
            (
                "status_change",
                json!({"user_id": "u1", "status": "away"}),
                "",
                ServerEvent::StatusChange {
                    user_id: "u1".into(),
                    status: "away".into(),
                },
            ),
        ];
        for (name, data, channel_id, expected) in cases {
            assert_eq!(decode(name, data, channel_id), Some(expected), "{name}");
        }
    }

    #[test]
    fn a_posted_frame_with_unreadable_mentions_still_gives_its_post() {
        let data = json!({"post": r#"{"id":"p1"}"#, "mentions": "[not json"});
        assert!(matches!(
            decode("posted", data, "c1"),
            Some(ServerEvent::Posted(posted)) if posted.post.id == "p1" && posted.mentions.is_empty()
        ));
    }

    #[test]
    fn the_envelope_gives_the_name_number_and_a_hellos_connection() {
        let hello = r#"{"event":"hello","data":{"connection_id":"conn1","server_version":"9"},"broadcast":{},"seq":0}"#;
        let frame = Frame::parse(hello).expect("a frame");
        assert_eq!((&*frame.event, frame.seq), ("hello", 0));
        assert_eq!(frame.hello_connection_id().as_deref(), Some("conn1"));
        let posted = Frame::parse(r#"{"event":"posted","seq":4}"#).expect("a frame");
        assert_eq!((posted.seq, posted.hello_connection_id()), (4, None));
        let unnamed = Frame::parse(r#"{"event":"hello","seq":0}"#).expect("a frame");
        assert_eq!(unnamed.hello_connection_id().as_deref(), Some(""));
        // The server's replies to the client's own messages name no event.
        let reply = Frame::parse(r#"{"status":"OK","seq_reply":1}"#).expect("a frame");
        assert_eq!(reply.event, "");
        assert_eq!(Frame::parse("{not json").map(|f| f.seq), None);
        // A name written with escapes still reads (it is copied instead of borrowed).
        let escaped =
            Frame::parse(r#"{"event":"post\u005fedited","data":{"post":"{\"id\":\"p1\"}"}}"#)
                .expect("a frame");
        assert!(
            matches!(ServerEvent::decode(&escaped), Some(ServerEvent::PostEdited(p)) if p.id == "p1")
        );
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
            ("post_deleted", json!({"post": {"id": "p1"}})),
            ("channel_updated", json!({"channel": "{\"id\": 7}"})),
            ("status_change", json!({"status": "away"})),
            ("user_updated", json!({"user": "u1"})),
            ("preferences_changed", json!({"preferences": "{}"})),
            ("channel_member_updated", json!({"channel_member": "{}"})),
            ("user_role_updated", json!({"user_id": "u1"})),
            ("something_new", json!({})),
        ] {
            assert_eq!(decode(name, data, "c1"), None, "{name}");
        }
    }

    #[test]
    fn profile_membership_and_preference_changes_decode_as_mattermost_sends_them() {
        let user = json!({"user": {"id": "u1", "username": "ann", "first_name": "Ann"}});
        let Some(ServerEvent::UserUpdated(user)) = decode("user_updated", user, "") else {
            panic!("a user_updated event");
        };
        assert_eq!((user.id.as_str(), user.first_name.as_str()), ("u1", "Ann"));

        let member =
            r#"{"channel_id":"c1","user_id":"u1","notify_props":{"mark_unread":"mention"}}"#;
        let data = json!({"channelMember": member});
        let Some(ServerEvent::ChannelMemberUpdated(member)) =
            decode("channel_member_updated", data, "c1")
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
        let Some(ServerEvent::PreferencesChanged(list)) = decode("preferences_changed", data, "")
        else {
            panic!("a preferences_changed event");
        };
        assert_eq!(list[0].value, "dark");
    }

    #[test]
    fn team_and_role_changes_decode_as_mattermost_sends_them() {
        let team =
            r#"{"id":"t1","name":"acme","display_name":"Acme Corp","allow_open_invite":false}"#;
        let Some(ServerEvent::TeamUpdated(team)) = decode("update_team", json!({"team": team}), "")
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
            decode("user_role_updated", roles, ""),
            Some(ServerEvent::UserRoleUpdated {
                user_id: "u1".into(),
                roles: "system_user system_admin".into()
            })
        );
        assert_eq!(
            decode("update_team", json!({"team": "{not json"}), ""),
            None
        );
    }
}
