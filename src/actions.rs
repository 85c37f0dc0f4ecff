//! User and lifecycle actions: the only place where API calls meet the store. Each one applies
//! optimistic changes first, then the server's answer (or rolls back / marks failure).

use std::cell::RefCell;
use std::collections::HashMap;

use brisk_model::{CreatePostRequest, FileInfo, Post, Reaction, Team};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, PostsQuery, POSTS_PER_PAGE};
use crate::local_store;
use crate::store::{push_recent_emoji, Followup, PostState, Store, TYPING_SHOWN_MS};
use crate::sync;
use crate::unsent_posts;

/// The store signal all actions work on.
pub type StoreSignal = RwSignal<Store>;

/// Makes sure we know who is signed in and their teams (`GET /users/me`, `/users/me/teams`).
pub async fn load_session(store: StoreSignal) -> Result<(), ApiError> {
    if store.with_untracked(|s| s.me.is_none()) {
        let me = api::me().await?;
        store.update(|s| s.set_me(me));
    }
    if store.with_untracked(|s| s.teams.is_empty()) {
        load_teams(store).await?;
    }
    Ok(())
}

/// (Re)fetches my teams and my memberships of them: after joining a team, say.
pub async fn load_teams(store: StoreSignal) -> Result<(), ApiError> {
    let (teams, members) = futures::try_join!(api::my_teams(), api::my_team_members())?;
    store.update(|s| {
        s.apply_teams(teams);
        s.apply_team_members(members);
    });
    Ok(())
}

/// The team to land on after login or at `/`.
pub fn first_team(store: StoreSignal) -> Option<Team> {
    store.with_untracked(|s| s.teams.first().cloned())
}

/// Makes the team the current one and fetches my channels and memberships in it, once.
pub async fn load_team(store: StoreSignal, team_id: &str) -> Result<(), ApiError> {
    store.update(|s| s.enter_team(team_id));
    load_team_channels(store, team_id).await
}

/// Fetches my channels and memberships in a team, once (for my other teams: their badges).
pub async fn load_team_channels(store: StoreSignal, team_id: &str) -> Result<(), ApiError> {
    if store.with_untracked(|s| s.team_loaded(team_id)) {
        return Ok(());
    }
    sync::team(store, team_id).await
}

/// Looks up a channel the store doesn't hold (a public channel I haven't joined, say).
/// `Ok(false)` means it doesn't exist or isn't visible to me.
pub async fn find_channel(store: StoreSignal, team_id: &str, name: &str) -> Result<bool, ApiError> {
    match api::channel_by_name(team_id, name).await {
        Ok(channel) => {
            store.update(|s| s.apply_channel(channel));
            Ok(true)
        }
        Err(error) if matches!(error.status(), Some(403 | 404)) => Ok(false),
        Err(error) => Err(error),
    }
}

/// Loads the channel's newest page of posts once per channel (or catches up if events were
/// lost since), and enough older ones to show where the unread posts start.
pub async fn load_newest_posts(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let (loaded, behind) = store.with_untracked(|s| {
        let loaded = s.channel_posts(channel_id).is_some_and(|p| p.newest_loaded);
        (loaded, s.posts_behind(channel_id))
    });
    if loaded && behind {
        sync::catch_up_posts(store, channel_id).await?;
    } else if !loaded {
        load_newest_page(store, channel_id).await?;
    }
    sync::load_back_to_unread_line(store, channel_id).await
}

/// The channel's newest page of posts, then (the first time) my posts of the channel that were
/// unsent when the page was last closed.
pub async fn load_newest_page(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let list = api::channel_posts(channel_id, &PostsQuery::newest()).await?;
    let full = list.order.len() >= POSTS_PER_PAGE as usize;
    store.update(|s| {
        s.apply_newest_page(channel_id, list, full);
        if s.channel_posts(channel_id)
            .is_some_and(|p| !p.unsent_restored)
        {
            s.restore_unsent_posts(channel_id, unsent_posts::load(channel_id));
        }
    });
    Ok(())
}

/// Loads the page before the oldest post held.
pub async fn load_older_posts(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let Some(oldest) =
        store.with_untracked(|s| s.channel_posts(channel_id)?.history_cursor.clone())
    else {
        return Ok(());
    };
    let list = api::channel_posts(channel_id, &PostsQuery::before(&oldest)).await?;
    let full = list.order.len() >= POSTS_PER_PAGE as usize;
    store.update(|s| s.apply_older_page(channel_id, list, full));
    Ok(())
}

/// Reads what the composer needs from the server's client config, once: the upload limit
/// (`MaxFileSize`) and whether typing is announced (`EnableUserTypingMessages`).
pub async fn load_composer_config(store: StoreSignal) {
    if store.with_untracked(|s| s.max_file_size.is_some()) {
        return;
    }
    if let Ok(config) = api::client_config().await {
        let limit = config
            .get("MaxFileSize")
            .and_then(|v| v.parse::<i64>().ok());
        let typing_off = config
            .get("EnableUserTypingMessages")
            .is_some_and(|v| v == "false");
        store.update(|s| {
            s.max_file_size = limit;
            s.typing_messages_off = typing_off;
        });
    }
}

/// Loads a whole thread (root and replies) into the store.
pub async fn load_thread(store: StoreSignal, root_id: &str) -> Result<(), ApiError> {
    let list = api::post_thread(root_id).await?;
    store.update(|s| s.apply_thread(list));
    Ok(())
}

/// Searches the current team's messages for `terms`: the pane opens loading, then shows what
/// was found, or why nothing could be.
pub async fn search(store: StoreSignal, terms: String) {
    let Some(Some(request)) = store.try_update(|s| s.start_search(&terms)) else {
        return;
    };
    fetch_search_page(store, request, terms.trim(), 0).await;
}

/// Fetches the next page of the search on screen, when there may be one.
pub async fn search_more(store: StoreSignal) {
    let Some(Some((request, terms, page))) = store.try_update(Store::start_more_results) else {
        return;
    };
    fetch_search_page(store, request, &terms, page).await;
}

async fn fetch_search_page(store: StoreSignal, request: u64, terms: &str, page: i64) {
    let team_id = store.with_untracked(|s| s.current_team_id.clone().unwrap_or_default());
    let offset = crate::time::utc_offset_seconds();
    match api::search_posts(&team_id, terms, offset, page).await {
        Ok(found) => {
            store.update(|s| s.apply_search_results(request, found));
            let missing = store.with_untracked(Store::search_missing_user_ids);
            // Authors not fetched show as "Someone"; the results are still readable.
            let _ = load_users(store, missing).await;
        }
        Err(error) => store.update(|s| s.apply_search_failed(request, error.user_message())),
    }
}

/// Opens a permalink's post: fetches it, its channel, the channel's history back to it and,
/// for a reply, its thread; marks it to be shown highlighted. Returns the channel's address.
pub async fn open_permalink(store: StoreSignal, post_id: &str) -> Result<String, ApiError> {
    let post = api::post_by_id(post_id).await?;
    let channel_id = post.channel_id.clone();
    if store.with_untracked(|s| !s.channels.contains_key(&channel_id)) {
        let channel = api::channel(&channel_id).await?;
        store.update(|s| s.apply_channel(channel));
    }
    if store.with_untracked(|s| {
        s.channel_posts(&channel_id)
            .is_none_or(|p| !p.newest_loaded)
    }) {
        load_newest_page(store, &channel_id).await?;
    }
    sync::load_back_to_post(store, &post).await?;
    if !post.root_id.is_empty() {
        load_thread(store, &post.root_id).await?;
    }
    store
        .try_update(|s| {
            s.open_at_post(&post);
            let channel = s.channels.get(&channel_id)?;
            // A direct or group message has no team: it opens in the current one.
            let team_name = Some(s.team_name(&channel.team_id))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| s.current_team_name());
            Some(s.channel_route(channel).path(&team_name))
        })
        .flatten()
        .ok_or_else(|| ApiError::Decode("the message's channel is unknown".into()))
}

/// Fetches users the screen needs but the store lacks.
pub async fn load_users(store: StoreSignal, ids: Vec<String>) -> Result<(), ApiError> {
    if ids.is_empty() {
        return Ok(());
    }
    let users = api::users_by_ids(&ids).await?;
    store.update(|s| s.apply_users(users));
    Ok(())
}

/// The channel on screen changed: it is read if the window has focus (see `Store::open_channel`).
pub fn open_channel(store: StoreSignal, channel_id: Option<String>) {
    let now = crate::time::now_ms();
    if let Some(Some(followup)) = store.try_update(|s| s.open_channel(channel_id, now)) {
        follow_up(store, followup);
    }
}

/// The window gained or lost focus: coming back reads the open channel.
pub fn window_focus_changed(store: StoreSignal, focused: bool) {
    let now = crate::time::now_ms();
    if let Some(Some(followup)) = store.try_update(|s| s.set_window_focused(focused, now)) {
        follow_up(store, followup);
    }
}

/// "Mark as unread" from a post: the channel is unread from it on, here and (through the
/// server's `post_unread`) in my other sessions.
pub async fn mark_unread(store: StoreSignal, post_id: &str) -> Result<(), ApiError> {
    let my_id = store.with_untracked(|s| s.my_id().to_string());
    let unread_at = api::set_unread(&my_id, post_id).await?;
    store.update(|s| s.apply_unread_at(&unread_at));
    Ok(())
}

/// Sends a message: shown at once as pending, confirmed by the 201 or the `posted` event,
/// marked failed (text kept) if the request fails.
pub fn send_post(
    store: StoreSignal,
    channel_id: &str,
    root_id: &str,
    message: String,
    files: Vec<FileInfo>,
) {
    let Some(my_id) = store.with_untracked(|s| s.me.as_ref().map(|me| me.id.clone())) else {
        return;
    };
    let now = crate::time::now_ms();
    let pending_post_id = format!("{my_id}:{now}");
    let pending = Post {
        id: pending_post_id.clone(),
        pending_post_id,
        channel_id: channel_id.to_string(),
        root_id: root_id.to_string(),
        user_id: my_id,
        message,
        create_at: now,
        update_at: now,
        file_ids: files.iter().map(|file| file.id.clone()).collect(),
        ..Post::default()
    };
    let mut pending = pending;
    pending.metadata.files = files
        .iter()
        .filter_map(|file| serde_json::to_value(file).ok())
        .collect();
    store.update(|s| s.add_pending_post(pending.clone()));
    spawn_local(deliver(store, pending));
}

/// Sends a failed post again with the same `pending_post_id`, so the server can tell a retry of
/// a post it already stored.
pub fn retry_post(store: StoreSignal, channel_id: &str, pending_post_id: &str) {
    let post = store
        .try_update(|s| s.set_local_post_state(channel_id, pending_post_id, PostState::Pending));
    if let Some(Some(post)) = post {
        spawn_local(deliver(store, post));
    }
}

async fn deliver(store: StoreSignal, post: Post) {
    let request = CreatePostRequest {
        channel_id: post.channel_id.clone(),
        message: post.message.clone(),
        root_id: post.root_id.clone(),
        file_ids: post.file_ids.clone(),
        pending_post_id: post.pending_post_id.clone(),
        ..CreatePostRequest::default()
    };
    match api::create_post(&request).await {
        Ok(created) => store.update(|s| s.apply_created_post(created)),
        Err(_) => {
            store.update(|s| {
                s.set_local_post_state(&post.channel_id, &post.pending_post_id, PostState::Failed);
            });
        }
    }
}

/// Saves an edit: the store takes the server's copy (the `post_edited` event brings it to
/// everyone else). On failure the editor stays open with the text.
pub async fn edit_post(store: StoreSignal, post_id: &str, message: &str) -> Result<(), ApiError> {
    let edited = api::patch_post(post_id, message).await?;
    store.update(|s| {
        s.apply_post_changed(edited);
        s.editing_post_id = None;
    });
    Ok(())
}

/// Deletes a post here and on the server (which tells everyone with `post_deleted`).
pub async fn delete_post(store: StoreSignal, post: Post) -> Result<(), ApiError> {
    api::delete_post(&post.id).await?;
    store.update(|s| s.apply_post_deleted(&post));
    Ok(())
}

/// Gives up on a failed post: it leaves the list (its text was shown until now).
pub fn discard_failed_post(store: StoreSignal, channel_id: &str, pending_post_id: &str) {
    store.update(|s| s.discard_local_post(channel_id, pending_post_id));
}

/// Adds my reaction, or takes it back if I already reacted so: shown at once, undone if the
/// server refuses. The emoji goes to the front of my recent ones.
pub fn toggle_reaction(store: StoreSignal, post_id: &str, emoji_name: &str) {
    let me = store.with_untracked(|s| s.my_id().to_string());
    if me.is_empty() {
        return;
    }
    let reaction = Reaction {
        user_id: me,
        post_id: post_id.to_string(),
        emoji_name: emoji_name.to_string(),
        create_at: crate::time::now_ms(),
    };
    let adding = !store.with_untracked(|s| s.reacted(post_id, emoji_name));
    let (add, remove) = (reaction.clone(), reaction.clone());
    let apply = move |s: &mut Store, add_it: bool| {
        if add_it {
            s.add_reaction(add.clone());
        } else {
            s.remove_reaction(&remove.post_id, &remove.user_id, &remove.emoji_name);
        }
    };
    store.update(|s| apply(s, adding));
    if adding {
        remember_recent_emoji(emoji_name);
    }
    spawn_local(async move {
        let Reaction {
            user_id,
            post_id,
            emoji_name,
            ..
        } = reaction;
        let result = if adding {
            api::save_reaction(&user_id, &post_id, &emoji_name)
                .await
                .map(drop)
        } else {
            api::delete_reaction(&user_id, &post_id, &emoji_name).await
        };
        if result.is_err() {
            store.update(|s| apply(s, !adding));
        }
    });
}

const RECENT_EMOJI_KEY: &str = "brisk.recent_emoji";

/// My recently used emoji, most recent first.
pub fn recent_emoji() -> Vec<String> {
    local_store::load_json(RECENT_EMOJI_KEY)
}

fn remember_recent_emoji(name: &str) {
    local_store::save_json(RECENT_EMOJI_KEY, &push_recent_emoji(&recent_emoji(), name));
}

/// How often typing is announced while it goes on (Mattermost's web app: every 3 s).
const TYPING_REPEAT_MS: i64 = 3_000;

/// Tells the channel (or thread) I am typing, at most every few seconds, unless the server
/// turned typing messages off; `last_sent` is the caller's memory of when it last did.
pub fn announce_typing(store: StoreSignal, channel_id: &str, root_id: &str, last_sent: &mut i64) {
    let now = crate::time::now_ms();
    if now - *last_sent < TYPING_REPEAT_MS || store.with_untracked(|s| s.typing_messages_off) {
        return;
    }
    *last_sent = now;
    crate::realtime::send_action(
        "user_typing",
        serde_json::json!({ "channel_id": channel_id, "parent_id": root_id }),
    );
}

thread_local! {
    /// Channels with a view report in flight, each with the report due after it, if any (its
    /// `prev_channel_id`).
    static VIEW_REPORTS: RefCell<HashMap<String, Option<Option<String>>>> =
        RefCell::new(HashMap::new());
}

/// Tells the server a channel was read. Reports for one channel are coalesced: while one is in
/// flight, any number of newer ones become a single report after it (a burst of posts arriving in
/// the open channel, say, after a reconnect).
fn report_viewed(channel_id: String, prev_channel_id: Option<String>) {
    let in_flight = VIEW_REPORTS.with(|reports| {
        let mut reports = reports.borrow_mut();
        if let Some(due) = reports.get_mut(&channel_id) {
            let prev = due.take().flatten().or(prev_channel_id.clone());
            *due = Some(prev);
            return true;
        }
        reports.insert(channel_id.clone(), None);
        false
    });
    if in_flight {
        return;
    }
    spawn_local(async move {
        let mut prev_channel_id = prev_channel_id;
        loop {
            // The store is read already; a failure only leaves the server's badge (and my other
            // sessions') stale until the next view: nothing to show.
            let _ = api::view_channel(&channel_id, prev_channel_id.as_deref()).await;
            let due = VIEW_REPORTS.with(|reports| {
                let mut reports = reports.borrow_mut();
                let due = reports.get_mut(&channel_id).and_then(Option::take);
                if due.is_none() {
                    reports.remove(&channel_id);
                }
                due
            });
            match due {
                Some(prev) => prev_channel_id = prev,
                None => return,
            }
        }
    });
}

/// Does what a store change asks of the network.
pub fn follow_up(store: StoreSignal, followup: Followup) {
    match followup {
        Followup::MarkChannelViewed {
            channel_id,
            prev_channel_id,
        } => report_viewed(channel_id, prev_channel_id),
        Followup::LoadChannel(channel_id) => sync::load_channel(store, channel_id),
        Followup::Resync => sync::resync(store),
        Followup::ExpireTyping(typist) => spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(TYPING_SHOWN_MS).await;
            store.update(|s| s.expire_typing(&typist));
        }),
    }
}

/// Ends the session on the server (best effort) and forgets it here.
pub async fn log_out(store: StoreSignal) {
    let _ = api::logout().await;
    store.update(Store::reset);
}
