//! `/{team}/pl/{post_id}`: a message's permanent address. The message's channel opens at it,
//! highlighted (see `Store::open_at_post`); a message that is gone or out of the reader's reach
//! gets a notice saying so.

use leptos::prelude::*;

use crate::actions;
use crate::async_state::AsyncValue;
use crate::components::drawer::DrawerToggle;
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::components::search_pane::search_pane;
use crate::router::{self, InTeam};
use crate::state::{effect, memo, use_store};

lazy_view! {
    /// The route's view; the page's code is a chunk of its own, loaded when the route opens.
    pub fn permalink_page() {
        view! { <PermalinkPage/> }
    }
}

#[component]
fn PermalinkPage() -> impl IntoView {
    let store = use_store();
    let post_id = router::page_parameter(
        || match router::route().in_team {
            Some(InTeam::Permalink(post_id)) => Some(post_id),
            _ => None,
        },
        String::new(),
    );
    let opened = AsyncValue::new(move || {
        let post_id = post_id.get();
        async move { actions::permalinks::open_permalink(store, &post_id).await }
    });
    // The channel's own address replaces the permalink's, as a channel link would have led
    // there: the back button then returns to where the reader came from.
    effect(move || {
        if let Some(Ok(path)) = opened.get() {
            router::navigate_replacing(&path);
        }
    });
    let searching = memo(move || store.with(|s| s.search.is_some()));
    let team_name = store.with_untracked(|s| s.current_team_name());

    view! {
        <div class="channel-area">
            <main class="channel">
                {move || match opened.get() {
                    None | Some(Ok(_)) => view! { <p class="list-status">"Opening the message…"</p> }.into_any(),
                    Some(Err(error)) if matches!(error.status(), Some(403 | 404)) => view! {
                        <div class="status-page">
                            <DrawerToggle/>
                            <h1>"Message not found"</h1>
                            <p>"This message was deleted, or it is in a channel you cannot see."</p>
                            <a href=router::town_square_path(&team_name)>"Go to Town Square"</a>
                        </div>
                    }.into_any(),
                    Some(Err(error)) => view! {
                        <div class="status-page">
                            <p role="alert">{format!("The message could not be opened. {}", error.user_message())}</p>
                            <button type="button" on:click=move |_| opened.refetch()>"Try again"</button>
                        </div>
                    }.into_any(),
                }}
            </main>
            {move || searching.get().then(|| view! { <LazyView view=search_pane()/> })}
        </div>
    }
}
