//! A thread beside the channel (the whole screen on a phone): the root, its replies as they
//! come, and a box to reply in.

use leptos::prelude::*;

use crate::actions;
use crate::browser::time;
use crate::components::composer::Composer;
use crate::components::icon::{Icon, IconName};
use crate::components::post::Post;
use crate::state::use_store;
use crate::store::{group_posts, PostRow};

#[component]
pub fn ThreadPane(channel_id: String, root_id: String) -> impl IntoView {
    let store = use_store();
    let rows = {
        let (channel_id, root_id) = (channel_id.clone(), root_id.clone());
        Memo::new(move |_| {
            store.with(|s| {
                s.channel_posts(&channel_id)
                    .map(|posts| group_posts(&posts.thread(&root_id), time::local_day))
                    .unwrap_or_default()
            })
        })
    };
    let loaded = {
        let root_id = root_id.clone();
        LocalResource::new(move || {
            let root_id = root_id.clone();
            async move { actions::history::load_thread(store, &root_id).await }
        })
    };
    let close = move |_| store.update(|s| s.open_thread = None);

    view! {
        <aside class="side-pane thread-pane" aria-label="Thread" data-testid="thread">
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
