//! A form the page's start script (assets/start.js) painted before the wasm was loaded, from the
//! app's own markup (index.html's template): a signed-out visitor types into it at once, and the
//! app's page takes over what was typed, where the caret was, and a submit made meanwhile, so the
//! app's own code sends it. The painted form is marked `data-before-app`.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

use super::select::select_all;

const PAINTED: &str = "[data-before-app]";

/// What was done in the painted form before the app took it over (nothing, if none was painted).
#[derive(Default)]
pub struct TypedBeforeApp {
    /// Each field's id and value.
    values: Vec<(String, String)>,
    /// The field that had the focus, with its selection (start, end).
    focus: Option<(String, Option<(u32, u32)>)>,
    /// The form was submitted (the person pressed the button or Enter), if it was.
    pub submitted: Option<Submitted>,
}

/// A "Log in" pressed in the painted form.
pub enum Submitted {
    /// Sent at once by the start script: the answer to come (a `Response`, or an error if the
    /// request could not be made).
    Sent(js_sys::Promise),
    /// Left for the app to send (a session left open is to be ended first).
    ToSend,
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Whether the start script painted a form (the visitor is signed out on this device).
pub fn is_painted() -> bool {
    document()
        .and_then(|document| document.query_selector(PAINTED).ok().flatten())
        .is_some()
}

/// Reads what was typed into the painted form and takes the form down: the page calling this
/// draws its own in the same task, so the two are never both on screen (they share ids).
pub fn take_over() -> TypedBeforeApp {
    read_and_remove().unwrap_or_default()
}

fn read_and_remove() -> Option<TypedBeforeApp> {
    let document = document()?;
    let painted = document.query_selector(PAINTED).ok()??;
    let focused = document.active_element();
    let mut typed = TypedBeforeApp::default();
    for field in select_all::<HtmlInputElement>(&painted, "input") {
        if focused.as_ref() == Some(field.unchecked_ref::<Element>()) {
            let selection = field
                .selection_start()
                .ok()
                .flatten()
                .zip(field.selection_end().ok().flatten());
            typed.focus = Some((field.id(), selection));
        }
        typed.values.push((field.id(), field.value()));
    }
    typed.submitted = painted
        .query_selector("form[data-submitted]")
        .ok()
        .flatten()
        .map(|form| {
            js_sys::Reflect::get(&form, &"loginSent".into())
                .ok()
                .and_then(|sent| sent.dyn_into().ok())
                .map_or(Submitted::ToSend, Submitted::Sent)
        });
    painted.remove();
    Some(typed)
}

impl TypedBeforeApp {
    /// What was typed into the field with this id.
    pub fn value(&self, id: &str) -> String {
        self.values
            .iter()
            .find(|(field, _)| field == id)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    /// Gives the app's field with the same id the focus and the caret the painted one had.
    pub fn restore_focus(&self) {
        let Some((id, selection)) = &self.focus else {
            return;
        };
        let Some(field) = document().and_then(|document| document.get_element_by_id(id)) else {
            return;
        };
        if let Some(field) = field.dyn_ref::<HtmlElement>() {
            let _ = field.focus();
        }
        let (Ok(input), Some((start, end))) = (field.dyn_into::<HtmlInputElement>(), *selection)
        else {
            return;
        };
        // The app writes the field's value after this (which puts the caret at its end): the
        // caret goes back before the next frame, unless something was typed meanwhile.
        let typed = self.value(id);
        leptos::prelude::request_animation_frame(move || {
            if input.value() == typed {
                let _ = input.set_selection_range(start, end);
            }
        });
    }
}
