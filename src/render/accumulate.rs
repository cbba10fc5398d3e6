//! A coverage-accumulation rasteriser for glyph masks (the signed-area method of libart and
//! font-rs): each line of the outline adds, to the cells it crosses, the signed area it
//! closes off to their right; a running sum along each row then gives every pixel's exact
//! coverage.
//!
//! A glyph mask is a few dozen pixels, and tiny-skia spent most of a mask's time setting up
//! (building, sorting and walking edges, a supersampled scan line per quarter pixel), more
//! than the pixels cost. Accumulating is one pass over the lines and one over the pixels, with
//! the exact area rather than tiny-skia's 4 × 4 samples (so a mask differs from tiny-skia's
//! by a few levels on the edges). Curves are flattened into lines within a sixteenth of a
//! pixel of the curve ([`SAG`]).
//!
//! The fill is non-zero for outlines whose contours do not cross with the same direction
//! twice: the coverage is the winding number, clamped to one, and fonts draw a hole as a
//! contour of the other direction (two overlapping strokes of a hanzi, wound alike, sum to two
//! inside and are clamped to full). Where two such contours overlap on an edge pixel the
//! partial areas add before clamping, a level or two darker than a true union.

/// The accumulation cells of one mask, reused from mask to mask (a preload fills thousands).
#[derive(Debug, Default)]
pub(crate) struct Accumulator {
    width: usize,
    height: usize,
    /// The last column's and the bottom's coordinates, as the lines are clamped to them.
    right: f32,
    bottom: f32,
    /// `width × height` cells and one more: a line at the right edge spills into the cell
    /// after its own, which is the next row's first and sums to the same in the running total.
    cells: Vec<f32>,
}

/// A clone starts with cells of its own: they are scratch, nothing is kept in them.
impl Clone for Accumulator {
    fn clone(&self) -> Self {
        Accumulator::default()
    }
}

/// How far a flattened curve may stray from the true one, in pixels: a sixteenth moves an
/// edge pixel's coverage by at most about 16 levels of 255, and on body text at screen sizes
/// almost every curve is within it as one line.
const SAG: f32 = 1.0 / 16.0;

impl Accumulator {
    /// Clear the cells for a `width` × `height` mask.
    pub fn reset(&mut self, width: usize, height: usize) {
        self.width = width;
        self.height = height;
        self.right = width.saturating_sub(1) as f32;
        self.bottom = height as f32;
        self.cells.clear();
        self.cells.resize(width * height + 1, 0.0);
    }

    /// Add the line from `p0` to `p1` (pixels, y down). Points outside the mask across are
    /// taken to its edge; rows outside it are left out.
    pub fn line(&mut self, p0: (f32, f32), p1: (f32, f32)) {
        let finite = p0.0.is_finite() && p0.1.is_finite() && p1.0.is_finite() && p1.1.is_finite();
        if !finite || p0.1 == p1.1 || self.width == 0 {
            return;
        }
        // Downwards, with the direction as the sign of the area it adds.
        let (dir, p0, p1) = if p0.1 < p1.1 {
            (1.0, p0, p1)
        } else {
            (-1.0, p1, p0)
        };
        let dxdy = (p1.0 - p0.0) / (p1.1 - p0.1);
        if !dxdy.is_finite() {
            // Flat to within a float's precision: it closes off no area worth a level.
            return;
        }
        let limit = self.right;
        let mut x = p0.0;
        if p0.1 < 0.0 {
            x -= p0.1 * dxdy;
        }
        // Rows as `i32`, not `usize`: the conversions to and from `f32` are then one
        // instruction each, not a sign test and a correction (a preload's masks make millions).
        let first = p0.1.max(0.0) as i32;
        let last = ceil(p1.1.clamp(0.0, self.bottom));
        for y in first..last {
            let top = (y as f32).max(p0.1);
            let bottom = ((y + 1) as f32).min(p1.1);
            let dy = bottom - top;
            let next = x + dxdy * dy;
            self.row(
                y as usize * self.width,
                (x.clamp(0.0, limit), next.clamp(0.0, limit)),
                dy * dir,
            );
            x = next;
        }
    }

    /// The signed area `d` (the line's height within the row, signed) of a line crossing the
    /// row starting at cell `start` from `xa` to `xb`, shared out to the cells it crosses.
    fn row(&mut self, start: usize, (xa, xb): (f32, f32), d: f32) {
        let (x0, x1) = if xa < xb { (xa, xb) } else { (xb, xa) };
        // Both are at least 0: truncating is the floor.
        let x0i = x0 as i32;
        let x0floor = x0i as f32;
        let x1i = ceil(x1);
        let x1ceil = x1i as f32;
        let cells = &mut self.cells[start..];
        let (x0i, x1i) = (x0i as usize, x1i as usize);
        if x1i <= x0i + 1 {
            // Within one cell: the area right of the line's mean x goes to the next cell.
            let xmf = 0.5 * (xa + xb) - x0floor;
            cells[x0i] += d - d * xmf;
            cells[x0i + 1] += d * xmf;
            return;
        }
        let s = 1.0 / (x1 - x0);
        let x0f = x0 - x0floor;
        let a0 = 0.5 * s * (1.0 - x0f) * (1.0 - x0f);
        let x1f = x1 - x1ceil + 1.0;
        let am = 0.5 * s * x1f * x1f;
        cells[x0i] += d * a0;
        if x1i == x0i + 2 {
            cells[x0i + 1] += d * (1.0 - a0 - am);
        } else {
            let a1 = s * (1.5 - x0f);
            cells[x0i + 1] += d * (a1 - a0);
            for cell in &mut cells[x0i + 2..x1i - 1] {
                *cell += d * s;
            }
            let a2 = a1 + (x1i - x0i - 3) as f32 * s;
            cells[x1i - 1] += d * (1.0 - a2 - am);
        }
        cells[x1i] += d * am;
    }

    /// The quadratic curve from `p0` through control point `p1` to `p2`, as lines.
    pub fn quad(&mut self, p0: (f32, f32), p1: (f32, f32), p2: (f32, f32)) {
        // A chord of a piece of 1/n of the curve strays from it by |p0 − 2 p1 + p2| / (4 n²).
        let n = pieces(second_difference(p0, p1, p2) / (4.0 * SAG));
        let mut from = p0;
        for i in 1..n {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            let at = |a: f32, b: f32, c: f32| u * u * a + 2.0 * u * t * b + t * t * c;
            let to = (at(p0.0, p1.0, p2.0), at(p0.1, p1.1, p2.1));
            self.line(from, to);
            from = to;
        }
        self.line(from, p2);
    }

    /// The cubic curve from `p0` through control points `p1`, `p2` to `p3`, as lines.
    pub fn cubic(&mut self, p0: (f32, f32), p1: (f32, f32), p2: (f32, f32), p3: (f32, f32)) {
        // The second derivative is at most 6 × the larger second difference, and a chord of
        // 1/n of the curve strays by at most an eighth of it over n².
        let dd = second_difference(p0, p1, p2).max(second_difference(p1, p2, p3));
        let n = pieces(0.75 * dd / SAG);
        let mut from = p0;
        for i in 1..n {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            let at = |a: f32, b: f32, c: f32, d: f32| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            let to = (at(p0.0, p1.0, p2.0, p3.0), at(p0.1, p1.1, p2.1, p3.1));
            self.line(from, to);
            from = to;
        }
        self.line(from, p3);
    }

    /// The coverage of every pixel, row by row, 0 to 255: the running sum of the cells, its
    /// magnitude clamped to one.
    pub fn alpha(&self) -> Vec<u8> {
        let mut sum = 0.0_f32;
        self.cells[..self.width * self.height]
            .iter()
            .map(|&c| {
                sum += c;
                (sum.abs().min(1.0) * 255.0 + 0.5) as u8
            })
            .collect()
    }
}

/// The ceiling of `v` (at least 0, and small), without the library call [`f32::ceil`] is on this target
/// (the lines of a preload's masks take it a million times).
fn ceil(v: f32) -> i32 {
    let t = v as i32;
    if (t as f32) < v { t + 1 } else { t }
}

/// The length of `a − 2 b + c`: how far a curve through `b` bends away from its chord.
fn second_difference(a: (f32, f32), b: (f32, f32), c: (f32, f32)) -> f32 {
    let (x, y) = (a.0 - 2.0 * b.0 + c.0, a.1 - 2.0 * b.1 + c.1);
    (x * x + y * y).sqrt()
}

/// How many lines a curve is cut into so that each strays at most [`SAG`]: the square root
/// of `ratio` (the bend over what one line may stray) rounded up; at most 64, whatever a
/// broken font says, and one for NaN.
fn pieces(ratio: f32) -> i32 {
    ceil(ratio.sqrt().clamp(1.0, 64.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coverage(acc: &Accumulator) -> f32 {
        acc.alpha().iter().map(|&a| f32::from(a) / 255.0).sum()
    }

    fn polygon(acc: &mut Accumulator, points: &[(f32, f32)]) {
        for (i, &p) in points.iter().enumerate() {
            acc.line(p, points[(i + 1) % points.len()]);
        }
    }

    #[test]
    fn a_square_off_the_grid_covers_its_area_and_its_inner_pixels_wholly() {
        let mut acc = Accumulator::default();
        acc.reset(8, 8);
        polygon(
            &mut acc,
            &[(1.5, 1.25), (5.5, 1.25), (5.5, 5.25), (1.5, 5.25)],
        );
        assert!((coverage(&acc) - 16.0).abs() < 0.05, "{}", coverage(&acc));
        let alpha = acc.alpha();
        assert_eq!(alpha[3 * 8 + 3], 255);
        // Half a pixel across, three quarters down.
        assert_eq!(alpha[8 + 1], (255.0_f32 * 0.5 * 0.75 + 0.5) as u8);
        assert_eq!(alpha[6 * 8 + 6], 0);
    }

    #[test]
    fn a_triangle_covers_half_its_box_whichever_way_it_is_wound() {
        for points in [
            [(1.0, 1.0), (7.0, 1.0), (1.0, 7.0)],
            [(1.0, 1.0), (1.0, 7.0), (7.0, 1.0)],
        ] {
            let mut acc = Accumulator::default();
            acc.reset(8, 8);
            polygon(&mut acc, &points);
            assert!((coverage(&acc) - 18.0).abs() < 0.05, "{}", coverage(&acc));
            // A pixel on the diagonal is half covered.
            let on = acc.alpha()[3 * 8 + 4];
            assert!((126..=129).contains(&on), "{on}");
        }
    }

    #[test]
    fn a_hole_wound_the_other_way_is_left_empty() {
        let mut acc = Accumulator::default();
        acc.reset(10, 10);
        polygon(&mut acc, &[(1.0, 1.0), (9.0, 1.0), (9.0, 9.0), (1.0, 9.0)]);
        polygon(&mut acc, &[(3.0, 3.0), (3.0, 7.0), (7.0, 7.0), (7.0, 3.0)]);
        assert!((coverage(&acc) - 48.0).abs() < 0.05, "{}", coverage(&acc));
        assert_eq!(acc.alpha()[5 * 10 + 5], 0);
        assert_eq!(acc.alpha()[2 * 10 + 2], 255);
    }

    #[test]
    fn a_shape_outside_the_mask_adds_nothing_and_broken_points_panic_nowhere() {
        let mut acc = Accumulator::default();
        acc.reset(4, 4);
        // Right of the mask (taken to its edge, where its sides cancel), above and below it.
        polygon(
            &mut acc,
            &[(10.0, 1.0), (20.0, 1.0), (20.0, 3.0), (10.0, 3.0)],
        );
        polygon(&mut acc, &[(1.0, -9.0), (3.0, -9.0), (3.0, -5.0)]);
        polygon(&mut acc, &[(1.0, 9.0), (3.0, 9.0), (3.0, 15.0)]);
        assert!(acc.alpha().iter().all(|&a| a == 0), "{:?}", acc.alpha());
        polygon(
            &mut acc,
            &[(1.0, 1.0), (f32::NAN, 2.0), (3.0, f32::INFINITY)],
        );
        acc.quad((0.0, -3.0), (f32::NAN, 90.0), (2.0, -1.0));
        acc.cubic((0.0, 0.0), (1e30, -1e30), (f32::MAX, 3.0), (2.0, 2.0));
        assert_eq!(acc.alpha().len(), 16);
    }

    /// The usual four-cubic circle (control points at 0.5523 of the radius), radius 10, at
    /// (12.3, 11.6), into `acc`, and the same path for tiny-skia.
    fn circle(acc: &mut Accumulator) -> tiny_skia::Path {
        let (cx, cy, r) = (12.3, 11.6, 10.0);
        let k = 0.552_284_8 * r;
        let mut pb = tiny_skia::PathBuilder::new();
        pb.move_to(cx + r, cy);
        let quarters = [
            [(cx + r, cy + k), (cx + k, cy + r), (cx, cy + r)],
            [(cx - k, cy + r), (cx - r, cy + k), (cx - r, cy)],
            [(cx - r, cy - k), (cx - k, cy - r), (cx, cy - r)],
            [(cx + k, cy - r), (cx + r, cy - k), (cx + r, cy)],
        ];
        let mut from = (cx + r, cy);
        for [a, b, to] in quarters {
            acc.cubic(from, a, b, to);
            pb.cubic_to(a.0, a.1, b.0, b.1, to.0, to.1);
            from = to;
        }
        pb.close();
        pb.finish().unwrap()
    }

    #[test]
    fn a_circle_of_cubics_covers_pi_r_squared_less_at_most_its_flattening() {
        let mut acc = Accumulator::default();
        acc.reset(25, 24);
        circle(&mut acc);
        let (area, perimeter) = (std::f32::consts::PI * 100.0, std::f32::consts::PI * 20.0);
        let short = area - coverage(&acc);
        // Chords lie inside the circle, each within SAG of it.
        assert!(short > -0.1 && short < perimeter * SAG, "{short}");
    }

    #[test]
    fn a_circle_is_within_a_few_levels_of_tiny_skias() {
        let mut acc = Accumulator::default();
        acc.reset(25, 24);
        let path = circle(&mut acc);
        let mut mask = tiny_skia::Mask::new(25, 24).unwrap();
        let ts = tiny_skia::Transform::identity();
        mask.fill_path(&path, tiny_skia::FillRule::Winding, true, ts);
        let ours = acc.alpha();
        let diffs: Vec<i32> = ours
            .iter()
            .zip(mask.data())
            .map(|(&a, &b)| (i32::from(a) - i32::from(b)).abs())
            .collect();
        let worst = diffs.iter().max().copied().unwrap_or(0);
        let mean = diffs.iter().sum::<i32>() as f32 / diffs.len() as f32;
        // tiny-skia samples four rows a pixel (an edge pixel's coverage in steps of about a
        // quarter); this takes the exact area.
        assert!(worst <= 40 && mean < 3.0, "worst {worst}, mean {mean}");
        assert_eq!(ours[12 * 25 + 12], 255);
        assert_eq!(ours[0], 0);
    }
}
