//! One file per visible thing.

pub mod browse_channels;
pub mod channel_footer;
pub mod channel_header;
pub mod channel_info;
pub mod channel_menu;
pub mod composer;
pub mod confirm_delete;
pub mod create_channel;
pub mod dialog;
pub mod direct_messages;
pub mod drawer;
pub mod emoji_picker;
pub mod form_field;
pub mod invite_people;
pub mod menu;
pub mod post;
pub mod post_editor;
pub mod post_list;
pub mod reactions;
pub mod sidebar;
pub mod switcher;
pub mod team_dialogs;
pub mod team_menu;
pub mod team_switcher;
pub mod thread_pane;
pub mod typing_indicator;
