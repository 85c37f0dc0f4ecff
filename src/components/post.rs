//! One message in the list: author header (first of a group), time, rendered text, and the
//! pending / failed state of a message the reader sent.

use leptos::prelude::*;

use crate::actions;
use crate::browser::time;
use crate::components::attachments::Attachments;
use crate::components::confirm_delete::ConfirmDelete;
use crate::components::copy_link_button::CopyLinkButton;
use crate::components::link_preview::LinkPreview;
use crate::components::mark_unread_button::MarkUnreadButton;
use crate::components::post_editor::PostEditor;
use crate::components::reactions::Reactions;
use crate::markdown;
use crate::state::use_store;
use crate::store::link_preview::link_preview;
use crate::store::{PostRow, PostState};

/// `in_thread`: shown in the thread pane, where the reply count and Reply make no sense.
#[component]
pub fn Post(row: PostRow, #[prop(optional)] in_thread: bool) -> impl IntoView {
    let store = use_store();
    let PostRow {
        post,
        state,
        starts_group,
        starts_day,
    } = row;

    let author_post = post.clone();
    let author = Memo::new(move |_| store.with(|s| s.author(&author_post)));
    let html = store.with_untracked(|s| markdown::render_for_reader(s, &post.message));
    let mentions_me = html.contains("mention-me");
    let mine = store.with_untracked(|s| s.my_id() == post.user_id);
    // A permalink's post: highlighted for a moment (style/main.css) and focusable, so the list
    // can put the reader's focus on it.
    let highlighted = store.with_untracked(|s| s.is_highlighted(&post.id));
    let editing = {
        let id = post.id.clone();
        Memo::new(move |_| store.with(|s| s.editing_post_id.as_deref() == Some(id.as_str())))
    };
    let confirming_delete = RwSignal::new(false);
    let picking_emoji = RwSignal::new(false);

    let retry = {
        let (channel_id, pending_post_id) = (post.channel_id.clone(), post.pending_post_id.clone());
        move |_| actions::posts::retry_post(store, &channel_id, &pending_post_id)
    };
    let discard = {
        let (channel_id, pending_post_id) = (post.channel_id.clone(), post.pending_post_id.clone());
        move |_| actions::posts::discard_failed_post(store, &channel_id, &pending_post_id)
    };
    let when = post.create_at;
    let edited_at = post.edit_at;
    let can_act = state == PostState::Sent && !post.is_system();
    let thread_root = post.thread_root_id().to_string();
    let open_thread = move || store.update(|s| s.open_thread(&thread_root));
    let replies = post.reply_count;
    let files = post.metadata.files.clone();
    let preview = link_preview(&post);
    let to_delete = post.clone();

    view! {
        {starts_day.then(|| view! {
            <div class="day-separator" role="separator">
                <span>{time::long_date(when)}</span>
            </div>
        })}
        <article
            class="post"
            class:post-continued=!starts_group
            class:post-system=post.is_system()
            class:post-mentions-me=mentions_me
            class:post-highlighted=highlighted
            tabindex=highlighted.then_some("-1")
            data-testid="post"
            data-post-id=post.id.clone()
            data-pending=(state == PostState::Pending).then_some("true")
            data-failed=(state == PostState::Failed).then_some("true")
        >
            {starts_group.then(|| view! {
                <header class="post-header">
                    <span class="post-author" data-testid="post-author">
                        {move || author.with(|a| a.name.clone())}
                        {move || author.with(|a| a.tag).map(|tag| view! {
                            " " <span class="tag">{tag}</span>
                        })}
                    </span>
                    <PostTime when=when/>
                </header>
            })}
            {(!starts_group).then(|| view! { <PostTime when=when/> })}
            {
                let (post_id, message) = (post.id.clone(), post.message.clone());
                move || if editing.get() {
                    view! { <PostEditor post_id=post_id.clone() message=message.clone()/> }.into_any()
                } else {
                    let html = html.clone();
                    view! {
                        <div class="post-message markdown" data-testid="post-message" inner_html=html></div>
                        {(edited_at > 0).then(|| view! {
                            <span class="post-edited" title=format!("Edited {}", time::long_date(edited_at))>"(edited)"</span>
                        })}
                    }.into_any()
                }
            }
            {preview.map(|preview| view! { <LinkPreview preview=preview/> })}
            {(!files.is_empty()).then(|| view! { <Attachments files=files/> })}
            {(state == PostState::Failed).then(|| view! {
                <p class="post-failed">
                    "Not sent. "
                    <button type="button" on:click=retry>"Retry"</button>
                    " "
                    <button type="button" class="secondary" on:click=discard>"Delete"</button>
                </p>
            })}
            {can_act.then(|| view! { <Reactions post_id=post.id.clone() picking=picking_emoji/> })}
            {(replies > 0 && !in_thread).then(|| {
                let open_thread = open_thread.clone();
                view! {
                    <button type="button" class="reply-count" on:click=move |_| open_thread()>
                        {if replies == 1 { "1 reply".to_string() } else { format!("{replies} replies") }}
                    </button>
                }
            })}
            {can_act.then(|| {
                let post_id = post.id.clone();
                view! {
                    <div class="post-actions" role="toolbar" aria-label="Message actions">
                        <button type="button" class="secondary" aria-label="Add a reaction" on:click=move |_| picking_emoji.set(true)>"React"</button>
                        {(!in_thread).then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| open_thread()>"Reply"</button>
                            <MarkUnreadButton post_id=post_id.clone()/>
                        })}
                        <CopyLinkButton post_id=post_id.clone()/>
                        {mine.then(|| view! {
                        <button
                            type="button"
                            class="secondary"
                            on:click=move |_| store.update(|s| s.editing_post_id = Some(post_id.clone()))
                        >"Edit"</button>
                        <button type="button" class="secondary" on:click=move |_| confirming_delete.set(true)>"Delete"</button>
                        })}
                    </div>
                }
            })}
            <Show when=move || confirming_delete.get()>
                <ConfirmDelete post=to_delete.clone() open=confirming_delete/>
            </Show>
        </article>
    }
}

#[component]
fn PostTime(when: i64) -> impl IntoView {
    view! {
        <time class="post-time" datetime=time::iso(when) title=time::long_date(when)>
            {time::short_time(when)}
        </time>
    }
}
