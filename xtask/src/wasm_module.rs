//! Reading and writing the parts of a wasm module the build rewrites (short_imports.rs,
//! function_order.rs, unused_classes.rs, table_placeholders.rs): its sections, LEB128 numbers
//! and names.

pub const IMPORT_SECTION: u8 = 2;
pub const EXPORT_SECTION: u8 = 7;
pub const ELEMENT_SECTION: u8 = 9;
pub const CODE_SECTION: u8 = 10;
pub const CUSTOM_SECTION: u8 = 0;

pub struct Section {
    pub id: u8,
    /// Where the section's id byte is.
    pub start: usize,
    pub body: std::ops::Range<usize>,
}

pub fn sections(wasm: &[u8]) -> Result<Vec<Section>, String> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut reader = Reader::new(wasm);
    reader.at = 8;
    let mut sections = Vec::new();
    while !reader.at_end() {
        let start = reader.at;
        let id = reader.byte()?;
        let length = reader.leb()? as usize;
        let body = reader.at..reader.at + length;
        reader.skip(length)?;
        sections.push(Section { id, start, body });
    }
    Ok(sections)
}

/// `wasm` with `section`'s body replaced by `body`.
pub fn with_section_replaced(wasm: &[u8], section: &Section, body: &[u8]) -> Vec<u8> {
    let mut out = wasm[..section.start].to_vec();
    write_section(&mut out, section.id, body);
    out.extend_from_slice(&wasm[section.body.end..]);
    out
}

/// A section as a module holds it: its id, its body's length, its body.
pub fn write_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    write_leb(out, body.len() as u64);
    out.extend_from_slice(body);
}

pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    /// Where the reader is, for `since`.
    pub fn position(&self) -> usize {
        self.at
    }

    /// The bytes read since `start` (a `position`).
    pub fn since(&self, start: usize) -> &'a [u8] {
        &self.bytes[start..self.at]
    }

    pub fn byte(&mut self) -> Result<u8, String> {
        let byte = *self.bytes.get(self.at).ok_or("the wasm ends early")?;
        self.at += 1;
        Ok(byte)
    }

    pub fn skip(&mut self, length: usize) -> Result<&'a [u8], String> {
        let end = self.at + length;
        let skipped = self.bytes.get(self.at..end).ok_or("the wasm ends early")?;
        self.at = end;
        Ok(skipped)
    }

    /// An unsigned LEB128 number.
    pub fn leb(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number in the wasm is too long".into())
    }

    pub fn name(&mut self) -> Result<&'a str, String> {
        let length = self.leb()? as usize;
        std::str::from_utf8(self.skip(length)?).map_err(|_| "a wasm name is not UTF-8".into())
    }

    /// An entry of the import section: the module it is imported from, its name, and the bytes
    /// after the names (its kind and type, to be copied as they are).
    pub fn import(&mut self) -> Result<(&'a str, &'a str, &'a [u8]), String> {
        Ok((self.name()?, self.name()?, self.import_description()?))
    }

    fn import_description(&mut self) -> Result<&'a [u8], String> {
        let start = self.position();
        match self.byte()? {
            // A function: its type's index.
            0x00 => {
                self.leb()?;
            }
            // A table: its element type, then limits.
            0x01 => {
                self.byte()?;
                self.limits()?;
            }
            0x02 => self.limits()?,
            // A global: its value type and mutability.
            0x03 => {
                self.skip(2)?;
            }
            kind => return Err(format!("an import of unknown kind {kind}")),
        }
        Ok(self.since(start))
    }

    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }
}

pub fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

pub fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}
