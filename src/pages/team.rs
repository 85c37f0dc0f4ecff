//! `/{team}/...`: loads the session and the team's channels, keeps the WebSocket open, and lays
//! out the sidebar next to the routed page.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_params_map;

use crate::actions::{self, StoreSignal};
use crate::api::ApiError;
use crate::components::drawer::{provide_drawer, DrawerBackdrop};
use crate::components::sidebar::Sidebar;
use crate::components::team_dialogs::{provide_team_dialogs, TeamDialogHost};
use crate::realtime::{self, Connection};
use crate::state::use_store;

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

    // Set once we know who is signed in: the socket opens then, before the team's channels and
    // posts are fetched, so no post made meanwhile can fall between a fetch and the socket.
    let signed_in = RwSignal::new(false);
    let team = LocalResource::new(move || {
        let name = team_name.get();
        async move {
            actions::load_session(store)
                .await
                .map_err(TeamProblem::Api)?;
            signed_in.set(true);
            let team = store.with_untracked(|s| s.team_by_name(&name).cloned());
            let team = team.ok_or(TeamProblem::NotFound)?;
            actions::load_team(store, &team.id)
                .await
                .map_err(TeamProblem::Api)?;
            Ok::<_, TeamProblem>(team.id)
        }
    });

    provide_team_dialogs();
    let drawer = provide_drawer();
    crate::components::switcher::open_on_shortcut();
    keep_socket_open(store, signed_in);
    load_other_teams(store, team);
    track_window_focus(store);

    view! {
        {move || match team.get() {
            None => view! { <main class="status-page"><p>"Loading…"</p></main> }.into_any(),
            Some(Ok(team_id)) => view! {
                <div class="layout" class:drawer-open=move || drawer.0.get()>
                    <a class="skip-link" href="#" on:click=skip_to_message_box>"Skip to the message box"</a>
                    <Sidebar team_id=team_id.clone()/>
                    <DrawerBackdrop/>
                    <Outlet/>
                </div>
                <TeamDialogHost team_id=team_id/>
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

/// Opens the WebSocket once the session is known, for as long as this page lives.
fn keep_socket_open(store: StoreSignal, signed_in: RwSignal<bool>) {
    let connection = StoredValue::new_local(None::<Connection>);
    Effect::new(move |_| {
        if signed_in.get() && connection.with_value(Option::is_none) {
            let socket = realtime::connect(move |event| {
                notify(store, &event);
                if let Some(Some(followup)) = store.try_update(|s| s.apply_event(&event)) {
                    actions::follow_up(store, followup);
                }
            });
            connection.set_value(Some(socket));
        }
    });
    // Leaving the team pages (logout, session end) drops the connection, which closes the socket.
    on_cleanup(move || connection.dispose());
}

/// Moves focus past the sidebar to the message box (or the channel, where there is none).
fn skip_to_message_box(event: leptos::ev::MouseEvent) {
    event.prevent_default();
    let target = document()
        .query_selector("main textarea")
        .ok()
        .flatten()
        .or_else(|| document().query_selector("main").ok().flatten())
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
    if let Some(target) = target {
        let _ = target.focus();
    }
}

/// A desktop notification for a mention or direct message, while the tab is hidden.
fn notify(store: StoreSignal, event: &brisk_model::WebSocketEvent) {
    let notice = store.with_untracked(|s| Some((s.notice_for(event)?, s.current_team_name())));
    if let Some((notice, team_name)) = notice {
        let path = notice.route.path(&team_name);
        crate::notifications::show(&notice, path);
    }
}

/// Once the team is shown, fetches my channels in my other teams, for their badges in the team
/// switcher (events then keep them current).
fn load_other_teams(store: StoreSignal, team: LocalResource<Result<String, TeamProblem>>) {
    Effect::new(move |_| {
        if !team.with(|result| matches!(result, Some(Ok(_)))) {
            return;
        }
        let others: Vec<String> = store.with_untracked(|s| {
            s.teams
                .iter()
                .map(|t| t.id.clone())
                .filter(|id| !s.team_loaded(id))
                .collect()
        });
        leptos::task::spawn_local(async move {
            for team_id in others {
                // A badge missing is not worth an error: the team still opens when chosen.
                let _ = actions::load_team_channels(store, &team_id).await;
            }
        });
    });
}

/// Keeps `window_focused` current, and reads the open channel when the reader comes back.
fn track_window_focus(store: StoreSignal) {
    let focused = document().has_focus().unwrap_or(true);
    store.update(|s| s.window_focused = focused);
    let on_focus = window_event_listener(leptos::ev::focus, move |_| {
        store.update(|s| s.window_focused = true);
        let unread_open = store.with_untracked(|s| {
            s.open_channel_id
                .clone()
                .filter(|id| s.unread(id).is_unread())
        });
        if let Some(channel_id) = unread_open {
            actions::mark_viewed(store, channel_id, None);
        }
    });
    let on_blur = window_event_listener(leptos::ev::blur, move |_| {
        store.update(|s| s.window_focused = false);
    });
    on_cleanup(move || {
        on_focus.remove();
        on_blur.remove();
    });
}
