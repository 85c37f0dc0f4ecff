//! A group of radio buttons under a legend, for a setting that applies as soon as it is chosen
//! (the theme, a channel's notifications). Choices are (value, label) pairs of text, so one copy
//! of the view serves every setting.

use leptos::prelude::*;

/// One radio button per `(value, label)`; `on_choose` gets the value picked.
#[component]
pub fn ChoiceGroup(
    legend: &'static str,
    /// The radio group's name (one per page).
    name: &'static str,
    choices: Vec<(&'static str, &'static str)>,
    /// The value chosen now.
    #[prop(into)]
    chosen: Signal<&'static str>,
    #[prop(into)] on_choose: Callback<&'static str>,
) -> impl IntoView {
    view! {
        <fieldset class="settings-form">
            <legend>{legend}</legend>
            {choices.into_iter().map(|(value, label)| view! {
                <label class="radio">
                    <input type="radio" name=name value=value
                        prop:checked=move || chosen.get() == value
                        on:change=move |_| on_choose.run(value)/>
                    {label}
                </label>
            }).collect_view()}
        </fieldset>
    }
}
