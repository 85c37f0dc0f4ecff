//! One message in the list: author header (first of a group), time, rendered text, and the
//! pending / failed state of a message the reader sent.

use brisk_model::Post as WirePost;
use leptos::prelude::*;

use crate::actions;
use crate::components::mark_unread_button::MarkUnreadButton;
use crate::markdown::{self, RenderOptions};
use crate::state::use_store;
use crate::store::{PostRow, PostState, Store};
use crate::time;

/// Who wrote a post, as the list shows it.
#[derive(Clone, Debug, PartialEq)]
struct Author {
    name: String,
    /// A small tag after the name: relayed by a bridge ("BRIDGE") or a system message.
    tag: Option<&'static str>,
}

fn author_of(store: &Store, post: &WirePost) -> Author {
    if post.is_system() {
        return Author {
            name: "System".into(),
            tag: None,
        };
    }
    if let Some(nick) = post.override_username() {
        return Author {
            name: nick.to_string(),
            tag: Some("BRIDGE"),
        };
    }
    let name = store.users.get(&post.user_id).map_or_else(
        // Until the user is fetched: better an honest placeholder than an id.
        || "Someone".to_string(),
        |user| user.username.clone(),
    );
    Author { name, tag: None }
}

#[component]
pub fn Post(row: PostRow) -> impl IntoView {
    let store = use_store();
    let PostRow {
        post,
        state,
        starts_group,
        starts_day,
    } = row;

    let author_post = post.clone();
    let author = Memo::new(move |_| store.with(|s| author_of(s, &author_post)));
    let my_username = store.with_untracked(|s| s.me.as_ref().map(|me| me.username.clone()));
    let html = markdown::render(
        &post.message,
        &RenderOptions {
            my_username: my_username.as_deref(),
        },
    );
    let mentions_me = html.contains("mention-me");

    let retry = {
        let (channel_id, pending_post_id) = (post.channel_id.clone(), post.pending_post_id.clone());
        move |_| actions::retry_post(store, &channel_id, &pending_post_id)
    };
    let when = post.create_at;

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
            <div class="post-message markdown" data-testid="post-message" inner_html=html></div>
            {(state == PostState::Sent).then(|| view! {
                <div class="post-actions"><MarkUnreadButton post_id=post.id.clone()/></div>
            })}
            {(state == PostState::Failed).then(|| view! {
                <p class="post-failed">
                    "Not sent. "
                    <button type="button" on:click=retry>"Retry"</button>
                </p>
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
