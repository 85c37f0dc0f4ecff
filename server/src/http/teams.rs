//! `/teams`: creating teams, membership and invite links.

use super::extract::TeamId;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use brisk_model::{event_name, Team, TeamMember};
use serde::Deserialize;
use serde_json::json;

use super::users::require_admin;
use crate::db::teams::{self, NewTeam, TeamPatch, TEAM_OPEN};
use crate::db::users;
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{created, ok, QueryMap, RawBody};
use crate::ids::now_ms;
use crate::membership;
use crate::AppState;

/// `POST /teams` body.
#[derive(Deserialize, Default)]
#[serde(default)]
struct CreateTeamRequest {
    name: String,
    display_name: String,
    description: String,
    #[serde(rename = "type")]
    team_type: String,
}

fn invite_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "app.team.get_by_invite_id.finding.app_error",
        "Unable to find the existing team.",
    )
}

/// The team whose invite link this is, while it is open to people with the link.
pub fn open_team_by_invite(conn: &rusqlite::Connection, invite_id: &str) -> ApiResult<Team> {
    teams::get_by_invite_id(conn, invite_id)?
        .filter(|team| team.allow_open_invite)
        .ok_or_else(invite_not_found)
}

/// `POST /teams` (system admins): the team, its default channels, the creator as team admin.
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    require_admin(&auth)?;
    let request: CreateTeamRequest = body.parse("team")?;
    let (team, outbox) = state
        .db
        .write(move |tx| {
            let mut outbox = Outbox::default();
            let new = NewTeam {
                name: &request.name,
                display_name: &request.display_name,
                description: &request.description,
                team_type: &request.team_type,
            };
            let (team, _) = membership::create_team(tx, &new, &auth.user, now_ms(), &mut outbox)?;
            Ok((team, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(created(&team))
}

/// A team the caller may see: a member's team, an open team, or any team for an admin.
fn visible(
    conn: &rusqlite::Connection,
    auth_user: &brisk_model::User,
    team: Option<Team>,
    not_found: ApiError,
) -> ApiResult<Team> {
    let team = team.filter(|t| t.delete_at == 0).ok_or(not_found)?;
    let allowed = team.allow_open_invite
        || auth_user.is_system_admin()
        || teams::get_member(conn, &team.id, &auth_user.id)?.is_some();
    if allowed {
        Ok(team)
    } else {
        Err(ApiError::forbidden())
    }
}

/// `GET /teams/{team_id}`.
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
) -> ApiResult<Response> {
    let team = state
        .db
        .read(move |conn| {
            visible(
                conn,
                &auth.user,
                teams::get(conn, &team_id)?,
                ApiError::team_not_found(),
            )
        })
        .await?;
    Ok(ok(&team))
}

/// `GET /teams/name/{name}`.
pub async fn get_by_name(
    State(state): State<AppState>,
    auth: Auth,
    Path(name): Path<String>,
) -> ApiResult<Response> {
    let not_found = ApiError::new(
        StatusCode::NOT_FOUND,
        "app.team.get_by_name.missing.app_error",
        "Unable to find the existing team.",
    );
    let team = state
        .db
        .read(move |conn| {
            visible(
                conn,
                &auth.user,
                teams::get_by_name(conn, &name)?,
                not_found,
            )
        })
        .await?;
    Ok(ok(&team))
}

/// The live team `team_id`, if the caller may manage it (a system admin or one of its team admins).
fn managed_team(conn: &rusqlite::Connection, auth: &Auth, team_id: &str) -> ApiResult<Team> {
    let team = teams::get(conn, team_id)?
        .filter(|t| t.delete_at == 0)
        .ok_or_else(ApiError::team_not_found)?;
    if crate::access::is_team_admin(conn, &auth.user, team_id)? {
        Ok(team)
    } else {
        Err(ApiError::forbidden())
    }
}

/// `PUT /teams/{team_id}/patch` body: the fields this server keeps (Mattermost's others, such as
/// `company_name`, are not kept here and are refused rather than dropped).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchTeamRequest {
    display_name: Option<String>,
    description: Option<String>,
    allow_open_invite: Option<bool>,
}

/// `PUT /teams/{team_id}/patch` (system or team admins): rename, describe, open or close.
pub async fn patch(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: PatchTeamRequest = body.parse("team")?;
    let (team, outbox) = state
        .db
        .write(move |tx| {
            let team = managed_team(tx, &auth, &team_id)?;
            let patch = TeamPatch {
                display_name: request.display_name,
                description: request.description,
                allow_open_invite: request.allow_open_invite,
            };
            let updated = teams::update(tx, &team, &patch, now_ms())?;
            let outbox = team_updated(tx, &updated)?;
            Ok((updated, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&team))
}

/// Mattermost's `update_team` for the team's members: the team as it now reads, without its
/// invite id (members learn the link from an admin, as in Mattermost).
fn team_updated(conn: &rusqlite::Connection, team: &Team) -> ApiResult<Outbox> {
    let shown = Team {
        invite_id: String::new(),
        ..team.clone()
    };
    let mut outbox = Outbox::default();
    outbox.event(
        event_name::UPDATE_TEAM,
        json!({ "team": serde_json::to_string(&shown).map_err(ApiError::internal)? }),
        Audience::Team {
            team_id: team.id.clone(),
            member_ids: teams::member_ids(conn, &team.id)?,
        },
    );
    Ok(outbox)
}

/// `POST /teams/{team_id}/regenerate_invite_id` (system or team admins): a new invite link; the
/// old one stops working.
pub async fn regenerate_invite_id(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
) -> ApiResult<Response> {
    let (team, outbox) = state
        .db
        .write(move |tx| {
            managed_team(tx, &auth, &team_id)?;
            teams::regenerate_invite_id(tx, &team_id, now_ms())?;
            let team = teams::get(tx, &team_id)?.ok_or_else(ApiError::team_not_found)?;
            let outbox = team_updated(tx, &team)?;
            Ok((team, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&team))
}

/// `GET /users/me/teams`.
pub async fn mine(State(state): State<AppState>, auth: Auth) -> ApiResult<Response> {
    let teams = state
        .db
        .read(move |conn| teams::for_user(conn, &auth.user.id))
        .await?;
    Ok(ok(&teams))
}

/// `GET /users/me/teams/members`.
pub async fn my_members(State(state): State<AppState>, auth: Auth) -> ApiResult<Response> {
    let members = state
        .db
        .read(move |conn| teams::members_for_user(conn, &auth.user.id))
        .await?;
    Ok(ok(&members))
}

/// `POST /teams/{team_id}/members {team_id, user_id}`: a team or system admin adds someone, or a
/// user joins an open team themselves.
pub async fn add_member(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: TeamMember = body.parse("team_member")?;
    if request.user_id.is_empty() || (!request.team_id.is_empty() && request.team_id != team_id) {
        return Err(ApiError::invalid_body("team_member"));
    }
    let (member, outbox) = state
        .db
        .write(move |tx| {
            let team = teams::get(tx, &team_id)?
                .filter(|t| t.delete_at == 0)
                .ok_or_else(ApiError::team_not_found)?;
            let caller_is_team_admin =
                teams::get_member(tx, &team.id, &auth.user.id)?.is_some_and(|m| m.scheme_admin);
            let self_join_open = request.user_id == auth.user.id && team.allow_open_invite;
            if !(auth.is_system_admin() || caller_is_team_admin || self_join_open) {
                return Err(ApiError::forbidden());
            }
            let user = users::get(tx, &request.user_id)?.ok_or_else(ApiError::user_not_found)?;
            let mut outbox = Outbox::default();
            let member = membership::join_team(tx, &team, &user, false, now_ms(), &mut outbox)?;
            Ok((member, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(created(&member))
}

/// `GET /teams/invite/{invite_id}` (no session): what the invite page shows. As Mattermost, only
/// open teams answer; the body is these four fields, never the whole team.
pub async fn invite_info(
    State(state): State<AppState>,
    Path(invite_id): Path<String>,
) -> ApiResult<Response> {
    let team = state
        .db
        .read(move |conn| teams::get_by_invite_id(conn, &invite_id))
        .await?
        .ok_or_else(invite_not_found)?;
    if team.team_type != TEAM_OPEN {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "api.team.get_invite_info.not_open_team",
            "Invite is invalid because this is not an open team.",
        ));
    }
    Ok(ok(&json!({
        "display_name": team.display_name,
        "description": team.description,
        "name": team.name,
        "id": team.id,
    })))
}

/// `POST /teams/members/invite?invite_id=`: the logged-in user joins by invite link.
pub async fn join_by_invite(
    State(state): State<AppState>,
    auth: Auth,
    query: QueryMap,
) -> ApiResult<Response> {
    let invite_id = query.str("invite_id").to_string();
    if invite_id.is_empty() {
        return Err(ApiError::invalid_url_param("invite_id"));
    }
    let (member, outbox) = state
        .db
        .write(move |tx| {
            let team = open_team_by_invite(tx, &invite_id)?;
            let mut outbox = Outbox::default();
            let member =
                membership::join_team(tx, &team, &auth.user, false, now_ms(), &mut outbox)?;
            Ok((member, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(created(&member))
}
