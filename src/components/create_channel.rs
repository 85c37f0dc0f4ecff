//! "Create new channel": a name, the URL derived from it as Mattermost does (editable), public or
//! private, and an optional purpose.

use brisk_model::rules::{channel_url_from_display_name, CHANNEL_PURPOSE_MAX};
use brisk_model::{channel_type, CreateChannelRequest};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::actions::{self, ApiError};
use crate::async_state::AsyncAction;
use crate::components::form_field::TextField;
use crate::components::team_dialog_state::{use_go_from_dialog, use_team_dialogs};
use crate::state::{effect, use_store};
use crate::validation::{channel_display_name_problem, channel_url_problem};

/// Which field a refusal from the server is about.
fn refusal_is_about_url(error_id: &str) -> bool {
    error_id.contains("exists") || error_id.contains("is_valid.1_or_more")
}

#[component]
pub fn CreateChannel(team_id: String) -> impl IntoView {
    let store = use_store();
    let dialogs = use_team_dialogs();
    let navigate = use_go_from_dialog();
    let display_name = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    // Until someone edits the URL, it follows the name.
    let url_edited = RwSignal::new(false);
    effect(move || {
        let derived = channel_url_from_display_name(&display_name.get());
        if !url_edited.get_untracked() {
            url.set(derived);
        }
    });
    let private = RwSignal::new(false);
    let purpose = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let refused = RwSignal::new(None::<(bool, String)>);

    let name_problem = Signal::derive(move || {
        tried
            .get()
            .then(|| channel_display_name_problem(&display_name.get()))
            .flatten()
    });
    let url_problem = Signal::derive(move || {
        let local = (tried.get() || url_edited.get())
            .then(|| channel_url_problem(&url.get()))
            .flatten();
        local.or_else(|| {
            refused.with(|r| {
                r.as_ref()
                    .filter(|(about_url, _)| *about_url)
                    .map(|(_, m)| m.clone())
            })
        })
    });
    let form_problem = move || {
        refused.with(|r| {
            r.as_ref()
                .filter(|(about_url, _)| !about_url)
                .map(|(_, m)| m.clone())
        })
    };

    let team_name = store.with_untracked(|s| s.team_name(&team_id));
    let create = AsyncAction::new(move |request: &CreateChannelRequest| {
        let request = request.clone();
        async move { actions::channels::create(store, &request).await }
    });
    {
        let team_name = team_name.clone();
        effect(move || match create.value().get() {
            Some(Ok(channel)) => {
                dialogs.create_channel.set(false);
                navigate(&format!("/{team_name}/channels/{}", channel.name));
            }
            Some(Err(ApiError::Server(error))) => {
                let about_url = refusal_is_about_url(&error.id);
                let message = if error.id.contains("exists") {
                    "A channel with that URL already exists.".to_string()
                } else {
                    ApiError::Server(error).user_message()
                };
                refused.set(Some((about_url, message)));
            }
            Some(Err(error)) => refused.set(Some((false, error.user_message()))),
            None => {}
        });
    }

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        tried.set(true);
        refused.set(None);
        let problems = channel_display_name_problem(&display_name.get_untracked())
            .or_else(|| channel_url_problem(&url.get_untracked()));
        if problems.is_some() || create.pending_untracked() {
            return;
        }
        create.dispatch(CreateChannelRequest {
            team_id: team_id.clone(),
            name: url.get_untracked(),
            display_name: display_name.get_untracked().trim().to_string(),
            purpose: purpose.get_untracked().trim().to_string(),
            header: String::new(),
            channel_type: if private.get_untracked() {
                channel_type::PRIVATE
            } else {
                channel_type::OPEN
            }
            .into(),
        });
    };

    view! {
        <form class="dialog-body" on:submit=on_submit novalidate>
            <TextField id="channel-name" label="Name" value=display_name problem=name_problem autofocus=true/>
            <div class="field">
                <label for="channel-url">"URL"</label>
                <div class="url-input">
                    <span class="url-prefix" aria-hidden="true">{format!("/{team_name}/channels/")}</span>
                    <input id="channel-url" type="text" autocomplete="off" autocapitalize="none" spellcheck="false"
                        aria-invalid=move || url_problem.with(Option::is_some).then_some("true")
                        aria-describedby=move || url_problem.with(Option::is_some).then_some("channel-url-problem")
                        prop:value=move || url.get()
                        on:input=move |event| {
                            url_edited.set(true);
                            url.set(event_target_value(&event).to_lowercase().replace(char::is_whitespace, "-"));
                        }/>
                </div>
                {move || url_problem.get().map(|m| view! { <p class="field-problem" id="channel-url-problem">{m}</p> })}
            </div>
            <fieldset class="field channel-type">
                <legend>"Who can join"</legend>
                <label><input type="radio" name="channel-type" prop:checked=move || !private.get()
                    on:change=move |_| private.set(false)/>" Public: anyone in the team"</label>
                <label><input type="radio" name="channel-type" prop:checked=move || private.get()
                    on:change=move |_| private.set(true)/>" Private: only people invited"</label>
            </fieldset>
            <div class="field">
                <label for="channel-purpose">"Purpose (optional)"</label>
                <textarea id="channel-purpose" rows="2" maxlength=CHANNEL_PURPOSE_MAX bind:value=purpose></textarea>
            </div>
            {move || form_problem().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| dialogs.create_channel.set(false)>"Cancel"</button>
                <button type="submit" disabled=move || create.pending()>"Create channel"</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_taken_or_invalid_url_is_reported_at_the_url() {
        assert!(super::refusal_is_about_url(
            "store.sql_channel.save_channel.exists.app_error"
        ));
        assert!(super::refusal_is_about_url(
            "model.channel.is_valid.1_or_more.app_error"
        ));
        assert!(!super::refusal_is_about_url(
            "api.context.permissions.app_error"
        ));
    }
}
