//! The main module's table holds a slot for every function a chunk defines and others call
//! through the table; the chunk fills its slots when it is instantiated. wasm-split reserves
//! those slots in the main module with element segments of null references, so that no tool in
//! between takes them for free slots. Once every tool has run they only repeat what a table
//! starts as (every slot null, up to the size its type declares), so they are dropped: 3 bytes a
//! slot, 1,800 slots, 0.5 KB brotli of the first download.

use crate::wasm_module::{sections, with_section_replaced, write_leb, Reader, ELEMENT_SECTION};

/// An active segment of the table 0 with function indices (the form wasm-split writes a
/// module's own functions in).
const FUNCTIONS: u64 = 0;
/// An active segment of the table 0 with expressions (the form of the placeholders).
const EXPRESSIONS: u64 = 4;

const I32_CONST: u8 = 0x41;
const REF_NULL: u8 = 0xd0;
const REF_FUNC: u8 = 0xd2;
const FUNCREF: u8 = 0x70;
const END: u8 = 0x0b;

/// `wasm` without its element segments that only hold null references.
pub fn remove(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let sections = sections(wasm)?;
    let Some(elements) = sections.iter().find(|s| s.id == ELEMENT_SECTION) else {
        return Ok(wasm.to_vec());
    };
    let mut reader = Reader::new(&wasm[elements.body.clone()]);
    let mut kept = Vec::new();
    let mut kept_count = 0u64;
    for _ in 0..reader.leb()? {
        let (segment, only_nulls) = segment(&mut reader)?;
        if !only_nulls {
            kept.extend_from_slice(segment);
            kept_count += 1;
        }
    }
    let mut body = Vec::new();
    write_leb(&mut body, kept_count);
    body.extend(kept);
    Ok(with_section_replaced(wasm, elements, &body))
}

/// The next segment's bytes, and whether it holds only null references.
fn segment<'a>(reader: &mut Reader<'a>) -> Result<(&'a [u8], bool), String> {
    let start = reader.position();
    let flags = reader.leb()?;
    if flags != FUNCTIONS && flags != EXPRESSIONS {
        return Err(format!(
            "an element segment of an unexpected form ({flags})"
        ));
    }
    offset(reader)?;
    let mut only_nulls = true;
    for _ in 0..reader.leb()? {
        if flags == FUNCTIONS {
            reader.leb()?;
            only_nulls = false;
            continue;
        }
        match reader.byte()? {
            REF_NULL if reader.byte()? == FUNCREF => {}
            REF_FUNC => {
                reader.leb()?;
                only_nulls = false;
            }
            _ => return Err("an element of an unexpected form".into()),
        }
        if reader.byte()? != END {
            return Err("an element expression longer than one instruction".into());
        }
    }
    Ok((reader.since(start), only_nulls))
}

/// A segment's offset: `i32.const n end`.
fn offset(reader: &mut Reader) -> Result<(), String> {
    if reader.byte()? != I32_CONST {
        return Err("an element segment's offset is not a constant".into());
    }
    // A signed LEB128 number is read as an unsigned one would be: the same bytes.
    reader.leb()?;
    if reader.byte()? != END {
        return Err("an element segment's offset is longer than one instruction".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm_module::write_section;

    /// A module with a table of 6 slots and three element segments: functions 0 and 0 at slot 1,
    /// two nulls at slot 3, and at slot 5 an expression naming function 0.
    fn module(segments: &[&[u8]]) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // Types: one, () -> (); functions: one of it; the table: funcref, 6 slots.
        wasm.extend([1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 4, 4, 1, FUNCREF, 0, 6]);
        let mut elements = vec![segments.len() as u8];
        for segment in segments {
            elements.extend_from_slice(segment);
        }
        write_section(&mut wasm, ELEMENT_SECTION, &elements);
        // Code: one body, `end`.
        wasm.extend([10, 4, 1, 2, 0, END]);
        wasm
    }

    const FUNCTIONS_AT_1: &[u8] = &[0, I32_CONST, 1, END, 2, 0, 0];
    const NULLS_AT_3: &[u8] = &[
        4, I32_CONST, 3, END, 2, REF_NULL, FUNCREF, END, REF_NULL, FUNCREF, END,
    ];
    const FUNCTION_EXPRESSION_AT_5: &[u8] = &[4, I32_CONST, 5, END, 1, REF_FUNC, 0, END];

    #[test]
    fn segments_of_nulls_go_and_the_others_stay_as_they_were() {
        let wasm = module(&[FUNCTIONS_AT_1, NULLS_AT_3, FUNCTION_EXPRESSION_AT_5]);
        assert_eq!(
            remove(&wasm).unwrap(),
            module(&[FUNCTIONS_AT_1, FUNCTION_EXPRESSION_AT_5])
        );
    }

    #[test]
    fn a_module_without_placeholders_is_unchanged() {
        let wasm = module(&[FUNCTIONS_AT_1]);
        assert_eq!(remove(&wasm).unwrap(), wasm);
    }

    #[test]
    fn a_segment_of_another_form_stops_the_build() {
        // A passive segment (flags 1).
        let wasm = module(&[&[1, 0, 1, 0]]);
        assert!(remove(&wasm).is_err());
    }
}
