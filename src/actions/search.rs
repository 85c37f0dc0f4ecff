//! Searching the current team's messages, a page of results at a time.

use leptos::prelude::*;

use crate::actions::people::load_users;
use crate::api;
use crate::browser::time;
use crate::state::StoreSignal;
use crate::store::Store;

/// Searches the current team's messages for `terms`: the pane opens loading, then shows what
/// was found, or why nothing could be.
pub async fn search(store: StoreSignal, terms: String) {
    let Some(Some(request)) = store.try_update(|s| s.start_search(&terms)) else {
        return;
    };
    load_search_page(store, request, terms.trim().to_string(), 0).await;
}

/// "Recent mentions": the posts that mention me, found as Mattermost's web app finds them (a
/// search for `@username`), in the same pane as a search.
pub async fn recent_mentions(store: StoreSignal) {
    let Some(Some((request, terms))) = store.try_update(Store::start_recent_mentions) else {
        return;
    };
    load_search_page(store, request, terms, 0).await;
}

/// Fetches the next page of the search on screen, when there may be one.
pub async fn search_more(store: StoreSignal) {
    let Some(Some((request, terms, page))) = store.try_update(Store::start_more_results) else {
        return;
    };
    load_search_page(store, request, terms, page).await;
}

/// Fetches a page of results with code that is loaded with the search pane's (the request, the
/// decoding of its answer, the store's handling of it: components/lazy_view.rs), not in the first
/// download.
async fn load_search_page(store: StoreSignal, request: u64, terms: String, page: i64) {
    #[cfg(feature = "split")]
    match search_page_request(store, request, terms, page).await {
        Ok(fetching) => fetching.await,
        Err(_not_loaded) => store.update(|s| {
            s.apply_search_failed(
                request,
                "Search could not be loaded. Check the connection, then try again.".to_string(),
            )
        }),
    }
    #[cfg(not(feature = "split"))]
    fetch_search_page(store, request, &terms, page).await;
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(search_pane, wasm_split_path = ::leptos::wasm_split, fallible)]
fn search_page_request(
    store: StoreSignal,
    request: u64,
    terms: String,
    page: i64,
) -> Result<
    std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>,
    leptos::wasm_split::SplitLoaderError,
> {
    Ok(Box::pin(async move {
        fetch_search_page(store, request, &terms, page).await
    }))
}

async fn fetch_search_page(store: StoreSignal, request: u64, terms: &str, page: i64) {
    let team_id = store.with_untracked(|s| s.current_team_id.clone().unwrap_or_default());
    let offset = time::utc_offset_seconds();
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
