use brisk_model::{
    Channel, ChannelMember, ChannelUnreadAt, CreateChannelRequest, PatchChannelRequest,
    ViewChannelRequest,
};
use std::collections::HashMap;

use serde_json::json;

use super::http::{delete, get, get_with_query, post, post_ignoring_body, put, OnUnauthorized};
use super::{segment, ApiError};

/// `GET /users/me/teams/{team_id}/channels`: my channels in the team, with DMs and groups.
pub async fn my_channels(team_id: &str) -> Result<Vec<Channel>, ApiError> {
    get(&format!("/users/me/teams/{}/channels", segment(team_id))).await
}

/// `GET /users/me/teams/{team_id}/channels/members`: my memberships (read positions).
pub async fn my_channel_members(team_id: &str) -> Result<Vec<ChannelMember>, ApiError> {
    get(&format!(
        "/users/me/teams/{}/channels/members",
        segment(team_id)
    ))
    .await
}

/// `GET /teams/name/{team_name}/channels/name/{name}?include_deleted=true`: a channel by the
/// names in its address, before the team's id is known.
pub async fn channel_by_names(team_name: &str, name: &str) -> Result<Channel, ApiError> {
    get(&format!(
        "/teams/name/{}/channels/name/{}?include_deleted=true",
        segment(team_name),
        segment(name)
    ))
    .await
}

/// `GET /teams/{team_id}/channels/name/{name}?include_deleted=true` (archived ones are shown
/// read-only).
pub async fn channel_by_name(team_id: &str, name: &str) -> Result<Channel, ApiError> {
    get(&format!(
        "/teams/{}/channels/name/{}?include_deleted=true",
        segment(team_id),
        segment(name)
    ))
    .await
}

/// `GET /channels/{channel_id}`.
pub async fn channel(channel_id: &str) -> Result<Channel, ApiError> {
    get(&format!("/channels/{}", segment(channel_id))).await
}

/// `GET /channels/{channel_id}/stats`: how many members, among other counts.
pub async fn channel_stats(channel_id: &str) -> Result<brisk_model::ChannelStats, ApiError> {
    get(&format!("/channels/{}/stats", segment(channel_id))).await
}

/// `POST /channels/stats/member_count [channel_id, ...]`: how many members each channel has, by
/// id, in one request for a whole page of channels.
pub async fn channel_member_counts(
    channel_ids: &[String],
) -> Result<HashMap<String, i64>, ApiError> {
    post(
        "/channels/stats/member_count",
        channel_ids,
        OnUnauthorized::EndSession,
    )
    .await
}

/// `GET /teams/{team_id}/channels?page&per_page`: the team's public channels.
pub async fn public_channels(
    team_id: &str,
    page: u32,
    per_page: u32,
) -> Result<Vec<Channel>, ApiError> {
    get_with_query(
        &format!("/teams/{}/channels", segment(team_id)),
        &[
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
        ],
    )
    .await
}

/// `GET /teams/{team_id}/channels/deleted?page&per_page`: the team's archived channels.
pub async fn archived_channels(
    team_id: &str,
    page: u32,
    per_page: u32,
) -> Result<Vec<Channel>, ApiError> {
    get_with_query(
        &format!("/teams/{}/channels/deleted", segment(team_id)),
        &[
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
        ],
    )
    .await
}

/// `POST /channels`.
pub async fn create_channel(request: &CreateChannelRequest) -> Result<Channel, ApiError> {
    post("/channels", request, OnUnauthorized::EndSession).await
}

/// `PUT /channels/{channel_id}/patch`.
pub async fn patch_channel(
    channel_id: &str,
    patch: &PatchChannelRequest,
) -> Result<Channel, ApiError> {
    put(&format!("/channels/{}/patch", segment(channel_id)), patch).await
}

/// `DELETE /channels/{channel_id}`: archives it.
pub async fn archive_channel(channel_id: &str) -> Result<(), ApiError> {
    delete(&format!("/channels/{}", segment(channel_id))).await
}

/// `POST /channels/{channel_id}/restore`.
pub async fn restore_channel(channel_id: &str) -> Result<Channel, ApiError> {
    post(
        &format!("/channels/{}/restore", segment(channel_id)),
        &serde_json::Map::new(),
        OnUnauthorized::EndSession,
    )
    .await
}

/// `POST /channels/{channel_id}/members {user_id}`: join (or add someone).
pub async fn add_channel_member(
    channel_id: &str,
    user_id: &str,
) -> Result<ChannelMember, ApiError> {
    post(
        &format!("/channels/{}/members", segment(channel_id)),
        &json!({ "user_id": user_id }),
        OnUnauthorized::EndSession,
    )
    .await
}

/// `DELETE /channels/{channel_id}/members/{user_id}`: leave (or remove someone).
pub async fn remove_channel_member(channel_id: &str, user_id: &str) -> Result<(), ApiError> {
    delete(&format!(
        "/channels/{}/members/{}",
        segment(channel_id),
        segment(user_id)
    ))
    .await
}

/// `GET /channels/{channel_id}/members?page&per_page`.
pub async fn channel_members(
    channel_id: &str,
    page: u32,
    per_page: u32,
) -> Result<Vec<ChannelMember>, ApiError> {
    get_with_query(
        &format!("/channels/{}/members", segment(channel_id)),
        &[
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
        ],
    )
    .await
}

/// `GET /channels/{channel_id}/members/me`.
pub async fn my_channel_member(channel_id: &str) -> Result<ChannelMember, ApiError> {
    get(&format!("/channels/{}/members/me", segment(channel_id))).await
}

/// `PUT /channels/{channel_id}/members/me/notify_props`: sets one notification setting (`name`
/// is `mark_unread`, `desktop`...); the others stay.
pub async fn update_my_notify_prop(
    channel_id: &str,
    name: &str,
    value: &str,
) -> Result<brisk_model::StatusOk, ApiError> {
    let path = format!("/channels/{}/members/me/notify_props", segment(channel_id));
    put(&path, &json!({ name: value })).await
}

/// `POST /channels/direct [me, other]`: the direct channel of two people (made on first use).
pub async fn direct_channel(my_id: &str, other_id: &str) -> Result<Channel, ApiError> {
    post(
        "/channels/direct",
        &[my_id, other_id],
        OnUnauthorized::EndSession,
    )
    .await
}

/// `POST /channels/group [ids]`: the group channel of 3 to 8 people, me included.
pub async fn group_channel(user_ids: &[String]) -> Result<Channel, ApiError> {
    post("/channels/group", user_ids, OnUnauthorized::EndSession).await
}

/// `POST /channels/members/me/view`: mark the channel read (and `prev` as left).
pub async fn view_channel(channel_id: &str, prev_channel_id: Option<&str>) -> Result<(), ApiError> {
    let body = ViewChannelRequest {
        channel_id: channel_id.into(),
        prev_channel_id: prev_channel_id.unwrap_or_default().into(),
        collapsed_threads_supported: true,
    };
    post_ignoring_body("/channels/members/me/view", &body).await
}

/// `POST /users/{user_id}/posts/{post_id}/set_unread`: the channel becomes unread from the post
/// on; the server tells my other sessions with `post_unread`.
pub async fn set_unread(user_id: &str, post_id: &str) -> Result<ChannelUnreadAt, ApiError> {
    let path = format!(
        "/users/{}/posts/{}/set_unread",
        segment(user_id),
        segment(post_id)
    );
    let body = json!({ "collapsed_threads_supported": true });
    post(&path, &body, OnUnauthorized::EndSession).await
}
