//! The catch-up view's threads: threads I take part in (I wrote the root or a reply) that got
//! replies from others since I last read them, from Mattermost's
//! `GET /users/me/teams/{team_id}/threads?unread=true`.
//!
//! - A thread section shows its root post, then the replies newer than my read position when the
//!   section was added (so they stay in view once read), oldest first; replies arriving while the
//!   view is open join it.
//! - "Mark read" reads the thread up to now here at once; the action tells the server
//!   (`PUT …/threads/{id}/read/{timestamp}`) and undoes it if the server refuses.
//! - Like channel sections, a thread section stays when read, so nothing moves under the reader.

use brisk_model::UserThread;

use super::{ListedPost, PostState, SectionLoad, Store};

/// How many threads the view asks for: the most recently replied first.
pub const CATCH_UP_THREADS: usize = 20;

#[derive(Clone, Debug, PartialEq)]
pub(super) struct ThreadSectionState {
    root_id: String,
    channel_id: String,
    /// My read position when the section was added: replies after it are its news.
    since: i64,
    /// My read position now.
    viewed_at: i64,
    /// The server's count of unread replies, until the thread's replies are loaded.
    server_unread: i64,
    server_mentions: i64,
    load: SectionLoad,
}

/// One thread section as the view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CatchUpThread {
    pub root_id: String,
    /// The channel's name, and the start of the root's message: the section's heading.
    pub channel_title: String,
    pub excerpt: String,
    pub root: Option<ListedPost>,
    /// The replies after my read position when the section was added, oldest first.
    pub replies: Vec<ListedPost>,
    /// Replies from others I have not read.
    pub unread_replies: i64,
    pub unread_mentions: i64,
    pub load: SectionLoad,
}

/// Characters of the root's message in a thread section's heading.
const EXCERPT_CHARS: usize = 60;

/// Where marking a thread read can be undone from, if the server refuses it.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadReadUndo {
    root_id: String,
    viewed_at: i64,
    server_unread: i64,
    server_mentions: i64,
}

impl Store {
    /// The server's answer: a section for each thread with unread replies that has none yet
    /// (most recently replied first, after those already there). Returns the threads whose
    /// replies are to be loaded.
    pub fn apply_unread_threads(&mut self, threads: Vec<UserThread>) -> Vec<String> {
        let Some(catch_up) = self.catch_up.as_mut() else {
            return Vec::new();
        };
        let mut added = Vec::new();
        let mut roots = Vec::new();
        for thread in threads.into_iter().filter(|t| t.unread_replies > 0) {
            if catch_up.threads.iter().any(|s| s.root_id == thread.id) {
                continue;
            }
            catch_up.threads.push(ThreadSectionState {
                root_id: thread.id.clone(),
                channel_id: thread.post.channel_id.clone(),
                since: thread.last_viewed_at,
                viewed_at: thread.last_viewed_at,
                server_unread: thread.unread_replies,
                server_mentions: thread.unread_mentions,
                load: SectionLoad::Loading,
            });
            added.push(thread.id);
            roots.push(thread.post);
        }
        for root in roots {
            self.take_post(root);
        }
        added
    }

    /// The threads could not be listed: a sentence for the reader.
    pub fn threads_list_failed(&mut self, message: String) {
        if let Some(catch_up) = self.catch_up.as_mut() {
            catch_up.threads_failed = Some(message);
        }
    }

    /// Listing the threads again ("Try again").
    pub fn retry_threads_list(&mut self) {
        if let Some(catch_up) = self.catch_up.as_mut() {
            catch_up.threads_failed = None;
        }
    }

    /// Why the threads could not be listed, if they could not.
    pub fn catch_up_threads_failed(&self) -> Option<String> {
        self.catch_up.as_ref()?.threads_failed.clone()
    }

    /// The root ids of the view's thread sections, in order.
    pub fn catch_up_thread_ids(&self) -> Vec<String> {
        self.catch_up.as_ref().map_or_else(Vec::new, |c| {
            c.threads.iter().map(|s| s.root_id.clone()).collect()
        })
    }

    fn thread_section(&self, root_id: &str) -> Option<&ThreadSectionState> {
        self.catch_up
            .as_ref()?
            .threads
            .iter()
            .find(|s| s.root_id == root_id)
    }

    fn thread_section_mut(&mut self, root_id: &str) -> Option<&mut ThreadSectionState> {
        self.catch_up
            .as_mut()?
            .threads
            .iter_mut()
            .find(|s| s.root_id == root_id)
    }

    /// The answer for a thread's replies.
    pub fn finish_thread_load(&mut self, root_id: &str, result: Result<(), String>) {
        if let Some(section) = self.thread_section_mut(root_id) {
            section.load = match result {
                Ok(()) => SectionLoad::Loaded,
                Err(message) => SectionLoad::Failed(message),
            };
        }
    }

    /// Whether the section's thread is loading again after a failure ("Try again").
    pub fn retry_thread_load(&mut self, root_id: &str) -> bool {
        let Some(section) = self
            .thread_section_mut(root_id)
            .filter(|s| matches!(s.load, SectionLoad::Failed(_)))
        else {
            return false;
        };
        section.load = SectionLoad::Loading;
        true
    }

    /// One thread section as the view shows it.
    pub fn catch_up_thread(&self, root_id: &str) -> Option<CatchUpThread> {
        let section = self.thread_section(root_id)?;
        let channel_title = self
            .channels
            .get(&section.channel_id)
            .map(|channel| self.channel_display_name(channel))
            .unwrap_or_default();
        let thread: Vec<ListedPost> = self
            .channel_posts(&section.channel_id)
            .map(|posts| posts.thread(root_id))
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.state == PostState::Sent)
            .collect();
        let root = thread.iter().find(|e| e.post.id == root_id).cloned();
        let replies: Vec<ListedPost> = thread
            .into_iter()
            .filter(|e| e.post.id != root_id && e.post.create_at > section.since)
            .collect();
        let my_id = self.my_id();
        let unread_replies = if section.load == SectionLoad::Loaded {
            replies
                .iter()
                .filter(|e| e.post.user_id != my_id && e.post.create_at > section.viewed_at)
                .count() as i64
        } else {
            section.server_unread
        };
        let excerpt = root.as_ref().map_or_else(String::new, |root| {
            let message = root
                .post
                .message
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            match message.char_indices().nth(EXCERPT_CHARS) {
                // Cut at the last whole word that fits.
                Some((cut, _)) => {
                    let head = &message[..cut];
                    format!(
                        "{}…",
                        head.rsplit_once(' ').map_or(head, |(words, _)| words)
                    )
                }
                None => message,
            }
        });
        Some(CatchUpThread {
            root_id: root_id.to_string(),
            channel_title,
            excerpt,
            root,
            replies,
            unread_replies,
            // Mentions are the server's count: the view does not look for them in replies.
            unread_mentions: if unread_replies > 0 {
                section.server_mentions
            } else {
                0
            },
            load: section.load.clone(),
        })
    }

    /// "Mark read" on a thread section: read up to `now` here at once. Returns how to undo it
    /// if the server refuses, or None when there was nothing unread.
    pub fn mark_thread_read(&mut self, root_id: &str, now: i64) -> Option<ThreadReadUndo> {
        if self.catch_up_thread(root_id)?.unread_replies == 0 {
            return None;
        }
        let section = self.thread_section_mut(root_id)?;
        let undo = ThreadReadUndo {
            root_id: root_id.to_string(),
            viewed_at: section.viewed_at,
            server_unread: section.server_unread,
            server_mentions: section.server_mentions,
        };
        section.viewed_at = now;
        section.server_unread = 0;
        section.server_mentions = 0;
        Some(undo)
    }

    /// The server refused to mark the thread read: it is unread again.
    pub fn undo_thread_read(&mut self, undo: ThreadReadUndo) {
        if let Some(section) = self.thread_section_mut(&undo.root_id) {
            section.viewed_at = undo.viewed_at;
            section.server_unread = undo.server_unread;
            section.server_mentions = undo.server_mentions;
        }
    }

    /// The thread sections with unread replies ("Mark all read" reads them too).
    pub fn unread_catch_up_threads(&self) -> Vec<String> {
        self.catch_up_thread_ids()
            .into_iter()
            .filter(|id| {
                self.catch_up_thread(id)
                    .is_some_and(|thread| thread.unread_replies > 0)
            })
            .collect()
    }
}

/// The view's status line: `sections` counts channel and thread sections, the others those of
/// them still unread.
pub fn catch_up_summary(sections: usize, unread_channels: usize, unread_threads: usize) -> String {
    let count = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let parts: Vec<String> = [
        count(
            unread_channels,
            "channel with unread messages",
            "channels with unread messages",
        ),
        count(
            unread_threads,
            "thread with new replies",
            "threads with new replies",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    match (sections, parts.is_empty()) {
        (0, _) => "Nothing unread: you are all caught up.".into(),
        (_, true) => "All read.".into(),
        _ => parts.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{post_by, posted_event, store};
    use brisk_model::{Post, PostList};

    /// A reply to `root_id` in c1.
    fn reply(id: &str, root_id: &str, user: &str, at: i64) -> Post {
        Post {
            root_id: root_id.into(),
            ..post_by(id, user, at)
        }
    }

    /// My thread "root" in c1, read up to 1_100, with 2 unread replies by bob (one mentions me).
    fn thread(root_id: &str, last_viewed_at: i64) -> UserThread {
        UserThread {
            id: root_id.into(),
            post: Post {
                message: "Who takes   the release on Friday, and who writes the notes for the people who were away?".into(),
                ..post_by(root_id, "me", 1_000)
            },
            reply_count: 3,
            last_reply_at: 1_300,
            last_viewed_at,
            unread_replies: 2,
            unread_mentions: 1,
            ..UserThread::default()
        }
    }

    /// The thread's posts as `GET /posts/{id}/thread` answers them.
    fn thread_posts(posts: Vec<Post>) -> PostList {
        let mut list = PostList::default();
        for post in posts {
            list.order.push(post.id.clone());
            list.posts.insert(post.id.clone(), post);
        }
        list
    }

    fn ids(posts: &[ListedPost]) -> Vec<&str> {
        posts.iter().map(|e| e.post.id.as_str()).collect()
    }

    #[test]
    fn threads_with_unread_replies_get_a_section_each_once_and_only_while_the_view_is_open() {
        let mut store = store();
        assert!(
            store
                .apply_unread_threads(vec![thread("t1", 1_100)])
                .is_empty(),
            "view closed"
        );
        store.open_catch_up("t1");
        let read = UserThread {
            unread_replies: 0,
            ..thread("read", 1_300)
        };
        assert_eq!(
            store.apply_unread_threads(vec![thread("r1", 1_100), read, thread("r2", 1_100)]),
            ["r1", "r2"]
        );
        assert!(
            store
                .apply_unread_threads(vec![thread("r1", 1_100)])
                .is_empty(),
            "once"
        );
        assert_eq!(store.catch_up_thread_ids(), ["r1", "r2"]);

        let section = store.catch_up_thread("r1").unwrap();
        assert_eq!(section.load, SectionLoad::Loading);
        assert_eq!(
            section.root.unwrap().post.id,
            "r1",
            "the root is shown at once"
        );
        assert_eq!(
            (section.unread_replies, section.unread_mentions),
            (2, 1),
            "the server's counts until loaded"
        );
        assert_eq!(section.channel_title, "c1 display");
        assert_eq!(
            section.excerpt,
            "Who takes the release on Friday, and who writes the notes…"
        );
        store.threads_list_failed("Cannot reach the server.".into());
        assert_eq!(
            store.catch_up_threads_failed().as_deref(),
            Some("Cannot reach the server.")
        );
        store.retry_threads_list();
        assert_eq!(store.catch_up_threads_failed(), None);
        store.close_catch_up();
        assert!(store.catch_up_thread_ids().is_empty());
    }

    #[test]
    fn a_thread_section_shows_its_root_and_the_replies_since_it_was_read_and_new_ones_join() {
        let mut store = store();
        store.open_catch_up("t1");
        store.apply_unread_threads(vec![thread("r1", 1_100)]);
        store.apply_thread(thread_posts(vec![
            post_by("r1", "me", 1_000),
            reply("old", "r1", "bob", 1_050),
            reply("mine", "r1", "me", 1_100),
            reply("n1", "r1", "bob", 1_200),
            reply("n2", "r1", "bob", 1_300),
        ]));
        store.finish_thread_load("r1", Ok(()));
        let section = store.catch_up_thread("r1").unwrap();
        assert_eq!(ids(&section.replies), ["n1", "n2"]);
        assert_eq!(section.unread_replies, 2);

        store.apply_event(&posted_event(reply("n3", "r1", "bob", 1_400), &[]));
        store.apply_event(&posted_event(reply("n4", "r1", "me", 1_500), &[]));
        let section = store.catch_up_thread("r1").unwrap();
        assert_eq!(ids(&section.replies), ["n1", "n2", "n3", "n4"]);
        assert_eq!(section.unread_replies, 3, "my own reply is not news to me");
    }

    #[test]
    fn marking_a_thread_read_clears_it_the_replies_stay_and_a_refusal_undoes_it() {
        let mut store = store();
        store.open_catch_up("t1");
        store.apply_unread_threads(vec![thread("r1", 1_100), thread("r2", 1_100)]);
        assert_eq!(store.unread_catch_up_threads(), ["r1", "r2"]);
        store.apply_thread(thread_posts(vec![
            post_by("r1", "me", 1_000),
            reply("n1", "r1", "bob", 1_200),
        ]));
        store.finish_thread_load("r1", Ok(()));

        let undo = store.mark_thread_read("r1", 2_000).expect("it was unread");
        let section = store.catch_up_thread("r1").unwrap();
        assert_eq!((section.unread_replies, section.unread_mentions), (0, 0));
        assert_eq!(ids(&section.replies), ["n1"], "what was new stays in view");
        assert_eq!(store.mark_thread_read("r1", 2_001), None, "already read");
        assert_eq!(store.unread_catch_up_threads(), ["r2"]);

        store.undo_thread_read(undo);
        assert_eq!(store.catch_up_thread("r1").unwrap().unread_replies, 1);

        // A thread still loading is read by the server's count.
        assert!(store.mark_thread_read("r2", 2_000).is_some());
        assert_eq!(store.catch_up_thread("r2").unwrap().unread_replies, 0);
        store.apply_event(&posted_event(reply("late", "r1", "bob", 2_500), &[]));
        store.mark_thread_read("r1", 2_600);
        store.apply_event(&posted_event(reply("later", "r1", "bob", 3_000), &[]));
        assert_eq!(
            store.catch_up_thread("r1").unwrap().unread_replies,
            1,
            "a reply after reading is unread again"
        );
    }

    #[test]
    fn the_status_line_counts_unread_channels_and_threads() {
        assert_eq!(
            catch_up_summary(0, 0, 0),
            "Nothing unread: you are all caught up."
        );
        assert_eq!(catch_up_summary(3, 0, 0), "All read.");
        assert_eq!(catch_up_summary(3, 1, 0), "1 channel with unread messages");
        assert_eq!(catch_up_summary(3, 2, 0), "2 channels with unread messages");
        assert_eq!(catch_up_summary(3, 0, 1), "1 thread with new replies");
        assert_eq!(
            catch_up_summary(5, 2, 3),
            "2 channels with unread messages, 3 threads with new replies"
        );
    }

    #[test]
    fn a_thread_that_failed_to_load_can_load_again() {
        let mut store = store();
        store.open_catch_up("t1");
        store.apply_unread_threads(vec![thread("r1", 1_100)]);
        assert!(!store.retry_thread_load("r1"), "not failed");
        store.finish_thread_load("r1", Err("Cannot reach the server.".into()));
        assert_eq!(
            store.catch_up_thread("r1").unwrap().load,
            SectionLoad::Failed("Cannot reach the server.".into())
        );
        assert!(store.retry_thread_load("r1"));
        assert_eq!(
            store.catch_up_thread("r1").unwrap().load,
            SectionLoad::Loading
        );
    }
}
