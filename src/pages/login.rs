//! `/login`: sign in with email or username and password.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::actions::ApiError;
use crate::async_state::AsyncAction;
use crate::browser::form_before_app;
use crate::browser::form_before_app::Submitted;
use crate::router;
use crate::state::{effect, use_store};

/// Where to go after login: `redirect_to` if it is a path on this site, else `/`.
/// Anything else (another origin, "//evil.example") is ignored: no open redirect.
pub fn safe_redirect(redirect_to: Option<&str>) -> Option<&str> {
    redirect_to.filter(|path| {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path.starts_with("/\\")
            && *path != "/login"
    })
}

/// The login address that brings the reader back to `path` afterwards.
pub fn login_path(path: &str) -> String {
    if path == "/" || path.starts_with("/login") {
        "/login".into()
    } else {
        format!(
            "/login?redirect_to={}",
            String::from(js_sys::encode_uri_component(path))
        )
    }
}

/// A login to make: typed into the app's form, or sent already from the form painted before it.
#[derive(Clone)]
enum LoginAttempt {
    Typed { login_id: String, password: String },
    SentBeforeApp(js_sys::Promise),
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let store = use_store();
    // The form start.js painted before the wasm was loaded, if it did: nothing typed is lost.
    let mut typed = form_before_app::take_over();
    let login_id = RwSignal::new(typed.value("login-id"));
    let password = RwSignal::new(typed.value("password"));
    spawn_local(actions::config::load_server_config(store));

    let login = AsyncAction::new(move |attempt: &LoginAttempt| {
        let attempt = attempt.clone();
        async move {
            match attempt {
                LoginAttempt::Typed { login_id, password } => {
                    actions::session::log_in(store, &login_id, &password).await
                }
                LoginAttempt::SentBeforeApp(sent) => {
                    actions::session::log_in_sent_before_app(store, sent).await
                }
            }
        }
    });

    effect(move || match login.value().get() {
        Some(Ok(())) => {
            let requested = untrack(|| router::query_value("redirect_to"));
            // `/` goes on to the first team (or explains that there is none yet).
            let target = safe_redirect(requested.as_deref()).unwrap_or("/");
            router::navigate(target);
        }
        Some(Err(_)) => password.set(String::new()),
        None => {}
    });
    let error = move || {
        login.value().with(|v| {
            v.as_ref()
                .and_then(|r| r.as_ref().err())
                .map(ApiError::user_message)
        })
    };

    let submit = move || {
        if !login.pending_untracked() {
            login.dispatch(LoginAttempt::Typed {
                login_id: login_id.get_untracked().trim().to_string(),
                password: password.get_untracked(),
            });
        }
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        submit();
    };
    // "Log in" pressed before the app was running: its answer awaited, or the login sent now.
    match typed.submitted.take() {
        Some(Submitted::Sent(sent)) => {
            login.dispatch(LoginAttempt::SentBeforeApp(sent));
        }
        Some(Submitted::ToSend) => submit(),
        None => crate::components::lazy_view::preload_for_the_team_page(),
    }
    effect(move || typed.restore_focus());

    view! {
        <main class="login-page">
            <form
                class="login-form"
                on:submit=on_submit
                aria-busy=move || login.pending().then_some("true")
            >
                <h1>{move || {
                    store
                        .with(|s| s.server_config.as_ref().and_then(|c| c.site_name.clone()))
                        .unwrap_or_else(|| "brisk".into())
                }}</h1>
                <label for="login-id">"Email or Username"</label>
                <input
                    id="login-id"
                    name="login_id"
                    type="text"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                    bind:value=login_id
                />
                <label for="password">"Password"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                    bind:value=password
                />
                {move || store.with(|s| s.server_session_left_open).then(|| view! {
                    <p role="status">
                        "You are logged out on this device. The server could not be reached to end \
                         your session there: it will be ended as soon as the network is back."
                    </p>
                })}
                {move || error().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                // As the form start.js painted says it, while the answer is awaited.
                {move || login.pending().then(|| view! {
                    <p class="form-status" role="status">"Signing in…"</p>
                })}
                <button type="submit" disabled=move || login.pending()>
                    "Log in"
                </button>
            </form>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_redirect;

    #[test]
    fn only_paths_on_this_site_are_followed_after_login() {
        assert_eq!(
            safe_redirect(Some("/demo/channels/dev")),
            Some("/demo/channels/dev")
        );
        assert_eq!(safe_redirect(Some("https://evil.example")), None);
        assert_eq!(safe_redirect(Some("//evil.example")), None);
        assert_eq!(safe_redirect(Some("/\\evil.example")), None);
        assert_eq!(safe_redirect(Some("/login")), None);
        assert_eq!(safe_redirect(None), None);
    }
}
