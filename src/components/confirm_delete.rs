//! The "delete this message?" question, as a modal dialog: focus moves into it, Escape or
//! Cancel closes it, and nothing is deleted without the explicit button.

use brisk_model::Post;
use leptos::prelude::*;

use crate::actions;
use crate::async_state::AsyncAction;
use crate::components::dialog::Dialog;
use crate::components::lazy_view::lazy_view;
use crate::state::use_store;

lazy_view! {
    /// The question's code loads as it is first asked (or while the app is idle).
    pub(crate) fn confirm_delete(post: Post, open: RwSignal<bool>) {
        view! { <ConfirmDelete post open/> }
    }
}

#[component]
fn ConfirmDelete(post: Post, open: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    let delete = AsyncAction::new(move |post: &Post| {
        let post = post.clone();
        async move { actions::posts::delete_post(store, post).await }
    });
    let problem = move || {
        delete.value().with(|result| match result {
            Some(Err(error)) => Some(format!("Not deleted. {}", error.user_message())),
            _ => None,
        })
    };
    let has_replies = post.reply_count > 0;
    let post = StoredValue::new(post);

    view! {
        <Dialog id="confirm-delete" title="Delete message".to_string() open=open>
            <div class="dialog-body">
            <p>
                "Are you sure you want to delete this message? "
                {has_replies.then_some("Its replies are deleted with it. ")}
                "This cannot be undone."
            </p>
            {move || problem().map(|message| view! { <p class="composer-problem" role="alert">{message}</p> })}
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                <button
                    type="button"
                    class="danger"
                    disabled=move || delete.pending()
                    on:click=move |_| { delete.dispatch(post.get_value()); }
                >"Delete"</button>
            </div>
            </div>
        </Dialog>
    }
}
