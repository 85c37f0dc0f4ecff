//! The client's one door to the network: every REST call (`crate::api`) and the event stream
//! (`crate::realtime`) are reached from here, never from components or pages. Each action applies
//! its optimistic change to the store first, then the server's answer (or rolls back / marks the
//! failure), so what the store holds is all a component needs to read.
//!
//! One module per topic. They depend on each other in one direction only:
//! `session → {teams, settings}`, `teams → sync → {history, channels}`, `reading → sync`,
//! `permalinks → history`, `search → people`, `catch_up → {history, sync, people}`,
//! `console → session`; the rest stand alone.

pub mod catch_up;
pub mod channels;
pub mod config;
pub mod console;
pub mod history;
pub mod people;
pub mod permalinks;
pub mod posts;
pub mod reactions;
pub mod reading;
pub mod search;
pub mod session;
pub mod settings;
pub mod sync;
pub mod teams;
pub mod typing;
pub mod uploads;

/// What a failed action reports: Mattermost's error, or why the call could not be made.
pub use crate::api::ApiError;
