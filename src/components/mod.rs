//! One file per visible thing.

pub mod channel_header;
pub mod composer;
pub mod dialog;
pub mod form_field;
pub mod invite_people;
pub mod menu;
pub mod post;
pub mod post_list;
pub mod sidebar;
pub mod team_dialogs;
pub mod team_menu;
