//! What a write leaves to do after it commits: WebSocket events to publish and channel
//! memberships to add to the hub's cache. Collected inside the transaction, applied after commit,
//! so no client ever hears of a change that was rolled back.

use brisk_model::{event_name, Channel, ChannelUpdatedData};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

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
    /// Every connection of one user, about one of their channels: the broadcast names the channel
    /// and team, as Mattermost's `post_unread` does (clients read them from there).
    UserInChannel {
        user_id: String,
        channel_id: String,
        team_id: String,
    },
    /// Every connection of one user, about one of their teams (their sidebar there): the broadcast
    /// names the team, as Mattermost's `sidebar_category_*` events do (apps ignore other teams').
    UserInTeam { user_id: String, team_id: String },
    /// Every connection of a team's members (the team itself changed): the broadcast names the
    /// team, as Mattermost's `update_team` does. The members are read in the write that changed it.
    Team {
        team_id: String,
        member_ids: Vec<String>,
    },
    /// Every connection (someone's profile changed: everyone may show their name).
    Everyone,
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
    /// (channel_id, user_id) pairs that stopped being members; applied before `events` too, so a
    /// leaver hears nothing more from the channel (events meant for them name them directly).
    pub left: Vec<(String, String)>,
    pub events: Vec<Event>,
}

impl Outbox {
    /// An event for the members of a channel.
    pub fn to_channel(&mut self, name: &'static str, data: Value, channel_id: &str) {
        self.event(
            name,
            data,
            Audience::Channel {
                channel_id: channel_id.to_string(),
                omit_user: None,
            },
        );
    }

    /// `channel_updated` for the channel's members: the channel as it now reads.
    pub fn channel_updated(&mut self, channel: &Channel) -> ApiResult<()> {
        let data = ChannelUpdatedData {
            channel: serde_json::to_string(channel).map_err(ApiError::internal)?,
        };
        self.to_channel(
            event_name::CHANNEL_UPDATED,
            serde_json::to_value(data).map_err(ApiError::internal)?,
            &channel.id,
        );
        Ok(())
    }

    pub fn event(&mut self, name: &'static str, data: Value, audience: Audience) {
        self.events.push(Event {
            name,
            data,
            audience,
        });
    }
}
