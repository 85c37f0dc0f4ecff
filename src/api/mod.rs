//! Typed client for the Mattermost REST API v4: one function per endpoint.
//!
//! Auth is the session cookie the server sets at login (same origin), so no token is handled
//! here. A 401 from any call but login runs the handler set with `set_unauthorized_handler`.

pub mod admin;
mod channels;
mod error;
mod files;
mod http;
mod posts;
mod system;
mod teams;
mod users;

pub use channels::*;
pub use error::ApiError;
pub use files::*;
pub use http::{
    changing_session, forget_answers_asked_before_app, holds_answers_asked_before_app,
    set_unauthorized_handler,
};
pub use posts::*;
pub use system::*;
pub use teams::*;
pub use users::*;

/// Encodes one path segment (a channel name from the URL, say).
fn segment(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}
