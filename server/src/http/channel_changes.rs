//! Changing channels: patching header, purpose and display name, archiving and restoring, and the
//! list of a team's archived channels.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use brisk_model::{channel_type, event_name, Channel, PatchChannelRequest, StatusOk, User};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::json;

use super::extract::{ChannelId, TeamId};
use crate::access::{is_channel_admin, readable_channel, require_team_member};
use crate::db::channel_changes;
use crate::db::channels::{self, TOWN_SQUARE};
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::http::auth::Auth;
use crate::http::json::{ok, QueryMap, RawBody};
use crate::ids::now_ms;
use crate::system_posts::{self, SystemPost};
use crate::AppState;

fn bad_request(id: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, id, message)
}

/// Who may change a channel's properties: any member of an open, direct or group channel; the
/// admins of a private one (channel, team and system admins everywhere).
fn can_manage_properties(conn: &Connection, user: &User, channel: &Channel) -> ApiResult<bool> {
    if is_channel_admin(conn, user, channel)? {
        return Ok(true);
    }
    Ok(channel.channel_type != channel_type::PRIVATE
        && channels::is_member(conn, &channel.id, &user.id)?)
}

/// `PUT /channels/{channel_id}/patch {display_name?, header?, purpose?}`: each change writes its
/// system message, and the members hear `channel_updated`.
pub async fn patch(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: PatchChannelRequest = body.parse("channel")?;
    change_properties(state, auth, channel_id, move |_| Ok(request)).await
}

/// The body of Mattermost's full update: a whole channel object, of which these fields count.
#[derive(Default, Deserialize)]
#[serde(default)]
struct ChannelUpdate {
    id: String,
    name: String,
    display_name: String,
    header: String,
    purpose: String,
    #[serde(rename = "type")]
    channel_type: String,
}

impl ChannelUpdate {
    /// The patch this update makes to `channel`, as Mattermost's `updateChannel` reads it: header
    /// and purpose are replaced (left out, they become blank); an empty display name, name or
    /// type keeps the channel's own.
    fn into_patch(self, channel: &Channel) -> ApiResult<PatchChannelRequest> {
        if !self.channel_type.is_empty() && self.channel_type != channel.channel_type {
            return Err(bad_request(
                "api.channel.update_channel.typechange.app_error",
                "The type of a channel cannot be changed.",
            ));
        }
        if !self.name.is_empty() && self.name != channel.name {
            return Err(bad_request(
                "api.channel.update_channel.rename.app_error",
                "This server does not rename channels: send the channel's current name, or none.",
            ));
        }
        let is_direct = matches!(
            channel.channel_type.as_str(),
            channel_type::DIRECT | channel_type::GROUP
        );
        let display_name = (!self.display_name.is_empty()
            && self.display_name != channel.display_name)
            .then_some(self.display_name);
        if is_direct && self.purpose != channel.purpose {
            return Err(bad_request(
                "api.channel.update_channel.update_direct_or_group_messages_not_allowed.app_error",
                "The name, display name and purpose of a direct or group message cannot be changed.",
            ));
        }
        Ok(PatchChannelRequest {
            display_name,
            header: Some(self.header),
            purpose: Some(self.purpose),
        })
    }
}

/// `PUT /channels/{channel_id}` with the whole channel (`id` must name the same channel): the
/// changes and who may make them are the patch's.
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
    body: RawBody,
) -> ApiResult<Response> {
    let update: ChannelUpdate = body.parse("channel")?;
    if update.id != channel_id {
        return Err(ApiError::invalid_url_param("channel_id"));
    }
    change_properties(state, auth, channel_id, move |channel| {
        update.into_patch(channel)
    })
    .await
}

/// Applies the patch that `to_patch` makes of the channel, if the caller may change it.
async fn change_properties(
    state: AppState,
    auth: Auth,
    channel_id: String,
    to_patch: impl FnOnce(&Channel) -> ApiResult<PatchChannelRequest> + Send + 'static,
) -> ApiResult<Response> {
    let (channel, outbox) = state
        .db
        .write(move |tx| {
            let channel = readable_channel(tx, &auth.user, &channel_id)?;
            if !can_manage_properties(tx, &auth.user, &channel)? {
                return Err(ApiError::forbidden());
            }
            if channel.delete_at > 0 {
                return Err(bad_request(
                    "api.channel.update_channel.deleted.app_error",
                    "The channel has been archived or deleted.",
                ));
            }
            let request = to_patch(&channel)?;
            let is_direct = matches!(
                channel.channel_type.as_str(),
                channel_type::DIRECT | channel_type::GROUP
            );
            if is_direct && request.display_name.is_some() {
                return Err(bad_request(
                    "api.channel.update_channel.typechange.app_error",
                    "The display name of a direct or group message cannot be changed.",
                ));
            }
            let now = now_ms();
            let changes = channel_changes::patch(tx, &channel, &request, now)?;
            let mut outbox = Outbox::default();
            let username = auth.user.username.as_str();
            for (field, old, new) in &changes.changed {
                let (post_type, what, old_key, new_key) = match *field {
                    "header" => (
                        system_posts::HEADER_CHANGE,
                        "header",
                        "old_header",
                        "new_header",
                    ),
                    "purpose" => (
                        system_posts::PURPOSE_CHANGE,
                        "purpose",
                        "old_purpose",
                        "new_purpose",
                    ),
                    _ => (
                        system_posts::DISPLAYNAME_CHANGE,
                        "display name",
                        "old_displayname",
                        "new_displayname",
                    ),
                };
                SystemPost {
                    channel_id: &channel.id,
                    author_id: &auth.user.id,
                    post_type,
                    message: system_posts::change_message(username, what, old, new),
                    props: system_posts::props(&[
                        ("username", username),
                        (old_key, old),
                        (new_key, new),
                    ]),
                }
                .write(tx, now, &mut outbox)?;
            }
            // Read again: the system messages moved the channel's counters.
            let channel = channels::get(tx, &channel.id)?
                .ok_or_else(|| ApiError::internal("channel vanished"))?;
            if !changes.changed.is_empty() {
                outbox.channel_updated(&channel)?;
            }
            Ok((channel, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&channel))
}

/// `DELETE /channels/{channel_id}`: archives the channel (its admins, its creator, team and system
/// admins). Town Square stays; direct and group messages cannot be archived.
pub async fn archive(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
) -> ApiResult<Response> {
    let outbox = state
        .db
        .write(move |tx| {
            let channel = readable_channel(tx, &auth.user, &channel_id)?;
            let allowed = channel.creator_id == auth.user.id
                && channels::is_member(tx, &channel.id, &auth.user.id)?
                || is_channel_admin(tx, &auth.user, &channel)?;
            if !allowed {
                return Err(ApiError::forbidden());
            }
            if channel.channel_type != channel_type::OPEN
                && channel.channel_type != channel_type::PRIVATE
            {
                return Err(bad_request(
                    "api.channel.delete_channel.type.invalid",
                    "Could not delete direct or group message channels.",
                ));
            }
            if channel.name == TOWN_SQUARE {
                return Err(bad_request(
                    "api.channel.delete_channel.cannot.app_error",
                    "Unable to delete the default channel town-square.",
                ));
            }
            if channel.delete_at > 0 {
                return Err(bad_request(
                    "api.channel.delete_channel.deleted.app_error",
                    "The channel has been archived or deleted.",
                ));
            }
            let now = now_ms();
            let mut outbox = Outbox::default();
            SystemPost {
                channel_id: &channel.id,
                author_id: &auth.user.id,
                post_type: system_posts::CHANNEL_DELETED,
                message: format!("@{} archived the channel.", auth.user.username),
                props: system_posts::props(&[("username", &auth.user.username)]),
            }
            .write(tx, now, &mut outbox)?;
            let archived = channel_changes::set_archived(tx, &channel.id, true, now)?;
            outbox.to_channel(
                event_name::CHANNEL_DELETED,
                json!({ "channel_id": archived.id, "delete_at": archived.delete_at }),
                &archived.id,
            );
            Ok(outbox)
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&StatusOk::ok()))
}

/// `POST /channels/{channel_id}/restore`: brings an archived channel back (its admins, team and
/// system admins).
pub async fn restore(
    State(state): State<AppState>,
    auth: Auth,
    ChannelId(channel_id): ChannelId,
) -> ApiResult<Response> {
    let (channel, outbox) = state
        .db
        .write(move |tx| {
            let channel = readable_channel(tx, &auth.user, &channel_id)?;
            if !is_channel_admin(tx, &auth.user, &channel)? {
                return Err(ApiError::forbidden());
            }
            if channel.delete_at == 0 {
                return Err(bad_request(
                    "api.channel.restore_channel.restored.app_error",
                    "Unable to unarchive channel. The channel is not archived.",
                ));
            }
            let now = now_ms();
            channel_changes::set_archived(tx, &channel.id, false, now)?;
            let mut outbox = Outbox::default();
            SystemPost {
                channel_id: &channel.id,
                author_id: &auth.user.id,
                post_type: system_posts::CHANNEL_RESTORED,
                message: format!("@{} unarchived the channel.", auth.user.username),
                props: system_posts::props(&[("username", &auth.user.username)]),
            }
            .write(tx, now, &mut outbox)?;
            outbox.to_channel(
                event_name::CHANNEL_RESTORED,
                json!({ "channel_id": channel.id }),
                &channel.id,
            );
            let channel = channels::get(tx, &channel.id)?
                .ok_or_else(|| ApiError::internal("channel vanished"))?;
            Ok((channel, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(ok(&channel))
}

/// `GET /teams/{team_id}/channels/deleted?page&per_page`: archived open channels, and archived
/// private ones the caller is in.
pub async fn archived(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
    query: QueryMap,
) -> ApiResult<Response> {
    let page = query.page()?;
    let list = state
        .db
        .read(move |conn| {
            require_team_member(conn, &auth.user, &team_id)?;
            channels::archived_in_team(conn, &team_id, &auth.user.id, page.offset(), page.per_page)
        })
        .await?;
    Ok(ok(&list))
}
