//! Whether each team dialog is open, and going somewhere from one: shared by the dialogs, what
//! opens them (the sidebar, the team menu, the keyboard) and their host. They are modal, so one
//! is open at a time.

use leptos::prelude::*;

use crate::components::drawer::use_drawer;

/// Whether each team dialog is open, shared by everything under the team page.
#[derive(Clone, Copy)]
pub struct TeamDialogs {
    pub invite_people: RwSignal<bool>,
    pub browse_channels: RwSignal<bool>,
    pub create_channel: RwSignal<bool>,
    pub direct_messages: RwSignal<bool>,
    pub switcher: RwSignal<bool>,
    pub settings: RwSignal<bool>,
}

impl TeamDialogs {
    fn each(self) -> [RwSignal<bool>; 6] {
        [
            self.invite_people,
            self.browse_channels,
            self.create_channel,
            self.direct_messages,
            self.switcher,
            self.settings,
        ]
    }

    /// Whether any is asked to be open (shown, or its frame on its way).
    pub fn any_open(self) -> bool {
        self.each().iter().any(|open| open.get())
    }

    /// Closes them all: nothing is left to open by itself later.
    pub fn close_all(self) {
        for open in self.each() {
            open.try_set(false);
        }
    }
}

/// Provides the dialogs' state to the team page.
pub fn provide_team_dialogs() -> TeamDialogs {
    let dialogs = TeamDialogs {
        invite_people: RwSignal::new(false),
        browse_channels: RwSignal::new(false),
        create_channel: RwSignal::new(false),
        direct_messages: RwSignal::new(false),
        switcher: RwSignal::new(false),
        settings: RwSignal::new(false),
    };
    provide_context(dialogs);
    dialogs
}

/// The team dialogs' state.
pub fn use_team_dialogs() -> TeamDialogs {
    expect_context::<TeamDialogs>()
}

/// Going somewhere from a dialog: on a phone the drawer it was opened from closes too, so the
/// chosen channel is in view.
pub fn use_go_from_dialog() -> impl Fn(&str) + Clone + 'static {
    let drawer = use_drawer();
    move |path: &str| {
        if let Some(drawer) = drawer {
            drawer.close();
        }
        crate::router::navigate(path);
    }
}
