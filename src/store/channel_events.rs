//! Events that change which channels I am in and what they are: created, updated, archived,
//! restored, people added and removed.

use brisk_model::ServerEvent;

use super::{Followup, Store};

impl Store {
    /// Applies a channel event; `None` when the event is not one of these.
    pub(super) fn apply_channel_event(&mut self, event: &ServerEvent) -> Option<Followup> {
        match event {
            ServerEvent::ChannelCreated { channel_id } => self.load_unless_member(channel_id),
            ServerEvent::UserAdded {
                channel_id,
                user_id,
            } if user_id == self.my_id() => {
                // A count fetched while I previewed the channel is one short: asked again.
                self.member_counts.remove(channel_id);
                self.load_unless_member(channel_id)
            }
            // To me with the channel's id: I left or was removed (here or in another session).
            // To the channel with a user id: someone else left.
            ServerEvent::UserRemoved {
                channel_id,
                user_id,
            } if user_id.is_empty() || user_id == self.my_id() => {
                self.forget_membership(channel_id);
                // Not followed any more (no events of a channel I am not in): asked when shown.
                self.member_counts.remove(channel_id);
                None
            }
            ServerEvent::UserAdded { channel_id, .. } => {
                self.count_member(channel_id, 1);
                None
            }
            ServerEvent::UserRemoved { channel_id, .. } => {
                self.count_member(channel_id, -1);
                None
            }
            ServerEvent::ChannelUpdated(channel) => {
                self.apply_updated_channel(channel.clone());
                None
            }
            ServerEvent::ChannelDeleted {
                channel_id,
                delete_at,
            } => {
                if let Some(channel) = self.channels.get_mut(channel_id) {
                    channel.delete_at = (*delete_at).max(1);
                    // As the server does: archiving updates the channel.
                    channel.update_at = channel.update_at.max(channel.delete_at);
                }
                None
            }
            ServerEvent::ChannelRestored { channel_id } => {
                if let Some(channel) = self.channels.get_mut(channel_id) {
                    channel.delete_at = 0;
                }
                None
            }
            _ => None,
        }
    }

    /// The channel's member count as the server reported it; whether it differs from the one
    /// held (then nothing need re-read the store).
    pub fn set_member_count(&mut self, channel_id: &str, count: i64) -> bool {
        self.member_counts.insert(channel_id.to_string(), count) != Some(count)
    }

    /// Whether the member count held for the channel is kept current by its events (it is one
    /// I am in, counted since), so that showing it needs no request.
    pub fn member_count_followed(&self, channel_id: &str) -> bool {
        self.member_counts.contains_key(channel_id) && self.is_member(channel_id)
    }

    /// Someone else joined (+1) or left (-1) a channel whose member count is shown.
    fn count_member(&mut self, channel_id: &str, change: i64) {
        if let Some(count) = self.member_counts.get_mut(channel_id) {
            *count = (*count + change).max(0);
        }
    }

    fn load_unless_member(&self, channel_id: &str) -> Option<Followup> {
        let known = channel_id.is_empty() || self.my_members.contains_key(channel_id);
        (!known).then(|| Followup::LoadChannel(channel_id.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use crate::store::tests::{channel, event_in as event, store};
    use crate::store::Followup;
    use brisk_model::ChannelUpdatedData;
    use serde_json::json;

    #[test]
    fn a_member_count_fetched_again_unchanged_is_no_change() {
        let mut store = store();
        assert!(store.set_member_count("c1", 3), "the first count is news");
        assert!(!store.set_member_count("c1", 3));
        assert!(store.set_member_count("c1", 4));
        assert_eq!(store.member_counts.get("c1"), Some(&4));
    }

    #[test]
    fn a_channel_i_am_added_to_is_fetched_once() {
        let mut store = store();
        let created = event(
            "channel_created",
            json!({"channel_id": "c9", "team_id": "t1"}),
            "",
        );
        assert_eq!(
            store.apply_event(&created),
            Some(Followup::LoadChannel("c9".into()))
        );
        let me_added = event(
            "user_added",
            json!({"user_id": "me", "team_id": "t1"}),
            "c8",
        );
        assert_eq!(
            store.apply_event(&me_added),
            Some(Followup::LoadChannel("c8".into()))
        );
        let other_added = event(
            "user_added",
            json!({"user_id": "bob", "team_id": "t1"}),
            "c8",
        );
        assert_eq!(store.apply_event(&other_added), None);
        let direct = event("direct_added", json!({"teammate_id": "bob"}), "dm");
        assert_eq!(
            store.apply_event(&direct),
            Some(Followup::LoadChannel("dm".into()))
        );
        let known = event("user_added", json!({"user_id": "me"}), "c1");
        assert_eq!(store.apply_event(&known), None, "already a member");
    }

    #[test]
    fn leaving_in_another_session_drops_the_channel_from_my_list() {
        let mut store = store();
        let someone_left = event(
            "user_removed",
            json!({"user_id": "bob", "remover_id": "bob"}),
            "c1",
        );
        store.apply_event(&someone_left);
        assert!(store.my_members.contains_key("c1"));
        let i_left = event(
            "user_removed",
            json!({"channel_id": "c1", "remover_id": "me"}),
            "",
        );
        store.apply_event(&i_left);
        assert!(!store.my_members.contains_key("c1"));
        assert!(store.sidebar("t1").is_empty());
    }

    #[test]
    fn a_member_count_is_followed_only_in_my_channels_and_until_events_are_lost() {
        let mut store = store();
        assert!(!store.member_count_followed("c1"), "never asked");
        store.set_member_count("c1", 2);
        assert!(store.member_count_followed("c1"));
        store.set_member_count("elsewhere", 9);
        assert!(
            !store.member_count_followed("elsewhere"),
            "a channel I only preview sends me no joins"
        );

        store.fell_behind();
        assert!(
            !store.member_count_followed("c1"),
            "joins may have been missed"
        );
        store.set_member_count("c1", 3);
        let i_left = event(
            "user_removed",
            json!({"channel_id": "c1", "remover_id": "me"}),
            "",
        );
        store.apply_event(&i_left);
        assert_eq!(store.member_counts.get("c1"), None, "asked again if shown");
        store.set_member_count("elsewhere", 9);
        store.apply_event(&event("user_added", json!({"user_id": "me"}), "elsewhere"));
        assert_eq!(
            store.member_counts.get("elsewhere"),
            None,
            "the count from before I joined is one short"
        );
    }

    #[test]
    fn a_shown_member_count_follows_people_joining_and_leaving() {
        let mut store = store();
        store.member_counts.insert("c1".into(), 2);
        store.apply_event(&event("user_added", json!({"user_id": "bob"}), "c1"));
        store.apply_event(&event("user_added", json!({"user_id": "eve"}), "c1"));
        store.apply_event(&event("user_removed", json!({"user_id": "bob"}), "c1"));
        assert_eq!(store.member_counts.get("c1"), Some(&3));
        store.apply_event(&event("user_added", json!({"user_id": "bob"}), "c2"));
        assert_eq!(
            store.member_counts.get("c2"),
            None,
            "not shown, not counted"
        );
    }

    #[test]
    fn updates_archives_and_restores_change_the_channel() {
        let mut store = store();
        let mut renamed = channel("c1", 3);
        renamed.header = "new **header**".into();
        let data = ChannelUpdatedData {
            channel: serde_json::to_string(&renamed).unwrap(),
        };
        store.apply_event(&event(
            "channel_updated",
            serde_json::to_value(data).unwrap(),
            "c1",
        ));
        assert_eq!(store.channels["c1"].header, "new **header**");
        assert_eq!(
            store.channels["c1"].total_msg_count, 10,
            "an older count in the event never lowers ours"
        );

        store.apply_event(&event(
            "channel_deleted",
            json!({"channel_id": "c1", "delete_at": 77}),
            "c1",
        ));
        assert_eq!(store.channels["c1"].delete_at, 77);
        assert!(store.sidebar("t1").is_empty());
        store.apply_event(&event(
            "channel_restored",
            json!({"channel_id": "c1"}),
            "c1",
        ));
        assert_eq!(store.channels["c1"].delete_at, 0);
    }

    #[test]
    fn an_answer_read_before_a_change_does_not_undo_it() {
        let mut store = store();
        let mut linked = channel("c1", 3);
        linked.update_at = 20;
        linked.header = "bridged, connected".into();
        store.apply_updated_channel(linked);
        // My channels, asked for before the change and answered after its event.
        let mut read_before = channel("c1", 12);
        read_before.update_at = 10;
        read_before.header = "bridged, connecting".into();
        store.apply_channel(read_before);
        assert_eq!(store.channels["c1"].header, "bridged, connected");
        assert_eq!(
            store.channels["c1"].total_msg_count, 12,
            "its newer count is taken"
        );

        let mut read_after = channel("c1", 12);
        read_after.update_at = 30;
        read_after.header = "changed again".into();
        store.apply_channel(read_after);
        assert_eq!(store.channels["c1"].header, "changed again");

        store.apply_event(&event(
            "channel_deleted",
            json!({"channel_id": "c1", "delete_at": 40}),
            "c1",
        ));
        let mut unarchived_then = channel("c1", 12);
        unarchived_then.update_at = 30;
        store.apply_channel(unarchived_then);
        assert_eq!(store.channels["c1"].delete_at, 40, "still archived");
    }
}
