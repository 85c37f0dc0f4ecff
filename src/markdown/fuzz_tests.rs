//! Fuzz-style checks of the renderer: messages are written by anyone, so random and adversarial
//! text must render without a panic, in bounded time, with no markup of its own in the output
//! and no unsafe link. Cases come from a seeded generator (failures name the seed to replay).

use std::time::{Duration, Instant};

use brisk_model::fuzz::Generator;

use super::tests::{assert_safe_html, md, tags, XSS_CORPUS};

/// Markdown syntax, the renderer's own decorations (mentions, ~channels, #tags, :emoji:, sized
/// images, bare links) and raw HTML marked `rawmark`, which must never come out as markup.
pub(super) const FRAGMENTS: &[&str] = &[
    "word",
    " ",
    "\n",
    "\n\n",
    "*",
    "_",
    "**",
    "~~",
    "`",
    "```",
    "```rust\n",
    "    ",
    "> ",
    "- ",
    "1. ",
    "- [ ] ",
    "# ",
    "###### ",
    "|",
    "|---|",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    "&",
    "&amp;",
    "&#x6A;",
    "&#",
    ";",
    "\"",
    "'",
    "=",
    "@ann",
    "@",
    "~town-square",
    "~",
    "#tag",
    "#",
    ":tada:",
    ":",
    ":)",
    "<3",
    "https://example.org/a?b=c&d",
    "www.example.org",
    "http://",
    "javascript:",
    "JaVaScRiPt:alert(1)",
    "data:text/html,",
    "vbscript:",
    "=10x10",
    " =x20",
    "<a id=rawmark href=\"https://example.org\">",
    "<span class=rawmark>",
    "<em rawmark>",
    "<img rawmark src=x onerror=alert(1)>",
    "<script rawmark>",
    "</a>",
    "<!--",
    "-->",
    "\t",
    "é",
    "🦀",
    "\u{0}",
    "\u{202e}",
    "\r",
];

/// What one input may take in this (unoptimised) test build on a busy machine, far above what
/// linear work needs (a 16,000-character message renders in about 0.2 s on an idle one).
const PER_INPUT: Duration = Duration::from_secs(5);

/// The input as a failure shows it: the start of a long one, and its length.
fn shown(input: &str) -> String {
    let start: String = input.chars().take(120).collect();
    if start.len() < input.len() {
        format!("{start:?}… ({} bytes)", input.len())
    } else {
        format!("{start:?}")
    }
}

fn check(input: &str, label: &str) {
    let started = Instant::now();
    let html = std::panic::catch_unwind(|| md(input))
        .unwrap_or_else(|_| panic!("{label}: the renderer panicked on {}", shown(input)));
    let took = started.elapsed();
    assert!(took < PER_INPUT, "{label}: {took:?} for {}", shown(input));
    std::panic::catch_unwind(|| assert_safe_html(input, &html))
        .unwrap_or_else(|_| panic!("{label}: unsafe output for {}", shown(input)));
    for tag in tags(&html) {
        assert!(
            !tag.contains("rawmark"),
            "{label}: raw HTML came through for {}: {html}",
            shown(input)
        );
    }
}

#[test]
fn random_messages_render_safely() {
    let mut generator = Generator::new(0x5eed_0101);
    for case in 0..1500 {
        let input = generator.text(FRAGMENTS, 40);
        check(&input, &generator.case(case));
    }
    for case in 0..300 {
        let input = generator.any_chars(200);
        check(&input, &generator.case(1500 + case));
    }
}

#[test]
fn the_xss_corpus_mixed_into_markdown_renders_safely() {
    let mut generator = Generator::new(0x5eed_0102);
    for case in 0..600 {
        let mut input = generator.text(FRAGMENTS, 6);
        input.push_str(XSS_CORPUS[generator.below(XSS_CORPUS.len())]);
        input.push_str(&generator.text(FRAGMENTS, 6));
        check(&input, &generator.case(case));
    }
}

#[test]
fn large_adversarial_messages_take_bounded_time() {
    // Mattermost's longest post; headers and edits reach the renderer too.
    let size = brisk_model::POST_MESSAGE_MAX_RUNES;
    let inputs = [
        "[".repeat(size),
        "![".repeat(size / 2),
        "*a".repeat(size / 2),
        "_".repeat(size),
        "`".repeat(size),
        "> ".repeat(size / 2),
        "- ".repeat(size / 2),
        "<".repeat(size),
        "&#".repeat(size / 2),
        ":".repeat(size),
        ":a".repeat(size / 2),
        "@".repeat(size),
        "~".repeat(size),
        "#".repeat(size),
        "http://".repeat(size / 7),
        "www.".repeat(size / 4),
        "|".repeat(size),
        "|a\n".repeat(size / 3),
        "![x](a =".repeat(size / 8),
        "[a](".repeat(size / 4),
        format!("```rust\n{}\n```", "\"'/*".repeat(size / 4)),
        // Deep nesting and long delimiter runs for brisk's own parser (parse/).
        "*".repeat(size),
        "~~a".repeat(size / 3),
        "**a_".repeat(size / 4),
        ">".repeat(size),
        "1. ".repeat(size / 3),
        format!("{}x{}", "1. ".repeat(size / 6), "\n".repeat(size / 2)),
        format!("{}x", "- ".repeat(size / 2)),
        format!("{}{}", "> ".repeat(size / 4), "a\n".repeat(size / 4)),
        "- [ ] ".repeat(size / 6),
        "]".repeat(size),
        "[a]".repeat(size / 3),
        "[](".repeat(size / 3),
        format!("[a]({}", "(".repeat(size)),
        "[a](b \"".repeat(size / 7),
        (1..)
            .map(|n| format!("{}a", "`".repeat(n)))
            .take(170)
            .collect(),
        "\\\n".repeat(size / 2),
        "a  \n".repeat(size / 4),
        format!("| a | b |\n|---|---|\n{}", "| 1 |\n".repeat(size / 6)),
        "<a@".repeat(size / 3),
        "&#1;".repeat(size / 4),
        "    a\n\n".repeat(size / 7),
        (0..120)
            .map(|depth| format!("{}- item\n", "  ".repeat(depth)))
            .collect(),
    ];
    for (n, input) in inputs.iter().enumerate() {
        check(input, &format!("adversarial input {n}"));
    }
}
