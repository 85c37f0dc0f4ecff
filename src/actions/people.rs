//! People: the users the screen needs, a team's members, a channel's members, and the statuses
//! of those I have direct messages with.

use brisk_model::User;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::lazy::{lazy_fn, run};
use crate::state::{effect, memo, StoreSignal};

/// Fetches users the screen needs but the store lacks.
pub async fn load_users(store: StoreSignal, ids: Vec<String>) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Ok(());
    }
    let users = api::users_by_ids(&ids).await?;
    store.update(|s| s.apply_users(users));
    Ok(())
}

/// The team's people, at most `per_page`, kept in the store too (so they can be found and
/// named everywhere).
pub async fn team_people(
    store: StoreSignal,
    team_id: &str,
    per_page: u32,
) -> Result<Vec<User>, ApiError> {
    let users = api::users_in_team(team_id, 0, per_page).await?;
    store.update(|s| s.apply_users(users.clone()));
    Ok(users)
}

/// The ids of a channel's members, at most `per_page`, with the users the store lacks fetched.
pub async fn channel_member_ids(
    store: StoreSignal,
    channel_id: &str,
    per_page: u32,
) -> Result<Vec<String>, ApiError> {
    let members = api::channel_members(channel_id, 0, per_page).await?;
    let ids: Vec<String> = members.into_iter().map(|m| m.user_id).collect();
    let missing: Vec<String> = store.with_untracked(|s| {
        ids.iter()
            .filter(|id| !s.users.contains_key(*id))
            .cloned()
            .collect()
    });
    load_users(store, missing).await?;
    Ok(ids)
}

/// How often others' statuses are asked for (Mattermost's web app polls once a minute; only
/// my own status comes as an event).
const STATUS_POLL: std::time::Duration = std::time::Duration::from_secs(60);

/// Keeps the statuses of the people I have direct messages with current while the caller lives:
/// at once, whenever that list changes, and every minute.
pub fn keep_statuses_fresh(store: StoreSignal) {
    let partners = memo(move || store.with(|s| s.direct_partner_ids()));
    let refresh = move |ids: Vec<String>| {
        if ids.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            // A failed poll (or chunk) leaves the last known statuses; the next one tries again.
            let _ = run(refresh_statuses(store, ids)).await;
        });
    };
    effect(move || refresh(partners.get()));
    let poll = set_interval_with_handle(move || refresh(partners.get_untracked()), STATUS_POLL);
    on_cleanup(move || {
        if let Ok(poll) = poll {
            poll.clear();
        }
    });
}

lazy_fn! {
    /// One poll of `keep_statuses_fresh`: the request and its answer's decoding, a chunk fetched
    /// with the first one (or while the login form is typed on), as the first screen's posts and
    /// channels need none of it.
    pub(crate) async fn refresh_statuses(store: StoreSignal, ids: Vec<String>) -> () {
        if let Ok(statuses) = api::statuses_by_ids(&ids).await {
            store.update(|s| s.apply_statuses(statuses));
        }
    }
}
