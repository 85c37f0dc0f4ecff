//! What the reader has read, by the rules of Mattermost's web app:
//! - a post by someone else counts as unread (a mention of me also as a mention), unless it lands
//!   in the open channel while the window has focus: then it is read at once;
//! - opening a channel with the window focused reads it, and so does coming back to the window;
//! - a channel marked unread by hand stays unread while it is open, until it is opened again;
//! - reading in another tab or device (`channel_viewed`, `multiple_channels_viewed`) clears it here;
//! - the "New messages" line sits above the first post by someone else newer than the read
//!   position captured when the channel was opened (or when the reader came back to it).

use brisk_model::{ChannelUnreadAt, Post, ServerEvent};

use super::{Followup, PostState, Store};

/// Whether a sync must replay the event over its snapshot: it changes read state.
pub(super) fn changes_read_state(event: &ServerEvent) -> bool {
    matches!(
        event,
        ServerEvent::Posted(_)
            | ServerEvent::ChannelViewed { .. }
            | ServerEvent::MultipleChannelsViewed { .. }
            | ServerEvent::PostUnread(_)
    )
}

impl Store {
    /// The read-state part of a server event (a sync replays exactly this part).
    pub(super) fn apply_read_event(&mut self, event: &ServerEvent) -> Option<Followup> {
        match event {
            ServerEvent::Posted(posted) => self.count_new_post(&posted.post, &posted.mentions),
            ServerEvent::ChannelViewed { channel_id } => self.viewed_elsewhere(channel_id, 0),
            ServerEvent::MultipleChannelsViewed { channel_times } => {
                let mut followup = None;
                for (channel_id, at) in channel_times {
                    followup = self.viewed_elsewhere(channel_id, *at).or(followup);
                }
                followup
            }
            ServerEvent::PostUnread(unread_at) => {
                self.apply_unread_at(unread_at);
                None
            }
            _ => None,
        }
    }

    /// Counts a new post as unread (or reads it, if the reader is looking).
    fn count_new_post(&mut self, post: &Post, mentions: &[String]) -> Option<Followup> {
        let channel_id = post.channel_id.as_str();
        if !self.holds_live_counts(channel_id) {
            // A channel I was just added to, or one of a team not fetched yet. A sync in flight
            // replays this post over its snapshot; otherwise fetch the channel and my membership,
            // whose counts include this post (and its team's channels, if not fetched).
            let first_ask = self.sync_idle() && self.channel_loads.insert(channel_id.into());
            return first_ask.then(|| Followup::LoadChannel(channel_id.into()));
        }
        let is_root = post.root_id.is_empty();
        let mine = post.user_id == self.my_id() && !post.is_from_webhook();
        let mentions_me = !mine && mentions.iter().any(|id| id == self.my_id());

        // The channel's counts may include this post already (fetched after it was created, or
        // a replay over a newer snapshot): only a post newer than the channel's last one counts.
        let channel = self.channels.get_mut(channel_id)?;
        if post.create_at > channel.last_post_at {
            channel.total_msg_count += 1;
            channel.last_post_at = post.create_at;
            if is_root {
                channel.total_msg_count_root += 1;
                channel.last_root_post_at = post.create_at;
            }
            if let Some(member) = self.my_members.get_mut(channel_id).filter(|_| mentions_me) {
                member.mention_count += 1;
                if is_root {
                    member.mention_count_root += 1;
                }
            }
        }

        let watching = self.window_focused
            && self.open_channel_id.as_deref() == Some(channel_id)
            && !self.manually_unread.contains(channel_id);
        if mine || watching {
            self.mark_channel_read(channel_id, post.create_at);
        }
        // The server counts my own posts as read already.
        (watching && !mine).then(|| Followup::MarkChannelViewed {
            channel_id: channel_id.into(),
            prev_channel_id: None,
        })
    }

    /// Clears the channel's unread state locally, as the server does on view.
    pub fn mark_channel_read(&mut self, channel_id: &str, viewed_at: i64) {
        let Some(channel) = self.channels.get(channel_id) else {
            return;
        };
        if let Some(member) = self.my_members.get_mut(channel_id) {
            member.msg_count = channel.total_msg_count;
            member.msg_count_root = channel.total_msg_count_root;
            member.mention_count = 0;
            member.mention_count_root = 0;
            member.last_viewed_at = member.last_viewed_at.max(viewed_at);
        }
    }

    /// Whether the channel and my membership are held, counted from the server's fetch and the
    /// events since: not when its team's badge is the server's count (its channels not fetched,
    /// or only a saved copy of them).
    fn holds_live_counts(&self, channel_id: &str) -> bool {
        match (
            self.channels.get(channel_id),
            self.my_members.get(channel_id),
        ) {
            (Some(channel), Some(_)) => !self.team_counted_by_server(&channel.team_id),
            _ => false,
        }
    }

    /// Read in another tab or on another device. A channel of a team not fetched is read in the
    /// server's count of the team: ask for the counts again.
    fn viewed_elsewhere(&mut self, channel_id: &str, viewed_at: i64) -> Option<Followup> {
        self.manually_unread.remove(channel_id);
        // The server may report a view after a post that came later (its two events race): the
        // view did not read that post, which stays unread (with what came before it, as the
        // count cannot be split).
        let missed_a_newer_post = viewed_at > 0
            && self
                .channels
                .get(channel_id)
                .is_some_and(|channel| channel.last_post_at > viewed_at);
        if missed_a_newer_post {
            if let Some(member) = self.my_members.get_mut(channel_id) {
                member.last_viewed_at = member.last_viewed_at.max(viewed_at);
            }
        } else {
            self.mark_channel_read(channel_id, viewed_at);
        }
        (!self.holds_live_counts(channel_id)).then_some(Followup::LoadTeamUnreads)
    }

    /// The read position after "mark as unread" (the answer to `set_unread`, or `post_unread`):
    /// the channel stays unread while open, and the line moves above the post.
    pub fn apply_unread_at(&mut self, unread_at: &ChannelUnreadAt) {
        let channel_id = unread_at.channel_id.as_str();
        let Some(member) = self.my_members.get_mut(channel_id) else {
            return;
        };
        member.msg_count = unread_at.msg_count;
        member.msg_count_root = unread_at.msg_count_root;
        member.mention_count = unread_at.mention_count;
        member.mention_count_root = unread_at.mention_count_root;
        member.last_viewed_at = unread_at.last_viewed_at;
        self.manually_unread.insert(channel_id.into());
        if self.open_channel_id.as_deref() == Some(channel_id) {
            self.new_messages_after = Some(unread_at.last_viewed_at);
        }
    }

    /// Whether the reader marked the channel unread by hand (it then stays unread while open).
    pub fn is_manually_unread(&self, channel_id: &str) -> bool {
        self.manually_unread.contains(channel_id)
    }

    /// Makes `channel_id` the channel on screen: the "New messages" line is placed from the read
    /// position before it is read, and it is read now if the window has focus. Returns what to
    /// tell the server: the previous channel is read too, unless it was marked unread by hand.
    pub fn open_channel(&mut self, channel_id: Option<String>, now: i64) -> Option<Followup> {
        let previous = std::mem::replace(&mut self.open_channel_id, channel_id.clone());
        if previous == channel_id {
            return None;
        }
        let channel_id = channel_id?;
        self.note_read(&channel_id);
        self.manually_unread.remove(&channel_id);
        self.new_messages_after = self.read_position_if_unread(&channel_id);
        // Saved posts may lack the newest ones: reading them marks nothing read.
        if !self.window_focused || self.showing_saved {
            return None;
        }
        self.mark_channel_read(&channel_id, now);
        Some(Followup::MarkChannelViewed {
            channel_id,
            prev_channel_id: previous.filter(|id| !self.manually_unread.contains(id)),
        })
    }

    /// The window gained or lost focus. Coming back reads the open channel (unless it was marked
    /// unread by hand), keeping a line above what arrived while the reader was away.
    pub fn set_window_focused(&mut self, focused: bool, now: i64) -> Option<Followup> {
        self.window_focused = focused;
        let channel_id = self.open_channel_id.clone().filter(|_| focused)?;
        if self.manually_unread.contains(&channel_id) {
            return None;
        }
        let read_position = self.read_position_if_unread(&channel_id)?;
        self.new_messages_after.get_or_insert(read_position);
        self.mark_channel_read(&channel_id, now);
        Some(Followup::MarkChannelViewed {
            channel_id,
            prev_channel_id: None,
        })
    }

    /// My `last_viewed_at` in the channel, if anything in it is unread (muted or not).
    fn read_position_if_unread(&self, channel_id: &str) -> Option<i64> {
        let unread = self.unread(channel_id);
        let member = self.my_members.get(channel_id)?;
        (unread.messages > 0 || unread.mentions > 0).then_some(member.last_viewed_at)
    }

    /// Where the "New messages" line of the channel starts (posts after this time are new): for
    /// the open channel, the position captured when it was opened; for another, the current one.
    pub fn unread_line_time(&self, channel_id: &str) -> Option<i64> {
        if self.open_channel_id.as_deref() == Some(channel_id) {
            self.new_messages_after
        } else {
            self.read_position_if_unread(channel_id)
        }
    }

    /// The post the "New messages" line goes above, among the channel's posts held (replies
    /// are shown in their thread, so the line goes among the others).
    pub fn first_unread_post_id(&self, channel_id: &str) -> Option<&str> {
        let after = self.unread_line_time(channel_id)?;
        let my_id = self.my_id();
        self.posts
            .get(channel_id)?
            .roots()
            .find(|entry| {
                entry.state == PostState::Sent
                    && entry.post.create_at > after
                    && entry.post.user_id != my_id
            })
            .map(|entry| entry.post.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{
        channel, event, event_in, member, mute, post_by, posted, posted_event, posted_in, store,
    };
    use serde_json::json;

    fn viewed(channel_id: &str) -> Option<Followup> {
        Some(Followup::MarkChannelViewed {
            channel_id: channel_id.into(),
            prev_channel_id: None,
        })
    }

    /// Signed in, c1 has 3 unread, c1's messages held: b1 (1_000, read) and b2 (2_000, unread).
    fn reading_store() -> Store {
        let mut store = store();
        store.my_members.get_mut("c1").unwrap().last_viewed_at = 1_500;
        for (id, at) in [("b1", 1_000), ("b2", 2_000)] {
            store.apply_event(&posted(id, "bob", at, &[]));
        }
        store.channels.get_mut("c1").unwrap().total_msg_count = 10;
        store
    }

    #[test]
    fn posted_by_someone_else_counts_one_unread_message_once() {
        let mut store = store();
        assert_eq!(
            store.apply_read_event(&posted("p1", "bob", 2_000, &[])),
            None
        );
        store.apply_read_event(&posted("p1", "bob", 2_000, &[]));
        assert_eq!(store.channels["c1"].total_msg_count, 11);
        assert_eq!(store.channels["c1"].last_post_at, 2_000);
        assert_eq!(store.unread("c1").messages, 4);
        assert_eq!(store.unread("c1").mentions, 0);
    }

    #[test]
    fn posted_before_the_channels_last_post_is_already_counted() {
        let mut store = store();
        store.apply_read_event(&posted("p0", "bob", 900, &["me"]));
        assert_eq!(store.channels["c1"].total_msg_count, 10);
        assert_eq!(store.unread("c1").mentions, 0);
    }

    #[test]
    fn posted_mentioning_me_counts_a_mention() {
        let mut store = store();
        store.apply_read_event(&posted("p1", "bob", 2_000, &["someone", "me"]));
        assert_eq!(store.unread("c1").mentions, 1);
        store.apply_read_event(&posted("p2", "bob", 2_001, &["someone"]));
        assert_eq!(store.unread("c1").mentions, 1);
    }

    #[test]
    fn posted_replies_count_only_in_the_thread_totals_with_collapsed_threads() {
        let mut store = store();
        store.mark_channel_read("c1", 0);
        store.collapsed_threads = true;
        let reply = Post {
            root_id: "root".into(),
            ..post_by("r1", "bob", 2_000)
        };
        store.apply_read_event(&posted_event(reply, &["me"]));
        assert_eq!(store.unread("c1").messages, 0, "a reply is not a new root");
        assert_eq!(
            store.unread("c1").mentions,
            0,
            "its mention is a thread mention"
        );
        store.collapsed_threads = false;
        assert_eq!(store.unread("c1").messages, 1);
        assert_eq!(store.unread("c1").mentions, 1);
    }

    #[test]
    fn posted_in_a_muted_channel_is_unread_only_when_it_mentions_me() {
        let mut store = store();
        store.mark_channel_read("c1", 0);
        mute(&mut store, "c1");
        store.apply_read_event(&posted("p1", "bob", 2_000, &[]));
        assert!(!store.unread("c1").is_unread());
        store.apply_read_event(&posted("p2", "bob", 2_001, &["me"]));
        assert!(store.unread("c1").is_unread());
    }

    #[test]
    fn posted_by_me_is_read_without_asking_the_server_unless_a_bridge_relayed_it() {
        let mut store = store();
        assert_eq!(
            store.apply_read_event(&posted("p1", "me", 2_000, &[])),
            None
        );
        assert_eq!(store.unread("c1").messages, 0);
        assert_eq!(store.my_members["c1"].last_viewed_at, 2_000);

        let relayed = Post {
            props: serde_json::from_value(json!({"from_webhook": "true"})).unwrap(),
            ..post_by("p2", "me", 2_001)
        };
        store.apply_read_event(&posted_event(relayed, &[]));
        assert_eq!(store.unread("c1").messages, 1);
    }

    #[test]
    fn posted_in_the_open_channel_is_read_only_while_the_window_has_focus() {
        let mut store = store();
        store.open_channel_id = Some("c1".into());
        store.window_focused = true;
        let followup = store.apply_read_event(&posted("p1", "bob", 2_000, &["me"]));
        assert_eq!(followup, viewed("c1"));
        assert!(!store.unread("c1").is_unread());

        store.window_focused = false;
        assert_eq!(
            store.apply_read_event(&posted("p2", "bob", 2_001, &[])),
            None
        );
        assert_eq!(store.unread("c1").messages, 1);
    }

    #[test]
    fn posted_in_a_channel_marked_unread_by_hand_keeps_it_unread_while_open() {
        let mut store = store();
        store.window_focused = true;
        store.open_channel(Some("c1".into()), 1_900);
        store.manually_unread.insert("c1".into());
        assert_eq!(
            store.apply_read_event(&posted("p1", "bob", 2_000, &[])),
            None
        );
        assert_eq!(store.unread("c1").messages, 1);
    }

    #[test]
    fn posted_in_an_unknown_channel_asks_once_for_the_channel_unless_a_sync_will_replay_it() {
        let mut asking = store();
        assert_eq!(
            asking.apply_read_event(&posted_in("c9", "p1")),
            Some(Followup::LoadChannel("c9".into()))
        );
        assert_eq!(
            asking.apply_read_event(&posted_in("c9", "p2")),
            None,
            "already asked"
        );

        let mut store = store();
        let token = store.begin_sync();
        assert_eq!(store.apply_read_event(&posted_in("c9", "p1")), None);
        store.abandon_sync(token);
    }

    #[test]
    fn channel_viewed_elsewhere_clears_the_unread_state_and_a_hand_made_unread() {
        let mut store = store();
        store.my_members.get_mut("c1").unwrap().mention_count = 3;
        store.manually_unread.insert("c1".into());
        store.apply_read_event(&event("channel_viewed", json!({"channel_id": "c1"})));
        assert_eq!(store.unread("c1"), Default::default());
        assert!(!store.is_manually_unread("c1"));
    }

    #[test]
    fn multiple_channels_viewed_elsewhere_clears_each_and_moves_the_read_position() {
        let mut store = store();
        store.apply_read_event(&posted("p1", "bob", 2_000, &["me"]));
        store.apply_read_event(&event(
            "multiple_channels_viewed",
            json!({"channel_times": {"c1": 2_500, "unknown": 1}}),
        ));
        assert_eq!(store.unread("c1"), Default::default());
        assert_eq!(store.my_members["c1"].last_viewed_at, 2_500);
    }

    #[test]
    fn a_view_reported_after_a_newer_post_leaves_that_post_unread() {
        let mut store = store();
        store.apply_read_event(&posted("p1", "bob", 2_000, &[]));
        // The view (at 1_500) happened before the post, but its event came after the post's.
        store.apply_read_event(&event(
            "multiple_channels_viewed",
            json!({"channel_times": {"c1": 1_500}}),
        ));
        assert!(store.unread("c1").is_unread());
        assert_eq!(store.my_members["c1"].last_viewed_at, 1_500);
        // A view after it reads it.
        store.apply_read_event(&event(
            "multiple_channels_viewed",
            json!({"channel_times": {"c1": 2_100}}),
        ));
        assert!(!store.unread("c1").is_unread());
    }

    #[test]
    fn post_unread_sets_the_counts_keeps_the_channel_unread_and_moves_the_line() {
        let mut store = reading_store();
        store.window_focused = true;
        store.open_channel(Some("c1".into()), 3_000);
        assert!(!store.unread("c1").is_unread());

        let unread = event_in(
            "post_unread",
            json!({"msg_count": 8, "msg_count_root": 8, "mention_count": 1, "mention_count_root": 1,
                   "urgent_mention_count": 0, "last_viewed_at": 999, "post_id": "b1"}),
            "c1",
        );
        store.apply_read_event(&unread);
        assert_eq!(store.unread("c1").messages, 2);
        assert_eq!(store.unread("c1").mentions, 1);
        assert!(store.is_manually_unread("c1"));
        assert_eq!(store.first_unread_post_id("c1"), Some("b1"));
        assert_eq!(
            store.set_window_focused(true, 4_000),
            None,
            "coming back does not read it"
        );
        assert!(store.unread("c1").is_unread());
    }

    #[test]
    fn opening_a_channel_places_the_line_then_reads_it_and_the_channel_left() {
        let mut store = reading_store();
        store.window_focused = true;
        assert_eq!(
            store.first_unread_post_id("c1"),
            Some("b2"),
            "before opening"
        );
        let followup = store.open_channel(Some("c1".into()), 3_000);
        assert_eq!(followup, viewed("c1"));
        assert_eq!(store.new_messages_after, Some(1_500));
        assert_eq!(
            store.first_unread_post_id("c1"),
            Some("b2"),
            "the line stays"
        );
        assert!(!store.unread("c1").is_unread());
        assert_eq!(
            store.open_channel(Some("c1".into()), 3_001),
            None,
            "already open"
        );

        store.apply_channel(channel("c2", 0));
        store.apply_members(vec![member("c2", 0)]);
        assert_eq!(
            store.open_channel(Some("c2".into()), 3_002),
            Some(Followup::MarkChannelViewed {
                channel_id: "c2".into(),
                prev_channel_id: Some("c1".into())
            })
        );
        assert_eq!(store.new_messages_after, None, "nothing unread in c2");
    }

    #[test]
    fn leaving_a_channel_marked_unread_by_hand_does_not_read_it() {
        let mut store = reading_store();
        store.window_focused = true;
        store.open_channel(Some("c1".into()), 3_000);
        store.manually_unread.insert("c1".into());
        store.apply_channel(channel("c2", 0));
        store.apply_members(vec![member("c2", 0)]);
        assert_eq!(
            store.open_channel(Some("c2".into()), 3_001),
            Some(Followup::MarkChannelViewed {
                channel_id: "c2".into(),
                prev_channel_id: None
            })
        );
    }

    #[test]
    fn opening_without_focus_leaves_it_unread_until_the_reader_comes_back() {
        let mut store = reading_store();
        assert_eq!(store.open_channel(Some("c1".into()), 3_000), None);
        assert!(store.unread("c1").is_unread());
        assert_eq!(store.set_window_focused(true, 3_100), viewed("c1"));
        assert!(!store.unread("c1").is_unread());
        assert_eq!(store.my_members["c1"].last_viewed_at, 3_100);
        assert_eq!(store.first_unread_post_id("c1"), Some("b2"));
        assert_eq!(
            store.set_window_focused(true, 3_200),
            None,
            "nothing left to read"
        );
    }

    #[test]
    fn coming_back_to_a_channel_read_at_opening_puts_the_line_above_what_arrived_meanwhile() {
        let mut store = reading_store();
        store.window_focused = true;
        store.open_channel(Some("c1".into()), 2_500);
        store.new_messages_after = None; // as if nothing had been unread at opening
        store.set_window_focused(false, 2_600);
        store.apply_event(&posted("b3", "bob", 2_700, &[]));
        assert_eq!(store.unread("c1").messages, 1);
        assert_eq!(store.set_window_focused(true, 2_800), viewed("c1"));
        assert_eq!(store.first_unread_post_id("c1"), Some("b3"));
    }

    #[test]
    fn the_line_goes_among_the_channels_posts_not_above_a_reply() {
        let mut store = reading_store();
        store.new_messages_after = Some(1_500);
        store.open_channel_id = Some("c1".into());
        let reply = Post {
            root_id: "b1".into(),
            ..post_by("r1", "bob", 1_600)
        };
        store.apply_event(&posted_event(reply, &[]));
        assert_eq!(store.first_unread_post_id("c1"), Some("b2"));
    }

    #[test]
    fn the_line_skips_my_own_and_unconfirmed_posts() {
        let mut store = reading_store();
        store.new_messages_after = Some(1_500);
        store.open_channel_id = Some("c1".into());
        store.posts.get_mut("c1").unwrap().upsert(Post {
            id: "mine".into(),
            channel_id: "c1".into(),
            user_id: "me".into(),
            create_at: 1_600,
            ..Post::default()
        });
        store.add_outgoing_post(
            Post {
                id: "me:1700".into(),
                pending_post_id: "me:1700".into(),
                channel_id: "c1".into(),
                user_id: "bob".into(),
                create_at: 1_700,
                ..Post::default()
            },
            false,
        );
        assert_eq!(store.first_unread_post_id("c1"), Some("b2"));
        assert_eq!(store.first_unread_post_id("nowhere"), None);
    }
}
