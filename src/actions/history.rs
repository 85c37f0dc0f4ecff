//! A channel's history: its newest page, older pages as the reader scrolls back, a thread, and the
//! catch-up of posts missed (after lost events, back to the "New messages" line, back to a
//! permalink's post).

use brisk_model::Post;
use leptos::prelude::*;

use crate::api::{self, ApiError, PostsQuery, POSTS_PER_PAGE};
use crate::state::StoreSignal;
use crate::store::Store;

/// A `since` catch-up asks from a little before the newest post held: the server publishes
/// concurrent posts in commit order, which can differ from their creation order by a moment.
const CATCH_UP_OVERLAP_MS: i64 = 10_000;
/// Mattermost answers a `since` query with at most this many posts.
const SINCE_LIMIT: usize = 1000;
/// Pages fetched per request while going back to the "New messages" line, and at most how many
/// such pages: a reader away for long starts at the oldest of these instead.
const CATCH_UP_PAGE: u32 = 200;
const CATCH_UP_MAX_PAGES: usize = 5;

/// Loads the channel's newest page of posts once per channel (or catches up if events were
/// lost since), and enough older ones to show where the unread posts start.
pub async fn load_newest_posts(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    load_newest_then_older(store, channel_id, |s| {
        history_starts_after_unread_line(s, channel_id)
    })
    .await
}

/// The channel's newest page of posts.
pub async fn load_newest_page(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let list = api::channel_posts(channel_id, &PostsQuery::newest()).await?;
    let full = list.order.len() >= POSTS_PER_PAGE as usize;
    store.update(|s| s.apply_newest_page(channel_id, list, full));
    Ok(())
}

/// Loads the channel's newest page when none is held (or catches up if events were lost since),
/// then older pages while `wants_older` (a few at most).
pub async fn load_newest_then_older(
    store: StoreSignal,
    channel_id: &str,
    wants_older: impl Fn(&Store) -> bool,
) -> Result<(), ApiError> {
    let (loaded, behind) = store.with_untracked(|s| {
        let loaded = s.channel_posts(channel_id).is_some_and(|p| p.newest_loaded);
        (loaded, s.posts_behind(channel_id))
    });
    if loaded && behind {
        catch_up_posts(store, channel_id).await?;
    } else if !loaded {
        load_newest_page(store, channel_id).await?;
    }
    load_older_while(store, channel_id, CATCH_UP_MAX_PAGES, wants_older).await
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

/// Loads a whole thread (root and replies) into the store.
pub async fn load_thread(store: StoreSignal, root_id: &str) -> Result<(), ApiError> {
    let list = api::post_thread(root_id).await?;
    store.update(|s| s.apply_thread(list));
    Ok(())
}

/// The posts changed since the newest one held (all of the newest page when none is held).
pub async fn catch_up_posts(store: StoreSignal, channel_id: &str) -> Result<(), ApiError> {
    let newest = store.with_untracked(|s| {
        s.channel_posts(channel_id)
            .and_then(|posts| posts.newest_sent())
            .map(|post| post.create_at)
    });
    let Some(newest) = newest else {
        return load_newest_page(store, channel_id).await;
    };
    let since = (newest - CATCH_UP_OVERLAP_MS).max(1);
    let list = api::channel_posts(channel_id, &PostsQuery::since(since)).await?;
    let complete = list.order.len() < SINCE_LIMIT;
    store.update(|s| s.apply_catch_up(channel_id, list, complete));
    Ok(())
}

/// Whether the channel's history held starts after its "New messages" line, so a reader away
/// for long needs older pages to start there.
fn history_starts_after_unread_line(s: &Store, channel_id: &str) -> bool {
    let Some(after) = s.unread_line_time(channel_id) else {
        return false;
    };
    s.channel_posts(channel_id).is_some_and(|posts| {
        let oldest = posts.history_cursor.as_deref().and_then(|id| posts.get(id));
        oldest.is_none_or(|oldest| oldest.post.create_at > after)
    })
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
