//! The WebSocket event reducer.

use brisk_model::{event_name, PostChangedData, PostedData, ReactionEventData, WebSocketEvent};
use serde::Deserialize;

use super::reading::READ_STATE_EVENTS;
use super::{Store, Typist};

/// Work an event asks of the caller, which owns the network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Followup {
    /// Tell the server the channel was read (`POST /channels/members/me/view`), and the channel
    /// left, if any, too.
    MarkChannelViewed {
        channel_id: String,
        prev_channel_id: Option<String>,
    },
    /// A post arrived in a channel the store lacks, or I was added to one (or made one
    /// elsewhere): fetch it with my membership.
    LoadChannel(String),
    /// What was fetched before the event stream began may be missing something: refetch.
    Resync,
    /// Someone started typing: end it after a while unless refreshed.
    ExpireTyping(Typist),
}

#[derive(Deserialize)]
struct TypingData {
    user_id: String,
    #[serde(default)]
    parent_id: String,
}

impl Store {
    /// Applies one server event; malformed or unknown events are ignored.
    pub fn apply_event(&mut self, event: &WebSocketEvent) -> Option<Followup> {
        match event.event.as_str() {
            event_name::HELLO => self.stream_started().then_some(Followup::Resync),
            event_name::STATUS_CHANGE => {
                self.apply_status_event(event);
                None
            }
            name if READ_STATE_EVENTS.contains(&name) => {
                self.record_for_sync(event);
                let followup = self.apply_read_event(event);
                if name == event_name::POSTED {
                    let data = PostedData::deserialize(&event.data).ok()?;
                    let post = data.decode_post().ok()?;
                    self.stop_typing(&post.channel_id, &post.root_id, &post.user_id);
                    self.take_new_post(post);
                }
                followup
            }
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
                if data.user_id == self.my_id() || channel_id.is_empty() || self.typing_messages_off
                {
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
            _ => self.apply_channel_event(event),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{event, post_by, posted, posted_event, store};
    use crate::store::PostState;
    use brisk_model::Post;
    use serde_json::json;

    fn held_ids(store: &Store) -> Vec<&str> {
        let entries = store
            .channel_posts("c1")
            .map(|p| p.entries())
            .unwrap_or_default();
        entries.iter().map(|e| e.post.id.as_str()).collect()
    }

    #[test]
    fn posts_are_held_once_each_in_creation_order_whatever_the_arrival_order() {
        let mut store = store();
        for (id, at) in [("b", 2_000), ("a", 1_500), ("b", 2_000), ("c", 2_500)] {
            store.apply_event(&posted(id, "bob", at, &[]));
        }
        assert_eq!(held_ids(&store), ["a", "b", "c"]);
        assert_eq!(
            store.unread("c1").messages,
            5,
            "b and c are new, a was counted"
        );
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
        let confirmed = Post {
            pending_post_id: "me:1999".into(),
            ..post_by("p1", "me", 2_000)
        };
        store.apply_event(&posted_event(confirmed, &[]));
        let entries = store.channel_posts("c1").unwrap().entries();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (entries[0].post.id.as_str(), entries[0].state),
            ("p1", PostState::Sent)
        );
    }

    #[test]
    fn the_first_hello_after_a_fetch_asks_for_a_resync() {
        let mut store = store();
        let hello = event(
            "hello",
            json!({"connection_id": "a", "server_version": "x"}),
        );
        assert_eq!(store.apply_event(&hello), Some(Followup::Resync));
        assert_eq!(store.apply_event(&hello), None);
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
    fn typing_is_not_shown_when_the_server_turned_typing_messages_off() {
        let mut store = store();
        store.typing_messages_off = true;
        let mut typing = event("typing", json!({"user_id": "bob", "parent_id": ""}));
        typing.broadcast.channel_id = "c1".into();
        assert_eq!(store.apply_event(&typing), None);
        assert_eq!(store.typing_text("c1", ""), None);
    }

    #[test]
    fn malformed_events_are_ignored() {
        let mut store = store();
        assert_eq!(
            store.apply_event(&event("posted", json!({"post": "{not json"}))),
            None
        );
        assert_eq!(
            store.apply_event(&event("channel_viewed", json!(null))),
            None
        );
        assert_eq!(store.apply_event(&event("something_new", json!({}))), None);
        assert!(store.channel_posts("c1").is_none());
    }
}
