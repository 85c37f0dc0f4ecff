//! System messages: the posts Mattermost writes into a channel when something happens to it
//! (joins and leaves, header changes, archiving), with the `type` and `props` its clients render.

use serde_json::{Map, Value};

use crate::db::posts::{self, NewPost};
use crate::error::ApiResult;
use crate::events::Outbox;

pub const JOIN_CHANNEL: &str = "system_join_channel";
pub const JOIN_TEAM: &str = "system_join_team";
pub const ADD_TO_CHANNEL: &str = "system_add_to_channel";
pub const LEAVE_CHANNEL: &str = "system_leave_channel";
pub const REMOVE_FROM_CHANNEL: &str = "system_remove_from_channel";
pub const HEADER_CHANGE: &str = "system_header_change";
pub const PURPOSE_CHANGE: &str = "system_purpose_change";
pub const DISPLAYNAME_CHANGE: &str = "system_displayname_change";
pub const CHANNEL_DELETED: &str = "system_channel_deleted";
pub const CHANNEL_RESTORED: &str = "system_channel_restored";

/// String props from pairs.
pub fn props(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(key, value)| (key.to_string(), Value::String(value.to_string())))
        .collect()
}

/// A system message about to be written.
pub struct SystemPost<'a> {
    pub channel_id: &'a str,
    pub author_id: &'a str,
    pub post_type: &'a str,
    pub message: String,
    pub props: Map<String, Value>,
}

impl SystemPost<'_> {
    /// Writes the message into the channel (counters, `posted` event and all).
    pub fn write(
        self,
        conn: &rusqlite::Connection,
        now: i64,
        outbox: &mut Outbox,
    ) -> ApiResult<()> {
        posts::create(
            conn,
            NewPost {
                channel_id: self.channel_id.to_string(),
                user_id: self.author_id.to_string(),
                message: self.message,
                post_type: self.post_type.to_string(),
                props: self.props,
                ..Default::default()
            },
            now,
            outbox,
        )?;
        Ok(())
    }
}

/// The message Mattermost writes for a change of header, purpose or display name: "updated the
/// channel header to: x", "... from: x to: y", or "removed the channel header (was: x)".
pub fn change_message(username: &str, what: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        format!("@{username} updated the channel {what} to: {new}")
    } else if new.is_empty() {
        format!("@{username} removed the channel {what} (was: {old})")
    } else {
        format!("@{username} updated the channel {what} from: {old} to: {new}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_messages_read_like_mattermost() {
        assert_eq!(
            change_message("ann", "header", "", "new"),
            "@ann updated the channel header to: new"
        );
        assert_eq!(
            change_message("ann", "purpose", "old", ""),
            "@ann removed the channel purpose (was: old)"
        );
        assert_eq!(
            change_message("ann", "display name", "Old", "New"),
            "@ann updated the channel display name from: Old to: New"
        );
    }
}
