//! Actions that keep the store in step with the server where events alone can't: what the socket
//! reports, each team's channels and memberships (fetched as snapshots that events may race),
//! the resync after events were lost, a channel the store lacks, and the catch-up of a channel's
//! posts (after lost events, and back to the "New messages" line).

use std::cell::RefCell;
use std::future::Future;
use std::time::Duration;

use brisk_model::Post;
use futures::channel::oneshot;
use futures::FutureExt;
use gloo_timers::future::sleep;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::{self, StoreSignal};
use crate::api::{self, ApiError, PostsQuery};
use crate::channel_actions;
use crate::realtime::Notice;
use crate::store::{SocketState, Store};

/// A `since` catch-up asks from a little before the newest post held: the server publishes
/// concurrent posts in commit order, which can differ from their creation order by a moment.
const CATCH_UP_OVERLAP_MS: i64 = 10_000;
/// Mattermost answers a `since` query with at most this many posts.
const SINCE_LIMIT: usize = 1000;
/// Pages fetched per request while going back to the "New messages" line, and at most how many
/// such pages: a reader away for long starts at the oldest of these instead.
const CATCH_UP_PAGE: u32 = 200;
const CATCH_UP_MAX_PAGES: usize = 5;
/// How long the first load waits for the event stream before going ahead without it.
const STREAM_WAIT_LIMIT: Duration = Duration::from_secs(3);

thread_local! {
    /// First loads waiting for the event stream to start.
    static STREAM_WAITERS: RefCell<Vec<oneshot::Sender<()>>> = const { RefCell::new(Vec::new()) };
}

/// Applies what the socket reports.
pub fn on_notice(store: StoreSignal, notice: Notice) {
    match notice {
        Notice::Connected => store.update(|s| s.socket = SocketState::Connected),
        Notice::Disconnected => {
            store.update(|s| s.socket = SocketState::Reconnecting);
            wake_stream_waiters();
        }
        Notice::Event(event) => {
            if let Some(Some(followup)) = store.try_update(|s| s.apply_event(&event)) {
                actions::follow_up(store, followup);
            }
            if event.event == brisk_model::event_name::HELLO {
                wake_stream_waiters();
            }
        }
        Notice::Resync => resync(store),
    }
}

fn wake_stream_waiters() {
    for waiter in STREAM_WAITERS.with(|waiters| waiters.take()) {
        let _ = waiter.send(());
    }
}

/// Waits until the event stream has started (or the socket failed, or a few seconds passed).
/// Fetching after that leaves no moment whose events nobody hears of; fetching before it
/// would cost a resync when the stream does start.
pub async fn until_stream_started(store: StoreSignal) {
    let settled =
        store.with_untracked(|s| s.stream_has_started() || s.socket == SocketState::Reconnecting);
    if settled {
        return;
    }
    let (waiter, started) = oneshot::channel();
    STREAM_WAITERS.with(|waiters| waiters.borrow_mut().push(waiter));
    futures::select! {
        _ = started.fuse() => {}
        _ = sleep(STREAM_WAIT_LIMIT).fuse() => {}
    }
}

/// Runs `fetch_and_apply`, which fetches channels and memberships and applies them to the store,
/// then replays the read-state events that raced it.
async fn synced<T>(
    store: StoreSignal,
    fetch_and_apply: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    let token = store.try_update(Store::begin_sync);
    let result = fetch_and_apply.await;
    let Some(token) = token else {
        return result;
    };
    let followups = store
        .try_update(|s| match result {
            Ok(_) => s.finish_sync(token),
            Err(_) => {
                s.abandon_sync(token);
                Vec::new()
            }
        })
        .unwrap_or_default();
    for followup in followups {
        actions::follow_up(store, followup);
    }
    result
}

/// My channels and memberships in the team (read positions, so unread counts).
pub async fn team(store: StoreSignal, team_id: &str) -> Result<(), ApiError> {
    synced(store, async {
        let (channels, members) =
            futures::try_join!(api::my_channels(team_id), api::my_channel_members(team_id))?;
        store.update(|s| s.apply_team_channels(team_id, channels, members));
        Ok(())
    })
    .await
}

/// After events were lost: every team's channels and memberships again, and the open channel's
/// posts since the newest held (other channels catch up when opened).
pub fn resync(store: StoreSignal) {
    let Some(teams) = store.try_update(Store::fell_behind) else {
        return;
    };
    spawn_local(async move {
        // Best effort: a failed part is fetched again by the next resync or channel switch.
        futures::future::join_all(teams.iter().map(|id| team(store, id))).await;
        if let Some(channel_id) = store.with_untracked(|s| s.open_channel_id.clone()) {
            let _ = catch_up_posts(store, &channel_id).await;
        }
    });
}

/// A channel the store lacks (a post arrived in it, or I was added to it), with my membership.
pub fn load_channel(store: StoreSignal, channel_id: String) {
    spawn_local(async move {
        // Best effort: the channel shows up with the next team load otherwise.
        let _ = synced(store, channel_actions::load_channel(store, &channel_id)).await;
        store.try_update(|s| s.channel_load_done(&channel_id));
    });
}

/// The posts changed since the newest one held (all of the newest page when none is held).
pub async fn catch_up_posts(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let newest = store.with_untracked(|s| {
        s.channel_posts(channel_id)
            .and_then(|posts| posts.newest_sent())
            .map(|post| post.create_at)
    });
    let Some(newest) = newest else {
        return actions::load_newest_page(store, channel_id).await;
    };
    let since = (newest - CATCH_UP_OVERLAP_MS).max(1);
    let list = api::channel_posts(channel_id, &PostsQuery::since(since)).await?;
    let complete = list.order.len() < SINCE_LIMIT;
    store.update(|s| s.apply_catch_up(channel_id, list, complete));
    Ok(())
}

/// Loads older pages until the channel's "New messages" line is among the posts held (or there
/// is nothing older, or enough was loaded), so a reader back after days starts there.
pub async fn load_back_to_unread_line(
    store: StoreSignal,
    channel_id: &str,
) -> Result<(), ApiError> {
    load_older_while(store, channel_id, CATCH_UP_MAX_PAGES, |s| {
        let Some(after) = s.unread_line_time(channel_id) else {
            return false;
        };
        s.channel_posts(channel_id).is_some_and(|posts| {
            let oldest = posts.history_cursor.as_deref().and_then(|id| posts.get(id));
            oldest.is_none_or(|oldest| oldest.post.create_at > after)
        })
    })
    .await
}

/// Loads older pages until the channel's history held reaches back to `post` (a permalink's),
/// however far back it is: the server runs out of older pages at the channel's start.
pub async fn load_back_to_post(store: StoreSignal, post: &Post) -> Result<(), ApiError> {
    load_older_while(store, &post.channel_id, usize::MAX, |s| {
        !s.history_reaches(post)
    })
    .await
}

/// Fetches pages of older posts while `wants_more` and the server may have more, at most
/// `max_pages`. A page that does not move the history back (a server ignoring `before`) ends it.
async fn load_older_while(
    store: StoreSignal,
    channel_id: &str,
    max_pages: usize,
    wants_more: impl Fn(&Store) -> bool,
) -> Result<(), ApiError> {
    for _ in 0..max_pages {
        let oldest = store.with_untracked(|s| {
            let posts = s.channel_posts(channel_id)?;
            let cursor = posts.history_cursor.clone()?;
            (posts.older_may_exist && wants_more(s)).then_some(cursor)
        });
        let Some(oldest) = oldest else {
            return Ok(());
        };
        let query = PostsQuery {
            per_page: Some(CATCH_UP_PAGE),
            ..PostsQuery::before(&oldest)
        };
        let list = api::channel_posts(channel_id, &query).await?;
        let full = list.order.len() >= CATCH_UP_PAGE as usize;
        let moved = store
            .try_update(|s| {
                s.apply_older_page(channel_id, list, full);
                s.channel_posts(channel_id)
                    .is_some_and(|posts| posts.history_cursor.as_deref() != Some(oldest.as_str()))
            })
            .unwrap_or(false);
        if !moved {
            return Ok(());
        }
    }
    Ok(())
}
