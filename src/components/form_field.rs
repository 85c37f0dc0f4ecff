//! A labelled text input with its hint and its problem, tied together for screen readers
//! (`aria-describedby`, `aria-invalid`).

use leptos::prelude::*;

/// One text field of a form. `problem` is shown under it and marks it invalid.
#[component]
pub fn TextField(
    /// The input's id; the hint and problem ids derive from it.
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] problem: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autofocus: bool,
    #[prop(optional)] node_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let problem_id = format!("{id}-problem");
    let described_by = {
        let (hint_id, problem_id) = (hint_id.clone(), problem_id.clone());
        move || {
            let ids: Vec<&str> = [
                hint.is_some().then_some(hint_id.as_str()),
                problem.with(Option::is_some).then_some(problem_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                autocapitalize="none"
                spellcheck="false"
                autofocus=autofocus
                node_ref=node_ref
                aria-invalid=move || problem.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                bind:value=value
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {move || problem.get().map(|message| view! {
                <p class="field-problem" id=problem_id.clone()>{message}</p>
            })}
        </div>
    }
}
