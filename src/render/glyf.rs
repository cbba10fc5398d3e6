//! TrueType outlines read straight from a face's `glyf` table, with their SVG paths written
//! from the font's own integers in the same pass.
//!
//! Every glyph an e-paper page draws is read and written as path data: a sample edition is
//! two thousand glyphs and three hundred thousand points. Drawing them through skrifa's
//! general outline loader (which sets up metrics, phantom points and its own memory for every
//! glyph, then turns each point into 26.6 fixed point and back to `f32` for the pen) and then
//! rounding the pen's `f32`s back to font units for the path took twice as long as the
//! reading itself. A simple glyph needs none of that: its points are integers, and only the
//! implied on-curve points between two off-curve ones are halves. What skrifa would draw is
//! drawn here exactly (the same contour starts, FreeType's, and the same points: a test holds
//! the two together over the bundled faces), and anything else, composite glyphs, cubic
//! outlines, a table that does not read, is left to skrifa ([`read_simple`] says so).

use skrifa::GlyphId;
use skrifa::outline::OutlinePen;
use skrifa::raw::tables::glyf::{Glyf, Glyph, PointFlags};
use skrifa::raw::tables::loca::Loca;
use skrifa::raw::types::Point;
use skrifa::raw::{FontRef, TableProvider};

use super::glyphs::Outline;
use super::path_text::RelativePath;

/// A face's outline tables.
#[derive(Clone)]
pub(super) struct GlyfTables<'a> {
    loca: Loca<'a>,
    glyf: Glyf<'a>,
}

impl<'a> GlyfTables<'a> {
    /// The tables of `font`, if it has TrueType outlines.
    pub fn of(font: &FontRef<'a>) -> Option<Self> {
        Some(GlyfTables {
            loca: font.loca(None).ok()?,
            glyf: font.glyf().ok()?,
        })
    }
}

/// The buffers glyphs are read into, kept from one glyph to the next.
#[derive(Default)]
pub(super) struct Scratch {
    points: Vec<Point<i32>>,
    flags: Vec<PointFlags>,
    outline: Outline,
}

/// Glyph `gid` of `tables`: `Some(outline)` when it is a simple glyph (`Some(None)` for one
/// with no contours, a space), `None` when it is something only skrifa reads (a composite, a
/// cubic outline, data that does not parse).
pub(super) fn read_simple(
    tables: &GlyfTables<'_>,
    gid: u16,
    scratch: &mut Scratch,
) -> Option<Option<Outline>> {
    let glyph = match tables
        .loca
        .get_glyf(GlyphId::new(u32::from(gid)), &tables.glyf)
    {
        Ok(Some(Glyph::Simple(glyph))) => glyph,
        Ok(None) => return Some(None),
        Ok(Some(Glyph::Composite(_))) | Err(_) => return None,
    };
    let n = glyph.num_points();
    scratch.points.clear();
    scratch.points.resize(n, Point::default());
    scratch.flags.clear();
    scratch.flags.resize(n, PointFlags::default());
    glyph
        .read_points_fast(&mut scratch.points, &mut scratch.flags)
        .ok()?;
    if scratch.flags.iter().any(|f| f.is_off_curve_cubic()) {
        return None;
    }
    let out = &mut scratch.outline;
    out.clear();
    let mut path = RelativePath::with_capacity(n * 8);
    let mut base = 0;
    for end in glyph.end_pts_of_contours() {
        let end = usize::from(end.get());
        if end < base || end >= n {
            return None;
        }
        let contour = Contour {
            points: &scratch.points[base..=end],
            flags: &scratch.flags[base..=end],
        };
        contour.walk(out, &mut path);
        base = end + 1;
    }
    if out.is_empty() {
        return Some(None);
    }
    path.d.shrink_to_fit();
    Some(Some(
        out.copied_with(path.into_string(), bounds(&scratch.points)),
    ))
}

/// The box of a simple glyph's points, which is its outline's: every point is an end or a
/// control point of a segment, and the implied points between two off-curve ones lie
/// between them. Found here from the integers, not by walking the outline again for each
/// glyph's first mask.
fn bounds(points: &[Point<i32>]) -> Option<[f32; 4]> {
    let first = points.first()?;
    let mut b = [first.x, first.y, first.x, first.y];
    for p in points {
        b = [b[0].min(p.x), b[1].min(p.y), b[2].max(p.x), b[3].max(p.y)];
    }
    Some(b.map(|v| v as f32))
}

/// A point in font units, doubled: the implied on-curve point between two off-curve ones is
/// their sum, and only there are halves.
#[derive(Clone, Copy)]
struct Twice(i32, i32);

impl Twice {
    fn of(p: Point<i32>) -> Twice {
        Twice(2 * p.x, 2 * p.y)
    }

    fn between(a: Point<i32>, b: Point<i32>) -> Twice {
        Twice(a.x + b.x, a.y + b.y)
    }

    /// In `f32`, as skrifa gives it to its pen (halves are exact).
    fn f32(self) -> (f32, f32) {
        (self.0 as f32 * 0.5, self.1 as f32 * 0.5)
    }

    /// Rounded to whole units half away from zero, as the path writes every point.
    fn units(self) -> (i32, i32) {
        let half = |v: i32| if v >= 0 { (v + 1) / 2 } else { (v - 1) / 2 };
        (half(self.0), half(self.1))
    }
}

/// One contour's points and their flags.
struct Contour<'p> {
    points: &'p [Point<i32>],
    flags: &'p [PointFlags],
}

impl Contour<'_> {
    /// The contour onto `out` and `path`, as skrifa's FreeType-style walk draws it: from its
    /// first point if on the curve, else from its last if that one is, else from between the
    /// two; each run of off-curve points a chain of quadratics through their midpoints; closed.
    fn walk(&self, out: &mut Outline, path: &mut RelativePath) {
        let len = self.points.len();
        let (Some(&first), Some(&last)) = (self.points.first(), self.points.last()) else {
            return;
        };
        let on = |i: usize| self.flags[i].is_on_curve();
        let (start, from, to) = if on(0) {
            (Twice::of(first), 1, len)
        } else if on(len - 1) {
            (Twice::of(last), 0, len - 1)
        } else {
            (Twice::between(last, first), 0, len)
        };
        let mut pen = Pen { out, path };
        pen.move_to(start);
        let mut pending: Option<Point<i32>> = None;
        for i in from..to {
            let p = self.points[i];
            match (pending, on(i)) {
                (None, true) => pen.line_to(Twice::of(p)),
                (None, false) => pending = Some(p),
                (Some(c), true) => {
                    pen.quad_to(Twice::of(c), Twice::of(p));
                    pending = None;
                }
                (Some(c), false) => {
                    pen.quad_to(Twice::of(c), Twice::between(c, p));
                    pending = Some(p);
                }
            }
        }
        if let Some(c) = pending {
            pen.quad_to(Twice::of(c), start);
        }
        pen.out.close();
        pen.path.close();
    }
}

/// Draws into the outline and writes the path at once.
struct Pen<'a> {
    out: &'a mut Outline,
    path: &'a mut RelativePath,
}

impl Pen<'_> {
    fn move_to(&mut self, p: Twice) {
        let (x, y) = p.f32();
        self.out.move_to(x, y);
        self.path.command_units(b'm', &[p.units()]);
    }

    fn line_to(&mut self, p: Twice) {
        let (x, y) = p.f32();
        self.out.line_to(x, y);
        self.path.command_units(b'l', &[p.units()]);
    }

    fn quad_to(&mut self, c: Twice, p: Twice) {
        let ((cx, cy), (x, y)) = (c.f32(), p.f32());
        self.out.quad_to(cx, cy, x, y);
        self.path.command_units(b'q', &[c.units(), p.units()]);
    }
}

#[cfg(test)]
mod tests {
    use skrifa::MetadataProvider;
    use skrifa::instance::{LocationRef, Size};
    use skrifa::outline::DrawSettings;

    use super::*;
    use crate::fonts::FontBook;

    /// The glyph as skrifa draws it, with its path written from skrifa's `f32` points.
    fn skrifa_outline(font: &FontRef<'_>, gid: u16) -> Option<Outline> {
        let glyphs = font.outline_glyphs();
        let glyph = glyphs.get(GlyphId::new(u32::from(gid)))?;
        let mut outline = Outline::default();
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        glyph.draw(settings, &mut outline).ok()?;
        (!outline.is_empty()).then_some(outline)
    }

    #[test]
    fn simple_glyphs_read_here_are_what_skrifa_draws_with_the_same_paths() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let mut scratch = Scratch::default();
        let (mut simple, mut left) = (0, 0);
        for (family, weight) in crate::fonts::BUNDLED_FACES {
            let id = book.resolve(family, weight).unwrap();
            let font = book.face(id).font_ref().unwrap();
            let tables = GlyfTables::of(&font).unwrap();
            let count = font.maxp().unwrap().num_glyphs();
            // Every 37th glyph (a few thousand: CJK, Latin, punctuation, the vertical forms),
            // and the first and last.
            let gids = (0..count).step_by(37).chain([1, count - 1]);
            for gid in gids {
                let Some(ours) = read_simple(&tables, gid, &mut scratch) else {
                    left += 1;
                    continue;
                };
                simple += 1;
                let theirs = skrifa_outline(&font, gid);
                match (&ours, &theirs) {
                    (Some(a), Some(b)) => {
                        let (sa, sb): (Vec<_>, Vec<_>) =
                            (a.segments().collect(), b.segments().collect());
                        assert_eq!(sa, sb, "{family} {weight}: glyph {gid}'s segments");
                        assert_eq!(
                            a.svg_path(),
                            b.svg_path(),
                            "{family} {weight}: glyph {gid}'s path"
                        );
                        // Ours is found from the points as they are read, skrifa's from the
                        // segments.
                        assert_eq!(
                            a.bounds(),
                            b.bounds(),
                            "{family} {weight}: glyph {gid}'s box"
                        );
                    }
                    (None, None) => {}
                    _ => panic!("{family} {weight}: glyph {gid} drawn by one reader only"),
                }
            }
        }
        // The bundled faces' glyphs are simple (composites would be left to skrifa).
        assert!(
            simple > 4_000 && left < simple,
            "{simple} simple, {left} left to skrifa"
        );
    }

    #[test]
    fn an_off_curve_start_begins_between_the_last_and_first_points_with_halves_rounded_away() {
        // A contour of four off-curve points: it starts between the last and the first, at
        // (0.5, -0.5), and writes that as (1, -1).
        let points = [(1, 0), (4, 3), (1, 6), (0, -1)].map(|(x, y)| Point::new(x, y));
        let flags = [PointFlags::off_curve_quad(); 4];
        let (mut out, mut path) = (Outline::default(), RelativePath::default());
        Contour {
            points: &points,
            flags: &flags,
        }
        .walk(&mut out, &mut path);
        assert_eq!(
            out.segments().next(),
            Some(super::super::glyphs::Segment::Move(0.5, -0.5))
        );
        assert!(path.into_string().starts_with("m1-1q"));
    }
}
