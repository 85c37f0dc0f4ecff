//! The sidebar's channel list, derived from the store.

use brisk_model::{channel_type, Channel};

use super::Store;

/// The sidebar's groups, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SidebarSection {
    Channels,
    DirectMessages,
}

/// The address of a channel within a team, as Mattermost spells it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ChannelRoute {
    /// `/{team}/channels/{name}`.
    Channel(String),
    /// `/{team}/messages/@{username}`.
    Direct(String),
    /// `/{team}/messages/{name}` (a group message).
    Group(String),
}

impl ChannelRoute {
    /// The address in `team_name`.
    pub fn path(&self, team_name: &str) -> String {
        match self {
            ChannelRoute::Channel(name) => format!("/{team_name}/channels/{name}"),
            ChannelRoute::Direct(username) => format!("/{team_name}/messages/@{username}"),
            ChannelRoute::Group(name) => format!("/{team_name}/messages/{name}"),
        }
    }

    /// Reads the `who` of `/{team}/messages/{who}`.
    pub fn of_messages(who: &str) -> Self {
        match who.strip_prefix('@') {
            Some(username) => ChannelRoute::Direct(username.to_string()),
            None => ChannelRoute::Group(who.to_string()),
        }
    }
}

/// One channel link in the sidebar.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SidebarChannel {
    pub id: String,
    /// URL name.
    pub name: String,
    pub display_name: String,
    pub section: SidebarSection,
    pub route: ChannelRoute,
    /// The other person's status, for a direct message.
    pub status: Option<String>,
    pub unread: bool,
    pub mentions: i64,
    /// Unread messages, 0 in a muted channel (only its mentions show).
    pub unread_messages: i64,
    /// Muted: shown dimmed.
    pub muted: bool,
}

impl Store {
    /// The address of a channel (a direct message's is the other person's username).
    pub fn channel_route(&self, channel: &Channel) -> ChannelRoute {
        match channel.channel_type.as_str() {
            channel_type::DIRECT => ChannelRoute::Direct(self.channel_display_name(channel)),
            channel_type::GROUP => ChannelRoute::Group(channel.name.clone()),
            _ => ChannelRoute::Channel(channel.name.clone()),
        }
    }

    /// My channels in the team (plus direct and group messages), sorted by section then name.
    pub fn sidebar(&self, team_id: &str) -> Vec<SidebarChannel> {
        let mut entries: Vec<SidebarChannel> = self
            .channels
            .values()
            .filter(|c| c.delete_at == 0 && (c.team_id == team_id || c.team_id.is_empty()))
            .filter(|c| self.my_members.contains_key(&c.id))
            .map(|channel| {
                let unread = self.unread(&channel.id);
                let section = match channel.channel_type.as_str() {
                    channel_type::DIRECT | channel_type::GROUP => SidebarSection::DirectMessages,
                    _ => SidebarSection::Channels,
                };
                let display_name = self.channel_display_name(channel);
                let partner = (channel.channel_type == channel_type::DIRECT)
                    .then(|| self.direct_partner(channel))
                    .flatten();
                let route = self.channel_route(channel);
                SidebarChannel {
                    id: channel.id.clone(),
                    name: channel.name.clone(),
                    display_name,
                    section,
                    route,
                    status: partner.map(|id| self.status_of(id).to_string()),
                    unread: unread.is_unread(),
                    mentions: unread.mentions,
                    unread_messages: if unread.muted { 0 } else { unread.messages },
                    muted: unread.muted,
                }
            })
            .collect();
        // Letters A-Z sort with a-z. Other letters keep their case: full Unicode lowercasing
        // would bring its table (3.5 KB brotli) into the first download for that alone, and names
        // beyond ASCII sort after z either way.
        entries
            .sort_by_cached_key(|e| (e.section, e.display_name.to_ascii_lowercase(), e.id.clone()));
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{channel, member, mute, store};
    use brisk_model::Channel;

    #[test]
    fn lists_my_live_channels_of_the_team_sorted_with_unread_state() {
        let mut store = store();
        let mut other_team = channel("c3", 0);
        other_team.team_id = "t2".into();
        let mut archived = channel("c4", 0);
        archived.delete_at = 5;
        let mut alpha = channel("c2", 1);
        alpha.display_name = "alpha".into();
        let dm = Channel {
            id: "dm".into(),
            name: "me__me".into(),
            channel_type: channel_type::DIRECT.into(),
            ..Channel::default()
        };
        let not_joined = channel("c5", 0);
        for c in [other_team, archived, alpha, dm, not_joined] {
            store.apply_channel(c);
        }
        store.apply_members(vec![
            member("c2", 1),
            member("c3", 0),
            member("c4", 0),
            member("dm", 0),
        ]);
        store.my_members.get_mut("c2").unwrap().mention_count = 1;

        let sidebar = store.sidebar("t1");
        let names: Vec<_> = sidebar.iter().map(|e| e.display_name.as_str()).collect();
        assert_eq!(names, ["alpha", "c1 display", "ann"]);
        assert_eq!(sidebar[2].section, SidebarSection::DirectMessages);
        assert_eq!(sidebar[2].route.path("team"), "/team/messages/@ann");
        assert_eq!(sidebar[2].status.as_deref(), Some("offline"));
        assert_eq!(sidebar[0].route.path("team"), "/team/channels/c2-name");
        assert_eq!(
            ChannelRoute::of_messages("@bob"),
            ChannelRoute::Direct("bob".into())
        );
        assert_eq!(
            ChannelRoute::of_messages("abc"),
            ChannelRoute::Group("abc".into())
        );
        assert_eq!((sidebar[0].unread, sidebar[0].mentions), (true, 1));
        assert_eq!((sidebar[1].unread, sidebar[1].unread_messages), (true, 3));
        mute(&mut store, "c1");
        let muted = &store.sidebar("t1")[1];
        assert_eq!((muted.unread, muted.unread_messages), (false, 0));
        assert!(muted.muted && !sidebar[0].muted);
    }

    #[test]
    fn names_sort_without_regard_to_case() {
        let mut store = store();
        for (id, name) in [("c2", "beta"), ("c3", "Alpha"), ("c4", "Carrot")] {
            let mut named = channel(id, 0);
            named.display_name = name.into();
            store.apply_channel(named);
        }
        store.apply_members(vec![member("c2", 0), member("c3", 0), member("c4", 0)]);
        let names: Vec<_> = store
            .sidebar("t1")
            .into_iter()
            .map(|e| e.display_name)
            .collect();
        assert_eq!(names, ["Alpha", "beta", "c1 display", "Carrot"]);
    }
}
