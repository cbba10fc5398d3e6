//! Plain labels for proofs and contact sheets: a line of text in one face, glyphs from the
//! character map and advances from the font, no shaping (page numbers and section names need
//! none), laid out on the display list so they are drawn like everything else.

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use crate::color::Cmyk;
use crate::display::{Glyph, GlyphRun, Writing};
use crate::fonts::{FontBook, FontId};

/// `text` set at `size` from `origin` (left end of the baseline); characters the face lacks
/// are left out. Returns the run and its width.
pub fn label(
    book: &FontBook,
    font: FontId,
    size: f32,
    colour: Cmyk,
    origin: (f32, f32),
    text: &str,
) -> (GlyphRun, f32) {
    let face = book.face(font);
    let upem = f32::from(face.units_per_em.max(1));
    let mut glyphs = Vec::new();
    let mut x = 0.0;
    if let Some(f) = face.font_ref() {
        let charmap = f.charmap();
        let metrics = f.glyph_metrics(Size::unscaled(), LocationRef::default());
        for (i, c) in text.char_indices() {
            let Some(gid) = charmap.map(c).filter(|g| g.to_u32() != 0) else {
                if c == ' ' {
                    x += size / 3.0;
                }
                continue;
            };
            let advance = metrics.advance_width(gid).unwrap_or(upem) / upem * size;
            glyphs.push(Glyph {
                id: u16::try_from(gid.to_u32()).unwrap_or(0),
                x,
                y: 0.0,
                advance,
                text: i..i + c.len_utf8(),
            });
            x += advance;
        }
    }
    let run = GlyphRun {
        font,
        size,
        color: colour,
        origin,
        writing: Writing::Horizontal,
        glyphs,
        text: text.to_string(),
    };
    (run, x)
}
