use serde::{Deserialize, Serialize};

/// A team ("workspace").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// A user's membership of a team.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TeamMember {
    pub team_id: String,
    pub user_id: String,
    pub roles: String,
    pub delete_at: i64,
    pub scheme_user: bool,
    pub scheme_admin: bool,
}
