//! `/{team}/...`: loads the session and the team's channels, keeps the WebSocket open, and lays
//! out the sidebar next to the routed page, with the connection notice and the tab's badge.

use crate::actions::{self, ApiError};
use crate::async_state::AsyncValue;
use crate::components::connection_status::ConnectionStatus;
use crate::components::drawer::{provide_drawer, Drawer, DrawerBackdrop};
use crate::components::lazy_view::LazyView;
use crate::components::sidebar::Sidebar;
use crate::components::tab_badge::TabBadge;
use crate::components::team_dialog_state::provide_team_dialogs;
use crate::components::team_dialogs::TeamDialogHost;
use crate::pages::{catch_up::catch_up_page, channel::ChannelPage, permalink::permalink_page};
use crate::router::{self, InTeam, Page};
use crate::state::{effect, memo, use_store, use_typing, StoreSignal};
use crate::store::ChannelRoute;
use leptos::prelude::*;

/// Why the team could not be shown.
#[derive(Clone, Debug)]
enum TeamProblem {
    NotFound,
    Api(ApiError),
}

#[component]
pub fn TeamPage() -> impl IntoView {
    let store = use_store();
    let typing = use_typing();
    let team_name = router::page_parameter(
        || match router::route().page {
            Page::Team(name) => Some(name),
            _ => None,
        },
        String::new(),
    );

    // The socket lives as long as this page: leaving the team pages (logout, session end)
    // drops the connection, which closes it.
    let connection = StoredValue::new_local(None::<actions::sync::Connection>);
    on_cleanup(move || connection.dispose());

    let team = AsyncValue::new(move || {
        let name = team_name.get();
        async move {
            // The event stream starts before the team is fetched, so no event can fall between
            // the two (the session loads meanwhile).
            connection.try_update_value(|socket| {
                socket.get_or_insert_with(|| actions::sync::connect(store, typing));
            });
            if actions::session::restore_saved_session(store).await {
                if let Some(team) = store.with_untracked(|s| s.team_by_name(&name).cloned()) {
                    // Shown at once from the device; the session and team are fetched behind it
                    // (offline, the resync when the event stream starts brings the team up to
                    // date instead).
                    let team_id = team.id.clone();
                    leptos::task::spawn_local(async move {
                        if actions::session::refresh_session(store).await.is_err() {
                            return;
                        }
                        actions::sync::until_stream_started(store).await;
                        let _ = actions::teams::load_team(store, &team_id).await;
                    });
                    store.update(|s| s.enter_team(&team.id));
                    return Ok(team.id);
                }
            }
            let channel = channel_in_address();
            actions::teams::open_team(store, &name, channel.as_deref())
                .await
                .map_err(TeamProblem::Api)?
                .ok_or(TeamProblem::NotFound)
        }
    });

    provide_team_dialogs();
    let drawer = provide_drawer();
    crate::components::switcher::open_on_shortcut();
    crate::components::search_box::search_from_anywhere(store);
    crate::components::recent_mentions::recent_mentions_on_shortcut(store);
    crate::pages::catch_up::open_on_shortcut(store);
    load_other_teams(store, team);
    track_window_focus(store);
    // Opened without a network (a reload in a tunnel): try again as soon as it is back.
    let on_online = window_event_listener(leptos::ev::online, move |_| {
        if team.with_untracked(
            |result| matches!(result, Some(Err(TeamProblem::Api(error))) if error.is_unreachable()),
        ) {
            team.refetch();
        }
    });
    on_cleanup(move || on_online.remove());

    // The picture of the last screen start.js painted stays until this page draws its own (in
    // the same task, so the two are never both found).
    on_cleanup(crate::persist::screen::take_down);
    view! {
        {move || match team.get() {
            None => view! { <main class="status-page"><p>"Loading…"</p></main> }.into_any(),
            Some(result) => {
                crate::persist::screen::take_down();
                team_view(result, team, drawer)
            }
        }}
    }
}

/// The team's layout, or why it could not be shown.
fn team_view(
    result: Result<String, TeamProblem>,
    team: AsyncValue<Result<String, TeamProblem>>,
    drawer: Drawer,
) -> AnyView {
    match result {
        Ok(team_id) => view! {
            <div class="layout" class:drawer-open=move || drawer.0.get()>
                <a class="skip-link" href="#" on:click=skip_to_message_box>"Skip to the message box"</a>
                <Sidebar team_id=team_id.clone()/>
                <DrawerBackdrop/>
                {page_in_team()}
            </div>
            <TeamDialogHost team_id=team_id/>
            <ConnectionStatus/>
            <TabBadge/>
        }
        .into_any(),
        Err(TeamProblem::NotFound) => view! {
            <main class="status-page">
                <h1>"Team not found"</h1>
                <p>"You are not a member of a team with this address. " <a href="/">"Go to your teams"</a></p>
            </main>
        }
        .into_any(),
        Err(TeamProblem::Api(error)) => view! {
            <main class="status-page">
                <p role="alert">{error.user_message()}</p>
                <button type="button" on:click=move |_| team.refetch()>"Try again"</button>
            </main>
        }
        .into_any(),
    }
}

/// The page of the team's address shown; a page stays built while only its parameter changes.
fn page_in_team() -> impl IntoView {
    let shown = Memo::new_with_compare(
        |_| router::route().in_team,
        |previous, next| match (previous, next) {
            (Some(Some(previous)), Some(Some(next))) => !previous.same_page(next),
            _ => previous != next,
        },
    );
    move || match shown.get() {
        Some(InTeam::Channel(_)) => view! { <ChannelPage/> }.into_any(),
        // Pages few visits need are chunks of their own, loaded when they open.
        Some(InTeam::Permalink(_)) => view! { <LazyView view=permalink_page()/> }.into_any(),
        Some(InTeam::CatchUp) => view! { <LazyView view=catch_up_page()/> }.into_any(),
        // The team's own address, about to lead to its town square.
        None => ().into_any(),
    }
}

/// The channel's name when the address is a channel's (`/{team}/channels/{name}`).
fn channel_in_address() -> Option<String> {
    match router::route_untracked().in_team {
        Some(InTeam::Channel(ChannelRoute::Channel(name))) => Some(name),
        _ => None,
    }
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

/// The badges of my other teams, once the team is open: one request for all of them (their
/// channels are fetched when they are opened, or when something happens in them).
fn load_other_teams(store: StoreSignal, team: AsyncValue<Result<String, TeamProblem>>) {
    // Again when I join a second team.
    let several_teams = memo(move || store.with(|s| s.teams.len() > 1));
    effect(move || {
        if several_teams.get() && team.with(|result| matches!(result, Some(Ok(_)))) {
            leptos::task::spawn_local(actions::teams::load_team_unreads(store));
        }
    });
}

/// Keeps `window_focused` current: coming back to the window reads the open channel.
fn track_window_focus(store: StoreSignal) {
    let focused = document().has_focus().unwrap_or(true);
    store.update(|s| s.window_focused = focused);
    let on_focus = window_event_listener(leptos::ev::focus, move |_| {
        actions::reading::window_focus_changed(store, true);
    });
    let on_blur = window_event_listener(leptos::ev::blur, move |_| {
        actions::reading::window_focus_changed(store, false);
    });
    on_cleanup(move || {
        on_focus.remove();
        on_blur.remove();
    });
}
