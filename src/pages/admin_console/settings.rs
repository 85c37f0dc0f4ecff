//! The console's Settings section: the site's name, link previews, and the per-session rate
//! limit. Saved ones apply at once.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::console::{self, ConsoleSignal};
use crate::store::console::ConsoleSettings;

#[component]
pub fn Settings(console: ConsoleSignal) -> impl IntoView {
    move || {
        console
            .with(|c| c.settings.clone())
            .map(|settings| view! { <SettingsForm console settings/> })
    }
}

#[component]
fn SettingsForm(console: ConsoleSignal, settings: ConsoleSettings) -> impl IntoView {
    let site_name = RwSignal::new(settings.site_name);
    let link_previews = RwSignal::new(settings.link_previews);
    let rate_limit = RwSignal::new(settings.rate_limit);
    let per_second = RwSignal::new(settings.per_second.to_string());
    let burst = RwSignal::new(settings.burst.to_string());
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let number = |text: String| text.trim().parse().unwrap_or(0);
        let chosen = ConsoleSettings {
            site_name: site_name.get_untracked(),
            link_previews: link_previews.get_untracked(),
            rate_limit: rate_limit.get_untracked(),
            per_second: number(per_second.get_untracked()),
            burst: number(burst.get_untracked()),
        };
        spawn_local(console::save_settings(console, chosen));
    };
    view! {
        <section class="console-section" aria-labelledby="console-settings">
            <h2 id="console-settings">"Settings"</h2>
            <form class="console-panel" on:submit=on_submit>
                <label for="site-name">"Site name"</label>
                <input id="site-name" type="text" maxlength="30" required bind:value=site_name/>
                <label class="console-check">
                    <input type="checkbox" bind:checked=link_previews/>
                    "Show previews of linked web pages"
                </label>
                <label class="console-check">
                    <input type="checkbox" bind:checked=rate_limit/>
                    "Limit how fast each session may call the server"
                </label>
                <label for="rate-per-second">"Requests per second"</label>
                <input id="rate-per-second" type="number" min="1" max="10000" required bind:value=per_second/>
                <label for="rate-burst">"Requests at once (burst)"</label>
                <input id="rate-burst" type="number" min="1" max="100000" required bind:value=burst/>
                <button type="submit">"Save settings"</button>
            </form>
        </section>
    }
}
