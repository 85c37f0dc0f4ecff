//! Small wrappers over the browser's own APIs, so the rest of the client asks for what it needs
//! (a time in the reader's locale, a value kept across reloads) and carries on where the browser
//! refuses.

pub mod clipboard;
pub mod code_colours;
pub mod crash;
pub mod form_before_app;
pub mod local_store;
pub mod notifications;
pub mod paint;
pub mod select;
pub mod shortcut;
pub mod theme;
pub mod time;
pub mod touch;
