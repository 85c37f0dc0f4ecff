//! Channel actions: joining, creating, leaving, changing, archiving and restoring channels, and
//! opening direct and group messages. Like `actions`, the only place where these API calls meet
//! the store; the store changes when the server has confirmed.

use brisk_model::{Channel, CreateChannelRequest, PatchChannelRequest};
use leptos::prelude::*;

use crate::actions::StoreSignal;
use crate::api::{self, ApiError};

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

/// How often others' statuses are asked for (Mattermost's web app polls once a minute; only
/// my own status comes as an event).
const STATUS_POLL: std::time::Duration = std::time::Duration::from_secs(60);

/// Keeps the statuses of the people I have direct messages with current while the caller lives:
/// at once, whenever that list changes, and every minute.
pub fn keep_statuses_fresh(store: StoreSignal) {
    let partners = Memo::new(move |_| store.with(|s| s.direct_partner_ids()));
    let refresh = move |ids: Vec<String>| {
        leptos::task::spawn_local(async move {
            if ids.is_empty() {
                return;
            }
            // A failed poll leaves the last known statuses; the next one tries again.
            if let Ok(statuses) = api::statuses_by_ids(&ids).await {
                store.update(|s| s.apply_statuses(statuses));
            }
        });
    };
    Effect::new(move |_| refresh(partners.get()));
    let poll = set_interval_with_handle(move || refresh(partners.get_untracked()), STATUS_POLL);
    on_cleanup(move || {
        if let Ok(poll) = poll {
            poll.clear();
        }
    });
}
