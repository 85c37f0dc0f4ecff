//! A user's channels and unread counts across all their teams, which Mattermost's apps fetch in one
//! go on start: `/users/{user_id}/channels`, `/users/{user_id}/channel_members` and the unread
//! counts per team. Only the caller's own.

use std::collections::HashSet;

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use brisk_model::{Channel, ChannelMember, TeamUnread};
use rusqlite::Connection;

use super::extract::{TeamId, UserId};
use crate::access::team_member_missing;
use crate::db::{channels, teams};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, QueryMap};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/channels", get(all_channels))
        .route("/users/{user_id}/channel_members", get(all_members))
        .route("/users/{user_id}/teams/unread", get(unread_by_team))
        .route(
            "/users/{user_id}/teams/{team_id}/unread",
            get(unread_in_team),
        )
}

fn own_id(auth: &Auth, user: UserId) -> ApiResult<String> {
    if user.is(auth) {
        Ok(auth.user.id.clone())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Every live channel the user is in, each once (direct and group ones belong to no team), with
/// the user's membership of it.
fn channels_with_members(
    conn: &Connection,
    user_id: &str,
) -> ApiResult<Vec<(Channel, ChannelMember)>> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    // Direct and group channels are listed with every team, and with none when the user has none.
    let mut team_ids: Vec<String> = teams::for_user(conn, user_id)?
        .into_iter()
        .map(|t| t.id)
        .collect();
    team_ids.push(String::new());
    for team_id in team_ids {
        let members = channels::members_for_user_in_team(conn, user_id, &team_id)?;
        for channel in channels::for_user_in_team(conn, user_id, &team_id)? {
            if !seen.insert(channel.id.clone()) {
                continue;
            }
            if let Some(member) = members.iter().find(|m| m.channel_id == channel.id) {
                found.push((channel, member.clone()));
            }
        }
    }
    Ok(found)
}

/// `GET /users/{user_id}/channels`: every channel the user is in, on every team.
async fn all_channels(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let found: Vec<Channel> = state
        .db
        .read(move |conn| channels_with_members(conn, &user_id))
        .await?
        .into_iter()
        .map(|(channel, _)| channel)
        .collect();
    Ok(ok(&found))
}

/// `GET /users/{user_id}/channel_members?page&per_page`: the user's memberships, a page at a time.
async fn all_members(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    query: QueryMap,
) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let page = query.page()?;
    let found: Vec<ChannelMember> = state
        .db
        .read(move |conn| channels_with_members(conn, &user_id))
        .await?
        .into_iter()
        .map(|(_, member)| member)
        .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(page.per_page).unwrap_or(0))
        .collect();
    Ok(ok(&found))
}

/// The user's unread counts on each of `team_ids`, from the team's own channels.
fn unread_counts(
    conn: &Connection,
    user_id: &str,
    team_ids: Vec<String>,
) -> ApiResult<Vec<TeamUnread>> {
    let mut counts = Vec::with_capacity(team_ids.len());
    for team_id in team_ids {
        let members = channels::members_for_user_in_team(conn, user_id, &team_id)?;
        // Threads are never collapsed here, so the thread counts stay 0.
        let mut unread = TeamUnread {
            team_id: team_id.clone(),
            ..TeamUnread::default()
        };
        for channel in channels::for_user_in_team(conn, user_id, &team_id)? {
            if channel.team_id != team_id {
                continue;
            }
            let Some(member) = members.iter().find(|m| m.channel_id == channel.id) else {
                continue;
            };
            // As Mattermost: a muted channel's messages make no team unread, its mentions do.
            if member.notify_props.mark_unread != "mention" {
                unread.msg_count += (channel.total_msg_count - member.msg_count).max(0);
                unread.msg_count_root +=
                    (channel.total_msg_count_root - member.msg_count_root).max(0);
            }
            unread.mention_count += member.mention_count;
            unread.mention_count_root += member.mention_count_root;
        }
        counts.push(unread);
    }
    Ok(counts)
}

/// `GET /users/{user_id}/teams/unread[?exclude_team=]`: unread counts on each of the user's teams.
async fn unread_by_team(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    query: QueryMap,
) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let excluded = query.str("exclude_team").to_string();
    let counts = state
        .db
        .read(move |conn| {
            let team_ids = teams::for_user(conn, &user_id)?
                .into_iter()
                .map(|t| t.id)
                .filter(|id| *id != excluded)
                .collect();
            unread_counts(conn, &user_id, team_ids)
        })
        .await?;
    Ok(ok(&counts))
}

/// `GET /users/{user_id}/teams/{team_id}/unread`: the counts on one of the user's teams.
async fn unread_in_team(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let mut counts = state
        .db
        .read(move |conn| {
            if teams::get_member(conn, &team_id, &user_id)?.is_none() {
                return Err(team_member_missing());
            }
            unread_counts(conn, &user_id, vec![team_id])
        })
        .await?;
    let count = counts
        .pop()
        .ok_or_else(|| ApiError::internal("no counts"))?;
    Ok(ok(&count))
}
