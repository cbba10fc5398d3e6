//! Encoding what the renderer made: PNG files, web JPEGs, base64 for data URLs.

use super::WebPicture;
use super::picture;

/// 8-bit pixels as a PNG file (fast compression: proofs are looked at, not archived).
pub(crate) fn encode_png(width: u32, height: u32, colour: png::ColorType, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    encode_png_into(width, height, colour, data, &mut out);
    out
}

/// [`encode_png`] into `out` (cleared first, its memory reused); empty on a size mismatch.
pub(crate) fn encode_png_into(
    width: u32,
    height: u32,
    colour: png::ColorType,
    data: &[u8],
    out: &mut Vec<u8>,
) {
    out.clear();
    let mut encoder = png::Encoder::new(&mut *out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    // Writing into a Vec fails only on a size mismatch, which the callers rule out.
    let written = encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(data));
    if written.is_err() {
        out.clear();
    }
}

/// Standard base64 with padding, for data URLs.
pub(crate) fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Quality of [`Renderer::web_jpeg`]: photos on a screen, a few hundred kilobytes at most.
const WEB_JPEG_QUALITY: u8 = 82;

/// A picture as a web JPEG at most `max_side` pixels a side, never enlarged.
pub(super) fn encode_web_jpeg(rgb: &picture::Rgb, max_side: u32) -> Option<WebPicture> {
    let longest = rgb.width.max(rgb.height).max(1);
    let scale = (max_side.max(1) as f32 / longest as f32).min(1.0);
    let size = |v: u32| ((v as f32 * scale).round() as u32).max(1);
    let (width, height) = (size(rgb.width), size(rgb.height));
    // Most photos are at most `max_side` already: encoded as they are, not copied.
    let resized;
    let small = if (width, height) == (rgb.width, rgb.height) {
        rgb
    } else {
        resized = rgb.resized(width, height);
        &resized
    };
    let w = u16::try_from(small.width).ok()?;
    let h = u16::try_from(small.height).ok()?;
    let mut jpeg = Vec::new();
    // The standard Huffman tables, not ones optimised for the photo: optimising keeps the
    // whole photo's planes and coefficients in memory (about ten megabytes for a 1200 × 900
    // photo, every page of it touched fresh) and took half as long again as encoding, to make
    // files of 25–38 KB about a third smaller (the sample's photos; on detailed photos the
    // gain is smaller). The e-paper is made beside every build, so its time counts more.
    let encoder = jpeg_encoder::Encoder::new(&mut jpeg, WEB_JPEG_QUALITY);
    encoder
        .encode(&small.data, w, h, jpeg_encoder::ColorType::Rgb)
        .ok()?;
    Some(WebPicture {
        jpeg,
        pixels: (small.width, small.height),
    })
}
