use brisk_model::{Channel, ChannelMember, ChannelUnreadAt, ViewChannelRequest};

use super::http::{get, post, post_ignoring_body, OnUnauthorized};
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

/// `GET /teams/{team_id}/channels/name/{name}`.
pub async fn channel_by_name(team_id: &str, name: &str) -> Result<Channel, ApiError> {
    get(&format!(
        "/teams/{}/channels/name/{}",
        segment(team_id),
        segment(name)
    ))
    .await
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

/// `GET /channels/{channel_id}`.
pub async fn channel(channel_id: &str) -> Result<Channel, ApiError> {
    get(&format!("/channels/{}", segment(channel_id))).await
}

/// `GET /channels/{channel_id}/members/me`: my membership (read position, notify props).
pub async fn my_channel_member(channel_id: &str) -> Result<ChannelMember, ApiError> {
    get(&format!("/channels/{}/members/me", segment(channel_id))).await
}

/// `POST /users/{user_id}/posts/{post_id}/set_unread`: the channel becomes unread from the post
/// on; the server tells my other sessions with `post_unread`.
pub async fn set_unread(user_id: &str, post_id: &str) -> Result<ChannelUnreadAt, ApiError> {
    let path = format!(
        "/users/{}/posts/{}/set_unread",
        segment(user_id),
        segment(post_id)
    );
    let body = serde_json::json!({ "collapsed_threads_supported": true });
    post(&path, &body, OnUnauthorized::EndSession).await
}
