//! My teams: memberships and what they let me do.

use brisk_model::TeamMember;

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

    /// Whether I administer the team (a team admin, or a system admin anywhere).
    pub fn is_team_admin(&self, team_id: &str) -> bool {
        let system_admin = self.me.as_ref().is_some_and(|me| me.is_system_admin());
        let team_admin = self.team_members.get(team_id).is_some_and(|member| {
            member.scheme_admin || member.roles.split_whitespace().any(|r| r == "team_admin")
        });
        system_admin || team_admin
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::store;
    use brisk_model::User;

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
    }
}
