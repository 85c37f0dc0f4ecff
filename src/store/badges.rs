//! Unread summaries beyond one channel: per team (for the user's other teams) and for the whole
//! session (the tab title and favicon).

use brisk_model::Channel;

use super::Store;

/// A team's unread state, summed over its channels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct TeamBadge {
    pub team_id: String,
    /// URL name.
    pub name: String,
    pub display_name: String,
    /// Some channel of the team is unread (muted channels only count their mentions).
    pub unread: bool,
    pub mentions: i64,
}

/// What the tab shows: "(3) brisk" with mentions, "* brisk" with only unread messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TabBadge {
    pub unread: bool,
    pub mentions: i64,
}

impl TabBadge {
    /// The document title.
    pub fn title(&self, site_name: &str) -> String {
        if self.mentions > 0 {
            format!("({}) {site_name}", self.mentions)
        } else if self.unread {
            format!("* {site_name}")
        } else {
            site_name.to_string()
        }
    }
}

impl Store {
    /// My channels, each once (direct and group channels belong to no team).
    fn my_channels(&self) -> impl Iterator<Item = &Channel> {
        self.channels
            .values()
            .filter(|c| c.delete_at == 0 && self.my_members.contains_key(&c.id))
    }

    /// Badges for my teams other than `current_team_id`, in the server's order. Direct and group
    /// messages show in every team's sidebar, so they count for none.
    pub fn other_team_badges(&self, current_team_id: &str) -> Vec<TeamBadge> {
        self.teams
            .iter()
            .filter(|team| team.id != current_team_id)
            .map(|team| {
                let mut badge = TeamBadge {
                    team_id: team.id.clone(),
                    name: team.name.clone(),
                    display_name: team.display_name.clone(),
                    ..TeamBadge::default()
                };
                for channel in self.my_channels().filter(|c| c.team_id == team.id) {
                    let unread = self.unread(&channel.id);
                    badge.unread |= unread.is_unread();
                    badge.mentions += unread.mentions;
                }
                badge
            })
            .collect()
    }

    /// The unread state of everything I can read, across all teams.
    pub fn tab_badge(&self) -> TabBadge {
        self.my_channels()
            .map(|channel| self.unread(&channel.id))
            .fold(TabBadge::default(), |badge, unread| TabBadge {
                unread: badge.unread || unread.is_unread(),
                mentions: badge.mentions + unread.mentions,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{channel, member, store};
    use brisk_model::Team;

    fn team(id: &str) -> Team {
        Team {
            id: id.into(),
            name: format!("{id}-name"),
            display_name: format!("Team {id}"),
            ..Team::default()
        }
    }

    /// In teams t1 (c1: 3 unread) and t2 (c2: 2 mentions; c3 muted with 4 messages; c4 not
    /// mine), with a DM holding 1 mention.
    fn two_teams() -> Store {
        let mut store = store();
        store.apply_teams(vec![team("t1"), team("t2")]);
        let in_t2 = |id: &str, total: i64| Channel {
            team_id: "t2".into(),
            ..channel(id, total)
        };
        let dm = Channel {
            team_id: String::new(),
            ..channel("dm", 1)
        };
        for c in [in_t2("c2", 2), in_t2("c3", 4), in_t2("c4", 9), dm] {
            store.apply_channel(c);
        }
        let mut members = vec![member("c2", 2), member("c3", 0), member("dm", 1)];
        members[0].mention_count = 2;
        members[1].notify_props.mark_unread = "mention".into();
        members[2].mention_count = 1;
        store.apply_members(members);
        store
    }

    #[test]
    fn other_teams_sum_their_channels_without_direct_messages() {
        let store = two_teams();
        let badges = store.other_team_badges("t1");
        assert_eq!(badges.len(), 1);
        assert_eq!(
            (
                badges[0].team_id.as_str(),
                badges[0].unread,
                badges[0].mentions
            ),
            ("t2", true, 2)
        );
        assert_eq!(badges[0].name, "t2-name");
        let from_t2 = store.other_team_badges("t2");
        assert_eq!((from_t2[0].unread, from_t2[0].mentions), (true, 0));
    }

    #[test]
    fn a_team_with_only_a_muted_channel_unread_is_not_unread() {
        let mut store = two_teams();
        store.mark_channel_read("c2", 0);
        assert_eq!(
            store.other_team_badges("t1")[0],
            TeamBadge {
                team_id: "t2".into(),
                name: "t2-name".into(),
                display_name: "Team t2".into(),
                unread: false,
                mentions: 0
            }
        );
    }

    #[test]
    fn the_tab_counts_mentions_everywhere_once_and_falls_back_to_a_star() {
        let mut store = two_teams();
        let badge = store.tab_badge();
        assert_eq!(
            badge,
            TabBadge {
                unread: true,
                mentions: 3
            }
        );
        assert_eq!(badge.title("brisk"), "(3) brisk");
        for id in ["c2", "dm"] {
            store.mark_channel_read(id, 0);
        }
        assert_eq!(store.tab_badge().title("brisk"), "* brisk");
        store.mark_channel_read("c1", 0);
        assert_eq!(store.tab_badge().title("brisk"), "brisk");
    }
}
