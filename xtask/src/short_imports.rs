//! Short names for what the main wasm imports from its glue. wasm-bindgen names each of those
//! functions after the browser API it wraps and a hash (`__wbg_location_7320782274fc691b`), and
//! the module they come from after the glue's file (`./brisk-<hash>_bg.js`). Every name is in
//! the first download twice, in the wasm's import section and as a key of the glue's import
//! object, and the hashes' hex digits do not compress: about 350 names, 25 KB raw. Both sides
//! are renamed here together (`a`, `b`, … `aB`), before wasm-opt and the build's hash.
//!
//! A name is renamed only where the glue holds it exactly once (the import object's key), so the
//! two files cannot disagree: a name written anywhere else in the glue keeps its long form.

use std::collections::HashMap;

use crate::wasm_module::{
    sections, with_section_replaced, write_leb, write_name, Reader, IMPORT_SECTION,
};

/// The main wasm and its glue with the imports from `glue_module` renamed in both.
pub fn shorten(wasm: &[u8], glue: &str, glue_module: &str) -> Result<(Vec<u8>, String), String> {
    let sections = sections(wasm)?;
    let Some(imports) = sections.iter().find(|section| section.id == IMPORT_SECTION) else {
        return Ok((wasm.to_vec(), glue.to_string()));
    };
    let occurrences = identifier_counts(glue);
    let quoted_module = format!("\"{glue_module}\"");
    let new_module = if glue.matches(&quoted_module).count() == 1 {
        "w"
    } else {
        glue_module
    };

    let mut entries = Reader::new(&wasm[imports.body.clone()]);
    let count = entries.leb()?;
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut body = Vec::new();
    write_leb(&mut body, count);
    for _ in 0..count {
        let (module, name, description) = entries.import()?;
        if module == glue_module {
            write_name(&mut body, new_module);
            let short = if occurrences.get(name) == Some(&1) {
                let short = short_name(renamed.len());
                renamed.insert(name.to_string(), short.clone());
                short
            } else {
                name.to_string()
            };
            write_name(&mut body, &short);
        } else {
            write_name(&mut body, module);
            write_name(&mut body, name);
        }
        body.extend_from_slice(description);
    }
    if !entries.at_end() {
        return Err("the wasm's import section has bytes after its last import".into());
    }

    let out = with_section_replaced(wasm, imports, &body);
    let glue =
        rename_identifiers(glue, &renamed).replace(&quoted_module, &format!("\"{new_module}\""));
    Ok((out, glue))
}

fn is_identifier_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$'
}

/// The glue split into runs of identifier characters and the rest.
fn tokens(glue: &str) -> impl Iterator<Item = &str> {
    let bytes = glue.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let identifier = is_identifier_byte(bytes[at]);
        while at < bytes.len() && is_identifier_byte(bytes[at]) == identifier {
            at += 1;
        }
        Some(&glue[start..at])
    })
}

fn identifier_counts(glue: &str) -> HashMap<&str, usize> {
    let mut counts = HashMap::new();
    for token in tokens(glue) {
        *counts.entry(token).or_insert(0) += 1;
    }
    counts
}

fn rename_identifiers(glue: &str, renamed: &HashMap<String, String>) -> String {
    tokens(glue)
        .map(|token| renamed.get(token).map_or(token, String::as_str))
        .collect()
}

/// The `index`th short name: `a`…`Z`, then `aa`, `ab`, … (a letter, then letters and digits).
fn short_name(index: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut name = vec![FIRST[index % FIRST.len()]];
    let mut rest = index / FIRST.len();
    while rest > 0 {
        rest -= 1;
        name.push(REST[rest % REST.len()]);
        rest /= REST.len();
    }
    String::from_utf8(name).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `f1` and `f2` from `glue`, a memory from `env`, and one function from
    /// `loader`; then a custom section that must come out unchanged.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 4);
        for (module, name, description) in [
            ("glue", "__wbg_f1_0123456789abcdef", &[0x00, 0x00][..]),
            ("env", "memory", &[0x02, 0x01, 0x01, 0x10][..]),
            ("glue", "__wbg_f2_fedcba9876543210", &[0x00, 0x00][..]),
            ("loader", "load_chunk", &[0x00, 0x00][..]),
        ] {
            write_name(&mut imports, module);
            write_name(&mut imports, name);
            imports.extend_from_slice(description);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // The type section: one function type, () -> ().
        wasm.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
        wasm.push(IMPORT_SECTION);
        write_leb(&mut wasm, imports.len() as u64);
        wasm.extend_from_slice(&imports);
        wasm.extend_from_slice(&[0x00, 0x04, 0x01, b'x', 0xaa, 0xbb]);
        wasm
    }

    fn imports_of(wasm: &[u8]) -> Vec<(String, String, Vec<u8>)> {
        let sections = sections(wasm).unwrap();
        let section = sections.iter().find(|s| s.id == IMPORT_SECTION).unwrap();
        let mut reader = Reader::new(&wasm[section.body.clone()]);
        let count = reader.leb().unwrap();
        (0..count)
            .map(|_| {
                let (module, name, description) = reader.import().unwrap();
                (module.to_string(), name.to_string(), description.to_vec())
            })
            .collect()
    }

    #[test]
    fn renames_the_glue_imports_in_the_wasm_and_the_glue_alike() {
        let glue = "const imports = { __wbg_f1_0123456789abcdef: function() {}, \
                    __wbg_f2_fedcba9876543210: () => 1 };\n\
                    return { \"glue\": imports, \"loader\": chunks };";
        let (wasm, glue) = shorten(&module(), glue, "glue").unwrap();
        let imports = imports_of(&wasm);
        assert_eq!(
            imports,
            vec![
                ("w".into(), "a".into(), vec![0x00, 0x00]),
                ("env".into(), "memory".into(), vec![0x02, 0x01, 0x01, 0x10]),
                ("w".into(), "b".into(), vec![0x00, 0x00]),
                ("loader".into(), "load_chunk".into(), vec![0x00, 0x00]),
            ]
        );
        assert_eq!(
            glue,
            "const imports = { a: function() {}, b: () => 1 };\n\
             return { \"w\": imports, \"loader\": chunks };"
        );
        assert!(wasm.ends_with(&[0x00, 0x04, 0x01, b'x', 0xaa, 0xbb]));
    }

    #[test]
    fn keeps_a_name_the_glue_uses_more_than_once() {
        let glue = "{ __wbg_f1_0123456789abcdef: f, __wbg_f2_fedcba9876543210: g }; \
                    // __wbg_f2_fedcba9876543210 again\n\"glue\"";
        let (wasm, glue) = shorten(&module(), glue, "glue").unwrap();
        let names: Vec<String> = imports_of(&wasm).into_iter().map(|i| i.1).collect();
        assert_eq!(names[0], "a");
        assert_eq!(names[2], "__wbg_f2_fedcba9876543210");
        assert!(glue.starts_with("{ a: f, __wbg_f2_fedcba9876543210: g }"));
    }

    #[test]
    fn short_names_are_distinct_identifiers() {
        let names: Vec<String> = (0..5000).map(short_name).collect();
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa");
        assert!(names
            .iter()
            .all(|n| n.as_bytes()[0].is_ascii_alphabetic() && n.len() <= 3));
    }
}
