//! An order of the wasm's functions that compresses better. wasm-opt keeps the functions in the
//! order the linker wrote them, so functions with nearly the same body (the many copies of one
//! generic view or future) lie far apart, further than brotli's window of close matches reaches.
//! Here each defined function is named after the rank of its body's bytes in sorted order, and
//! `wasm-opt --reorder-functions-by-name` then puts functions with the same beginning next to
//! each other: measured on the main module, 5.8 KB less brotli (2%) than the linker's order.
//!
//! Only the functions' indices change (wasm-opt renumbers every call, export and table slot),
//! so the chunks, which import the main module's exports and table, link as before.

use crate::wasm_module::{
    sections, write_leb, write_name, write_section, Reader, Section, CODE_SECTION, CUSTOM_SECTION,
    IMPORT_SECTION,
};

/// The module with a "name" section naming each defined function by the rank of its body, in
/// place of any name section it had.
pub fn name_by_body(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let sections = sections(wasm)?;
    let imported = match sections.iter().find(|s| s.id == IMPORT_SECTION) {
        Some(imports) => imported_function_count(&wasm[imports.body.clone()])?,
        None => 0,
    };
    let bodies = match sections.iter().find(|s| s.id == CODE_SECTION) {
        Some(code) => function_bodies(&wasm[code.body.clone()])?,
        None => Vec::new(),
    };

    let mut by_body: Vec<usize> = (0..bodies.len()).collect();
    // A stable sort: functions with the same body keep the linker's order among them.
    by_body.sort_by_key(|&defined| bodies[defined]);
    let mut rank = vec![0; bodies.len()];
    for (position, &defined) in by_body.iter().enumerate() {
        rank[defined] = position;
    }

    let mut out = Vec::with_capacity(wasm.len());
    out.extend_from_slice(&wasm[..8]);
    for section in &sections {
        if !is_name_section(wasm, section)? {
            out.extend_from_slice(&wasm[section.start..section.body.end]);
        }
    }
    out.extend(name_section(imported, &rank));
    Ok(out)
}

fn imported_function_count(imports: &[u8]) -> Result<u64, String> {
    let mut reader = Reader::new(imports);
    let mut functions = 0;
    for _ in 0..reader.leb()? {
        let (_, _, description) = reader.import()?;
        if description[0] == 0x00 {
            functions += 1;
        }
    }
    Ok(functions)
}

/// Each defined function's body as it is encoded: its locals, then its code.
fn function_bodies(code: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut reader = Reader::new(code);
    let count = reader.leb()?;
    (0..count)
        .map(|_| {
            let length = reader.leb()? as usize;
            reader.skip(length)
        })
        .collect()
}

fn is_name_section(wasm: &[u8], section: &Section) -> Result<bool, String> {
    if section.id != CUSTOM_SECTION {
        return Ok(false);
    }
    Ok(Reader::new(&wasm[section.body.clone()]).name()? == "name")
}

/// A "name" section with only function names: defined function `i` (index `imported + i`) is
/// called by its rank, zero-padded so that names sort as the ranks do.
fn name_section(imported: u64, rank: &[usize]) -> Vec<u8> {
    let width = rank.len().to_string().len();
    let mut names = Vec::new();
    write_leb(&mut names, rank.len() as u64);
    for (defined, rank) in rank.iter().enumerate() {
        write_leb(&mut names, imported + defined as u64);
        write_name(&mut names, &format!("{rank:0width$}"));
    }

    let mut body = Vec::new();
    write_name(&mut body, "name");
    // Subsection 1: function names.
    body.push(1);
    write_leb(&mut body, names.len() as u64);
    body.extend(names);

    let mut section = Vec::new();
    write_section(&mut section, CUSTOM_SECTION, &body);
    section
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing one function and defining three, whose bodies rank 1, 0, 2: byte by
    /// byte, `nop nop` (0x01 0x01) comes before `nop end` (0x01 0x0b), and both before `end`.
    fn module_with_names(old_names: bool) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // Types: one, () -> ().
        wasm.extend([1, 4, 1, 0x60, 0, 0]);
        // Imports: "m" "f", a function of type 0.
        wasm.extend([2, 7, 1, 1, b'm', 1, b'f', 0x00, 0]);
        // Functions: three of type 0.
        wasm.extend([3, 4, 3, 0, 0, 0]);
        // Code: bodies `nop end`, `nop nop end`, `end` (no locals).
        wasm.extend([
            10, 13, 3, 3, 0, 0x01, 0x0b, 4, 0, 0x01, 0x01, 0x0b, 2, 0, 0x0b,
        ]);
        if old_names {
            let mut old = Vec::new();
            write_name(&mut old, "name");
            old.extend([1, 4, 1, 1, 1, b'x']);
            write_section(&mut wasm, CUSTOM_SECTION, &old);
        }
        wasm
    }

    fn function_names(wasm: &[u8]) -> Vec<(u64, String)> {
        let sections = sections(wasm).unwrap();
        let names: Vec<_> = sections
            .iter()
            .filter(|s| is_name_section(wasm, s).unwrap())
            .collect();
        assert_eq!(names.len(), 1, "one name section");
        let mut reader = Reader::new(&wasm[names[0].body.clone()]);
        assert_eq!(reader.name().unwrap(), "name");
        assert_eq!(reader.byte().unwrap(), 1);
        reader.leb().unwrap();
        (0..reader.leb().unwrap())
            .map(|_| {
                let index = reader.leb().unwrap();
                (index, reader.name().unwrap().to_string())
            })
            .collect()
    }

    #[test]
    fn names_each_defined_function_by_the_rank_of_its_body() {
        let named = name_by_body(&module_with_names(false)).unwrap();
        let expected = [(1, "1"), (2, "0"), (3, "2")];
        let expected: Vec<_> = expected.map(|(i, n)| (i, n.to_string())).into();
        assert_eq!(function_names(&named), expected);
        // Everything before the names is the module as it was.
        let original = module_with_names(false);
        assert_eq!(&named[..original.len()], &original[..]);
    }

    #[test]
    fn replaces_the_names_a_module_had() {
        let named = name_by_body(&module_with_names(true)).unwrap();
        assert_eq!(function_names(&named)[0], (1, "1".to_string()));
    }
}
