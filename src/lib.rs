//! brisk: a fast Mattermost web client.
//!
//! Data flows one way: the server's REST answers (`api`) and WebSocket events (`realtime`) are
//! applied to the `store`, components derive what they show from it, and user actions
//! (`actions`) change the store optimistically before the server confirms. `actions` is the
//! only door to the network: components and pages never call `api`.

pub mod actions;
pub mod api;
pub mod app;
pub mod async_state;
pub mod browser;
pub mod components;
pub mod lazy;
pub mod markdown;
pub mod pages;
pub mod persist;
pub mod realtime;
pub mod remembered;
pub mod router;
pub mod state;
pub mod store;
pub mod validation;

/// Mounts the app on the page's body. After a logout made offline the browser may still hold
/// that session's cookie: the app then opens on the login page, asking the server for nothing
/// else until the session is ended. When start.js painted the login form (nobody is signed in on
/// this device), the app opens on the login page too, which takes that form over, and comes back
/// to the address asked for after.
pub fn mount() {
    // The release build's panics stop the wasm before any hook could run (crash.rs).
    #[cfg(debug_assertions)]
    browser::crash::report_panics();
    let login = if actions::session::session_left_open() {
        Some("/login".to_string())
    } else if browser::form_before_app::is_painted() {
        let path = leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default();
        Some(pages::login::login_path(&path)).filter(|login| *login != path)
    } else {
        None
    };
    if let (Some(login), Ok(history)) = (login, leptos::prelude::window().history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&login));
    }
    leptos::mount::mount_to_body(app::App);
}
