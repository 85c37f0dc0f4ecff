//! Keeping the store in step with the server where events alone can't: the event stream and
//! what it reports, the work a store change asks of the network (`Followup`), each team's
//! channels and memberships (fetched as snapshots that events may race), the resync after events
//! were lost, and a channel the store lacks.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;
use std::time::Duration;

use brisk_model::ServerEvent;
use futures::channel::oneshot;
use futures::future::FusedFuture;
use futures::FutureExt;
use gloo_timers::future::sleep;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::{channels, history, posts, teams};
use crate::api::{self, ApiError};
use crate::browser::{notifications, paint};
use crate::lazy::{lazy_fn, CHUNK_RETRY};
use crate::realtime::{self, Notice, Stop};
use crate::state::{StoreSignal, TypingSignal};
use crate::store::{Followup, SocketState, Store, Typist, TYPING_SHOWN_MS};

/// The open event stream: dropping it closes the socket.
pub use crate::realtime::Connection;

/// How long the first load waits for the event stream before going ahead without it.
const STREAM_WAIT_LIMIT: Duration = Duration::from_secs(3);

thread_local! {
    /// First loads waiting for the event stream to start.
    static STREAM_WAITERS: RefCell<Vec<oneshot::Sender<()>>> = const { RefCell::new(Vec::new()) };
}

/// Opens the event stream; it lives until the `Connection` is dropped. Each event goes to the
/// store or to who is typing, and a mention or direct message also to a desktop notification
/// (while the tab is hidden). Its code (the socket, its resume and reconnection, every event's
/// handling) is a chunk of its own, fetched as the team's page opens, beside the team's first
/// requests: the first message shown does not wait for it, and the first load waits for the
/// stream a moment at most (`until_stream_started`). A chunk that cannot be fetched is tried
/// again a moment later, as long as the connection is wanted.
pub fn connect(store: StoreSignal, typing: TypingSignal) -> Connection {
    let (connection, stop) = Connection::new();
    let stop = Rc::new(Cell::new(Some(stop)));
    spawn_local(async move {
        while stream_in_chunk(store, typing, stop.clone()).await.is_err() {
            sleep(CHUNK_RETRY).await;
            let Some(waiting) = stop.take().filter(still_wanted) else {
                return;
            };
            stop.set(Some(waiting));
        }
    });
    connection
}

lazy_fn! {
    /// Starts the event stream, unless its connection was dropped while this was being fetched.
    pub(crate) fn stream_in_chunk(store: StoreSignal, typing: TypingSignal, stop: Rc<Cell<Option<Stop>>>) -> () {
        if let Some(stop) = stop.take().filter(still_wanted) {
            realtime::connect(
                move |notice| {
                    if let Notice::Event(event) = &notice {
                        notify(store, event);
                    }
                    on_notice(store, typing, notice);
                },
                stop,
            );
        }
    }
}

/// Whether the stream is still wanted: its connection was not dropped (the page did not leave).
fn still_wanted(stop: &Stop) -> bool {
    !stop.is_terminated()
}

fn notify(store: StoreSignal, event: &ServerEvent) {
    let notice = store.with_untracked(|s| Some((s.notice_for(event)?, s.current_team_name())));
    if let Some((notice, team_name)) = notice {
        let path = notice.route.path(&team_name);
        notifications::show(&notice, path);
    }
}

/// Applies what the socket reports.
fn on_notice(store: StoreSignal, typing: TypingSignal, notice: Notice) {
    match notice {
        Notice::Connected => {
            store.update(|s| s.socket = SocketState::Connected);
            // The server is reachable again: what was written meanwhile can go.
            posts::send_outbox(store);
        }
        Notice::Disconnected => {
            let was_up = store.try_update(Store::socket_lost).unwrap_or(false);
            wake_stream_waiters();
            if was_up {
                check_session();
            }
        }
        Notice::Event(event) => {
            let (followup, typist) = apply_event(store, typing, &event);
            if let Some(followup) = followup {
                follow_up(store, followup);
            }
            if let Some(typist) = typist {
                spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(TYPING_SHOWN_MS).await;
                    typing.update(|t| t.expire(&typist));
                });
            }
            if matches!(*event, ServerEvent::Hello) {
                wake_stream_waiters();
            }
        }
        Notice::Resync => resync(store),
    }
}

/// Applies a server event to the state it changes, and only that: a `typing` event never
/// touches the store. Returns what the store asks of the network, and a typing entry to expire.
pub(crate) fn apply_event(
    store: StoreSignal,
    typing: TypingSignal,
    event: &ServerEvent,
) -> (Option<Followup>, Option<Typist>) {
    if let ServerEvent::Typing(typing_event) = event {
        let (my_id, typing_off) =
            store.with_untracked(|s| (s.my_id().to_string(), s.typing_messages_off()));
        let typist = typing
            .try_update(|t| t.apply_typing_event(typing_event, &my_id, typing_off))
            .flatten();
        return (None, typist);
    }
    if let ServerEvent::Posted(posted) = event {
        if typing.with_untracked(|t| t.changed_by(event)) {
            typing.update(|t| t.stop_for_post(&posted.post));
        }
    }
    (store.try_update(|s| s.apply_event(event)).flatten(), None)
}

/// The socket closed: perhaps because the session ended (a password changed, "log out all other
/// sessions", an admin deactivated the account), which the socket cannot say: the server closes
/// the sockets of sessions it ends, and opens a socket for any session before closing it
/// unauthenticated. Asking the server who I am answers it: a 401 goes to login like any other
/// call's, now rather than at the next click; a network error changes nothing.
fn check_session() {
    spawn_local(async {
        let _ = api::me().await;
    });
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
        follow_up(store, followup);
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
fn resync(store: StoreSignal) {
    let Some(teams) = store.try_update(Store::fell_behind) else {
        return;
    };
    spawn_local(async move {
        // Best effort: a failed part is fetched again by the next resync or channel switch.
        futures::join!(
            futures::future::join_all(teams.iter().map(|id| team(store, id))),
            teams::load_team_unreads(store),
        );
        if let Some(channel_id) = store.with_untracked(|s| s.open_channel_id.clone()) {
            let _ = history::catch_up_posts(store, &channel_id).await;
        }
    });
}

/// A channel the store lacks (a post arrived in it, or I was added to it), with my membership;
/// and the rest of its team's channels if they are not fetched yet (its badge was the server's
/// count, which no longer holds this post), so the team's later events are counted here.
fn load_channel(store: StoreSignal, channel_id: String) {
    spawn_local(async move {
        // Best effort: the channel shows up with the next team load otherwise.
        if let Ok(channel) = synced(store, channels::load_channel(store, &channel_id)).await {
            if !channel.team_id.is_empty() {
                let _ = teams::load_team_channels(store, &channel.team_id).await;
            }
        }
        store.try_update(|s| s.channel_load_done(&channel_id));
    });
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
        // Not before the channel just opened is painted: the report changes nothing on screen.
        paint::after_paint().await;
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
        Followup::LoadChannel(channel_id) => load_channel(store, channel_id),
        Followup::LoadTeamUnreads => spawn_local(teams::load_team_unreads(store)),
        Followup::Resync => resync(store),
    }
}
