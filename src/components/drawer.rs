//! On a phone the sidebar is a drawer over the channel: a button in the channel's header opens
//! it, choosing a channel, Escape or a tap beside it closes it. On a wider screen the sidebar is
//! always there and the button is hidden (style/main.css).

use leptos::prelude::*;

use crate::components::dialog::on_escape_outside_dialogs;

/// Whether the sidebar drawer is open.
#[derive(Clone, Copy)]
pub struct Drawer(pub RwSignal<bool>);

/// Provides the drawer's state to the team page.
pub fn provide_drawer() -> Drawer {
    let drawer = Drawer(RwSignal::new(false));
    provide_context(drawer);
    // Escape in a dialog opened from the drawer closes only the dialog.
    on_escape_outside_dialogs(move |_| drawer.close());
    drawer
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
            <span aria-hidden="true">"☰"</span>
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
