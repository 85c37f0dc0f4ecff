use brisk_model::{Team, TeamMember, TeamUnread};

use super::http::{get, get_as, post, OnUnauthorized};
use super::{segment, ApiError};

/// `GET /users/me/teams`.
pub async fn my_teams() -> Result<Vec<Team>, ApiError> {
    get("/users/me/teams").await
}

/// `GET /users/me/teams/members`: my memberships, with the roles that make me a team admin.
pub async fn my_team_members() -> Result<Vec<TeamMember>, ApiError> {
    get("/users/me/teams/members").await
}

/// `GET /users/me/teams/unread`: my unread counts in each of my teams.
pub async fn my_team_unreads() -> Result<Vec<TeamUnread>, ApiError> {
    get("/users/me/teams/unread").await
}

/// `GET /teams/invite/{invite_id}` (no session needed): the team an invite link leads to, with
/// only `id`, `name`, `display_name` and `description` filled.
pub async fn team_of_invite(invite_id: &str) -> Result<Team, ApiError> {
    get_as(
        &format!("/teams/invite/{}", segment(invite_id)),
        OnUnauthorized::Report,
    )
    .await
}

/// `POST /teams/members/invite?invite_id=`: the signed-in user joins the team of an invite link.
pub async fn join_team_by_invite(invite_id: &str) -> Result<TeamMember, ApiError> {
    post(
        &format!("/teams/members/invite?invite_id={}", segment(invite_id)),
        &serde_json::Map::new(),
        OnUnauthorized::EndSession,
    )
    .await
}
