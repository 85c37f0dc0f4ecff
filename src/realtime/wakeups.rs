//! What the browser knows before the socket does: the network went away or came back, or the tab
//! was shown again (after which a sleeping laptop's socket may be silently dead).

use futures::channel::mpsc;
use futures::stream::{FusedStream, Stream};
use std::pin::Pin;
use std::task::{Context, Poll};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A browser event that should change what the socket does now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wakeup {
    Online,
    Offline,
    Visible,
}

/// Whether the browser believes it has a network (`navigator.onLine`).
pub fn online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}

/// An event listener, removed when the `Wakeups` holding it goes.
struct Listener {
    target: web_sys::EventTarget,
    name: &'static str,
    closure: Closure<dyn FnMut()>,
}

/// The browser's `online`, `offline` and `visibilitychange` events as a stream, for as long as
/// this lives.
pub struct Wakeups {
    receiver: mpsc::UnboundedReceiver<Wakeup>,
    listeners: Vec<Listener>,
}

impl Wakeups {
    pub fn listen() -> Self {
        let (sender, receiver) = mpsc::unbounded();
        let mut wakeups = Self {
            receiver,
            listeners: Vec::new(),
        };
        let Some(window) = web_sys::window() else {
            return wakeups;
        };
        let document = window.document();
        let send = move |wakeup: Option<Wakeup>| {
            if let Some(wakeup) = wakeup {
                let _ = sender.unbounded_send(wakeup);
            }
        };
        {
            let send = send.clone();
            wakeups.add(&window, "online", move || send(Some(Wakeup::Online)));
        }
        {
            let send = send.clone();
            wakeups.add(&window, "offline", move || send(Some(Wakeup::Offline)));
        }
        if let Some(document) = document {
            let target = document.clone();
            wakeups.add(&target, "visibilitychange", move || {
                send((!document.hidden()).then_some(Wakeup::Visible));
            });
        }
        wakeups
    }

    fn add(
        &mut self,
        target: &web_sys::EventTarget,
        name: &'static str,
        handler: impl FnMut() + 'static,
    ) {
        let closure = Closure::<dyn FnMut()>::new(handler);
        if target
            .add_event_listener_with_callback(name, closure.as_ref().unchecked_ref())
            .is_ok()
        {
            self.listeners.push(Listener {
                target: target.clone(),
                name,
                closure,
            });
        }
    }
}

impl Stream for Wakeups {
    type Item = Wakeup;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Wakeup>> {
        Pin::new(&mut self.receiver).poll_next(cx)
    }
}

impl FusedStream for Wakeups {
    fn is_terminated(&self) -> bool {
        self.receiver.is_terminated()
    }
}

impl Drop for Wakeups {
    fn drop(&mut self) {
        for listener in &self.listeners {
            let _ = listener.target.remove_event_listener_with_callback(
                listener.name,
                listener.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
