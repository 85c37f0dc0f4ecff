//! A picture of the last screen: the app's own rendered HTML of the team layout (sidebar and
//! channel), kept in localStorage so that the page's start script (assets/start.js) paints it,
//! marked as saved and inert, before the wasm is even loaded; the live app takes it down as soon
//! as it draws its own (`take_down`). It is only ever the app's DOM, already escaped by the
//! app's own rendering, never text from elsewhere; it is kept only for the channel address it
//! shows, and goes wherever the saved copy goes (logout, session ended, another sign-in).

use serde::Serialize;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::browser::local_store;
use crate::browser::select::select_all;

/// Where it is kept: a `brisk.` key, so logging out erases it with the rest. assets/start.js
/// reads it.
const KEY: &str = "brisk.saved-screen";
/// The element start.js paints it in.
const PAINTED_ID: &str = "saved-screen";
/// The messages' scrolling list.
const POST_LIST: &str = "[data-testid=post-list]";
/// A bigger screen is not kept: localStorage holds a few MB in all, drafts included.
const MAX_CHARS: usize = 1_000_000;

/// What start.js reads (field names are its).
#[derive(Serialize)]
struct SavedScreen {
    /// The address it shows: painted only on a visit to the same one.
    path: String,
    html: String,
    /// How far the messages were scrolled up from the newest, in pixels.
    from_bottom: i32,
}

/// Keeps the screen as it is now, when it shows a channel.
pub fn keep() {
    if let Some(screen) = capture() {
        local_store::save_json(KEY, &screen);
    }
}

fn capture() -> Option<SavedScreen> {
    let document = web_sys::window()?.document()?;
    let path = document.location()?.pathname().ok()?;
    if !path.contains("/channels/") && !path.contains("/messages/") {
        return None;
    }
    let layout = document.query_selector(".layout").ok()??;
    let list = layout.query_selector(POST_LIST).ok()??;
    let html = saved_markup(&layout)?;
    if html.len() > MAX_CHARS {
        return None;
    }
    let from_bottom = list.scroll_height() - list.scroll_top() - list.client_height();
    Some(SavedScreen {
        path,
        html,
        from_bottom,
    })
}

/// The markup of `live` as the picture's (made on a copy): without the messages out of sight,
/// and with its test ids renamed, so that what finds the live app's elements never finds the
/// picture's.
pub fn saved_markup(live: &Element) -> Option<String> {
    let copy: Element = live.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    drop_rows_out_of_sight(live, &copy);
    for element in select_all::<Element>(&copy, "[data-testid]") {
        if let Some(id) = element.get_attribute("data-testid") {
            let _ = element.remove_attribute("data-testid");
            let _ = element.set_attribute("data-saved-testid", &id);
        }
    }
    Some(copy.outer_html())
}

/// Leaves out of `copy` the message rows more than a screen above what the reader of `live`
/// sees: the picture is for the first moment, and the smaller it is the sooner it is painted.
fn drop_rows_out_of_sight(live: &Element, copy: &Element) {
    let (Ok(Some(list)), Ok(Some(copied))) = (
        live.query_selector(POST_LIST),
        copy.query_selector(POST_LIST),
    ) else {
        return;
    };
    let out_of_sight_above = list.scroll_top() - list.client_height();
    let (mut row, mut copied_row) = (list.first_element_child(), copied.first_element_child());
    while let (Some(live_row), Some(copy_row)) = (row, copied_row) {
        (row, copied_row) = (
            live_row.next_element_sibling(),
            copy_row.next_element_sibling(),
        );
        let bottom = live_row
            .dyn_ref::<HtmlElement>()
            .map(|live_row| live_row.offset_top() + live_row.offset_height());
        if bottom.is_some_and(|bottom| bottom < out_of_sight_above) {
            copy_row.remove();
        }
    }
}

/// Forgets the picture (nobody signed in, or someone else about to be).
pub fn erase() {
    local_store::save(KEY, "");
}

/// Removes the painted picture: the live app is drawing its own screen.
pub fn take_down() {
    if let Some(painted) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(PAINTED_ID))
    {
        painted.remove();
    }
}
