//! A small syntax highlighter for fenced code: keywords, strings, comments and numbers of the
//! languages people paste most. Hand-written because a full highlighting crate (grammars,
//! themes) would outweigh the rest of the client.

use super::escape::push_escaped;

/// How one language looks to the tokenizer.
struct Language {
    keywords: &'static [&'static str],
    /// Starts a comment that runs to the end of the line.
    line_comments: &'static [&'static str],
    /// `/* ... */`-style comments.
    block_comment: Option<(&'static str, &'static str)>,
    quotes: &'static [char],
}

const C_LIKE_COMMENTS: Option<(&str, &str)> = Some(("/*", "*/"));

const RUST: Language = Language {
    keywords: &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
        "true", "type", "unsafe", "use", "where", "while",
    ],
    line_comments: &["//"],
    block_comment: C_LIKE_COMMENTS,
    quotes: &['"'],
};

const JAVASCRIPT: Language = Language {
    keywords: &[
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "default",
        "delete",
        "do",
        "else",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "from",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "of",
        "return",
        "static",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "type",
        "typeof",
        "undefined",
        "var",
        "void",
        "while",
        "yield",
    ],
    line_comments: &["//"],
    block_comment: C_LIKE_COMMENTS,
    quotes: &['"', '\'', '`'],
};

const PYTHON: Language = Language {
    keywords: &[
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "False", "finally", "for", "from", "global", "if", "import",
        "in", "is", "lambda", "None", "nonlocal", "not", "or", "pass", "raise", "return", "True",
        "try", "while", "with", "yield",
    ],
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
};

const GO: Language = Language {
    keywords: &[
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "false",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "nil",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "true",
        "type",
        "var",
    ],
    line_comments: &["//"],
    block_comment: C_LIKE_COMMENTS,
    quotes: &['"', '\'', '`'],
};

const C_FAMILY: Language = Language {
    keywords: &[
        "auto",
        "bool",
        "break",
        "case",
        "catch",
        "char",
        "class",
        "const",
        "continue",
        "default",
        "delete",
        "do",
        "double",
        "else",
        "enum",
        "extends",
        "false",
        "final",
        "float",
        "for",
        "if",
        "implements",
        "import",
        "int",
        "long",
        "namespace",
        "new",
        "null",
        "nullptr",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "short",
        "sizeof",
        "static",
        "struct",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typedef",
        "union",
        "unsigned",
        "using",
        "var",
        "void",
        "volatile",
        "while",
    ],
    line_comments: &["//"],
    block_comment: C_LIKE_COMMENTS,
    quotes: &['"', '\''],
};

const SHELL: Language = Language {
    keywords: &[
        "case", "do", "done", "echo", "elif", "else", "esac", "exit", "export", "fi", "for",
        "function", "if", "in", "local", "return", "then", "until", "while",
    ],
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
};

const SQL: Language = Language {
    keywords: &[
        "and", "as", "by", "create", "delete", "desc", "distinct", "drop", "from", "group",
        "having", "index", "insert", "into", "join", "left", "limit", "not", "null", "on", "or",
        "order", "primary", "key", "select", "set", "table", "update", "values", "where",
    ],
    line_comments: &["--"],
    block_comment: C_LIKE_COMMENTS,
    quotes: &['\''],
};

const DATA: Language = Language {
    keywords: &["true", "false", "null"],
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
};

/// The language a fence names (`rust`, `js`, ...), by its common names.
fn language(name: &str) -> Option<&'static Language> {
    Some(match name.to_ascii_lowercase().as_str() {
        "rust" | "rs" => &RUST,
        "js" | "javascript" | "jsx" | "ts" | "typescript" | "tsx" => &JAVASCRIPT,
        "py" | "python" => &PYTHON,
        "go" | "golang" => &GO,
        "c" | "h" | "cpp" | "c++" | "java" | "cs" | "csharp" | "kotlin" => &C_FAMILY,
        "sh" | "bash" | "shell" | "zsh" | "console" => &SHELL,
        "sql" => &SQL,
        "json" | "yaml" | "yml" | "toml" => &DATA,
        _ => return None,
    })
}

/// Whether the fence's language is one this highlighter knows.
pub fn knows(name: &str) -> bool {
    language(name).is_some()
}

/// What a run of code is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Plain,
    Keyword,
    Text,
    Comment,
    Number,
}

impl Kind {
    fn class(self) -> Option<&'static str> {
        match self {
            Kind::Plain => None,
            Kind::Keyword => Some("hl-k"),
            Kind::Text => Some("hl-s"),
            Kind::Comment => Some("hl-c"),
            Kind::Number => Some("hl-n"),
        }
    }
}

/// Escaped HTML for `code`, its tokens wrapped in `<span class="hl-…">`; plain escaped text
/// when the language is unknown.
pub fn highlight(language_name: &str, code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let Some(language) = language(language_name) else {
        push_escaped(&mut out, code);
        return out;
    };
    let mut at = 0;
    while at < code.len() {
        let (kind, end) = token(language, code, at);
        match kind.class() {
            Some(class) => {
                out.push_str("<span class=\"");
                out.push_str(class);
                out.push_str("\">");
                push_escaped(&mut out, &code[at..end]);
                out.push_str("</span>");
            }
            None => push_escaped(&mut out, &code[at..end]),
        }
        at = end;
    }
    out
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The token starting at `at` and where it ends (always past `at`).
fn token(language: &Language, code: &str, at: usize) -> (Kind, usize) {
    let rest = &code[at..];
    let first = rest.chars().next().unwrap_or(' ');
    if language.line_comments.iter().any(|p| rest.starts_with(p)) {
        let end = rest.find('\n').unwrap_or(rest.len());
        return (Kind::Comment, at + end);
    }
    if let Some((open, close)) = language.block_comment {
        if let Some(body) = rest.strip_prefix(open) {
            let end = body
                .find(close)
                .map_or(rest.len(), |i| open.len() + i + close.len());
            return (Kind::Comment, at + end);
        }
    }
    if language.quotes.contains(&first) {
        return (Kind::Text, at + string_end(rest, first));
    }
    let run = rest
        .find(|c: char| !is_identifier_char(c))
        .unwrap_or(rest.len());
    if run > 0 {
        let word = &rest[..run];
        let kind = if first.is_ascii_digit() {
            Kind::Number
        } else if is_keyword(language, word) {
            Kind::Keyword
        } else {
            Kind::Plain
        };
        return (kind, at + run);
    }
    (Kind::Plain, at + first.len_utf8())
}

fn is_keyword(language: &Language, word: &str) -> bool {
    // SQL is written in either case; the others are case-sensitive.
    if std::ptr::eq(language, &SQL) {
        language
            .keywords
            .iter()
            .any(|k| k.eq_ignore_ascii_case(word))
    } else {
        language.keywords.contains(&word)
    }
}

/// The length of the string literal opening `rest`, to its closing quote (a backslash escapes
/// the next character) or, unclosed, to the end of the line.
fn string_end(rest: &str, quote: char) -> usize {
    let mut chars = rest.char_indices().skip(1);
    while let Some((index, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '\n' if quote != '`' => return index,
            c if c == quote => return index + c.len_utf8(),
            _ => {}
        }
    }
    rest.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_keywords_strings_comments_and_numbers() {
        assert_eq!(
            highlight("rust", "let x = 42; // answer\nprintln!(\"a \\\"b\\\"\");"),
            "<span class=\"hl-k\">let</span> x = <span class=\"hl-n\">42</span>; \
             <span class=\"hl-c\">// answer</span>\nprintln!(<span class=\"hl-s\">\
             &quot;a \\&quot;b\\&quot;&quot;</span>);"
        );
    }

    #[test]
    fn keywords_inside_identifiers_are_not_keywords() {
        assert_eq!(highlight("rust", "letter"), "letter");
        assert_eq!(
            highlight("python", "import os"),
            "<span class=\"hl-k\">import</span> os"
        );
        assert_eq!(
            highlight("SQL", "select 1"),
            "<span class=\"hl-k\">select</span> <span class=\"hl-n\">1</span>"
        );
    }

    #[test]
    fn block_comments_and_unclosed_strings_end_sensibly() {
        assert_eq!(
            highlight("js", "/* a\nb */ x"),
            "<span class=\"hl-c\">/* a\nb */</span> x"
        );
        assert_eq!(
            highlight("js", "'open\nnext"),
            "<span class=\"hl-s\">&#39;open</span>\nnext"
        );
        assert_eq!(
            highlight("go", "/* never closed"),
            "<span class=\"hl-c\">/* never closed</span>"
        );
    }

    #[test]
    fn code_is_escaped_whatever_the_language() {
        let code = "<script>alert('x')</script>";
        for language in ["rust", "js", "unknown", ""] {
            let html = highlight(language, code);
            assert!(!html.contains("<script"), "{language}: {html}");
        }
        assert!(!knows("brainfuck"));
        assert!(knows("TypeScript"));
    }
}
