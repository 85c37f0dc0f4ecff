//! Who is typing where: from `typing` events, each entry numbered so a timer can expire it
//! unless a newer event refreshed it; a post by the typist ends it at once.
//!
//! Kept apart from the `Store`, in a signal of its own: it changes every few seconds while
//! people type, and nothing that reads the store (the post list's grouping, say) should re-run
//! for it.

use std::collections::HashMap;

use brisk_model::{Post, ServerEvent, User};

/// How long a `typing` event counts without a refresh (senders repeat every few seconds).
pub const TYPING_SHOWN_MS: u32 = 6_000;

/// Someone typing in a channel (`parent_id` empty) or a thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typist {
    pub channel_id: String,
    pub parent_id: String,
    pub user_id: String,
    /// Which event put it there; expiry only removes the entry it was scheduled for.
    pub serial: u64,
}

/// Everyone typing now, newest last.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typing {
    typists: Vec<Typist>,
    serial: u64,
}

impl Typing {
    /// A `typing` event from someone else: returns the entry, for the caller to expire after
    /// `TYPING_SHOWN_MS`. Nothing when it is mine, names no channel, or the server turned typing
    /// messages off (`typing_off`).
    pub fn apply_typing_event(
        &mut self,
        event: &brisk_model::Typing,
        my_id: &str,
        typing_off: bool,
    ) -> Option<Typist> {
        if event.user_id == my_id || event.channel_id.is_empty() || typing_off {
            return None;
        }
        Some(self.start(&event.channel_id, &event.root_id, &event.user_id))
    }

    /// Whether the event changes who is typing: a `typing` event, or a post by someone typing
    /// where they posted (which ends it).
    pub fn changed_by(&self, event: &ServerEvent) -> bool {
        match event {
            ServerEvent::Typing(_) => true,
            ServerEvent::Posted(posted) => self.typists.iter().any(|t| posted_by(t, &posted.post)),
            _ => false,
        }
    }

    /// A post by the typist ends their typing there.
    pub fn stop_for_post(&mut self, post: &Post) {
        self.typists.retain(|t| !posted_by(t, post));
    }

    fn start(&mut self, channel_id: &str, parent_id: &str, user_id: &str) -> Typist {
        self.serial += 1;
        let typist = Typist {
            channel_id: channel_id.to_string(),
            parent_id: parent_id.to_string(),
            user_id: user_id.to_string(),
            serial: self.serial,
        };
        self.typists.retain(|t| !same_place(t, &typist));
        self.typists.push(typist.clone());
        typist
    }

    /// Ends a typing entry if no newer event refreshed it.
    pub fn expire(&mut self, typist: &Typist) {
        self.typists.retain(|t| t.serial != typist.serial);
    }

    /// "bob is typing…" for the channel or thread, or None when nobody is; names from `users`.
    pub fn text(
        &self,
        channel_id: &str,
        parent_id: &str,
        users: &HashMap<String, User>,
    ) -> Option<String> {
        let names: Vec<String> = self
            .typists
            .iter()
            .filter(|t| t.channel_id == channel_id && t.parent_id == parent_id)
            .map(|t| {
                users
                    .get(&t.user_id)
                    .map_or("Someone".into(), User::display_name)
            })
            .collect();
        Some(match names.as_slice() {
            [] => return None,
            [one] => format!("{one} is typing…"),
            [first, second] => format!("{first} and {second} are typing…"),
            [first, second, rest @ ..] => {
                format!("{first}, {second} and {} more are typing…", rest.len())
            }
        })
    }
}

fn posted_by(typist: &Typist, post: &Post) -> bool {
    typist.channel_id == post.channel_id
        && typist.parent_id == post.root_id
        && typist.user_id == post.user_id
}

fn same_place(a: &Typist, b: &Typist) -> bool {
    a.channel_id == b.channel_id && a.parent_id == b.parent_id && a.user_id == b.user_id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{event_in, post_by, posted};
    use serde_json::json;

    fn typing_event(user: &str, channel_id: &str) -> brisk_model::Typing {
        match event_in(
            "typing",
            json!({"user_id": user, "parent_id": ""}),
            channel_id,
        ) {
            ServerEvent::Typing(typing) => typing,
            other => panic!("a typing event, not {other:?}"),
        }
    }

    fn bob() -> HashMap<String, User> {
        let bob = User {
            id: "u2".into(),
            username: "bob".into(),
            ..User::default()
        };
        HashMap::from([("u2".to_string(), bob)])
    }

    #[test]
    fn typing_shows_names_and_expires_unless_refreshed() {
        let mut typing = Typing::default();
        let users = bob();
        let first = typing
            .apply_typing_event(&typing_event("u2", "c1"), "me", false)
            .expect("shown");
        assert_eq!(
            typing.text("c1", "", &users).as_deref(),
            Some("bob is typing…")
        );
        assert_eq!(typing.text("c1", "root", &users), None, "not in a thread");
        let refreshed = typing
            .apply_typing_event(&typing_event("u2", "c1"), "me", false)
            .expect("shown");
        typing.expire(&first);
        assert!(
            typing.text("c1", "", &users).is_some(),
            "a refresh outlives the old timer"
        );
        typing.expire(&refreshed);
        assert_eq!(typing.text("c1", "", &users), None);
    }

    #[test]
    fn mine_unplaced_or_turned_off_typing_is_not_shown() {
        let mut typing = Typing::default();
        assert_eq!(
            typing.apply_typing_event(&typing_event("me", "c1"), "me", false),
            None
        );
        assert_eq!(
            typing.apply_typing_event(&typing_event("u2", ""), "me", false),
            None
        );
        assert_eq!(
            typing.apply_typing_event(&typing_event("u2", "c1"), "me", true),
            None
        );
        assert_eq!(typing, Typing::default());
    }

    #[test]
    fn several_typists_and_a_post_ending_it() {
        let mut typing = Typing::default();
        for user in ["a", "b", "c", "d"] {
            typing.apply_typing_event(&typing_event(user, "c1"), "me", false);
        }
        assert_eq!(
            typing.text("c1", "", &HashMap::new()).as_deref(),
            Some("Someone, Someone and 2 more are typing…")
        );
        assert!(
            !typing.changed_by(&posted("p0", "e", 2_000, &[])),
            "e was not typing"
        );
        for user in ["b", "c", "d"] {
            let post = posted("p1", user, 2_000, &[]);
            assert!(typing.changed_by(&post));
            typing.stop_for_post(&post_by("p1", user, 2_000));
        }
        assert_eq!(
            typing.text("c1", "", &HashMap::new()).as_deref(),
            Some("Someone is typing…")
        );
    }
}
