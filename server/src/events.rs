//! What a write leaves to do after it commits: WebSocket events to publish and channel
//! memberships to add to the hub's cache. Collected inside the transaction, applied after commit,
//! so no client ever hears of a change that was rolled back.

use serde_json::Value;

/// Who may receive an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Members of the channel, minus `omit_user` (the sender of a typing event, say).
    Channel {
        channel_id: String,
        omit_user: Option<String>,
    },
    /// Every connection of one user.
    User(String),
}

/// One event, before it is numbered for each connection. Its broadcast's team_id is always ""
/// (Mattermost routes these events by channel or user; the team, when relevant, is in `data`).
#[derive(Clone, Debug)]
pub struct Event {
    pub name: &'static str,
    pub data: Value,
    pub audience: Audience,
}

/// Effects of a committed write.
#[derive(Default, Debug)]
pub struct Outbox {
    /// (channel_id, user_id) pairs that became members; applied before `events` are sent so a new
    /// member receives the events about their own join.
    pub joined: Vec<(String, String)>,
    pub events: Vec<Event>,
}

impl Outbox {
    pub fn event(&mut self, name: &'static str, data: Value, audience: Audience) {
        self.events.push(Event {
            name,
            data,
            audience,
        });
    }
}
