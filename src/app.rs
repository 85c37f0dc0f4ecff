//! The router and the providers every page relies on.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, NavigateOptions};

use crate::actions;
use crate::components::lazy_view::LazyView;
use crate::pages::{
    admin_console::admin_console_page, catch_up::catch_up_page, channel::ChannelPage,
    home::HomePage, login::login_path, login::LoginPage, permalink::permalink_page,
    reset_password::reset_password_page, signup::SignupPage, team::TeamPage,
};
use crate::state::provide_app_state;

#[component]
pub fn App() -> impl IntoView {
    let state = provide_app_state();
    view! {
        <Router>
            <SessionEndedGoesToLogin store=state.store/>
            <SessionLeftOpenEnded store=state.store/>
            <Routes fallback=|| view! {
                <main class="status-page"><h1>"Page not found"</h1><a href="/">"Go home"</a></main>
            }>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/signup_user_complete") view=SignupPage/>
                // Pages few visits need are chunks of their own, loaded when they open.
                <Route path=path!("/reset_password_complete") view=|| view! { <LazyView view=reset_password_page()/> }/>
                <Route path=path!("/admin_console") view=|| view! { <LazyView view=admin_console_page()/> }/>
                <ParentRoute path=path!("/:team") view=TeamPage>
                    <Route path=path!("/channels/:channel") view=ChannelPage/>
                    <Route path=path!("/messages/:who") view=ChannelPage/>
                    <Route path=path!("/pl/:post_id") view=|| view! { <LazyView view=permalink_page()/> }/>
                    <Route path=path!("/catch-up") view=|| view! { <LazyView view=catch_up_page()/> }/>
                    <Route path=path!("") view=|| view! { <Redirect path="channels/town-square"/> }/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// A 401 on any call means the session ended (expired, revoked, logged out elsewhere): go to
/// login and come back here after. Drafts stay in localStorage, so nothing typed is lost.
#[component]
fn SessionEndedGoesToLogin(store: crate::state::StoreSignal) -> impl IntoView {
    let navigate = use_navigate();
    actions::session::on_session_ended(store, move || {
        let path = window().location().pathname().unwrap_or_default();
        if !path.starts_with("/login") {
            navigate(
                &login_path(&path),
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
}

/// A logout made offline ends the server's session now, or as soon as the network is back.
#[component]
fn SessionLeftOpenEnded(store: crate::state::StoreSignal) -> impl IntoView {
    let end = move || leptos::task::spawn_local(actions::session::end_session_left_open(store));
    end();
    let on_online = window_event_listener(leptos::ev::online, move |_| end());
    on_cleanup(move || on_online.remove());
}
