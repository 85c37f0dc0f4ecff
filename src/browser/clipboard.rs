//! Copying text for the reader (invite links, message links).

/// Writes to the clipboard; false where the browser gives no access (a page not served over
/// https, say).
pub async fn write_text(text: &str) -> bool {
    let navigator = leptos::prelude::window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .is_ok_and(|clipboard| !clipboard.is_undefined());
    if !has_clipboard {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
