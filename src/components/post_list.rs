//! The channel's messages, oldest at the top, opened at the newest and kept pinned to the bottom
//! while the reader is there.

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::components::post::Post;
use crate::state::use_store;
use crate::store::{group_posts, PostRow, PostState};
use crate::time;

/// Within this many pixels of the bottom counts as "at the bottom".
const PINNED_SLACK_PX: i32 = 48;

#[component]
pub fn PostList(channel_id: String) -> impl IntoView {
    let store = use_store();
    let list = NodeRef::<Div>::new();
    let pinned = StoredValue::new(true);

    let rows = {
        let channel_id = channel_id.clone();
        Memo::new(move |_| {
            store.with(|s| {
                s.channel_posts(&channel_id)
                    .map(|posts| group_posts(posts.roots(), time::local_day))
                    .unwrap_or_default()
            })
        })
    };
    let older_may_exist = {
        let channel_id = channel_id.clone();
        Memo::new(move |_| {
            store.with(|s| {
                s.channel_posts(&channel_id)
                    .is_some_and(|p| p.older_may_exist)
            })
        })
    };

    let newest = {
        let channel_id = channel_id.clone();
        LocalResource::new(move || {
            let channel_id = channel_id.clone();
            async move { actions::load_newest_posts(store, &channel_id).await }
        })
    };

    // Authors we don't know yet (the list shows "Someone" until they arrive). Each id is asked
    // for once, so a deleted user can't cause a request loop.
    let missing_authors = {
        let channel_id = channel_id.clone();
        Memo::new(move |_| store.with(|s| s.missing_user_ids(Some(&channel_id))))
    };
    let asked_for = StoredValue::new(std::collections::HashSet::<String>::new());
    Effect::new(move |_| {
        let to_ask: Vec<String> = missing_authors
            .get()
            .into_iter()
            .filter(|id| asked_for.with_value(|asked| !asked.contains(id)))
            .collect();
        if to_ask.is_empty() {
            return;
        }
        asked_for.update_value(|asked| asked.extend(to_ask.iter().cloned()));
        spawn_local(async move {
            // On failure the author stays "Someone"; the post itself is still readable.
            let _ = actions::load_users(store, to_ask).await;
        });
    });

    // While older posts load, the reader's place is kept as a distance from the bottom: posts
    // are added above it, and browsers don't anchor the scroll at the very top.
    let keep_from_bottom = StoredValue::new(None::<i32>);
    let restore_place = move || {
        request_animation_frame(move || {
            if let (Some(list), Some(offset)) = (list.get_untracked(), keep_from_bottom.get_value())
            {
                list.set_scroll_top(list.scroll_height() - offset);
            }
        });
    };

    // Keep the newest post in view when rows change while the reader is at the bottom, and
    // always after they send (their post is the newest and still pending).
    Effect::new(move |_| {
        let sent_by_me =
            rows.with(|rows| rows.last().is_some_and(|r| r.state == PostState::Pending));
        if pinned.get_value() || sent_by_me {
            request_animation_frame(move || {
                if let Some(list) = list.get_untracked() {
                    list.set_scroll_top(list.scroll_height());
                    pinned.set_value(true);
                }
            });
        } else if keep_from_bottom.with_value(Option::is_some) {
            restore_place();
        }
    });
    let on_scroll = move |_| {
        if let Some(list) = list.get_untracked() {
            let from_bottom = list.scroll_height() - list.scroll_top() - list.client_height();
            pinned.set_value(from_bottom <= PINNED_SLACK_PX);
        }
    };

    let older = Action::new_local(move |channel_id: &String| {
        let channel_id = channel_id.clone();
        async move { actions::load_older_posts(store, &channel_id).await }
    });
    let load_older = move |channel_id: String| {
        if let Some(list) = list.get_untracked() {
            keep_from_bottom.set_value(Some(list.scroll_height() - list.scroll_top()));
        }
        older.dispatch(channel_id);
    };
    Effect::new(move |_| {
        if !older.pending().get() && keep_from_bottom.with_value(Option::is_some) {
            restore_place();
            request_animation_frame(move || keep_from_bottom.set_value(None));
        }
    });
    let older_failed = move || older.value().with(|result| matches!(result, Some(Err(_))));

    view! {
        <div
            class="post-list"
            role="log"
            aria-label="Messages"
            data-testid="post-list"
            node_ref=list
            on:scroll=on_scroll
        >
            <Show when=move || older_may_exist.get()>
                {
                    let channel_id = channel_id.clone();
                    view! {
                        <button
                            type="button"
                            class="load-older"
                            disabled=move || older.pending().get()
                            on:click=move |_| load_older(channel_id.clone())
                        >
                            {move || if older_failed() {
                                "Could not load older messages. Try again"
                            } else {
                                "Load older messages"
                            }}
                        </button>
                    }
                }
            </Show>
            {move || match newest.get() {
                Some(Err(error)) if rows.with(Vec::is_empty) => Some(view! {
                    <p class="list-status" role="alert">
                        {format!("Messages could not be loaded. {}", error.user_message())}
                        " "
                        <button type="button" on:click=move |_| newest.refetch()>"Try again"</button>
                    </p>
                }.into_any()),
                None if rows.with(Vec::is_empty) => Some(view! {
                    <p class="list-status">"Loading messages…"</p>
                }.into_any()),
                _ => None,
            }}
            <For
                each=move || rows.get()
                key=PostRow::key
                let:row
            >
                <Post row=row/>
            </For>
        </div>
    }
}
