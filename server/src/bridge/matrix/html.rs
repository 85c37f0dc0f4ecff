//! A post's markdown as the HTML of a Matrix message's `formatted_body`, made safe: raw HTML in
//! the post is shown as text, links keep only web and mail addresses, and images become links
//! (Matrix clients show only images from the homeserver's media store).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// The HTML for `markdown`, without the paragraph around a one-paragraph post.
pub fn markdown_to_html(markdown: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        })
        | Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    let html = html.trim_end();
    match html
        .strip_prefix("<p>")
        .and_then(|inner| inner.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html.to_string(),
    }
}

/// Web and mail links as they are; any other scheme (javascript:, data:) goes nowhere.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.to_ascii_lowercase();
    let has_scheme = lower
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
    let allowed = ["http:", "https:", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme));
    if has_scheme && !allowed {
        CowStr::Borrowed("")
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_without_a_lone_paragraph() {
        assert_eq!(
            markdown_to_html("hello **there** see [docs](https://x.org/d)"),
            "hello <strong>there</strong> see <a href=\"https://x.org/d\">docs</a>"
        );
        assert_eq!(markdown_to_html("one\n\ntwo"), "<p>one</p>\n<p>two</p>");
    }

    #[test]
    fn html_and_script_links_are_made_harmless() {
        let html = markdown_to_html(
            "<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](https://x.org/i.png)",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
        assert!(
            html.contains("<a href=\"https://x.org/i.png\">i</a>"),
            "{html}"
        );
    }
}
