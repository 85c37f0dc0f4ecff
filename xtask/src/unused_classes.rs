//! Classes of the glue that nothing uses, and the wasm exports only they call. leptos' `csr`
//! feature turns on server_fn's `browser` feature, which brings in wasm-streams, whose three
//! `#[wasm_bindgen]` structs (the sources and sink a Rust stream becomes for a JS stream)
//! wasm-bindgen exports as JS classes with a wasm function per method. brisk calls no server
//! functions and makes no streams, so the classes are never constructed: about 7 KB of wasm
//! and 3 KB of glue in the first download for nothing.
//!
//! wasm-bindgen writes each class as `export class Name {` … a `}` line, a `Symbol.dispose`
//! line and a `NameFinalization` registry; those are removed from the glue, then the exports
//! that only the removed code called from the wasm, and wasm-opt drops their functions. If the
//! glue ever reads differently, or still names a class after the removal, the build stops.

use crate::wasm_module::{
    sections, with_section_replaced, write_leb, write_name, Reader, EXPORT_SECTION,
};

/// wasm-streams' classes (see above).
pub const STREAM_CLASSES: [&str; 3] = [
    "IntoUnderlyingByteSource",
    "IntoUnderlyingSink",
    "IntoUnderlyingSource",
];

/// The main wasm and its glue without `classes`.
pub fn remove(wasm: &[u8], glue: &str, classes: &[&str]) -> Result<(Vec<u8>, String), String> {
    let mut glue = glue.to_string();
    let mut removed = String::new();
    for class in classes {
        let pieces = [
            (format!("export class {class} {{\n"), "\n}\n"),
            (
                format!("if (Symbol.dispose) {class}.prototype[Symbol.dispose]"),
                ";\n",
            ),
            (format!("const {class}Finalization = "), ");\n"),
        ];
        for (start, end) in pieces {
            removed += &cut(&mut glue, &start, end)
                .ok_or_else(|| format!("the glue has no `{}` for {class}", start.trim()))?;
        }
        if glue.contains(class) {
            return Err(format!(
                "the glue still uses {class} after its class was removed"
            ));
        }
    }
    let mut unused_exports: Vec<&str> = wasm_calls(&removed)
        .filter(|name| !glue.contains(&format!("wasm.{name}(")))
        .collect();
    // `free` is called by a class's method and by its registry.
    unused_exports.sort();
    unused_exports.dedup();
    Ok((without_exports(wasm, &unused_exports)?, glue))
}

/// Removes the first text from `start` through the next `end` out of `text`, and returns it.
fn cut(text: &mut String, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)?;
    let to = from + start.len() + text[from + start.len()..].find(end)? + end.len();
    Some(text.drain(from..to).collect())
}

/// The names of the wasm's exports `code` calls (`wasm.name(`).
fn wasm_calls(code: &str) -> impl Iterator<Item = &str> {
    code.split("wasm.").skip(1).filter_map(|rest| {
        let name = rest.split('(').next()?;
        let is_name =
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        is_name.then_some(name)
    })
}

fn without_exports(wasm: &[u8], unused: &[&str]) -> Result<Vec<u8>, String> {
    let sections = sections(wasm)?;
    let exports = sections
        .iter()
        .find(|section| section.id == EXPORT_SECTION)
        .ok_or("the wasm exports nothing")?;
    let mut entries = Reader::new(&wasm[exports.body.clone()]);
    let count = entries.leb()?;
    let mut kept = Vec::new();
    let mut kept_count = 0;
    for _ in 0..count {
        let name = entries.name()?;
        let kind = entries.byte()?;
        let index = entries.leb()?;
        if !unused.contains(&name) {
            write_name(&mut kept, name);
            kept.push(kind);
            write_leb(&mut kept, index);
            kept_count += 1;
        }
    }
    if count - kept_count != unused.len() as u64 {
        return Err(format!("the wasm does not export all of {unused:?}"));
    }
    let mut body = Vec::new();
    write_leb(&mut body, kept_count);
    body.extend(kept);
    Ok(with_section_replaced(wasm, exports, &body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm_module::write_section;

    const GLUE: &str = "let wasm;
export class Stream {
    free() {
        wasm.__wbg_stream_free(this.__wbg_ptr, 0);
    }
    pull(controller) {
        return wasm.stream_pull(this.__wbg_ptr, controller);
    }
}
if (Symbol.dispose) Stream.prototype[Symbol.dispose] = Stream.prototype.free;
export function greet() {
    wasm.greet();
}
const StreamFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_stream_free(ptr, 1));
const after = 1;
";

    /// A module of only an export section, each name exported as a function whose index is the
    /// name's length (so that an export keeps its index when others are removed).
    fn module(exports: &[&str]) -> Vec<u8> {
        let mut body = Vec::new();
        write_leb(&mut body, exports.len() as u64);
        for name in exports {
            write_name(&mut body, name);
            body.push(0);
            write_leb(&mut body, name.len() as u64);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        write_section(&mut wasm, EXPORT_SECTION, &body);
        wasm
    }

    #[test]
    fn removes_the_class_and_the_exports_only_it_called() {
        let wasm = module(&["memory", "__wbg_stream_free", "stream_pull", "greet"]);
        let (wasm, glue) = remove(&wasm, GLUE, &["Stream"]).unwrap();
        assert_eq!(
            glue,
            "let wasm;\nexport function greet() {\n    wasm.greet();\n}\nconst after = 1;\n"
        );
        assert_eq!(wasm, module(&["memory", "greet"]));
    }

    #[test]
    fn refuses_a_glue_that_reads_differently() {
        let wasm = module(&["__wbg_stream_free", "stream_pull"]);
        let glue = GLUE.replace("if (Symbol.dispose) ", "");
        assert!(remove(&wasm, &glue, &["Stream"]).is_err());
        let still_used = format!("{GLUE}new Stream();\n");
        assert!(remove(&wasm, &still_used, &["Stream"]).is_err());
    }
}
