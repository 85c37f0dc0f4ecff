//! The console's Slack import: pick an export (zip) and a team; the zip goes up with its
//! progress shown, the server imports it (all or nothing) and the console shows how far it is,
//! then what came in and what was skipped, or why it failed.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::state::memo;
use leptos::task::spawn_local;

use crate::actions::console::{self, ConsoleSignal};
use crate::store::console::ImportProgress;

#[component]
pub fn SlackImport(console: ConsoleSignal) -> impl IntoView {
    let file_input = NodeRef::<leptos::html::Input>::new();
    let first_team = console.with_untracked(|c| c.teams.first().map(|team| team.name.clone()));
    let team = RwSignal::new(first_team.unwrap_or_default());
    let running =
        memo(move || console.with(|c| c.import.as_ref().is_some_and(ImportProgress::is_running)));
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let chosen = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = chosen {
            spawn_local(console::import_slack(console, file, team.get_untracked()));
        }
    };
    view! {
        <section class="console-section" aria-labelledby="console-import">
            <h2 id="console-import">"Import from Slack"</h2>
            <form class="console-panel" on:submit=on_submit>
                <p>
                    "A Slack export (Workspace settings → Import/Export data → Export). Running the \
                     same export again changes nothing; a later export adds what is new."
                </p>
                <label for="import-file">"Slack export (.zip)"</label>
                <input id="import-file" type="file" accept=".zip,application/zip" required
                    node_ref=file_input/>
                <label for="import-team">"Into team"</label>
                <select id="import-team" required
                    prop:value=move || team.get()
                    on:change=move |event| team.set(event_target_value(&event))>
                    <For
                        each=move || console.with(|c| c.teams.clone())
                        key=|team| (team.id.clone(), team.update_at)
                        let:choice
                    >
                        <option value=choice.name.clone()>{choice.display_name.clone()}</option>
                    </For>
                </select>
                <button type="submit" disabled=move || running.get()>"Import"</button>
            </form>
            <ImportStatus console/>
        </section>
    }
}

/// How far the import is, then its summary or its error.
#[component]
fn ImportStatus(console: ConsoleSignal) -> impl IntoView {
    move || {
        console.with(|c| c.import.clone()).map(|progress| match progress {
            ImportProgress::Uploading(percent) => {
                step("Uploading the export…", "Upload", percent).into_any()
            }
            ImportProgress::Importing(percent) => {
                step("Importing…", "Import", percent).into_any()
            }
            ImportProgress::Finished(summary) => view! {
                <div class="console-panel" role="status">
                    <p>"Import finished."</p>
                    <ul class="console-import-summary">
                        {summary.lines().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
            ImportProgress::Failed(why) => view! {
                <p class="form-error" role="alert">{format!("The import failed: {why}")}</p>
            }
            .into_any(),
        })
    }
}

/// A step under way, with its percent as a progress bar and as words.
fn step(text: &'static str, label: &'static str, percent: u8) -> impl IntoView {
    view! {
        <p role="status">{format!("{text} {percent}%")}</p>
        <progress max="100" value=percent.to_string() aria-label=label></progress>
    }
}
