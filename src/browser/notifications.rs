//! Desktop notifications for mentions and direct messages while the tab is hidden. The browser
//! asks for permission only when the person presses the button offering them (never on load).

use leptos::prelude::{document, window};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

use crate::store::Notice;

/// Whether this browser has desktop notifications at all.
pub fn supported() -> bool {
    js_sys::Reflect::has(&window(), &"Notification".into()).unwrap_or(false)
}

/// The permission as it stands.
pub fn permission() -> NotificationPermission {
    if supported() {
        Notification::permission()
    } else {
        NotificationPermission::Denied
    }
}

/// Asks the browser for permission (call from a click) and returns the answer.
pub async fn ask_permission() -> NotificationPermission {
    let Ok(promise) = Notification::request_permission() else {
        return permission();
    };
    let _ = JsFuture::from(promise).await;
    permission()
}

/// Shows `notice` if the tab is hidden and notifications are allowed; clicking it brings the
/// app forward at `path`. Through the service worker where there is one (phones allow no other
/// way), else directly.
pub fn show(notice: &Notice, path: String) {
    if !document().hidden() || permission() != NotificationPermission::Granted {
        return;
    }
    let options = NotificationOptions::new();
    options.set_body(&notice.body);
    options.set_tag(&notice.tag);
    options.set_icon("/icon.svg");
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"path".into(), &JsValue::from_str(&path));
    options.set_data(&data);
    let title = notice.title.clone();
    let worker = window().navigator().service_worker();
    let controlled = worker.controller().is_some();
    wasm_bindgen_futures::spawn_local(async move {
        if controlled {
            if let Ok(ready) = worker.ready() {
                if let Ok(registration) = JsFuture::from(ready).await {
                    let registration: web_sys::ServiceWorkerRegistration =
                        registration.unchecked_into();
                    if let Ok(shown) = registration.show_notification_with_options(&title, &options)
                    {
                        let _ = JsFuture::from(shown).await;
                        return;
                    }
                }
            }
        }
        if let Ok(notification) = Notification::new_with_options(&title, &options) {
            let on_click = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                let _ = window().focus();
                let _ = window().location().set_href(&path);
            });
            notification.set_onclick(Some(on_click.as_ref().unchecked_ref()));
            // Lives as long as the page: a notification can be clicked long after it showed.
            on_click.forget();
        }
    });
}
