//! What a post's link preview shows, from the server's `metadata.embeds` (the client never
//! fetches a linked page itself). Embed fields describe other sites, so they are treated as
//! untrusted text: links and images only with web schemes, the permalink's path only from valid
//! names, long descriptions cut.

use brisk_model::{OpenGraph, PermalinkPreview, Post};

use crate::markdown::web_url;

/// The longest description shown, in characters (Mattermost's card shows about this much).
const DESCRIPTION_MAX_CHARS: usize = 300;
/// The box a preview image is fitted into, in CSS pixels.
const IMAGE_BOX_PX: u64 = 80;

/// The preview under a message: the first embed this client can show.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkPreview {
    /// A web page's OpenGraph card.
    Card(Card),
    /// Another post of this server, quoted.
    Quote(Quote),
}

/// An OpenGraph card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub site_name: String,
    pub title: String,
    /// Where the title links, when the page's URL is a web one.
    pub href: Option<String>,
    pub description: String,
    pub image: Option<CardImage>,
}

/// A card's image, sized to fit the card before it loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardImage {
    pub src: String,
    pub width: u64,
    pub height: u64,
}

/// A quoted post and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The post's permalink in this client: `/{team}/pl/{post_id}`.
    pub href: String,
    pub author_id: String,
    pub channel_name: String,
    pub message: String,
}

/// The preview of a post, if one of its embeds can be shown.
pub fn link_preview(post: &Post) -> Option<LinkPreview> {
    post.metadata.embeds.iter().find_map(|embed| {
        if let Some(data) = embed.open_graph() {
            return card(&embed.url, &data).map(LinkPreview::Card);
        }
        quote(embed.permalink_preview()?).map(LinkPreview::Quote)
    })
}

fn card(url: &str, data: &OpenGraph) -> Option<Card> {
    let href = web_url(url).or_else(|| web_url(&data.url));
    let title = data.title.trim();
    let description = cut(data.description.trim(), DESCRIPTION_MAX_CHARS);
    if title.is_empty() && description.is_empty() {
        return None;
    }
    let title = if title.is_empty() {
        href.clone().unwrap_or_default()
    } else {
        title.to_string()
    };
    let image = data.images.iter().find_map(|image| {
        let src = web_url(&image.secure_url).or_else(|| web_url(&image.url))?;
        let (width, height) = fit(image.width, image.height);
        Some(CardImage { src, width, height })
    });
    Some(Card {
        site_name: data.site_name.trim().to_string(),
        title,
        href,
        description,
        image,
    })
}

fn quote(preview: PermalinkPreview) -> Option<Quote> {
    let PermalinkPreview {
        post_id,
        team_name,
        channel_display_name,
        author_id,
        message,
    } = preview;
    let is_id = post_id.len() == 26 && post_id.bytes().all(|b| b.is_ascii_alphanumeric());
    let is_team_name = !team_name.is_empty()
        && team_name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (is_id && is_team_name).then(|| Quote {
        href: format!("/{team_name}/pl/{post_id}"),
        author_id,
        channel_name: channel_display_name,
        message,
    })
}

/// Scales `width` × `height` down into the image box, keeping the ratio; unknown sizes get the
/// whole box (the image is then cropped to it).
fn fit(width: u64, height: u64) -> (u64, u64) {
    if width == 0 || height == 0 {
        return (IMAGE_BOX_PX, IMAGE_BOX_PX);
    }
    let longest = width.max(height);
    if longest <= IMAGE_BOX_PX {
        return (width, height);
    }
    (
        (width * IMAGE_BOX_PX / longest).max(1),
        (height * IMAGE_BOX_PX / longest).max(1),
    )
}

fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn post_with(embeds: Value) -> Post {
        serde_json::from_value(json!({ "id": "p1", "metadata": { "embeds": embeds } }))
            .expect("post decodes")
    }

    fn card_of(embeds: Value) -> Card {
        match link_preview(&post_with(embeds)) {
            Some(LinkPreview::Card(card)) => card,
            other => panic!("no card: {other:?}"),
        }
    }

    #[test]
    fn an_opengraph_embed_becomes_a_card_with_a_fitted_image() {
        let card = card_of(json!([{
            "type": "opengraph", "url": "https://example.org/a",
            "data": { "site_name": "Example", "title": "A page", "description": "About it",
                      "images": [{ "url": "http://img.example.org/a.png",
                                   "secure_url": "https://img.example.org/a.png",
                                   "width": 1200, "height": 600 }] }
        }]));
        assert_eq!(card.site_name, "Example");
        assert_eq!(card.title, "A page");
        assert_eq!(card.href.as_deref(), Some("https://example.org/a"));
        assert_eq!(card.description, "About it");
        assert_eq!(
            card.image,
            Some(CardImage {
                src: "https://img.example.org/a.png".into(),
                width: 80,
                height: 40
            })
        );
    }

    #[test]
    fn hostile_links_are_dropped_and_html_stays_text() {
        let card = card_of(json!([{
            "type": "opengraph", "url": "javascript:alert(1)",
            "data": { "url": " JaVa\nScript:alert(2)", "title": "<img src=x onerror=alert(3)>",
                      "description": "<script>alert(4)</script>",
                      "images": [{ "url": "data:image/svg+xml,<svg onload=alert(5)>",
                                   "secure_url": "javascript:alert(6)" }] }
        }]));
        assert_eq!(card.href, None, "the title is shown without a link");
        assert_eq!(card.image, None);
        // The view writes these as text nodes, never as markup.
        assert_eq!(card.title, "<img src=x onerror=alert(3)>");
        assert_eq!(card.description, "<script>alert(4)</script>");
    }

    #[test]
    fn an_image_of_unknown_size_gets_the_box_and_long_text_is_cut() {
        let card = card_of(json!([{
            "type": "opengraph", "url": "https://example.org",
            "data": { "description": "x".repeat(400), "images": [{ "url": "https://example.org/i.png" }] }
        }]));
        assert_eq!(
            card.title, "https://example.org",
            "no title: the link stands in"
        );
        assert_eq!(card.description.chars().count(), DESCRIPTION_MAX_CHARS + 1);
        assert!(card.description.ends_with('…'));
        assert_eq!(card.image.map(|i| (i.width, i.height)), Some((80, 80)));
        assert_eq!(fit(40, 20), (40, 20), "a small image is not enlarged");
    }

    #[test]
    fn an_empty_card_and_unknown_embeds_show_nothing() {
        let post = post_with(json!([
            { "type": "opengraph", "url": "https://example.org", "data": { "site_name": "Example" } },
            { "type": "message_attachment" },
            { "type": "image", "url": "https://example.org/cat.png" },
        ]));
        assert_eq!(link_preview(&post), None);
        assert_eq!(link_preview(&Post::default()), None);
    }

    #[test]
    fn a_permalink_embed_quotes_the_post_and_links_to_its_permalink() {
        let linked = "abcdefghijklmnopqrstuvwxyz";
        let preview = link_preview(&post_with(json!([{
            "type": "permalink",
            "data": { "post_id": linked, "team_name": "demo", "channel_display_name": "Dev",
                      "channel_type": "O", "channel_id": "c1",
                      "post": { "id": linked, "user_id": "u1", "message": "**hi**" } }
        }])));
        assert_eq!(
            preview,
            Some(LinkPreview::Quote(Quote {
                href: format!("/demo/pl/{linked}"),
                author_id: "u1".into(),
                channel_name: "Dev".into(),
                message: "**hi**".into(),
            }))
        );
    }

    #[test]
    fn a_permalink_with_a_crafted_path_is_not_shown() {
        for (team, id) in [
            ("demo", "../../logout"),
            ("evil.org/x", "abcdefghijklmnopqrstuvwxyz"),
            ("//evil.org", "abcdefghijklmnopqrstuvwxyz"),
            ("", "abcdefghijklmnopqrstuvwxyz"),
        ] {
            let post = post_with(json!([{
                "type": "permalink",
                "data": { "post_id": id, "team_name": team, "post": { "message": "m" } }
            }]));
            assert_eq!(link_preview(&post), None, "{team} {id}");
        }
    }
}
