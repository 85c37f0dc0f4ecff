//! People as the sidebar and direct messages need them: who I have a direct channel with, and
//! whether they are online.

use brisk_model::{channel_type, Post, UserStatus};

use super::Store;

/// Who wrote a post, as the lists show it.
#[derive(Clone, Debug, PartialEq)]
pub struct Author {
    pub name: String,
    /// A small tag after the name: relayed by a bridge ("BRIDGE").
    pub tag: Option<&'static str>,
}

impl Store {
    /// The author of a post: "System" for a system message, the bridged nick for a relayed one,
    /// else the user's name ("Someone" until the user is fetched: better an honest placeholder
    /// than an id).
    pub fn author(&self, post: &Post) -> Author {
        if post.is_system() {
            return Author {
                name: "System".into(),
                tag: None,
            };
        }
        if let Some(nick) = post.override_username() {
            return Author {
                name: nick.to_string(),
                tag: Some("BRIDGE"),
            };
        }
        let name = self
            .users
            .get(&post.user_id)
            .map_or_else(|| "Someone".to_string(), |user| user.username.clone());
        Author { name, tag: None }
    }

    /// `POST /users/status/ids`.
    pub fn apply_statuses(&mut self, statuses: Vec<UserStatus>) {
        for status in statuses {
            self.statuses.insert(status.user_id, status.status);
        }
    }

    /// A user's status ("online", "away", "dnd", "offline"); "offline" until known.
    pub fn status_of(&self, user_id: &str) -> &str {
        self.statuses.get(user_id).map_or("offline", String::as_str)
    }

    /// The people I have direct channels with, whose statuses the sidebar shows.
    pub fn direct_partner_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .channels
            .values()
            .filter(|c| c.channel_type == channel_type::DIRECT && self.is_member(&c.id))
            .filter_map(|c| self.direct_partner(c))
            .map(str::to_string)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// My direct channel with `username`, if I have one.
    pub fn direct_channel_with(&self, username: &str) -> Option<&brisk_model::Channel> {
        let user_id = &self.users.values().find(|u| u.username == username)?.id;
        self.channels.values().find(|c| {
            c.channel_type == channel_type::DIRECT
                && self.direct_partner(c) == Some(user_id.as_str())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::store::tests::{event, store, with_bob_direct};
    use brisk_model::UserStatus;
    use serde_json::json;

    #[test]
    fn direct_partners_and_their_statuses() {
        let mut store = store();
        with_bob_direct(&mut store);
        assert_eq!(store.direct_partner_ids(), ["u2"]);
        assert_eq!(
            store.direct_channel_with("bob").map(|c| c.id.as_str()),
            Some("dm")
        );
        assert!(store.direct_channel_with("carol").is_none());

        assert_eq!(store.status_of("u2"), "offline");
        store.apply_statuses(vec![UserStatus {
            user_id: "u2".into(),
            status: "online".into(),
            ..UserStatus::default()
        }]);
        assert_eq!(store.status_of("u2"), "online");
        store.apply_event(&event(
            "status_change",
            json!({"user_id": "me", "status": "away"}),
        ));
        assert_eq!(store.status_of("me"), "away");
    }
}
