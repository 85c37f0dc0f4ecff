//! The server event reducer: events come decoded (`ServerEvent`), each goes to the part of the
//! store it changes.

use brisk_model::ServerEvent;

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
    /// My unread counts per team changed on the server in a way the store cannot follow (a
    /// channel of a team whose channels are not fetched was read elsewhere): fetch them again.
    LoadTeamUnreads,
    /// What was fetched before the event stream began may be missing something: refetch.
    Resync,
}

impl Store {
    /// Applies one server event.
    pub fn apply_event(&mut self, event: &ServerEvent) -> Option<Followup> {
        self.record_for_sync(event);
        match event {
            ServerEvent::Hello => self.stream_started().then_some(Followup::Resync),
            ServerEvent::StatusChange { user_id, status } => {
                self.statuses.insert(user_id.clone(), status.clone());
                None
            }
            ServerEvent::Posted(posted) => {
                let followup = self.apply_read_event(event);
                self.take_new_post(posted.post.clone());
                followup
            }
            ServerEvent::ChannelViewed { .. }
            | ServerEvent::MultipleChannelsViewed { .. }
            | ServerEvent::PostUnread(_) => self.apply_read_event(event),
            ServerEvent::PostEdited(post) => {
                self.apply_post_changed(post.clone());
                None
            }
            ServerEvent::PostDeleted(post) => {
                self.apply_post_deleted(post);
                None
            }
            // Kept in `Typing`, a state of its own (see store/typing.rs).
            ServerEvent::Typing(_) => None,
            ServerEvent::ReactionAdded(reaction) => {
                self.add_reaction(reaction.clone());
                None
            }
            ServerEvent::ReactionRemoved(reaction) => {
                self.remove_reaction(&reaction.post_id, &reaction.user_id, &reaction.emoji_name);
                None
            }
            ServerEvent::UserUpdated(user) => {
                self.apply_user_updated(user.clone());
                None
            }
            ServerEvent::ChannelMemberUpdated(member) => {
                self.apply_member_updated(member.clone());
                None
            }
            ServerEvent::PreferencesChanged(preferences) => {
                self.apply_preferences(preferences);
                None
            }
            ServerEvent::TeamUpdated(team) => {
                self.apply_team_updated(team);
                None
            }
            ServerEvent::UserRoleUpdated { user_id, roles } => {
                self.apply_roles_updated(user_id, roles);
                None
            }
            ServerEvent::ChannelUpdated(_)
            | ServerEvent::ChannelCreated { .. }
            | ServerEvent::ChannelDeleted { .. }
            | ServerEvent::ChannelRestored { .. }
            | ServerEvent::UserAdded { .. }
            | ServerEvent::UserRemoved { .. } => self.apply_channel_event(event),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{decoded, event, post_by, posted, posted_event, store};
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
        store.add_outgoing_post(
            Post {
                id: "me:1999".into(),
                pending_post_id: "me:1999".into(),
                channel_id: "c1".into(),
                user_id: "me".into(),
                create_at: 1_999,
                ..Post::default()
            },
            false,
        );
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

    fn changed(name: &str, post: &Post) -> ServerEvent {
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
    /// Applies the socket's text frames as the realtime module hands them on: each decoded once,
    /// the ones that decode to nothing dropped.
    fn apply_frames(store: &mut Store, frames: &[&str]) {
        for frame in frames {
            if let Some(event) = decoded(frame) {
                store.apply_event(&event);
            }
        }
    }

    #[test]
    fn unknown_and_malformed_frames_change_nothing_and_the_stream_goes_on() {
        let mut store = store();
        let posted = json!({
            "event": "posted",
            "data": {"post": serde_json::to_string(&post_by("p1", "bob", 2_000)).unwrap(), "mentions": "[\"me\"]"},
            "broadcast": {"channel_id": "c1"},
            "seq": 1,
        })
        .to_string();
        apply_frames(&mut store, &[&posted]);
        let unread_before = store.unread("c1");
        apply_frames(
            &mut store,
            &[
                // An event this client does not know, carrying a post.
                r#"{"event":"post_pinned","data":{"post":"{\"id\":\"p9\",\"channel_id\":\"c1\"}"},"seq":2}"#,
                // A post cut short inside its string.
                r#"{"event":"posted","data":{"post":"{\"id\":\"p8\",\"channel_id\":\"c1\",\"message\":"},"seq":3}"#,
                // A reaction sent as an object, not a string.
                r#"{"event":"reaction_added","data":{"reaction":{"post_id":"p1","user_id":"bob","emoji_name":"tada"}},"seq":4}"#,
                // An edit whose post is not a post.
                r#"{"event":"post_edited","data":{"post":"[1,2]"},"seq":5}"#,
                // A frame cut short.
                r#"{"event":"channel_updated","data":{"channel":"#,
            ],
        );
        assert_eq!(held_ids(&store), ["p1"]);
        assert_eq!(
            store.channel_posts("c1").unwrap().entries()[0].post.message,
            "hi"
        );
        assert!(store.reaction_groups("p1").is_empty());
        assert_eq!(store.unread("c1"), unread_before);

        let reaction = json!({"user_id": "bob", "post_id": "p1", "emoji_name": "tada"});
        let added = json!({"event": "reaction_added", "data": {"reaction": reaction.to_string()}, "seq": 6});
        apply_frames(&mut store, &[&added.to_string()]);
        assert_eq!(store.reaction_groups("p1")[0].user_ids, ["bob"]);
    }
}
