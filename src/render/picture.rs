//! Pictures for the screen: encoded bytes → opaque RGB pixels, resampled to the size drawn.
//!
//! CMYK and YCCK JPEGs are read as the PDF prints them (Adobe-inverted samples, as the PDF
//! writer's `/Decode` array says) and shown through the same corner table as the vector
//! colours ([`super::color`]), so a photo looks in the proof as pdftoppm shows it in the PDF.
//! Gray pictures are shown as gray. RGB pictures are shown as they are: the PDF separates them
//! without a profile (with a warning), so the proof of an RGB photo is the photographer's
//! colours, not the plant's.

use std::io::Cursor;

use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use crate::display::ImageItem;
use crate::model::{ImageFormat, Orientation};

/// Opaque RGB pixels, row by row.
#[derive(Debug, Clone)]
pub(crate) struct Rgb {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

/// Decode a picture, turned as its EXIF orientation says it is seen (as the PDF places it);
/// `Err` names what went wrong (the build has already reported it).
pub(crate) fn decode(item: &ImageItem) -> Result<Rgb, String> {
    let stored = match item.format {
        ImageFormat::Jpeg => decode_jpeg(&item.data),
        ImageFormat::Png => decode_png(&item.data),
    }?;
    Ok(stored.oriented(item.orientation))
}

impl Rgb {
    /// The pixels as seen under `orientation` (each stored pixel moved to where
    /// [`Orientation::map`] puts its centre).
    pub(crate) fn oriented(self, orientation: Orientation) -> Rgb {
        if orientation == Orientation::UPRIGHT {
            return self;
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let (seen_w, seen_h) = orientation.seen((self.width, self.height));
        let mut data = vec![0_u8; self.data.len()];
        for (i, px) in self.data.chunks_exact(3).enumerate() {
            let (sx, sy) = ((i % w) as f32 + 0.5, (i / w) as f32 + 0.5);
            let (fx, fy) = orientation.map(sx / w as f32, sy / h as f32);
            let x = ((fx * seen_w as f32) as usize).min(seen_w as usize - 1);
            let y = ((fy * seen_h as f32) as usize).min(seen_h as usize - 1);
            let at = 3 * (y * seen_w as usize + x);
            data[at..at + 3].copy_from_slice(px);
        }
        Rgb {
            width: seen_w,
            height: seen_h,
            data,
        }
    }
}

/// Colours kept while converting a photo ([`InkPixels::rgb`]): 4096, 16 KiB, in the first level
/// cache beside the blend table.
const COLOUR_SHIFT: u32 = 20;
const COLOUR_SLOTS: usize = 1 << (32 - COLOUR_SHIFT);

fn decode_jpeg(data: &[u8]) -> Result<Rgb, String> {
    // A CMYK or YCCK photo: each pixel's inks straight to screen colours, in one pass.
    if let Some(pixels) = InkPixels::decode(data)? {
        return Ok(pixels.into_rgb());
    }
    let gray = jpeg_space(data)? == ColorSpace::Luma;
    let out = if gray {
        ColorSpace::Luma
    } else {
        ColorSpace::RGB
    };
    let (pixels, (width, height)) = decode_jpeg_as(data, out)?;
    let data = if gray {
        pixels.iter().flat_map(|&v| [v, v, v]).collect()
    } else {
        pixels
    };
    Ok(Rgb {
        width,
        height,
        data,
    })
}

/// A CMYK or YCCK JPEG decoded once, its samples kept as stored (four a pixel): the ink check
/// reads its totals and the windows black overprints, and the renderer turns the same samples
/// into screen colours, so a build that writes the e-paper decodes each photo once.
#[derive(Debug)]
pub(crate) struct InkPixels {
    pub width: u32,
    pub height: u32,
    space: ColorSpace,
    samples: Vec<u8>,
}

impl InkPixels {
    /// Decode a JPEG's inks; `None` for a gray or RGB JPEG (nothing of it is passed through
    /// as CMYK).
    pub(crate) fn decode(data: &[u8]) -> Result<Option<InkPixels>, String> {
        let space = jpeg_space(data)?;
        if !matches!(space, ColorSpace::CMYK | ColorSpace::YCCK) {
            return Ok(None);
        }
        let (samples, (width, height)) = decode_jpeg_as(data, space)?;
        Ok(Some(InkPixels {
            width,
            height,
            space,
            samples,
        }))
    }

    /// [`InkPixels::total_ink`] of a JPEG without keeping its samples, and its number of
    /// pixels; `None` for a gray or RGB JPEG.
    ///
    /// The photo is decoded into `scratch`, which the next photo reuses: a build that only
    /// checks the ink touches one photo's worth of fresh memory instead of every photo's, and
    /// on this project's machines the page faults of fresh memory cost as much as decoding.
    pub(crate) fn total_ink_of(
        data: &[u8],
        over: u16,
        scratch: &mut Vec<u8>,
    ) -> Result<Option<InkTotals>, String> {
        Ok(
            decode_in(data, scratch)?.map(|Samples { space, samples, .. }| {
                let (most, count) = sums::most_and_over(space == ColorSpace::CMYK, samples, over);
                (most, count, samples.len() / 4)
            }),
        )
    }

    /// [`InkPixels::total_ink_of`], and the photo in screen colours ([`InkPixels::into_rgb`]),
    /// for a build that draws the pages too. The screen colours are kept for the pages, so the
    /// photo is decoded into `scratch`'s buffer taken away and turned into them there, in
    /// place: a second buffer for them was fresh memory for every photo (their pages cost as
    /// much to touch as converting them). `scratch` is left empty for the next photo.
    pub(crate) fn total_ink_and_rgb_of(
        data: &[u8],
        over: u16,
        scratch: &mut Vec<u8>,
    ) -> Result<Option<(InkTotals, Rgb)>, String> {
        let mut buffer = std::mem::take(scratch);
        let Some(Samples {
            space,
            pixels,
            samples,
        }) = decode_in(data, &mut buffer)?
        else {
            *scratch = buffer;
            return Ok(None);
        };
        let (most, count) = sums::most_and_over(space == ColorSpace::CMYK, samples, over);
        let len = samples.len();
        buffer.truncate(len);
        Ok(Some((
            (most, count, len / 4),
            screen_colours(space, pixels, buffer),
        )))
    }

    /// The picture in screen colours, each pixel's inks through the corner table in one pass,
    /// in the samples' own buffer.
    pub(crate) fn into_rgb(self) -> Rgb {
        screen_colours(self.space, (self.width, self.height), self.samples)
    }

    /// The inks (C, M, Y, K; 0 = none, 255 = solid) of every pixel, row by row as stored.
    #[cfg(test)]
    pub(crate) fn inks(&self) -> impl Iterator<Item = [u8; 4]> + '_ {
        self.samples.chunks_exact(4).map(|p| inks_of(self.space, p))
    }

    /// The inks of the pixel at `x`, `y` (stored orientation); `None` outside the picture.
    pub(crate) fn at(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width {
            return None;
        }
        let i = 4 * (y as usize * self.width as usize + x as usize);
        self.samples.get(i..i + 4).map(|p| inks_of(self.space, p))
    }

    /// The most total ink C + M + Y + K of a pixel (0 to 1020, in 255ths of one solid ink),
    /// and how many pixels carry more than `over`.
    ///
    /// The whole ink check's cost for a photo that nothing overprints, after decoding it: summed
    /// straight off the stored samples in [`sums`], where going through [`InkPixels::inks`]
    /// pixel by pixel took longer than decoding.
    pub(crate) fn total_ink(&self, over: u16) -> (u16, usize) {
        sums::most_and_over(self.space == ColorSpace::CMYK, &self.samples, over)
    }
}

/// One pixel's inks from its stored samples.
fn inks_of(space: ColorSpace, p: &[u8]) -> [u8; 4] {
    if space == ColorSpace::CMYK {
        [255 - p[0], 255 - p[1], 255 - p[2], 255 - p[3]]
    } else {
        ycck_inks(p[0], p[1], p[2], p[3])
    }
}

/// A photo's ink totals: the most total ink of a pixel (in 255ths), how many pixels pass the
/// level asked about, and how many pixels it has.
pub(crate) type InkTotals = (u16, usize, usize);

/// A CMYK or YCCK JPEG's samples, decoded into memory the caller keeps.
#[derive(Clone, Copy)]
struct Samples<'s> {
    space: ColorSpace,
    /// Width and height.
    pixels: (u32, u32),
    /// Four a pixel, row by row as stored.
    samples: &'s [u8],
}

/// A CMYK or YCCK JPEG's samples decoded into `scratch` (grown as needed, never shrunk);
/// `None` for a gray or RGB JPEG.
fn decode_in<'s>(data: &[u8], scratch: &'s mut Vec<u8>) -> Result<Option<Samples<'s>>, String> {
    let space = jpeg_space(data)?;
    if !matches!(space, ColorSpace::CMYK | ColorSpace::YCCK) {
        return Ok(None);
    }
    let options = DecoderOptions::default().jpeg_set_out_colorspace(space);
    let mut decoder = JpegDecoder::new_with_options(Cursor::new(data), options);
    decoder.decode_headers().map_err(|e| e.to_string())?;
    let size = decoder.output_buffer_size().ok_or("no size in the JPEG")?;
    let (w, h) = decoder.dimensions().ok_or("no size in the JPEG")?;
    if size != w * h * 4 {
        return Err("the JPEG decodes to an unexpected number of samples".into());
    }
    let side = |v: usize| u32::try_from(v).map_err(|_| "the JPEG is too large".to_string());
    let pixels = (side(w)?, side(h)?);
    if scratch.len() < size {
        scratch.resize(size, 0);
    }
    let samples = &mut scratch[..size];
    decoder.decode_into(samples).map_err(|e| e.to_string())?;
    Ok(Some(Samples {
        space,
        pixels,
        samples,
    }))
}

/// Stored samples (four a pixel) in screen colours, each pixel's inks through the corner
/// table in one pass, written over the samples in their own buffer (pixel `i` moves from `4i`
/// to `3i`, to the left of every sample not read yet).
fn screen_colours(space: ColorSpace, (width, height): (u32, u32), mut samples: Vec<u8>) -> Rgb {
    let table = super::color::InkTable::new();
    // Neighbouring pixels often hold the same samples (sky, a flat background: 94% of the
    // sample edition's photos repeat one seen just before), and the blend is most of
    // converting a photo: the last colours seen are kept by their samples, direct-mapped.
    let mut seen = vec![(0_u32, table.rgb(inks_of(space, &[0; 4]))); COLOUR_SLOTS];
    let pixels = samples.len() / 4;
    for i in 0..pixels {
        let p = [
            samples[4 * i],
            samples[4 * i + 1],
            samples[4 * i + 2],
            samples[4 * i + 3],
        ];
        let key = u32::from_le_bytes(p);
        let slot = &mut seen[(key.wrapping_mul(0x9E37_79B9) >> COLOUR_SHIFT) as usize];
        if slot.0 != key {
            *slot = (key, table.rgb(inks_of(space, &p)));
        }
        samples[3 * i..3 * i + 3].copy_from_slice(&slot.1);
    }
    samples.truncate(3 * pixels);
    samples.shrink_to_fit();
    Rgb {
        width,
        height,
        data: samples,
    }
}

/// The colour space a JPEG's header declares.
fn jpeg_space(data: &[u8]) -> Result<ColorSpace, String> {
    let mut probe = JpegDecoder::new(Cursor::new(data));
    probe.decode_headers().map_err(|e| e.to_string())?;
    probe
        .input_colorspace()
        .ok_or_else(|| "no colour space in the JPEG".to_string())
}

/// Decode a JPEG into `out` samples; with its size in pixels.
fn decode_jpeg_as(data: &[u8], out: ColorSpace) -> Result<(Vec<u8>, (u32, u32)), String> {
    let options = DecoderOptions::default().jpeg_set_out_colorspace(out);
    let mut decoder = JpegDecoder::new_with_options(Cursor::new(data), options);
    let pixels = decoder.decode().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions().ok_or("no size in the JPEG")?;
    if pixels.len() != w * h * out.num_components() {
        return Err("the JPEG decoded to an unexpected number of pixels".into());
    }
    let side = |v: usize| u32::try_from(v).map_err(|_| "the JPEG is too large".to_string());
    Ok((pixels, (side(w)?, side(h)?)))
}

/// Adobe YCCK samples → inks. The JPEG holds the inverted C, M, Y as if they were R, G, B in
/// YCbCr, and inverted K as it is (libjpeg's and poppler's YCCK conversion); inverting the
/// stored CMYK again, as the PDF's `/Decode` does, leaves C, M, Y = the decoded R, G, B.
///
/// In 16.16 fixed point (the JFIF coefficients × 65536): the ink check runs this on every pixel
/// of every photo of the edition, and integers are several times faster than `f32` rounding
/// and clamping; it differs from the float formula by at most one level.
fn ycck_inks(y: u8, cb: u8, cr: u8, k: u8) -> [u8; 4] {
    const HALF: i32 = 1 << 15;
    let y = (i32::from(y) << 16) + HALF;
    let (cb, cr) = (i32::from(cb) - 128, i32::from(cr) - 128);
    let byte = |v: i32| (v >> 16).clamp(0, 255) as u8;
    [
        byte(y + 91_881 * cr),
        byte(y - 22_554 * cb - 46_802 * cr),
        byte(y + 116_130 * cb),
        255 - k,
    ]
}

fn decode_png(data: &[u8]) -> Result<Rgb, String> {
    let mut decoder = png::Decoder::new(Cursor::new(data));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let len = reader
        .output_buffer_size()
        .ok_or("the picture is too large")?;
    let mut buf = vec![0; len];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    let pixels = info.width as usize * info.height as usize;
    if info.bit_depth != png::BitDepth::Eight || buf.len() != pixels * channels {
        return Err("unsupported PNG layout".into());
    }
    let over_white = |v: u8, a: u8| {
        let (v, a) = (u32::from(v), u32::from(a));
        ((v * a + 255 * (255 - a) + 127) / 255) as u8
    };
    let data = buf
        .chunks_exact(channels)
        .flat_map(|p| match channels {
            1 => [p[0]; 3],
            2 => [over_white(p[0], p[1]); 3],
            3 => [p[0], p[1], p[2]],
            _ => [
                over_white(p[0], p[3]),
                over_white(p[1], p[3]),
                over_white(p[2], p[3]),
            ],
        })
        .collect();
    Ok(Rgb {
        width: info.width,
        height: info.height,
        data,
    })
}

impl Rgb {
    /// The picture resampled to `width` × `height` by averaging the source pixels under each
    /// target pixel (at least the nearest one when enlarging): no aliasing when a 1200-pixel
    /// photo is drawn 300 pixels wide.
    pub fn resized(&self, width: u32, height: u32) -> Rgb {
        let (width, height) = (width.max(1), height.max(1));
        if (width, height) == (self.width, self.height) || self.width == 0 || self.height == 0 {
            return self.clone();
        }
        let spans = |n: u32, limit: u32| -> Vec<std::ops::Range<usize>> {
            let scale = limit as f32 / n as f32;
            (0..n)
                .map(|i| {
                    let a = ((i as f32 * scale) as u32).min(limit - 1);
                    let b = (((i + 1) as f32 * scale).ceil() as u32).clamp(a + 1, limit);
                    a as usize..b as usize
                })
                .collect()
        };
        let (cols, rows) = (spans(width, self.width), spans(height, self.height));
        // Separably: the source rows under a target row summed first, then each target
        // pixel's columns of those sums, so each source pixel is added once per target row
        // rather than once per target pixel with its bounds checked.
        let stride = self.width as usize * 3;
        let mut sums = vec![0_u32; stride];
        let mut data = Vec::with_capacity(width as usize * height as usize * 3);
        for under in rows {
            sums.fill(0);
            for row in self
                .data
                .chunks_exact(stride)
                .take(under.end)
                .skip(under.start)
            {
                for (sum, &v) in sums.iter_mut().zip(row) {
                    *sum += u32::from(v);
                }
            }
            for across in &cols {
                let n = (under.len() * across.len()) as u64;
                let mut sum = [0_u64; 3];
                for px in sums[across.start * 3..across.end * 3].chunks_exact(3) {
                    for (s, &v) in sum.iter_mut().zip(px) {
                        *s += u64::from(v);
                    }
                }
                data.extend(sum.map(|s| ((s + n / 2) / n.max(1)) as u8));
            }
        }
        Rgb {
            width,
            height,
            data,
        }
    }

    /// The pixels as a PNG file.
    pub fn png(&self) -> Vec<u8> {
        super::encode_png(self.width, self.height, png::ColorType::Rgb, &self.data)
    }
}

mod sums;
#[cfg(test)]
mod tests;
