//! A thread beside the channel (the whole screen on a phone): the root, its replies as they
//! come, and a box to reply in.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::actions;
use crate::async_state::AsyncValue;
use crate::browser::time;
use crate::components::composer::Composer;
use crate::components::icon::{Icon, IconName};
use crate::components::lazy_view::lazy_view;
use crate::components::post::Post;
use crate::state::{effect, memo, use_store};
use crate::store::{group_posts, PostRow};

lazy_view! {
    /// The pane, its code loaded on first use (components/lazy_view.rs).
    pub fn thread_pane(channel_id: String, root_id: String) {
        view! { <ThreadPane channel_id root_id/> }
    }
}

#[component]
fn ThreadPane(channel_id: String, root_id: String) -> impl IntoView {
    let store = use_store();
    let pane = NodeRef::<html::Aside>::new();
    let rows = {
        let (channel_id, root_id) = (channel_id.clone(), root_id.clone());
        memo(move || {
            store.with(|s| {
                s.channel_posts(&channel_id)
                    .map(|posts| group_posts(&posts.thread(&root_id), time::local_day))
                    .unwrap_or_default()
            })
        })
    };
    let loaded = {
        let root_id = root_id.clone();
        AsyncValue::new(move || {
            let root_id = root_id.clone();
            async move { actions::history::load_thread(store, &root_id).await }
        })
    };
    let close = move |_| store.update(|s| s.open_thread = None);
    focus_highlighted_reply(pane, rows);

    view! {
        <aside class="side-pane thread-pane" node_ref=pane aria-label="Thread" data-testid="thread">
            <header class="pane-header">
                <h2>"Thread"</h2>
                <button type="button" class="secondary" aria-label="Close thread" on:click=close><Icon name=IconName::Close/></button>
            </header>
            <div class="pane-body">
                {move || match loaded.get() {
                    Some(Err(error)) => Some(view! {
                        <p class="list-status" role="alert">
                            {format!("The thread could not be loaded. {}", error.user_message())}
                            " "
                            <button type="button" on:click=move |_| loaded.refetch()>"Try again"</button>
                        </p>
                    }),
                    _ => None,
                }}
                <For
                    each=move || rows.get()
                    key=PostRow::key
                    let:row
                >
                    <Post row=row in_thread=true/>
                </For>
            </div>
            <Composer channel_id=channel_id root_id=root_id/>
        </aside>
    }
}

/// A permalink to a reply opens its thread with the reply highlighted: the reply takes focus
/// once the pane shows it. The post list focuses it too when the pane is already there as it
/// places the reader, but the pane's code may arrive later than that.
fn focus_highlighted_reply(pane: NodeRef<html::Aside>, rows: Memo<Vec<PostRow>>) {
    let focused = StoredValue::new(false);
    effect(move || {
        rows.track();
        if focused.get_value() || pane.get().is_none() {
            return;
        }
        // Next frame: the rows are in the page then.
        request_animation_frame(move || {
            // The pane may have closed before the frame.
            let highlighted = pane
                .try_get_untracked()
                .flatten()
                .and_then(|pane| pane.query_selector(".post-highlighted").ok().flatten())
                .and_then(|reply| reply.dyn_into::<web_sys::HtmlElement>().ok())
                .filter(|reply| reply.is_connected());
            if let Some(reply) = highlighted {
                focused.try_set_value(true);
                let _ = reply.focus();
            }
        });
    });
}
