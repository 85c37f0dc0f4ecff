//! `/channels` and the user's channel lists: reading, creating, joining, marking read.

use std::collections::HashMap;

use super::extract::{ChannelId, TeamId};
use axum::extract::{Path, State};
use axum::response::Response;
use brisk_model::{CreateChannelRequest, ViewChannelRequest};
use serde::Deserialize;
use serde_json::json;

use crate::access::{readable_channel, require_team_member, team_member_missing};
use crate::db::channels::{self, NewChannel};
use crate::db::{teams, users};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{created, ok, QueryMap, RawBody};
use crate::ids::now_ms;
use crate::membership::{self, JoinedBy, POST_JOIN_CHANNEL};
use crate::AppState;
use brisk_model::rules::is_valid_id;

/// `GET /users/me/teams/{team_id}/channels`.
pub async fn mine(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
) -> ApiResult<Response> {
    let channels = state
        .db
        .read(move |conn| {
            require_team_member(conn, &auth.user, &team_id)?;
            channels::for_user_in_team(conn, &auth.user.id, &team_id)
        })
        .await?;
    Ok(ok(&channels))
}

/// `GET /users/me/teams/{team_id}/channels/members`.
pub async fn my_members(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
) -> ApiResult<Response> {
    let members = state
        .db
        .read(move |conn| {
            require_team_member(conn, &auth.user, &team_id)?;
            channels::members_for_user_in_team(conn, &auth.user.id, &team_id)
        })
        .await?;
    Ok(ok(&members))
}

/// `GET /teams/{team_id}/channels`: the team's open channels, for browsing.
pub async fn public(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
    query: QueryMap,
) -> ApiResult<Response> {
    let page = query.page()?;
    let channels = state
        .db
        .read(move |conn| {
            require_team_member(conn, &auth.user, &team_id)?;
            channels::public_in_team(conn, &team_id, page.offset(), page.per_page)
        })
        .await?;
    Ok(ok(&channels))
}

/// The channel name of a by-name path.
#[derive(serde::Deserialize)]
pub struct ChannelNamePath {
    channel_name: String,
}

/// `GET /teams/{team_id}/channels/name/{channel_name}[?include_deleted=true]`. A private channel the caller is not in
/// answers 404, as Mattermost does, so its existence does not leak.
pub async fn get_by_name(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
    Path(ChannelNamePath { channel_name }): Path<ChannelNamePath>,
    query: QueryMap,
) -> ApiResult<Response> {
    let include_deleted = query.str("include_deleted") == "true";
    let channel = state
        .db
        .read(move |conn| {
            let channel = channels::get_by_name(conn, &team_id, &channel_name)?
                .filter(|c| c.delete_at == 0 || include_deleted)
                .ok_or_else(ApiError::channel_name_not_found)?;
            if channel.channel_type == "O" {
                require_team_member(conn, &auth.user, &team_id)?;
            } else if !channels::is_member(conn, &channel.id, &auth.user.id)? {
                return Err(ApiError::channel_name_not_found());
            }
            Ok(channel)
        })
        .await?;
    Ok(ok(&channel))
}

/// `GET /channels/{channel_id}`.
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
) -> ApiResult<Response> {
    let channel = state
        .db
        .read(move |conn| readable_channel(conn, &auth.user, &channel_id))
        .await?;
    Ok(ok(&channel))
}

/// `POST /channels`: an open or private channel; the creator becomes its admin.
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let request: CreateChannelRequest = body.parse("channel")?;
    if !is_valid_id(&request.team_id) {
        return Err(ApiError::invalid_body("team_id"));
    }
    let (channel, outbox) = state
        .db
        .write(move |tx| {
            if teams::get_member(tx, &request.team_id, &auth.user.id)?.is_none() {
                return Err(ApiError::forbidden());
            }
            let now = now_ms();
            let channel = channels::insert(
                tx,
                &NewChannel {
                    team_id: &request.team_id,
                    name: &request.name,
                    display_name: &request.display_name,
                    header: &request.header,
                    purpose: &request.purpose,
                    channel_type: &request.channel_type,
                    creator_id: &auth.user.id,
                },
                now,
            )?;
            channels::add_member(tx, &channel, &auth.user.id, true, now)?;
            let mut outbox = Outbox::default();
            outbox
                .joined
                .push((channel.id.clone(), auth.user.id.clone()));
            outbox.event(
                "channel_created",
                json!({ "channel_id": channel.id, "team_id": channel.team_id }),
                Audience::User(auth.user.id.clone()),
            );
            Ok((channel, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(created(&channel))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AddMemberRequest {
    user_id: String,
}

/// `POST /channels/{channel_id}/members {user_id}`: join an open channel, or add a teammate to a
/// channel one belongs to. Writes the join (or "added by") system message.
pub async fn add_member(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: AddMemberRequest = body.parse("user_id")?;
    if !is_valid_id(&request.user_id) {
        return Err(ApiError::invalid_body("user_id"));
    }
    let (member, outbox) = state
        .db
        .write(move |tx| {
            let channel = channels::get(tx, &channel_id)?
                .filter(|c| c.delete_at == 0)
                .ok_or_else(ApiError::channel_not_found)?;
            if channel.channel_type != "O" && channel.channel_type != "P" {
                return Err(ApiError::forbidden());
            }
            let caller_is_member = channels::is_member(tx, &channel.id, &auth.user.id)?;
            let joining_self = request.user_id == auth.user.id;
            let allowed = if joining_self {
                channel.channel_type == "O"
                    && teams::get_member(tx, &channel.team_id, &auth.user.id)?.is_some()
            } else {
                caller_is_member || auth.is_system_admin()
            };
            if !allowed {
                return Err(ApiError::forbidden());
            }
            let user = users::get(tx, &request.user_id)?.ok_or_else(ApiError::user_not_found)?;
            if teams::get_member(tx, &channel.team_id, &user.id)?.is_none() {
                return Err(team_member_missing());
            }
            let joined_by = if joining_self {
                JoinedBy::Themselves(POST_JOIN_CHANNEL)
            } else {
                JoinedBy::Member(&auth.user)
            };
            let mut outbox = Outbox::default();
            let member = membership::join_channel(
                tx,
                &channel,
                &user,
                false,
                joined_by,
                now_ms(),
                &mut outbox,
            )?;
            Ok((member, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(created(&member))
}

/// `POST /channels/members/me/view {channel_id, prev_channel_id}`: marks both read and tells the
/// user's other sessions with `multiple_channels_viewed`.
pub async fn view(State(state): State<AppState>, auth: Auth, body: RawBody) -> ApiResult<Response> {
    let request: ViewChannelRequest = body.parse("channel_view")?;
    for (name, id) in [
        ("channel_id", &request.channel_id),
        ("prev_channel_id", &request.prev_channel_id),
    ] {
        if !id.is_empty() && !is_valid_id(id) {
            return Err(ApiError::invalid_body(name));
        }
    }
    let user_id = auth.user.id.clone();
    let times: HashMap<String, i64> = state
        .db
        .write(move |tx| {
            let ids: Vec<&str> = [
                request.channel_id.as_str(),
                request.prev_channel_id.as_str(),
            ]
            .into_iter()
            .filter(|id| !id.is_empty())
            .collect();
            channels::mark_viewed(tx, &user_id, &ids, now_ms())
        })
        .await?;
    if !times.is_empty() {
        let mut outbox = Outbox::default();
        outbox.event(
            brisk_model::event_name::MULTIPLE_CHANNELS_VIEWED,
            json!({ "channel_times": times }),
            Audience::User(auth.user.id.clone()),
        );
        state.publish(outbox);
    }
    Ok(ok(
        &json!({ "status": "OK", "last_viewed_at_times": times }),
    ))
}
