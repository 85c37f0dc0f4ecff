//! brisk: a fast Mattermost web client.
//!
//! Data flows one way: the server's REST answers (`api`) and WebSocket events (`realtime`) are
//! applied to the `store`, components derive what they show from it, and user actions
//! (`actions`) change the store optimistically before the server confirms.

pub mod actions;
pub mod api;
pub mod app;
pub mod channel_actions;
pub mod clipboard;
pub mod components;
pub mod local_store;
pub mod markdown;
pub mod notifications;
pub mod pages;
pub mod realtime;
pub mod state;
pub mod store;
pub mod sync;
pub mod time;
pub mod unsent_posts;
pub mod validation;

/// Mounts the app on the page's body.
pub fn mount() {
    leptos::mount::mount_to_body(app::App);
}
