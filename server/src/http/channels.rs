//! Which channels there are: the user's channel lists, the team's open channels, one channel by id
//! or name, and creating one.

use axum::extract::{Path, State};
use axum::response::Response;
use brisk_model::rules::is_valid_id;
use brisk_model::{Channel, CreateChannelRequest, User};
use rusqlite::Connection;
use serde_json::json;

use super::extract::{ChannelId, TeamId};
use crate::access::{readable_channel, require_team_member};
use crate::db::channels::{self, NewChannel};
use crate::db::teams;
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{created, ok, QueryMap, RawBody};
use crate::ids::now_ms;
use crate::AppState;

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
            readable_by_name(conn, &auth.user, &team_id, &channel_name, include_deleted)
        })
        .await?;
    Ok(ok(&channel))
}

/// The team's channel of that name if `user` may see it (archived ones only when asked), else
/// 404 as Mattermost answers for a channel the caller cannot see.
pub fn readable_by_name(
    conn: &Connection,
    user: &User,
    team_id: &str,
    channel_name: &str,
    include_deleted: bool,
) -> ApiResult<Channel> {
    let channel = channels::get_by_name(conn, team_id, channel_name)?
        .filter(|c| c.delete_at == 0 || include_deleted)
        .ok_or_else(ApiError::channel_name_not_found)?;
    if channel.channel_type == "O" {
        require_team_member(conn, user, team_id)?;
    } else if !channels::is_member(conn, &channel.id, &user.id)? {
        return Err(ApiError::channel_name_not_found());
    }
    Ok(channel)
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
