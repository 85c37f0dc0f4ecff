//! Markdown rules and the XSS corpus. Every payload must come out as harmless text.

use super::*;

pub(super) fn md(text: &str) -> String {
    render(
        text,
        &RenderOptions {
            my_username: Some("ann"),
            team_name: Some("demo"),
        },
    )
}

/// The tags the output really contains (text `<` is always escaped, so every `<` opens one).
pub(super) fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(rest))
        .collect()
}

/// `name="value"` pairs of one tag, values unescaped the way a browser reads them.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag
        .split_once(char::is_whitespace)
        .map_or("", |(_, attrs)| attrs);
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim().trim_end_matches('/').to_ascii_lowercase();
        let after = &rest[eq + 1..];
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
            None => after.split_once(char::is_whitespace).unwrap_or((after, "")),
        };
        let value = value
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        found.push((name, value));
        rest = next;
    }
    found
}

fn assert_safe(input: &str) {
    assert_safe_html(input, &md(input));
}

/// Holds `html`, rendered from `input`, to what a message may produce: only the tags markdown
/// makes, no event handlers or styles of its own, links and images only to safe schemes.
pub(super) fn assert_safe_html(input: &str, html: &str) {
    let lowered = html.to_ascii_lowercase();
    assert!(
        !lowered.contains("<script"),
        "{input:?} gave a script tag: {html}"
    );
    for tag in tags(html) {
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        assert!(
            [
                "a",
                "p",
                "br",
                "img",
                "span",
                "code",
                "pre",
                "em",
                "strong",
                "del",
                "ul",
                "ol",
                "li",
                "blockquote",
                "table",
                "thead",
                "tbody",
                "tr",
                "th",
                "td",
                "input",
                "hr",
                "h3",
                "h4",
                "h5",
                "h6",
                ""
            ]
            .contains(&name.trim_start_matches('/')),
            "{input:?} gave an unexpected tag <{tag}>: {html}"
        );
        for (attribute, value) in attributes(tag) {
            assert!(
                !attribute.starts_with("on"),
                "{input:?} gave an event handler: {html}"
            );
            assert!(
                attribute != "style" || name == "th" || name == "td",
                "{input:?}: {html}"
            );
            if attribute == "href" || attribute == "src" {
                let seen: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                // The scheme as the browser reads it: text before a ':' that comes before any
                // '/', '?', '#' or '\\' (a "javascript:" later in an https path is harmless).
                let scheme = seen
                    .find([':', '/', '?', '#', '\\'])
                    .filter(|&end| seen[end..].starts_with(':'))
                    .map(|end| &seen[..end]);
                assert!(
                    scheme.is_none_or(|s| ["http", "https", "mailto"].contains(&s)),
                    "{input:?} gave {attribute}={value:?}: {html}"
                );
            }
        }
    }
}

pub(super) const XSS_CORPUS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "hello <script>alert(1)</script> world",
    "<img src=x onerror=alert(1)>",
    "text <img src=x onerror=alert(1)> inline",
    "<svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](<javascript:alert(1)>)",
    "[x](java\nscript:alert(1))",
    "[x](<java\nscript:alert(1)>)",
    "[x](java&#10;script:alert(1))",
    "[x](java&#9;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#x3A;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java\\script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "![x\" onerror=\"alert(1)](https://example.org/a.png)",
    "[x](https://example.org/\"onmouseover=\"alert(1))",
    "[x](https://example.org \"t\\\" onmouseover=\\\"alert(1)\")",
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x][ref]\n\n[ref]: <data:text/html,x>",
    "[![img](javascript:alert(1))](javascript:alert(2))",
    "[![img](https://example.org/a.png)](javascript:alert(2))",
    "```\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "- [ ] <script>alert(1)</script>",
    "> <a href=javascript:alert(1)>q</a>",
    "@<script>alert(1)</script>",
    "www.example.org\"onmouseover=\"alert(1)",
    "https://example.org/<script>alert(1)</script>",
    "[@ann](javascript:alert(1))",
    "<!-- comment --><script>alert(1)</script>",
    "<style>body{display:none}</style>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "~<script>alert(1)</script>",
    "~\"onmouseover=\"alert(1)",
    "#tag\"onmouseover=\"alert(1)",
    "#<img src=x onerror=alert(1)>",
    ":<script>alert(1)</script>:",
    ":tada\" onload=\"alert(1):",
    "![x](javascript:alert(1) =10x10)",
    "![x](data:image/svg+xml,<svg onload=alert(1)> =10x10)",
    "![x\" onerror=\"alert(1)](https://example.org/a.png =10x10)",
    "![x](https://example.org/a.png =10x10\" onerror=\"alert(1))",
    "![x](https://example.org/a.png\"onerror=\"alert(1) =10x10)",
    "[![x](https://example.org/a.png =10x10)](javascript:alert(1))",
    "```rust\n\"</span><script>alert(1)</script>\"\n```",
    "```js\n/* <img src=x onerror=alert(1)> */ `<svg onload=alert(1)>`\n```",
    "```javascript:alert(1)\nx\n```",
    "<3 <script>alert(1)</script> :)",
];

#[test]
fn the_xss_corpus_renders_as_harmless_text() {
    for input in XSS_CORPUS {
        assert_safe(input);
    }
}

#[test]
fn raw_html_is_shown_as_the_text_that_was_typed() {
    assert_eq!(md("<b>hi</b>"), "<p>&lt;b&gt;hi&lt;/b&gt;</p>\n");
    let block = md("<div onclick=\"x()\">\nhello\n</div>");
    assert!(
        block.contains("&lt;div onclick=&quot;x()&quot;&gt;"),
        "{block}"
    );
    let inline = md("Careful: <script>window.pwned = 1</script> and [click](javascript:alert(1))");
    assert!(
        inline.contains("&lt;script&gt;window.pwned = 1&lt;/script&gt;"),
        "{inline}"
    );
    assert!(
        !inline.contains("<a"),
        "an unsafe link leaves only its text: {inline}"
    );
    assert!(inline.contains("and click"), "{inline}");
}

#[test]
fn safe_links_keep_their_target_and_external_ones_open_apart() {
    assert_eq!(
        md("[the notes](https://example.org/notes)"),
        "<p><a href=\"https://example.org/notes\" target=\"_blank\" rel=\"noopener noreferrer\">the notes</a></p>\n"
    );
    assert_eq!(
        md("[dev](/demo/channels/dev)"),
        "<p><a href=\"/demo/channels/dev\">dev</a></p>\n"
    );
    assert!(md("[t](https://e.org \"Title\")").contains(" title=\"Title\""));
    assert!(md("[a](https://e.org/?a=1&b=2)").contains("href=\"https://e.org/?a=1&amp;b=2\""));
    assert!(md("<ann@example.org>").contains("<a href=\"mailto:ann@example.org\">"));
    assert!(md("<https://example.org>").contains("<a href=\"https://example.org\""));
}

#[test]
fn bare_web_addresses_become_links_without_trailing_punctuation() {
    let html = md("see https://example.org/a_(b). and www.example.com, ok");
    assert!(
        html.contains("<a href=\"https://example.org/a_(b)\""),
        "{html}"
    );
    assert!(html.contains(">https://example.org/a_(b)</a>."), "{html}");
    assert!(
        html.contains("<a href=\"http://www.example.com\""),
        "{html}"
    );
    assert!(!md("[x](https://a.org) https").contains("https</a>"));
    let nested = md("[see https://a.org](https://b.org)");
    assert_eq!(
        nested.matches("<a ").count(),
        1,
        "no link inside a link: {nested}"
    );
    assert!(
        !md("xhttps://example.org").contains("<a"),
        "only at a word start"
    );
    assert!(!md("`https://example.org`").contains("<a"), "not in code");
}

#[test]
fn images_with_safe_urls_render_with_alt_text() {
    let html = md("![a cat](https://example.org/cat.png)");
    assert!(
        html.contains("<img src=\"https://example.org/cat.png\" alt=\"a cat\""),
        "{html}"
    );
    assert_eq!(md("![a cat](data:image/png;base64,AAAA)"), "<p>a cat</p>\n");
}

#[test]
fn mentions_are_highlighted_and_mine_more() {
    let html = md("hi @bob and @ann, also @Ann.");
    assert!(
        html.contains("<span class=\"mention\">@bob</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"mention mention-me\">@ann</span>,"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"mention mention-me\">@Ann</span>."),
        "{html}"
    );
    for everyone in ["@channel", "@all", "@here"] {
        assert!(md(everyone).contains("mention mention-me"), "{everyone}");
    }
    assert!(md("@first.last-name_2").contains(">@first.last-name_2</span>"));
    assert!(
        md("@under_score_").contains(">@under_score_</span>"),
        "underscore is kept"
    );
}

#[test]
fn emails_code_and_lone_at_signs_are_not_mentions() {
    assert!(!md("mail bob@example.org").contains("mention"));
    assert!(!md("`@bob`").contains("mention"));
    assert!(!md("```\n@bob\n```").contains("mention"));
    assert!(!md("a @ b").contains("mention"));
    assert!(md("(@bob)").contains("(<span class=\"mention\">@bob</span>)"));
}

#[test]
fn gfm_tables_strikethrough_and_task_lists() {
    let table = md("| step | owner |\n|---|---|\n| build | ci |");
    assert!(
        table.contains("<table>") && table.contains("<td>build</td>"),
        "{table}"
    );
    assert_eq!(md("~~old~~"), "<p><del>old</del></p>\n");
    let tasks = md("- [x] done\n- [ ] todo");
    assert!(
        tasks.contains("type=\"checkbox\"") && tasks.contains("checked"),
        "{tasks}"
    );
}

#[test]
fn blocks_are_written_whole_each_on_its_own_lines() {
    assert_eq!(
        md("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |"),
        "<table><thead><tr><th style=\"text-align: left\">a</th>\
         <th style=\"text-align: center\">b</th><th style=\"text-align: right\">c</th>\
         </tr></thead><tbody>\n<tr><td style=\"text-align: left\">1</td>\
         <td style=\"text-align: center\">2</td><td style=\"text-align: right\">3</td></tr>\n\
         </tbody></table>\n"
    );
    assert_eq!(
        md("3. three\n4. four"),
        "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n"
    );
    assert_eq!(
        md("- [x] done\n- [ ] *todo*"),
        "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n\
         <li><input disabled=\"\" type=\"checkbox\"/>\n<em>todo</em></li>\n</ul>\n"
    );
    assert_eq!(
        md("> **said**\n\n---\n\n    indented"),
        "<blockquote>\n<p><strong>said</strong></p>\n</blockquote>\n<hr />\n\
         <pre><code>indented</code></pre>\n"
    );
    assert_eq!(
        md("![a *big* `cat`](https://example.org/c.png \"Our \\\"cat\\\"\")"),
        "<p><img src=\"https://example.org/c.png\" alt=\"a big cat\" \
         title=\"Our &quot;cat&quot;\" /></p>\n"
    );
}

#[test]
fn code_blocks_keep_their_text_and_language() {
    let html = md("```elixir\nfn main() { <b> }\n```");
    assert!(
        html.contains("<pre><code class=\"language-elixir\">fn main() { &lt;b&gt; }"),
        "{html}"
    );
}

#[test]
fn single_newlines_break_lines_and_headings_sit_below_the_page_title() {
    assert_eq!(md("one\ntwo"), "<p>one<br />\ntwo</p>\n");
    assert_eq!(md("# Title"), "<h3>Title</h3>\n");
    assert_eq!(
        md("**bold** _it_"),
        "<p><strong>bold</strong> <em>it</em></p>\n"
    );
}

#[test]
fn channel_links_point_into_the_team() {
    assert_eq!(
        md("see ~dev-chat."),
        "<p>see <a class=\"channel-link\" href=\"/demo/channels/dev-chat\">~dev-chat</a>.</p>\n"
    );
    assert!(!md("a~b").contains("<a"), "only at a word start");
    assert!(!md("`~dev`").contains("<a"), "not in code");
    assert!(md("~~gone~~").contains("<del>gone</del>"));
    let unlinked = render("~dev", &RenderOptions::default());
    assert_eq!(unlinked, "<p>~dev</p>\n", "without a team it stays text");
}

#[test]
fn hashtags_of_three_or_more_become_search_links() {
    let html = md("shipping #release-1.2. today");
    assert!(
        html.contains(
            r##"<a class="hashtag" href="#" data-hashtag="#release-1.2">#release-1.2</a>. today"##
        ),
        "{html}"
    );
    assert!(!md("#ab").contains("hashtag"), "too short");
    assert!(!md("#123").contains("hashtag"), "must start with a letter");
    assert!(!md("issue#abc").contains("hashtag"), "only at a word start");
    assert!(!md("`#code`").contains("hashtag"));
    assert!(
        md("# Title").starts_with("<h3>"),
        "a heading is not a hashtag"
    );
}

#[test]
fn emoji_shortcodes_and_emoticons_become_emoji() {
    let html = md("ship it :tada: :+1:");
    assert!(
        html.contains(
            r#"<span class="emoji" role="img" aria-label=":tada:" title=":tada:">🎉</span>"#
        ),
        "{html}"
    );
    assert!(html.contains("aria-label=\":+1:\""), "{html}");
    assert_eq!(md(":not_an_emoji:"), "<p>:not_an_emoji:</p>\n");
    assert!(!md("a:tada:b").contains("emoji"), "not inside a word");
    assert!(!md("`:tada:`").contains("emoji"), "not in code");
    for (text, name) in [
        (":)", "slightly_smiling_face"),
        (";-)", "wink"),
        (":D", "smile"),
        ("<3", "heart"),
        (":(", "slightly_frowning_face"),
    ] {
        assert!(
            md(text).contains(&format!(":{name}:")),
            "{text} → {}",
            md(text)
        );
    }
    assert!(
        !md("(see: http://x.org)").contains("emoji"),
        "no emoticon in a URL"
    );
    assert!(!md("f(x:)").contains("emoji"));
    assert!(!md("8:00 :))").contains("emoji"));
}

#[test]
fn images_take_mattermost_size_syntax() {
    assert_eq!(
        md("![chart](https://example.org/c.png =200x100)"),
        "<p><img src=\"https://example.org/c.png\" alt=\"chart\" width=\"200\" height=\"100\" /></p>\n"
    );
    assert!(md("![c](https://e.org/c.png =200)").contains("width=\"200\" />"));
    assert!(md("![c](https://e.org/c.png =x50)").contains("alt=\"c\" height=\"50\" />"));
    assert_eq!(
        md("![c](javascript:x =1x1)"),
        "<p>![c](javascript:x =1x1)</p>\n"
    );
    assert!(!md("![c](https://e.org/c.png =wide)").contains("<img"));
}

#[test]
fn fenced_code_is_written_plain_with_its_language_for_the_browser_to_colour() {
    let html = md("```rust\nfn main() { let s = \"<b>\"; } // done\n```");
    assert_eq!(
        html,
        "<pre><code class=\"language-rust\">fn main() { let s = &quot;&lt;b&gt;&quot;; } // done\n</code></pre>\n"
    );
    let plain = md("```\nfn main() {}\n```");
    assert_eq!(plain, "<pre><code>fn main() {}\n</code></pre>\n");
}

#[test]
fn a_text_rendered_before_comes_from_the_cache_for_the_same_reader_and_team_only() {
    let mut rendered = Rendered::default();
    let as_ann = RenderOptions {
        my_username: Some("ann"),
        team_name: Some("demo"),
    };
    let as_bob = RenderOptions {
        my_username: Some("bob"),
        ..as_ann
    };
    let text = "hi @ann, see ~town-square";
    assert_eq!(rendered.get(text, &as_ann), render(text, &as_ann));
    assert_eq!(rendered.get(text, &as_ann), render(text, &as_ann));
    assert!(rendered.get(text, &as_ann).contains("mention-me"));
    assert!(
        !rendered.get(text, &as_bob).contains("mention-me"),
        "another reader's rendering is not reused"
    );
    let other_team = RenderOptions {
        team_name: Some("acme"),
        ..as_bob
    };
    assert!(rendered
        .get(text, &other_team)
        .contains("/acme/channels/town-square"));
    for n in 0..RENDERED_TEXTS + 1 {
        rendered.get(&format!("post {n}"), &other_team);
    }
    assert!(
        rendered.html.len() <= RENDERED_TEXTS,
        "the cache stays bounded"
    );
}
