//! "Mark as unread" on a post: the channel becomes unread from that post on, here and in the
//! reader's other tabs and devices.

use leptos::prelude::*;

use crate::actions;
use crate::async_state::AsyncAction;
use crate::state::use_store;

#[component]
pub fn MarkUnreadButton(post_id: String) -> impl IntoView {
    let store = use_store();
    let mark = AsyncAction::new(move |post_id: &String| {
        let post_id = post_id.clone();
        async move { actions::reading::mark_unread(store, &post_id).await }
    });
    let failed = move || mark.value().with(|result| matches!(result, Some(Err(_))));
    view! {
        <button
            type="button"
            class="secondary"
            disabled=move || mark.pending()
            on:click=move |_| { mark.dispatch(post_id.clone()); }
        >
            "Mark as unread"
        </button>
        <Show when=failed>
            <span class="post-action-error" role="alert">"Could not mark as unread. Try again."</span>
        </Show>
    }
}
