//! Glyph outlines, read once per face and glyph and kept for every later page and rebuild.
//!
//! Outlines are in font units with y up, unhinted (as the PDF's viewers draw them). They are
//! kept by the face's file and index rather than by [`FontId`], so a cache outlives the font
//! book of one build: `paiban watch` makes a new book on every rebuild and keeps its glyphs.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};

use super::glyf::{self, read_simple};
use super::path_text::RelativePath;
pub(crate) use super::path_text::{push_int, push_number, round_i32};
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

/// What an outline's next [`Segment`] is, as [`Outline`] stores it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Verb {
    Move,
    Line,
    Quad,
    Cubic,
    Close,
}

/// A glyph's outline, with its SVG path data made the first time it is asked for (and then
/// shared by every page and every clone of the renderer that holds this outline).
///
/// Stored as its verbs and its points, not as [`Segment`]s: a segment is as large as a cubic
/// (28 bytes) while a TrueType outline is lines and quadratics, and an edition's few thousand
/// glyphs hold a few hundred thousand segments, every page of them touched fresh.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    verbs: Vec<Verb>,
    points: Vec<(f32, f32)>,
    svg: OnceLock<String>,
    bounds: OnceLock<Option<[f32; 4]>>,
}

impl OutlinePen for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.verbs.push(Verb::Move);
        self.points.push((x, y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.verbs.push(Verb::Line);
        self.points.push((x, y));
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.verbs.push(Verb::Quad);
        self.points.extend([(cx, cy), (x, y)]);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.verbs.push(Verb::Cubic);
        self.points.extend([(cx0, cy0), (cx1, cy1), (x, y)]);
    }
    fn close(&mut self) {
        self.verbs.push(Verb::Close);
    }
}

impl Outline {
    /// An outline of these segments.
    #[cfg(test)]
    pub fn new(segments: Vec<Segment>) -> Outline {
        let mut outline = Outline::default();
        for s in segments {
            match s {
                Segment::Move(x, y) => outline.move_to(x, y),
                Segment::Line(x, y) => outline.line_to(x, y),
                Segment::Quad(a, b, x, y) => outline.quad_to(a, b, x, y),
                Segment::Cubic(a, b, c, d, x, y) => outline.curve_to(a, b, c, d, x, y),
                Segment::Close => outline.close(),
            }
        }
        outline
    }

    /// The outline's drawing commands, in order.
    pub fn segments(&self) -> impl Iterator<Item = Segment> + '_ {
        let mut points = self.points.iter().copied();
        let mut next = move || points.next().unwrap_or((0.0, 0.0));
        self.verbs.iter().map(move |verb| match verb {
            Verb::Move => {
                let (x, y) = next();
                Segment::Move(x, y)
            }
            Verb::Line => {
                let (x, y) = next();
                Segment::Line(x, y)
            }
            Verb::Quad => {
                let ((a, b), (x, y)) = (next(), next());
                Segment::Quad(a, b, x, y)
            }
            Verb::Cubic => {
                let ((a, b), (c, d), (x, y)) = (next(), next(), next());
                Segment::Cubic(a, b, c, d, x, y)
            }
            Verb::Close => Segment::Close,
        })
    }

    /// The box of the outline's points and control points (which holds its curves), in font
    /// units: `[x0, y0, x1, y1]`; `None` for no point or one that is not finite. Made once: a
    /// glyph's mask is made at several sizes.
    pub fn bounds(&self) -> Option<[f32; 4]> {
        *self.bounds.get_or_init(|| {
            let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            let mut grow = |x: f32, y: f32| {
                b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            };
            for seg in self.segments() {
                match seg {
                    Segment::Move(x, y) | Segment::Line(x, y) => grow(x, y),
                    Segment::Quad(a, c, x, y) => {
                        grow(a, c);
                        grow(x, y);
                    }
                    Segment::Cubic(a, c, e, f, x, y) => {
                        grow(a, c);
                        grow(e, f);
                        grow(x, y);
                    }
                    Segment::Close => {}
                }
            }
            let finite = b.iter().all(|v| v.is_finite()) && b[0] <= b[2] && b[1] <= b[3];
            finite.then_some(b)
        })
    }

    /// The outline as SVG path data, in font units (y up, as stored).
    ///
    /// Short, because a page's glyph definitions are most of its SVG: every point is rounded
    /// to a whole font unit (a thousandth of an em, far below a pixel; rounding the absolute
    /// point, not the step, so errors do not add up), written relative to the one before
    /// (small numbers), and a command letter is left out where it repeats.
    pub fn svg_path(&self) -> &str {
        self.svg.get_or_init(|| {
            // Room for the longest likely command per segment, then shrunk (in place): the
            // path is written without growing it by copies.
            let mut path = RelativePath::with_capacity(self.verbs.len() * 16);
            for s in self.segments() {
                match s {
                    Segment::Move(x, y) => path.command(b'm', &[(x, y)]),
                    Segment::Line(x, y) => path.command(b'l', &[(x, y)]),
                    Segment::Quad(a, b, x, y) => path.command(b'q', &[(a, b), (x, y)]),
                    Segment::Cubic(a, b, c, e, x, y) => {
                        path.command(b'c', &[(a, b), (c, e), (x, y)]);
                    }
                    Segment::Close => path.close(),
                }
            }
            path.d.shrink_to_fit();
            path.into_string()
        })
    }

    /// Emptied, keeping its memory (a reader's scratch outline).
    pub(super) fn clear(&mut self) {
        self.verbs.clear();
        self.points.clear();
    }

    /// Whether it has no drawing command.
    pub(super) fn is_empty(&self) -> bool {
        self.verbs.is_empty()
    }

    /// A copy of its commands at their exact size.
    fn copied(&self) -> Outline {
        Outline {
            verbs: self.verbs.to_vec(),
            points: self.points.to_vec(),
            ..Outline::default()
        }
    }

    /// [`Outline::copied`], with `svg` as its path data and `bounds` as its box (both found
    /// while it was drawn).
    pub(super) fn copied_with(&self, svg: String, bounds: Option<[f32; 4]>) -> Outline {
        Outline {
            svg: OnceLock::from(svg),
            bounds: OnceLock::from(bounds),
            ..self.copied()
        }
    }
}

/// A face as the cache knows it: a small number stable across font books.
pub(crate) type FaceKey = u32;

/// Every glyph read so far by face and glyph id; `None` for one with no outline.
type Outlines = FxHashMap<(FaceKey, u16), Option<Arc<Outline>>>;

/// The glyph cache. Clones share the outlines (and their SVG paths) already read.
#[derive(Default, Clone)]
pub(crate) struct Glyphs {
    /// By file, then by index in it (looked up by `&Path`: no path is copied per glyph).
    faces: HashMap<PathBuf, Vec<(u32, FaceKey)>>,
    units_per_em: Vec<f32>,
    /// Shared with clones until either reads a glyph (as [`super::stamp::Masks`]).
    outlines: Arc<Outlines>,
    /// Every glyph in first-use order, for handing out new shared definitions.
    order: Vec<(FaceKey, u16)>,
}

impl Glyphs {
    /// The cache's number for a face of `book`, and its units per em.
    pub fn face(&mut self, book: &FontBook, id: FontId) -> (FaceKey, f32) {
        let face = book.face(id);
        let known = self
            .faces
            .get(face.path.as_path())
            .and_then(|in_file| in_file.iter().find(|(index, _)| *index == face.index));
        let key = match known {
            Some(&(_, key)) => key,
            None => {
                let key = self.units_per_em.len() as FaceKey;
                self.units_per_em.push(f32::from(face.units_per_em.max(1)));
                let in_file = self.faces.entry(face.path.clone()).or_default();
                in_file.push((face.index, key));
                key
            }
        };
        (key, self.units_per_em[key as usize])
    }

    /// The outline of glyph `gid` of face `id`, whose key [`Glyphs::face`] gave, read from the
    /// face the first time; `None` for a glyph with no outline (a space) or one the font cannot
    /// draw. Taking the key, not finding it again, spares hashing the face's path once a glyph.
    pub fn outline_in(
        &mut self,
        book: &FontBook,
        (id, key): (FontId, FaceKey),
        gid: u16,
    ) -> Option<&Arc<Outline>> {
        if !self.outlines.contains_key(&(key, gid)) {
            let outline = OutlineReader::new(book).read(id, gid).map(Arc::new);
            self.insert((key, gid), outline);
        }
        self.outlines.get(&(key, gid)).and_then(Option::as_ref)
    }

    fn insert(&mut self, key: (FaceKey, u16), outline: Option<Arc<Outline>>) {
        if outline.is_some() {
            self.order.push(key);
        }
        Arc::make_mut(&mut self.outlines).insert(key, outline);
    }

    /// The glyphs of `wanted` not read yet, each once, for [`read_outlines`] to read on any
    /// thread and [`Glyphs::keep`] to keep: pages drawn on several threads from clones of one
    /// renderer then read and write each outline once for the whole edition.
    pub fn missing(&mut self, book: &FontBook, wanted: &[(FontId, u16)]) -> Vec<Missing> {
        let mut missing = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // The faces of a few runs for thousands of glyphs: each face's path hashed once.
        let mut keys: HashMap<FontId, FaceKey> = HashMap::new();
        for &(id, gid) in wanted {
            let key = *keys.entry(id).or_insert_with(|| self.face(book, id).0);
            if !self.outlines.contains_key(&(key, gid)) && seen.insert((key, gid)) {
                missing.push(Missing { key, id, gid });
            }
        }
        missing
    }

    /// Keep the outlines [`read_outlines`] read.
    pub fn keep(&mut self, read: Vec<ReadOutline>) {
        for (key, outline) in read {
            self.insert(key, outline);
        }
    }

    /// How many glyphs have outlines so far (the index for [`Glyphs::defs_since`]).
    pub fn count(&self) -> usize {
        self.order.len()
    }

    /// `<path id=… d=…/>` for every glyph read since `from` (see [`Glyphs::count`]).
    pub fn defs_since(&self, from: usize) -> String {
        self.defs_of(self.order.get(from..).unwrap_or_default())
    }

    /// `<path id=… d=…/>` for each of `glyphs` that has an outline.
    pub fn defs_of(&self, glyphs: &[(FaceKey, u16)]) -> String {
        let mut out = String::new();
        self.push_defs(&mut out, glyphs);
        out
    }

    /// How many bytes [`Glyphs::push_defs`] writes for `glyphs`, at most.
    pub fn defs_len(&self, glyphs: &[(FaceKey, u16)]) -> usize {
        // `<path id="g` + two numbers of at most ten digits + `-` + `" d="` + `"/>`.
        const AROUND: usize = 11 + 10 + 1 + 5 + 5 + 3;
        glyphs
            .iter()
            .filter_map(|key| self.outlines.get(key))
            .flatten()
            .map(|outline| outline.svg_path().len() + AROUND)
            .sum()
    }

    /// `<path id=… d=…/>` for each of `glyphs` that has an outline, onto `out`.
    pub fn push_defs(&self, out: &mut String, glyphs: &[(FaceKey, u16)]) {
        for key in glyphs {
            if let Some(Some(outline)) = self.outlines.get(key) {
                out.push_str("<path id=\"");
                push_def_id(out, key.0, key.1);
                out.push_str("\" d=\"");
                out.push_str(outline.svg_path());
                out.push_str("\"/>");
            }
        }
    }
}

/// The SVG id of a glyph's definition, `g{face}-{gid}`.
pub(crate) fn push_def_id(out: &mut String, face: FaceKey, gid: u16) {
    out.push('g');
    push_int(out, face as i32);
    out.push('-');
    push_int(out, i32::from(gid));
}

/// A glyph to read ([`Glyphs::missing`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Missing {
    key: FaceKey,
    id: FontId,
    gid: u16,
}

/// A glyph's key and its outline, read.
pub(crate) type ReadOutline = ((FaceKey, u16), Option<Arc<Outline>>);

/// The outlines of `glyphs`, each with its SVG path made.
pub(crate) fn read_outlines(book: &FontBook, glyphs: &[Missing]) -> Vec<ReadOutline> {
    let mut reader = OutlineReader::new(book);
    glyphs
        .iter()
        .map(|m| {
            let outline = reader.read(m.id, m.gid);
            if let Some(o) = &outline {
                o.svg_path();
            }
            ((m.key, m.gid), outline.map(Arc::new))
        })
        .collect()
}

/// Reads outlines, keeping each face's tables once found: making them (the `glyf` and `loca`
/// lookups, or a CFF font's dictionaries) cost more than drawing one glyph, and a preload
/// reads thousands of glyphs from a few faces.
struct OutlineReader<'a> {
    book: &'a FontBook,
    faces: HashMap<FontId, FaceReader<'a>>,
    /// The buffers simple glyphs are read into ([`read_simple`]).
    simple: glyf::Scratch,
    /// The buffer skrifa draws other outlines into ([`OutlineReader::read`]).
    scratch: Outline,
}

/// One face's readers: its `glyf` table for simple glyphs, skrifa for every other outline
/// (made the first time one is asked for).
struct FaceReader<'a> {
    font: Option<skrifa::FontRef<'a>>,
    glyf: Option<glyf::GlyfTables<'a>>,
    skrifa: Option<Option<skrifa::outline::OutlineGlyphCollection<'a>>>,
}

impl<'a> OutlineReader<'a> {
    fn new(book: &'a FontBook) -> Self {
        OutlineReader {
            book,
            faces: HashMap::new(),
            simple: glyf::Scratch::default(),
            scratch: Outline::default(),
        }
    }

    /// The outline of glyph `gid` of face `id`; `None` for a glyph with no outline (a space),
    /// or one the font cannot draw.
    fn read(&mut self, id: FontId, gid: u16) -> Option<Outline> {
        let book = self.book;
        let face = self.faces.entry(id).or_insert_with(|| {
            let font = book.face(id).font_ref();
            FaceReader {
                glyf: font.as_ref().and_then(glyf::GlyfTables::of),
                font,
                skrifa: None,
            }
        });
        if let Some(read) = face
            .glyf
            .as_ref()
            .and_then(|tables| read_simple(tables, gid, &mut self.simple))
        {
            return read;
        }
        let glyphs = face
            .skrifa
            .get_or_insert_with(|| Some(face.font.as_ref()?.outline_glyphs()))
            .as_ref()?;
        let glyph = glyphs.get(GlyphId::new(u32::from(gid)))?;
        // Drawn into one reused buffer, then copied at its exact size: a CJK glyph has a
        // hundred or more segments, and growing each outline's own vector by doubling left
        // twice its memory touched (fresh pages cost as much as the drawing here).
        let scratch = &mut self.scratch;
        scratch.clear();
        let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
        glyph.draw(settings, &mut *scratch).ok()?;
        (!scratch.is_empty()).then(|| scratch.copied())
    }
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
        let o = Outline::new(vec![
            Segment::Move(5.0, 5.0),
            Segment::Line(15.0, 5.0),
            Segment::Line(15.0, -5.0),
            Segment::Close,
            Segment::Move(20.4, 4.6),
            Segment::Cubic(21.0, 5.0, 22.0, 5.0, 23.0, 4.0),
            Segment::Close,
        ]);
        // Relative to the pen; after `z` the pen is back at the subpath's start (5, 5).
        assert_eq!(o.svg_path(), "m5 5 10 0 0-10zm15 0c1 0 2 0 3-1z");
    }

    #[test]
    fn an_outline_gives_back_its_segments_in_order() {
        let segments = vec![
            Segment::Move(1.0, 2.0),
            Segment::Quad(3.0, 4.0, 5.5, 6.0),
            Segment::Line(7.0, -8.0),
            Segment::Close,
            Segment::Move(9.0, 10.0),
            Segment::Cubic(11.0, 12.0, 13.0, 14.0, 15.0, 16.0),
            Segment::Close,
        ];
        let outline = Outline::new(segments.clone());
        assert_eq!(outline.segments().collect::<Vec<_>>(), segments);
        assert_eq!(outline.bounds(), Some([1.0, -8.0, 15.0, 16.0]));
    }
}
