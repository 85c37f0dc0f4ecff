//! `/reset_password_complete?token=…`: where a one-time reset link opens (Mattermost's route).
//! The person chooses a new password, then signs in with it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::actions;
use crate::async_state::AsyncAction;
use crate::components::lazy_view::lazy_view;
use crate::router;
use crate::validation::password_problem;

lazy_view! {
    /// The route's view; the page's code is a chunk of its own, loaded when the route opens.
    pub fn reset_password_page() {
        view! { <ResetPasswordPage/> }
    }
}

#[component]
fn ResetPasswordPage() -> impl IntoView {
    let password = RwSignal::new(String::new());
    let reset = AsyncAction::new(move |chosen: &String| {
        let token = untrack(|| router::query_value("token")).unwrap_or_default();
        let chosen = chosen.clone();
        async move { actions::console::complete_password_reset(&token, &chosen).await }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if !reset.pending_untracked() {
            reset.dispatch(password.get_untracked());
        }
    };
    let problem = move || password.with(|p| (!p.is_empty()).then(|| password_problem(p)).flatten());
    view! {
        <main class="login-page">
            {move || match reset.value().get() {
                Some(Ok(())) => view! {
                    <div class="login-form">
                        <h1>"Password changed"</h1>
                        <p role="status">"Your new password is set. Sign in with it."</p>
                        <a href="/login">"Sign in"</a>
                    </div>
                }.into_any(),
                outcome => view! {
                    <form class="login-form" on:submit=on_submit>
                        <h1>"Choose a new password"</h1>
                        <label for="new-password">"New password"</label>
                        <input id="new-password" type="password" autocomplete="new-password"
                            required bind:value=password/>
                        {move || problem().map(|text| view! { <p class="form-hint">{text}</p> })}
                        {outcome.and_then(Result::err).map(|error| view! {
                            <p class="form-error" role="alert">{error.user_message()}</p>
                        })}
                        <button type="submit" disabled=move || reset.pending()>"Change password"</button>
                    </form>
                }.into_any(),
            }}
        </main>
    }
}
