//! The posts of one channel, in display order, with optimistic (pending) posts mixed in.

use std::collections::HashMap;

use brisk_model::Post;

/// Where a post stands between the composer and the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PostState {
    /// Confirmed by the server (a 201 or a `posted` event).
    Sent,
    /// Sent, no answer yet.
    Pending,
    /// Written while the network was away: kept on the device, still editable, and sent (in the
    /// order written) once the server can be reached.
    Waiting,
    /// The server refused it (the channel was archived meanwhile, say): the post stays visible
    /// with the reason, so its text is never lost.
    Failed,
}

/// A post not (yet) confirmed by the server, as kept across reloads.
#[derive(Clone, Debug, PartialEq)]
pub struct UnsentPost {
    pub post: Post,
    /// Why the server refused it; `None` while it waits to be sent.
    pub refusal: Option<String>,
}

/// A post as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ListedPost {
    pub post: Post,
    pub state: PostState,
}

/// One channel's posts ordered by `create_at` then `id`, each id at most once.
///
/// An optimistic post carries `id == pending_post_id` until the server's copy (which carries the
/// same `pending_post_id`) replaces it, so it can never be shown twice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChannelPosts {
    entries: Vec<ListedPost>,
    /// Whether the newest page has been fetched.
    pub newest_loaded: bool,
    /// Whether the last page fetched was full, so older posts may exist on the server.
    pub older_may_exist: bool,
    /// The oldest post of the channel's pages fetched so far: older history is fetched before
    /// it. (Held posts can be older still: a thread opened from a permalink, say.)
    pub history_cursor: Option<String>,
    /// Why the server refused each failed post, by `pending_post_id`.
    refusals: HashMap<String, String>,
}

impl ChannelPosts {
    /// The posts, oldest first.
    pub fn entries(&self) -> &[ListedPost] {
        &self.entries
    }

    /// The newest post the server has confirmed, if any.
    pub fn newest_sent(&self) -> Option<&Post> {
        self.entries
            .iter()
            .rev()
            .find(|entry| entry.state == PostState::Sent)
            .map(|entry| &entry.post)
    }

    /// Adds or updates a post from the server. Returns true if the post was not held before.
    pub fn upsert(&mut self, post: Post) -> bool {
        if !post.pending_post_id.is_empty() && post.pending_post_id != post.id {
            self.remove_local(&post.pending_post_id);
        }
        if post.delete_at > 0 {
            self.remove_with_replies(&post.id);
            return false;
        }
        if let Some(index) = self.position(&post.id) {
            // An older copy (a late 201 after a newer edit event, say) must not win.
            if post.update_at >= self.entries[index].post.update_at {
                let held = self.entries.remove(index);
                let mut post = post;
                // Only the send's answer says which `pending_post_id` a post was sent with (a
                // page of posts never does): it stays known, so an unsent copy of it read late
                // from the device is recognised as sent.
                if post.pending_post_id.is_empty() {
                    post.pending_post_id = held.post.pending_post_id;
                }
                self.insert_sorted(ListedPost {
                    post,
                    state: PostState::Sent,
                });
            }
            return false;
        }
        self.insert_sorted(ListedPost {
            post,
            state: PostState::Sent,
        });
        true
    }

    /// Shows a post the user just wrote, before the server confirms it: `Pending` (being sent)
    /// or `Waiting` (for the network). Its `id` must be its `pending_post_id`.
    pub fn add_local(&mut self, post: Post, state: PostState) {
        self.remove(&post.id);
        self.refusals.remove(&post.id);
        self.insert_sorted(ListedPost { post, state });
    }

    /// Marks a local (pending, waiting or failed) post; a confirmed post is left alone because
    /// the server's answer may already have replaced the optimistic copy.
    pub fn set_local_state(&mut self, pending_post_id: &str, state: PostState) -> Option<&Post> {
        let index = self.position(pending_post_id)?;
        let entry = &mut self.entries[index];
        if entry.state == PostState::Sent {
            return None;
        }
        entry.state = state;
        self.refusals.remove(pending_post_id);
        Some(&entry.post)
    }

    /// The server refused a local post: it stays, failed, with the reason.
    pub fn refuse(&mut self, pending_post_id: &str, reason: String) {
        if self
            .set_local_state(pending_post_id, PostState::Failed)
            .is_some()
        {
            self.refusals.insert(pending_post_id.to_string(), reason);
        }
    }

    /// Why the server refused this failed post.
    pub fn refusal(&self, pending_post_id: &str) -> Option<&str> {
        self.refusals.get(pending_post_id).map(String::as_str)
    }

    /// Changes the text of a post waiting for the network (it has not left the device, so the
    /// change is only here). `now` becomes its `update_at`, so the list shows the new text.
    /// False if the post is not waiting (it is being sent, or was sent meanwhile).
    pub fn edit_waiting(&mut self, pending_post_id: &str, message: &str, now: i64) -> bool {
        let Some(index) = self.position(pending_post_id) else {
            return false;
        };
        let entry = &mut self.entries[index];
        if entry.state != PostState::Waiting {
            return false;
        }
        entry.post.message = message.to_string();
        entry.post.update_at = now.max(entry.post.update_at + 1);
        true
    }

    /// The oldest post waiting for the network.
    pub fn oldest_waiting(&self) -> Option<&Post> {
        self.entries
            .iter()
            .find(|entry| entry.state == PostState::Waiting)
            .map(|entry| &entry.post)
    }

    /// The post with this id (or, for an unconfirmed one, this `pending_post_id`).
    pub fn get(&self, id: &str) -> Option<&ListedPost> {
        self.position(id).map(|index| &self.entries[index])
    }

    /// The newest confirmed post by `user_id` in the channel (`root_id` empty) or in one thread:
    /// what the Up arrow edits.
    pub fn last_sent_by(&self, user_id: &str, root_id: &str) -> Option<&Post> {
        self.entries
            .iter()
            .rev()
            .filter(|entry| entry.state == PostState::Sent && entry.post.user_id == user_id)
            .map(|entry| &entry.post)
            .find(|post| {
                !post.is_system()
                    && if root_id.is_empty() {
                        post.root_id.is_empty()
                    } else {
                        post.root_id == root_id || post.id == root_id
                    }
            })
    }

    /// Forgets a deleted post and, when it was a thread's root, its replies (the server deletes
    /// them with it). True if the post was held.
    pub fn remove_with_replies(&mut self, id: &str) -> bool {
        let held = self.entries.len();
        self.entries
            .retain(|entry| entry.post.id != id && entry.post.root_id != id);
        self.entries.len() < held
    }

    /// The channel's own posts (thread roots and standalone ones), oldest first: replies are
    /// shown in their thread.
    pub fn roots(&self) -> impl DoubleEndedIterator<Item = &ListedPost> + Clone {
        self.entries
            .iter()
            .filter(|entry| entry.post.root_id.is_empty())
    }

    /// A thread: its root, then the replies, oldest first.
    pub fn thread(&self, root_id: &str) -> Vec<ListedPost> {
        self.entries
            .iter()
            .filter(|entry| entry.post.id == root_id || entry.post.root_id == root_id)
            .cloned()
            .collect()
    }

    /// Changes a root's reply count by `change` (a reply arrived or was deleted).
    pub fn count_reply(&mut self, root_id: &str, change: i64) {
        if let Some(index) = self.position(root_id) {
            let root = &mut self.entries[index].post;
            root.reply_count = (root.reply_count + change).max(0);
        }
    }

    /// The posts not (yet) confirmed by the server, oldest first: what must survive a reload.
    pub fn unsent(&self) -> impl Iterator<Item = UnsentPost> + '_ {
        self.entries
            .iter()
            .filter(|entry| entry.state != PostState::Sent)
            .map(|entry| UnsentPost {
                post: entry.post.clone(),
                refusal: self.refusal(&entry.post.id).map(str::to_string),
            })
    }

    /// Brings back one of `my_id`'s posts that was unsent when the page was last closed: a refused
    /// one stays failed with its reason; any other waits to be sent again (with its
    /// `pending_post_id`, so a send that had reached the server is not doubled). One already
    /// held (being sent now, or confirmed) is left alone.
    pub fn restore_unsent(&mut self, unsent: UnsentPost, my_id: &str) {
        let post = &unsent.post;
        let local = !post.pending_post_id.is_empty()
            && post.id == post.pending_post_id
            && post.user_id == my_id;
        // The server's copy may already be here: the send reached it but its answer was lost,
        // and the channel's posts arrived before the device's outbox was read.
        if !local || self.holds_pending(&post.pending_post_id) {
            return;
        }
        match unsent.refusal {
            Some(reason) => {
                let id = unsent.post.id.clone();
                self.add_local(unsent.post, PostState::Pending);
                self.refuse(&id, reason);
            }
            None => self.add_local(unsent.post, PostState::Waiting),
        }
    }

    /// Whether a post sent with this `pending_post_id` is listed: the local one, or the server's
    /// copy of it.
    fn holds_pending(&self, pending_post_id: &str) -> bool {
        self.entries
            .iter()
            .any(|entry| entry.post.pending_post_id == pending_post_id)
    }

    /// Takes over the unsent posts of the list this one replaces.
    pub fn keep_unsent_of(&mut self, replaced: ChannelPosts) {
        for entry in replaced.entries {
            // A post whose send reached the server (its answer lost) is in the new list as the
            // server's copy, under the pending id it was sent with.
            if entry.state != PostState::Sent && !self.holds_pending(&entry.post.pending_post_id) {
                self.insert_sorted(entry);
            }
        }
        self.refusals.extend(replaced.refusals);
    }

    /// Drops a post that was never confirmed (the user gave up on a failed send).
    pub fn discard_local(&mut self, pending_post_id: &str) {
        self.remove_local(pending_post_id);
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|entry| entry.post.id == id)
    }

    fn remove(&mut self, id: &str) {
        self.entries.retain(|entry| entry.post.id != id);
    }

    fn remove_local(&mut self, pending_post_id: &str) {
        self.entries
            .retain(|entry| entry.state == PostState::Sent || entry.post.id != pending_post_id);
        self.refusals.remove(pending_post_id);
    }

    fn insert_sorted(&mut self, entry: ListedPost) {
        let key = (entry.post.create_at, entry.post.id.as_str());
        let index = self
            .entries
            .partition_point(|held| (held.post.create_at, held.post.id.as_str()) <= key);
        self.entries.insert(index, entry);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn post(id: &str, create_at: i64) -> Post {
        Post {
            id: id.into(),
            create_at,
            update_at: create_at,
            channel_id: "c1".into(),
            user_id: "u1".into(),
            message: format!("message {id}"),
            ..Post::default()
        }
    }

    fn ids(posts: &ChannelPosts) -> Vec<&str> {
        posts.entries().iter().map(|e| e.post.id.as_str()).collect()
    }

    #[test]
    fn orders_by_create_at_then_id_whatever_the_arrival_order() {
        let mut posts = ChannelPosts::default();
        posts.upsert(post("b", 20));
        posts.upsert(post("c", 10));
        posts.upsert(post("a", 20));
        assert_eq!(ids(&posts), ["c", "a", "b"]);
        assert_eq!(posts.newest_sent().map(|p| p.id.as_str()), Some("b"));
    }

    #[test]
    fn the_same_post_twice_is_held_once_and_the_newer_copy_wins() {
        let mut posts = ChannelPosts::default();
        assert!(posts.upsert(post("a", 10)));
        let mut edited = post("a", 10);
        edited.update_at = 50;
        edited.message = "edited".into();
        assert!(!posts.upsert(edited));
        assert!(!posts.upsert(post("a", 10)), "a stale copy is not new");
        assert_eq!(ids(&posts), ["a"]);
        assert_eq!(posts.entries()[0].post.message, "edited");
    }

    fn pending(pending_id: &str, at: i64) -> Post {
        Post {
            id: pending_id.into(),
            pending_post_id: pending_id.into(),
            message: "draft text".into(),
            ..post("", at)
        }
    }

    fn confirmed(id: &str, pending_id: &str, at: i64) -> Post {
        Post {
            pending_post_id: pending_id.into(),
            ..post(id, at)
        }
    }

    #[test]
    fn a_pending_post_is_replaced_by_the_201_then_the_event_adds_nothing() {
        let mut posts = ChannelPosts::default();
        posts.add_local(pending("u1:100", 100), PostState::Pending);
        assert_eq!(posts.entries()[0].state, PostState::Pending);
        posts.upsert(confirmed("real", "u1:100", 102));
        posts.upsert(confirmed("real", "u1:100", 102));
        assert_eq!(ids(&posts), ["real"]);
        assert_eq!(posts.entries()[0].state, PostState::Sent);
    }

    #[test]
    fn a_pending_post_is_replaced_by_the_event_then_the_201_adds_nothing() {
        let mut posts = ChannelPosts::default();
        posts.add_local(pending("u1:100", 100), PostState::Pending);
        posts.upsert(post("older", 50));
        posts.upsert(confirmed("real", "u1:100", 99));
        assert_eq!(ids(&posts), ["older", "real"]);
        // The late 201 must not resurrect the pending copy nor mark the post failed.
        posts.upsert(confirmed("real", "u1:100", 99));
        assert!(posts.set_local_state("u1:100", PostState::Failed).is_none());
        assert_eq!(ids(&posts), ["older", "real"]);
        assert!(posts.entries().iter().all(|e| e.state == PostState::Sent));
    }

    #[test]
    fn a_failed_post_stays_with_its_text_and_can_go_pending_again() {
        let mut posts = ChannelPosts::default();
        posts.add_local(pending("u1:100", 100), PostState::Pending);
        let failed = posts.set_local_state("u1:100", PostState::Failed).cloned();
        assert_eq!(failed.map(|p| p.message), Some("draft text".to_string()));
        assert_eq!(posts.entries()[0].state, PostState::Failed);
        posts.set_local_state("u1:100", PostState::Pending);
        assert_eq!(posts.entries()[0].state, PostState::Pending);
        assert_eq!(posts.newest_sent(), None);
    }

    #[test]
    fn the_up_arrow_finds_my_newest_sent_post_in_the_channel_or_thread() {
        let mut posts = ChannelPosts::default();
        posts.upsert(post("mine-old", 10));
        posts.upsert(Post {
            user_id: "u2".into(),
            ..post("theirs", 20)
        });
        posts.upsert(Post {
            root_id: "theirs".into(),
            ..post("my-reply", 30)
        });
        posts.add_local(pending("u1:40", 40), PostState::Pending);
        assert_eq!(
            posts.last_sent_by("u1", "").map(|p| p.id.as_str()),
            Some("mine-old"),
            "in the channel's box, replies are not the channel's posts"
        );
        assert_eq!(
            posts.last_sent_by("u1", "theirs").map(|p| p.id.as_str()),
            Some("my-reply")
        );
        assert_eq!(posts.last_sent_by("u3", ""), None);
    }

    #[test]
    fn deleting_a_root_takes_its_replies_and_a_failed_post_can_be_discarded() {
        let mut posts = ChannelPosts::default();
        posts.upsert(post("root", 10));
        posts.upsert(Post {
            root_id: "root".into(),
            ..post("reply", 20)
        });
        posts.upsert(post("other", 30));
        posts.add_local(pending("u1:40", 40), PostState::Pending);
        posts.set_local_state("u1:40", PostState::Failed);
        posts.remove_with_replies("root");
        posts.discard_local("u1:40");
        assert_eq!(ids(&posts), ["other"]);
        posts.discard_local("other");
        assert_eq!(ids(&posts), ["other"], "a confirmed post is not discarded");
    }

    fn unsent_ids(posts: &ChannelPosts) -> Vec<String> {
        posts.unsent().map(|unsent| unsent.post.id).collect()
    }

    #[test]
    fn after_a_reload_unsent_posts_wait_again_and_refused_ones_stay_failed_with_the_reason() {
        let mut posts = ChannelPosts::default();
        posts.upsert(post("a", 10));
        posts.add_local(pending("u1:40", 40), PostState::Pending);
        posts.add_local(pending("u1:50", 50), PostState::Waiting);
        posts.add_local(pending("u1:60", 60), PostState::Pending);
        posts.refuse("u1:40", "Channel archived".into());
        posts.refuse("a", "not mine to refuse".into());
        assert_eq!(
            posts.refusal("a"),
            None,
            "a confirmed post is never refused"
        );
        let kept: Vec<UnsentPost> = posts.unsent().collect();
        assert_eq!(unsent_ids(&posts), ["u1:40", "u1:50", "u1:60"]);

        let mut reloaded = ChannelPosts::default();
        reloaded.upsert(post("a", 10));
        for unsent in kept {
            reloaded.restore_unsent(unsent, "u1");
        }
        let states: Vec<_> = reloaded.entries().iter().map(|e| e.state).collect();
        assert_eq!(
            states,
            [
                PostState::Sent,
                PostState::Failed,
                PostState::Waiting,
                PostState::Waiting
            ],
            "a send under way when the page closed is sent again"
        );
        assert_eq!(reloaded.refusal("u1:40"), Some("Channel archived"));
        assert_eq!(reloaded.entries()[2].post.message, "draft text");
        assert_eq!(
            reloaded.oldest_waiting().map(|p| p.id.as_str()),
            Some("u1:50")
        );
    }

    #[test]
    fn a_waiting_post_is_edited_here_until_it_is_sent_then_the_servers_copy_replaces_it() {
        let mut posts = ChannelPosts::default();
        posts.add_local(pending("u1:40", 40), PostState::Waiting);
        assert!(posts.edit_waiting("u1:40", "better words", 45));
        assert_eq!(posts.entries()[0].post.message, "better words");
        assert_eq!(posts.entries()[0].post.update_at, 45);
        posts.set_local_state("u1:40", PostState::Pending);
        assert!(
            !posts.edit_waiting("u1:40", "too late", 46),
            "it is on its way"
        );
        // A retry the server de-duplicated (same pending_post_id) replaces the local copy.
        posts.upsert(confirmed("real", "u1:40", 41));
        assert_eq!(ids(&posts), ["real"]);
        assert!(!posts.edit_waiting("real", "not a local post", 47));
        assert_eq!(unsent_ids(&posts), Vec::<String>::new());
        assert_eq!(posts.oldest_waiting(), None);
    }

    #[test]
    fn only_my_own_well_formed_unsent_posts_are_restored() {
        let mut posts = ChannelPosts::default();
        posts.add_local(pending("u1:40", 40), PostState::Pending);
        let someone_elses = Post {
            user_id: "u2".into(),
            ..pending("u2:41", 41)
        };
        let not_local = Post {
            pending_post_id: "u1:42".into(),
            ..post("server-id", 42)
        };
        for kept in [pending("u1:40", 40), someone_elses, not_local] {
            posts.restore_unsent(
                UnsentPost {
                    post: kept,
                    refusal: None,
                },
                "u1",
            );
        }
        assert_eq!(ids(&posts), ["u1:40"]);
        assert_eq!(
            posts.entries()[0].state,
            PostState::Pending,
            "a post being sent now is not changed by an old copy"
        );
    }

    #[test]
    fn a_deleted_post_leaves_the_list() {
        let mut posts = ChannelPosts::default();
        posts.upsert(post("a", 10));
        posts.upsert(Post {
            delete_at: 11,
            ..post("a", 10)
        });
        assert!(posts.entries().is_empty());
    }
}
