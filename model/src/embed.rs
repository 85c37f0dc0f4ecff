//! `post.metadata.embeds`: previews the server attaches to a post's links (Mattermost's
//! `PostEmbed`, server/public/model/post_embed.go: a type, a URL and data whose shape depends on
//! the type; OpenGraph data as go-opengraph encodes it).
//!
//! The data is kept as JSON and read through typed views that take what they understand and
//! default the rest, so an embed of an unknown type or an unexpected shape never fails the post
//! that carries it (and decoding costs the web client no code per embed type). Embeds describe
//! other sites: every field is untrusted text.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::Post;

/// Mattermost's embed types this code knows.
pub mod embed_type {
    pub const OPENGRAPH: &str = "opengraph";
    pub const IMAGE: &str = "image";
    pub const PERMALINK: &str = "permalink";
}

/// One embed of a post. Any JSON decodes as one (an embed that is not even an object has no
/// type, and shows nothing).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PostEmbed {
    #[serde(rename = "type")]
    pub embed_type: String,
    /// The embedded page or image (OpenGraph and image embeds).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
    #[serde(skip_serializing_if = "Value::is_null")]
    pub data: Value,
}

/// A page's OpenGraph metadata (the part this project shows).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpenGraph {
    #[serde(rename = "type")]
    pub og_type: String,
    pub url: String,
    pub title: String,
    pub description: String,
    pub site_name: String,
    pub images: Vec<OpenGraphImage>,
}

/// An `og:image`; `width` and `height` are 0 when the page did not say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpenGraphImage {
    pub url: String,
    pub secure_url: String,
    #[serde(rename = "type")]
    pub mime_type: String,
    pub width: u64,
    pub height: u64,
}

/// A permalink embed's data as the server sends it: the linked post, with where it was posted.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PreviewPost {
    pub post_id: String,
    pub post: Post,
    pub team_name: String,
    pub channel_display_name: String,
    pub channel_type: String,
    pub channel_id: String,
}

/// What a reader sees of a permalink embed's linked post.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PermalinkPreview {
    pub post_id: String,
    pub team_name: String,
    pub channel_display_name: String,
    pub author_id: String,
    pub message: String,
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn number(value: &Value, key: &str) -> u64 {
    value.get(key).and_then(Value::as_u64).unwrap_or_default()
}

impl<'de> Deserialize<'de> for PostEmbed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut value = Value::deserialize(deserializer)?;
        Ok(Self {
            embed_type: text(&value, "type"),
            url: text(&value, "url"),
            data: value.get_mut("data").map(Value::take).unwrap_or_default(),
        })
    }
}

impl PostEmbed {
    /// A `permalink` embed quoting `preview`.
    pub fn permalink(preview: &PreviewPost) -> Self {
        Self {
            embed_type: embed_type::PERMALINK.into(),
            url: String::new(),
            data: serde_json::to_value(preview).unwrap_or_default(),
        }
    }

    /// The page's OpenGraph metadata, for an `opengraph` embed.
    pub fn open_graph(&self) -> Option<OpenGraph> {
        if self.embed_type != embed_type::OPENGRAPH {
            return None;
        }
        let data = &self.data;
        let images = data
            .get("images")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|image| OpenGraphImage {
                url: text(image, "url"),
                secure_url: text(image, "secure_url"),
                mime_type: text(image, "type"),
                width: number(image, "width"),
                height: number(image, "height"),
            })
            .collect();
        Some(OpenGraph {
            og_type: text(data, "type"),
            url: text(data, "url"),
            title: text(data, "title"),
            description: text(data, "description"),
            site_name: text(data, "site_name"),
            images,
        })
    }

    /// The linked post, for a `permalink` embed that carries one.
    pub fn permalink_preview(&self) -> Option<PermalinkPreview> {
        if self.embed_type != embed_type::PERMALINK {
            return None;
        }
        let data = &self.data;
        let post = data.get("post").filter(|post| post.is_object())?;
        let post_id = Some(text(data, "post_id"))
            .filter(|id| !id.is_empty())
            .unwrap_or_else(|| text(post, "id"));
        Some(PermalinkPreview {
            post_id,
            team_name: text(data, "team_name"),
            channel_display_name: text(data, "channel_display_name"),
            author_id: text(post, "user_id"),
            message: text(post, "message"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode(embeds: Value) -> Vec<PostEmbed> {
        let post: Post = serde_json::from_value(json!({
            "id": "p1",
            "message": "see https://example.org",
            "metadata": { "embeds": embeds },
        }))
        .expect("the post decodes whatever its embeds");
        post.metadata.embeds
    }

    #[test]
    fn opengraph_as_mattermost_sends_it() {
        let embeds = decode(json!([{
            "type": "opengraph",
            "url": "https://example.org/a",
            "data": {
                "type": "article", "url": "https://example.org/a", "title": "A page",
                "description": "About it", "determiner": "", "site_name": "Example",
                "locale": "", "locales_alternate": null, "audios": null, "videos": null,
                "images": [{ "url": "http://img.example.org/a.png",
                             "secure_url": "https://img.example.org/a.png",
                             "type": "image/png", "width": 1200, "height": 630 }]
            }
        }]));
        assert_eq!(embeds[0].url, "https://example.org/a");
        let data = embeds[0].open_graph().expect("opengraph");
        assert_eq!(data.site_name, "Example");
        assert_eq!(data.title, "A page");
        assert_eq!(data.images[0].secure_url, "https://img.example.org/a.png");
        assert_eq!((data.images[0].width, data.images[0].height), (1200, 630));
        assert_eq!(embeds[0].permalink_preview(), None);
    }

    #[test]
    fn go_nulls_missing_fields_and_odd_values_read_as_empty() {
        let embeds = decode(json!([
            { "type": "opengraph", "url": "https://example.org", "data": {
                "title": null, "images": null, "site_name": "Example" } },
            { "type": "opengraph", "url": "https://example.org/b" },
            { "type": "opengraph", "data": { "title": 7, "images": [{ "width": "wide", "url": {} }] } },
        ]));
        let first = embeds[0].open_graph().expect("opengraph");
        assert_eq!(first.title, "");
        assert!(first.images.is_empty());
        assert_eq!(embeds[1].open_graph(), Some(OpenGraph::default()));
        let odd = embeds[2].open_graph().expect("opengraph");
        assert_eq!(odd.title, "");
        assert_eq!(odd.images, [OpenGraphImage::default()]);
    }

    #[test]
    fn permalink_embeds_carry_the_linked_post() {
        let embeds = decode(json!([{
            "type": "permalink",
            "data": {
                "post_id": "linked", "team_name": "demo", "channel_display_name": "Dev",
                "channel_type": "O", "channel_id": "c1",
                "post": { "id": "linked", "user_id": "u1", "message": "**hi**", "channel_id": "c1" }
            }
        }]));
        assert_eq!(
            embeds[0].permalink_preview(),
            Some(PermalinkPreview {
                post_id: "linked".into(),
                team_name: "demo".into(),
                channel_display_name: "Dev".into(),
                author_id: "u1".into(),
                message: "**hi**".into(),
            })
        );
        assert_eq!(embeds[0].open_graph(), None);
    }

    #[test]
    fn unknown_or_malformed_embeds_are_kept_and_fail_nothing() {
        let embeds = decode(json!([
            { "type": "message_attachment" },
            { "type": "boards", "data": { "anything": [1, 2] } },
            { "type": "permalink", "data": "not an object" },
            { "type": "permalink", "data": { "post_id": "x", "post": null } },
            { "no_type": true },
            "a string",
            { "type": 5, "url": ["x"] },
            { "type": "image", "url": "https://example.org/cat.png" },
        ]));
        assert_eq!(embeds.len(), 8);
        assert!(embeds
            .iter()
            .all(|embed| embed.open_graph().is_none() && embed.permalink_preview().is_none()));
        assert_eq!(embeds[7].embed_type, embed_type::IMAGE);
        assert_eq!(embeds[7].url, "https://example.org/cat.png");
    }

    #[test]
    fn a_permalink_embed_encodes_as_mattermost_sends_it() {
        let embed = PostEmbed::permalink(&PreviewPost {
            post_id: "linked".into(),
            post: Post {
                id: "linked".into(),
                message: "hi".into(),
                ..Post::default()
            },
            team_name: "demo".into(),
            ..PreviewPost::default()
        });
        let encoded = serde_json::to_value(&embed).expect("encodes");
        assert_eq!(encoded["type"], "permalink");
        assert_eq!(encoded.get("url"), None);
        assert_eq!(encoded["data"]["post"]["message"], "hi");
        assert_eq!(
            embed.permalink_preview().map(|p| p.message),
            Some("hi".to_string())
        );
    }
}
