//! The channel's messages, oldest at the top, opened at the "New messages" line when there is
//! one above the newest posts (else at the newest), and kept pinned to the bottom while the
//! reader is there. Only a window of them is in the page (see `store::ListWindow`):
//! scrolling up slides it back through what is held, then loads older pages, keeping the
//! reader's place.

use std::cell::Cell;

use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::actions;
use crate::async_state::{AsyncAction, AsyncValue};
use crate::browser::time;
use crate::components::jump_to_unread::JumpToUnread;
use crate::components::new_messages_line::NewMessagesLine;
use crate::components::post::Post;
use crate::state::{effect, memo, use_store, StoreSignal};
use crate::store::{group_posts, ListWindow, ListedPost, PostRow, PostState};

/// Within this many pixels of the bottom counts as "at the bottom".
const PINNED_SLACK_PX: i32 = 48;
/// Within this many pixels of either end, the window slides (or older posts load) ahead of
/// the reader, so they rarely reach an end.
const EDGE_PX: i32 = 800;
/// The height of a one-line post, the shortest there is.
const SHORTEST_POST_PX: usize = 24;
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

/// The row of a post in the list, if it is rendered.
fn row_of(list: &web_sys::HtmlElement, post_id: &str) -> Option<web_sys::HtmlElement> {
    list.query_selector(&format!("[data-post-id=\"{post_id}\"]"))
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into().ok())
}

/// The post a permalink led to, in the list or in the thread beside it (a reply).
fn highlighted_post() -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(".post-highlighted")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into().ok())
}

/// The rows of the window's posts, grouped by `group` (by author and day), and whether the window
/// starts at the oldest post held. Re-runs only when the store, the window or the "New messages"
/// line change: never for someone typing (kept in its own signal).
fn grouped_rows(
    store: StoreSignal,
    channel_id: String,
    window: RwSignal<ListWindow>,
    first_unread: Memo<Option<String>>,
    group: impl Fn(&[&ListedPost]) -> Vec<PostRow> + Send + Sync + 'static,
) -> Memo<(Vec<PostRow>, bool)> {
    memo(move || {
        store.with(|s| {
            let Some(posts) = s.channel_posts(&channel_id) else {
                return (Vec::new(), true);
            };
            let roots: Vec<&ListedPost> = posts.roots().collect();
            let ids: Vec<&str> = roots.iter().map(|e| e.post.id.as_str()).collect();
            let range = first_unread.with(|first| window.with(|w| w.shown(&ids, first.as_deref())));
            // One post before the window decides whether its first row starts a group.
            let from = range.start.saturating_sub(1);
            let mut rows = group(&roots[from..range.end]);
            if from < range.start {
                rows.remove(0);
            }
            // The first new post shows its author again, below the line.
            first_unread.with(|first| {
                if let Some(row) = rows
                    .iter_mut()
                    .find(|row| Some(&row.post.id) == first.as_ref())
                {
                    row.starts_group = true;
                }
            });
            (rows, range.start == 0)
        })
    })
}

thread_local! {
    /// The list's height when last laid out (0 before it first is), for how many posts the next
    /// channel opens with.
    static LIST_HEIGHT: Cell<i32> = const { Cell::new(0) };
}

/// How many posts surely fill the list: as many of the shortest post (one line) as the list
/// (or, before there is one, the window) is tall.
fn rows_filling_the_screen() -> usize {
    let height = match LIST_HEIGHT.get() {
        0 => window()
            .inner_height()
            .ok()
            .and_then(|height| height.as_f64())
            .unwrap_or(0.0) as i32,
        height => height,
    };
    usize::try_from(height)
        .unwrap_or(0)
        .div_ceil(SHORTEST_POST_PX)
}

/// Grows a window that opened with the newest posts only, a step in each task after the channel
/// is painted, keeping the post at the top of the view where it is. Each step restores it
/// itself: a step that adds no row (every post held is in already) changes no row to restore it
/// after, and an anchor left noted would stop the list from sliding as the reader scrolls.
fn grow_after_paint(
    window: RwSignal<ListWindow>,
    note_anchor: impl Fn() + Copy + 'static,
    restore_anchor: impl Fn() + Copy + 'static,
) {
    set_timeout(
        move || {
            if window.try_with_untracked(ListWindow::is_opening) == Some(true) {
                note_anchor();
                window.update(ListWindow::grow);
                restore_anchor();
                grow_after_paint(window, note_anchor, restore_anchor);
            }
        },
        std::time::Duration::ZERO,
    );
}

#[component]
pub fn PostList(channel_id: String) -> impl IntoView {
    let store = use_store();
    let list = NodeRef::<Div>::new();
    let pinned = StoredValue::new(true);

    // A permalink led here: the list opens at its post (the history back to it is held).
    let highlighted_root =
        store.with_untracked(|s| s.highlighted_root(&channel_id).map(str::to_string));
    // Only a window of the channel's posts is rendered, so the page stays small however long
    // the history held; it slides as the reader nears either end.
    let window = RwSignal::new(match &highlighted_root {
        Some(root_id) => store.with_untracked(|s| {
            let roots: Vec<&str> = s
                .channel_posts(&channel_id)
                .map(|posts| posts.roots().map(|e| e.post.id.as_str()).collect())
                .unwrap_or_default();
            ListWindow::around(&roots, root_id)
        }),
        None => ListWindow::opening(rows_filling_the_screen()),
    });
    let highlighted_root = StoredValue::new(highlighted_root);
    let first_unread = {
        let channel_id = channel_id.clone();
        memo(move || store.with(|s| s.first_unread_post_id(&channel_id).map(str::to_string)))
    };
    let rows = grouped_rows(store, channel_id.clone(), window, first_unread, |posts| {
        group_posts(posts.iter().copied(), time::local_day)
    });
    let root_ids = {
        let channel_id = channel_id.clone();
        move || {
            store.with_untracked(|s| {
                s.channel_posts(&channel_id)
                    .map(|posts| posts.roots().map(|e| e.post.id.clone()).collect::<Vec<_>>())
                    .unwrap_or_default()
            })
        }
    };
    let my_newest_pending = {
        let channel_id = channel_id.clone();
        memo(move || {
            store.with(|s| {
                s.channel_posts(&channel_id)
                    .and_then(|posts| posts.roots().next_back())
                    .filter(|entry| matches!(entry.state, PostState::Pending | PostState::Waiting))
                    .map(|entry| entry.post.id.clone())
            })
        })
    };
    let older_may_exist = {
        let channel_id = channel_id.clone();
        memo(move || {
            store.with(|s| {
                s.channel_posts(&channel_id)
                    .is_some_and(|p| p.older_may_exist)
            })
        })
    };

    let newest = {
        let channel_id = channel_id.clone();
        AsyncValue::new(move || {
            let channel_id = channel_id.clone();
            async move { actions::history::load_newest_posts(store, &channel_id).await }
        })
    };

    // Authors we don't know yet (the list shows "Someone" until they arrive). Each id is asked
    // for once, so a deleted user can't cause a request loop.
    let missing_authors = {
        let channel_id = channel_id.clone();
        memo(move || store.with(|s| s.missing_user_ids(Some(&channel_id))))
    };
    let asked_for = StoredValue::new(std::collections::HashSet::<String>::new());
    effect(move || {
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
            let _ = actions::people::load_users(store, to_ask).await;
        });
    });

    // When rows are added or dropped above the reader, the post at the top of the view stays
    // where it was: its id and offset are noted before the change and restored after it, in the
    // next frame. Changes made before that frame (the opening window's next steps run sooner)
    // keep the post noted before the first of them: the view they would measure has moved.
    let anchor = StoredValue::new(None::<(String, i32)>);
    let note_anchor = move || {
        let Some(list) = list.get_untracked() else {
            return;
        };
        if anchor.with_value(Option::is_some) {
            return;
        }
        let top = list.scroll_top();
        let mut child = list.first_element_child();
        while let Some(element) = child {
            if let (Some(id), Ok(row)) = (
                element.get_attribute("data-post-id"),
                element.clone().dyn_into::<web_sys::HtmlElement>(),
            ) {
                if row.offset_top() + row.offset_height() > top {
                    anchor.set_value(Some((id, row.offset_top() - top)));
                    return;
                }
            }
            child = element.next_element_sibling();
        }
    };
    let restore_anchor = move || {
        request_animation_frame(move || {
            // The list may have gone (another channel opened) before the frame.
            let (Some(list), Some((id, offset))) = (
                list.try_get_untracked().flatten(),
                anchor.try_get_value().flatten(),
            ) else {
                return;
            };
            anchor.set_value(None);
            if let Some(row) = row_of(&list, &id) {
                list.set_scroll_top(row.offset_top() - offset);
            }
        });
    };

    // Once the first load is in (the newest posts, and older ones back to the unread line),
    // the reader starts at the "New messages" line if it is above the newest posts in view.
    let placed = StoredValue::new(false);
    let line_above = RwSignal::new(false);
    // Runs in a frame after the rows are in: the list may have gone by then.
    let place_reader = move || {
        let Some(list) = list.try_get_untracked().flatten() else {
            return;
        };
        let highlighted_row =
            highlighted_root.with_value(|root| root.as_deref().and_then(|id| row_of(&list, id)));
        if let Some(row) = highlighted_row {
            // Focus first (it scrolls as it likes), then the post goes to the middle.
            if let Some(post) = highlighted_post() {
                let _ = post.focus();
            }
            let middle = row.offset_top() + row.offset_height() / 2 - list.client_height() / 2;
            list.set_scroll_top(middle.max(0));
            pinned.set_value(false);
            return;
        }
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
    Effect::new(move |previous: Option<Option<String>>| {
        let sent_now = my_newest_pending.get();
        let sent_by_me = sent_now.is_some() && sent_now != previous.flatten();
        if sent_by_me && !window.with_untracked(ListWindow::at_newest) {
            window.set(ListWindow::default());
        }
        sent_now
    });
    effect(move || {
        rows.track();
        if !placed.get_value() {
            if newest.with(Option::is_some) && rows.with(|(rows, _)| !rows.is_empty()) {
                placed.set_value(true);
                request_animation_frame(move || {
                    place_reader();
                    grow_after_paint(window, note_anchor, restore_anchor);
                });
            }
        } else if anchor.with_value(Option::is_some) {
            restore_anchor();
        } else if pinned.get_value() || my_newest_pending.with_untracked(Option::is_some) {
            request_animation_frame(move || {
                if let Some(list) = list.try_get_untracked().flatten() {
                    list.set_scroll_top(list.scroll_height());
                    pinned.set_value(window.with_untracked(ListWindow::at_newest));
                }
            });
        }
    });

    // The list gets shorter when the message box grows or the on-screen keyboard opens: a reader
    // at the newest post stays there, so the last message is never hidden under them. Each
    // height is noted for the next channel opened.
    effect(move || {
        let Some(element) = list.get() else { return };
        let keep_newest = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            let Some(list) = list.try_get_untracked().flatten() else {
                return;
            };
            LIST_HEIGHT.set(list.client_height());
            if pinned.try_get_value().unwrap_or(false) {
                list.set_scroll_top(list.scroll_height());
            }
        });
        let Ok(observer) = web_sys::ResizeObserver::new(keep_newest.as_ref().unchecked_ref())
        else {
            return;
        };
        observer.observe(&element);
        let held = StoredValue::new_local(Some((observer, keep_newest)));
        on_cleanup(move || {
            if let Some((observer, _)) = held.try_update_value(Option::take).flatten() {
                observer.disconnect();
            }
        });
    });

    let older = AsyncAction::new(move |channel_id: &String| {
        let channel_id = channel_id.clone();
        async move { actions::history::load_older_posts(store, &channel_id).await }
    });
    let load_older = move |channel_id: String| {
        if !older.pending_untracked() {
            note_anchor();
            older.dispatch(channel_id);
        }
    };
    // Older posts arrived above the window: slide it up to show them.
    Effect::new({
        let root_ids = root_ids.clone();
        move |was_pending: Option<bool>| {
            let pending = older.pending();
            if was_pending == Some(true) && !pending {
                let ids = root_ids();
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                if !window.try_update(|w| w.slide_older(&ids)).unwrap_or(false) {
                    restore_anchor();
                }
            }
            pending
        }
    });
    let older_failed = move || older.value().with(|result| matches!(result, Some(Err(_))));

    let on_scroll = {
        let channel_id = channel_id.clone();
        move |_| {
            let Some(list) = list.get_untracked() else {
                return;
            };
            let top = list.scroll_top();
            let from_bottom = list.scroll_height() - top - list.client_height();
            let at_newest = window.with_untracked(ListWindow::at_newest);
            pinned.set_value(from_bottom <= PINNED_SLACK_PX && at_newest);
            line_above.set(line_is_above(&list));
            if anchor.with_value(Option::is_some) {
                return;
            }
            let ids = root_ids();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            if top < EDGE_PX {
                if rows.with_untracked(|(_, at_oldest)| *at_oldest) {
                    if older_may_exist.get_untracked() && !older_failed() {
                        load_older(channel_id.clone());
                    }
                } else {
                    note_anchor();
                    window.update(|w| {
                        w.slide_older(&ids);
                    });
                }
            } else if from_bottom < EDGE_PX && !at_newest {
                note_anchor();
                window.update(|w| {
                    w.slide_newer(&ids);
                });
            }
        }
    };
    let jump_to_newest = move |_| {
        window.set(ListWindow::default());
        pinned.set_value(true);
    };

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
            <Show when=move || older_may_exist.get() && rows.with(|(_, at_oldest)| *at_oldest)>
                {
                    let channel_id = channel_id.clone();
                    view! {
                        <button
                            type="button"
                            class="load-older"
                            disabled=move || older.pending()
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
                Some(Err(error)) if rows.with(|(rows, _)| rows.is_empty()) => Some(view! {
                    <p class="list-status" role="alert">
                        {format!("Messages could not be loaded. {}", error.user_message())}
                        " "
                        <button type="button" on:click=move |_| newest.refetch()>"Try again"</button>
                    </p>
                }.into_any()),
                None if rows.with(|(rows, _)| rows.is_empty()) => Some(view! {
                    <p class="list-status">"Loading messages…"</p>
                }.into_any()),
                _ => None,
            }}
            <For
                each=move || rows.get().0
                key=PostRow::key
                let:row
            >
                {
                    let id = row.post.id.clone();
                    let starts_unread = move || first_unread.with(|first| first.as_deref() == Some(id.as_str()));
                    view! {
                        {move || starts_unread().then(|| view! { <NewMessagesLine/> })}
                        <Post row=row/>
                    }
                }
            </For>
        </div>
        <Show when=move || !window.with(ListWindow::at_newest)>
            <button type="button" class="jump-to-newest" on:click=jump_to_newest>"Jump to recent messages"</button>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::Arc;

    use serde_json::json;

    use super::*;
    use crate::actions::sync::apply_event;
    use crate::store::tests::{event_in, posted, store as store_with_channel};
    use crate::store::Typing;

    const DAY_MS: i64 = 24 * 60 * 60 * 1000;

    #[test]
    fn someone_typing_does_not_regroup_the_posts_on_screen() {
        let owner = Owner::new();
        owner.set();
        let mut held = store_with_channel();
        for (id, at) in [("p1", 2_000), ("p2", 2_001)] {
            held.apply_event(&posted(id, "bob", at, &[]));
        }
        let (store, typing) = (RwSignal::new(held), RwSignal::new(Typing::default()));
        let groupings = Arc::new(AtomicUsize::new(0));
        let counted = groupings.clone();
        let window = RwSignal::new(ListWindow::default());
        let rows = grouped_rows(
            store,
            "c1".into(),
            window,
            Memo::new(|_| None),
            move |posts| {
                counted.fetch_add(1, SeqCst);
                group_posts(posts.iter().copied(), |ms| ms / DAY_MS)
            },
        );
        let shown = move || rows.with(|(rows, _)| rows.len());
        let bob_typing = move || typing.with(|t| t.text("c1", "", &HashMap::new()).is_some());
        assert_eq!((shown(), groupings.load(SeqCst)), (2, 1));

        let bob_types = event_in("typing", json!({"user_id": "bob", "parent_id": ""}), "c1");
        apply_event(store, typing, &bob_types);
        assert!(bob_typing());
        assert_eq!(shown(), 2);
        assert_eq!(
            groupings.load(SeqCst),
            1,
            "a typing event regrouped the posts"
        );

        apply_event(store, typing, &posted("p3", "bob", 2_002, &[]));
        assert_eq!(shown(), 3);
        assert_eq!(groupings.load(SeqCst), 2, "a new post is grouped in");
        assert!(!bob_typing(), "his post ends his typing");
    }
}
