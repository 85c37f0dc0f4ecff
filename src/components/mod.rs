//! One file per visible thing.

pub mod browse_channels;
pub mod channel_footer;
pub mod channel_header;
pub mod channel_info;
pub mod channel_menu;
pub mod composer;
pub mod connection_status;
pub mod create_channel;
pub mod dialog;
pub mod direct_messages;
pub mod drawer;
pub mod form_field;
pub mod invite_people;
pub mod jump_to_unread;
pub mod mark_unread_button;
pub mod menu;
pub mod new_messages_line;
pub mod post;
pub mod post_list;
pub mod sidebar;
pub mod switcher;
pub mod tab_badge;
pub mod team_dialogs;
pub mod team_menu;
pub mod team_switcher;
pub mod unread_badge;
