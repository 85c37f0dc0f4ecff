//! What a person sees when the app's code panics. The release build aborts on a panic, which
//! stops every task of the app for good (buttons may still look alive): say so on the page, with
//! the reason in the console for whoever reports it, instead of leaving a page that silently no
//! longer answers.

/// Installs the report; called once, before the app mounts.
pub fn report_panics() {
    std::panic::set_hook(Box::new(|panic| {
        leptos::logging::error!("brisk stopped: {panic}");
        show_stopped();
    }));
}

/// A notice over the page with a link that loads it again (what is unsent is kept on the device
/// and sent after the reload).
fn show_stopped() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let (Ok(notice), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    notice.set_class_name("app-stopped");
    let _ = notice.set_attribute("role", "alert");
    notice.set_inner_html(
        "brisk stopped because of an error in its code. <a href=\"\">Reload the page</a>",
    );
    let _ = body.append_child(&notice);
}
