//! Profile pictures as PNG: the default one (the user's initials on a colour picked from their
//! id, as Mattermost draws it) and an uploaded one squared and scaled to the same size. Initials
//! are drawn from a small built-in 5×7 pixel font, so no font file ships with the server.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{ImageFormat, ImageReader, Rgba, RgbaImage};

use crate::images::MAX_PIXELS;

/// The side of every profile picture, in pixels (Mattermost's default images are 128 wide too).
pub const SIDE: u32 = 128;

/// Background colours of default pictures (Mattermost's palette of avatar colours).
const COLOURS: &[[u8; 3]] = &[
    [0x16, 0x5a, 0xc4],
    [0x3d, 0xb8, 0x87],
    [0xd2, 0x4b, 0x4e],
    [0xff, 0xbc, 0x1f],
    [0x7a, 0x4f, 0xb2],
    [0x0d, 0x91, 0x96],
    [0xc4, 0x36, 0x8b],
    [0x5d, 0x89, 0xea],
];

/// Glyph rows, top first; bit 4 is the leftmost of five columns.
type Glyph = [u8; 7];

fn glyph(c: char) -> Option<Glyph> {
    Some(match c {
        'A' => [
            0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001,
        ],
        'B' => [
            0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110,
        ],
        'C' => [
            0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110,
        ],
        'D' => [
            0b11110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11110,
        ],
        'E' => [
            0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111,
        ],
        'F' => [
            0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000,
        ],
        'G' => [
            0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111,
        ],
        'H' => [
            0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001,
        ],
        'I' => [
            0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110,
        ],
        'J' => [
            0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100,
        ],
        'K' => [
            0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001,
        ],
        'L' => [
            0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111,
        ],
        'M' => [
            0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001,
        ],
        'N' => [
            0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001,
        ],
        'O' => [
            0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110,
        ],
        'P' => [
            0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000,
        ],
        'Q' => [
            0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101,
        ],
        'R' => [
            0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001,
        ],
        'S' => [
            0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110,
        ],
        'T' => [
            0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100,
        ],
        'U' => [
            0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110,
        ],
        'V' => [
            0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100,
        ],
        'W' => [
            0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010,
        ],
        'X' => [
            0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001,
        ],
        'Y' => [
            0b10001, 0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100,
        ],
        'Z' => [
            0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111,
        ],
        '0' => [
            0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110,
        ],
        '1' => [
            0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110,
        ],
        '2' => [
            0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111,
        ],
        '3' => [
            0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110,
        ],
        '4' => [
            0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010,
        ],
        '5' => [
            0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110,
        ],
        '6' => [
            0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110,
        ],
        '7' => [
            0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000,
        ],
        '8' => [
            0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110,
        ],
        '9' => [
            0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100,
        ],
        _ => return None,
    })
}

/// Up to two initials: of the first and last name when both are set, else of the username.
pub fn initials(username: &str, first_name: &str, last_name: &str) -> String {
    let first = |s: &str| s.chars().next().map(|c| c.to_ascii_uppercase());
    match (first(first_name), first(last_name)) {
        (Some(a), Some(b)) => [a, b].iter().collect(),
        _ => first(username).map(String::from).unwrap_or_default(),
    }
}

/// The default picture of the user with this id and these initials.
pub fn default_png(user_id: &str, initials: &str) -> Vec<u8> {
    let pick = user_id
        .bytes()
        .fold(0usize, |sum, b| sum.wrapping_add(usize::from(b)));
    let [r, g, b] = COLOURS[pick % COLOURS.len()];
    let mut image = RgbaImage::from_pixel(SIDE, SIDE, Rgba([r, g, b, 255]));
    let glyphs: Vec<Glyph> = initials.chars().filter_map(glyph).take(2).collect();
    if !glyphs.is_empty() {
        let count = glyphs.len() as u32;
        let scale = if count == 1 { 12 } else { 9 };
        // Five columns a glyph, one column between glyphs.
        let width = (count * 6 - 1) * scale;
        let (left, top) = ((SIDE - width) / 2, (SIDE - 7 * scale) / 2);
        for (index, rows) in (0_u32..).zip(&glyphs) {
            for (row, bits) in (0_u32..).zip(rows) {
                for column in 0..5_u32 {
                    if bits & (0b10000 >> column) == 0 {
                        continue;
                    }
                    let x0 = left + (index * 6 + column) * scale;
                    let y0 = top + row * scale;
                    for y in y0..y0 + scale {
                        for x in x0..x0 + scale {
                            image.put_pixel(x, y, Rgba([255, 255, 255, 255]));
                        }
                    }
                }
            }
        }
    }
    encode(&image)
}

fn encode(image: &RgbaImage) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    // Writing a PNG to memory fails only on allocation failure, which aborts anyway.
    let _ = image.write_to(&mut bytes, ImageFormat::Png);
    bytes.into_inner()
}

/// An uploaded picture cropped to a centred square and scaled to `SIDE`, as PNG; None when it is
/// not an image of a known format or too large to decode safely.
pub fn profile_png(upload: &[u8]) -> Option<Vec<u8>> {
    let reader = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .ok()?;
    let (width, height) = reader.into_dimensions().ok()?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return None;
    }
    let image = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .ok()?
        .decode()
        .ok()?;
    let square = image.resize_to_fill(SIDE, SIDE, FilterType::Triangle);
    Some(encode(&square.to_rgba8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_prefer_the_full_name() {
        assert_eq!(initials("bob", "", ""), "B");
        assert_eq!(initials("bob", "Robert", "smith"), "RS");
        assert_eq!(initials("", "", ""), "");
    }

    #[test]
    fn the_default_picture_is_a_square_png_with_white_initials() {
        let png = default_png("user1", "AB");
        let image = image::load_from_memory_with_format(&png, ImageFormat::Png).expect("png");
        assert_eq!((image.width(), image.height()), (SIDE, SIDE));
        let pixels = image.to_rgba8();
        let white = pixels
            .pixels()
            .filter(|p| p.0 == [255, 255, 255, 255])
            .count();
        assert!(white > 0, "the initials are drawn");
        assert_ne!(
            pixels.get_pixel(0, 0).0,
            [255, 255, 255, 255],
            "on a colour"
        );
    }

    #[test]
    fn an_upload_is_squared_and_scaled() {
        let mut upload = Cursor::new(Vec::new());
        RgbaImage::from_pixel(300, 200, Rgba([1, 2, 3, 255]))
            .write_to(&mut upload, ImageFormat::Png)
            .expect("png");
        let png = profile_png(upload.get_ref()).expect("an image");
        let image = image::load_from_memory(&png).expect("png");
        assert_eq!((image.width(), image.height()), (SIDE, SIDE));
        assert_eq!(profile_png(b"not an image"), None);
    }
}
