//! The tab's title and favicon tell of unread messages while the reader looks elsewhere:
//! "(3) brisk" and a red dot for mentions, "* brisk" and a blue dot for other unread messages.

use leptos::prelude::*;

use crate::state::use_store;
use crate::store::TabBadge as Badge;

/// What the tab is called with nothing unread.
const SITE_NAME: &str = "brisk";

#[component]
pub fn TabBadge() -> impl IntoView {
    let store = use_store();
    let badge = Memo::new(move |_| store.with(|s| s.tab_badge()));
    Effect::new(move |_| show(badge.get()));
    on_cleanup(|| show(Badge::default()));
}

fn show(badge: Badge) {
    let document = document();
    document.set_title(&badge.title(SITE_NAME));
    if let Ok(Some(icon)) = document.query_selector("link[rel~='icon']") {
        let _ = icon.set_attribute("href", &favicon(badge));
    }
}

/// A small "b" tile, with a dot in the corner when something is unread, as an SVG data URL.
fn favicon(badge: Badge) -> String {
    let dot = if badge.mentions > 0 {
        Some("%23d92d20")
    } else if badge.unread {
        Some("%231c58d9")
    } else {
        None
    };
    let dot = dot.map_or_else(String::new, |fill| {
        format!("<circle cx='25' cy='7' r='6.5' fill='{fill}' stroke='white' stroke-width='1.5'/>")
    });
    format!(
        "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>\
         <rect x='1' y='1' width='30' height='30' rx='7' fill='%231e2a3a'/>\
         <text x='16' y='23' font-family='sans-serif' font-size='20' font-weight='700' \
         text-anchor='middle' fill='white'>b</text>{dot}</svg>"
    )
}
