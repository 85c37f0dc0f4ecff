//! On a phone the sidebar is a drawer over the channel: a button in the channel's header opens
//! it, choosing a channel, Escape or a tap beside it closes it. On a wider screen the sidebar is
//! always there and the button is hidden (style/main.css).

use leptos::prelude::*;

use crate::components::dialog::on_escape_outside_dialogs;
use crate::components::icon::{Icon, IconName};

/// Whether the sidebar drawer is open.
#[derive(Clone, Copy)]
pub struct Drawer(pub RwSignal<bool>);

/// Provides the drawer's state to the team page.
pub fn provide_drawer() -> Drawer {
    let drawer = Drawer(RwSignal::new(false));
    provide_context(drawer);
    // Escape in a dialog opened from the drawer closes only the dialog.
    on_escape_outside_dialogs(move |_| drawer.close());
    open_on_swipe_from_left_edge(drawer);
    drawer
}

/// How close to the screen's left edge a swipe starts, and how far right it goes, to open the
/// drawer (as in native apps).
const EDGE_PX: i32 = 24;
const SWIPE_PX: i32 = 48;

/// Whether the sidebar is a drawer (a narrow screen, style/main.css) rather than always shown.
fn is_drawer_layout() -> bool {
    crate::browser::touch::media_matches("(max-width: 700px)")
}

fn open_on_swipe_from_left_edge(drawer: Drawer) {
    let start = StoredValue::new(None::<(i32, i32)>);
    let first_touch = |event: &web_sys::TouchEvent| {
        let touch = event.touches().get(0)?;
        Some((touch.client_x(), touch.client_y()))
    };
    let began = window_event_listener(leptos::ev::touchstart, move |event| {
        start.set_value(first_touch(&event).filter(|(x, _)| *x <= EDGE_PX));
    });
    let moved = window_event_listener(leptos::ev::touchmove, move |event| {
        let (Some((x0, y0)), Some((x, y))) = (start.get_value(), first_touch(&event)) else {
            return;
        };
        let (across, down) = (x - x0, (y - y0).abs());
        if across >= SWIPE_PX && across > down * 2 && is_drawer_layout() {
            start.set_value(None);
            drawer.0.set(true);
        }
    });
    on_cleanup(move || {
        began.remove();
        moved.remove();
    });
}

impl Drawer {
    /// Closes the drawer: a channel was chosen.
    pub fn close(self) {
        if self.0.get_untracked() {
            self.0.set(false);
        }
    }
}

/// The drawer's state, where one is provided (the team page).
pub fn use_drawer() -> Option<Drawer> {
    use_context::<Drawer>()
}

/// The button that opens the channel list on a phone.
#[component]
pub fn DrawerToggle() -> impl IntoView {
    let Some(Drawer(open)) = use_drawer() else {
        return ().into_any();
    };
    view! {
        <button
            type="button"
            class="drawer-toggle icon-button"
            aria-label="Show channels"
            aria-controls="sidebar"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.set(true)
        >
            <Icon name=IconName::Menu/>
        </button>
    }
    .into_any()
}

/// The dimmed area beside the open drawer; tapping it closes the drawer.
#[component]
pub fn DrawerBackdrop() -> impl IntoView {
    let Some(Drawer(open)) = use_drawer() else {
        return ().into_any();
    };
    view! {
        <Show when=move || open.get()>
            <div class="drawer-backdrop" aria-hidden="true" on:click=move |_| open.set(false)></div>
        </Show>
    }
    .into_any()
}
