//! The client's layering, checked on its sources: components and pages reach the network only
//! through `actions` (components/pages → actions → api), never `api` directly.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// The folders whose code may not name the `api` module.
const ABOVE_ACTIONS: [&str; 2] = ["src/components", "src/pages"];

#[test]
fn components_and_pages_never_call_the_api_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut violations = Vec::new();
    for folder in ABOVE_ACTIONS {
        let files = rust_files(&root.join(folder));
        assert!(!files.is_empty(), "no sources found in {folder}");
        for file in files {
            let source = fs::read_to_string(&file).expect("source file is readable");
            for line in lines_naming_api(&source) {
                let shown = file.strip_prefix(root).unwrap_or(&file).display();
                violations.push(format!("{shown}:{line}"));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "components and pages must call `actions`, never `api` (found at {violations:?})"
    );
}

#[test]
fn any_way_of_naming_the_api_module_is_caught() {
    let caught = |code: &str| !lines_naming_api(code).is_empty();
    assert!(caught("use crate::api;"));
    assert!(caught("use crate::{actions, api::ApiError};"));
    assert!(caught("let x = crate::api::me().await;"));
    assert!(caught("fn f() {\n    api::logout();\n}"));
    assert!(caught("use super::super::api::posts;"));
    assert!(!caught("use crate::actions::ApiError;"));
    assert!(!caught("// api::me() is called by actions"));
    assert!(!caught(r#"let path = "/api/v4/files"; let c = 'a';"#));
    assert!(!caught(
        "let rapid = apis::x; fn f<'a>(api_key: &'a str) {}"
    ));
    assert_eq!(lines_naming_api("use x;\n\nuse crate::api;"), [3]);
}

fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(folder).expect("source folder is readable") {
        let path = entry.expect("folder entry is readable").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The 1-based lines where the identifier `api` occurs in code (comments, strings and character
/// literals skipped): however it is imported or called, the module has to be named.
fn lines_naming_api(source: &str) -> Vec<usize> {
    let chars: Vec<char> = source.chars().collect();
    let mut lines = Vec::new();
    let (mut at, mut line) = (0, 1);
    while at < chars.len() {
        let c = chars[at];
        let next = chars.get(at + 1).copied();
        if c == '\n' {
            line += 1;
            at += 1;
        } else if c == '/' && next == Some('/') {
            while at < chars.len() && chars[at] != '\n' {
                at += 1;
            }
        } else if c == '/' && next == Some('*') {
            at += 2;
            while at < chars.len() && !(chars[at] == '*' && chars.get(at + 1) == Some(&'/')) {
                line += usize::from(chars[at] == '\n');
                at += 1;
            }
            at += 2;
        } else if c == '"' {
            at += 1;
            while at < chars.len() && chars[at] != '"' {
                line += usize::from(chars[at] == '\n');
                at += if chars[at] == '\\' { 2 } else { 1 };
            }
            at += 1;
        } else if c == '\'' && chars.get(at + 2) == Some(&'\'') {
            at += 3;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{1F600}'.
            at += 2;
            while at < chars.len() && chars[at] != '\'' {
                at += 1;
            }
            at += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = at;
            while at < chars.len() && (chars[at].is_alphanumeric() || chars[at] == '_') {
                at += 1;
            }
            let word: String = chars[start..at].iter().collect();
            if word == "api" && lines.last() != Some(&line) {
                lines.push(line);
            }
        } else {
            at += 1;
        }
    }
    lines
}
