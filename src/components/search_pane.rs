//! Search results beside the channel (the whole screen on a phone), newest first: where each
//! was said, by whom and when, the message, and a link to jump to it in its channel. "Recent
//! mentions" shows here too: it is a search for `@username`.

use leptos::prelude::*;

use crate::components::lazy_view::lazy_view;
use leptos::task::spawn_local;

use crate::actions;
use crate::browser::time;
use crate::components::dialog::on_escape_outside_dialogs;
use crate::components::icon::{Icon, IconName};
use crate::components::search_box::focus_search_box;
use crate::markdown;
use crate::state::{memo, use_store};
use crate::store::{MoreResults, SearchHit, SearchStatus};

/// Below this width (style/main.css) the pane covers the channel, so jumping closes it.
const PHONE_MAX_WIDTH_PX: f64 = 700.0;

/// A result as the pane shows it.
#[derive(Clone, Debug, PartialEq)]
struct ShownHit {
    hit: SearchHit,
    html: String,
    permalink: String,
}

lazy_view! {
    /// The pane, its code loaded on first use (components/lazy_view.rs).
    pub fn search_pane() {
        view! { <SearchPane/> }
    }
}

#[component]
pub fn SearchPane() -> impl IntoView {
    let store = use_store();
    let terms = memo(move || {
        store.with(|s| {
            s.search
                .as_ref()
                .map(|s| s.terms.clone())
                .unwrap_or_default()
        })
    });
    let recent_mentions =
        memo(move || store.with(|s| s.search.as_ref().is_some_and(|s| s.recent_mentions)));
    let title = move || {
        if recent_mentions.get() {
            "Recent mentions"
        } else {
            "Search results"
        }
    };
    let status = memo(move || {
        store.with(|s| match s.search.as_ref().map(|s| &s.status) {
            Some(SearchStatus::Failed(message)) => Some(Err(message.clone())),
            Some(SearchStatus::Found(_)) => Some(Ok(())),
            _ => None,
        })
    });
    let hits = memo(move || {
        store.with(|s| {
            s.search_hits()
                .into_iter()
                .map(|hit| ShownHit {
                    html: markdown::render_for_reader(s, &hit.post.message),
                    permalink: s.permalink_path(&hit.post.id),
                    hit,
                })
                .collect::<Vec<_>>()
        })
    });
    let more = memo(move || {
        store.with(|s| {
            s.search
                .as_ref()
                .map_or(MoreResults::None, |s| s.more.clone())
        })
    });
    let close = move || {
        store.update(|s| s.close_search());
        focus_search_box();
    };
    on_escape_outside_dialogs(move |event| {
        // Escape in a menu or the message editor is theirs.
        if !event.default_prevented() {
            close();
        }
    });
    let retry = move |_| spawn_local(actions::search::search(store, terms.get_untracked()));
    let show_more = move |_| spawn_local(actions::search::search_more(store));
    let jump = move |_| {
        let phone = window()
            .inner_width()
            .ok()
            .and_then(|width| width.as_f64())
            .is_some_and(|width| width <= PHONE_MAX_WIDTH_PX);
        if phone {
            // After the link has been followed: the pane holds it.
            request_animation_frame(move || store.update(|s| s.close_search()));
        }
    };

    view! {
        <aside class="side-pane search-pane" aria-label=title data-testid="search-results">
            <header class="pane-header">
                <h2>{title}</h2>
                <button type="button" class="secondary" aria-label=move || format!("Close {}", title().to_lowercase()) on:click=move |_| close()><Icon name=IconName::Close/></button>
            </header>
            <div class="pane-body">
                <p class="list-status" role="status">
                    {move || match status.get() {
                        None => format!("Searching for “{}”…", terms.get()),
                        Some(Ok(())) if hits.with(Vec::is_empty) => format!("No results for “{}”", terms.get()),
                        Some(Ok(())) => match (hits.with(Vec::len), more.get()) {
                            (1, _) => format!("1 result for “{}”", terms.get()),
                            (count, MoreResults::None) => format!("{count} results for “{}”", terms.get()),
                            (count, MoreResults::Loading) => format!("{count} results for “{}” so far, loading more…", terms.get()),
                            (count, _) => format!("The newest {count} results for “{}”", terms.get()),
                        },
                        Some(Err(_)) => String::new(),
                    }}
                </p>
                {move || status.get().and_then(Result::err).map(|message| view! {
                    <p class="list-status" role="alert">
                        {format!("The search failed. {message}")}
                        " "
                        <button type="button" on:click=retry>"Try again"</button>
                    </p>
                })}
                <ol class="search-hits">
                    <For
                        each=move || hits.get()
                        key=|shown| (shown.hit.post.id.clone(), shown.hit.post.update_at, shown.hit.author.name.clone(), shown.hit.channel_name.clone())
                        let:shown
                    >
                        <SearchResult shown=shown on_jump=jump/>
                    </For>
                </ol>
                {move || match more.get() {
                    MoreResults::None | MoreResults::Loading => None,
                    MoreResults::Available => Some(view! {
                        <button type="button" class="secondary search-more" on:click=show_more>"Show more results"</button>
                    }.into_any()),
                    MoreResults::Failed(message) => Some(view! {
                        <p class="list-status" role="alert">
                            {format!("More results could not be loaded. {message}")}
                            " "
                            <button type="button" class="search-more" on:click=show_more>"Show more results"</button>
                        </p>
                    }.into_any()),
                }}
            </div>
        </aside>
    }
}

#[component]
fn SearchResult(
    shown: ShownHit,
    on_jump: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let ShownHit {
        hit,
        html,
        permalink,
    } = shown;
    let when = hit.post.create_at;
    view! {
        <li class="search-hit" data-testid="search-result">
            <p class="search-hit-where">
                <span class="search-hit-channel">{hit.channel_name}</span>
                <span class="post-author">
                    {hit.author.name}
                    {hit.author.tag.map(|tag| view! { " " <span class="tag">{tag}</span> })}
                </span>
                <time class="post-time" datetime=time::iso(when)>
                    {format!("{}, {}", time::long_date(when), time::short_time(when))}
                </time>
            </p>
            <div class="post-message markdown" inner_html=html></div>
            <a class="search-hit-jump" href=permalink on:click=on_jump>"Jump"</a>
        </li>
    }
}
