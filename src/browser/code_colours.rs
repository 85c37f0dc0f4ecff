//! Colours for fenced code in rendered markdown, put in on the page. The markdown renderer writes
//! a code block as plain, escaped text with its language as a class (`<pre><code
//! class="language-rust">`), and the highlighter (markdown/highlight.rs) colours the blocks on the
//! page once drawn: it is a chunk, fetched the first time a message with a code block is shown,
//! as most channels' first screen has none. Until it arrives the code is shown plain.

use std::cell::Cell;

use leptos::prelude::*;
use web_sys::Element;

use crate::browser::select::select_all;
use crate::lazy::lazy_fn;
use crate::markdown::{self, highlight};

/// The code blocks with a language not looked at yet.
const NOT_COLOURED: &str = "pre > code[class^=\"language-\"]:not([data-coloured])";

thread_local! {
    /// Whether the page's code blocks are to be coloured already (one pass colours them all).
    static PASS_DUE: Cell<bool> = const { Cell::new(false) };
}

/// Colours the code blocks of the page, `html` among them, once it is drawn: in the next frame,
/// before it is painted (what is drawn in this task and its effects is on the page by then).
pub fn colour_once_drawn(html: &str) {
    if !html.contains(markdown::CODE_WITH_LANGUAGE) || PASS_DUE.replace(true) {
        return;
    }
    request_animation_frame(|| {
        PASS_DUE.set(false);
        leptos::task::spawn_local(async {
            // Without its chunk the code stays plain, and readable.
            let _ = colour_code_blocks().await;
        });
    });
}

lazy_fn! {
    /// Colours each code block of the page in a language the highlighter knows, and marks every
    /// one looked at.
    fn colour_code_blocks() -> () {
        let blocks = document()
            .body()
            .map(|page| select_all::<Element>(&page, NOT_COLOURED).collect::<Vec<_>>());
        for code in blocks.unwrap_or_default() {
            let _ = code.set_attribute("data-coloured", "");
            let class = code.class_name();
            let language = class.trim_start_matches("language-");
            if highlight::knows(language) {
                let text = code.text_content().unwrap_or_default();
                // Escaped by the highlighter, as the renderer escapes it.
                code.set_inner_html(&highlight::highlight(language, &text));
            }
        }
    }
}
