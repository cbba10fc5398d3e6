//! Converted photos stored as JPEG, kept under the ink limit after compression.
//!
//! A JPEG does not give back the exact samples it was given: around edges the decoded ink can
//! ring a few per cent above what was encoded, and a pixel separated right at the 240% limit
//! can come back at 260%. So the encoded picture is decoded again and, in every 16×16 block
//! (one YCCK MCU with 2×2 colour subsampling) where the total ink is over the limit, the
//! source is held that much further under it, and encoded again; a few rounds settle it. If
//! they do not, the caller stores the samples losslessly instead.

use std::io::Cursor;
use std::ops::Range;

use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;
use zune_jpeg::JpegDecoder;

use super::separate::{ink_limit_units, limit_ink};

/// Rounds of encode → decode → tighten before giving up on JPEG.
const ROUNDS: usize = 6;

/// The side of the block tightened together, in pixels.
const BLOCK: usize = 16;

/// Gray samples as a baseline JPEG at `quality`; `None` when the encoder cannot take them.
pub(crate) fn encode_gray(samples: &[u8], size: (u32, u32), quality: u8) -> Option<Vec<u8>> {
    encode(samples, size, quality, jpeg_encoder::ColorType::Luma)
}

/// CMYK samples (0 = no ink) as an Adobe YCCK JPEG whose decoded pixels stay within
/// `ink_limit` percent; the samples are tightened in place where needed. `None` when the
/// encoder cannot take the picture or the limit could not be kept.
pub(crate) fn encode_cmyk(
    samples: &mut [u8],
    size: (u32, u32),
    quality: u8,
    ink_limit: f32,
) -> Option<Vec<u8>> {
    let limit = ink_limit_units(ink_limit);
    let blocks = (size.0 as usize).div_ceil(BLOCK) * (size.1 as usize).div_ceil(BLOCK);
    // How far under the limit each block is held, grown round by round from the separation.
    let mut held = vec![0_u32; blocks];
    let original = samples.to_vec();
    for _ in 0..ROUNDS {
        let jpeg = encode(samples, size, quality, jpeg_encoder::ColorType::CmykAsYcck)?;
        let decoded = decode_ycck(&jpeg, size)?;
        if !hold_under(&decoded, size, limit, &mut held) {
            return Some(jpeg);
        }
        samples.copy_from_slice(&original);
        apply(samples, size, limit, &held);
    }
    None
}

fn encode(
    samples: &[u8],
    size: (u32, u32),
    quality: u8,
    kind: jpeg_encoder::ColorType,
) -> Option<Vec<u8>> {
    let w = u16::try_from(size.0).ok()?;
    let h = u16::try_from(size.1).ok()?;
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_optimized_huffman_tables(true);
    // Full-resolution colour: zune-jpeg, which checks the result, cannot read four-component
    // JPEGs with subsampled planes, and newsprint shows colour fringes at edges anyway.
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
    encoder.encode(samples, w, h, kind).ok()?;
    Some(out)
}

/// The ink (0 = none) of each pixel of a YCCK JPEG written by [`encode`]: Y, Cb, Cr carry the
/// inverted C, M, Y as if they were R, G, B; the fourth channel is inverted K.
fn decode_ycck(jpeg: &[u8], size: (u32, u32)) -> Option<Vec<u8>> {
    let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::YCCK);
    let mut decoder = JpegDecoder::new_with_options(Cursor::new(jpeg), options);
    let raw = decoder.decode().ok()?;
    if raw.len() != size.0 as usize * size.1 as usize * 4 {
        return None;
    }
    let byte = |v: f32| v.round().clamp(0.0, 255.0) as u8;
    let mut ink = Vec::with_capacity(raw.len());
    for px in raw.chunks_exact(4) {
        let (y, cb, cr) = (
            f32::from(px[0]),
            f32::from(px[1]) - 128.0,
            f32::from(px[2]) - 128.0,
        );
        // JFIF YCbCr → RGB; that RGB is the ink the encoder was given (see its `cmyk_to_ycck`).
        ink.push(byte(y + 1.402 * cr));
        ink.push(byte(y - 0.344_136 * cb - 0.714_136 * cr));
        ink.push(byte(y + 1.772 * cb));
        ink.push(255 - px[3]);
    }
    Some(ink)
}

/// The 16×16 blocks of a picture, each as its rows and columns.
fn block_ranges(size: (u32, u32)) -> impl Iterator<Item = (Range<usize>, Range<usize>)> {
    let (w, h) = (size.0 as usize, size.1 as usize);
    (0..h).step_by(BLOCK).flat_map(move |by| {
        (0..w)
            .step_by(BLOCK)
            .map(move |bx| (by..(by + BLOCK).min(h), bx..(bx + BLOCK).min(w)))
    })
}

/// For every block where `decoded` is over `limit`, hold it further under by the excess (and
/// a margin); whether any was over.
fn hold_under(decoded: &[u8], size: (u32, u32), limit: u32, held: &mut [u32]) -> bool {
    let w = size.0 as usize;
    let mut over = false;
    for ((rows, cols), hold) in block_ranges(size).zip(held.iter_mut()) {
        let excess = rows
            .flat_map(|y| cols.clone().map(move |x| (y * w + x) * 4))
            .map(|i| decoded[i..i + 4].iter().map(|&v| u32::from(v)).sum::<u32>())
            .max()
            .unwrap_or(0)
            .saturating_sub(limit);
        if excess > 0 {
            over = true;
            *hold += excess + 4;
        }
    }
    over
}

/// Limit every pixel of `samples` to `limit` less its block's hold.
fn apply(samples: &mut [u8], size: (u32, u32), limit: u32, held: &[u32]) {
    let w = size.0 as usize;
    for ((rows, cols), &hold) in block_ranges(size).zip(held) {
        if hold == 0 {
            continue;
        }
        let tighter = limit.saturating_sub(hold);
        for y in rows {
            for x in cols.clone() {
                let i = (y * w + x) * 4;
                limit_ink(&mut samples[i..i + 4], tighter);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ycck_round_trip_gives_the_ink_back_and_keeps_the_limit() {
        // A hard edge between deep rich black and paper: the worst case for ringing.
        let size = (64_u32, 32_u32);
        let mut samples = Vec::new();
        for _y in 0..size.1 {
            for x in 0..size.0 {
                let px: [u8; 4] = if (x / 5) % 2 == 0 {
                    [150, 140, 120, 202]
                } else {
                    [0, 0, 0, 0]
                };
                samples.extend_from_slice(&px);
            }
        }
        let limit = ink_limit_units(240.0);
        let jpeg = encode_cmyk(&mut samples, size, 85, 240.0).expect("encodes within the limit");
        let decoded = decode_ycck(&jpeg, size).expect("decodes");
        let max = decoded
            .chunks_exact(4)
            .map(|p| p.iter().map(|&v| u32::from(v)).sum::<u32>())
            .max();
        assert!(max.is_some_and(|m| m <= limit), "max {max:?} over {limit}");
        // Paper stays paper, near enough, and the ink is there where it should be.
        assert!(
            decoded[5 * 4..5 * 4 + 4].iter().all(|&v| v < 40),
            "{:?}",
            &decoded[20..24]
        );
        assert!(
            decoded[..4]
                .iter()
                .zip([150, 140, 120, 202])
                .all(|(&d, e)| d.abs_diff(e) < 60)
        );
    }
}
