//! The channel's messages, oldest at the top, opened at the "New messages" line when there is
//! one above the newest posts (else at the newest), and kept pinned to the bottom while the
//! reader is there.

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::actions;
use crate::components::jump_to_unread::JumpToUnread;
use crate::components::new_messages_line::NewMessagesLine;
use crate::components::post::Post;
use crate::state::use_store;
use crate::store::{group_posts, PostRow, PostState};
use crate::time;

/// Within this many pixels of the bottom counts as "at the bottom".
const PINNED_SLACK_PX: i32 = 48;
/// Room left above the "New messages" line when the list opens at it.
const LINE_MARGIN_PX: i32 = 24;

/// The "New messages" line in the list, if it is rendered.
fn new_messages_line(list: &web_sys::HtmlElement) -> Option<web_sys::HtmlElement> {
    list.query_selector(".new-messages-line")
        .ok()
        .flatten()
        .and_then(|line| line.dyn_into().ok())
}

/// Whether the reader has scrolled past the "New messages" line (it is above the view).
fn line_is_above(list: &web_sys::HtmlElement) -> bool {
    new_messages_line(list)
        .is_some_and(|line| line.offset_top() + line.offset_height() < list.scroll_top())
}

#[component]
pub fn PostList(channel_id: String) -> impl IntoView {
    let store = use_store();
    let list = NodeRef::<Div>::new();
    let pinned = StoredValue::new(true);

    let first_unread = {
        let channel_id = channel_id.clone();
        Memo::new(move |_| store.with(|s| s.first_unread_post_id(&channel_id).map(str::to_string)))
    };
    let rows = {
        let channel_id = channel_id.clone();
        Memo::new(move |_| {
            let mut rows = store.with(|s| {
                s.channel_posts(&channel_id)
                    .map(|posts| group_posts(posts.roots(), time::local_day))
                    .unwrap_or_default()
            });
            // The first new post shows its author again, below the line.
            first_unread.with(|first| {
                if let Some(row) = rows
                    .iter_mut()
                    .find(|row| Some(&row.post.id) == first.as_ref())
                {
                    row.starts_group = true;
                }
            });
            rows
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

    // Once the first load is in (the newest posts, and older ones back to the unread line),
    // the reader starts at the "New messages" line if it is above the newest posts in view.
    let placed = StoredValue::new(false);
    let line_above = RwSignal::new(false);
    let place_reader = move || {
        let Some(list) = list.get_untracked() else {
            return;
        };
        list.set_scroll_top(list.scroll_height());
        if let Some(line) = new_messages_line(&list) {
            if line.offset_top() < list.scroll_top() {
                list.set_scroll_top(line.offset_top() - LINE_MARGIN_PX);
                pinned.set_value(false);
            }
        }
    };
    let jump_to_line = Callback::new(move |()| {
        if let Some(list) = list.get_untracked() {
            if let Some(line) = new_messages_line(&list) {
                list.set_scroll_top(line.offset_top() - LINE_MARGIN_PX);
            }
        }
    });

    // Keep the newest post in view when rows change while the reader is at the bottom, and
    // always after they send (their post is the newest and still pending).
    Effect::new(move |_| {
        let sent_by_me =
            rows.with(|rows| rows.last().is_some_and(|r| r.state == PostState::Pending));
        if !placed.get_value() {
            if newest.with(Option::is_some) && rows.with(|rows| !rows.is_empty()) {
                placed.set_value(true);
                request_animation_frame(place_reader);
            }
        } else if pinned.get_value() || sent_by_me {
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
            line_above.set(line_is_above(&list));
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
        <JumpToUnread visible=line_above on_jump=jump_to_line/>
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
                {
                    let id = row.post.id.clone();
                    let starts_unread = move || first_unread.with(|first| first.as_deref() == Some(id.as_str()));
                    view! {
                        <Show when=starts_unread>
                            <NewMessagesLine/>
                        </Show>
                        <Post row=row/>
                    }
                }
            </For>
        </div>
    }
}
