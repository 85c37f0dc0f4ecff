//! One message in the list: author header (first of a group), time, rendered text, and the
//! pending / failed state of a message the reader sent.

use leptos::prelude::*;

use crate::actions;
use crate::browser::time;
use crate::browser::touch;
use crate::components::attachments::Attachments;
use crate::components::confirm_delete::confirm_delete;
use crate::components::copy_button::{CopyLinkButton, CopyTextButton};
use crate::components::dialog::Dialog;
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::components::link_preview::LinkPreview;
use crate::components::mark_unread_button::MarkUnreadButton;
use crate::components::post_editor::post_editor;
use crate::components::reactions::Reactions;
use crate::markdown;
use crate::state::{memo, use_store};
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

    let html = store.with_untracked(|s| markdown::render_for_reader(s, &post.message));
    let mentions_me = html.contains("mention-me");
    let mine = store.with_untracked(|s| s.my_id() == post.user_id);
    // A permalink's post: highlighted for a moment (style/main.css) and focusable, so the list
    // can put the reader's focus on it.
    let highlighted = store.with_untracked(|s| s.is_highlighted(&post.id));
    let editing = {
        let id = post.id.clone();
        memo(move || store.with(|s| s.editing_post_id.as_deref() == Some(id.as_str())))
    };
    let confirming_delete = RwSignal::new(false);
    let picking_emoji = RwSignal::new(false);

    let retry = {
        let (channel_id, pending_post_id) = (post.channel_id.clone(), post.pending_post_id.clone());
        move |_| actions::posts::retry_post(store, &channel_id, &pending_post_id)
    };
    let discard = {
        let (channel_id, pending_post_id) = (post.channel_id.clone(), post.pending_post_id.clone());
        move |_| actions::posts::discard_unsent_post(store, &channel_id, &pending_post_id)
    };
    let refusal = (state == PostState::Failed)
        .then(|| {
            store.with_untracked(|s| {
                s.channel_posts(&post.channel_id)?
                    .refusal(&post.pending_post_id)
                    .map(str::to_string)
            })
        })
        .flatten();
    let edit_waiting = {
        let id = post.id.clone();
        move |_| store.update(|s| s.editing_post_id = Some(id.clone()))
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
    let sheet_open = RwSignal::new(false);
    // The hover toolbar (and what its buttons open: the phone's sheet, the delete question) is
    // built the first time the post is pointed at, touched or focused, then kept: most posts on
    // screen are never acted on, and the toolbar was a third of the work of opening a channel
    // (its buttons, their state and listeners, built for every post shown).
    let toolbar_wanted = RwSignal::new(false);
    let want_toolbar = move || {
        if can_act && !toolbar_wanted.get_untracked() {
            toolbar_wanted.set(true);
        }
    };
    // On a touch screen (no hover toolbar) a tap on the post, or holding a finger on it, opens
    // its actions in a sheet.
    let press = LongPress::new();
    let on_tap = move |event: leptos::ev::MouseEvent| {
        if can_act && touch::no_hover() && !touch::on_control(&event) {
            sheet_open.set(true);
        }
    };
    let on_pointer_down = move |event: leptos::ev::PointerEvent| {
        if can_act && event.pointer_type() == "touch" && !touch::on_control(&event) {
            press.start();
        }
    };

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
            class:post-held=move || press.held.get()
            // Focusable for the keyboard, which reaches a post's actions through it.
            tabindex=if can_act { Some("0") } else { highlighted.then_some("-1") }
            data-testid="post"
            data-post-id=post.id.clone()
            data-pending=(state == PostState::Pending).then_some("true")
            data-failed=(state == PostState::Failed).then_some("true")
            data-waiting=(state == PostState::Waiting).then_some("true")
            on:click=on_tap
            on:pointerenter=move |_| want_toolbar()
            on:focusin=move |_| want_toolbar()
            on:pointerdown=on_pointer_down
            on:touchend=move |event: leptos::ev::TouchEvent| {
                if press.release() {
                    // No tap after the hold: its click would land on the sheet risen under
                    // the finger and press what is there.
                    event.prevent_default();
                    sheet_open.set(true);
                }
            }
            on:pointercancel=move |_| press.cancel()
            on:pointermove=move |event: leptos::ev::PointerEvent| {
                if event.movement_x().abs() + event.movement_y().abs() > 2 {
                    press.cancel();
                }
            }
            on:contextmenu=move |event: leptos::ev::MouseEvent| {
                // A finger held on the post opens the sheet instead of the browser's menu (links
                // and images keep theirs).
                if can_act && touch::no_hover() && !touch::on_control(&event) {
                    event.prevent_default();
                }
            }
        >
            {starts_group.then(|| {
                // Only a group's first post names its author.
                let author_post = post.clone();
                let author = memo(move || store.with(|s| s.author(&author_post)));
                view! {
                <header class="post-header">
                    <span class="post-author" data-testid="post-author">
                        {move || author.with(|a| a.name.clone())}
                        {move || author.with(|a| a.tag).map(|tag| view! {
                            " " <span class="tag">{tag}</span>
                        })}
                    </span>
                    <PostTime when=when/>
                </header>
                }
            })}
            {(!starts_group).then(|| view! { <PostTime when=when/> })}
            {
                let (post_id, message) = (post.id.clone(), post.message.clone());
                move || if editing.get() {
                    view! { <LazyView view=post_editor(post_id.clone(), message.clone())/> }.into_any()
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
                    "Not sent. " {refusal.map(|reason| format!("{reason} "))}
                    <button type="button" on:click=retry>"Retry"</button>
                    " "
                    <button type="button" class="secondary" on:click=discard.clone()>"Delete"</button>
                </p>
            })}
            {(state == PostState::Waiting).then(|| view! {
                <p class="post-waiting">
                    "Waiting for network. "
                    <button type="button" class="secondary" on:click=edit_waiting>"Edit"</button>
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
                let target = ActionTarget {
                    post_id: post.id.clone(),
                    thread_root: post.thread_root_id().to_string(),
                    message: post.message.clone(),
                    in_thread,
                    mine,
                    picking_emoji,
                    confirming_delete,
                };
                let to_delete = to_delete.clone();
                move || toolbar_wanted.get().then(|| view! {
                    <LazyView view=post_toolbar(target.clone(), to_delete.clone(), sheet_open)/>
                })
            })}
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

/// A finger resting on a post: after a moment the post shows it is held, and lifting the finger
/// then opens its sheet (on `touchend`, whose default, the click of a tap, is then cancelled).
/// Opening on the lift rather than while held keeps the lift from landing on the sheet that rose
/// under the finger, which would press whatever is there.
#[derive(Clone, Copy)]
struct LongPress {
    timer: StoredValue<Option<gloo_timers::callback::Timeout>, LocalStorage>,
    held: RwSignal<bool>,
}

impl LongPress {
    fn new() -> Self {
        LongPress {
            timer: StoredValue::new_local(None),
            held: RwSignal::new(false),
        }
    }

    fn start(self) {
        let held = self.held;
        let timer =
            gloo_timers::callback::Timeout::new(touch::LONG_PRESS_MS, move || held.set(true));
        self.timer.set_value(Some(timer));
    }

    fn cancel(self) {
        self.timer.set_value(None);
        if self.held.get_untracked() {
            self.held.set(false);
        }
    }

    /// The finger lifted: whether it had rested long enough.
    fn release(self) -> bool {
        let held = self.held.get_untracked();
        self.cancel();
        held
    }
}

lazy_view! {
    /// The post's hover toolbar, with what its buttons open (the phone's sheet, the delete
    /// question): its code loads when a post is first pointed at, touched or focused (or while
    /// the app is idle), as reading a channel needs none of it.
    pub(crate) fn post_toolbar(target: ActionTarget, to_delete: brisk_model::Post, sheet_open: RwSignal<bool>) {
        let confirming_delete = target.confirming_delete;
        let in_sheet = target.clone();
        view! {
            <div class="post-actions" role="toolbar" aria-label="Message actions">
                <PostActions target=target in_sheet=false/>
            </div>
            {move || sheet_open.get().then(|| view! {
                <PostActionSheet target=in_sheet.clone() open=sheet_open/>
            })}
            {move || confirming_delete.get().then(|| view! {
                <LazyView view=confirm_delete(to_delete.clone(), confirming_delete)/>
            })}
        }
    }
}

/// What a post's actions act on.
#[derive(Clone)]
pub(crate) struct ActionTarget {
    post_id: String,
    thread_root: String,
    message: String,
    in_thread: bool,
    mine: bool,
    picking_emoji: RwSignal<bool>,
    confirming_delete: RwSignal<bool>,
}

/// A post's actions: in its hover toolbar on a screen with a pointer, in its sheet on a touch
/// screen (which adds Copy text, as phones have no easy selection of a post's text).
#[component]
fn PostActions(target: ActionTarget, in_sheet: bool) -> impl IntoView {
    let store = use_store();
    let ActionTarget {
        post_id,
        thread_root,
        message,
        in_thread,
        mine,
        picking_emoji,
        confirming_delete,
    } = target;
    let edit_id = post_id.clone();
    view! {
        <button type="button" class="secondary" aria-label="Add a reaction" on:click=move |_| picking_emoji.set(true)>"React"</button>
        {(!in_thread).then(|| view! {
            <button type="button" class="secondary" on:click=move |_| store.update(|s| s.open_thread(&thread_root))>"Reply"</button>
            <MarkUnreadButton post_id=post_id.clone()/>
        })}
        <CopyLinkButton post_id=post_id.clone()/>
        {in_sheet.then(|| view! { <CopyTextButton message=message/> })}
        {mine.then(|| view! {
            <button
                type="button"
                class="secondary"
                on:click=move |_| store.update(|s| s.editing_post_id = Some(edit_id.clone()))
            >"Edit"</button>
            <button type="button" class="secondary" on:click=move |_| confirming_delete.set(true)>"Delete"</button>
        })}
    }
}

/// Emoji offered first in the sheet when the reader has used fewer of their own.
const QUICK_EMOJI: [&str; 6] = ["+1", "heart", "smile", "tada", "eyes", "white_check_mark"];
const QUICK_EMOJI_SHOWN: usize = 6;

/// A post's actions on a touch screen: a sheet from the bottom of the screen with a row of quick
/// reactions; any choice closes it.
#[component]
fn PostActionSheet(target: ActionTarget, open: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    let post_id = target.post_id.clone();
    let mut quick = actions::reactions::recent_emoji();
    quick.extend(QUICK_EMOJI.iter().map(|name| name.to_string()));
    let mut seen = std::collections::HashSet::new();
    quick.retain(|name| markdown::emoji::by_name(name).is_some() && seen.insert(name.clone()));
    quick.truncate(QUICK_EMOJI_SHOWN);
    let close_on_choice = move |event: leptos::ev::MouseEvent| {
        if touch::on_control(&event) {
            open.set(false);
        }
    };
    view! {
        <Dialog id="post-sheet" class="sheet" light_dismiss=true title="Message actions".to_string() open=open>
            <div class="dialog-body post-sheet" on:click=close_on_choice>
                <div class="quick-reactions" role="group" aria-label="React with">
                    {quick.clone().into_iter().map(|name| {
                        let post_id = post_id.clone();
                        let label = format!("React with :{name}:");
                        let glyph = markdown::emoji::by_name(&name).unwrap_or_default();
                        view! {
                            <button type="button" class="emoji-choice" aria-label=label.clone() title=label
                                on:click=move |_| actions::reactions::toggle_reaction(store, &post_id, &name)>
                                {glyph}
                            </button>
                        }
                    }).collect_view()}
                </div>
                <div class="sheet-actions">
                    <PostActions target=target.clone() in_sheet=true/>
                </div>
            </div>
        </Dialog>
    }
}
