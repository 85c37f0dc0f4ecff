//! The preview under a message, from the server's embeds: a web page's card (site, linked
//! title, description, a small image) or a quoted post of this server linking to its permalink.
//! Every field is written as text; only the quoted message goes through the markdown renderer.

use leptos::prelude::*;

use crate::markdown;
use crate::state::{memo, use_store};
use crate::store::link_preview::{Card, LinkPreview as Preview, Quote};

#[component]
pub fn LinkPreview(preview: Preview) -> impl IntoView {
    match preview {
        Preview::Card(card) => view! { <LinkCard card=card/> }.into_any(),
        Preview::Quote(quote) => view! { <QuotedPost quote=quote/> }.into_any(),
    }
}

#[component]
fn LinkCard(card: Card) -> impl IntoView {
    let Card {
        site_name,
        title,
        href,
        description,
        image,
    } = card;
    view! {
        <aside class="link-preview" data-testid="link-preview" aria-label="Link preview">
            <div class="link-preview-text">
                {(!site_name.is_empty()).then(|| view! { <p class="link-preview-site">{site_name}</p> })}
                <p class="link-preview-title">
                    {match href {
                        Some(href) => view! {
                            <a href=href target="_blank" rel="noopener noreferrer">{title}</a>
                        }.into_any(),
                        None => title.into_any(),
                    }}
                </p>
                {(!description.is_empty()).then(|| view! {
                    <p class="link-preview-description">{description}</p>
                })}
            </div>
            {image.map(|image| view! {
                <img
                    class="link-preview-image"
                    src=image.src
                    width=image.width
                    height=image.height
                    loading="lazy"
                    referrerpolicy="no-referrer"
                    alt=""
                />
            })}
        </aside>
    }
}

#[component]
fn QuotedPost(quote: Quote) -> impl IntoView {
    let store = use_store();
    let Quote {
        href,
        author_id,
        channel_name,
        message,
    } = quote;
    let author = memo(move || {
        store.with(|s| {
            s.users
                .get(&author_id)
                .map_or_else(|| "Someone".to_string(), |user| user.username.clone())
        })
    });
    let html = store.with_untracked(|s| markdown::render_for_reader(s, &message));
    view! {
        <blockquote class="permalink-preview" data-testid="permalink-preview">
            <p class="permalink-preview-source">
                <span class="post-author">{move || author.get()}</span>
                {(!channel_name.is_empty()).then(|| view! { " in " <span>{channel_name}</span> })}
            </p>
            <div class="markdown" inner_html=html></div>
            <a class="permalink-preview-jump" href=href>"Jump to message"</a>
        </blockquote>
    }
}
