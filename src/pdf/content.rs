//! One display page → its PDF content stream, with overprint set as it is drawn.
//!
//! The page is drawn in the display list's own coordinates: one `cm` flips y and moves the
//! origin to the trimmed page's top-left corner, and text gets a flipping text matrix, so
//! every position is written as layout computed it. Glyph positions become `TJ` adjustments
//! against the `/W` advances ([`super::fonts`]), computed from each glyph's absolute position,
//! so rounding never accumulates along a line.
//!
//! Overprint (`cjk-typesetting.md` §4.2): text whose fill is 100% K and strokes in 100% K
//! select [`OVERPRINT`] (`/OP true /op true /OPM 1`); everything else — fills (including 100%
//! K boxes, which are areas), white, pictures, registration marks — selects [`KNOCKOUT`]. The
//! writer tracks the state and emits `gs` only when it changes, always before a path is begun
//! (ISO 32000-1 §8.2 allows no `gs` between path construction and painting).
//!
//! Colours are DeviceCMYK components rounded to 1/255, as the previous writer stored them.
//! Nothing here depends on another page: a page comes out the same alone or in the edition.
//!
//! [`page`] draws the items in order; `content/writer.rs` keeps the graphics state and
//! writes the numbers, `content/text.rs` the glyph runs, `content/paint.rs` rules, boxes,
//! pictures, placed art and marks.

mod paint;
mod text;
mod writer;

use std::collections::HashMap;

use super::fonts::FontUsage;
use crate::display::{DisplayPage, Item, Writing};
use crate::fonts::{FontBook, FontId};
use writer::Writer;

/// Resource name of the overprinting ExtGState.
pub(crate) const OVERPRINT: &str = "PbOP";
/// Resource name of the knockout ExtGState.
pub(crate) const KNOCKOUT: &str = "PbKO";
/// Resource name of the registration colour space (Separation `/All`).
pub(crate) const REGISTRATION: &str = "All";

/// The fonts drawn so far in the document, in first-use order (`/F0`, `/F1`, …).
pub(crate) struct DocumentFonts<'a> {
    book: &'a FontBook,
    pub usages: Vec<FontUsage<'a>>,
    index: HashMap<FontId, usize>,
}

impl<'a> DocumentFonts<'a> {
    pub(crate) fn new(book: &'a FontBook) -> Self {
        DocumentFonts {
            book,
            usages: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn usage(&mut self, id: FontId) -> usize {
        if let Some(&i) = self.index.get(&id) {
            return i;
        }
        let i = self.usages.len();
        self.usages.push(FontUsage::new(self.book.face(id)));
        self.index.insert(id, i);
        i
    }
}

/// A page's content stream and the resources it names.
pub(crate) struct PageContent {
    /// The uncompressed content stream.
    pub bytes: Vec<u8>,
    /// Document font index of the page's `/F0`, `/F1`, … and whether it is the face's
    /// `Identity-V` font (names are local to the page, in first-use order, so a page's content
    /// does not depend on the other pages).
    pub fonts: Vec<(usize, bool)>,
    /// Document picture index of the page's `/Im0`, `/Im1`, …
    pub pictures: Vec<usize>,
    /// Document placed-art index of the page's `/Fm0`, `/Fm1`, …
    pub arts: Vec<usize>,
    /// Whether the page uses the registration colour (marks).
    pub registration: bool,
}

/// Draw `page`. `pictures` gives, for each of the page's image items in order, the document
/// picture index. `margin` is the room for bleed and marks around the trim.
pub(crate) fn page(
    page: &DisplayPage,
    fonts: &mut DocumentFonts<'_>,
    (pictures, arts): (&[usize], &[usize]),
    margin: f32,
    bleed: f32,
    with_marks: bool,
) -> PageContent {
    let mut w = Writer::default();
    let media_height = page.height + 2.0 * margin;
    w.out.extend_from_slice(b"q\n");
    w.ops(&[1.0, 0.0, 0.0, -1.0, margin, media_height - margin], "cm");
    let mut font_list = Vec::new();
    let mut picture_list = Vec::new();
    let mut next_picture = pictures.iter();
    let mut art_list = Vec::new();
    let mut next_art = arts.iter();
    for item in &page.items {
        match item {
            Item::Text(run) => {
                let f = fonts.usage(run.font);
                let vertical = run.writing == Writing::Vertical;
                fonts.usages[f].vertical |= vertical;
                let local = local_index(&mut font_list, (f, vertical));
                w.text(run, local, &mut fonts.usages[f]);
            }
            Item::Rule(rule) => w.rule(rule),
            Item::Rect(rect) => w.rect(rect),
            Item::Image(image) => {
                if let Some(&p) = next_picture.next() {
                    let local = local_index(&mut picture_list, p);
                    w.image(image, local);
                }
            }
            Item::Art(art) => {
                if let Some(&a) = next_art.next() {
                    let local = local_index(&mut art_list, a);
                    w.art(art, local);
                }
            }
        }
    }
    w.end_text();
    w.out.extend_from_slice(b"Q\n");
    if with_marks {
        w.out
            .extend_from_slice(&marks_content(page, margin, bleed, media_height));
    }
    PageContent {
        bytes: w.out,
        fonts: font_list,
        pictures: picture_list,
        arts: art_list,
        registration: with_marks,
    }
}

/// The crop and registration marks, drawn on the enlarged page outside the translated trim.
fn marks_content(page: &DisplayPage, margin: f32, bleed: f32, media_height: f32) -> Vec<u8> {
    let mut m = Writer::default();
    m.out.extend_from_slice(b"q\n");
    m.ops(&[1.0, 0.0, 0.0, -1.0, 0.0, media_height], "cm");
    m.marks(page, margin, bleed);
    m.out.extend_from_slice(b"Q\n");
    m.out
}

/// The page-local number of document resource `index`, adding it on first use.
fn local_index<T: PartialEq>(list: &mut Vec<T>, index: T) -> usize {
    match list.iter().position(|i| *i == index) {
        Some(local) => local,
        None => {
            list.push(index);
            list.len() - 1
        }
    }
}

#[cfg(test)]
mod tests;
