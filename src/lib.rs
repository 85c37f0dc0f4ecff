//! brisk: a fast Mattermost web client.
//!
//! Data flows one way: the server's REST answers (`api`) and WebSocket events (`realtime`) are
//! applied to the `store`, components derive what they show from it, and user actions
//! (`actions`) change the store optimistically before the server confirms. `actions` is the
//! only door to the network: components and pages never call `api`.

pub mod actions;
pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod markdown;
pub mod pages;
pub mod persist;
pub mod realtime;
pub mod state;
pub mod store;
pub mod validation;

/// Mounts the app on the page's body.
pub fn mount() {
    leptos::mount::mount_to_body(app::App);
}
