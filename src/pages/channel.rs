//! `/{team}/channels/{channel}`: header, messages and composer of one channel.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::actions;
use crate::components::channel_header::ChannelHeader;
use crate::components::composer::Composer;
use crate::components::post_list::PostList;
use crate::state::use_store;

#[component]
pub fn ChannelPage() -> impl IntoView {
    let store = use_store();
    let params = use_params_map();
    let channel_name = Memo::new(move |_| params.with(|p| p.get("channel")).unwrap_or_default());
    let team_id = Memo::new(move |_| store.with(|s| s.current_team_id.clone().unwrap_or_default()));
    let channel_id = Memo::new(move |_| {
        let name = channel_name.get();
        let team_id = team_id.get();
        store.with(|s| s.channel_by_name(&team_id, &name).map(|c| c.id.clone()))
    });

    // A channel outside my list (a public one I haven't joined) is looked up by name.
    let lookup = LocalResource::new(move || {
        let (team_id, name) = (team_id.get(), channel_name.get());
        let known = channel_id.with_untracked(Option::is_some);
        async move {
            if known {
                Ok(true)
            } else {
                actions::find_channel(store, &team_id, &name).await
            }
        }
    });

    // The channel becomes the open one (read if the window has focus).
    Effect::new(move |_| actions::open_channel(store, channel_id.get()));
    on_cleanup(move || actions::open_channel(store, None));

    view! {
        <main class="channel">
            {move || match channel_id.get() {
                Some(id) => view! {
                    <ChannelHeader channel_id=id.clone()/>
                    <PostList channel_id=id.clone()/>
                    <Composer channel_id=id/>
                }.into_any(),
                None => (move || match lookup.get() {
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
                }).into_any(),
            }}
        </main>
    }
}
