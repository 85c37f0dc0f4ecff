//! The outbox: posts written while the server could not be reached wait on the device, shown as
//! waiting, and leave one at a time in the order they were written once it can be. Each keeps
//! its `pending_post_id`, so a send whose answer was lost is not doubled when it is sent again.

use brisk_model::Post;

use super::posts::{PostState, UnsentPost};
use super::Store;

/// How many posts may wait for the network at once: what is kept of them must fit the device's
/// storage (50 posts of the longest message Mattermost allows are about 1.6 MB).
pub const OUTBOX_LIMIT: usize = 50;

/// Why a post was not even queued.
pub const OUTBOX_FULL: &str = "Too many messages are waiting for the network.";

impl Store {
    /// Shows a post the user just wrote and says whether to send it now. It waits instead when
    /// the browser is `offline` or older posts are still waiting (they go first); it fails at once
    /// when the outbox is full.
    pub fn add_outgoing_post(&mut self, post: Post, offline: bool) -> bool {
        let waits = offline || self.outbox_in_flight.is_some() || self.waiting_count() > 0;
        let state = if waits {
            PostState::Waiting
        } else {
            PostState::Pending
        };
        if waits && self.waiting_count() >= OUTBOX_LIMIT {
            let (channel_id, id) = (post.channel_id.clone(), post.id.clone());
            self.add_local_post(post, PostState::Pending);
            self.refuse_post(&channel_id, &id, OUTBOX_FULL.into());
            return false;
        }
        self.add_local_post(post, state);
        !waits
    }

    fn add_local_post(&mut self, post: Post, state: PostState) {
        self.posts
            .entry(post.channel_id.clone())
            .or_default()
            .add_local(post, state);
    }

    fn waiting_count(&self) -> usize {
        self.posts
            .values()
            .flat_map(|held| held.entries())
            .filter(|entry| entry.state == PostState::Waiting)
            .count()
    }

    /// The next post to send from the outbox (the oldest written, whatever its channel), now
    /// marked as being sent; none while one is on its way, so they arrive in order.
    pub fn take_next_queued(&mut self) -> Option<Post> {
        if self.outbox_in_flight.is_some() {
            return None;
        }
        let next = self
            .posts
            .values()
            .filter_map(|held| held.oldest_waiting())
            .min_by(|a, b| (a.create_at, &a.id).cmp(&(b.create_at, &b.id)))?
            .clone();
        self.set_local_post_state(&next.channel_id, &next.id, PostState::Pending);
        self.outbox_in_flight = Some(next.id.clone());
        Some(next)
    }

    /// The server took a post (sent directly or from the outbox).
    pub fn apply_sent_post(&mut self, created: Post) {
        self.end_flight(&created.pending_post_id);
        self.take_new_post(created);
    }

    /// A send found no server: the post waits again, first in line.
    pub fn wait_for_network(&mut self, channel_id: &str, pending_post_id: &str) {
        self.end_flight(pending_post_id);
        self.set_local_post_state(channel_id, pending_post_id, PostState::Waiting);
    }

    /// The server refused a post: it stays, failed, with the reason.
    pub fn refuse_post(&mut self, channel_id: &str, pending_post_id: &str, reason: String) {
        self.end_flight(pending_post_id);
        if let Some(held) = self.posts.get_mut(channel_id) {
            held.refuse(pending_post_id, reason);
        }
    }

    fn end_flight(&mut self, pending_post_id: &str) {
        if self.outbox_in_flight.as_deref() == Some(pending_post_id) {
            self.outbox_in_flight = None;
        }
    }

    /// Changes the text of a post still waiting for the network; false if it is not waiting.
    pub fn edit_waiting_post(&mut self, pending_post_id: &str, message: &str, now: i64) -> bool {
        let edited = self
            .posts
            .values_mut()
            .any(|held| held.edit_waiting(pending_post_id, message, now));
        if edited {
            self.editing_post_id = None;
        }
        edited
    }

    /// My posts the server has not confirmed, oldest first, to keep on the device; none until
    /// those kept before were restored (so they are never overwritten unseen).
    pub fn unsent_posts(&self) -> Option<Vec<UnsentPost>> {
        if !self.unsent_restored {
            return None;
        }
        let mut unsent: Vec<UnsentPost> =
            self.posts.values().flat_map(|held| held.unsent()).collect();
        unsent.sort_by(|a, b| (a.post.create_at, &a.post.id).cmp(&(b.post.create_at, &b.post.id)));
        Some(unsent)
    }

    /// Brings back my posts that were unsent when the page was last closed (see
    /// `ChannelPosts::restore_unsent`): the waiting ones go out again with the outbox.
    pub fn restore_unsent_posts(&mut self, kept: Vec<UnsentPost>) {
        let my_id = self.my_id().to_string();
        if my_id.is_empty() {
            return;
        }
        for unsent in kept {
            self.posts
                .entry(unsent.post.channel_id.clone())
                .or_default()
                .restore_unsent(unsent, &my_id);
        }
        self.unsent_restored = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store;

    fn written(id: &str, channel_id: &str, at: i64) -> Post {
        Post {
            id: id.into(),
            pending_post_id: id.into(),
            channel_id: channel_id.into(),
            user_id: "me".into(),
            message: format!("text of {id}"),
            create_at: at,
            update_at: at,
            ..Post::default()
        }
    }

    fn state_of(store: &Store, channel_id: &str, id: &str) -> Option<PostState> {
        Some(store.channel_posts(channel_id)?.get(id)?.state)
    }

    /// A page of the channel holding one post.
    fn page_of(post: Post) -> brisk_model::PostList {
        let mut list = brisk_model::PostList::default();
        list.order.push(post.id.clone());
        list.posts.insert(post.id.clone(), post);
        list
    }

    fn ids_in<'a>(store: &'a Store, channel_id: &str) -> Vec<&'a str> {
        store
            .channel_posts(channel_id)
            .unwrap()
            .entries()
            .iter()
            .map(|e| e.post.id.as_str())
            .collect()
    }

    fn sent_copy(post: &Post) -> Post {
        Post {
            id: format!("real-{}", post.id),
            ..post.clone()
        }
    }

    #[test]
    fn posts_written_offline_leave_one_at_a_time_in_the_order_written_across_channels() {
        let mut store = store();
        assert!(!store.add_outgoing_post(written("me:30", "c1", 30), true));
        assert!(!store.add_outgoing_post(written("me:10", "c2", 10), true));
        assert!(
            !store.add_outgoing_post(written("me:40", "c1", 40), false),
            "back online, a new post still waits behind the older ones"
        );
        assert_eq!(state_of(&store, "c1", "me:30"), Some(PostState::Waiting));

        let first = store.take_next_queued().expect("the oldest");
        assert_eq!(first.id, "me:10");
        assert_eq!(state_of(&store, "c2", "me:10"), Some(PostState::Pending));
        assert_eq!(store.take_next_queued(), None, "one on its way at a time");

        // No server: it waits again and is still first in line.
        store.wait_for_network("c2", "me:10");
        assert_eq!(state_of(&store, "c2", "me:10"), Some(PostState::Waiting));
        let again = store.take_next_queued().expect("the same post again");
        assert_eq!(again.id, "me:10");
        store.apply_sent_post(sent_copy(&again));
        assert_eq!(state_of(&store, "c2", "real-me:10"), Some(PostState::Sent));
        assert_eq!(store.channel_posts("c2").unwrap().entries().len(), 1);

        let mut order = Vec::new();
        while let Some(next) = store.take_next_queued() {
            order.push(next.id.clone());
            store.apply_sent_post(sent_copy(&next));
        }
        assert_eq!(order, ["me:30", "me:40"]);
        assert!(
            store.add_outgoing_post(written("me:50", "c1", 50), false),
            "with the outbox empty and the browser online, a post goes at once"
        );
        assert_eq!(
            store.take_next_queued(),
            None,
            "a direct send is not the outbox's"
        );
    }

    #[test]
    fn a_refused_post_fails_with_the_reason_and_the_next_one_goes() {
        let mut store = store();
        store.add_outgoing_post(written("me:10", "c1", 10), true);
        store.add_outgoing_post(written("me:20", "c1", 20), true);
        let first = store.take_next_queued().expect("queued");
        store.refuse_post("c1", &first.id, "Can not post to deleted channel.".into());
        let held = store.channel_posts("c1").unwrap();
        assert_eq!(held.get("me:10").map(|e| e.state), Some(PostState::Failed));
        assert_eq!(
            held.refusal("me:10"),
            Some("Can not post to deleted channel.")
        );
        assert_eq!(store.take_next_queued().map(|p| p.id), Some("me:20".into()));
    }

    #[test]
    fn a_waiting_post_can_be_edited_or_dropped_before_it_leaves() {
        let mut store = store();
        store.editing_post_id = Some("me:10".into());
        store.add_outgoing_post(written("me:10", "c1", 10), true);
        store.add_outgoing_post(written("me:20", "c1", 20), true);
        assert!(store.edit_waiting_post("me:10", "second thoughts", 15));
        assert_eq!(store.editing_post_id, None);
        store.discard_local_post("c1", "me:20");
        let next = store.take_next_queued().expect("the edited post");
        assert_eq!(next.message, "second thoughts");
        assert!(!store.edit_waiting_post("me:10", "too late", 16));
        store.apply_sent_post(sent_copy(&next));
        assert_eq!(
            store.take_next_queued(),
            None,
            "the dropped post is not sent"
        );
    }

    #[test]
    fn the_outbox_is_bounded() {
        let mut store = store();
        for at in 0..OUTBOX_LIMIT as i64 {
            store.add_outgoing_post(written(&format!("me:{at}"), "c1", at), true);
        }
        assert!(!store.add_outgoing_post(written("me:999", "c1", 999), true));
        let held = store.channel_posts("c1").unwrap();
        assert_eq!(held.get("me:999").map(|e| e.state), Some(PostState::Failed));
        assert_eq!(held.refusal("me:999"), Some(OUTBOX_FULL));
    }

    #[test]
    fn what_is_kept_comes_back_for_the_same_user_only_and_is_kept_only_once_restored() {
        let mut store = store();
        store.add_outgoing_post(written("me:20", "c2", 20), true);
        store.add_outgoing_post(written("me:10", "c1", 10), true);
        assert_eq!(
            store.unsent_posts(),
            None,
            "nothing is written before the restore"
        );
        store.restore_unsent_posts(Vec::new());
        let kept = store.unsent_posts().expect("restored");
        let ids: Vec<_> = kept.iter().map(|u| u.post.id.as_str()).collect();
        assert_eq!(ids, ["me:10", "me:20"], "oldest first, across channels");

        let mut reloaded = Store::default();
        reloaded.restore_unsent_posts(kept.clone());
        assert_eq!(
            reloaded.unsent_posts(),
            None,
            "nobody signed in: nothing restored"
        );
        reloaded.set_me(brisk_model::User {
            id: "someone-else".into(),
            ..brisk_model::User::default()
        });
        reloaded.restore_unsent_posts(kept.clone());
        assert_eq!(reloaded.unsent_posts(), Some(Vec::new()));

        let mut mine = crate::store::tests::store();
        mine.restore_unsent_posts(kept);
        assert_eq!(mine.take_next_queued().map(|p| p.id), Some("me:10".into()));
    }

    #[test]
    fn a_kept_post_the_server_already_has_is_not_restored_beside_its_copy() {
        let mut sender = store();
        sender.add_outgoing_post(written("me:10", "c1", 10), true);
        sender.restore_unsent_posts(Vec::new());
        let kept = sender.unsent_posts().expect("restored");

        // After a reload the channel's posts (holding the delivered copy) arrive before the
        // device's outbox is read.
        let mut reloaded = store();
        let delivered = sent_copy(&written("me:10", "c1", 10));
        reloaded.apply_newest_page("c1", page_of(delivered), false);
        reloaded.restore_unsent_posts(kept);

        assert_eq!(ids_in(&reloaded, "c1"), ["real-me:10"]);
        assert_eq!(reloaded.take_next_queued(), None);
    }

    #[test]
    fn an_unsent_copy_read_late_is_not_restored_beside_a_post_confirmed_and_then_paged() {
        let mut sender = store();
        sender.add_outgoing_post(written("me:10", "c1", 10), true);
        sender.restore_unsent_posts(Vec::new());
        let kept = sender.unsent_posts().expect("restored");

        // After a reload: the post is sent again and confirmed, then a page of the channel (which
        // never says a post's pending id) brings the same post, and only then is a copy of the
        // outbox read before the confirmation restored.
        let mut reloaded = store();
        reloaded.restore_unsent_posts(kept.clone());
        let resent = reloaded.take_next_queued().expect("sent again");
        reloaded.apply_sent_post(sent_copy(&resent));
        let paged = Post {
            pending_post_id: String::new(),
            ..sent_copy(&resent)
        };
        reloaded.apply_newest_page("c1", page_of(paged), false);
        reloaded.restore_unsent_posts(kept);

        assert_eq!(ids_in(&reloaded, "c1"), ["real-me:10"]);
        assert_eq!(reloaded.take_next_queued(), None);
    }

    #[test]
    fn a_sent_post_whose_answer_was_lost_leaves_when_the_server_copy_arrives_in_a_page() {
        let mut store = store();
        store.add_outgoing_post(written("me:10", "c1", 10), false);
        let delivered = sent_copy(&written("me:10", "c1", 10));
        store.apply_newest_page("c1", page_of(delivered), false);

        assert_eq!(ids_in(&store, "c1"), ["real-me:10"]);
    }
}
