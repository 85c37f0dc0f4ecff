//! The WebSocket event reducer.

use brisk_model::{event_name, PostedData, WebSocketEvent};
use serde::Deserialize;

use super::reading::READ_STATE_EVENTS;
use super::Store;

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
                    self.posts
                        .entry(post.channel_id.clone())
                        .or_default()
                        .upsert(post);
                }
                followup
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
