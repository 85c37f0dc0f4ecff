//! The chosen theme on the page: `data-theme` on the root element picks the colours (see
//! style/main.css), and a copy on the device lets assets/start.js set it before the first paint
//! of the next load.

use crate::browser::local_store;
use crate::store::Theme;

/// Where the device keeps the theme (read by assets/start.js too).
const KEY: &str = "brisk.theme";

/// The theme this device showed last (the device's light or dark until one was chosen).
pub fn remembered() -> Theme {
    Theme::from_value(&local_store::load(KEY))
}

/// Shows `theme` now and remembers it for the next load.
pub fn show(theme: Theme) {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-theme", theme.value());
    }
    // Following the device needs nothing kept (and logging out leaves no key behind).
    let kept = if theme == Theme::System {
        ""
    } else {
        theme.value()
    };
    local_store::save(KEY, kept);
}
