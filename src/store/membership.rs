//! Joining, leaving and changing channels, as the server confirms them.

use brisk_model::{channel_type, Channel, ChannelMember};

use super::Store;

impl Store {
    /// A channel I joined or created, with my membership.
    pub fn apply_joined(&mut self, channel: Channel, member: ChannelMember) {
        self.apply_channel(channel);
        self.apply_members(vec![member]);
    }

    /// I am no longer in the channel. A public one stays known (it can be previewed and
    /// rejoined); anything else is forgotten with its posts.
    pub fn forget_membership(&mut self, channel_id: &str) {
        self.my_members.remove(channel_id);
        let public = self
            .channels
            .get(channel_id)
            .is_some_and(|c| c.channel_type == channel_type::OPEN);
        if !public {
            self.channels.remove(channel_id);
            self.posts.remove(channel_id);
        }
    }

    /// A newer version of a channel (patched, archived, restored). Message counters only grow
    /// here: posts counted from events may be newer than the copy the server sent.
    pub fn apply_updated_channel(&mut self, mut channel: Channel) {
        if let Some(known) = self.channels.get(&channel.id) {
            keep_larger_counters(&mut channel, known);
        }
        self.apply_channel(channel);
    }

    /// Whether I am a member of the channel.
    pub fn is_member(&self, channel_id: &str) -> bool {
        self.my_members.contains_key(channel_id)
    }
}

/// Message counters only grow: of two copies of a channel, the larger count is the newer.
pub(super) fn keep_larger_counters(channel: &mut Channel, other: &Channel) {
    channel.total_msg_count = channel.total_msg_count.max(other.total_msg_count);
    channel.total_msg_count_root = channel.total_msg_count_root.max(other.total_msg_count_root);
    channel.last_post_at = channel.last_post_at.max(other.last_post_at);
    channel.last_root_post_at = channel.last_root_post_at.max(other.last_root_post_at);
}

#[cfg(test)]
mod tests {
    use crate::store::tests::{channel, member, store};
    use brisk_model::channel_type;

    #[test]
    fn joining_lists_the_channel_and_leaving_a_public_one_keeps_it_for_preview() {
        let mut store = store();
        store.apply_joined(channel("c2", 4), member("c2", 4));
        assert!(store.is_member("c2"));
        assert_eq!(store.sidebar("t1").len(), 2);

        store.forget_membership("c2");
        assert!(!store.is_member("c2"));
        assert!(store.channels.contains_key("c2"), "public: still viewable");
        assert_eq!(store.sidebar("t1").len(), 1);

        let mut private = channel("p1", 1);
        private.channel_type = channel_type::PRIVATE.into();
        store.apply_joined(private, member("p1", 1));
        store.forget_membership("p1");
        assert!(!store.channels.contains_key("p1"));
    }
}
