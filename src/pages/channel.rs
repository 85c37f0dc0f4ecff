//! `/{team}/channels/{channel}` and `/{team}/messages/@{username}` (or a group message's name):
//! header, messages and composer of one channel.

use leptos::prelude::*;

use crate::actions;
use crate::async_state::AsyncValue;
use crate::components::channel_footer::ChannelFooter;
use crate::components::channel_header::ChannelHeader;
use crate::components::lazy_view::{self, LazyView};
use crate::components::post_list::PostList;
use crate::components::search_pane::search_pane;
use crate::components::thread_pane::thread_pane;
use crate::router::{self, InTeam};
use crate::state::{effect, memo, use_store};
use crate::store::ChannelRoute;

#[component]
pub fn ChannelPage() -> impl IntoView {
    let store = use_store();
    lazy_view::preload_after_first_screen();
    let route = router::page_parameter(
        || match router::route().in_team {
            Some(InTeam::Channel(route)) => Some(route),
            _ => None,
        },
        ChannelRoute::Channel(String::new()),
    );
    let team_id = memo(move || store.with(|s| s.current_team_id.clone().unwrap_or_default()));
    let channel_id = memo(move || {
        let team_id = team_id.get();
        route.with(|route| {
            store.with(|s| {
                let channel = match route {
                    ChannelRoute::Channel(name) | ChannelRoute::Group(name) => {
                        s.channel_by_name(&team_id, name)
                    }
                    ChannelRoute::Direct(username) => s.direct_channel_with(username),
                };
                channel.map(|c| c.id.clone())
            })
        })
    });

    // A channel outside my list is looked up: a public one I haven't joined by name, a direct
    // message by opening it (Mattermost creates it on first use).
    let lookup = AsyncValue::new(move || {
        let (team_id, route) = (team_id.get(), route.get());
        let known = channel_id.with_untracked(Option::is_some);
        async move {
            match route {
                _ if known => Ok(true),
                ChannelRoute::Channel(name) => {
                    actions::channels::find(store, &team_id, &name).await
                }
                ChannelRoute::Direct(username) => {
                    match actions::channels::open_direct(store, &username).await {
                        Ok(_) => Ok(true),
                        Err(error) if matches!(error.status(), Some(400 | 403 | 404)) => Ok(false),
                        Err(error) => Err(error),
                    }
                }
                // Group messages I am in were loaded with the team.
                ChannelRoute::Group(_) => Ok(false),
            }
        }
    });

    // The channel becomes the open one (read if the window has focus); a thread open beside the
    // channel left closes, unless a permalink opened it in this one.
    effect(move || {
        actions::reading::arrive_in_channel(store, channel_id.get());
    });
    on_cleanup(move || {
        actions::reading::open_channel(store, None);
        store.update(|s| s.open_thread = None);
    });
    // The header and the message box stay built from one channel to the next, following its id;
    // the posts are the new channel's own list.
    let found = memo(move || channel_id.with(Option::is_some));
    let shown_id: Signal<String> = memo(move || channel_id.get().unwrap_or_default()).into();
    let open_thread = memo(move || store.with(|s| s.open_thread.clone()));
    let searching = memo(move || store.with(|s| s.search.is_some()));

    view! {
        <div class="channel-area">
        <main class="channel">
            {move || if found.get() {
                view! {
                    <ChannelHeader channel_id=shown_id/>
                    {move || channel_id.get().map(|id| view! { <PostList channel_id=id/> })}
                    <ChannelFooter channel_id=shown_id/>
                }.into_any()
            } else {
                (move || match lookup.get() {
                    None => view! { <p class="list-status">"Loading…"</p> }.into_any(),
                    Some(Ok(_)) => view! {
                        <div class="status-page">
                            <h1>"Channel not found"</h1>
                            <p>"There is no channel with this address in this team, or you cannot see it."</p>
                        </div>
                    }.into_any(),
                    Some(Err(error)) => view! {
                        <div class="status-page">
                            <p role="alert">{error.user_message()}</p>
                            <button type="button" on:click=move |_| lookup.refetch()>"Try again"</button>
                        </div>
                    }.into_any(),
                }).into_any()
            }}
        </main>
        {move || match (channel_id.get(), open_thread.get()) {
            (Some(channel_id), Some(root_id)) => Some(view! { <LazyView view=thread_pane(channel_id, root_id)/> }.into_any()),
            _ => searching.get().then(|| view! { <LazyView view=search_pane()/> }.into_any()),
        }}
        </div>
    }
}
