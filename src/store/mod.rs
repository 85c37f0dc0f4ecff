//! The client state as plain Rust: what the server told us, plus optimistic changes.
//!
//! No browser APIs here, so every rule is unit-tested natively. Components read it through a
//! signal (see `crate::state`) and derive what they show with memos.

mod browse;
mod catch_up;
mod catch_up_threads;
mod channel_events;
pub mod console;
mod events;
pub mod files;
mod grouping;
pub mod link_preview;
mod membership;
mod notices;
mod outbox;
mod people;
mod permalink;
mod posts;
mod reactions;
mod reading;
mod saved;
mod search;
mod server_config;
mod settings;
mod sidebar;
mod switcher;
mod sync;
mod tab_badge;
mod teams;
mod typing;
mod unread;
mod window;

use std::collections::{HashMap, HashSet};

use brisk_model::{
    channel_type, Channel, ChannelMember, Post, PostEmbed, PostList, Reaction, Team, TeamMember,
    User,
};

pub use browse::{activity_words, member_count_words, BrowseSort, BrowseView, ChannelBrowser};
pub use catch_up::{catch_up_path, unread_totals, CatchUp, CatchUpSection, SectionLoad};
pub use catch_up_threads::{catch_up_summary, CatchUpThread, ThreadReadUndo, CATCH_UP_THREADS};
pub use events::Followup;
pub use grouping::{group_posts, PostRow};
use membership::keep_larger_counters;
pub use notices::Notice;
pub use outbox::{OUTBOX_FULL, OUTBOX_LIMIT};
pub use people::Author;
pub use permalink::Highlight;
pub use posts::{ChannelPosts, ListedPost, PostState, UnsentPost};
pub use reactions::{push_recent_emoji, ReactionGroup, RECENT_EMOJI_MAX};
pub use saved::{channels_within, Saved, SavedChannel};
pub use search::{MoreResults, Search, SearchHit, SearchStatus, SEARCH_RESULTS_PER_PAGE};
pub use server_config::ServerConfig;
pub use settings::{DesktopLevel, Theme, THEME_CATEGORY, THEME_NAME};
pub use sidebar::{ChannelRoute, SidebarChannel, SidebarSection};
pub use switcher::{best_rank, SwitcherItem};
pub use sync::SyncToken;
pub use tab_badge::TabBadge;
pub use teams::TeamBadge;
pub use typing::{Typing, Typist, TYPING_SHOWN_MS};
pub use unread::Unread;
pub use window::{ListWindow, WINDOW_ROWS};

/// The WebSocket as the reader should know of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SocketState {
    /// Not yet open.
    #[default]
    Connecting,
    Connected,
    /// Lost, or an attempt failed: events may be missed until it is back.
    Reconnecting,
}

/// Everything the client knows about the signed-in user's world.
#[derive(Clone, Debug, Default)]
pub struct Store {
    pub me: Option<User>,
    pub teams: Vec<Team>,
    /// My membership of each team (roles), by team id.
    pub team_members: HashMap<String, TeamMember>,
    pub current_team_id: Option<String>,
    pub channels: HashMap<String, Channel>,
    /// The signed-in user's membership, by channel id.
    pub my_members: HashMap<String, ChannelMember>,
    pub users: HashMap<String, User>,
    /// Online status by user id (`POST /users/status/ids`, `status_change`).
    pub statuses: HashMap<String, String>,
    /// How many people are in a channel, for its header (`GET /channels/{id}/stats`), kept up to
    /// date by the membership events that follow.
    pub member_counts: HashMap<String, i64>,
    pub posts: HashMap<String, ChannelPosts>,
    /// Reactions by post id.
    pub reactions: HashMap<String, Vec<Reaction>>,
    /// The channel on screen, if any (set through `open_channel`).
    pub open_channel_id: Option<String>,
    /// Whether the browser window has focus (posts arriving then are read at once).
    pub window_focused: bool,
    /// Logged out without a network: this device forgot everything, but the server's session
    /// (and this browser's cookie for it) lives until the network is back to end it.
    pub server_session_left_open: bool,
    /// Collapsed reply threads: unread counts use root posts only.
    pub collapsed_threads: bool,
    pub socket: SocketState,
    /// The open channel's "New messages" line: posts after this time were unread when the reader
    /// opened the channel (or came back to it).
    pub new_messages_after: Option<i64>,
    /// Channels the reader marked unread by hand: they stay unread while open.
    manually_unread: HashSet<String>,
    /// Channels being fetched because a post arrived in them unknown.
    channel_loads: HashSet<String>,
    /// Channels whose held posts may miss some since events were lost.
    posts_behind: HashSet<String>,
    /// Whether the event stream has started (the first `hello` came).
    greeted: bool,
    sync: sync::SyncLog,
    /// The server's client config, once read.
    pub server_config: Option<ServerConfig>,
    /// The thread open beside the channel: its root post's id.
    pub open_thread: Option<String>,
    /// The search open beside the channel, if any (one side pane at a time: this or a thread).
    pub search: Option<Search>,
    /// Searches started so far: numbers each request, so a late answer can be told apart.
    search_requests: u64,
    /// The post a permalink leads to: the channel opens at it, highlighted.
    pub highlight: Option<Highlight>,
    /// The post being edited in place, if any (one at a time, as in Mattermost).
    pub editing_post_id: Option<String>,
    /// Teams whose channels and memberships have been fetched.
    loaded_teams: HashSet<String>,
    /// My unread counts in each team as the server counted them, by team id: the badges of
    /// teams whose channels are not fetched (see `team_badge`).
    team_unreads: HashMap<String, brisk_model::TeamUnread>,
    /// The catch-up view, while it is open.
    pub catch_up: Option<CatchUp>,
    /// The colours chosen (my preference; the device's choice until it is read).
    pub theme: Theme,
    /// The outbox's post on its way to the server, by `pending_post_id`.
    outbox_in_flight: Option<String>,
    /// Whether the posts left unsent when the page was last closed have been brought back: only
    /// then may what is kept of them be replaced by what is held.
    unsent_restored: bool,
    /// Channels opened lately, most recent first: their posts are kept on the device.
    read_recently: Vec<String>,
    /// What is shown came from the device (see `restore_saved`) and the server has not yet
    /// brought the team up to date.
    pub showing_saved: bool,
}

impl Store {
    /// Forgets the session (logout or expiry) but keeps what belongs to the browser window (the
    /// theme too: the login page keeps the colours it was shown in).
    pub fn reset(&mut self) {
        *self = Store {
            window_focused: self.window_focused,
            theme: self.theme,
            server_config: self.server_config.take(),
            ..Store::default()
        };
    }

    /// Whether the server asks that nobody's typing be sent or shown.
    pub fn typing_messages_off(&self) -> bool {
        self.server_config
            .as_ref()
            .is_some_and(|config| config.typing_messages_off)
    }

    /// The signed-in user's id, or "" before login.
    pub fn my_id(&self) -> &str {
        self.me.as_ref().map_or("", |me| me.id.as_str())
    }

    /// Records the signed-in user (from login or `GET /users/me`).
    pub fn set_me(&mut self, me: User) {
        if self.me.as_ref().is_some_and(|known| known.id != me.id) {
            self.reset();
        }
        self.users.insert(me.id.clone(), me.clone());
        self.me = Some(me);
    }

    /// `GET /users/me/teams`.
    pub fn apply_teams(&mut self, teams: Vec<Team>) {
        self.teams = teams
            .into_iter()
            .filter(|team| team.delete_at == 0)
            .collect();
    }

    /// The team with this URL name, among mine.
    pub fn team_by_name(&self, name: &str) -> Option<&Team> {
        self.teams.iter().find(|team| team.name == name)
    }

    /// Whether `GET .../channels` and `.../channels/members` have been applied for the team.
    pub fn team_loaded(&self, team_id: &str) -> bool {
        self.loaded_teams.contains(team_id)
    }

    /// One channel (e.g. `GET /teams/{team_id}/channels/name/{name}`).
    pub fn apply_channel(&mut self, channel: Channel) {
        if let Some(held) = self.channels.get_mut(&channel.id) {
            // An answer read before a change whose event came first (a header edited, a bridge
            // linked, the channel archived) does not undo it; its message counters may still
            // be newer.
            if held.update_at > channel.update_at {
                keep_larger_counters(held, &channel);
                return;
            }
        }
        self.channels.insert(channel.id.clone(), channel);
    }

    /// My channel memberships; anyone else's are ignored.
    pub fn apply_members(&mut self, members: Vec<ChannelMember>) {
        let my_id = self.my_id().to_string();
        for member in members
            .into_iter()
            .filter(|m| my_id.is_empty() || m.user_id == my_id)
        {
            self.my_members.insert(member.channel_id.clone(), member);
        }
    }

    /// `POST /users/ids` and friends.
    pub fn apply_users(&mut self, users: Vec<User>) {
        for user in users {
            self.users.insert(user.id.clone(), user);
        }
    }

    /// The channel's newest page (`full`: as many posts as asked for, so older ones may exist).
    pub fn apply_newest_page(&mut self, channel_id: &str, list: PostList, full: bool) {
        let oldest = list.order.last().cloned();
        let held = self.merge_posts(channel_id, list);
        held.newest_loaded = true;
        held.older_may_exist = full;
        if held.history_cursor.is_none() {
            held.history_cursor = oldest;
        }
    }

    /// The page before the history cursor.
    pub fn apply_older_page(&mut self, channel_id: &str, list: PostList, full: bool) {
        let oldest = list.order.last().cloned();
        let held = self.merge_posts(channel_id, list);
        held.older_may_exist = full;
        if oldest.is_some() {
            held.history_cursor = oldest;
        }
    }

    /// `GET /posts/{id}/thread`: the root and every reply.
    pub fn apply_thread(&mut self, list: PostList) {
        for post in list.posts.into_values() {
            self.take_post(post);
        }
    }

    /// Posts created, edited or deleted since a time: the catch-up after events were lost.
    /// `complete` is false when the server capped the answer (Mattermost sends at most 1,000), so
    /// posts between those held and those received may be missing: what was held is then
    /// replaced, as a newest page.
    pub fn apply_catch_up(&mut self, channel_id: &str, list: PostList, complete: bool) {
        self.posts_behind.remove(channel_id);
        if complete {
            self.merge_posts(channel_id, list);
        } else {
            // The user's unsent posts are theirs, not the server's: they stay.
            let replaced = self.posts.remove(channel_id).unwrap_or_default();
            self.apply_newest_page(channel_id, list, true);
            if let Some(held) = self.posts.get_mut(channel_id) {
                held.keep_unsent_of(replaced);
            }
        }
    }

    fn merge_posts(&mut self, channel_id: &str, list: PostList) -> &mut ChannelPosts {
        for post in list
            .posts
            .into_values()
            .filter(|post| post.channel_id == channel_id)
        {
            self.take_post(post);
        }
        self.posts.entry(channel_id.to_string()).or_default()
    }

    /// Every server copy of a post comes in here: its reactions are recorded and it replaces
    /// what is held (an optimistic copy included). True if the post was not held before.
    fn take_post(&mut self, post: Post) -> bool {
        self.record_reactions(&post);
        self.posts
            .entry(post.channel_id.clone())
            .or_default()
            .upsert(post)
    }

    /// A post just created (the 201 or the `posted` event, whichever comes first): a reply
    /// also adds one to its root's count. Fetched pages don't, as their counts are current.
    pub(crate) fn take_new_post(&mut self, post: Post) -> bool {
        let (channel_id, root_id) = (post.channel_id.clone(), post.root_id.clone());
        let new = self.take_post(post);
        if new && !root_id.is_empty() {
            if let Some(held) = self.posts.get_mut(&channel_id) {
                held.count_reply(&root_id, 1);
            }
        }
        new
    }

    /// An edited post (`PUT /posts/{id}/patch` or `post_edited`): the newer copy wins.
    pub fn apply_post_changed(&mut self, post: Post) {
        if self.posts.contains_key(&post.channel_id) {
            self.take_post(post);
        }
    }

    /// A deleted post (`DELETE /posts/{id}` or `post_deleted`) leaves with its replies.
    pub fn apply_post_deleted(&mut self, post: &Post) {
        if let Some(held) = self.posts.get_mut(&post.channel_id) {
            if held.remove_with_replies(&post.id) && !post.root_id.is_empty() {
                held.count_reply(&post.root_id, -1);
            }
        }
        if self.editing_post_id.as_deref() == Some(post.id.as_str()) {
            self.editing_post_id = None;
        }
        if self.open_thread.as_deref() == Some(post.id.as_str()) {
            self.open_thread = None;
        }
    }

    /// The post the Up arrow edits: my newest in the channel (`root_id` empty) or the thread.
    pub fn last_editable_post(&self, channel_id: &str, root_id: &str) -> Option<String> {
        let posts = self.posts.get(channel_id)?;
        Some(posts.last_sent_by(self.my_id(), root_id)?.id.clone())
    }

    /// Drops a post the user chose not to send (failed, or waiting for the network).
    pub fn discard_local_post(&mut self, channel_id: &str, pending_post_id: &str) {
        if let Some(held) = self.posts.get_mut(channel_id) {
            held.discard_local(pending_post_id);
        }
    }

    /// Marks an unconfirmed post as failed or pending again; returns it (to resend) if it is
    /// still unconfirmed.
    pub fn set_local_post_state(
        &mut self,
        channel_id: &str,
        pending_post_id: &str,
        state: PostState,
    ) -> Option<Post> {
        let posts = self.posts.get_mut(channel_id)?;
        posts.set_local_state(pending_post_id, state).cloned()
    }

    /// The channel's posts held so far.
    pub fn channel_posts(&self, channel_id: &str) -> Option<&ChannelPosts> {
        self.posts.get(channel_id)
    }

    /// The channel's unread counts, or none if I am not a member.
    pub fn unread(&self, channel_id: &str) -> Unread {
        match (
            self.channels.get(channel_id),
            self.my_members.get(channel_id),
        ) {
            (Some(channel), Some(member)) => Unread::of(channel, member, self.collapsed_threads),
            _ => Unread::default(),
        }
    }

    /// A channel of the team (or a direct/group channel, which has no team) by URL name.
    pub fn channel_by_name(&self, team_id: &str, name: &str) -> Option<&Channel> {
        self.channels
            .values()
            .find(|c| c.name == name && (c.team_id == team_id || c.team_id.is_empty()))
    }

    /// The name a channel is shown under: for a direct message, the other person's username; for
    /// a group message, the others' usernames.
    pub fn channel_display_name(&self, channel: &Channel) -> String {
        if channel.channel_type == channel_type::DIRECT {
            if let Some(user) = self
                .direct_partner(channel)
                .and_then(|id| self.users.get(id))
            {
                return user.username.clone();
            }
        }
        if channel.channel_type == channel_type::GROUP {
            let me = self.me.as_ref().map_or("", |me| me.username.as_str());
            let others: Vec<&str> = channel
                .display_name
                .split(", ")
                .filter(|name| *name != me)
                .collect();
            return others.join(", ");
        }
        if channel.display_name.is_empty() {
            channel.name.clone()
        } else {
            channel.display_name.clone()
        }
    }

    /// The other member of a direct channel (named `{user_id}__{user_id}`); me for a self-DM.
    fn direct_partner<'a>(&self, channel: &'a Channel) -> Option<&'a str> {
        let (first, second) = channel.name.split_once("__")?;
        Some(if first == self.my_id() { second } else { first })
    }

    /// Users the screen needs but the store lacks: authors of the channel's posts and the
    /// partners of my direct channels.
    pub fn missing_user_ids(&self, channel_id: Option<&str>) -> Vec<String> {
        let authors = channel_id
            .and_then(|id| self.posts.get(id))
            .into_iter()
            .flat_map(|posts| posts.entries())
            .flat_map(|entry| {
                let reacted = self.reactions.get(&entry.post.id).into_iter().flatten();
                std::iter::once(entry.post.user_id.as_str())
                    .chain(reacted.map(|reaction| reaction.user_id.as_str()))
            });
        let quoted: Vec<String> = channel_id
            .and_then(|id| self.posts.get(id))
            .into_iter()
            .flat_map(|posts| posts.entries())
            .flat_map(|entry| &entry.post.metadata.embeds)
            .filter_map(PostEmbed::permalink_preview)
            .map(|preview| preview.author_id)
            .collect();
        let partners = self
            .channels
            .values()
            .filter(|c| c.channel_type == channel_type::DIRECT)
            .filter_map(|c| self.direct_partner(c));
        let mut missing: Vec<String> = authors
            .chain(partners)
            .chain(quoted.iter().map(String::as_str))
            .filter(|id| !id.is_empty() && !self.users.contains_key(*id))
            .map(str::to_string)
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use brisk_model::{Frame, Posted, ServerEvent};

    pub(crate) fn me() -> User {
        User {
            id: "me".into(),
            username: "ann".into(),
            ..User::default()
        }
    }

    pub(crate) fn channel(id: &str, total: i64) -> Channel {
        Channel {
            id: id.into(),
            team_id: "t1".into(),
            name: format!("{id}-name"),
            display_name: format!("{id} display"),
            channel_type: channel_type::OPEN.into(),
            total_msg_count: total,
            total_msg_count_root: total,
            last_post_at: 1_000,
            ..Channel::default()
        }
    }

    /// Channel `id` of team t2, with `total` posts.
    pub(crate) fn in_t2(id: &str, total: i64) -> Channel {
        Channel {
            team_id: "t2".into(),
            ..channel(id, total)
        }
    }

    pub(crate) fn member(channel_id: &str, read: i64) -> ChannelMember {
        ChannelMember {
            channel_id: channel_id.into(),
            user_id: "me".into(),
            msg_count: read,
            msg_count_root: read,
            ..ChannelMember::default()
        }
    }

    /// A post in c1 by `user` at `at`.
    pub(crate) fn post_by(id: &str, user: &str, at: i64) -> Post {
        Post {
            user_id: user.into(),
            message: "hi".into(),
            ..posts::tests::post(id, at)
        }
    }

    /// The `posted` event for `post`, mentioning `mentions`.
    pub(crate) fn posted_event(post: Post, mentions: &[&str]) -> ServerEvent {
        ServerEvent::Posted(Posted {
            sender_name: format!("@{}", post.user_id),
            mentions: mentions.iter().map(|id| id.to_string()).collect(),
            post,
        })
    }

    /// The `posted` event for a new post in c1.
    pub(crate) fn posted(id: &str, user: &str, at: i64, mentions: &[&str]) -> ServerEvent {
        posted_event(post_by(id, user, at), mentions)
    }

    /// The `posted` event for a new post by bob in another channel.
    pub(crate) fn posted_in(channel_id: &str, id: &str) -> ServerEvent {
        let post = Post {
            channel_id: channel_id.into(),
            ..post_by(id, "bob", 2_000)
        };
        posted_event(post, &[])
    }

    /// Mutes the channel for unread purposes (`mark_unread: "mention"`).
    pub(crate) fn mute(store: &mut Store, channel_id: &str) {
        if let Some(member) = store.my_members.get_mut(channel_id) {
            member.notify_props.mark_unread = "mention".into();
        }
    }

    /// The event a frame named `name` with `data` decodes to.
    pub(crate) fn event(name: &str, data: serde_json::Value) -> ServerEvent {
        event_in(name, data, "")
    }

    /// The event a frame named `name` with `data`, broadcast to `channel_id`, decodes to, the frame
    /// written out as the server sends it.
    pub(crate) fn event_in(name: &str, data: serde_json::Value, channel_id: &str) -> ServerEvent {
        let text = serde_json::json!({
            "event": name,
            "data": data,
            "broadcast": {"omit_users": null, "user_id": "", "channel_id": channel_id, "team_id": ""},
            "seq": 1,
        })
        .to_string();
        decoded(&text).expect("a well-formed event the store acts on")
    }

    /// What the socket's text `frame` decodes to, as the realtime module decodes it.
    pub(crate) fn decoded(frame: &str) -> Option<ServerEvent> {
        ServerEvent::decode(&Frame::parse(frame)?)
    }

    /// Adds user `u2` "bob" and my direct channel "dm" with him.
    pub(crate) fn with_bob_direct(store: &mut Store) {
        store.apply_users(vec![User {
            id: "u2".into(),
            username: "bob".into(),
            ..User::default()
        }]);
        store.apply_joined(
            Channel {
                id: "dm".into(),
                name: "me__u2".into(),
                channel_type: channel_type::DIRECT.into(),
                ..Channel::default()
            },
            member("dm", 0),
        );
    }

    /// Signed in as "ann" (id "me") in team t1 with channel c1 (10 posts, 7 read).
    pub(crate) fn store() -> Store {
        let mut store = Store::default();
        store.set_me(me());
        store.apply_team_channels("t1", vec![channel("c1", 10)], vec![member("c1", 7)]);
        store
    }

    #[test]
    fn team_channels_and_only_my_memberships_are_applied() {
        let mut store = store();
        store.apply_members(vec![ChannelMember {
            user_id: "other".into(),
            ..member("c2", 0)
        }]);
        assert!(store.team_loaded("t1"));
        assert!(!store.team_loaded("t2"));
        assert!(store.my_members.contains_key("c1"));
        assert!(!store.my_members.contains_key("c2"));
        assert_eq!(store.unread("c1").messages, 3);
    }

    #[test]
    fn marking_read_clears_messages_and_mentions() {
        let mut store = store();
        store.my_members.get_mut("c1").unwrap().mention_count = 2;
        store.mark_channel_read("c1", 500);
        assert_eq!(store.unread("c1"), Unread::default());
        assert_eq!(store.my_members["c1"].last_viewed_at, 500);
    }

    #[test]
    fn post_pages_merge_and_remember_how_much_history_is_held() {
        let mut store = store();
        let post = |id: &str, at: i64| Post {
            channel_id: "c1".into(),
            ..posts::tests::post(id, at)
        };
        let mut list = PostList::default();
        for p in [post("b", 20), post("a", 10)] {
            list.order.push(p.id.clone());
            list.posts.insert(p.id.clone(), p);
        }
        store.apply_catch_up("c1", list.clone(), true);
        assert!(!store.channel_posts("c1").unwrap().newest_loaded);
        store.apply_newest_page("c1", list.clone(), true);
        store.apply_older_page("c1", list, false);
        let held = store.channel_posts("c1").unwrap();
        assert!(held.newest_loaded);
        assert!(!held.older_may_exist, "the older page was not full");
        let ids: Vec<_> = held.entries().iter().map(|e| e.post.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(held.history_cursor.as_deref(), Some("a"));
    }

    #[test]
    fn replies_count_once_on_their_root_and_an_old_thread_leaves_the_history_cursor() {
        let mut store = store();
        let post = |id: &str, at: i64, root: &str| Post {
            channel_id: "c1".into(),
            root_id: root.into(),
            ..posts::tests::post(id, at)
        };
        let mut page = PostList::default();
        let root_post = post("root", 100, "");
        page.order.push(root_post.id.clone());
        page.posts.insert(root_post.id.clone(), root_post);
        store.apply_newest_page("c1", page, true);
        store.apply_sent_post(post("r1", 110, "root"));
        store.apply_sent_post(post("r1", 110, "root"));
        let root = |s: &Store| {
            s.channel_posts("c1")
                .unwrap()
                .get("root")
                .unwrap()
                .post
                .reply_count
        };
        assert_eq!(root(&store), 1);

        let mut thread = PostList::default();
        for p in [post("ancient", 5, ""), post("ancient-reply", 6, "ancient")] {
            thread.order.push(p.id.clone());
            thread.posts.insert(p.id.clone(), p);
        }
        store.apply_thread(thread);
        let held = store.channel_posts("c1").unwrap();
        assert_eq!(held.history_cursor.as_deref(), Some("root"));
        let roots: Vec<_> = held.roots().map(|e| e.post.id.as_str()).collect();
        assert_eq!(roots, ["ancient", "root"]);
        let thread: Vec<_> = held
            .thread("ancient")
            .into_iter()
            .map(|e| e.post.id)
            .collect();
        assert_eq!(thread, ["ancient", "ancient-reply"]);

        store.apply_post_deleted(&post("r1", 110, "root"));
        store.apply_post_deleted(&post("r1", 110, "root"));
        assert_eq!(root(&store), 0, "a deletion seen twice counts once");
    }

    #[test]
    fn a_capped_catch_up_replaces_what_was_held_so_no_hole_is_left() {
        let mut store = store();
        let list = |ids: &[(&str, i64)]| {
            let mut list = PostList::default();
            for (id, at) in ids {
                list.order.insert(0, id.to_string());
                list.posts
                    .insert(id.to_string(), posts::tests::post(id, *at));
            }
            list
        };
        store.apply_newest_page("c1", list(&[("old", 10)]), false);
        store.fell_behind();
        store.open_channel_id = Some("c2".into());
        assert!(store.posts_behind("c1"));
        store.apply_catch_up("c1", list(&[("new", 50)]), true);
        assert!(!store.posts_behind("c1"));
        assert_eq!(store.channel_posts("c1").unwrap().entries().len(), 2);

        store.apply_catch_up("c1", list(&[("newer", 90)]), false);
        let held = store.channel_posts("c1").unwrap();
        assert_eq!(held.entries().len(), 1);
        assert!(held.newest_loaded && held.older_may_exist);
    }

    #[test]
    fn unsent_posts_outlive_a_capped_catch_up() {
        let mut store = store();
        let unsent = |id: &str| Post {
            id: id.into(),
            pending_post_id: id.into(),
            user_id: "me".into(),
            channel_id: "c1".into(),
            message: "offline words".into(),
            create_at: 60,
            ..Post::default()
        };
        store.apply_newest_page("c1", PostList::default(), false);
        store.add_outgoing_post(unsent("me:60"), true);
        store.add_outgoing_post(unsent("me:61"), true);
        store.refuse_post("c1", "me:61", "Archived".into());

        store.fell_behind();
        let mut newest = PostList::default();
        newest.order.push("newer".into());
        newest
            .posts
            .insert("newer".into(), posts::tests::post("newer", 90));
        store.apply_catch_up("c1", newest, false);
        let held = store.channel_posts("c1").unwrap();
        assert_eq!(held.entries().len(), 3);
        assert_eq!(held.get("me:60").map(|e| e.state), Some(PostState::Waiting));
        assert_eq!(held.refusal("me:61"), Some("Archived"));
    }

    #[test]
    fn the_author_of_a_quoted_post_is_fetched_too() {
        let mut store = store();
        let mut quoting = posts::tests::post("p1", 10);
        quoting.user_id = "me".into();
        quoting.metadata = serde_json::from_value(serde_json::json!({ "embeds": [{
            "type": "permalink",
            "data": { "post_id": "linked", "post": { "id": "linked", "user_id": "quoted-author" } }
        }]}))
        .expect("metadata");
        let mut list = PostList::default();
        list.order.push("p1".into());
        list.posts.insert("p1".into(), quoting);
        store.apply_newest_page("c1", list, false);
        assert_eq!(store.missing_user_ids(Some("c1")), ["quoted-author"]);
    }

    #[test]
    fn direct_channels_show_the_other_person_and_need_their_user() {
        let mut store = store();
        let dm = Channel {
            id: "dm".into(),
            name: "me__u2".into(),
            channel_type: channel_type::DIRECT.into(),
            ..Channel::default()
        };
        store.apply_channel(dm.clone());
        assert_eq!(store.missing_user_ids(None), ["u2"]);
        store.apply_users(vec![User {
            id: "u2".into(),
            username: "bob".into(),
            ..User::default()
        }]);
        assert_eq!(store.channel_display_name(&dm), "bob");
        let group = Channel {
            channel_type: channel_type::GROUP.into(),
            display_name: "ann, bob, cy".into(),
            ..Channel::default()
        };
        assert_eq!(store.channel_display_name(&group), "bob, cy");
        assert!(store.missing_user_ids(None).is_empty());
        assert_eq!(
            store.channel_by_name("t1", "me__u2").map(|c| c.id.as_str()),
            Some("dm")
        );
    }

    #[test]
    fn a_new_user_signing_in_starts_from_a_clean_store() {
        let mut store = store();
        store.window_focused = true;
        store.set_me(User {
            id: "someone-else".into(),
            ..User::default()
        });
        assert!(store.channels.is_empty());
        assert!(store.window_focused);
    }
}
