//! One file per visible thing.

pub mod channel_header;
pub mod composer;
pub mod confirm_delete;
pub mod emoji_picker;
pub mod post;
pub mod post_editor;
pub mod post_list;
pub mod reactions;
pub mod sidebar;
