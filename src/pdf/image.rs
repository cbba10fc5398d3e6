//! Pictures: encoded bytes → image data that is CMYK or gray, with the picture warnings.
//!
//! - JPEG in gray or CMYK: the bytes go into the PDF unchanged (`DCTDecode`). In X-1a an
//!   embedded ICC profile is dropped so the image stays DeviceCMYK/DeviceGray (ICC-based colour
//!   is not allowed there); in X-4 it is kept. CMYK JPEGs get `/Decode [1 0 1 0 1 0 1 0]`:
//!   Adobe (Photoshop) writes CMYK and YCCK JPEGs inverted, and every CMYK JPEG met in practice
//!   comes from Adobe-compatible software (so does paiban's own encoder, below).
//! - JPEG in RGB (YCbCr) and every PNG: decoded; alpha is flattened onto white paper (no
//!   transparency in X-1a) with a warning; neutral RGB becomes gray; colour RGB is separated
//!   into the output profile's CMYK by littlecms ([`super::separate`]), or without a profile
//!   naively with a warning ([`RgbConversion`]).
//! - A converted picture from a JPEG is stored as a JPEG again ([`PdfOptions::jpeg_quality`];
//!   CMYK as Adobe YCCK, which can subsample the colour like the source did): Flate CMYK would
//!   be ten times the size. A PNG, lossless, stays lossless (Flate).
//! - The effective resolution at the placed size, after the EXIF orientation, is checked
//!   against [`PdfOptions::min_ppi`] (§4.5: about 200 ppi for newsprint photos).
//!
//! [`inspect`] gives the same warnings without converting (for `paiban check`). Bytes that do
//! not decode are an input error naming the file. Reading the headers and pixels is in
//! `image/decode.rs`.

mod decode;

use std::sync::Arc;

use zune_core::colorspace::ColorSpace;

use super::photo;
use super::separate::{self, Separation};
use super::{PdfOptions, PdfStandard, RgbConversion};
use crate::color::rgb_to_cmyk;
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::ImageItem;
use crate::model::ImageFormat;
use decode::{
    Decoded, JpegHeader, decode_jpeg_rgb, decode_png, header_size, icc_components, jpeg_header,
    pixel_count,
};

/// A picture ready to be written as an image XObject.
pub(crate) struct Picture {
    /// Width and height in pixels, as stored.
    pub size: (u32, u32),
    /// One component (DeviceGray) or four (DeviceCMYK).
    pub gray: bool,
    pub data: PictureData,
}

/// The samples of a [`Picture`].
pub(crate) enum PictureData {
    /// JPEG bytes (`DCTDecode`): the source's, passed through, or paiban's re-encoding.
    Jpeg {
        bytes: Arc<Vec<u8>>,
        /// Adobe-style inverted CMYK: write `/Decode [1 0 1 0 1 0 1 0]`.
        inverted: bool,
        /// The embedded ICC profile, kept in PDF/X-4 only.
        icc: Option<Vec<u8>>,
    },
    /// Uncompressed 8-bit samples, compressed with the other streams.
    Samples(Vec<u8>),
}

/// Whether to produce image data or only the warnings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Work {
    Convert,
    Inspect,
}

/// Turn one placed picture into image data; warnings go to `warnings`.
pub(crate) fn prepare(
    item: &ImageItem,
    page: u32,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Result<Picture, Diagnostic> {
    let picture = process(item, page, options, warnings, Work::Convert)?;
    // ok: `Work::Convert` always yields a picture.
    picture.ok_or_else(|| Diagnostic::internal("a picture was inspected, not converted"))
}

/// The warnings [`prepare`] gives for a picture, without converting it.
pub(crate) fn inspect(
    item: &ImageItem,
    page: u32,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Result<(), Diagnostic> {
    process(item, page, options, warnings, Work::Inspect).map(|_| ())
}

fn process(
    item: &ImageItem,
    page: u32,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
    work: Work,
) -> Result<Option<Picture>, Diagnostic> {
    let fail = |cause: String| {
        Diagnostic::input(format!("failed to decode picture ({cause})"))
            .in_file(&item.path)
            .hint("re-save it as a baseline JPEG or a PNG")
    };
    let (image, stored) = match item.format {
        ImageFormat::Jpeg => match jpeg_header(&item.data).map_err(fail)? {
            header @ JpegHeader {
                space: ColorSpace::Luma | ColorSpace::CMYK | ColorSpace::YCCK,
                ..
            } => (
                Some(passed_through(item, header, options)),
                header_size(&item.data),
            ),
            header => {
                let decoded = decode_jpeg_rgb(&item.data, header.icc).map_err(fail)?;
                let size = decoded.size;
                (
                    convert(item, decoded, options, warnings, work).map_err(fail)?,
                    size,
                )
            }
        },
        ImageFormat::Png => {
            let decoded = decode_png(&item.data).map_err(fail)?;
            let size = decoded.size;
            (
                convert(item, decoded, options, warnings, work).map_err(fail)?,
                size,
            )
        }
    };
    check_resolution(
        item,
        page,
        item.orientation.seen(stored),
        options.min_ppi,
        warnings,
    );
    Ok(image)
}

/// A gray or CMYK JPEG, its bytes kept.
fn passed_through(item: &ImageItem, header: JpegHeader, options: &PdfOptions) -> Picture {
    let gray = header.space == ColorSpace::Luma;
    let components = if gray { 1 } else { 4 };
    // A profile is only useful (and only allowed) in X-4, and only when it describes the
    // image's own colour space.
    let icc = header
        .icc
        .filter(|p| options.standard == PdfStandard::X4 && icc_components(p) == Some(components));
    Picture {
        size: header.size,
        gray,
        data: PictureData::Jpeg {
            bytes: item.data.clone(),
            inverted: !gray,
            icc,
        },
    }
}

/// Flatten alpha onto white, turn RGB into gray or CMYK, and encode (with [`Work::Convert`]).
fn convert(
    item: &ImageItem,
    decoded: Decoded,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
    work: Work,
) -> Result<Option<Picture>, String> {
    let size = decoded.size;
    if size.0 == 0 || size.1 == 0 {
        return Err("the picture has no pixels".into());
    }
    let (colour, transparent) = flatten(&decoded);
    let rgb = decoded.channels >= 3;
    let to_gray = colour_warnings(item, &decoded, &colour, transparent, options, warnings);
    if work == Work::Inspect {
        return Ok(None);
    }
    let (data, gray) = match (to_gray, rgb) {
        (true, true) => (
            colour
                .chunks_exact(3)
                .map(|p| luminance(p[0], p[1], p[2]))
                .collect(),
            true,
        ),
        (true, false) => (colour, true),
        (false, _) => (
            separate_rgb(&colour, decoded.icc.as_deref(), options)?,
            false,
        ),
    };
    Ok(Some(stored(data, size, gray, decoded.lossy, options)))
}

/// Whether the picture becomes gray (it is neutral, or RGB is to be turned gray), with the
/// warnings about its conversion: transparency flattened, colour lost, RGB separated.
fn colour_warnings(
    item: &ImageItem,
    decoded: &Decoded,
    colour: &[u8],
    transparent: bool,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> bool {
    if transparent {
        warnings.push(
            Diagnostic::warning("picture has transparency; it was flattened onto white paper")
                .in_file(&item.path)
                .hint("flatten it onto the page background yourself if that is not white"),
        );
    }
    let rgb = decoded.channels >= 3;
    let neutral = !rgb || colour.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]);
    let to_gray = neutral || options.rgb_conversion == RgbConversion::Gray;
    if !neutral && to_gray {
        warnings.push(
            Diagnostic::warning("picture is RGB; it was converted to grayscale")
                .in_file(&item.path)
                .hint("convert it to gray or CMYK yourself for control over the tones"),
        );
    }
    if !to_gray {
        rgb_warnings(item, decoded.icc.as_deref(), options, warnings);
    }
    to_gray
}

/// Converted samples as they are stored: a JPEG again when the source was lossy, else raw
/// samples for Flate.
fn stored(
    mut data: Vec<u8>,
    size: (u32, u32),
    gray: bool,
    lossy: bool,
    options: &PdfOptions,
) -> Picture {
    let quality = options.jpeg_quality;
    let jpeg = match (lossy, gray) {
        (false, _) => None,
        (true, true) => photo::encode_gray(&data, size, quality),
        (true, false) => photo::encode_cmyk(&mut data, size, quality, options.ink_limit),
    };
    let data = match jpeg {
        Some(jpeg) => PictureData::Jpeg {
            bytes: Arc::new(jpeg),
            inverted: !gray,
            icc: None,
        },
        _ => PictureData::Samples(data),
    };
    Picture { size, gray, data }
}

/// The colour bytes (gray or RGB) over white paper, and whether any pixel was not opaque.
fn flatten(decoded: &Decoded) -> (Vec<u8>, bool) {
    let channels = decoded.channels;
    if channels == 1 || channels == 3 {
        return (decoded.data.clone(), false);
    }
    let colour = channels - 1;
    let mut out = Vec::with_capacity(pixel_count(decoded.size) * colour);
    let mut transparent = false;
    for px in decoded.data.chunks_exact(channels) {
        let alpha = u32::from(px[colour]);
        transparent |= alpha != 255;
        for &v in &px[..colour] {
            // Over white paper: v·a + 255·(1 − a), rounded.
            out.push(((u32::from(v) * alpha + 255 * (255 - alpha) + 127) / 255) as u8);
        }
    }
    (out, transparent)
}

/// The warnings about separating a colour RGB picture: without an output profile it is done
/// naively; a profile in the picture that littlecms cannot use is replaced by sRGB.
fn rgb_warnings(
    item: &ImageItem,
    embedded: Option<&[u8]>,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) {
    let place = |d: Diagnostic| match &item.block {
        Some(block) => d.at(block.clone()),
        None => d.in_file(&item.path),
    };
    let name = file_name(item);
    if options.icc_profile.is_none() {
        warnings.push(place(
            Diagnostic::warning(format!(
                "picture {name} is RGB and there is no CMYK output profile; it was converted without colour management"
            ))
            .hint("name the printing plant's CMYK profile in the layout (print.icc_profile: ISOnewspaper26v4.icc) or with --icc, and paiban converts it with littlecms"),
        ));
    } else if let Some(p) = embedded {
        if !separate::is_rgb_profile(p) {
            warnings.push(place(
                Diagnostic::warning(format!(
                    "picture {name} carries an ICC profile that is damaged or not an RGB profile; its colours were taken as sRGB"
                ))
                .hint("re-save the picture with its real profile embedded, or as plain sRGB"),
            ));
        }
    }
}

/// RGB → CMYK through the output profile, or naively without one (the caller has warned).
fn separate_rgb(
    rgb: &[u8],
    embedded: Option<&[u8]>,
    options: &PdfOptions,
) -> Result<Vec<u8>, String> {
    let Some((_, profile)) = &options.icc_profile else {
        let limit = options.ink_limit / 100.0;
        return Ok(rgb
            .chunks_exact(3)
            .flat_map(|p| rgb_to_cmyk(p[0], p[1], p[2], limit))
            .collect());
    };
    let how = Separation {
        profile,
        intent: options.rendering_intent,
        black_point_compensation: options.black_point_compensation,
        ink_limit: options.ink_limit,
    };
    separate::separate(rgb, embedded, &how)
}

fn file_name(item: &ImageItem) -> String {
    item.path.file_name().map_or_else(
        || item.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Rec. 601 luma, the weighting a newspaper's gray conversion traditionally uses.
pub(crate) fn luminance(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) + 500) / 1000) as u8
}

/// Warn when the picture has fewer than `min_ppi` pixels per inch at its placed size; `seen`
/// is its pixel size after the EXIF orientation.
fn check_resolution(
    item: &ImageItem,
    page: u32,
    seen: (u32, u32),
    min_ppi: f32,
    warnings: &mut Diagnostics,
) {
    let (_, _, w, h) = item.placed;
    let Some(ppi) = effective_ppi(seen, (w, h)) else {
        return;
    };
    if ppi < min_ppi {
        let need_w = (w / 72.0 * min_ppi).ceil();
        let need_h = (h / 72.0 * min_ppi).ceil();
        let (fw, fh) = (
            crate::units::to_mm(item.frame.2),
            crate::units::to_mm(item.frame.3),
        );
        let message = format!(
            "picture {} on page {page} has {ppi:.0} ppi at its placed size ({}×{} px for a {fw:.0}×{fh:.0} mm frame), under {min_ppi:.0}",
            file_name(item),
            seen.0,
            seen.1
        );
        let d = Diagnostic::warning(message).hint(format!(
            "use a picture of at least {need_w}×{need_h} pixels, or place it smaller (print.min_ppi in the layout sets the limit)"
        ));
        warnings.push(match &item.block {
            Some(block) => d.at(block.clone()),
            None => d.in_file(&item.path),
        });
    }
}

/// The lower of the horizontal and vertical resolution, in pixels per inch, of `pixels` drawn
/// at `placed` points; `None` for a degenerate placement.
pub(crate) fn effective_ppi(pixels: (u32, u32), placed: (f32, f32)) -> Option<f32> {
    let (w, h) = placed;
    if !(w > 0.0 && h > 0.0) {
        return None;
    }
    let x = pixels.0 as f32 * 72.0 / w;
    let y = pixels.1 as f32 * 72.0 / h;
    Some(x.min(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ppi_uses_the_placed_size_and_the_worse_axis() {
        // 600 px across 72 pt = 1 inch is 600 ppi; 300 px down 144 pt = 2 in is 150 ppi.
        assert_eq!(effective_ppi((600, 300), (72.0, 144.0)), Some(150.0));
        assert_eq!(effective_ppi((600, 300), (0.0, 144.0)), None);
    }

    #[test]
    fn rgb_black_is_k_only_and_dark_colours_respect_the_ink_limit() {
        assert_eq!(rgb_to_cmyk(0, 0, 0, 2.4), [0, 0, 0, 255]);
        assert_eq!(rgb_to_cmyk(255, 255, 255, 2.4), [0, 0, 0, 0]);
        let [c, m, y, k] = rgb_to_cmyk(40, 0, 0, 2.4);
        let total = (u32::from(c) + u32::from(m) + u32::from(y) + u32::from(k)) as f32 / 255.0;
        assert!(total <= 2.4 + 0.02, "total ink {total}");
        assert_eq!(c, 0);
    }

    #[test]
    fn gray_uses_rec601_weights() {
        assert_eq!(luminance(255, 255, 255), 255);
        assert_eq!(luminance(255, 0, 0), 76);
    }
}
