//! brisk's parser against pulldown-cmark, the CommonMark parser it replaced: both parsers'
//! events go through the same decorator and writer, and the HTML must be the same, for
//! hand-written chat messages covering every construct and for generated ones.
//!
//! Where brisk differs on purpose the case is left out, each for its reason, found from
//! pulldown's own events (see `Reference`), never by a blanket skip.

use brisk_model::fuzz::Generator;
use pulldown_cmark as reference;

use super::parse::{self, Alignment, Event, Tag, TagEnd};
use super::tests::md;
use super::{render, render_events, RenderOptions};

/// Why a case is not compared.
#[derive(Debug, PartialEq, Eq)]
enum Skipped {
    /// pulldown read an HTML block: its lines are one raw text, markdown inside them unparsed.
    /// brisk parses such lines as a paragraph (raw HTML is never markup to it).
    HtmlBlock,
    /// pulldown read an inline HTML tag or comment whose text has markdown punctuation, which
    /// it then keeps from being parsed (`<a title="*">*x*`); brisk parses it.
    InlineHtml,
    /// A link reference definition, which brisk does not support.
    ReferenceDefinition,
    /// A task list item with nothing after its `[ ]`: pulldown-cmark makes it a task or text
    /// depending on what comes before, and ends its paragraph early. brisk takes it as a task
    /// like any other.
    EmptyTaskItem,
    /// A lone carriage return (no line feed after it) where either parser made a code block:
    /// pulldown-cmark ends lines there in paragraphs but not in code or a fence's line; brisk
    /// always does. Browsers send `\n` or `\r\n`, never a lone `\r`.
    CarriageReturnInCode,
    /// A code span across a `\r\n`: pulldown-cmark makes it two spaces, CommonMark and brisk
    /// one.
    CrlfInCodeSpan,
    /// A heading line ending in a tab: pulldown-cmark keeps or drops the tab depending on what
    /// comes before it; browsers do not show it either way.
    HeadingTrailingTab,
    /// A tab and then `>`: four columns of indentation, so not a quote marker in CommonMark
    /// and brisk, but pulldown-cmark takes it as one where the line continues a quote.
    TabBeforeQuoteMarker,
}

const OPTIONS: RenderOptions = RenderOptions {
    my_username: Some("ann"),
    team_name: Some("demo"),
};

/// `text` rendered from pulldown-cmark's events, or why it is not compared.
fn reference_html(text: &str) -> Result<String, Skipped> {
    let mut parser = reference::Parser::new_ext(
        text,
        reference::Options::ENABLE_TABLES
            | reference::Options::ENABLE_STRIKETHROUGH
            | reference::Options::ENABLE_TASKLISTS,
    );
    if has_empty_task_item(text) {
        return Err(Skipped::EmptyTaskItem);
    }
    let lines = || text.split(['\n', '\r']);
    if lines().any(|line| line.trim_start_matches(' ').starts_with("\t>")) {
        return Err(Skipped::TabBeforeQuoteMarker);
    }
    let mut events = Vec::new();
    for event in parser.by_ref() {
        convert(event, &mut events)?;
    }
    if parser.reference_definitions().iter().next().is_some() {
        return Err(Skipped::ReferenceDefinition);
    }
    let is_heading = |event: &Event| matches!(event, Event::Start(Tag::Heading(_)));
    if events.iter().any(is_heading)
        && lines().any(|line| line.contains('#') && line.ends_with('\t'))
    {
        return Err(Skipped::HeadingTrailingTab);
    }
    let code_span_has_two_spaces =
        |event: &Event| matches!(event, Event::Code(code) if code.contains("  "));
    if text.contains("\r\n") && events.iter().any(code_span_has_two_spaces) {
        return Err(Skipped::CrlfInCodeSpan);
    }
    let is_code = |event: &Event| matches!(event, Event::Start(Tag::CodeBlock(_)));
    let lone_carriage_return = text
        .split('\r')
        .skip(1)
        .any(|after| !after.starts_with('\n'));
    if lone_carriage_return
        && (events.iter().any(is_code) || parse::parse(text).iter().any(is_code))
    {
        return Err(Skipped::CarriageReturnInCode);
    }
    Ok(render_events(events, text.len(), &OPTIONS))
}

/// Whether a line of `text` ends with a list marker and a task box: `- [ ]`, `1. [x]`…
fn has_empty_task_item(text: &str) -> bool {
    text.split(['\n', '\r']).any(|line| {
        let line = line.trim_end();
        ["[ ]", "[x]", "[X]"].iter().any(|task| {
            line.strip_suffix(task).is_some_and(|before| {
                let marker = before.trim_end_matches([' ', '\t']);
                before.len() > marker.len() && marker.ends_with(['-', '+', '*', '.', ')'])
            })
        })
    })
}

/// Appends pulldown's `event` as brisk's, texts merged as brisk's parser merges them.
fn convert(event: reference::Event<'_>, events: &mut Vec<Event>) -> Result<(), Skipped> {
    use reference::{Event as E, Tag as T, TagEnd as End};
    let converted = match event {
        E::Start(T::HtmlBlock) => return Err(Skipped::HtmlBlock),
        E::InlineHtml(html)
            if html.contains(['*', '_', '~', '`', '[', ']', '\\', '&', '\n', '\r']) =>
        {
            return Err(Skipped::InlineHtml)
        }
        E::Text(text) | E::InlineHtml(text) | E::Html(text) => {
            match events.last_mut() {
                Some(Event::Text(last)) => last.push_str(&text),
                _ => events.push(Event::Text(text.to_string())),
            }
            return Ok(());
        }
        E::Code(code) => Event::Code(code.to_string()),
        E::SoftBreak => Event::SoftBreak,
        E::HardBreak => Event::HardBreak,
        E::Rule => Event::Rule,
        E::TaskListMarker(done) => Event::TaskListMarker(done),
        E::Start(tag) => Event::Start(match tag {
            T::Paragraph => Tag::Paragraph,
            T::Heading { level, .. } => Tag::Heading(level as u8),
            T::BlockQuote(_) => Tag::BlockQuote,
            T::CodeBlock(reference::CodeBlockKind::Fenced(info)) => {
                Tag::CodeBlock(info.to_string())
            }
            T::CodeBlock(reference::CodeBlockKind::Indented) => Tag::CodeBlock(String::new()),
            T::List(start) => Tag::List(start),
            T::Item => Tag::Item,
            T::Table(alignments) => Tag::Table(
                alignments
                    .into_iter()
                    .map(|alignment| match alignment {
                        reference::Alignment::None => Alignment::None,
                        reference::Alignment::Left => Alignment::Left,
                        reference::Alignment::Center => Alignment::Center,
                        reference::Alignment::Right => Alignment::Right,
                    })
                    .collect(),
            ),
            T::TableHead => Tag::TableHead,
            T::TableRow => Tag::TableRow,
            T::TableCell => Tag::TableCell,
            T::Emphasis => Tag::Emphasis,
            T::Strong => Tag::Strong,
            T::Strikethrough => Tag::Strikethrough,
            T::Link {
                link_type,
                dest_url,
                title,
                ..
            } => Tag::Link {
                url: dest_url.to_string(),
                title: title.to_string(),
                email: link_type == reference::LinkType::Email,
            },
            T::Image {
                dest_url, title, ..
            } => Tag::Image {
                url: dest_url.to_string(),
                title: title.to_string(),
            },
            other => panic!("not enabled in the reference parser: {other:?}"),
        }),
        E::End(tag) => Event::End(match tag {
            End::Paragraph => TagEnd::Paragraph,
            End::Heading(level) => TagEnd::Heading(level as u8),
            End::BlockQuote(_) => TagEnd::BlockQuote,
            End::CodeBlock => TagEnd::CodeBlock,
            End::List(ordered) => TagEnd::List { ordered },
            End::Item => TagEnd::Item,
            End::Table => TagEnd::Table,
            End::TableHead => TagEnd::TableHead,
            End::TableRow => TagEnd::TableRow,
            End::TableCell => TagEnd::TableCell,
            End::Emphasis => TagEnd::Emphasis,
            End::Strong => TagEnd::Strong,
            End::Strikethrough => TagEnd::Strikethrough,
            End::Link => TagEnd::Link,
            End::Image => TagEnd::Image,
            other => panic!("not enabled in the reference parser: {other:?}"),
        }),
        other => panic!("not enabled in the reference parser: {other:?}"),
    };
    events.push(converted);
    Ok(())
}

/// Chat messages as people write them, covering each construct the parser handles.
const MESSAGES: &[&str] = &[
    "hello world",
    "one\ntwo\nthree",
    "para one\n\npara two",
    "trailing spaces  \nmake a break",
    "a backslash\\\nbreaks too",
    "*em* and _em_ and **strong** and __strong__",
    "***both*** and *__mixed__* and **_mixed_**",
    "*nested **strong** inside*",
    "**nested *em* inside**",
    "snake_case_name and __init__ and a_b_c",
    "2*3*4 and 2 * 3 * 4",
    "*a **b** c*",
    "**a*b*c**",
    "*foo**bar**baz*",
    "*foo**bar*",
    "**unclosed and *half",
    "~~gone~~ and ~~not closed",
    "~single~ tilde",
    "~~~three~~~ tildes",
    "`code` and ``code with ` inside`` and ` `` `",
    "`unclosed code and ``more",
    "a `multi\nline` span",
    "[link](https://example.org) and [titled](https://example.org \"Title\")",
    "[single quoted](https://example.org 'T') [paren](https://example.org (T))",
    "[angle](<https://example.org/a b>)",
    "[nested (parens)](https://example.org/a_(b))",
    "[empty]() and [](https://example.org)",
    "[not a link] and [also not](",
    "[a [nested] text](https://example.org)",
    "[link [inside](https://a.org) link](https://b.org)",
    "![image](https://example.org/a.png)",
    "![alt *em*](https://example.org/a.png \"t\")",
    "[![badge](https://example.org/b.svg)](https://example.org)",
    "<https://example.org/path?q=1> and <mailto:ann@example.org>",
    "<ann@example.org> mail me",
    "<not a link> and <b>bold?</b>",
    "a < b > c",
    "\\*not em\\* and \\_not\\_ and \\`not code\\` \\\\ \\[x\\]",
    "&amp; &lt; &gt; &quot; &apos; &nbsp; &#123; &#x1F600; &#0; &#xD800;",
    "&unknown; & &; &#; &#x;",
    "# Heading 1\n## Heading 2\n### Heading 3 ###\n#### H4\n##### H5\n###### H6",
    "#not a heading\n####### seven",
    "Setext 1\n===\n\nSetext 2\n---",
    "> quoted\n> more",
    "> quote\nlazy continuation",
    "> nested\n>> deeper\n> back",
    "> - list in quote\n> - second",
    "> ```\n> code in quote\n> ```",
    "- one\n- two\n- three",
    "* star\n+ plus\n- dash",
    "1. one\n2. two\n3. three",
    "3. three\n4. four",
    "1) paren\n2) list",
    "- tight\n- list\n\n- now loose",
    "- item\n\n  second paragraph",
    "- outer\n  - inner\n    - innermost\n  - inner 2\n- outer 2",
    "1. first\n   - sub\n2. second",
    "- item\ncontinued lazily",
    "text\n- list right after",
    "text\n2. not a list",
    "- [ ] todo\n- [x] done\n- [X] also done",
    "- [ ] open\n- [x]not a task",
    "1. [ ] ordered task",
    "-\n  empty first line",
    "- a\n-\n- c",
    "---\n***\n___\n- - -",
    "text\n***\nmore",
    "```\nplain code\n```",
    "```rust\nfn main() {}\n```",
    "~~~python\nprint('hi')\n~~~",
    "```\nunclosed fence",
    "````\n```\nnested fence\n```\n````",
    "  ```\n  indented fence\n    more\n  ```",
    "```js title=\"x\"\nlet a = 1;\n```",
    "    indented code\n    more\n\n    after blank",
    "text\n    not code (lazy)",
    "\tcode with a tab",
    "- item\n\n      code in item",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "| left | center | right |\n|:---|:---:|---:|\n| 1 | 2 | 3 |",
    "a | b\n--- | ---\n1 | 2",
    "| a |\n|---|\n| 1 | extra |\n| short",
    "| a | b |\n|---|\n| 1 | 2 |",
    "| escaped \\| pipe | b |\n|---|---|\n| `code` | *em* |",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nafter table",
    "hi @ann and @bob, see ~town-square and #release-notes :tada: :)",
    "visit https://example.org/x_y_z and www.example.com.",
    "**bold https://example.org** and *em www.example.org*",
    "![chart](https://example.org/c.png =200x100)",
    "ship it! :+1: <3",
    "line one\r\nline two\rline three",
    "mixed\n\n\n\nblank lines",
    "   three spaces\n    four spaces",
    "trailing backslash\\",
    "*",
    "**",
    "_ _ _",
    "[",
    "]",
    "![",
    "<",
    "&",
    "`",
    "",
    "\n",
    "   ",
];

#[test]
fn hand_written_messages_render_as_pulldown_cmark_renders_them() {
    let mut failures = Vec::new();
    for message in MESSAGES {
        match reference_html(message) {
            Ok(expected) => {
                let html = render(message, &OPTIONS);
                if html != expected {
                    failures.push(format!(
                        "{message:?}\n  brisk:    {html:?}\n  pulldown: {expected:?}"
                    ));
                }
            }
            Err(reason) => panic!("{message:?} is skipped ({reason:?}): choose another"),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What brisk does on purpose where pulldown-cmark differs.
#[test]
fn brisk_differs_from_pulldown_cmark_on_purpose_here() {
    // Only a few named references are decoded (the full table is 38 KB of wasm).
    assert_eq!(md("&copy; &amp;"), "<p>&amp;copy; &amp;</p>\n");
    // Reference links and their definitions are text.
    assert_eq!(
        md("[x][r]\n\n[r]: /notes"),
        "<p>[x][r]</p>\n<p>[r]: /notes</p>\n"
    );
    // Markdown inside what would be an HTML block is parsed.
    assert_eq!(
        md("<div>\n*hi*\n</div>"),
        "<p>&lt;div&gt;<br />\n<em>hi</em><br />\n&lt;/div&gt;</p>\n"
    );
    for (input, reason) in [
        ("<div>\n*hi*\n</div>", Skipped::HtmlBlock),
        ("<span title=\"*\">*x*", Skipped::InlineHtml),
        ("[x][r]\n\n[r]: /notes", Skipped::ReferenceDefinition),
        ("- [ ]\n- [x] done", Skipped::EmptyTaskItem),
        ("```\rcode", Skipped::CarriageReturnInCode),
        ("`a\r\nb`", Skipped::CrlfInCodeSpan),
        ("# _a_\t", Skipped::HeadingTrailingTab),
        ("> a\n\t> b", Skipped::TabBeforeQuoteMarker),
    ] {
        assert_eq!(reference_html(input), Err(reason), "{input:?}");
    }
}

/// Pieces of chat messages: words, markdown syntax, the decorator's own syntax.
const FRAGMENTS: &[&str] = &[
    "word",
    "more words",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "*",
    "**",
    "***",
    "_",
    "__",
    "~~",
    "~",
    "`",
    "``",
    "```",
    "```rust\n",
    "~~~\n",
    "    ",
    "> ",
    ">",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "- [ ] ",
    "- [x] ",
    "# ",
    "## ",
    "###### ",
    "---",
    "===",
    "|",
    "| a | b |\n|---|:-:|\n",
    "\\",
    "\\*",
    "[",
    "]",
    "(",
    ")",
    "](https://example.org)",
    "![",
    "](/a.png \"t\")",
    "<",
    ">",
    "<https://example.org>",
    "<ann@example.org>",
    "&",
    "&amp;",
    "&#x6A;",
    "&lt;",
    ";",
    "\"",
    "'",
    "!",
    ":",
    "=",
    ".",
    ",",
    "@ann",
    "~town-square",
    "#tag",
    ":tada:",
    ":)",
    "https://example.org/a_b",
    "www.example.org",
    "é",
    "🦀",
];

#[test]
fn generated_messages_render_as_pulldown_cmark_renders_them() {
    compare_generated(Generator::new(0x5eed_0201), FRAGMENTS);
}

/// The fuzz tests' pieces: raw HTML, unsafe links, control characters.
#[test]
fn generated_hostile_messages_render_as_pulldown_cmark_renders_them() {
    compare_generated(Generator::new(0x5eed_0202), super::fuzz_tests::FRAGMENTS);
}

/// Renders 4,000 messages of `fragments` both ways; all must agree but the skipped ones.
fn compare_generated(mut generator: Generator, fragments: &[&str]) {
    let cases = 4000;
    let mut same = 0;
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    for case in 0..cases {
        let input = generator.text(fragments, 24);
        let expected = match reference_html(&input) {
            Ok(expected) => expected,
            Err(reason) => {
                skipped.push(reason);
                continue;
            }
        };
        let html = render(&input, &OPTIONS);
        if html == expected {
            same += 1;
        } else {
            failures.push(format!(
                "{}: {input:?}\n  brisk:    {html:?}\n  pulldown: {expected:?}",
                generator.case(case)
            ));
        }
    }
    let count = |reason: Skipped| skipped.iter().filter(|r| **r == reason).count();
    eprintln!(
        "{same} of {} compared cases the same; {} of {cases} skipped: {} HTML block, {} inline \
         HTML, {} reference definition, {} empty task item, {} lone CR in code, {} CRLF in \
         code span, {} heading's trailing tab, {} tab before `>`",
        cases - skipped.len(),
        skipped.len(),
        count(Skipped::HtmlBlock),
        count(Skipped::InlineHtml),
        count(Skipped::ReferenceDefinition),
        count(Skipped::EmptyTaskItem),
        count(Skipped::CarriageReturnInCode),
        count(Skipped::CrlfInCodeSpan),
        count(Skipped::HeadingTrailingTab),
        count(Skipped::TabBeforeQuoteMarker),
    );
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
}
