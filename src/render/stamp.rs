//! Glyph masks for the raster: each glyph is filled once per size and quarter-pixel position
//! into a coverage mask, and every later use of it stamps the mask.
//!
//! A page is thousands of glyphs but only a thousand or two distinct ones; filling every
//! outline again (tiny-skia builds, sorts and walks the edges of each one) was most of the
//! time a page took to draw. The mask is filled by [`Accumulator`] (exact areas, a few levels
//! from tiny-skia's anti-aliasing on the edges, in a fraction of its time), at the same
//! quarter-pixel phase across and whole-pixel baseline the raster places glyphs at. Glyphs of
//! a run that overlap (rare: a kerned pair touching) are composited one over the other rather
//! than filled as one shape, a difference of a few levels of gray on an edge.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tiny_skia::Pixmap;

use super::accumulate::Accumulator;
use super::glyphs::{FaceKey, Outline, Segment};

/// The largest mask kept, in pixels: a bigger glyph (a poster headline at a high resolution)
/// is seldom drawn twice, and is filled on the page as a path instead.
const MAX_MASK_PIXELS: u32 = 1 << 18;

/// A glyph at one size and position phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct MaskKey {
    pub face: FaceKey,
    pub gid: u16,
    /// Pixels per font unit, as `f32` bits.
    pub scale: u32,
    /// The origin's position within its pixel across, in quarters.
    pub phase: u8,
    /// Turned a quarter clockwise (Latin in a vertical column).
    pub turned: bool,
}

/// A glyph's coverage, placed relative to its origin's pixel.
#[derive(Debug)]
pub(crate) struct GlyphMask {
    left: i32,
    top: i32,
    width: u32,
    height: u32,
    alpha: Vec<u8>,
}

/// The masks made so far; a clone shares them (the table itself until either adds a mask: the
/// page jobs' clones of a preloaded renderer add none, and copying a table of thousands of masks
/// for each was a copy and two atomic counts a mask).
#[derive(Debug, Default, Clone)]
pub(crate) struct Masks {
    made: Arc<FxHashMap<MaskKey, Option<Arc<GlyphMask>>>>,
    /// The cells masks are filled in, kept for the next.
    scratch: Accumulator,
}

impl Masks {
    /// The mask of `outline` for `key`, made the first time; `None` for an empty glyph or one
    /// too big to keep.
    pub fn get(&mut self, key: MaskKey, outline: &Outline) -> Option<Arc<GlyphMask>> {
        if let Some(made) = self.made.get(&key) {
            return made.clone();
        }
        let made = fill(outline, key, &mut self.scratch).map(Arc::new);
        Arc::make_mut(&mut self.made).insert(key, made.clone());
        made
    }
}

impl Masks {
    /// Make the masks of `wanted` (each key once, as `raster::page_masks` gives them) not made
    /// yet on `threads` threads, for clones of one renderer drawing pages on as many threads:
    /// each mask is then filled once an edition.
    pub fn preload(&mut self, mut wanted: Vec<(MaskKey, Arc<Outline>)>, threads: usize) {
        wanted.retain(|(key, _)| !self.made.contains_key(key));
        let made = crate::pool::map_chunks(threads, &wanted, |chunk| {
            let mut scratch = Accumulator::default();
            chunk
                .iter()
                .map(|(key, outline)| (*key, fill(outline, *key, &mut scratch).map(Arc::new)))
                .collect()
        });
        Arc::make_mut(&mut self.made).extend(made);
    }
}

/// The outline's points in pixels from the origin's pixel corner (y down).
fn place(key: MaskKey, x: f32, y: f32) -> (f32, f32) {
    let s = f32::from_bits(key.scale);
    let phase = f32::from(key.phase) / 4.0;
    if key.turned {
        (phase + y * s, x * s)
    } else {
        (phase + x * s, -y * s)
    }
}

fn fill(outline: &Outline, key: MaskKey, acc: &mut Accumulator) -> Option<GlyphMask> {
    let [ux0, uy0, ux1, uy1] = outline.bounds()?;
    // The box's corners in pixels (a quarter turn or y flipped, so any corner may be least).
    let (ax, ay) = place(key, ux0, uy0);
    let (bx, by) = place(key, ux1, uy1);
    let (x0, x1) = (ax.min(bx), ax.max(bx));
    let (y0, y1) = (ay.min(by), ay.max(by));
    if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
        return None;
    }
    let (left, top) = (x0.floor() as i32 - 1, y0.floor() as i32 - 1);
    let width = u32::try_from(x1.ceil() as i32 + 1 - left).ok()?;
    let height = u32::try_from(y1.ceil() as i32 + 1 - top).ok()?;
    if width.checked_mul(height)? > MAX_MASK_PIXELS {
        return None;
    }
    let (dx, dy) = (left as f32, top as f32);
    let p = |x: f32, y: f32| {
        let (x, y) = place(key, x, y);
        (x - dx, y - dy)
    };
    acc.reset(width as usize, height as usize);
    trace(acc, outline, p);
    Some(GlyphMask {
        left,
        top,
        width,
        height,
        alpha: acc.alpha(),
    })
}

/// How near the pen, across and down, a line or curve may end and be left out, in pixels: the
/// contour then goes straight on to the next point, cutting off a sliver at most this wide. At
/// body sizes on a thumbnail a hanzi's hundred segments are a quarter of a pixel each, and
/// half of them need not be drawn on their own; the sliver moves an edge pixel by a few levels.
const LEAVE_OUT: f32 = 1.0 / 8.0;

fn near(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < LEAVE_OUT && (a.1 - b.1).abs() < LEAVE_OUT
}

/// The outline's contours into `acc`, each point mapped by `p`; an open contour is closed
/// (as a fill closes it). A segment ending near the pen ([`LEAVE_OUT`]) is left out.
fn trace(acc: &mut Accumulator, outline: &Outline, p: impl Fn(f32, f32) -> (f32, f32)) {
    let (mut start, mut pen) = ((0.0, 0.0), (0.0, 0.0));
    for seg in outline.segments() {
        match seg {
            Segment::Move(x, y) => {
                acc.line(pen, start);
                start = p(x, y);
                pen = start;
            }
            Segment::Line(x, y) => {
                let to = p(x, y);
                if !near(pen, to) {
                    acc.line(pen, to);
                    pen = to;
                }
            }
            Segment::Quad(a, b, x, y) => {
                let (control, to) = (p(a, b), p(x, y));
                if near(pen, to) && near(pen, control) {
                    continue;
                }
                if near(pen, to) || near(control, to) || near(pen, control) {
                    // Within a sliver of its chord.
                    acc.line(pen, to);
                } else {
                    acc.quad(pen, control, to);
                }
                pen = to;
            }
            Segment::Cubic(a, b, c, d, x, y) => {
                let to = p(x, y);
                acc.cubic(pen, p(a, b), p(c, d), to);
                pen = to;
            }
            Segment::Close => {
                acc.line(pen, start);
                pen = start;
            }
        }
    }
    acc.line(pen, start);
}

/// `x / 255`, rounded, for `x` up to 255 × 255 (tiny-skia's and Skia's trick).
fn div255(x: u32) -> u32 {
    (x + 128 + ((x + 128) >> 8)) >> 8
}

/// Stamp `mask` in `rgb` with its origin's pixel at `at`, painted over (or multiplied onto,
/// for overprinting black) what is there. The pixmap is opaque, so its premultiplied pixels
/// are the colours themselves.
pub(crate) fn stamp(
    pixmap: &mut Pixmap,
    mask: &GlyphMask,
    at: (i32, i32),
    rgb: [u8; 3],
    multiply: bool,
) {
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let (left, top) = (at.0 + mask.left, at.1 + mask.top);
    let data = pixmap.data_mut();
    for row in 0..mask.height as i32 {
        let y = top + row;
        if !(0..ph).contains(&y) {
            continue;
        }
        let from = (left.max(0) - left) as usize;
        let to = ((left + mask.width as i32).min(pw) - left).max(0) as usize;
        let line = &mask.alpha[row as usize * mask.width as usize..][..mask.width as usize];
        for (i, &a) in line.iter().enumerate().take(to).skip(from) {
            if a == 0 {
                continue;
            }
            let at = ((y * pw + left + i as i32) as usize) * 4;
            let (a, px) = (u32::from(a), &mut data[at..at + 3]);
            for (d, &c) in px.iter_mut().zip(&rgb) {
                let (dv, cv) = (u32::from(*d), u32::from(c));
                *d = if multiply {
                    div255(dv * (255 - a + div255(cv * a)))
                } else {
                    div255(cv * a + dv * (255 - a))
                } as u8;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Outline {
        Outline::new(vec![
            Segment::Move(0.0, 0.0),
            Segment::Line(4.0, 0.0),
            Segment::Line(4.0, 4.0),
            Segment::Line(0.0, 4.0),
            Segment::Close,
        ])
    }

    fn key(phase: u8) -> MaskKey {
        MaskKey {
            face: 0,
            gid: 1,
            scale: 1.0f32.to_bits(),
            phase,
            turned: false,
        }
    }

    #[test]
    fn a_stamped_square_covers_its_pixels_and_no_others() {
        let mask = fill(&square(), key(0), &mut Accumulator::default()).unwrap();
        let mut pixmap = Pixmap::new(10, 10).unwrap();
        pixmap.fill(tiny_skia::Color::WHITE);
        // The glyph's origin at pixel (2, 6): it covers x 2..6 and y 2..6 (y up from the
        // baseline).
        stamp(&mut pixmap, &mask, (2, 6), [0, 0, 0], false);
        let at = |x: usize, y: usize| pixmap.data()[(y * 10 + x) * 4];
        assert_eq!(at(3, 3), 0);
        assert_eq!(at(5, 5), 0);
        assert_eq!(at(6, 3), 255);
        assert_eq!(at(3, 6), 255);
        assert_eq!(at(1, 3), 255);
    }

    #[test]
    fn a_contour_of_tiny_steps_fills_as_its_corners_do() {
        // The square's sides each cut into 64 steps of a sixteenth of a pixel, most of them
        // left out of the trace: the mask stays the square's, to a few levels on the edges.
        let mut segments = vec![Segment::Move(0.0, 0.0)];
        let corners = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)];
        for pair in corners.windows(2) {
            let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
            for i in 1..=64 {
                let t = i as f32 / 64.0;
                segments.push(Segment::Line(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t));
            }
        }
        segments.push(Segment::Close);
        let stepped = fill(&Outline::new(segments), key(1), &mut Accumulator::default()).unwrap();
        let plain = fill(&square(), key(1), &mut Accumulator::default()).unwrap();
        assert_eq!((stepped.width, stepped.height), (plain.width, plain.height));
        for (a, b) in stepped.alpha.iter().zip(&plain.alpha) {
            assert!(a.abs_diff(*b) <= 8, "{a} against {b}");
        }
        // Full inside, as the square is: 3 whole columns (a quarter-pixel phase) by 4 rows.
        let full = |m: &GlyphMask| m.alpha.iter().filter(|&&a| a == 255).count();
        assert_eq!((full(&stepped), full(&plain)), (12, 12));
    }

    #[test]
    fn a_half_pixel_phase_shares_the_edge_pixels() {
        let mask = fill(&square(), key(2), &mut Accumulator::default()).unwrap();
        let mut pixmap = Pixmap::new(10, 10).unwrap();
        pixmap.fill(tiny_skia::Color::WHITE);
        stamp(&mut pixmap, &mask, (2, 6), [0, 0, 0], false);
        let at = |x: usize, y: usize| pixmap.data()[(y * 10 + x) * 4];
        assert!((100..160).contains(&at(2, 4)), "{}", at(2, 4));
        assert!((100..160).contains(&at(6, 4)), "{}", at(6, 4));
        assert_eq!(at(4, 4), 0);
    }

    #[test]
    fn multiplied_black_darkens_a_tint_and_keeps_white_paper_black() {
        let mask = fill(&square(), key(0), &mut Accumulator::default()).unwrap();
        let mut pixmap = Pixmap::new(10, 10).unwrap();
        pixmap.fill(tiny_skia::Color::from_rgba8(200, 100, 50, 255));
        stamp(&mut pixmap, &mask, (2, 6), [128, 128, 128], true);
        let px = &pixmap.data()[(3 * 10 + 3) * 4..][..3];
        assert_eq!(px, [100, 50, 25]);
    }
}
