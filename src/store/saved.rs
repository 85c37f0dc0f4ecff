//! What the device keeps of the store so brisk opens at once, and offline, with what the reader
//! saw last: who is signed in, their teams, channels, memberships and people, and the newest
//! posts of the channels read most recently. Bounded (channels, posts per channel, bytes: the
//! least recently read channel goes first). The device drops data of another shape (see
//! `persist`).

use brisk_model::{Channel, ChannelMember, Post, Team, TeamMember, User};
use serde::Serialize;

use super::posts::PostState;
use super::Store;

/// How many recently read channels keep their posts (fewer when they do not fit the device's
/// bound, see `channels_within`).
pub const SAVED_CHANNELS: usize = 50;
/// How many of each such channel's newest posts are kept.
pub const SAVED_POSTS: usize = 200;

/// The store as kept on the device.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct Saved {
    pub me: User,
    pub teams: Vec<Team>,
    pub team_members: Vec<TeamMember>,
    pub channels: Vec<Channel>,
    pub my_members: Vec<ChannelMember>,
    pub users: Vec<User>,
    /// The channels read most recently, most recent first, with their newest posts.
    pub reading: Vec<SavedChannel>,
}

brisk_model::deserialize_into_default!(Saved {
    me,
    teams,
    team_members,
    channels,
    my_members,
    users,
    reading
});

/// One recently read channel's newest confirmed posts, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
pub struct SavedChannel {
    pub channel_id: String,
    pub posts: Vec<Post>,
}

brisk_model::deserialize_into_default!(SavedChannel { channel_id, posts });

/// How many of the recently read channels (their sizes in bytes, most recently read first) fit
/// in `max_bytes` beside the `rest` of the copy: the least recently read go first. None when not
/// even the rest fits (then nothing should be kept).
pub fn channels_within(max_bytes: usize, rest: usize, channel_sizes: &[usize]) -> Option<usize> {
    let mut left = max_bytes.checked_sub(rest)?;
    Some(
        channel_sizes
            .iter()
            .take_while(|&&size| {
                let fits = size <= left;
                left = left.saturating_sub(size);
                fits
            })
            .count(),
    )
}

impl Store {
    /// Notes that the reader opened a channel: the recently read channels keep their posts on the
    /// device.
    pub(super) fn note_read(&mut self, channel_id: &str) {
        self.read_recently.retain(|id| id != channel_id);
        self.read_recently.insert(0, channel_id.to_string());
        self.read_recently.truncate(SAVED_CHANNELS);
    }

    /// What to keep on the device now; none before anyone is signed in.
    pub fn to_saved(&self) -> Option<Saved> {
        let me = self.me.clone()?;
        let reading = self
            .read_recently
            .iter()
            .filter_map(|channel_id| {
                let held = self.posts.get(channel_id)?;
                let sent: Vec<&Post> = held
                    .entries()
                    .iter()
                    .filter(|entry| entry.state == PostState::Sent)
                    .map(|entry| &entry.post)
                    .collect();
                let newest = &sent[sent.len().saturating_sub(SAVED_POSTS)..];
                Some(SavedChannel {
                    channel_id: channel_id.clone(),
                    posts: newest.iter().map(|post| (*post).clone()).collect(),
                })
            })
            .collect();
        Some(Saved {
            me,
            teams: self.teams.clone(),
            team_members: self.team_members.values().cloned().collect(),
            channels: self.channels.values().cloned().collect(),
            my_members: self.my_members.values().cloned().collect(),
            users: self.users.values().cloned().collect(),
            reading,
        })
    }

    /// Opens with what the device kept, before the server is asked: shown at once (and offline),
    /// marked as saved until the server brings the team up to date. The copy is ignored once
    /// this page has fetched a session or teams (after joining a team from an invite link, say:
    /// the copy would take that team away). True if anything was restored.
    pub fn restore_saved(&mut self, saved: Saved) -> bool {
        let fetched = self.me.is_some() || !self.teams.is_empty();
        if saved.me.id.is_empty() || fetched {
            return false;
        }
        self.set_me(saved.me);
        self.apply_teams(saved.teams);
        self.apply_team_members(saved.team_members);
        for channel in saved.channels {
            self.apply_channel(channel);
        }
        self.apply_members(saved.my_members);
        self.apply_users(saved.users);
        for channel in saved.reading {
            self.read_recently.push(channel.channel_id.clone());
            let held = self.posts.entry(channel.channel_id.clone()).or_default();
            for post in channel.posts {
                held.upsert(post);
            }
            held.newest_loaded = true;
            held.older_may_exist = true;
            held.history_cursor = held.entries().first().map(|entry| entry.post.id.clone());
            // Posts arrived since they were saved: the channel catches up when it is opened.
            self.posts_behind.insert(channel.channel_id);
        }
        self.showing_saved = true;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{channel, member, post_by, store};
    use brisk_model::PostList;

    fn page(posts: impl IntoIterator<Item = Post>) -> PostList {
        let mut list = PostList::default();
        for post in posts {
            list.order.insert(0, post.id.clone());
            list.posts.insert(post.id.clone(), post);
        }
        list
    }

    fn in_channel(channel_id: &str, id: &str, at: i64) -> Post {
        Post {
            channel_id: channel_id.into(),
            ..post_by(id, "bob", at)
        }
    }

    #[test]
    fn the_newest_posts_of_the_channels_read_most_recently_are_kept() {
        let mut store = store();
        let many = (0..SAVED_POSTS as i64 + 5).map(|at| in_channel("c1", &format!("p{at}"), at));
        store.apply_newest_page("c1", page(many), true);
        store.add_outgoing_post(
            Post {
                id: "me:1".into(),
                pending_post_id: "me:1".into(),
                ..in_channel("c1", "me:1", 999)
            },
            true,
        );
        store.apply_newest_page("c2", page([in_channel("c2", "q1", 5)]), false);
        for channel_id in ["c1", "c2", "c1"] {
            store.note_read(channel_id);
        }
        let saved = store.to_saved().expect("signed in");
        let read: Vec<_> = saved
            .reading
            .iter()
            .map(|c| c.channel_id.as_str())
            .collect();
        assert_eq!(read, ["c1", "c2"], "most recently read first, each once");
        let c1 = &saved.reading[0].posts;
        assert_eq!(
            c1.len(),
            SAVED_POSTS,
            "unsent posts are the outbox's, not saved here"
        );
        assert_eq!(c1.first().map(|p| p.id.as_str()), Some("p5"));
        assert_eq!(c1.last().map(|p| p.id.as_str()), Some("p204"));

        for at in 0..SAVED_CHANNELS + 3 {
            store.note_read(&format!("x{at}"));
        }
        assert_eq!(store.read_recently.len(), SAVED_CHANNELS);
        assert_eq!(store.read_recently[0], format!("x{}", SAVED_CHANNELS + 2));
    }

    #[test]
    fn what_does_not_fit_loses_the_least_recently_read_channels_first() {
        assert_eq!(channels_within(100, 40, &[30, 20, 5]), Some(3));
        assert_eq!(
            channels_within(100, 40, &[30, 40, 5]),
            Some(1),
            "the most recent ones that fit, without a gap"
        );
        assert_eq!(channels_within(100, 100, &[1]), Some(0));
        assert_eq!(
            channels_within(100, 101, &[]),
            None,
            "not even the people fit"
        );
    }

    #[test]
    fn a_restore_shows_what_was_saved_and_lets_the_server_bring_it_up_to_date() {
        let mut before = store();
        before.apply_team_channels("t1", vec![channel("c1", 3)], vec![member("c1", 3)]);
        before.apply_newest_page(
            "c1",
            page([in_channel("c1", "p1", 10), in_channel("c1", "p2", 20)]),
            false,
        );
        before.note_read("c1");
        let saved = before.to_saved().expect("signed in");
        let json = serde_json::to_string(&saved).expect("encodes");
        let saved: Saved = serde_json::from_str(&json).expect("decodes");

        let mut after = Store::default();
        assert!(after.restore_saved(saved.clone()));
        assert!(after.showing_saved);
        assert_eq!(after.my_id(), "me");
        assert_eq!(after.unread("c1").messages, 0);
        let held = after.channel_posts("c1").expect("saved posts");
        assert!(held.newest_loaded);
        assert_eq!(held.entries().len(), 2);
        assert_eq!(held.history_cursor.as_deref(), Some("p1"));
        assert!(
            after.posts_behind("c1"),
            "opened, it catches up with the server"
        );
        after.window_focused = true;
        assert_eq!(
            after.open_channel(Some("c1".into()), 30),
            None,
            "reading saved posts tells the server nothing"
        );

        // The server's answer for the team: no longer only what was saved.
        after.apply_team_channels("t1", vec![channel("c1", 5)], vec![member("c1", 3)]);
        assert!(!after.showing_saved);
        assert_eq!(after.unread("c1").messages, 2);

        let mut signed_in = store();
        assert!(
            !signed_in.restore_saved(saved.clone()),
            "a session in the store wins"
        );
        let mut joined_a_team = Store::default();
        joined_a_team.apply_teams(vec![Team {
            id: "t2".into(),
            name: "other".into(),
            ..Team::default()
        }]);
        assert!(
            !joined_a_team.restore_saved(saved),
            "teams fetched on this page win"
        );
        assert!(joined_a_team.team_by_name("other").is_some());
    }
}
