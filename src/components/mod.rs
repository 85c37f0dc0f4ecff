//! One file per visible thing.

pub mod channel_header;
pub mod composer;
pub mod connection_status;
pub mod jump_to_unread;
pub mod mark_unread_button;
pub mod new_messages_line;
pub mod other_teams;
pub mod post;
pub mod post_list;
pub mod sidebar;
pub mod tab_badge;
pub mod unread_badge;
