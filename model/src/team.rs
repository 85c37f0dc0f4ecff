use serde::Serialize;

/// A team ("workspace").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct Team {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub display_name: String,
    pub name: String,
    pub description: String,
    pub email: String,
    /// "O" open, "I" invite only.
    #[serde(rename = "type")]
    pub team_type: String,
    pub invite_id: String,
    pub allow_open_invite: bool,
    pub allowed_domains: String,
}

crate::deserialize_into_default!(Team {
    id, create_at, update_at, delete_at, display_name, name, description, email, team_type = "type",
    invite_id, allow_open_invite, allowed_domains,
});

/// A user's membership of a team.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct TeamMember {
    pub team_id: String,
    pub user_id: String,
    pub roles: String,
    pub delete_at: i64,
    pub scheme_user: bool,
    pub scheme_admin: bool,
}

crate::deserialize_into_default!(TeamMember {
    team_id,
    user_id,
    roles,
    delete_at,
    scheme_user,
    scheme_admin,
});

/// My unread counts in one team (`GET /users/{user_id}/teams/unread`), summed over the team's
/// channels I am in; a muted channel's messages are not counted, its mentions are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct TeamUnread {
    pub team_id: String,
    pub msg_count: i64,
    pub mention_count: i64,
    pub mention_count_root: i64,
    pub msg_count_root: i64,
    pub thread_count: i64,
    pub thread_mention_count: i64,
    pub thread_urgent_mention_count: i64,
}

crate::deserialize_into_default!(TeamUnread {
    team_id,
    msg_count,
    mention_count,
    mention_count_root,
    msg_count_root,
    thread_count,
    thread_mention_count,
    thread_urgent_mention_count,
});
