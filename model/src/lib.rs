//! Mattermost API v4 wire types, shared by the brisk client and the bundled server.
//!
//! Field names and shapes follow Mattermost's OpenAPI definitions (api/v4/source/definitions.yaml)
//! and its Go model (server/public/model). Every struct defaults missing fields so the client keeps
//! working against Mattermost versions that add or drop optional fields.

pub mod channel;
pub mod decode;
pub mod embed;
pub mod emoji;
pub mod error;
pub mod fuzz;
pub mod jobs;
pub mod json;
pub mod post;
pub mod rules;
pub mod server_event;
pub mod sidebar;
pub mod team;
pub mod thread;
pub mod user;
pub mod websocket;

pub use channel::*;
pub use embed::*;
pub use error::*;
pub use jobs::*;
pub use post::*;
pub use server_event::*;
pub use sidebar::*;
pub use team::*;
pub use thread::*;
pub use user::*;
pub use websocket::*;

/// Mattermost's maximum post message length, in characters.
pub const POST_MESSAGE_MAX_RUNES: usize = 16_383;
