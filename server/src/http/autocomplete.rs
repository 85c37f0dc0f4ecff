//! Finding people and channels by the start of a name, as Mattermost's apps do while one types
//! `@…` or `~…` and in their "add people" and "direct message" pickers.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use brisk_model::rules::is_valid_id;
use brisk_model::{Channel, User};
use serde::Deserialize;
use serde_json::json;

use super::extract::TeamId;
use crate::access::{readable_channel, require_team_member};
use crate::db::channels;
use crate::db::users::{self, Activity, ListFilter};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, QueryMap, RawBody};
use crate::AppState;

/// Mattermost's default and largest number of suggestions.
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;
/// Most people looked through for one answer (a community far larger than brisk's would want an
/// index on names instead).
const SCAN_LIMIT: i64 = 10_000;
/// Longest search term accepted.
const TERM_MAX: usize = 64;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/autocomplete", get(users_autocomplete))
        .route("/users/search", post(users_search))
        .route(
            "/teams/{team_id}/channels/autocomplete",
            get(channels_autocomplete),
        )
}

/// Whether `term` (lower case) starts the user's username, first or last name, full name or
/// nickname; an empty term matches everyone.
fn user_matches(user: &User, term: &str) -> bool {
    let full_name = format!("{} {}", user.first_name, user.last_name);
    [
        user.username.as_str(),
        user.first_name.as_str(),
        user.last_name.as_str(),
        full_name.as_str(),
        user.nickname.as_str(),
    ]
    .iter()
    .any(|name| name.to_lowercase().starts_with(term))
}

fn checked_term(raw: &str) -> ApiResult<String> {
    let term = raw.trim().trim_start_matches(['@', '~']).to_lowercase();
    if term.chars().count() > TERM_MAX {
        return Err(ApiError::invalid_url_param("name"));
    }
    Ok(term)
}

fn optional_id(value: &str, name: &str) -> ApiResult<Option<String>> {
    match value {
        "" => Ok(None),
        id if is_valid_id(id) => Ok(Some(id.to_string())),
        _ => Err(ApiError::invalid_url_param(name)),
    }
}

/// The people `filter` selects whose names `term` starts, at most `limit`. The caller must be on
/// the team and able to read the channels the filter names.
fn matching_users(
    conn: &rusqlite::Connection,
    caller: &User,
    filter: &ListFilter,
    term: &str,
    limit: i64,
) -> ApiResult<Vec<User>> {
    if let Some(team_id) = &filter.in_team {
        require_team_member(conn, caller, team_id)?;
    }
    for channel_id in [&filter.in_channel, &filter.not_in_channel]
        .into_iter()
        .flatten()
    {
        readable_channel(conn, caller, channel_id)?;
    }
    let limit = usize::try_from(limit.clamp(1, MAX_LIMIT)).unwrap_or(0);
    Ok(users::list(conn, filter, 0, SCAN_LIMIT)?
        .into_iter()
        .filter(|user| user_matches(user, term))
        .take(limit)
        .collect())
}

/// `GET /users/autocomplete?in_team=&in_channel=&name=&limit=`: `{users}` in the channel (or
/// team), and with a channel, `{out_of_channel}` the team's other people.
async fn users_autocomplete(
    State(state): State<AppState>,
    auth: Auth,
    query: QueryMap,
) -> ApiResult<Response> {
    let term = checked_term(query.str("name"))?;
    // Mattermost reads `in_team`/`in_channel` (as its apps send them); its OpenAPI source names
    // them `team_id`/`channel_id`: either is taken.
    let either = |sent: &str, documented: &str| {
        Some(query.str(sent))
            .filter(|v| !v.is_empty())
            .unwrap_or(query.str(documented))
            .to_string()
    };
    let in_team = optional_id(&either("in_team", "team_id"), "in_team")?;
    let in_channel = optional_id(&either("in_channel", "channel_id"), "in_channel")?;
    if in_team.is_none() && in_channel.is_none() {
        return Err(ApiError::invalid_url_param("in_team"));
    }
    let limit = query.int("limit", DEFAULT_LIMIT)?;
    let answer = state
        .db
        .read(move |conn| {
            let members = ListFilter {
                in_team: in_team.clone(),
                in_channel: in_channel.clone(),
                ..ListFilter::default()
            };
            let users = matching_users(conn, &auth.user, &members, &term, limit)?;
            if in_channel.is_none() || in_team.is_none() {
                return Ok(json!({ "users": users }));
            }
            let others = ListFilter {
                in_team,
                not_in_channel: in_channel,
                ..ListFilter::default()
            };
            let out_of_channel = matching_users(conn, &auth.user, &others, &term, limit)?;
            Ok(json!({ "users": users, "out_of_channel": out_of_channel }))
        })
        .await?;
    Ok(ok(&answer))
}

/// `POST /users/search`'s body (the fields this server filters by).
#[derive(Deserialize, Default)]
#[serde(default)]
struct UserSearch {
    term: String,
    team_id: String,
    in_channel_id: String,
    not_in_channel_id: String,
    allow_inactive: bool,
    limit: i64,
}

/// `POST /users/search {term, team_id?, in_channel_id?, not_in_channel_id?, allow_inactive?,
/// limit?}`. Without a team, the people who share a team with the caller, or everyone for a
/// system admin (the System console's search); deactivated accounts only with `allow_inactive`.
async fn users_search(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let request: UserSearch = body.parse("search")?;
    let term = checked_term(&request.term).map_err(|_| ApiError::invalid_body("term"))?;
    let in_team =
        optional_id(&request.team_id, "team_id").map_err(|_| ApiError::invalid_body("team_id"))?;
    let ids = |value: &str, name: &str| {
        optional_id(value, name).map_err(|_| ApiError::invalid_body(name))
    };
    let in_channel = ids(&request.in_channel_id, "in_channel_id")?;
    let not_in_channel = ids(&request.not_in_channel_id, "not_in_channel_id")?;
    let limit = if request.limit > 0 {
        request.limit
    } else {
        DEFAULT_LIMIT
    };
    let activity = if request.allow_inactive {
        Activity::Either
    } else {
        Activity::Active
    };
    let found = state
        .db
        .read(move |conn| {
            let teams: Vec<Option<String>> = match in_team {
                Some(team_id) => vec![Some(team_id)],
                None if auth.is_system_admin() => vec![None],
                None => crate::db::teams::for_user(conn, &auth.user.id)?
                    .into_iter()
                    .map(|t| Some(t.id))
                    .collect(),
            };
            let mut found: Vec<User> = Vec::new();
            for in_team in teams {
                let filter = ListFilter {
                    in_team,
                    in_channel: in_channel.clone(),
                    not_in_channel: not_in_channel.clone(),
                    activity,
                    admins_only: false,
                };
                for user in matching_users(conn, &auth.user, &filter, &term, limit)? {
                    if !found.iter().any(|u| u.id == user.id) {
                        found.push(user);
                    }
                }
            }
            found.sort_by(|a, b| a.username.cmp(&b.username));
            found.truncate(usize::try_from(limit.clamp(1, MAX_LIMIT)).unwrap_or(0));
            Ok(found)
        })
        .await?;
    Ok(ok(&found))
}

/// `GET /teams/{team_id}/channels/autocomplete?name=`: the team's open channels and the caller's
/// private ones whose name or display name `name` starts.
async fn channels_autocomplete(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
    query: QueryMap,
) -> ApiResult<Response> {
    let term = checked_term(query.str("name"))?;
    let found = state
        .db
        .read(move |conn| {
            require_team_member(conn, &auth.user, &team_id)?;
            let mut found: Vec<Channel> = channels::public_in_team(conn, &team_id, 0, SCAN_LIMIT)?;
            for channel in channels::for_user_in_team(conn, &auth.user.id, &team_id)? {
                if channel.team_id == team_id && !found.iter().any(|c| c.id == channel.id) {
                    found.push(channel);
                }
            }
            found.retain(|c| {
                c.name.to_lowercase().starts_with(&term)
                    || c.display_name.to_lowercase().starts_with(&term)
            });
            found.sort_by(|a, b| a.display_name.cmp(&b.display_name));
            found.truncate(usize::try_from(DEFAULT_LIMIT).unwrap_or(0));
            Ok(found)
        })
        .await?;
    Ok(ok(&found))
}
