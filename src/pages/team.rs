//! `/{team}/...`: loads the session and the team's channels, keeps the WebSocket open, and lays
//! out the sidebar next to the routed page, with the connection notice and the tab's badge.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

use crate::actions::{self, StoreSignal};
use crate::api::ApiError;
use crate::components::connection_status::ConnectionStatus;
use crate::components::sidebar::Sidebar;
use crate::components::tab_badge::TabBadge;
use crate::realtime::{self, Connection};
use crate::state::use_store;
use crate::sync;

/// Why the team could not be shown.
#[derive(Clone, Debug)]
enum TeamProblem {
    NotFound,
    Api(ApiError),
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let store = use_store();
    let params = use_params_map();
    let team_name = Memo::new(move |_| params.with(|p| p.get("team")).unwrap_or_default());

    // The socket lives as long as this page: leaving the team pages (logout, session end)
    // drops the connection, which closes it.
    let connection = StoredValue::new_local(None::<Connection>);
    on_cleanup(move || connection.dispose());

    let team = LocalResource::new(move || {
        let name = team_name.get();
        async move {
            // The event stream starts before the team is fetched, so no event can fall between
            // the two (the session loads meanwhile).
            connection.try_update_value(|socket| {
                socket.get_or_insert_with(|| {
                    realtime::connect(move |notice| sync::on_notice(store, notice))
                });
            });
            actions::load_session(store)
                .await
                .map_err(TeamProblem::Api)?;
            sync::until_stream_started(store).await;
            let team = store.with_untracked(|s| s.team_by_name(&name).cloned());
            let team = team.ok_or(TeamProblem::NotFound)?;
            actions::load_team(store, &team.id)
                .await
                .map_err(TeamProblem::Api)?;
            sync::load_other_teams(store);
            Ok::<_, TeamProblem>(team.id)
        }
    });

    track_window_focus(store);

    view! {
        {move || match team.get() {
            None => view! { <main class="status-page"><p>"Loading…"</p></main> }.into_any(),
            Some(Ok(team_id)) => view! {
                <div class="layout">
                    <Sidebar team_id=team_id/>
                    <Outlet/>
                </div>
                <ConnectionStatus/>
                <TabBadge/>
            }.into_any(),
            Some(Err(TeamProblem::NotFound)) => view! {
                <main class="status-page">
                    <h1>"Team not found"</h1>
                    <p>"You are not a member of a team with this address. " <a href="/">"Go to your teams"</a></p>
                </main>
            }.into_any(),
            Some(Err(TeamProblem::Api(error))) => view! {
                <main class="status-page">
                    <p role="alert">{error.user_message()}</p>
                    <button type="button" on:click=move |_| team.refetch()>"Try again"</button>
                </main>
            }.into_any(),
        }}
    }
}

/// Keeps `window_focused` current: coming back to the window reads the open channel.
fn track_window_focus(store: StoreSignal) {
    let focused = document().has_focus().unwrap_or(true);
    store.update(|s| s.window_focused = focused);
    let on_focus = window_event_listener(leptos::ev::focus, move |_| {
        actions::window_focus_changed(store, true);
    });
    let on_blur = window_event_listener(leptos::ev::blur, move |_| {
        actions::window_focus_changed(store, false);
    });
    on_cleanup(move || {
        on_focus.remove();
        on_blur.remove();
    });
}
