//! `/`: straight to the first team's town square when signed in (a 401 goes to login).

use leptos::prelude::*;

use crate::actions;
use crate::async_state::AsyncValue;
use crate::router;
use crate::state::{effect, use_store};

#[component]
pub fn HomePage() -> impl IntoView {
    let store = use_store();
    let session = AsyncValue::new(move || actions::session::load_session(store));

    effect(move || {
        if let Some(Ok(())) = session.get() {
            if let Some(team) = actions::teams::first_team(store) {
                router::navigate_replacing(&router::town_square_path(&team.name));
            }
        }
    });

    view! {
        <main class="status-page">
            {move || match session.get() {
                None => view! { <p>"Loading…"</p> }.into_any(),
                Some(Ok(())) => view! {
                    <p>"You are not a member of any team yet. Ask for an invite link."</p>
                }.into_any(),
                Some(Err(error)) => view! {
                    <p role="alert">{error.user_message()}</p>
                    <button type="button" on:click=move |_| session.refetch()>"Try again"</button>
                }.into_any(),
            }}
        </main>
    }
}
