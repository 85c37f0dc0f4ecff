//! The tab's title and icon tell of unread messages while the reader looks elsewhere:
//! "(3) brisk" and a red dot for mentions, "* brisk" and a blue dot for other unread messages.

use leptos::prelude::*;

use crate::state::{effect, memo, use_store};
use crate::store::TabBadge as Badge;

/// What the tab is called with nothing unread.
const SITE_NAME: &str = "brisk";

#[component]
pub fn TabBadge() -> impl IntoView {
    let store = use_store();
    let badge = memo(move || store.with(|s| s.tab_badge()));
    effect(move || show(badge.get()));
    on_cleanup(|| show(Badge::default()));
}

fn show(badge: Badge) {
    let document = document();
    document.set_title(&badge.title(SITE_NAME));
    if let Ok(Some(icon)) = document.query_selector("link[rel~='icon']") {
        let _ = icon.set_attribute("href", favicon(badge));
    }
}

/// The app's icon, with a red dot for mentions or a blue one for other unread messages
/// (assets/icon*.svg).
fn favicon(badge: Badge) -> &'static str {
    if badge.mentions > 0 {
        "/icon-mentions.svg"
    } else if badge.unread {
        "/icon-unread.svg"
    } else {
        "/icon.svg"
    }
}
