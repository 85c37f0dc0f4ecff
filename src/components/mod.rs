//! One file per visible thing.

pub mod channel_header;
pub mod composer;
pub mod post;
pub mod post_list;
pub mod sidebar;
