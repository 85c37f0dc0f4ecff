//! Icons drawn inline as SVG strokes in the text's colour, so they show the same on every device
//! (an emoji glyph is an empty box where the device has no emoji font). An icon is decoration:
//! the button it sits in carries the accessible name.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Attach,
    Close,
    Menu,
    More,
    People,
    Search,
    Send,
}

impl IconName {
    /// The strokes, on a 24×24 grid.
    fn path(self) -> &'static str {
        match self {
            IconName::Attach => {
                "M20 11.5 12.2 19.3a5 5 0 0 1-7.1-7.1l8-8a3.3 3.3 0 0 1 4.7 4.7l-8 8a1.7 1.7 0 0 1-2.4-2.4l7.3-7.3"
            }
            IconName::Close => "M6 6l12 12M18 6 6 18",
            IconName::Menu => "M4 6.5h16M4 12h16M4 17.5h16",
            IconName::More => "M5.5 12h.01M12 12h.01M18.5 12h.01",
            IconName::People => "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20a6.5 6.5 0 0 1 13 0M16 4.3a3.5 3.5 0 0 1 0 6.4M18.5 14.5a6.5 6.5 0 0 1 3 5.5",
            IconName::Search => "M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM15.3 15.3 20 20",
            IconName::Send => "M4 12 20 4l-4 16-4.5-6.5zM11.5 13.5 20 4",
        }
    }
}

#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    let dots = name == IconName::More;
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width=if dots { "3.5" } else { "2" }
            stroke-linecap="round" stroke-linejoin="round">
            <path d=name.path()/>
        </svg>
    }
}
