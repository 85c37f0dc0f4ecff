//! Keyboard shortcuts of the team pages.

/// Whether the key event is Ctrl+Shift+`key` (⌘⇧`key` on a Mac), as Mattermost's shortcuts are
/// written; `key` is a lowercase letter.
pub fn ctrl_shift(event: &web_sys::KeyboardEvent, key: &str) -> bool {
    event.key().eq_ignore_ascii_case(key)
        && (event.ctrl_key() || event.meta_key())
        && event.shift_key()
        && !event.alt_key()
}
