//! The ink of a CMYK image inside a placed PDF (an ad's photograph): a press limit of 240%
//! applies to pictures as much as to flat colour, and an agency's photo separated for coated
//! paper (often 300–340%) sets off and smears on newsprint.
//!
//! Measured on 8-bit DeviceCMYK (or four-channel ICCBased) images stored unfiltered or with
//! Flate, the way a PDF/X-1a producer writes an untouched separation; JPEG-compressed images are
//! not decoded here (see the closing note of issue 20), nor are images in other colour spaces.

use lopdf::{Document, Object, Stream};

/// Largest image measured (width × height pixels); a larger one is not decompressed.
const MAX_PIXELS: i64 = 40_000_000;
/// Pixels in a thousand that must reach a coverage for it to count: one stray pixel of 400% is
/// not what the press sees, a patch of them is.
const PER_MILLE: u64 = 1;

/// The total ink, in percent, reached by at least one pixel in a thousand of the image `s`;
/// `None` when the image is not one measured here.
pub(super) fn image_ink(doc: &Document, s: &Stream) -> Option<f32> {
    let d = &s.dict;
    let int = |key: &[u8]| d.get(key).ok().and_then(|o| o.as_i64().ok());
    let (w, h) = (int(b"Width")?, int(b"Height")?);
    if int(b"BitsPerComponent")? != 8 || w <= 0 || h <= 0 || w.saturating_mul(h) > MAX_PIXELS {
        return None;
    }
    if !is_cmyk(doc, d.get(b"ColorSpace").ok()?) {
        return None;
    }
    let data = match d.get(b"Filter").ok().map(|f| resolve(doc, f)) {
        None => s.content.clone(),
        Some(Object::Name(n)) if n == b"FlateDecode" => s.decompressed_content().ok()?,
        Some(Object::Array(a))
            if a.len() == 1 && a[0].as_name().is_ok_and(|n| n == b"FlateDecode") =>
        {
            s.decompressed_content().ok()?
        }
        Some(_) => return None,
    };
    let inverted = decode_inverts(d.get(b"Decode").ok().map(|o| resolve(doc, o)));
    Some(coverage(&data, inverted, (w * h) as usize))
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o.as_reference() {
        Ok(id) => doc.get_object(id).unwrap_or(o),
        Err(_) => o,
    }
}

fn is_cmyk(doc: &Document, cs: &Object) -> bool {
    match resolve(doc, cs) {
        Object::Name(n) => n == b"DeviceCMYK",
        Object::Array(parts) => {
            parts.first().and_then(|p| p.as_name().ok()) == Some(b"ICCBased".as_slice())
                && parts
                    .get(1)
                    .map(|p| resolve(doc, p))
                    .and_then(|p| p.as_stream().ok())
                    .and_then(|p| p.dict.get(b"N").ok())
                    .and_then(|n| n.as_i64().ok())
                    == Some(4)
        }
        _ => false,
    }
}

/// Which of C, M, Y, K a `Decode` array inverts (`[1 0 1 0 1 0 1 0]`, as Adobe writes).
fn decode_inverts(decode: Option<&Object>) -> [bool; 4] {
    let mut out = [false; 4];
    let Some(Object::Array(a)) = decode else {
        return out;
    };
    let num = |o: &Object| {
        o.as_float()
            .ok()
            .or_else(|| o.as_i64().ok().map(|i| i as f32))
    };
    for (i, flag) in out.iter_mut().enumerate() {
        if let (Some(lo), Some(hi)) = (a.get(2 * i).and_then(num), a.get(2 * i + 1).and_then(num)) {
            *flag = lo > hi;
        }
    }
    out
}

/// The coverage (percent) at least [`PER_MILLE`] pixels in a thousand reach.
fn coverage(data: &[u8], inverted: [bool; 4], pixels: usize) -> f32 {
    let mut histogram = [0u64; 4 * 255 + 1];
    let mut counted = 0u64;
    for px in data.chunks_exact(4).take(pixels) {
        let sum: usize = px
            .iter()
            .zip(inverted)
            .map(|(&v, inv)| usize::from(if inv { 255 - v } else { v }))
            .sum();
        histogram[sum] += 1;
        counted += 1;
    }
    let needed = (counted * PER_MILLE).div_ceil(1000).max(1);
    let mut seen = 0;
    for (sum, n) in histogram.iter().enumerate().rev() {
        seen += n;
        if seen >= needed && counted > 0 {
            return sum as f32 * 100.0 / 255.0;
        }
    }
    0.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn image(pixels: &[[u8; 4]], extra: lopdf::Dictionary) -> Stream {
        let mut dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => pixels.len() as i64,
            "Height" => 1, "BitsPerComponent" => 8, "ColorSpace" => "DeviceCMYK",
        };
        for (k, v) in extra {
            dict.set(k, v);
        }
        Stream::new(dict, pixels.iter().flatten().copied().collect())
    }

    #[test]
    fn a_rich_black_photo_is_measured_and_a_stray_pixel_is_not() {
        let doc = Document::with_version("1.4");
        let mut px = vec![[0, 0, 0, 255]; 1999];
        px.push([255, 255, 255, 255]);
        // One 400% pixel in 2000: under one in a thousand; 100% K everywhere else.
        let ink = image_ink(&doc, &image(&px, dictionary! {}));
        assert_eq!(ink.map(f32::round), Some(100.0));
        px.extend([[230, 200, 200, 230]; 10]);
        let ink = image_ink(&doc, &image(&px, dictionary! {}));
        assert_eq!(ink.map(f32::round), Some(337.0));
    }

    #[test]
    fn an_inverting_decode_array_is_applied_and_rgb_is_not_measured() {
        let doc = Document::with_version("1.4");
        let decode = dictionary! { "Decode" => vec![1.into(), 0.into(), 1.into(), 0.into(), 1.into(), 0.into(), 1.into(), 0.into()] };
        // Adobe-inverted zeros are full ink.
        let ink = image_ink(&doc, &image(&[[0, 0, 0, 0]; 8], decode));
        assert_eq!(ink.map(f32::round), Some(400.0));
        let rgb = image(
            &[[0, 0, 0, 0]; 8],
            dictionary! { "ColorSpace" => "DeviceRGB" },
        );
        assert_eq!(image_ink(&doc, &rgb), None);
        let jpeg = image(&[[0, 0, 0, 0]; 8], dictionary! { "Filter" => "DCTDecode" });
        assert_eq!(image_ink(&doc, &jpeg), None);
    }
}
