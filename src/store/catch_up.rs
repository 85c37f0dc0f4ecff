//! The catch-up view (`/{team}/catch-up`): everything unread in the team's channels, direct and
//! group messages, one section per channel, in one scroll.
//!
//! - The sections are the channels unread when the view opened (or that became unread while it
//!   is open, added after the others). A section stays when its channel is read, so nothing moves
//!   under the reader; its badge and "Mark read" follow the channel's current state.
//! - Sections with mentions come first (direct messages count as mentions, as in Mattermost), then
//!   the most recently active.
//! - A section shows its channel's posts after the read position captured when it was added,
//!   oldest first, with a little context before the "New messages" line; a big backlog shows only
//!   the newest [`CATCH_UP_SHOWN`], and "Load earlier" adds as many again.
//! - Marking a section read (its button, "Mark all read", or its end coming into view while the
//!   window has focus) follows the rules of opening the channel: read here at once, and the
//!   server is told (`Followup::MarkChannelViewed`), so other tabs and devices agree.

use super::{ChannelRoute, Followup, ListedPost, PostState, SidebarChannel, Store};

/// How many of a section's newest unread posts are shown at first, and how many more each
/// "Load earlier" adds.
pub const CATCH_UP_SHOWN: usize = 50;
/// Posts already read shown above a section's "New messages" line, for context.
pub const CATCH_UP_CONTEXT: usize = 2;

/// Where the fetching of a section's posts stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionLoad {
    /// Queued: a loader picks sections in their order.
    Waiting,
    Loading,
    Loaded,
    /// A sentence for the reader.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
struct SectionState {
    channel_id: String,
    /// My read position when the section was added: posts after it are its news.
    since: i64,
    /// How many of the newest unread posts to show.
    shown: usize,
    load: SectionLoad,
}

/// The catch-up view's state while it is open.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CatchUp {
    team_id: String,
    sections: Vec<SectionState>,
    /// Threads I take part in with unread replies (`store::catch_up_threads`).
    pub(super) threads: Vec<super::catch_up_threads::ThreadSectionState>,
    /// Why the threads could not be listed, if they could not.
    pub(super) threads_failed: Option<String>,
}

/// One section as the view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct CatchUpSection {
    pub channel_id: String,
    pub title: String,
    pub route: ChannelRoute,
    /// The channel's current unread state (it goes when the channel is read, here or elsewhere).
    pub unread: bool,
    pub mentions: i64,
    /// Unread messages, 0 in a muted channel (only its mentions show).
    pub unread_messages: i64,
    pub load: SectionLoad,
    /// Context, then the news, oldest first.
    pub posts: Vec<ListedPost>,
    /// The post the "New messages" line goes above, when the start of the news is shown.
    pub first_new_post_id: Option<String>,
    /// Whether earlier unread posts exist than those shown ("Load earlier").
    pub earlier: bool,
}

impl Store {
    /// Opens the catch-up view of the team with a section per unread channel. Returns whether
    /// there are sections to load.
    pub fn open_catch_up(&mut self, team_id: &str) -> bool {
        self.catch_up = Some(CatchUp {
            team_id: team_id.to_string(),
            ..CatchUp::default()
        });
        self.add_unread_sections()
    }

    /// Closes the view; loads still in flight then change nothing of it.
    pub fn close_catch_up(&mut self) {
        self.catch_up = None;
    }

    /// Adds a section for each channel of the team that is unread and has none yet (mentions
    /// first, then the most recently active). Returns whether any was added.
    pub fn add_unread_sections(&mut self) -> bool {
        let Some(team_id) = self.catch_up.as_ref().map(|c| c.team_id.clone()) else {
            return false;
        };
        let mut unread: Vec<(bool, i64, String, i64)> = self
            .sidebar(&team_id)
            .into_iter()
            .filter(|entry| entry.unread && !self.has_catch_up_section(&entry.id))
            .map(|entry| {
                let last_post_at = self.channels.get(&entry.id).map_or(0, |c| c.last_post_at);
                let since = self
                    .my_members
                    .get(&entry.id)
                    .map_or(0, |m| m.last_viewed_at);
                (entry.mentions == 0, -last_post_at, entry.id, since)
            })
            .collect();
        unread.sort();
        let Some(catch_up) = self.catch_up.as_mut() else {
            return false;
        };
        let added = !unread.is_empty();
        catch_up
            .sections
            .extend(
                unread
                    .into_iter()
                    .map(|(_, _, channel_id, since)| SectionState {
                        channel_id,
                        since,
                        shown: CATCH_UP_SHOWN,
                        load: SectionLoad::Waiting,
                    }),
            );
        added
    }

    fn has_catch_up_section(&self, channel_id: &str) -> bool {
        self.catch_up
            .as_ref()
            .is_some_and(|c| c.sections.iter().any(|s| s.channel_id == channel_id))
    }

    fn catch_up_section_mut(&mut self, channel_id: &str) -> Option<&mut SectionState> {
        self.catch_up
            .as_mut()?
            .sections
            .iter_mut()
            .find(|s| s.channel_id == channel_id)
    }

    /// The channels of the view's sections, in order.
    pub fn catch_up_channel_ids(&self) -> Vec<String> {
        self.catch_up.as_ref().map_or_else(Vec::new, |c| {
            c.sections.iter().map(|s| s.channel_id.clone()).collect()
        })
    }

    /// How many sections are at this stage of loading.
    pub fn catch_up_sections_at(&self, load: &SectionLoad) -> usize {
        self.catch_up
            .as_ref()
            .map_or(0, |c| c.sections.iter().filter(|s| s.load == *load).count())
    }

    /// Takes the first waiting section for loading: its channel.
    pub fn start_next_section_load(&mut self) -> Option<String> {
        let section = self
            .catch_up
            .as_mut()?
            .sections
            .iter_mut()
            .find(|s| s.load == SectionLoad::Waiting)?;
        section.load = SectionLoad::Loading;
        Some(section.channel_id.clone())
    }

    /// Whether the section needs older posts than those held: it shows fewer news than it may,
    /// or lacks its context, and the server may have older ones.
    pub fn catch_up_wants_older(&self, channel_id: &str) -> bool {
        let Some(section) = self
            .catch_up
            .as_ref()
            .and_then(|c| c.sections.iter().find(|s| s.channel_id == channel_id))
        else {
            return false;
        };
        let Some(held) = self.channel_posts(channel_id) else {
            return false;
        };
        let posts = self.catch_up_posts(channel_id);
        let news = posts
            .iter()
            .filter(|e| e.post.create_at > section.since)
            .count();
        let context = posts.len() - news;
        held.older_may_exist && news < section.shown && context < CATCH_UP_CONTEXT
    }

    /// The answer for a section's load.
    pub fn finish_section_load(&mut self, channel_id: &str, result: Result<(), String>) {
        if let Some(section) = self.catch_up_section_mut(channel_id) {
            section.load = match result {
                Ok(()) => SectionLoad::Loaded,
                Err(message) => SectionLoad::Failed(message),
            };
        }
    }

    /// Queues a failed section for loading again.
    pub fn retry_section_load(&mut self, channel_id: &str) {
        if let Some(section) = self
            .catch_up_section_mut(channel_id)
            .filter(|s| matches!(s.load, SectionLoad::Failed(_)))
        {
            section.load = SectionLoad::Waiting;
        }
    }

    /// "Load earlier": shows more of the section's news, queueing it for loading when they are
    /// not held. Returns whether it was queued.
    pub fn show_earlier(&mut self, channel_id: &str) -> bool {
        let Some(section) = self.catch_up_section_mut(channel_id) else {
            return false;
        };
        section.shown += CATCH_UP_SHOWN;
        let queue = section.load == SectionLoad::Loaded && self.catch_up_wants_older(channel_id);
        if let Some(section) = self.catch_up_section_mut(channel_id).filter(|_| queue) {
            section.load = SectionLoad::Waiting;
        }
        queue
    }

    /// The channel's posts as a section counts them: confirmed ones, with replies unless reply
    /// threads are collapsed (as the unread counts).
    fn catch_up_posts(&self, channel_id: &str) -> Vec<&ListedPost> {
        self.channel_posts(channel_id)
            .into_iter()
            .flat_map(|posts| posts.entries())
            .filter(|e| e.state == PostState::Sent)
            .filter(|e| !self.collapsed_threads || e.post.root_id.is_empty())
            .collect()
    }

    /// One section as the view shows it.
    pub fn catch_up_section(&self, channel_id: &str) -> Option<CatchUpSection> {
        let section = self
            .catch_up
            .as_ref()?
            .sections
            .iter()
            .find(|s| s.channel_id == channel_id)?;
        let channel = self.channels.get(channel_id)?;
        let unread = self.unread(channel_id);
        let posts = self.catch_up_posts(channel_id);
        let news_start = posts.partition_point(|e| e.post.create_at <= section.since);
        let news = posts.len() - news_start;
        let older_may_exist = self
            .channel_posts(channel_id)
            .is_some_and(|held| held.older_may_exist);
        // The line is reached when a post from before it is held, or nothing older exists.
        let line_reached = news_start > 0 || !older_may_exist;
        let (from, earlier) = if news > section.shown {
            (posts.len() - section.shown, true)
        } else if line_reached {
            (news_start.saturating_sub(CATCH_UP_CONTEXT), false)
        } else {
            (news_start, true)
        };
        let my_id = self.my_id();
        let first_new_post_id = (from <= news_start && line_reached)
            .then(|| {
                posts[news_start..]
                    .iter()
                    .find(|e| e.post.user_id != my_id)
                    .map(|e| e.post.id.clone())
            })
            .flatten();
        Some(CatchUpSection {
            channel_id: channel_id.to_string(),
            title: self.channel_display_name(channel),
            route: self.channel_route(channel),
            unread: unread.is_unread(),
            mentions: unread.mentions,
            unread_messages: if unread.muted { 0 } else { unread.messages },
            load: section.load.clone(),
            posts: posts[from..].iter().map(|e| (*e).clone()).collect(),
            first_new_post_id,
            earlier,
        })
    }

    /// "Mark read" on a section: the channel is read as if opened.
    pub fn mark_section_read(&mut self, channel_id: &str, now: i64) -> Option<Followup> {
        let unread = self.unread(channel_id);
        if !(self.has_catch_up_section(channel_id) && (unread.messages > 0 || unread.mentions > 0))
        {
            return None;
        }
        self.manually_unread.remove(channel_id);
        self.mark_channel_read(channel_id, now);
        Some(Followup::MarkChannelViewed {
            channel_id: channel_id.into(),
            prev_channel_id: None,
        })
    }

    /// "Mark all read": every section's channel.
    pub fn mark_all_sections_read(&mut self, now: i64) -> Vec<Followup> {
        self.catch_up_channel_ids()
            .iter()
            .filter_map(|channel_id| self.mark_section_read(channel_id, now))
            .collect()
    }

    /// A section's end came into view: read, by the rules of opening a channel (only while the
    /// window has focus), once its posts are loaded.
    pub fn section_end_seen(&mut self, channel_id: &str, now: i64) -> Option<Followup> {
        let loaded = self
            .catch_up
            .as_ref()?
            .sections
            .iter()
            .any(|s| s.channel_id == channel_id && s.load == SectionLoad::Loaded);
        if !(loaded && self.window_focused) {
            return None;
        }
        self.mark_section_read(channel_id, now)
    }

    /// The channel whose posts hold this thread's root (a thread opened from the catch-up view).
    pub fn thread_channel_id(&self, root_id: &str) -> Option<String> {
        self.posts
            .iter()
            .find(|(_, posts)| posts.get(root_id).is_some())
            .map(|(channel_id, _)| channel_id.clone())
    }
}

/// The view's address in a team.
pub fn catch_up_path(team_name: &str) -> String {
    format!("/{team_name}/catch-up")
}

/// What the sidebar's "Catch up" entry counts over the team's channels (its sidebar entries):
/// mentions, and unread messages outside muted channels.
pub fn unread_totals(entries: &[SidebarChannel]) -> (i64, i64) {
    entries.iter().fold((0, 0), |(mentions, messages), entry| {
        (mentions + entry.mentions, messages + entry.unread_messages)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{channel, member, mute, post_by, posted, store, with_bob_direct};
    use brisk_model::{Post, PostList};

    /// A channel's newest page: posts `(id, at)` by bob, as the server orders them (newest first).
    fn page(channel_id: &str, posts: &[(&str, i64)]) -> PostList {
        let mut list = PostList::default();
        for (id, at) in posts.iter().rev() {
            let post = Post {
                channel_id: channel_id.into(),
                ..post_by(id, "bob", *at)
            };
            list.order.push(post.id.clone());
            list.posts.insert(post.id.clone(), post);
        }
        list
    }

    fn ids(section: &CatchUpSection) -> Vec<&str> {
        section.posts.iter().map(|e| e.post.id.as_str()).collect()
    }

    /// Signed in, with c1 (3 unread of 10, read up to 1_500), c2 (read), c3 (2 unread, one a
    /// mention, older activity) and a direct message with bob (1 unread).
    fn unread_store() -> Store {
        let mut store = store();
        store.my_members.get_mut("c1").unwrap().last_viewed_at = 1_500;
        store.channels.get_mut("c1").unwrap().last_post_at = 3_000;
        store.apply_channel(channel("c2", 4));
        store.apply_channel(channel("c3", 5));
        store.channels.get_mut("c3").unwrap().last_post_at = 500;
        store.apply_members(vec![member("c2", 4), member("c3", 3)]);
        store.my_members.get_mut("c3").unwrap().mention_count = 1;
        with_bob_direct(&mut store);
        let dm = store.channels.get_mut("dm").unwrap();
        dm.total_msg_count = 1;
        dm.last_post_at = 2_000;
        store
    }

    #[test]
    fn sections_are_the_unread_channels_and_messages_mentions_first_then_most_recent() {
        let mut store = unread_store();
        assert!(store.open_catch_up("t1"));
        assert_eq!(store.catch_up_channel_ids(), ["c3", "c1", "dm"]);
        assert_eq!(store.catch_up_sections_at(&SectionLoad::Waiting), 3);
        assert!(!store.add_unread_sections(), "nothing new");

        store.apply_event(&crate::store::tests::posted_in("c2", "late"));
        assert!(store.add_unread_sections());
        assert_eq!(
            store.catch_up_channel_ids(),
            ["c3", "c1", "dm", "c2"],
            "a channel unread later comes after the others"
        );

        mute(&mut store, "c1");
        assert!(store.open_catch_up("t1"));
        assert!(
            !store.catch_up_channel_ids().contains(&"c1".to_string()),
            "a muted channel without mentions is not unread"
        );
        store.close_catch_up();
        assert!(store.catch_up_channel_ids().is_empty());
        assert!(!store.add_unread_sections());
    }

    #[test]
    fn loaders_take_waiting_sections_in_order_and_a_failed_one_can_wait_again() {
        let mut store = unread_store();
        store.open_catch_up("t1");
        assert_eq!(store.start_next_section_load().as_deref(), Some("c3"));
        assert_eq!(store.catch_up_sections_at(&SectionLoad::Loading), 1);
        assert_eq!(store.start_next_section_load().as_deref(), Some("c1"));
        store.finish_section_load("c3", Err("Cannot reach the server.".into()));
        assert_eq!(
            store.catch_up_section("c3").unwrap().load,
            SectionLoad::Failed("Cannot reach the server.".into())
        );
        store.retry_section_load("c1");
        assert_eq!(
            store.catch_up_sections_at(&SectionLoad::Loading),
            1,
            "only a failed section is retried"
        );
        store.retry_section_load("c3");
        assert_eq!(
            store.catch_up_sections_at(&SectionLoad::Waiting),
            2,
            "c3 again, and the dm"
        );
        assert_eq!(store.start_next_section_load().as_deref(), Some("c3"));
        store.finish_section_load("c1", Ok(()));
        assert_eq!(
            store.catch_up_section("c1").unwrap().load,
            SectionLoad::Loaded
        );
        store.close_catch_up();
        store.finish_section_load("c3", Ok(()));
        assert_eq!(
            store.start_next_section_load(),
            None,
            "a closed view loads nothing"
        );
    }

    #[test]
    fn a_section_shows_context_then_the_news_oldest_first_with_the_line_above_the_first_new() {
        let mut store = unread_store();
        store.open_catch_up("t1");
        store.apply_newest_page(
            "c1",
            page(
                "c1",
                &[
                    ("r1", 1_000),
                    ("r2", 1_200),
                    ("r3", 1_400),
                    ("n1", 2_000),
                    ("n2", 3_000),
                ],
            ),
            true,
        );
        assert!(!store.catch_up_wants_older("c1"));
        let section = store.catch_up_section("c1").unwrap();
        assert_eq!(ids(&section), ["r2", "r3", "n1", "n2"]);
        assert_eq!(section.first_new_post_id.as_deref(), Some("n1"));
        assert!(!section.earlier);
        assert_eq!(section.title, "c1 display");
        assert_eq!(section.route.path("team"), "/team/channels/c1-name");
        assert_eq!((section.unread, section.unread_messages), (true, 3));

        // A post arriving while the view is open joins its section.
        store.apply_event(&posted("n3", "bob", 3_500, &[]));
        assert_eq!(
            ids(&store.catch_up_section("c1").unwrap()).last(),
            Some(&"n3")
        );
    }

    #[test]
    fn a_section_without_its_line_wants_older_posts_until_it_has_its_context() {
        let mut store = unread_store();
        store.open_catch_up("t1");
        store.apply_newest_page("c1", page("c1", &[("n1", 2_000), ("n2", 3_000)]), true);
        assert!(store.catch_up_wants_older("c1"));
        let section = store.catch_up_section("c1").unwrap();
        assert_eq!(ids(&section), ["n1", "n2"]);
        assert!(section.earlier);
        assert_eq!(section.first_new_post_id, None, "the line is further back");

        store.apply_older_page("c1", page("c1", &[("r3", 1_400)]), true);
        assert!(
            store.catch_up_wants_older("c1"),
            "one read post is not context enough"
        );
        store.apply_older_page("c1", page("c1", &[("r2", 1_300)]), true);
        assert!(!store.catch_up_wants_older("c1"));

        let mut short = unread_store();
        short.open_catch_up("t1");
        short.apply_newest_page("c1", page("c1", &[("n1", 2_000)]), false);
        assert!(
            !short.catch_up_wants_older("c1"),
            "the channel starts there"
        );
        let section = short.catch_up_section("c1").unwrap();
        assert_eq!(section.first_new_post_id.as_deref(), Some("n1"));
        assert!(!section.earlier);
    }

    #[test]
    fn a_big_backlog_shows_the_newest_and_load_earlier_adds_more() {
        let mut store = unread_store();
        store.open_catch_up("t1");
        let backlog: Vec<(String, i64)> = (0..(CATCH_UP_SHOWN as i64 + 10))
            .map(|i| (format!("n{i:03}"), 2_000 + i))
            .collect();
        let borrowed: Vec<(&str, i64)> =
            backlog.iter().map(|(id, at)| (id.as_str(), *at)).collect();
        store.apply_newest_page("c1", page("c1", &borrowed), true);
        store.start_next_section_load();
        store.start_next_section_load();
        store.finish_section_load("c1", Ok(()));
        let section = store.catch_up_section("c1").unwrap();
        assert_eq!(section.posts.len(), CATCH_UP_SHOWN);
        assert_eq!(section.posts[0].post.id, "n010", "the newest ones");
        assert!(section.earlier);
        assert_eq!(section.first_new_post_id, None);

        assert!(store.show_earlier("c1"), "not all held: fetch older");
        assert_eq!(
            store.catch_up_section("c1").unwrap().load,
            SectionLoad::Waiting
        );
        let section = store.catch_up_section("c1").unwrap();
        assert_eq!(section.posts.len(), CATCH_UP_SHOWN + 10);
        assert!(section.earlier, "the line is not reached yet");
    }

    #[test]
    fn marking_read_reads_the_channel_as_opening_it_and_the_section_stays() {
        let mut store = unread_store();
        store.open_catch_up("t1");
        store.apply_newest_page("c1", page("c1", &[("r3", 1_400), ("n1", 2_000)]), false);
        let viewed = |id: &str| Followup::MarkChannelViewed {
            channel_id: id.into(),
            prev_channel_id: None,
        };
        assert_eq!(store.mark_section_read("c1", 4_000), Some(viewed("c1")));
        assert!(!store.unread("c1").is_unread());
        assert_eq!(store.my_members["c1"].last_viewed_at, 4_000);
        assert_eq!(store.mark_section_read("c1", 4_001), None, "already read");
        assert_eq!(store.mark_section_read("c2", 4_001), None, "no section");
        let section = store.catch_up_section("c1").unwrap();
        assert!(!section.unread);
        assert_eq!(ids(&section), ["r3", "n1"], "what was new stays in view");
        assert_eq!(section.first_new_post_id.as_deref(), Some("n1"));

        assert_eq!(
            store.mark_all_sections_read(4_002),
            [viewed("c3"), viewed("dm")]
        );
        assert_eq!(unread_totals(&store.sidebar("t1")), (0, 0));
    }

    #[test]
    fn a_section_end_seen_reads_it_only_when_loaded_and_the_window_has_focus() {
        let mut store = unread_store();
        store.open_catch_up("t1");
        store.start_next_section_load();
        store.finish_section_load("c3", Ok(()));
        assert_eq!(
            store.section_end_seen("c3", 4_000),
            None,
            "window in the background"
        );
        store.window_focused = true;
        assert_eq!(store.section_end_seen("c1", 4_000), None, "not loaded yet");
        assert!(store.section_end_seen("c3", 4_000).is_some());
        assert!(!store.unread("c3").is_unread());
        assert_eq!(
            unread_totals(&store.sidebar("t1")),
            (0, 4),
            "c1's 3 and the dm's 1"
        );
    }

    #[test]
    fn a_thread_opened_from_the_view_is_found_in_its_channel() {
        let mut store = unread_store();
        store.apply_newest_page("c1", page("c1", &[("n1", 2_000)]), false);
        assert_eq!(store.thread_channel_id("n1").as_deref(), Some("c1"));
        assert_eq!(store.thread_channel_id("nowhere"), None);
    }
}
