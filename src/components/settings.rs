//! The Settings dialog, as Mattermost keeps it (a modal, opened from the team menu): my profile,
//! my password and sessions, and the theme, each on a tab of its own.

use brisk_model::rules::{password_problem, position_problem, profile_name_problem};
use brisk_model::UserPatch;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::actions::{self, ApiError};
use crate::async_state::AsyncAction;
use crate::components::choice_group::ChoiceGroup;
use crate::components::form_field::TextField;
use crate::state::{effect, memo, use_store};
use crate::store::Theme;

/// The dialog's tabs, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Profile,
    Security,
    Display,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Profile, Tab::Security, Tab::Display];

    fn label(self) -> &'static str {
        match self {
            Tab::Profile => "Profile",
            Tab::Security => "Security",
            Tab::Display => "Display",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Profile => "settings-tab-profile",
            Tab::Security => "settings-tab-security",
            Tab::Display => "settings-tab-display",
        }
    }

    /// The tab `step` places away, wrapping around (arrow keys move along the tab list).
    fn moved(self, step: isize) -> Tab {
        let at = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        let count = Tab::ALL.len() as isize;
        Tab::ALL[(at + step).rem_euclid(count) as usize]
    }
}

/// The dialog's content: the tab list and the chosen tab's panel.
#[component]
pub fn Settings() -> impl IntoView {
    let chosen = RwSignal::new(Tab::Profile);
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let step = match event.key().as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            _ => return,
        };
        event.prevent_default();
        let next = chosen.get_untracked().moved(step);
        chosen.set(next);
        if let Some(tab) = document().get_element_by_id(next.id()) {
            if let Ok(tab) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(tab) {
                let _ = tab.focus();
            }
        }
    };
    view! {
        <div class="settings">
            <div class="settings-tabs" role="tablist" aria-label="Settings" on:keydown=on_keydown>
                {Tab::ALL.into_iter().map(|tab| view! {
                    <button type="button" role="tab" id=tab.id() class="settings-tab"
                        aria-selected=move || (chosen.get() == tab).to_string()
                        aria-controls="settings-panel"
                        tabindex=move || if chosen.get() == tab { "0" } else { "-1" }
                        on:click=move |_| chosen.set(tab)>
                        {tab.label()}
                    </button>
                }).collect_view()}
            </div>
            <div class="settings-panel dialog-body" id="settings-panel" role="tabpanel"
                aria-labelledby=move || chosen.get().id()>
                {move || match chosen.get() {
                    Tab::Profile => view! { <ProfileSettings/> }.into_any(),
                    Tab::Security => view! { <SecuritySettings/> }.into_any(),
                    Tab::Display => view! { <DisplaySettings/> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// The answer of an action as the line under its form shows it.
fn outcome_text(result: Option<&Result<(), ApiError>>, done: &str) -> Option<(bool, String)> {
    match result? {
        Ok(()) => Some((true, done.to_string())),
        Err(error) => Some((false, error.user_message())),
    }
}

/// A form's outcome: a quiet status when it worked, an alert when it did not.
#[component]
fn Outcome(action_value: Signal<Option<(bool, String)>>) -> impl IntoView {
    move || {
        action_value.get().map(|(worked, text)| {
            if worked {
                view! { <p class="dialog-status" role="status">{text}</p> }.into_any()
            } else {
                view! { <p class="form-error" role="alert">{text}</p> }.into_any()
            }
        })
    }
}

#[component]
fn ProfileSettings() -> impl IntoView {
    let store = use_store();
    let me = store.with_untracked(|s| s.me.clone()).unwrap_or_default();
    let first_name = RwSignal::new(me.first_name);
    let last_name = RwSignal::new(me.last_name);
    let nickname = RwSignal::new(me.nickname);
    let position = RwSignal::new(me.position);
    let name_problem = |value: RwSignal<String>| {
        Signal::derive(move || profile_name_problem(&value.get()).map(|p| p.to_string()))
    };
    let position_shown =
        Signal::derive(move || position_problem(&position.get()).map(|p| p.to_string()));
    let problems = [
        name_problem(first_name),
        name_problem(last_name),
        name_problem(nickname),
        position_shown,
    ];
    let save = AsyncAction::new(move |patch: &UserPatch| {
        let patch = patch.clone();
        async move { actions::settings::save_profile(store, &patch).await }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if save.pending_untracked() || problems.iter().any(|p| p.with_untracked(Option::is_some)) {
            return;
        }
        let trimmed = |value: RwSignal<String>| Some(value.get_untracked().trim().to_string());
        save.dispatch(UserPatch {
            first_name: trimmed(first_name),
            last_name: trimmed(last_name),
            nickname: trimmed(nickname),
            position: trimmed(position),
            ..UserPatch::default()
        });
    };
    let outcome = Signal::derive(move || {
        save.value()
            .with(|v| outcome_text(v.as_ref(), "Profile saved."))
    });
    view! {
        <form class="settings-form" on:submit=on_submit>
            <h3>"Profile"</h3>
            <p class="field-hint">"Messages show your username; your full name shows where people find you (members, direct messages, Ctrl+K)."</p>
            <TextField id="profile-first-name" label="First name" value=first_name problem=problems[0] autocomplete="given-name"/>
            <TextField id="profile-last-name" label="Last name" value=last_name problem=problems[1] autocomplete="family-name"/>
            <TextField id="profile-nickname" label="Nickname" value=nickname problem=problems[2] autocomplete="nickname"/>
            <TextField id="profile-position" label="Position" value=position problem=position_shown
                autocomplete="organization-title" hint="Your role or job title."/>
            <Outcome action_value=outcome/>
            <div class="dialog-actions">
                <button type="submit" disabled=move || save.pending()>"Save profile"</button>
            </div>
        </form>
    }
}

#[component]
fn SecuritySettings() -> impl IntoView {
    let store = use_store();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let retyped = RwSignal::new(String::new());
    // Problems show once a change was tried, then follow the typing.
    let tried = RwSignal::new(false);
    let new_shown = Signal::derive(move || {
        tried
            .get()
            .then(|| password_problem(&new.get()).map(|p| p.to_string()))
            .flatten()
    });
    let retyped_shown = Signal::derive(move || {
        (tried.get() && retyped.get() != new.get())
            .then(|| "The two new passwords differ.".to_string())
    });
    let change = AsyncAction::new(move |(current, new): &(String, String)| {
        let (current, new) = (current.clone(), new.clone());
        async move { actions::settings::change_password(&current, &new).await }
    });
    // Only a change that worked clears the form: after a refusal everything typed stays.
    effect(move || {
        if let Some(Ok(())) = change.value().get() {
            for field in [current, new, retyped] {
                field.set(String::new());
            }
            tried.set(false);
        }
    });
    let on_change = move |event: SubmitEvent| {
        event.prevent_default();
        tried.set(true);
        if change.pending_untracked()
            || new_shown.with_untracked(Option::is_some)
            || retyped_shown.with_untracked(Option::is_some)
        {
            return;
        }
        change.dispatch((current.get_untracked(), new.get_untracked()));
    };
    let changed = Signal::derive(move || {
        change.value().with(|v| {
            outcome_text(
                v.as_ref(),
                "Password changed. Your other sessions have been logged out.",
            )
        })
    });

    let confirm_password = RwSignal::new(String::new());
    let log_out_others = AsyncAction::new(move |password: &String| {
        let password = password.clone();
        async move { actions::settings::log_out_other_sessions(store, &password).await }
    });
    effect(move || {
        if let Some(Ok(())) = log_out_others.value().get() {
            confirm_password.set(String::new());
        }
    });
    let on_log_out_others = move |event: SubmitEvent| {
        event.prevent_default();
        if !log_out_others.pending_untracked() {
            log_out_others.dispatch(confirm_password.get_untracked());
        }
    };
    let logged_out = Signal::derive(move || {
        log_out_others.value().with(|v| {
            outcome_text(
                v.as_ref(),
                "Every other session has been logged out; this one stays.",
            )
        })
    });
    let no_problem = Signal::derive(|| None::<String>);
    view! {
        <form class="settings-form" on:submit=on_change>
            <h3>"Change password"</h3>
            <TextField id="current-password" label="Current password" value=current problem=no_problem
                input_type="password" autocomplete="current-password"/>
            <TextField id="new-password" label="New password" value=new problem=new_shown
                input_type="password" autocomplete="new-password" hint="At least 8 characters."/>
            <TextField id="retyped-password" label="Retype the new password" value=retyped problem=retyped_shown
                input_type="password" autocomplete="new-password"/>
            <Outcome action_value=changed/>
            <div class="dialog-actions">
                <button type="submit" disabled=move || change.pending()>"Change password"</button>
            </div>
        </form>
        <form class="settings-form" on:submit=on_log_out_others>
            <h3>"Sessions"</h3>
            <p class="field-hint">"Signed in somewhere you no longer use? Log out everywhere but here."</p>
            <TextField id="sessions-password" label="Your password" value=confirm_password problem=no_problem
                input_type="password" autocomplete="current-password"/>
            <Outcome action_value=logged_out/>
            <div class="dialog-actions">
                <button type="submit" disabled=move || log_out_others.pending()>"Log out all other sessions"</button>
            </div>
        </form>
    }
}

#[component]
fn DisplaySettings() -> impl IntoView {
    let store = use_store();
    let theme = memo(move || store.with(|s| s.theme));
    let choose = AsyncAction::new(move |theme: &Theme| {
        let theme = *theme;
        async move { actions::settings::set_theme(store, theme).await }
    });
    let failure = move || {
        choose
            .value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };
    view! {
        <ChoiceGroup legend="Theme" name="theme"
            choices=Theme::ALL.iter().map(|t| (t.value(), t.label())).collect()
            chosen=Signal::derive(move || theme.get().value())
            on_choose=move |value| { choose.dispatch(Theme::from_value(value)); }/>
        {move || failure().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
    }
}

#[cfg(test)]
mod tests {
    use super::Tab;

    #[test]
    fn arrow_keys_wrap_around_the_tabs() {
        assert_eq!(Tab::Profile.moved(1), Tab::Security);
        assert_eq!(Tab::Display.moved(1), Tab::Profile);
        assert_eq!(Tab::Profile.moved(-1), Tab::Display);
    }
}
