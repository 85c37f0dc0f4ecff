//! The WebSocket event reducer.

use std::collections::HashMap;

use brisk_model::{event_name, PostChangedData, PostedData, ReactionEventData, WebSocketEvent};
use serde::Deserialize;

use super::{Store, Typist};

/// Work an event asks of the caller, which owns the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Followup {
    /// Tell the server the open channel was read (`POST /channels/members/me/view`).
    MarkChannelViewed(String),
    /// A new WebSocket connection could not replay what was missed: refetch.
    Resync,
    /// I was added to a channel (or made one elsewhere): fetch it and my membership.
    LoadChannel(String),
    /// Someone started typing: end it after a while unless refreshed.
    ExpireTyping(Typist),
}

#[derive(Deserialize)]
struct TypingData {
    user_id: String,
    #[serde(default)]
    parent_id: String,
}

#[derive(Deserialize)]
struct HelloData {
    connection_id: String,
}

#[derive(Deserialize)]
struct ChannelViewedData {
    channel_id: String,
}

#[derive(Deserialize)]
struct MultipleChannelsViewedData {
    channel_times: HashMap<String, i64>,
}

impl Store {
    /// Applies one server event; malformed or unknown events are ignored.
    pub fn apply_event(&mut self, event: &WebSocketEvent) -> Option<Followup> {
        match event.event.as_str() {
            event_name::HELLO => {
                let hello = HelloData::deserialize(&event.data).ok()?;
                let previous = self.connection_id.replace(hello.connection_id.clone());
                previous
                    .filter(|old| *old != hello.connection_id)
                    .map(|_| Followup::Resync)
            }
            event_name::POSTED => self.on_posted(PostedData::deserialize(&event.data).ok()?),
            event_name::POST_EDITED => {
                let data = PostChangedData::deserialize(&event.data).ok()?;
                self.apply_post_changed(data.decode_post().ok()?);
                None
            }
            event_name::POST_DELETED => {
                let data = PostChangedData::deserialize(&event.data).ok()?;
                self.apply_post_deleted(&data.decode_post().ok()?);
                None
            }
            event_name::TYPING => {
                let data = TypingData::deserialize(&event.data).ok()?;
                let channel_id = &event.broadcast.channel_id;
                if data.user_id == self.my_id() || channel_id.is_empty() {
                    return None;
                }
                let typist = self.apply_typing(channel_id, &data.parent_id, &data.user_id);
                Some(Followup::ExpireTyping(typist))
            }
            event_name::REACTION_ADDED => {
                let data = ReactionEventData::deserialize(&event.data).ok()?;
                self.add_reaction(data.decode_reaction().ok()?);
                None
            }
            event_name::REACTION_REMOVED => {
                let data = ReactionEventData::deserialize(&event.data).ok()?;
                let reaction = data.decode_reaction().ok()?;
                self.remove_reaction(&reaction.post_id, &reaction.user_id, &reaction.emoji_name);
                None
            }
            event_name::CHANNEL_VIEWED => {
                let viewed = ChannelViewedData::deserialize(&event.data).ok()?;
                self.mark_channel_read(&viewed.channel_id, 0);
                None
            }
            event_name::MULTIPLE_CHANNELS_VIEWED => {
                let viewed = MultipleChannelsViewedData::deserialize(&event.data).ok()?;
                for (channel_id, at) in viewed.channel_times {
                    self.mark_channel_read(&channel_id, at);
                }
                None
            }
            event_name::STATUS_CHANGE => {
                self.apply_status_event(event);
                None
            }
            _ => self.apply_channel_event(event),
        }
    }

    fn on_posted(&mut self, data: PostedData) -> Option<Followup> {
        let post = data.decode_post().ok()?;
        let channel_id = post.channel_id.clone();
        let is_root = post.root_id.is_empty();
        let mine = post.user_id == self.my_id();
        let mentions_me = data.decode_mentions().iter().any(|id| id == self.my_id());

        // The channel's counts may already include this post (fetched after it was created, or
        // the event delivered twice): only a post newer than the channel's last one counts.
        let counts_as_new = match self.channels.get_mut(&channel_id) {
            Some(channel) if post.create_at > channel.last_post_at => {
                channel.total_msg_count += 1;
                channel.last_post_at = post.create_at;
                if is_root {
                    channel.total_msg_count_root += 1;
                    channel.last_root_post_at = post.create_at;
                }
                true
            }
            _ => false,
        };
        if counts_as_new && mentions_me && !mine {
            if let Some(member) = self.my_members.get_mut(&channel_id) {
                member.mention_count += 1;
                if is_root {
                    member.mention_count_root += 1;
                }
            }
        }

        let created_at = post.create_at;
        self.stop_typing(&channel_id, &post.root_id, &post.user_id);
        self.take_new_post(post);

        let watching = self.window_focused && self.open_channel_id.as_deref() == Some(&channel_id);
        if mine || watching {
            self.mark_channel_read(&channel_id, created_at);
        }
        // The server already counts my own posts as read.
        (watching && !mine).then_some(Followup::MarkChannelViewed(channel_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store;
    use crate::store::PostState;
    use brisk_model::Post;
    use serde_json::json;

    fn posted(id: &str, user: &str, at: i64, mentions: &[&str]) -> WebSocketEvent {
        let post = Post {
            id: id.into(),
            channel_id: "c1".into(),
            user_id: user.into(),
            create_at: at,
            update_at: at,
            message: "hi".into(),
            ..Post::default()
        };
        let mut data = json!({
            "post": serde_json::to_string(&post).unwrap(),
            "channel_type": "O",
            "sender_name": user,
        });
        if !mentions.is_empty() {
            data["mentions"] = json!(serde_json::to_string(mentions).unwrap());
        }
        WebSocketEvent {
            event: "posted".into(),
            data,
            seq: 1,
            ..WebSocketEvent::default()
        }
    }

    fn event(name: &str, data: serde_json::Value) -> WebSocketEvent {
        WebSocketEvent {
            event: name.into(),
            data,
            ..WebSocketEvent::default()
        }
    }

    #[test]
    fn a_post_by_someone_else_adds_an_unread_message_once() {
        let mut store = store();
        assert_eq!(store.apply_event(&posted("p1", "bob", 2_000, &[])), None);
        store.apply_event(&posted("p1", "bob", 2_000, &[]));
        assert_eq!(store.channels["c1"].total_msg_count, 11);
        assert_eq!(store.channels["c1"].last_post_at, 2_000);
        assert_eq!(store.unread("c1").messages, 4);
        assert_eq!(store.unread("c1").mentions, 0);
        assert_eq!(store.channel_posts("c1").unwrap().entries().len(), 1);
    }

    #[test]
    fn a_post_older_than_the_channel_counts_is_shown_but_not_counted() {
        let mut store = store();
        store.apply_event(&posted("p0", "bob", 900, &["me"]));
        assert_eq!(store.channels["c1"].total_msg_count, 10);
        assert_eq!(store.unread("c1").mentions, 0);
        assert_eq!(store.channel_posts("c1").unwrap().entries().len(), 1);
    }

    #[test]
    fn a_mention_of_me_bumps_my_mention_count() {
        let mut store = store();
        store.apply_event(&posted("p1", "bob", 2_000, &["someone", "me"]));
        assert_eq!(store.unread("c1").mentions, 1);
        store.apply_event(&posted("p2", "bob", 2_001, &["someone"]));
        assert_eq!(store.unread("c1").mentions, 1);
    }

    #[test]
    fn my_own_post_marks_the_channel_read_without_asking_the_server() {
        let mut store = store();
        assert_eq!(store.apply_event(&posted("p1", "me", 2_000, &[])), None);
        assert_eq!(store.unread("c1").messages, 0);
        assert_eq!(store.my_members["c1"].last_viewed_at, 2_000);
    }

    #[test]
    fn a_post_in_the_open_focused_channel_is_read_and_reported() {
        let mut store = store();
        store.open_channel_id = Some("c1".into());
        store.window_focused = true;
        let followup = store.apply_event(&posted("p1", "bob", 2_000, &["me"]));
        assert_eq!(followup, Some(Followup::MarkChannelViewed("c1".into())));
        assert!(!store.unread("c1").is_unread());

        store.window_focused = false;
        assert_eq!(store.apply_event(&posted("p2", "bob", 2_001, &[])), None);
        assert_eq!(store.unread("c1").messages, 1);
    }

    #[test]
    fn the_posted_event_confirms_my_pending_post() {
        let mut store = store();
        store.add_pending_post(Post {
            id: "me:1999".into(),
            pending_post_id: "me:1999".into(),
            channel_id: "c1".into(),
            user_id: "me".into(),
            create_at: 1_999,
            ..Post::default()
        });
        let mut event = posted("p1", "me", 2_000, &[]);
        let mut post: Post = serde_json::from_str(event.data["post"].as_str().unwrap()).unwrap();
        post.pending_post_id = "me:1999".into();
        event.data["post"] = json!(serde_json::to_string(&post).unwrap());
        store.apply_event(&event);
        let entries = store.channel_posts("c1").unwrap().entries();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (entries[0].post.id.as_str(), entries[0].state),
            ("p1", PostState::Sent)
        );
    }

    #[test]
    fn viewed_elsewhere_clears_the_unread_state() {
        let mut store = store();
        store.my_members.get_mut("c1").unwrap().mention_count = 3;
        store.apply_event(&event("channel_viewed", json!({"channel_id": "c1"})));
        assert_eq!(store.unread("c1"), Default::default());

        store.apply_event(&posted("p1", "bob", 2_000, &["me"]));
        store.apply_event(&event(
            "multiple_channels_viewed",
            json!({"channel_times": {"c1": 2_500, "unknown": 1}}),
        ));
        assert_eq!(store.unread("c1"), Default::default());
        assert_eq!(store.my_members["c1"].last_viewed_at, 2_500);
    }

    #[test]
    fn hello_records_the_connection_and_a_new_one_asks_for_a_resync() {
        let mut store = store();
        let hello = |id: &str| event("hello", json!({"connection_id": id, "server_version": "x"}));
        assert_eq!(store.apply_event(&hello("a")), None);
        assert_eq!(
            store.apply_event(&hello("a")),
            None,
            "resumed: events were replayed"
        );
        assert_eq!(store.apply_event(&hello("b")), Some(Followup::Resync));
        assert_eq!(store.connection_id.as_deref(), Some("b"));
    }

    fn changed(name: &str, post: &Post) -> WebSocketEvent {
        event(name, json!({"post": serde_json::to_string(post).unwrap()}))
    }

    #[test]
    fn edits_and_deletions_reach_the_list() {
        let mut store = store();
        store.apply_event(&posted("p1", "bob", 2_000, &[]));
        let held = store.channel_posts("c1").unwrap().entries()[0].post.clone();
        let edited = Post {
            message: "fixed typo".into(),
            edit_at: 2_500,
            update_at: 2_500,
            ..held.clone()
        };
        store.editing_post_id = Some("p1".into());
        store.apply_event(&changed("post_edited", &edited));
        let entry = &store.channel_posts("c1").unwrap().entries()[0];
        assert_eq!(
            (entry.post.message.as_str(), entry.post.edit_at),
            ("fixed typo", 2_500)
        );
        // A stale copy arriving late does not undo the edit.
        store.apply_event(&changed("post_edited", &held));
        assert_eq!(
            store.channel_posts("c1").unwrap().entries()[0].post.message,
            "fixed typo"
        );

        store.apply_event(&changed("post_deleted", &held));
        assert!(store.channel_posts("c1").unwrap().entries().is_empty());
        assert_eq!(store.editing_post_id, None, "nothing left to edit");
        assert_eq!(
            store.channels["c1"].total_msg_count, 11,
            "counts stay as the server keeps them"
        );
    }

    #[test]
    fn reactions_come_and_go_live() {
        let mut store = store();
        let reaction =
            json!({"user_id": "bob", "post_id": "p1", "emoji_name": "tada", "create_at": 3});
        let data = json!({"reaction": reaction.to_string()});
        store.apply_event(&event("reaction_added", data.clone()));
        store.apply_event(&event("reaction_added", data.clone()));
        assert_eq!(store.reaction_groups("p1")[0].user_ids, ["bob"]);
        store.apply_event(&event("reaction_removed", data));
        assert!(store.reaction_groups("p1").is_empty());
    }

    #[test]
    fn typing_comes_from_the_event_and_ends_with_the_post() {
        let mut store = store();
        let mut typing = event("typing", json!({"user_id": "bob", "parent_id": ""}));
        typing.broadcast.channel_id = "c1".into();
        let followup = store.apply_event(&typing);
        assert!(matches!(followup, Some(Followup::ExpireTyping(_))));
        assert!(store.typing_text("c1", "").is_some());
        store.apply_event(&posted("p1", "bob", 2_000, &[]));
        assert_eq!(store.typing_text("c1", ""), None);
        let mut mine = event("typing", json!({"user_id": "me"}));
        mine.broadcast.channel_id = "c1".into();
        assert_eq!(store.apply_event(&mine), None, "my own typing is not shown");
    }

    #[test]
    fn malformed_events_are_ignored() {
        let mut store = store();
        assert_eq!(
            store.apply_event(&event("posted", json!({"post": "{not json"}))),
            None
        );
        assert_eq!(store.apply_event(&event("hello", json!(null))), None);
        assert_eq!(store.apply_event(&event("something_new", json!({}))), None);
        assert!(store.channel_posts("c1").is_none());
    }
}
