//! Who is in a channel: the user's memberships, listing members, one member, joining or adding
//! someone, leaving or removing someone, member counts (of one channel or of a page of them).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use brisk_model::rules::is_valid_id;
use std::collections::HashMap;

use brisk_model::{channel_type, event_name, ChannelNotifyProps, ChannelStats, StatusOk};
use serde::Deserialize;
use serde_json::json;

use super::extract::{ChannelId, TeamId, UserId};
use crate::access::{
    can_read, is_channel_admin, readable_channel, require_team_member, team_member_missing,
};
use crate::db::channels::{self, TOWN_SQUARE};
use crate::db::{files, teams, users};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{created, ok, QueryMap, RawBody};
use crate::ids::now_ms;
use crate::membership::{self, JoinedBy, POST_JOIN_CHANNEL};
use crate::AppState;

fn member_missing() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "app.channel.get_member.missing.app_error",
        "No channel member found for that user ID and channel ID.",
    )
}

/// `GET /channels/{channel_id}/members?page&per_page`.
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
    query: QueryMap,
) -> ApiResult<Response> {
    let page = query.page()?;
    let members = state
        .db
        .read(move |conn| {
            let channel = readable_channel(conn, &auth.user, &channel_id)?;
            channels::members_page(conn, &channel.id, page.offset(), page.per_page)
        })
        .await?;
    Ok(ok(&members))
}

/// `GET /channels/{channel_id}/members/{user_id}` ("me" works too).
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
    user: UserId,
) -> ApiResult<Response> {
    let user_id = user.of(&auth);
    let member = state
        .db
        .read(move |conn| {
            let channel = readable_channel(conn, &auth.user, &channel_id)?;
            channels::get_member(conn, &channel.id, &user_id)?.ok_or_else(member_missing)
        })
        .await?;
    Ok(ok(&member))
}

/// `DELETE /channels/{channel_id}/members/{user_id}`: leave a channel, or (an admin of it) remove
/// someone. Nobody leaves Town Square or a direct message.
pub async fn remove(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
    user: UserId,
) -> ApiResult<Response> {
    let user_id = user.of(&auth);
    let outbox = state
        .db
        .write(move |tx| {
            let channel = readable_channel(tx, &auth.user, &channel_id)?;
            let leaving = user_id == auth.user.id;
            if !leaving && !is_channel_admin(tx, &auth.user, &channel)? {
                return Err(ApiError::forbidden());
            }
            if channel.channel_type == channel_type::DIRECT {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "api.channel.leave.direct.app_error",
                    "Unable to leave a direct message channel.",
                ));
            }
            if channel.name == TOWN_SQUARE && channel.channel_type == channel_type::OPEN {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "api.channel.remove.default.app_error",
                    "Unable to remove user from the default channel town-square.",
                ));
            }
            if !channels::is_member(tx, &channel.id, &user_id)? {
                return Err(member_missing());
            }
            let user = users::get(tx, &user_id)?.ok_or_else(ApiError::user_not_found)?;
            let mut outbox = Outbox::default();
            membership::leave_channel(tx, &channel, &user, &auth.user, now_ms(), &mut outbox)?;
            Ok(outbox)
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&StatusOk::ok()))
}

/// `props` with the sent values in place of the old, each checked against the values Mattermost
/// allows. Other keys Mattermost knows (`ignore_channel_mentions`, the thread settings) are not
/// kept: nothing here acts on them.
fn merged_notify_props(
    mut props: ChannelNotifyProps,
    sent: HashMap<String, String>,
) -> ApiResult<ChannelNotifyProps> {
    const LEVELS: [&str; 4] = ["default", "all", "mention", "none"];
    let invalid = |key: &str| {
        let (id, message) = match key {
            "mark_unread" => (
                "model.channel_member.is_valid.unread_level.app_error",
                "Invalid mark unread level.",
            ),
            "email" => (
                "model.channel_member.is_valid.email_value.app_error",
                "Invalid email notification value.",
            ),
            "push" => (
                "model.channel_member.is_valid.push_level.app_error",
                "Invalid push notification level.",
            ),
            _ => (
                "model.channel_member.is_valid.notify_level.app_error",
                "Invalid notify level.",
            ),
        };
        ApiError::new(StatusCode::BAD_REQUEST, id, message)
    };
    for (key, value) in sent {
        let (field, allowed): (&mut String, &[&str]) = match key.as_str() {
            "mark_unread" => (&mut props.mark_unread, &["all", "mention"]),
            "desktop" => (&mut props.desktop, &LEVELS),
            "push" => (&mut props.push, &LEVELS),
            "email" => (&mut props.email, &["default", "true", "false"]),
            _ => continue,
        };
        if !allowed.contains(&value.as_str()) {
            return Err(invalid(&key));
        }
        *field = value;
    }
    Ok(props)
}

/// `PUT /channels/{channel_id}/members/{user_id}/notify_props`: the fields sent change (mute is
/// `mark_unread: "mention"`), for oneself or, as a system admin, anyone. The member's sessions
/// hear of it (`channel_member_updated`).
pub async fn update_notify_props(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
    user: UserId,
    body: RawBody,
) -> ApiResult<Response> {
    let sent: HashMap<String, String> = body.parse("notify_props")?;
    if !user.is(&auth) && !auth.is_system_admin() {
        return Err(ApiError::forbidden());
    }
    let user_id = user.of(&auth);
    let outbox = state
        .db
        .write(move |tx| {
            let channel = readable_channel(tx, &auth.user, &channel_id)?;
            let member =
                channels::get_member(tx, &channel.id, &user_id)?.ok_or_else(member_missing)?;
            let props = merged_notify_props(member.notify_props, sent)?;
            channels::set_notify_props(tx, &channel.id, &user_id, &props, now_ms())?;
            let member =
                channels::get_member(tx, &channel.id, &user_id)?.ok_or_else(member_missing)?;
            let encoded = serde_json::to_string(&member).map_err(ApiError::internal)?;
            let mut outbox = Outbox::default();
            outbox.event(
                event_name::CHANNEL_MEMBER_UPDATED,
                json!({ "channelMember": encoded }),
                Audience::User(user_id),
            );
            Ok(outbox)
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&StatusOk::ok()))
}

/// `GET /channels/{channel_id}/stats`.
pub async fn stats(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
) -> ApiResult<Response> {
    let stats = state
        .db
        .read(move |conn| {
            let channel = readable_channel(conn, &auth.user, &channel_id)?;
            Ok(ChannelStats {
                member_count: channels::member_count(conn, &channel.id)?,
                files_count: files::count_in_channel(conn, &channel.id)?,
                channel_id: channel.id,
                ..Default::default()
            })
        })
        .await?;
    Ok(ok(&stats))
}

/// Most channels one `POST /channels/stats/member_count` counts: several pages of the channel
/// browser (200 a page), as Mattermost's list limit.
const MAX_COUNTED_CHANNELS: usize = 1000;

/// The body limit of `POST /channels/stats/member_count`: its most ids, quoted and separated,
/// with room for spaces; not the 1 MB every JSON body may have.
pub const MEMBER_COUNT_BODY_MAX: usize = 32 * 1024;

/// `POST /channels/stats/member_count ["channel_id", ...]`: how many members each channel has, as
/// `{"channel_id": count}`, so a list of channels needs one request. Mattermost's route (not in
/// its OpenAPI source); as there, ids of no channel are left out and a channel the caller may not
/// read makes the whole answer a 403.
pub async fn member_counts(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let mut ids: Vec<String> = body.parse("channel_ids")?;
    if ids.len() > MAX_COUNTED_CHANNELS || !ids.iter().all(|id| is_valid_id(id)) {
        return Err(ApiError::invalid_body("channel_ids"));
    }
    ids.sort_unstable();
    ids.dedup();
    let counts = state
        .db
        .read(move |conn| {
            let mut counts = std::collections::BTreeMap::new();
            for id in ids {
                let Some(channel) = channels::get(conn, &id)? else {
                    continue;
                };
                if !can_read(conn, &auth.user, &channel)? {
                    return Err(ApiError::forbidden());
                }
                counts.insert(id, channels::member_count(conn, &channel.id)?);
            }
            Ok(counts)
        })
        .await?;
    Ok(ok(&counts))
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
