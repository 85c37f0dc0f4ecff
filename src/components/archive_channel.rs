//! "Archive this channel?": the question before archiving, from the channel's menu or from the
//! channel browser. Nothing is archived without its explicit button.

use leptos::prelude::*;

use crate::actions::{self, ApiError};
use crate::async_state::AsyncAction;
use crate::components::dialog::Dialog;
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::state::{effect, use_store};

#[component]
pub fn ArchiveChannel(
    /// Ids the dialog (each place that asks has its own).
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    /// The channel to archive once the button is pressed.
    #[prop(into)]
    channel_id: Signal<String>,
    open: RwSignal<bool>,
    /// Runs with the channel's id once the server has archived it.
    #[prop(optional)]
    on_archived: Option<Callback<String>>,
) -> impl IntoView {
    view! {
        <Dialog id=id title=title open=open>
            <LazyView view=archive_question(channel_id, open, on_archived)/>
        </Dialog>
    }
}

lazy_view! {
    /// The question's code loads as it is first asked (or while the app is idle).
    pub(crate) fn archive_question(
        channel_id: Signal<String>,
        open: RwSignal<bool>,
        on_archived: Option<Callback<String>>,
    ) {
        view! { <ArchiveQuestion channel_id open on_archived/> }
    }
}

#[component]
fn ArchiveQuestion(
    channel_id: Signal<String>,
    open: RwSignal<bool>,
    on_archived: Option<Callback<String>>,
) -> impl IntoView {
    let store = use_store();
    let archive = AsyncAction::new(move |channel_id: &String| {
        let channel_id = channel_id.clone();
        async move {
            actions::channels::archive(store, &channel_id).await?;
            Ok::<_, ApiError>(channel_id)
        }
    });
    let failure = move || {
        archive
            .value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };
    effect(move || {
        if let Some(Ok(channel_id)) = archive.value().get() {
            open.set(false);
            if let Some(on_archived) = on_archived {
                on_archived.run(channel_id);
            }
        }
    });
    view! {
        <div class="dialog-body">
            <p>"Nobody will be able to post in it any more. Its messages stay readable: find it under "
               <strong>"Browse channels → Archived channels"</strong>"."</p>
            {move || failure().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="button" class="danger" disabled=move || archive.pending()
                    on:click=move |_| { archive.dispatch(channel_id.get_untracked()); }>"Archive channel"</button>
            </div>
        </div>
    }
}
