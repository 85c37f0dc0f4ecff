//! Waiting for the browser to paint what changed.

use std::time::Duration;

use futures::channel::oneshot;
use futures::FutureExt;
use gloo_timers::future::sleep;

/// The longest wait: a hidden tab paints nothing, and the work must still happen.
const AT_MOST: Duration = Duration::from_millis(100);

/// Resolves once the browser has painted the page as it is now (or after `AT_MOST`). Work that
/// need not hold up what the reader sees, such as starting a request whose answer comes later
/// anyway, waits for it: a `fetch` costs the page's thread a few milliseconds.
pub async fn after_paint() {
    let (painted, paint) = oneshot::channel();
    leptos::prelude::request_animation_frame(move || {
        // A frame's callbacks run before it is painted; a task they queue runs after.
        leptos::prelude::set_timeout(
            move || {
                let _ = painted.send(());
            },
            Duration::ZERO,
        );
    });
    futures::select! {
        _ = paint.fuse() => {}
        _ = sleep(AT_MOST).fuse() => {}
    }
}
