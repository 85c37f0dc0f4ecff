//! Who is typing where: from `typing` events, each entry numbered so a timer can expire it
//! unless a newer event refreshed it; a post by the typist ends it at once.

use brisk_model::User;

use super::Store;

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

impl Store {
    /// A `typing` event: returns the entry, for the caller to expire after `TYPING_SHOWN_MS`.
    pub fn apply_typing(&mut self, channel_id: &str, parent_id: &str, user_id: &str) -> Typist {
        self.typing_serial += 1;
        let typist = Typist {
            channel_id: channel_id.to_string(),
            parent_id: parent_id.to_string(),
            user_id: user_id.to_string(),
            serial: self.typing_serial,
        };
        self.typing.retain(|t| !same_place(t, &typist));
        self.typing.push(typist.clone());
        typist
    }

    /// Ends a typing entry if no newer event refreshed it.
    pub fn expire_typing(&mut self, typist: &Typist) {
        self.typing.retain(|t| t.serial != typist.serial);
    }

    /// A post by the user ends their typing there.
    pub(super) fn stop_typing(&mut self, channel_id: &str, parent_id: &str, user_id: &str) {
        self.typing.retain(|t| {
            !(t.channel_id == channel_id && t.parent_id == parent_id && t.user_id == user_id)
        });
    }

    /// "bob is typing…" for the channel or thread, or None when nobody is.
    pub fn typing_text(&self, channel_id: &str, parent_id: &str) -> Option<String> {
        let names: Vec<String> = self
            .typing
            .iter()
            .filter(|t| t.channel_id == channel_id && t.parent_id == parent_id)
            .map(|t| {
                self.users
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

fn same_place(a: &Typist, b: &Typist) -> bool {
    a.channel_id == b.channel_id && a.parent_id == b.parent_id && a.user_id == b.user_id
}

#[cfg(test)]
mod tests {
    use crate::store::tests::store;
    use brisk_model::User;

    #[test]
    fn typing_shows_names_and_expires_unless_refreshed() {
        let mut store = store();
        store.apply_users(vec![User {
            id: "u2".into(),
            username: "bob".into(),
            ..User::default()
        }]);
        let first = store.apply_typing("c1", "", "u2");
        assert_eq!(
            store.typing_text("c1", "").as_deref(),
            Some("bob is typing…")
        );
        assert_eq!(store.typing_text("c1", "root"), None, "not in a thread");
        let refreshed = store.apply_typing("c1", "", "u2");
        store.expire_typing(&first);
        assert!(
            store.typing_text("c1", "").is_some(),
            "a refresh outlives the old timer"
        );
        store.expire_typing(&refreshed);
        assert_eq!(store.typing_text("c1", ""), None);
    }

    #[test]
    fn several_typists_and_a_post_ending_it() {
        let mut store = store();
        for user in ["a", "b", "c", "d"] {
            store.apply_typing("c1", "", user);
        }
        assert_eq!(
            store.typing_text("c1", "").as_deref(),
            Some("Someone, Someone and 2 more are typing…")
        );
        for user in ["b", "c", "d"] {
            store.stop_typing("c1", "", user);
        }
        assert_eq!(
            store.typing_text("c1", "").as_deref(),
            Some("Someone is typing…")
        );
    }
}
