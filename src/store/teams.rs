//! My teams: memberships and what they let me do.

use brisk_model::{Channel, Team, TeamMember, TeamUnread};

use super::Store;

impl Store {
    /// `GET /users/me/teams/members`.
    pub fn apply_team_members(&mut self, members: Vec<TeamMember>) {
        self.team_members = members
            .into_iter()
            .filter(|member| member.delete_at == 0)
            .map(|member| (member.team_id.clone(), member))
            .collect();
    }

    /// One of my teams changed (`update_team`: renamed, opened or closed). The event leaves out
    /// the invite id, so the one I knew stays.
    pub fn apply_team_updated(&mut self, team: &Team) {
        if let Some(mine) = self.teams.iter_mut().find(|mine| mine.id == team.id) {
            let invite_id = std::mem::take(&mut mine.invite_id);
            *mine = Team {
                invite_id,
                ..team.clone()
            };
        }
    }

    /// Makes `team_id` the team on screen. A search belongs to the team it searched, so moving to
    /// another team closes its pane.
    pub fn enter_team(&mut self, team_id: &str) {
        if self.current_team_id.as_deref() != Some(team_id) {
            self.current_team_id = Some(team_id.to_string());
            self.close_search();
        }
    }

    /// The URL name of one of my teams ("" if unknown).
    pub fn team_name(&self, team_id: &str) -> String {
        self.teams
            .iter()
            .find(|team| team.id == team_id)
            .map(|team| team.name.clone())
            .unwrap_or_default()
    }

    /// The URL name of the team on screen ("" before one is open).
    pub fn current_team_name(&self) -> String {
        self.team_name(self.current_team_id.as_deref().unwrap_or_default())
    }

    /// Whether I administer the team (a team admin, or a system admin anywhere).
    pub fn is_team_admin(&self, team_id: &str) -> bool {
        let system_admin = self.me.as_ref().is_some_and(|me| me.is_system_admin());
        let team_admin = self.team_members.get(team_id).is_some_and(|member| {
            member.scheme_admin || member.roles.split_whitespace().any(|r| r == "team_admin")
        });
        system_admin || team_admin
    }

    /// Whether I administer the channel: its channel admin, or an admin of its team.
    pub fn is_channel_admin(&self, channel_id: &str) -> bool {
        let channel_admin = self
            .my_members
            .get(channel_id)
            .is_some_and(|m| m.roles.split_whitespace().any(|r| r == "channel_admin"));
        let team_id = self
            .channels
            .get(channel_id)
            .map_or("", |c| c.team_id.as_str());
        channel_admin || self.is_team_admin(team_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{event, store};
    use brisk_model::User;
    use serde_json::json;

    fn member(team_id: &str, roles: &str, scheme_admin: bool) -> TeamMember {
        TeamMember {
            team_id: team_id.into(),
            user_id: "me".into(),
            roles: roles.into(),
            scheme_admin,
            ..TeamMember::default()
        }
    }

    #[test]
    fn a_renamed_or_closed_team_shows_at_once_and_keeps_its_invite_id() {
        let mut store = store();
        store.teams = vec![Team {
            id: "t1".into(),
            name: "acme".into(),
            display_name: "Acme".into(),
            invite_id: "inv1".into(),
            allow_open_invite: true,
            ..Team::default()
        }];
        let changed = r#"{"id":"t1","name":"acme","display_name":"Acme Corp","invite_id":"","allow_open_invite":false}"#;
        store.apply_event(&event("update_team", json!({ "team": changed })));
        let team = &store.teams[0];
        assert_eq!(team.display_name, "Acme Corp");
        assert!(!team.allow_open_invite);
        assert_eq!(team.invite_id, "inv1");
        let other = r#"{"id":"t9","name":"other","display_name":"Not mine"}"#;
        store.apply_event(&event("update_team", json!({ "team": other })));
        assert_eq!(store.teams.len(), 1, "a team I am not in is not added");
    }

    #[test]
    fn moving_to_another_team_closes_its_search_but_staying_keeps_it() {
        let mut store = store();
        store.enter_team("t1");
        store.start_search("release");
        store.enter_team("t1");
        assert!(store.search.is_some(), "same team: the search stays");
        store.enter_team("t2");
        assert_eq!(store.current_team_id.as_deref(), Some("t2"));
        assert!(store.search.is_none(), "another team: its pane closes");
    }

    #[test]
    fn team_admins_are_known_by_role_or_scheme_and_system_admins_everywhere() {
        let mut store = store();
        store.apply_team_members(vec![
            member("t1", "team_user team_admin", false),
            member("t2", "team_user", true),
            member("t3", "team_user", false),
            TeamMember {
                delete_at: 5,
                ..member("t4", "team_admin", true)
            },
        ]);
        assert!(store.is_team_admin("t1"));
        assert!(store.is_team_admin("t2"));
        assert!(!store.is_team_admin("t3"));
        assert!(!store.is_team_admin("t4"), "a team I left");

        store.me = Some(User {
            roles: "system_user system_admin".into(),
            ..store.me.clone().unwrap()
        });
        assert!(store.is_team_admin("t3"));
        assert!(
            store.is_channel_admin("c1"),
            "system admins administer every channel"
        );
    }

    #[test]
    fn channel_admins_are_known_by_their_channel_role() {
        let mut store = store();
        assert!(!store.is_channel_admin("c1"));
        store.my_members.get_mut("c1").unwrap().roles = "channel_user channel_admin".into();
        assert!(store.is_channel_admin("c1"));
    }
}

/// What a team's entry in the team switcher shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TeamBadge {
    pub unread: bool,
    pub mentions: i64,
}

impl TeamBadge {
    /// The badge of the server's counts for a team.
    fn counted(counts: &TeamUnread, collapsed_threads: bool) -> Self {
        let (messages, mentions) = if collapsed_threads {
            (counts.msg_count_root, counts.mention_count_root)
        } else {
            (counts.msg_count, counts.mention_count)
        };
        Self {
            unread: messages > 0 || mentions > 0,
            mentions: mentions.max(0),
        }
    }

    /// Both badges in one: unread if either is, their mentions summed.
    pub(super) fn plus(self, other: Self) -> Self {
        Self {
            unread: self.unread || other.unread,
            mentions: self.mentions + other.mentions,
        }
    }
}

impl Store {
    /// My unread counts in each team as the server counted them (`GET /users/me/teams/unread`):
    /// the badges of teams whose channels are not fetched. One request for every team, so
    /// someone in many teams does not fetch each team's channels to see its badge.
    pub fn apply_team_unreads(&mut self, counts: Vec<TeamUnread>) {
        self.team_unreads = counts
            .into_iter()
            .map(|counts| (counts.team_id.clone(), counts))
            .collect();
    }

    /// Whether the team's badge is the server's count rather than the sum over its channels:
    /// its channels are not fetched (those held may be a saved copy's, and stale).
    pub(super) fn team_counted_by_server(&self, team_id: &str) -> bool {
        !self.team_loaded(team_id) && self.team_unreads.contains_key(team_id)
    }

    /// The team's badge: summed over the team's own channels (direct and group messages belong
    /// to no team and are not counted, as in Mattermost) once they are fetched, the server's
    /// count before.
    pub fn team_badge(&self, team_id: &str) -> TeamBadge {
        match self.team_unreads.get(team_id) {
            Some(counts) if !self.team_loaded(team_id) => {
                TeamBadge::counted(counts, self.collapsed_threads)
            }
            _ => self.unread_over(|c| c.team_id == team_id),
        }
    }

    /// The badges of all teams counted by the server, in one.
    pub(super) fn server_counted_badges(&self) -> TeamBadge {
        self.team_unreads
            .values()
            .filter(|counts| self.team_counted_by_server(&counts.team_id))
            .map(|counts| TeamBadge::counted(counts, self.collapsed_threads))
            .fold(TeamBadge::default(), TeamBadge::plus)
    }

    /// Unread state summed over the live channels I am in that `include` picks.
    pub(super) fn unread_over(&self, include: impl Fn(&Channel) -> bool) -> TeamBadge {
        self.channels
            .values()
            .filter(|c| include(c) && c.delete_at == 0 && self.is_member(&c.id))
            .map(|c| {
                let unread = self.unread(&c.id);
                TeamBadge {
                    unread: unread.is_unread(),
                    mentions: unread.mentions,
                }
            })
            .fold(TeamBadge::default(), TeamBadge::plus)
    }
}

#[cfg(test)]
mod unread_tests {
    use super::TeamBadge;
    use crate::store::tests::{event_in, in_t2, member, posted_in, store};
    use crate::store::{Followup, TabBadge};
    use brisk_model::TeamUnread;
    use serde_json::json;

    fn counts(team_id: &str, msg_count: i64, mention_count: i64) -> TeamUnread {
        TeamUnread {
            team_id: team_id.into(),
            msg_count,
            msg_count_root: msg_count,
            mention_count,
            mention_count_root: mention_count,
            ..TeamUnread::default()
        }
    }

    #[test]
    fn a_team_not_fetched_shows_the_servers_count_until_its_channels_come() {
        let mut store = store();
        // A saved copy's channel of t2, stale: 1 unread where the server now counts 5 and a
        // mention.
        store.apply_joined(in_t2("o1", 4), member("o1", 3));
        store.apply_team_unreads(vec![counts("t1", 99, 9), counts("t2", 5, 1)]);
        let counted = TeamBadge {
            unread: true,
            mentions: 1,
        };
        assert_eq!(store.team_badge("t2"), counted);
        assert_eq!(
            store.team_badge("t1"),
            TeamBadge {
                unread: true,
                mentions: 0
            },
            "t1's channels are fetched: summed from them"
        );
        assert_eq!(
            store.tab_badge(),
            TabBadge {
                unread: true,
                mentions: 1
            },
            "t2 counted once, as the server counts it"
        );
        assert_eq!(store.team_badge("t3"), TeamBadge::default());

        store.apply_team_channels("t2", vec![in_t2("o1", 6)], vec![member("o1", 6)]);
        assert_eq!(store.team_badge("t2"), TeamBadge::default());
        assert_eq!(store.tab_badge().mentions, 0);
    }

    #[test]
    fn events_in_a_team_not_fetched_fetch_it_or_its_counts() {
        let mut store = store();
        store.apply_joined(in_t2("o1", 4), member("o1", 3));
        store.apply_team_unreads(vec![counts("t2", 5, 0)]);
        // A post in a held channel of t2: not counted on a saved copy, its team is fetched.
        assert_eq!(
            store.apply_event(&posted_in("o1", "p1")),
            Some(Followup::LoadChannel("o1".into()))
        );
        // Read elsewhere: the server's count changed.
        let viewed =
            |channel_id: &str| event_in("channel_viewed", json!({ "channel_id": channel_id }), "");
        assert_eq!(
            store.apply_event(&viewed("o1")),
            Some(Followup::LoadTeamUnreads)
        );
        assert_eq!(
            store.apply_event(&viewed("c1")),
            None,
            "t1 is followed here"
        );
    }

    #[test]
    fn a_teams_badge_sums_its_channels_but_not_direct_messages() {
        let mut store = store();
        store.apply_joined(in_t2("o1", 4), member("o1", 4));
        assert_eq!(store.team_badge("t2"), TeamBadge::default());
        store.my_members.get_mut("o1").unwrap().mention_count = 2;
        store.channels.get_mut("o1").unwrap().total_msg_count = 6;
        assert_eq!(
            store.team_badge("t2"),
            TeamBadge {
                unread: true,
                mentions: 2
            }
        );
        assert_eq!(
            store.team_badge("t1"),
            TeamBadge {
                unread: true,
                mentions: 0
            }
        );
        assert_eq!(store.team_badge("t3"), TeamBadge::default());
    }
}
