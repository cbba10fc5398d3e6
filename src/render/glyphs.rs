//! Glyph outlines, read once per face and glyph and kept for every later page and rebuild.
//!
//! Outlines are in font units with y up, unhinted (as the PDF's viewers draw them). They are
//! kept by the face's file and index rather than by [`FontId`], so a cache outlives the font
//! book of one build: `paiban watch` makes a new book on every rebuild and keeps its glyphs.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};

use crate::fonts::{FontBook, FontId};

/// One drawing command of an outline, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Segment {
    Move(f32, f32),
    Line(f32, f32),
    Quad(f32, f32, f32, f32),
    Cubic(f32, f32, f32, f32, f32, f32),
    Close,
}

/// A glyph's outline and the face's units per em.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outline {
    pub segments: Vec<Segment>,
}

impl OutlinePen for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.segments.push(Segment::Move(x, y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.segments.push(Segment::Line(x, y));
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.segments.push(Segment::Quad(cx, cy, x, y));
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.segments.push(Segment::Cubic(cx0, cy0, cx1, cy1, x, y));
    }
    fn close(&mut self) {
        self.segments.push(Segment::Close);
    }
}

impl Outline {
    /// The outline as SVG path data, in font units (y up, as stored).
    pub fn svg_path(&self) -> String {
        let mut d = String::with_capacity(self.segments.len() * 12);
        for s in &self.segments {
            match *s {
                Segment::Move(x, y) => push_cmd(&mut d, 'M', &[x, y]),
                Segment::Line(x, y) => push_cmd(&mut d, 'L', &[x, y]),
                Segment::Quad(a, b, x, y) => push_cmd(&mut d, 'Q', &[a, b, x, y]),
                Segment::Cubic(a, b, c, e, x, y) => push_cmd(&mut d, 'C', &[a, b, c, e, x, y]),
                Segment::Close => d.push('Z'),
            }
        }
        d
    }
}

fn push_cmd(d: &mut String, cmd: char, values: &[f32]) {
    d.push(cmd);
    for (i, v) in values.iter().enumerate() {
        if i > 0 && !v.is_sign_negative() {
            d.push(' ');
        }
        push_number(d, *v);
    }
}

/// A number with at most one decimal and no trailing zeros (font units are integers in
/// TrueType; a tenth of a unit is far below a screen pixel).
pub(crate) fn push_number(d: &mut String, v: f32) {
    let tenths = (v * 10.0).round() as i64;
    if tenths % 10 == 0 {
        let _ = write!(d, "{}", tenths / 10);
    } else {
        let sign = if tenths < 0 { "-" } else { "" };
        let a = tenths.unsigned_abs();
        let _ = write!(d, "{sign}{}.{}", a / 10, a % 10);
    }
}

/// A face as the cache knows it: a small number stable across font books.
pub(crate) type FaceKey = u32;

/// The glyph cache.
#[derive(Default)]
pub(crate) struct Glyphs {
    faces: HashMap<(PathBuf, u32), FaceKey>,
    units_per_em: Vec<f32>,
    outlines: HashMap<(FaceKey, u16), Option<Outline>>,
    /// Every glyph in first-use order, for handing out new shared definitions.
    order: Vec<(FaceKey, u16)>,
}

impl Glyphs {
    /// The cache's number for a face of `book`, and its units per em.
    pub fn face(&mut self, book: &FontBook, id: FontId) -> (FaceKey, f32) {
        let face = book.face(id);
        let next = self.faces.len() as FaceKey;
        let key = *self
            .faces
            .entry((face.path.clone(), face.index))
            .or_insert(next);
        if key == next {
            self.units_per_em.push(f32::from(face.units_per_em.max(1)));
        }
        (key, self.units_per_em[key as usize])
    }

    /// The outline of glyph `gid`, read from the face the first time; `None` for a glyph with
    /// no outline (a space) or one the font cannot draw.
    pub fn outline(&mut self, book: &FontBook, id: FontId, gid: u16) -> Option<&Outline> {
        let (key, _) = self.face(book, id);
        if !self.outlines.contains_key(&(key, gid)) {
            let outline = read_outline(book, id, gid);
            if outline.is_some() {
                self.order.push((key, gid));
            }
            self.outlines.insert((key, gid), outline);
        }
        self.outlines.get(&(key, gid)).and_then(Option::as_ref)
    }

    /// How many glyphs have outlines so far (the index for [`Glyphs::defs_since`]).
    pub fn count(&self) -> usize {
        self.order.len()
    }

    /// `<path id=… d=…/>` for every glyph read since `from` (see [`Glyphs::count`]).
    pub fn defs_since(&self, from: usize) -> String {
        let mut out = String::new();
        for key in self.order.iter().skip(from) {
            if let Some(Some(outline)) = self.outlines.get(key) {
                let _ = write!(out, "<path id=\"{}\" d=\"", def_id(key.0, key.1));
                out.push_str(&outline.svg_path());
                out.push_str("\"/>");
            }
        }
        out
    }
}

/// The SVG id of a glyph's definition.
pub(crate) fn def_id(face: FaceKey, gid: u16) -> String {
    format!("g{face}-{gid}")
}

fn read_outline(book: &FontBook, id: FontId, gid: u16) -> Option<Outline> {
    let font = book.face(id).font_ref()?;
    let glyph = font.outline_glyphs().get(GlyphId::new(u32::from(gid)))?;
    let mut outline = Outline::default();
    let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
    glyph.draw(settings, &mut outline).ok()?;
    (!outline.segments.is_empty()).then_some(outline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_numbers_are_short_and_exact_to_a_tenth() {
        let mut s = String::new();
        for v in [0.0, 12.0, -3.0, 1.25, -0.04, 987.66] {
            push_number(&mut s, v);
            s.push(',');
        }
        assert_eq!(s, "0,12,-3,1.3,0,987.7,");
    }

    #[test]
    fn svg_path_of_a_square() {
        let o = Outline {
            segments: vec![
                Segment::Move(0.0, 0.0),
                Segment::Line(10.0, 0.0),
                Segment::Line(10.0, -10.0),
                Segment::Close,
            ],
        };
        assert_eq!(o.svg_path(), "M0 0L10 0L10-10Z");
    }
}
