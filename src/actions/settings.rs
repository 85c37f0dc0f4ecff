//! A member's own settings: the profile, the password and sessions, the theme (a preference on
//! the server), and each channel's notification settings. Settings the store shows change at
//! once and go back if the server refuses.

use brisk_model::{ChannelNotifyProps, UpdatePasswordRequest, UserPatch};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::state::StoreSignal;
use crate::store::{DesktopLevel, Theme};

/// My preferences, read after sign-in; the theme is the one acted on.
pub async fn load_preferences(store: StoreSignal) -> Result<(), ApiError> {
    let preferences = api::my_preferences().await?;
    store.update(|s| s.apply_preferences(&preferences));
    Ok(())
}

/// Shows `theme` at once and saves it as my preference (so my other devices follow).
pub async fn set_theme(store: StoreSignal, theme: Theme) -> Result<(), ApiError> {
    let (before, my_id) = store.with_untracked(|s| (s.theme, s.my_id().to_string()));
    store.update(|s| s.theme = theme);
    let saved = api::save_my_preferences(&[theme.preference(&my_id)]).await;
    if saved.is_err() {
        store.update(|s| s.theme = before);
    }
    saved.map(drop)
}

/// Saves my names, nickname and position; the store takes the user as the server now has it.
pub async fn save_profile(store: StoreSignal, patch: &UserPatch) -> Result<(), ApiError> {
    let me = api::patch_me(patch).await?;
    store.update(|s| s.apply_user_updated(me));
    Ok(())
}

/// Changes my password; my other sessions end (the server's rule), this one stays.
pub async fn change_password(current: &str, new: &str) -> Result<(), ApiError> {
    let request = UpdatePasswordRequest {
        current_password: current.into(),
        new_password: new.into(),
    };
    api::update_my_password(&request).await.map(drop)
}

/// Ends every other session of mine. Mattermost's `revoke/all` ends this one too, so this tab
/// signs in again at once with the password the person confirmed: it carries on in a new session
/// and every other device is signed out.
pub async fn log_out_other_sessions(store: StoreSignal, password: &str) -> Result<(), ApiError> {
    let username = store.with_untracked(|s| s.me.as_ref().map(|me| me.username.clone()));
    let username = username.unwrap_or_default();
    // Checked first, so a mistyped password leaves every session as it was.
    api::login(&username, password).await?;
    let me = api::changing_session(async {
        api::revoke_all_my_sessions().await?;
        api::login(&username, password).await
    })
    .await?;
    store.update(|s| s.set_me(me));
    Ok(())
}

/// Mutes the channel (only mentions mark it unread) or unmutes it.
pub async fn set_muted(store: StoreSignal, channel_id: &str, muted: bool) -> Result<(), ApiError> {
    let value = if muted { "mention" } else { "all" };
    set_notify_prop(store, channel_id, "mark_unread", value, |p| {
        &mut p.mark_unread
    })
    .await
}

/// When the channel notifies me on the desktop.
pub async fn set_desktop_level(
    store: StoreSignal,
    channel_id: &str,
    level: DesktopLevel,
) -> Result<(), ApiError> {
    set_notify_prop(store, channel_id, "desktop", level.value(), |p| {
        &mut p.desktop
    })
    .await
}

/// Sets the setting `name` (its `field` in the store) to `value`.
async fn set_notify_prop(
    store: StoreSignal,
    channel_id: &str,
    name: &str,
    value: &str,
    field: fn(&mut ChannelNotifyProps) -> &mut String,
) -> Result<(), ApiError> {
    let before = store.with_untracked(|s| s.notify_props(channel_id));
    let mut wanted = before.clone();
    *field(&mut wanted) = value.into();
    store.update(|s| s.set_notify_props(channel_id, wanted));
    let saved = api::update_my_notify_prop(channel_id, name, value).await;
    if saved.is_err() {
        store.update(|s| s.set_notify_props(channel_id, before));
    }
    saved.map(drop)
}
