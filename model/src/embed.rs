//! `post.metadata.embeds`: previews the server attaches to a post's links (Mattermost's
//! `PostEmbed`, server/public/model/post_embed.go; OpenGraph data as go-opengraph encodes it).
//!
//! Embeds come from the server but describe third-party pages, so every field is untrusted text.
//! Decoding is tolerant: an embed of a type this client does not show, or one that does not have
//! the expected shape, is kept as it came and never fails the post that carries it.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::Post;

/// One embed of a post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PostEmbed {
    /// A link to a web page, with what its OpenGraph tags say.
    Opengraph {
        #[serde(default)]
        url: String,
        #[serde(default, deserialize_with = "null_as_default")]
        data: OpenGraph,
    },
    /// A link straight to an image.
    Image {
        #[serde(default)]
        url: String,
    },
    /// A link to another post on the same server, with that post as the viewer may see it.
    Permalink { data: PreviewPost },
    /// Any other embed (message attachments, boards, ...) or one that did not decode.
    #[serde(untagged)]
    Other(Value),
}

/// A page's OpenGraph metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpenGraph {
    #[serde(rename = "type", deserialize_with = "null_as_default")]
    pub og_type: String,
    #[serde(deserialize_with = "null_as_default")]
    pub url: String,
    #[serde(deserialize_with = "null_as_default")]
    pub title: String,
    #[serde(deserialize_with = "null_as_default")]
    pub description: String,
    #[serde(deserialize_with = "null_as_default")]
    pub site_name: String,
    /// Go encodes an empty list as `null`.
    #[serde(deserialize_with = "null_as_default")]
    pub images: Vec<OpenGraphImage>,
}

/// An `og:image`; `width` and `height` are 0 when the page did not say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OpenGraphImage {
    #[serde(deserialize_with = "null_as_default")]
    pub url: String,
    #[serde(deserialize_with = "null_as_default")]
    pub secure_url: String,
    #[serde(rename = "type", deserialize_with = "null_as_default")]
    pub mime_type: String,
    #[serde(deserialize_with = "null_as_default")]
    pub width: u64,
    #[serde(deserialize_with = "null_as_default")]
    pub height: u64,
}

/// The linked post of a permalink embed, with where it was posted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PreviewPost {
    pub post_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub post: Post,
    pub team_name: String,
    pub channel_display_name: String,
    pub channel_type: String,
    pub channel_id: String,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
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
        let [PostEmbed::Opengraph { url, data }] = embeds.as_slice() else {
            panic!("not an opengraph embed: {embeds:?}");
        };
        assert_eq!(url, "https://example.org/a");
        assert_eq!(data.site_name, "Example");
        assert_eq!(data.title, "A page");
        assert_eq!(data.images[0].secure_url, "https://img.example.org/a.png");
        assert_eq!((data.images[0].width, data.images[0].height), (1200, 630));
    }

    #[test]
    fn go_nulls_and_missing_fields_decode_as_empty() {
        let embeds = decode(json!([
            { "type": "opengraph", "url": "https://example.org", "data": {
                "title": null, "images": null, "site_name": "Example" } },
            { "type": "opengraph", "url": "https://example.org/b" },
        ]));
        let PostEmbed::Opengraph { data, .. } = &embeds[0] else {
            panic!("not opengraph: {:?}", embeds[0]);
        };
        assert_eq!(data.title, "");
        assert!(data.images.is_empty());
        assert!(
            matches!(&embeds[1], PostEmbed::Opengraph { data, .. } if *data == OpenGraph::default())
        );
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
        let [PostEmbed::Permalink { data }] = embeds.as_slice() else {
            panic!("not a permalink embed: {embeds:?}");
        };
        assert_eq!(data.post.message, "**hi**");
        assert_eq!(data.team_name, "demo");
    }

    #[test]
    fn unknown_or_malformed_embeds_are_kept_and_fail_nothing() {
        let embeds = decode(json!([
            { "type": "message_attachment" },
            { "type": "boards", "data": { "anything": [1, 2] } },
            { "type": "opengraph", "data": { "images": [{ "width": "wide" }] } },
            { "type": "permalink", "data": "not an object" },
            { "no_type": true },
            "a string",
            { "type": "image", "url": "https://example.org/cat.png" },
        ]));
        assert_eq!(embeds.len(), 7);
        assert!(embeds[..6]
            .iter()
            .all(|embed| matches!(embed, PostEmbed::Other(_))));
        assert_eq!(
            embeds[6],
            PostEmbed::Image {
                url: "https://example.org/cat.png".into()
            }
        );
    }

    #[test]
    fn embeds_encode_as_they_decode() {
        let embed = PostEmbed::Opengraph {
            url: "https://example.org".into(),
            data: OpenGraph {
                title: "T".into(),
                ..OpenGraph::default()
            },
        };
        let encoded = serde_json::to_value(&embed).expect("encodes");
        assert_eq!(encoded["type"], "opengraph");
        assert_eq!(encoded["data"]["title"], "T");
        assert_eq!(
            serde_json::from_value::<PostEmbed>(encoded).ok(),
            Some(embed)
        );
    }
}
