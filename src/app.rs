//! The page each address shows, and the providers every page relies on.

use leptos::prelude::*;

use crate::actions;
use crate::components::lazy_view::LazyView;
use crate::pages::{
    admin_console::admin_console_page, home::HomePage, login::login_path, login::LoginPage,
    reset_password::reset_password_page, signup::SignupPage, team::TeamPage,
};
use crate::router::{self, Page};
use crate::state::provide_app_state;

#[component]
pub fn App() -> impl IntoView {
    let state = provide_app_state();
    router::follow_the_address();
    session_ended_goes_to_login(state.store);
    session_left_open_ended(state.store);
    // A team's page stays built from one of its addresses to the next.
    let page = Memo::new(|_| router::route().page);
    move || match page.get() {
        Page::Home => view! { <HomePage/> }.into_any(),
        Page::Login => view! { <LoginPage/> }.into_any(),
        Page::Signup => view! { <SignupPage/> }.into_any(),
        // Pages few visits need are chunks of their own, loaded when they open.
        Page::ResetPassword => view! { <LazyView view=reset_password_page()/> }.into_any(),
        Page::AdminConsole => view! { <LazyView view=admin_console_page()/> }.into_any(),
        Page::Team(_) => view! { <TeamPage/> }.into_any(),
        Page::NotFound => view! {
            <main class="status-page"><h1>"Page not found"</h1><a href="/">"Go home"</a></main>
        }
        .into_any(),
    }
}

/// A 401 on any call means the session ended (expired, revoked, logged out elsewhere): go to
/// login and come back here after. Drafts stay in localStorage, so nothing typed is lost.
fn session_ended_goes_to_login(store: crate::state::StoreSignal) {
    actions::session::on_session_ended(store, move || {
        let path = window().location().pathname().unwrap_or_default();
        if !path.starts_with("/login") {
            router::navigate_replacing(&login_path(&path));
        }
    });
}

/// A logout made offline ends the server's session now, or as soon as the network is back.
fn session_left_open_ended(store: crate::state::StoreSignal) {
    let end = move || leptos::task::spawn_local(actions::session::end_session_left_open(store));
    end();
    let on_online = window_event_listener(leptos::ev::online, move |_| end());
    on_cleanup(move || on_online.remove());
}
