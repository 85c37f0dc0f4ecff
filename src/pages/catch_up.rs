//! `/{team}/catch-up`: everything unread in the team's channels, direct and group messages, in
//! one scroll, a section per channel, then a section per thread I take part in with new replies
//! (what is shown and read is decided in `store::catch_up` and `store::catch_up_threads`).
//! A section's end coming into view reads its channel. Ctrl+Shift+U (⌘⇧U on a Mac) comes here
//! from anywhere in the team.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::actions;
use crate::browser::{shortcut, time};
use crate::components::drawer::DrawerToggle;
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::components::new_messages_line::NewMessagesLine;
use crate::components::post::Post;
use crate::components::recent_mentions::RecentMentionsButton;
use crate::components::search_box::SearchBox;
use crate::components::search_pane::search_pane;
use crate::components::thread_pane::thread_pane;
use crate::components::unread_badge::UnreadBadge;
use crate::state::{effect, memo, use_store, StoreSignal};
use crate::store::{catch_up_path, catch_up_summary, group_posts, PostRow, SectionLoad};

/// Installs, for the team pages, the shortcut to the view.
pub fn open_on_shortcut(store: StoreSignal) {
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if shortcut::ctrl_shift(&event, "u") {
            event.prevent_default();
            let team_name = store.with_untracked(|s| s.current_team_name());
            crate::router::navigate(&catch_up_path(&team_name));
        }
    });
    on_cleanup(move || handle.remove());
}

/// The element that marks the end of a section, for telling when it is in view.
fn end_marker(list: &web_sys::HtmlElement, channel_id: &str) -> Option<web_sys::HtmlElement> {
    list.query_selector(&format!("[data-end-of=\"{channel_id}\"]"))
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into().ok())
}

lazy_view! {
    /// The route's view; the page's code is a chunk of its own, loaded when the route opens.
    pub fn catch_up_page() {
        view! { <CatchUpPage/> }
    }
}

#[component]
fn CatchUpPage() -> impl IntoView {
    let store = use_store();
    let team_id = memo(move || store.with(|s| s.current_team_id.clone().unwrap_or_default()));
    effect(move || actions::catch_up::open(store, &team_id.get()));
    // Channels that become unread while the view is open get a section too.
    let unread_channels = memo(move || {
        let team_id = team_id.get();
        store.with(|s| {
            s.sidebar(&team_id)
                .into_iter()
                .filter(|entry| entry.unread)
                .map(|entry| entry.id)
                .collect::<Vec<_>>()
        })
    });
    effect(move || {
        unread_channels.track();
        actions::catch_up::add_unread_sections(store);
    });
    on_cleanup(move || {
        store.update(|s| {
            s.close_catch_up();
            s.open_thread = None;
        })
    });

    let section_ids = memo(move || store.with(|s| s.catch_up_channel_ids()));
    let unread_sections = memo(move || {
        store.with(|s| {
            s.catch_up_channel_ids()
                .iter()
                .filter(|id| s.unread(id).is_unread())
                .count()
        })
    });
    let thread_ids = memo(move || store.with(|s| s.catch_up_thread_ids()));
    let unread_threads = memo(move || store.with(|s| s.unread_catch_up_threads().len()));
    let threads_failed = memo(move || store.with(|s| s.catch_up_threads_failed()));
    let team_name = memo(move || store.with(|s| s.current_team_name()));

    // A section's end in view reads its channel: checked as the reader scrolls, and whenever
    // the store changes (a section loaded, a post arrived, the window got focus back).
    let list = NodeRef::<Div>::new();
    // Also runs in a frame after a change, when the page may have gone (another channel opened).
    let read_sections_in_view = move || {
        let (Some(list), Some(section_ids)) = (
            list.try_get_untracked().flatten(),
            section_ids.try_get_untracked(),
        ) else {
            return;
        };
        let (top, bottom) = (list.scroll_top(), list.scroll_top() + list.client_height());
        for channel_id in section_ids {
            let in_view = end_marker(&list, &channel_id)
                .is_some_and(|end| (top..=bottom).contains(&end.offset_top()));
            if in_view {
                actions::catch_up::section_end_seen(store, &channel_id);
            }
        }
    };
    effect(move || {
        store.track();
        request_animation_frame(read_sections_in_view);
    });

    let open_thread = memo(move || store.with(|s| s.open_thread.clone()));
    let searching = memo(move || store.with(|s| s.search.is_some()));

    view! {
        <div class="channel-area">
        <main class="channel catch-up" aria-labelledby="catch-up-title">
            <header class="channel-header">
                <div class="channel-title">
                    <DrawerToggle/>
                    <h1 id="catch-up-title">"Catch up"</h1>
                    <SearchBox/>
                    <RecentMentionsButton/>
                </div>
                <div class="catch-up-bar">
                    <p role="status">
                        {move || catch_up_summary(
                            section_ids.with(Vec::len) + thread_ids.with(Vec::len),
                            unread_sections.get(),
                            unread_threads.get(),
                        )}
                    </p>
                    <button
                        type="button"
                        class="secondary"
                        disabled=move || unread_sections.get() + unread_threads.get() == 0
                        on:click=move |_| actions::catch_up::mark_all_read(store)
                    >"Mark all read"</button>
                </div>
            </header>
            <div class="catch-up-list" data-testid="catch-up-list" node_ref=list on:scroll=move |_| read_sections_in_view()>
                <For each=move || section_ids.get() key=|id| id.clone() let:channel_id>
                    <CatchUpSection channel_id=channel_id team_name=team_name/>
                </For>
                <For each=move || thread_ids.get() key=|id| id.clone() let:root_id>
                    <CatchUpThreadSection root_id=root_id/>
                </For>
                {move || threads_failed.get().map(|message| view! {
                    <p class="list-status" role="alert">
                        {format!("Threads you take part in could not be loaded. {message}")}
                        " "
                        <button type="button" on:click=move |_| actions::catch_up::retry_threads(store)>"Try again"</button>
                    </p>
                })}
            </div>
        </main>
        {move || match open_thread.get() {
            Some(root_id) => store
                .with_untracked(|s| s.thread_channel_id(&root_id))
                .map(|channel_id| view! { <LazyView view=thread_pane(channel_id, root_id)/> }.into_any()),
            None => searching.get().then(|| view! { <LazyView view=search_pane()/> }.into_any()),
        }}
        </div>
    }
}

/// One channel's unread posts: a landmark headed by the channel's name.
#[component]
fn CatchUpSection(channel_id: String, team_name: Memo<String>) -> impl IntoView {
    let store = use_store();
    let section = {
        let channel_id = channel_id.clone();
        memo(move || store.with(|s| s.catch_up_section(&channel_id)))
    };
    let rows = memo(move || {
        section.with(|section| {
            let Some(section) = section else {
                return Vec::new();
            };
            let mut rows = group_posts(&section.posts, time::local_day);
            // The first new post shows its author again, below the line.
            if let Some(row) = rows
                .iter_mut()
                .find(|row| section.first_new_post_id.as_ref() == Some(&row.post.id))
            {
                row.starts_group = true;
            }
            rows
        })
    });
    let first_new =
        memo(move || section.with(|s| s.as_ref().and_then(|s| s.first_new_post_id.clone())));
    let read = move |field: fn(&crate::store::CatchUpSection) -> String| {
        move || section.with(|s| s.as_ref().map(field).unwrap_or_default())
    };
    let load =
        memo(move || section.with(|s| s.as_ref().map_or(SectionLoad::Waiting, |s| s.load.clone())));
    let unread = memo(move || section.with(|s| s.as_ref().is_some_and(|s| s.unread)));
    let earlier = memo(move || section.with(|s| s.as_ref().is_some_and(|s| s.earlier)));
    let counts = memo(move || {
        section.with(|s| {
            s.as_ref()
                .map_or((0, 0), |s| (s.mentions, s.unread_messages))
        })
    });
    let heading_id = format!("catch-up-{channel_id}");
    let labelled_by = heading_id.clone();
    let href = move || {
        section.with(|s| {
            s.as_ref()
                .map(|s| s.route.path(&team_name.get()))
                .unwrap_or_default()
        })
    };
    let (mark_id, earlier_id, retry_id) =
        (channel_id.clone(), channel_id.clone(), channel_id.clone());

    view! {
        <section class="catch-up-section" aria-labelledby=labelled_by data-testid="catch-up-section">
            <header class="catch-up-section-header">
                <h2 id=heading_id>{read(|s| s.title.clone())}</h2>
                {move || {
                    let (mentions, messages) = counts.get();
                    view! { <UnreadBadge mentions=mentions messages=messages/> }
                }}
                <a class="catch-up-open" href=href>"Open channel"</a>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || !unread.get()
                    on:click=move |_| actions::catch_up::mark_read(store, &mark_id)
                >"Mark read"</button>
            </header>
            <Show when=move || earlier.get()>
                {
                    let channel_id = earlier_id.clone();
                    view! {
                        <button
                            type="button"
                            class="load-older"
                            disabled=move || load.get() != SectionLoad::Loaded
                            on:click=move |_| actions::catch_up::show_earlier(store, &channel_id)
                        >"Load earlier messages"</button>
                    }
                }
            </Show>
            <For each=move || rows.get() key=PostRow::key let:row>
                {
                    let id = row.post.id.clone();
                    let starts_new = move || first_new.with(|first| first.as_deref() == Some(id.as_str()));
                    view! {
                        <Show when=starts_new>
                            <NewMessagesLine/>
                        </Show>
                        <Post row=row/>
                    }
                }
            </For>
            {move || {
                let (retry_id, end_id) = (retry_id.clone(), channel_id.clone());
                load_status(
                    load.get(),
                    ("Loading messages…", "Messages could not be loaded."),
                    move || actions::catch_up::retry(store, &retry_id),
                    move || view! { <div class="catch-up-end" data-end-of=end_id></div> }.into_any(),
                )
            }}
        </section>
    }
}

/// A thread I take part in with new replies: a landmark headed by its channel and the start of
/// its root, then the root and the replies since I last read it.
#[component]
fn CatchUpThreadSection(root_id: String) -> impl IntoView {
    let store = use_store();
    let thread = {
        let root_id = root_id.clone();
        memo(move || store.with(|s| s.catch_up_thread(&root_id)))
    };
    // The root, then the replies; the first reply shows its author again, below the line.
    let rows = memo(move || {
        thread.with(|thread| {
            let Some(thread) = thread else {
                return Vec::new();
            };
            let mut rows = group_posts(thread.root.iter().chain(&thread.replies), time::local_day);
            if let Some(first_reply) = rows.get_mut(1) {
                first_reply.starts_group = true;
            }
            rows
        })
    });
    let first_reply = memo(move || {
        thread.with(|t| {
            t.as_ref()
                .and_then(|t| t.replies.first())
                .map(|e| e.post.id.clone())
        })
    });
    let heading = move || {
        thread.with(|t| {
            t.as_ref()
                .map(|t| format!("Thread in {}: {}", t.channel_title, t.excerpt))
                .unwrap_or_default()
        })
    };
    let counts = memo(move || {
        thread.with(|t| {
            t.as_ref()
                .map_or((0, 0), |t| (t.unread_mentions, t.unread_replies))
        })
    });
    let load =
        memo(move || thread.with(|t| t.as_ref().map_or(SectionLoad::Loading, |t| t.load.clone())));
    let heading_id = format!("catch-up-thread-{root_id}");
    let labelled_by = heading_id.clone();
    let (open_id, mark_id, retry_id) = (root_id.clone(), root_id.clone(), root_id);

    view! {
        <section class="catch-up-section" aria-labelledby=labelled_by data-testid="catch-up-thread">
            <header class="catch-up-section-header">
                <h2 id=heading_id>{heading}</h2>
                {move || {
                    let (mentions, messages) = counts.get();
                    view! { <UnreadBadge mentions=mentions messages=messages/> }
                }}
                <button
                    type="button"
                    class="secondary catch-up-open"
                    on:click=move |_| store.update(|s| s.open_thread(&open_id))
                >"Open thread"</button>
                <button
                    type="button"
                    class="secondary"
                    disabled=move || counts.get().1 == 0
                    on:click=move |_| actions::catch_up::mark_thread_read(store, &mark_id)
                >"Mark read"</button>
            </header>
            <For each=move || rows.get() key=PostRow::key let:row>
                {
                    let id = row.post.id.clone();
                    let starts_new = move || first_reply.with(|first| first.as_deref() == Some(id.as_str()));
                    view! {
                        <Show when=starts_new>
                            <NewMessagesLine/>
                        </Show>
                        <Post row=row in_thread=true/>
                    }
                }
            </For>
            {move || {
                let root_id = retry_id.clone();
                load_status(
                    load.get(),
                    ("Loading replies…", "Replies could not be loaded."),
                    move || actions::catch_up::retry_thread(store, &root_id),
                    || ().into_any(),
                )
            }}
        </section>
    }
}

/// Below a section's posts: "Loading …" while they load, why and "Try again" if they could not
/// be loaded, and `loaded()` once they are.
fn load_status(
    load: SectionLoad,
    (loading, failed): (&'static str, &'static str),
    retry: impl Fn() + 'static,
    loaded: impl FnOnce() -> AnyView,
) -> AnyView {
    match load {
        SectionLoad::Waiting | SectionLoad::Loading => {
            view! { <p class="list-status">{loading}</p> }.into_any()
        }
        SectionLoad::Failed(message) => view! {
            <p class="list-status" role="alert">
                {format!("{failed} {message}")}
                " "
                <button type="button" on:click=move |_| retry()>"Try again"</button>
            </p>
        }
        .into_any(),
        SectionLoad::Loaded => loaded(),
    }
}
