//! Snapshots of channels and memberships (a team's, or one channel's) fetched while events keep
//! arriving. An event can race a fetch: the answer may have been made before or after it. So the
//! read-state events received while a fetch is in flight are replayed over its snapshot: those the
//! snapshot already includes change nothing (a post no newer than the channel's last one is not
//! counted; marking read twice is marking read once), the others are applied on top. Nothing is
//! lost and nothing counted twice.

use std::collections::HashSet;

use brisk_model::{Channel, ChannelMember, ServerEvent};

use super::{Followup, SocketState, Store};

/// Read-state events kept while snapshots are being fetched.
#[derive(Clone, Debug, Default)]
pub(super) struct SyncLog {
    /// Snapshots in flight.
    in_flight: usize,
    /// How many events were dropped from the front of `events` (so tokens stay valid).
    dropped: usize,
    events: Vec<ServerEvent>,
}

/// A snapshot fetch in progress; hand it back to `finish_sync` or `abandon_sync`.
#[must_use]
#[derive(Debug)]
pub struct SyncToken {
    /// The number of events received before the fetch began.
    from: usize,
}

impl Store {
    /// Starts a snapshot fetch: events from now on are kept for replay.
    pub fn begin_sync(&mut self) -> SyncToken {
        self.sync.in_flight += 1;
        SyncToken {
            from: self.sync.dropped + self.sync.events.len(),
        }
    }

    /// The snapshot fetched is applied: replays over it the events received since its fetch
    /// began. Returns what the replayed events ask of the network.
    pub fn finish_sync(&mut self, token: SyncToken) -> Vec<Followup> {
        let start = token.from - self.sync.dropped;
        let replay: Vec<ServerEvent> = self.sync.events[start..].to_vec();
        let followups = replay
            .iter()
            .filter_map(|event| self.apply_read_event(event))
            .collect();
        self.end_sync(token);
        followups
    }

    /// Gives up on a snapshot fetch (it failed).
    pub fn abandon_sync(&mut self, token: SyncToken) {
        self.end_sync(token);
    }

    fn end_sync(&mut self, _token: SyncToken) {
        self.sync.in_flight -= 1;
        if self.sync.in_flight == 0 {
            self.sync.dropped += self.sync.events.len();
            self.sync.events.clear();
        }
    }

    /// No snapshot is being fetched.
    pub(super) fn sync_idle(&self) -> bool {
        self.sync.in_flight == 0
    }

    /// Keeps a read-state event for replay if a snapshot is being fetched.
    pub(super) fn record_for_sync(&mut self, event: &ServerEvent) {
        if !self.sync_idle() && super::reading::changes_read_state(event) {
            self.sync.events.push(event.clone());
        }
    }

    /// A team's channels and my memberships (`GET /users/me/teams/{team_id}/channels` and
    /// `.../channels/members`): the whole truth for the team, so memberships of the team (and of
    /// direct and group channels, listed with every team) that it lacks are gone.
    pub fn apply_team_channels(
        &mut self,
        team_id: &str,
        channels: Vec<Channel>,
        members: Vec<ChannelMember>,
    ) {
        let listed: HashSet<String> = members.iter().map(|m| m.channel_id.clone()).collect();
        let known = &self.channels;
        self.my_members.retain(|channel_id, _| {
            listed.contains(channel_id)
                || known
                    .get(channel_id)
                    .is_some_and(|c| c.team_id != team_id && !c.team_id.is_empty())
        });
        for channel in channels {
            self.apply_channel(channel);
        }
        self.apply_members(members);
        self.loaded_teams.insert(team_id.to_string());
        self.showing_saved = false;
    }

    /// The fetch of a channel a post arrived in is over (applied, or it failed).
    pub fn channel_load_done(&mut self, channel_id: &str) {
        self.channel_loads.remove(channel_id);
    }

    /// After events were lost: the posts held for channels other than the open one may miss
    /// some, so each catches up when it is opened next, and the member counts may miss joins and
    /// leaves, so they are asked again where shown. Returns the teams to refetch (those loaded,
    /// and the current one, whose first load may still be in flight).
    pub fn fell_behind(&mut self) -> Vec<String> {
        self.member_counts.clear();
        let open = self.open_channel_id.clone();
        self.posts_behind.extend(
            self.posts
                .keys()
                .filter(|id| Some(*id) != open.as_ref())
                .cloned(),
        );
        let mut teams: Vec<String> = self
            .loaded_teams
            .iter()
            .chain(&self.current_team_id)
            .cloned()
            .collect();
        teams.sort();
        teams.dedup();
        teams
    }

    /// The event stream went down (lost, or an attempt failed). True if it had been up: a loss
    /// worth asking the server about the session for, once, rather than after every failed
    /// attempt while the server stays unreachable.
    pub fn socket_lost(&mut self) -> bool {
        std::mem::replace(&mut self.socket, SocketState::Reconnecting) == SocketState::Connected
    }

    /// Whether the first `hello` came.
    pub fn stream_has_started(&self) -> bool {
        self.greeted
    }

    /// The first `hello`: the event stream starts now, so whatever was fetched before it may miss
    /// what happened between that fetch and now. True if there is such a thing to resync.
    pub(super) fn stream_started(&mut self) -> bool {
        let first = !std::mem::replace(&mut self.greeted, true);
        first
            && (self.current_team_id.is_some()
                || !self.loaded_teams.is_empty()
                || !self.posts.is_empty())
    }

    /// Whether the channel's held posts may miss some (see `fell_behind`).
    pub fn posts_behind(&self, channel_id: &str) -> bool {
        self.posts_behind.contains(channel_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{channel, event, member, posted, posted_in, store};
    use serde_json::json;

    /// c1 as the server would answer for it after `posts` more posts by others.
    fn snapshot_after(posts: i64, last_post_at: i64) -> (Vec<Channel>, Vec<ChannelMember>) {
        let mut c1 = channel("c1", 10 + posts);
        c1.last_post_at = last_post_at;
        (vec![c1], vec![member("c1", 7)])
    }

    #[test]
    fn an_event_the_snapshot_already_counts_is_not_counted_twice() {
        let mut store = store();
        let token = store.begin_sync();
        store.apply_event(&posted("p1", "bob", 2_000, &["me"]));
        // The answer was made after p1: it counts it (11 posts, last at 2_000, one mention).
        let (channels, mut members) = snapshot_after(1, 2_000);
        members[0].mention_count = 1;
        store.apply_team_channels("t1", channels, members);
        store.finish_sync(token);
        assert_eq!(store.unread("c1").messages, 4);
        assert_eq!(store.unread("c1").mentions, 1);
    }

    #[test]
    fn an_event_newer_than_the_snapshot_is_applied_over_it() {
        let mut store = store();
        let token = store.begin_sync();
        store.apply_event(&posted("p1", "bob", 2_000, &["me"]));
        // The answer was made before p1.
        let (channels, members) = snapshot_after(0, 1_000);
        store.apply_team_channels("t1", channels, members);
        store.finish_sync(token);
        assert_eq!(store.unread("c1").messages, 4);
        assert_eq!(store.unread("c1").mentions, 1);
        assert_eq!(store.channels["c1"].last_post_at, 2_000);
    }

    #[test]
    fn a_read_elsewhere_during_the_fetch_wins_over_an_older_snapshot() {
        let mut store = store();
        let token = store.begin_sync();
        store.apply_event(&event("channel_viewed", json!({"channel_id": "c1"})));
        let (channels, members) = snapshot_after(0, 1_000);
        store.apply_team_channels("t1", channels, members);
        store.finish_sync(token);
        assert!(!store.unread("c1").is_unread());
    }

    #[test]
    fn overlapping_fetches_each_replay_what_arrived_since_they_began() {
        let mut store = store();
        let first = store.begin_sync();
        store.apply_event(&posted("p1", "bob", 2_000, &[]));
        let second = store.begin_sync();
        store.apply_event(&posted("p2", "bob", 3_000, &[]));
        let (channels, members) = snapshot_after(0, 1_000);
        store.apply_team_channels("t1", channels, members);
        store.finish_sync(first);
        assert_eq!(store.unread("c1").messages, 5);
        // The second answer was made between p1 and p2.
        let (channels, members) = snapshot_after(1, 2_000);
        store.apply_team_channels("t1", channels, members);
        store.finish_sync(second);
        assert_eq!(store.unread("c1").messages, 5);
        assert!(store.sync_idle());

        let third = store.begin_sync();
        store.apply_event(&posted("p3", "bob", 4_000, &[]));
        store.abandon_sync(third);
        assert!(store.sync_idle());
        assert_eq!(store.unread("c1").messages, 6);
    }

    #[test]
    fn a_team_snapshot_drops_memberships_it_no_longer_lists() {
        let mut store = store();
        let mut elsewhere = channel("c8", 0);
        elsewhere.team_id = "t2".into();
        let mut direct = channel("dm", 0);
        direct.team_id = String::new();
        store.apply_channel(elsewhere);
        store.apply_channel(direct);
        store.apply_members(vec![member("c8", 0), member("dm", 0)]);
        store.apply_team_channels("t1", vec![channel("c2", 0)], vec![member("c2", 0)]);
        let mut kept: Vec<&str> = store.my_members.keys().map(String::as_str).collect();
        kept.sort();
        assert_eq!(kept, ["c2", "c8"], "left c1 and the DM; t2 untouched");
    }

    #[test]
    fn falling_behind_marks_the_posts_of_channels_not_open_and_names_the_teams() {
        let mut store = store();
        for id in ["c1", "c2"] {
            store.posts.entry(id.into()).or_default();
        }
        store.open_channel_id = Some("c1".into());
        store.current_team_id = Some("t2".into());
        assert_eq!(store.fell_behind(), ["t1", "t2"]);
        assert!(!store.posts_behind("c1"));
        assert!(store.posts_behind("c2"));
    }

    #[test]
    fn the_first_hello_asks_for_a_resync_only_if_something_was_fetched_before_it() {
        let mut fresh = Store::default();
        assert!(!fresh.stream_started(), "nothing fetched yet");
        let mut store = store();
        assert!(
            store.stream_started(),
            "t1 was fetched before the stream began"
        );
        assert!(!store.stream_started(), "only the first hello");
    }

    #[test]
    fn a_channel_is_asked_for_again_once_its_load_is_done() {
        let mut store = store();
        let event = posted_in("c5", "p1");
        assert_eq!(
            store.apply_event(&event),
            Some(Followup::LoadChannel("c5".into()))
        );
        assert_eq!(store.apply_event(&event), None);
        store.channel_load_done("c5");
        assert_eq!(
            store.apply_event(&event),
            Some(Followup::LoadChannel("c5".into()))
        );
    }

    #[test]
    fn only_a_stream_that_was_up_counts_as_lost() {
        let mut store = store();
        assert!(!store.socket_lost(), "the first attempt failed");
        store.socket = SocketState::Connected;
        assert!(store.socket_lost());
        assert_eq!(store.socket, SocketState::Reconnecting);
        assert!(
            !store.socket_lost(),
            "another failed attempt in the same outage"
        );
    }
}
