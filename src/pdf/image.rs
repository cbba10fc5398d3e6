//! Pictures: encoded bytes → image data that is CMYK or gray, with resolution warnings.
//!
//! - JPEG in gray or CMYK: the bytes go into the PDF unchanged (`DCTDecode`). In X-1a an
//!   embedded ICC profile is dropped so the image stays DeviceCMYK/DeviceGray (ICC-based colour
//!   is not allowed there); in X-4 it is kept. CMYK JPEGs get `/Decode [1 0 1 0 1 0 1 0]`:
//!   Adobe (Photoshop) writes CMYK and YCCK JPEGs inverted, and every CMYK JPEG met in practice
//!   comes from Adobe-compatible software.
//! - JPEG in RGB (YCbCr) and every PNG: decoded; alpha is flattened onto white paper (no
//!   transparency in X-1a); RGB is turned into gray or CMYK ([`RgbConversion`]) with a warning,
//!   since a faithful conversion needs the plant's profile (`cjk-typesetting.md` §4.2: "convert
//!   RGB to the plant profile before output").
//! - The effective resolution at the placed size is checked against [`PdfOptions::min_ppi`]
//!   (§4.5: about 200 ppi for newsprint photos).
//!
//! Bytes that do not decode are an input error naming the file.

use std::io::Cursor;
use std::sync::Arc;

use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use super::{PdfOptions, PdfStandard, RgbConversion};
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::ImageItem;
use crate::model::ImageFormat;

/// A picture ready to be written as an image XObject.
pub(crate) struct Picture {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// One component (DeviceGray) or four (DeviceCMYK).
    pub gray: bool,
    pub data: PictureData,
}

/// The samples of a [`Picture`].
pub(crate) enum PictureData {
    /// JPEG bytes passed through (`DCTDecode`).
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

/// Decoded 8-bit pixels, gray (1 byte) or CMYK (4 bytes) per pixel.
struct Pixels {
    data: Vec<u8>,
    size: (u32, u32),
    gray: bool,
}

/// Decoded 8-bit pixels before colour conversion.
struct Decoded {
    /// Gray (1), gray+alpha (2), RGB (3) or RGBA (4) bytes per pixel.
    channels: usize,
    data: Vec<u8>,
    size: (u32, u32),
}

/// Turn one placed picture into image data; warnings go to `warnings`.
pub(crate) fn prepare(
    item: &ImageItem,
    page: u32,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Result<Picture, Diagnostic> {
    let fail = |cause: String| {
        Diagnostic::input(format!("failed to decode picture ({cause})"))
            .in_file(&item.path)
            .hint("re-save it as a baseline JPEG or a PNG")
    };
    let image = match item.format {
        ImageFormat::Jpeg => match jpeg_header(&item.data).map_err(fail)? {
            header @ JpegHeader {
                space: ColorSpace::Luma | ColorSpace::CMYK | ColorSpace::YCCK,
                ..
            } => {
                let gray = header.space == ColorSpace::Luma;
                let components = if gray { 1 } else { 4 };
                // A profile is only useful (and only allowed) in X-4, and only when it
                // describes the image's own colour space.
                let icc = header.icc.filter(|p| {
                    options.standard == PdfStandard::X4 && icc_components(p) == Some(components)
                });
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
            _ => {
                let decoded = decode_jpeg_rgb(&item.data).map_err(fail)?;
                convert(item, decoded, options, warnings).map_err(fail)?
            }
        },
        ImageFormat::Png => {
            let decoded = decode_png(&item.data).map_err(fail)?;
            convert(item, decoded, options, warnings).map_err(fail)?
        }
    };
    check_resolution(item, page, image.size, options.min_ppi, warnings);
    Ok(image)
}

/// What a JPEG's header says.
struct JpegHeader {
    space: ColorSpace,
    size: (u32, u32),
    icc: Option<Vec<u8>>,
}

fn jpeg_header(data: &[u8]) -> Result<JpegHeader, String> {
    let mut decoder = JpegDecoder::new(Cursor::new(data));
    decoder
        .decode_headers()
        .map_err(|e| e.to_string().to_lowercase())?;
    let space = decoder
        .input_colorspace()
        .ok_or_else(|| "no colour space in the JPEG header".to_string())?;
    let (w, h) = decoder
        .dimensions()
        .ok_or("no dimensions in the JPEG header")?;
    let size = (
        u32::try_from(w).map_err(|_| "the picture is too large")?,
        u32::try_from(h).map_err(|_| "the picture is too large")?,
    );
    if size.0 == 0 || size.1 == 0 {
        return Err("the JPEG has no pixels".into());
    }
    Ok(JpegHeader {
        space,
        size,
        icc: decoder.icc_profile(),
    })
}

/// The number of colour components an ICC profile's data colour space has.
fn icc_components(profile: &[u8]) -> Option<u8> {
    match profile.get(16..20)? {
        b"GRAY" => Some(1),
        b"RGB " => Some(3),
        b"CMYK" => Some(4),
        _ => None,
    }
}

fn decode_jpeg_rgb(data: &[u8]) -> Result<Decoded, String> {
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
    let mut decoder = JpegDecoder::new_with_options(Cursor::new(data), options);
    let pixels = decoder.decode().map_err(|e| e.to_string().to_lowercase())?;
    let (w, h) = decoder
        .dimensions()
        .ok_or("no dimensions in the JPEG header")?;
    let size = (w as u32, h as u32);
    if pixels.len() != w * h * 3 {
        return Err("the JPEG decoded to an unexpected number of pixels".into());
    }
    Ok(Decoded {
        channels: 3,
        data: pixels,
        size,
    })
}

fn decode_png(data: &[u8]) -> Result<Decoded, String> {
    let mut decoder = png::Decoder::new(Cursor::new(data));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| e.to_string().to_lowercase())?;
    let len = reader
        .output_buffer_size()
        .ok_or("the picture is too large")?;
    let mut buf = vec![0; len];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| e.to_string().to_lowercase())?;
    buf.truncate(info.buffer_size());
    let channels = match info.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err("indexed colour was not expanded".into()),
    };
    let size = (info.width, info.height);
    if info.bit_depth != png::BitDepth::Eight || buf.len() != pixel_count(size) * channels {
        return Err("unsupported PNG bit depth or layout".into());
    }
    Ok(Decoded {
        channels,
        data: buf,
        size,
    })
}

fn pixel_count(size: (u32, u32)) -> usize {
    size.0 as usize * size.1 as usize
}

/// Flatten alpha onto white, turn RGB into gray or CMYK.
fn convert(
    item: &ImageItem,
    decoded: Decoded,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Result<Picture, String> {
    let Decoded {
        channels,
        data,
        size,
    } = decoded;
    let has_alpha = channels == 2 || channels == 4;
    let colour = if has_alpha { channels - 1 } else { channels };
    let mut rgb_or_gray = Vec::with_capacity(pixel_count(size) * colour);
    for px in data.chunks_exact(channels) {
        let alpha = if has_alpha {
            u32::from(px[channels - 1])
        } else {
            255
        };
        for &v in &px[..colour] {
            // Over white paper: v·a + 255·(1 − a), rounded.
            rgb_or_gray.push(((u32::from(v) * alpha + 255 * (255 - alpha) + 127) / 255) as u8);
        }
    }
    if has_alpha
        && data
            .chunks_exact(channels)
            .any(|px| px[channels - 1] != 255)
    {
        warnings.push(
            Diagnostic::warning("picture has transparency; it was flattened onto white paper")
                .in_file(&item.path)
                .hint("flatten it onto the page background yourself if that is not white"),
        );
    }
    let pixels = if colour == 1 {
        Pixels {
            data: rgb_or_gray,
            size,
            gray: true,
        }
    } else {
        rgb_pixels(item, &rgb_or_gray, size, options, warnings)
    };
    if pixels.size.0 == 0 || pixels.size.1 == 0 {
        return Err("the picture has no pixels".into());
    }
    Ok(Picture {
        size: pixels.size,
        gray: pixels.gray,
        data: PictureData::Samples(pixels.data),
    })
}

/// RGB bytes → gray or CMYK pixels, with a warning unless the picture is neutral gray.
fn rgb_pixels(
    item: &ImageItem,
    rgb: &[u8],
    size: (u32, u32),
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Pixels {
    let neutral = rgb.chunks_exact(3).all(|p| p[0] == p[1] && p[1] == p[2]);
    if neutral || options.rgb_conversion == RgbConversion::Gray {
        if !neutral {
            warnings.push(
                Diagnostic::warning("picture is RGB; it was converted to grayscale")
                    .in_file(&item.path)
                    .hint("convert it to gray or CMYK yourself for control over the tones"),
            );
        }
        let data = rgb
            .chunks_exact(3)
            .map(|p| luminance(p[0], p[1], p[2]))
            .collect();
        return Pixels {
            data,
            size,
            gray: true,
        };
    }
    warnings.push(
        Diagnostic::warning("picture is RGB; it was converted to CMYK without a colour profile")
            .in_file(&item.path)
            .hint("convert it to CMYK with the printing plant's profile (e.g. ISOnewspaper26v4)"),
    );
    let limit = options.ink_limit / 100.0;
    let data = rgb
        .chunks_exact(3)
        .flat_map(|p| rgb_to_cmyk(p[0], p[1], p[2], limit))
        .collect();
    Pixels {
        data,
        size,
        gray: false,
    }
}

/// Rec. 601 luma, the weighting a newspaper's gray conversion traditionally uses.
fn luminance(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) + 500) / 1000) as u8
}

/// Naive full-GCR separation: K takes the darkness, C/M/Y the remaining colour, and C/M/Y are
/// scaled down so C+M+Y+K stays within `limit` (a fraction, 2.4 for 240%). Not a substitute
/// for the plant's profile, which is why the caller warns.
fn rgb_to_cmyk(r: u8, g: u8, b: u8, limit: f32) -> [u8; 4] {
    let (r, g, b) = (
        f32::from(r) / 255.0,
        f32::from(g) / 255.0,
        f32::from(b) / 255.0,
    );
    let k = 1.0 - r.max(g).max(b);
    if k >= 1.0 {
        return [0, 0, 0, 255];
    }
    let (mut c, mut m, mut y) = (
        (1.0 - r - k) / (1.0 - k),
        (1.0 - g - k) / (1.0 - k),
        (1.0 - b - k) / (1.0 - k),
    );
    let cmy = c + m + y;
    if cmy + k > limit && cmy > 0.0 {
        let scale = ((limit - k) / cmy).max(0.0);
        (c, m, y) = (c * scale, m * scale, y * scale);
    }
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    [byte(c), byte(m), byte(y), byte(k)]
}

/// Warn when the picture has fewer than `min_ppi` pixels per inch at its placed size.
fn check_resolution(
    item: &ImageItem,
    page: u32,
    pixels: (u32, u32),
    min_ppi: f32,
    warnings: &mut Diagnostics,
) {
    let (_, _, w, h) = item.placed;
    let Some(ppi) = effective_ppi(pixels, (w, h)) else {
        return;
    };
    if ppi < min_ppi {
        let need_w = (w / 72.0 * min_ppi).ceil();
        let need_h = (h / 72.0 * min_ppi).ceil();
        warnings.push(
            Diagnostic::warning(format!(
                "picture on page {page} has {ppi:.0} ppi at its placed size, under {min_ppi:.0}"
            ))
            .in_file(&item.path)
            .hint(format!(
                "use a picture of at least {need_w}×{need_h} pixels, or place it smaller (aim for 200 ppi on newsprint)"
            )),
        );
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
