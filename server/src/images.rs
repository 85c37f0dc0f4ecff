//! What an uploaded image gets, as Mattermost makes it: its dimensions, a thumbnail (fitting
//! 120×100), a preview (at most 1920 wide) and a 16×16 "mini preview" (a tiny JPEG, base64) that
//! clients blur while the real preview loads. Renditions are JPEG on a white background.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use base64::Engine;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageReader, Limits, RgbImage};

/// Mattermost's thumbnail box.
pub const THUMBNAIL_WIDTH: u32 = 120;
pub const THUMBNAIL_HEIGHT: u32 = 100;
/// Mattermost's preview width.
pub const PREVIEW_WIDTH: u32 = 1920;
/// Mattermost's default `MaxImageResolution`: larger images get no preview (decompression bombs).
pub const MAX_PIXELS: u64 = 33_177_600;
/// Most memory one decode may allocate: an 8-bit RGBA image of `MAX_PIXELS`. Deeper colour at
/// that size gets no preview rather than the crate's default of 512 MB.
pub const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 4;
const MINI_PREVIEW_SIDE: u32 = 16;
const JPEG_QUALITY: u8 = 90;

/// What processing an image found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImageFacts {
    pub width: u32,
    pub height: u32,
    /// The thumbnail and preview files were written.
    pub has_preview: bool,
    pub mini_preview: Option<String>,
}

/// The extensions treated as images (the formats the `image` crate is built for here).
pub fn is_image_extension(extension: &str) -> bool {
    matches!(extension, "png" | "jpg" | "jpeg" | "gif" | "webp")
}

fn decode_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// Reads the image at `original` and writes its thumbnail and preview. None when it is not an
/// image after all; no renditions (but the dimensions) when it is too large to decode safely.
pub fn process(original: &Path, thumbnail: &Path, preview: &Path) -> Option<ImageFacts> {
    let (width, height) = ImageReader::open(original)
        .ok()?
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()?;
    let mut facts = ImageFacts {
        width,
        height,
        ..Default::default()
    };
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Some(facts);
    }
    let Some(image) = ImageReader::open(original)
        .ok()
        .and_then(|reader| reader.with_guessed_format().ok())
        .and_then(|mut reader| {
            reader.limits(decode_limits());
            reader.decode().ok()
        })
    else {
        return Some(facts);
    };
    let flat = DynamicImage::ImageRgb8(on_white(&image));
    let thumb = if width > THUMBNAIL_WIDTH || height > THUMBNAIL_HEIGHT {
        flat.thumbnail(THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT)
    } else {
        flat.clone()
    };
    let large = if width > PREVIEW_WIDTH {
        let scaled_height =
            (u64::from(height) * u64::from(PREVIEW_WIDTH) / u64::from(width)).max(1);
        flat.resize_exact(PREVIEW_WIDTH, scaled_height as u32, FilterType::Triangle)
    } else {
        flat.clone()
    };
    facts.has_preview =
        write_jpeg(&thumb, thumbnail).is_ok() && write_jpeg(&large, preview).is_ok();
    let mini = flat.resize_to_fill(MINI_PREVIEW_SIDE, MINI_PREVIEW_SIDE, FilterType::Triangle);
    let mut bytes = Vec::new();
    if JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY)
        .encode_image(&mini.to_rgb8())
        .is_ok()
    {
        facts.mini_preview = Some(base64::engine::general_purpose::STANDARD.encode(bytes));
    }
    Some(facts)
}

/// The image as RGB, transparent parts laid on white (JPEG has no alpha).
fn on_white(image: &DynamicImage) -> RgbImage {
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

fn write_jpeg(image: &DynamicImage, path: &Path) -> image::ImageResult<()> {
    let file = BufWriter::new(File::create(path)?);
    JpegEncoder::new_with_quality(file, JPEG_QUALITY).encode_image(&image.to_rgb8())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_png_gets_a_thumbnail_a_preview_and_a_mini_preview() {
        let dir = tempfile::tempdir().expect("tempdir");
        let original = dir.path().join("original");
        image::RgbaImage::from_pixel(300, 150, image::Rgba([200, 10, 10, 128]))
            .save_with_format(&original, image::ImageFormat::Png)
            .expect("png");
        let (thumb, preview) = (dir.path().join("t.jpg"), dir.path().join("p.jpg"));
        let facts = process(&original, &thumb, &preview).expect("an image");
        assert_eq!(
            (facts.width, facts.height, facts.has_preview),
            (300, 150, true)
        );
        let thumb = image::open(&thumb).expect("thumbnail");
        assert!(thumb.width() <= THUMBNAIL_WIDTH && thumb.height() <= THUMBNAIL_HEIGHT);
        assert_eq!(image::open(&preview).expect("preview").width(), 300);
        let mini = facts.mini_preview.expect("mini preview");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(mini)
            .expect("base64");
        assert_eq!(image::load_from_memory(&bytes).expect("jpeg").width(), 16);
    }

    /// A PNG that claims `width`×`height` 16-bit RGBA pixels (8 bytes each) and has no data.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &byte in bytes {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let typed: Vec<u8> = [kind, data].concat();
            png.extend_from_slice(&typed);
            png.extend_from_slice(&crc32(&typed).to_be_bytes());
        };
        let mut header = Vec::new();
        header.extend_from_slice(&width.to_be_bytes());
        header.extend_from_slice(&height.to_be_bytes());
        header.extend_from_slice(&[16, 6, 0, 0, 0]);
        chunk(b"IHDR", &header);
        chunk(b"IDAT", &[]);
        chunk(b"IEND", &[]);
        png
    }

    #[test]
    fn a_deep_image_at_the_largest_size_is_refused_before_its_memory_is_taken() {
        // 4,100² pixels is under MaxImageResolution, but at 8 bytes a pixel over the decode limit.
        let png = png_header(4100, 4100);
        let decode = |limits: Limits| {
            let mut reader = ImageReader::new(std::io::Cursor::new(&png))
                .with_guessed_format()
                .expect("format");
            reader.limits(limits);
            reader.decode().expect_err("no pixel data")
        };
        assert!(
            matches!(decode(decode_limits()), image::ImageError::Limits(_)),
            "refused for its size"
        );
        assert!(
            !matches!(decode(Limits::no_limits()), image::ImageError::Limits(_)),
            "without the limit it gets as far as the (missing) pixels"
        );
    }

    #[test]
    fn text_is_not_an_image() {
        let dir = tempfile::tempdir().expect("tempdir");
        let original = dir.path().join("original");
        std::fs::write(&original, "just words").expect("write");
        assert_eq!(
            process(&original, &dir.path().join("t"), &dir.path().join("p")),
            None
        );
    }
}
