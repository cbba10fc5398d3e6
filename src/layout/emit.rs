//! Composed lines → display items.

use crate::compose::{Line, Paragraph};
use crate::display::{Glyph, GlyphRun, Item};

/// Append the glyph runs of `line` (from `para`) to `items`, the line's measure starting at `x`
/// and its baseline at `baseline`. Consecutive glyphs of one font, size and colour form one run,
/// whose text is the paragraph text they cover, so ToUnicode gives the article text back.
pub(crate) fn emit_line(
    items: &mut Vec<Item>,
    para: &Paragraph,
    line: &Line,
    x: f32,
    baseline: f32,
) {
    let mut i = 0;
    let glyphs = &line.glyphs;
    while i < glyphs.len() {
        let first = &glyphs[i];
        let mut j = i + 1;
        while j < glyphs.len()
            && glyphs[j].font == first.font
            && glyphs[j].size == first.size
            && glyphs[j].color == first.color
            && glyphs[j].y == first.y
        {
            j += 1;
        }
        let run = &glyphs[i..j];
        let start = run.iter().map(|g| g.text.start).min().unwrap_or(0);
        let end = run.iter().map(|g| g.text.end).max().unwrap_or(start);
        let text = para.text.get(start..end).unwrap_or("").to_string();
        let origin_x = x + line.x + first.x;
        items.push(Item::Text(GlyphRun {
            font: first.font,
            size: first.size,
            color: first.color,
            origin: (origin_x, baseline),
            glyphs: run
                .iter()
                .map(|g| Glyph {
                    id: g.id,
                    x: g.x - first.x,
                    y: g.y,
                    advance: g.advance,
                    text: (g.text.start - start)..(g.text.end - start),
                })
                .collect(),
            text,
        }));
        i = j;
    }
}
