//! Touch screens: whether the device has hover (a mouse or trackpad) and what a tap landed on.

use wasm_bindgen::JsCast;

/// How long a finger rests on a post before its actions open, as in native chat apps.
pub const LONG_PRESS_MS: u32 = 500;

/// Whether the main pointer cannot hover (a phone or tablet): hover toolbars never show there.
pub fn no_hover() -> bool {
    media_matches("(hover: none)")
}

/// Whether a CSS media query holds now.
pub fn media_matches(query: &str) -> bool {
    leptos::prelude::window()
        .match_media(query)
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Whether the event happened on something that acts by itself (a link, a button, a field, a
/// dialog opened from the post), so a tap there is not a tap on the post around it.
pub fn on_control(event: &web_sys::Event) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| {
            element
                .closest("a, button, input, textarea, select, summary, label, video, audio, dialog")
                .ok()
                .flatten()
        })
        .is_some()
}
