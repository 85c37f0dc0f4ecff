use brisk_model::{Channel, ChannelMember, ViewChannelRequest};

use super::http::{get, post_ignoring_body};
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
