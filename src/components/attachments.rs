//! The files a post carries: pictures as thumbnails that open a larger preview, other files as
//! download links with their name and size.

use crate::state::effect;
use brisk_model::FileInfo;
use leptos::prelude::*;

use crate::actions::uploads::{file_url, preview_url, thumbnail_url};
use crate::components::dialog::Dialog;
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::store::files::{is_image, readable_size};

#[component]
pub fn Attachments(files: Vec<FileInfo>) -> impl IntoView {
    let previewing = RwSignal::new(None::<FileInfo>);
    let preview_open = RwSignal::new(false);
    effect(move || {
        if !preview_open.get() {
            previewing.set(None);
        }
    });
    let shown = files
        .into_iter()
        .map(|file| {
            if is_image(&file) {
                let label = format!("Preview {}", file.name);
                let thumbnail = thumbnail_url(&file.id);
                let name = file.name.clone();
                view! {
                    <button
                        type="button"
                        class="file-image"
                        aria-label=label
                        on:click=move |_| {
                            previewing.set(Some(file.clone()));
                            preview_open.set(true);
                        }
                    >
                        <img src=thumbnail alt=name loading="lazy"/>
                    </button>
                }
                .into_any()
            } else {
                view! { <FileLink file=file/> }.into_any()
            }
        })
        .collect_view();

    view! {
        <div class="attachments" data-testid="attachments">{shown}</div>
        <Show when=move || preview_open.get()>
            <LazyView view=file_preview(previewing, preview_open)/>
        </Show>
    }
}

lazy_view! {
    /// A picture's larger preview, in a dialog: its code (the dialog's) loads when a picture is
    /// first opened, or while the app is idle.
    pub(crate) fn file_preview(previewing: RwSignal<Option<FileInfo>>, open: RwSignal<bool>) {
        view! {
            <Dialog
                id="file-preview"
                title=Signal::derive(move || previewing.with(|f| f.as_ref().map(|f| f.name.clone()).unwrap_or_default()))
                open=open
            >
                {move || previewing.get().map(|file| view! {
                    <div class="dialog-body file-preview">
                        <img src=preview_url(&file.id) alt=file.name.clone()/>
                        <FileLink file=file/>
                    </div>
                })}
            </Dialog>
        }
    }
}

/// A file to download: its name as the link, then its size.
#[component]
fn FileLink(file: FileInfo) -> impl IntoView {
    view! {
        <span class="file-link">
            <a href=file_url(&file.id, true) download=file.name.clone()>{file.name.clone()}</a>
            " "
            <span class="file-size">{readable_size(file.size)}</span>
        </span>
    }
}
