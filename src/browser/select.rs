//! Finding elements under another, typed.

use wasm_bindgen::JsCast;
use web_sys::{Element, NodeList};

/// The elements under `root` that match `selector` and are `T`s (an `<input>` as an
/// `HtmlInputElement`, say), in document order; those of another type are left out.
pub fn select_all<T: JsCast>(root: &Element, selector: &str) -> impl Iterator<Item = T> {
    let found = root.query_selector_all(selector).ok();
    let count = found.as_ref().map_or(0, NodeList::length);
    (0..count).filter_map(move |index| found.as_ref()?.item(index)?.dyn_into::<T>().ok())
}
