//! Channels: finding, listing, joining, creating, leaving, changing, archiving and restoring
//! them, and opening direct and group messages. The store changes when the server has confirmed.

use std::collections::HashMap;

use brisk_model::{Channel, CreateChannelRequest, PatchChannelRequest};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::state::StoreSignal;

fn my_id(store: StoreSignal) -> String {
    store.with_untracked(|s| s.my_id().to_string())
}

/// Fetches a channel and my membership of it (added from elsewhere, or just created).
pub async fn load_channel(store: StoreSignal, channel_id: &str) -> Result<Channel, ApiError> {
    let (channel, member) =
        futures::try_join!(api::channel(channel_id), api::my_channel_member(channel_id))?;
    store.update(|s| s.apply_joined(channel.clone(), member));
    Ok(channel)
}

/// How many people are in the channel, for its header (`GET /channels/{id}/stats`).
pub async fn load_member_count(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let stats = api::channel_stats(channel_id).await?;
    store.maybe_update(|s| s.set_member_count(channel_id, stats.member_count));
    Ok(())
}

/// Looks up a channel the store doesn't hold (a public channel I haven't joined, say).
/// `Ok(false)` means it doesn't exist or isn't visible to me, or no team is open (the store was
/// just cleared by a logout, say).
pub async fn find(store: StoreSignal, team_id: &str, name: &str) -> Result<bool, ApiError> {
    if team_id.is_empty() {
        return Ok(false);
    }
    match api::channel_by_name(team_id, name).await {
        Ok(channel) => {
            store.update(|s| s.apply_channel(channel));
            Ok(true)
        }
        Err(error) if matches!(error.status(), Some(403 | 404)) => Ok(false),
        Err(error) => Err(error),
    }
}

/// Page `page` of the team's public channels (`archived`: its archived ones instead), `per_page`
/// at most, with the member count of each (one request for the whole page, not one a channel), for
/// browsing; the store keeps only the channels I am in.
pub async fn browse_page(
    team_id: &str,
    archived: bool,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Channel>, HashMap<String, i64>), ApiError> {
    let channels = if archived {
        api::archived_channels(team_id, page, per_page).await?
    } else {
        api::public_channels(team_id, page, per_page).await?
    };
    if channels.is_empty() {
        return Ok((channels, HashMap::new()));
    }
    let ids: Vec<String> = channels.iter().map(|c| c.id.clone()).collect();
    let counts = api::channel_member_counts(&ids).await?;
    Ok((channels, counts))
}

/// Joins a public channel.
pub async fn join(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let member = api::add_channel_member(channel_id, &my_id(store)).await?;
    let channel = api::channel(channel_id).await?;
    store.update(|s| s.apply_joined(channel, member));
    Ok(())
}

/// Creates a channel (I become its first member) and returns it.
pub async fn create(
    store: StoreSignal,
    request: &CreateChannelRequest,
) -> Result<Channel, ApiError> {
    let created = api::create_channel(request).await?;
    load_channel(store, &created.id).await
}

/// Leaves a channel.
pub async fn leave(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    api::remove_channel_member(channel_id, &my_id(store)).await?;
    store.update(|s| s.forget_membership(channel_id));
    Ok(())
}

/// Changes a channel's header, purpose or name.
pub async fn patch(
    store: StoreSignal,
    channel_id: &str,
    patch: &PatchChannelRequest,
) -> Result<(), ApiError> {
    let channel = api::patch_channel(channel_id, patch).await?;
    store.update(|s| s.apply_updated_channel(channel));
    Ok(())
}

/// Archives a channel: it stays readable, nobody can post.
pub async fn archive(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    api::archive_channel(channel_id).await?;
    let channel = api::channel(channel_id).await?;
    store.update(|s| s.apply_updated_channel(channel));
    Ok(())
}

/// Brings an archived channel back.
pub async fn restore(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let channel = api::restore_channel(channel_id).await?;
    store.update(|s| s.apply_updated_channel(channel));
    Ok(())
}

/// Opens (creating on first use) the group message of these people, me included.
pub async fn open_group(store: StoreSignal, user_ids: &[String]) -> Result<Channel, ApiError> {
    let channel = api::group_channel(user_ids).await?;
    load_channel(store, &channel.id).await
}

/// Opens (creating on first use) my direct message with `username`.
pub async fn open_direct(store: StoreSignal, username: &str) -> Result<Channel, ApiError> {
    let known =
        store.with_untracked(|s| s.users.values().find(|u| u.username == username).cloned());
    let user = match known {
        Some(user) => user,
        None => {
            let user = api::user_by_username(username).await?;
            store.update(|s| s.apply_users(vec![user.clone()]));
            user
        }
    };
    let channel = api::direct_channel(&my_id(store), &user.id).await?;
    load_channel(store, &channel.id).await
}
