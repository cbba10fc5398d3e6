//! Composed lines → display items.

use crate::compose::{Line, Paragraph, Stance};
use crate::display::{Glyph, GlyphRun, Item, Writing};

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
            writing: Writing::Horizontal,
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

/// Append the glyph runs of `line` (from `para`) set as one vertical column (竖排) whose centre
/// line is at `x` and whose top is at `top`. Upright glyphs form [`Writing::Vertical`] runs,
/// turned Latin [`Writing::Rotated`] runs, a 纵中横 group a horizontal run across the column;
/// each run's text is the paragraph text it covers, as for horizontal lines.
pub(crate) fn emit_column(
    items: &mut Vec<Item>,
    book: &crate::fonts::FontBook,
    para: &Paragraph,
    line: &Line,
    (x, top): (f32, f32),
    upright_latin: usize,
) {
    let glyphs = crate::compose::column(book, &para.text, line, upright_latin);
    let mut i = 0;
    while i < glyphs.len() {
        let first = &glyphs[i];
        let mut j = i + 1;
        while j < glyphs.len()
            && glyphs[j].font == first.font
            && glyphs[j].size == first.size
            && glyphs[j].color == first.color
            && glyphs[j].stance == first.stance
        {
            j += 1;
        }
        let run = &glyphs[i..j];
        let start = run.iter().map(|g| g.text.start).min().unwrap_or(0);
        let end = run.iter().map(|g| g.text.end).max().unwrap_or(start);
        let writing = match first.stance {
            Stance::Upright => Writing::Vertical,
            Stance::Rotated => Writing::Rotated,
            Stance::Across => Writing::Horizontal,
        };
        // A run across the column is an ordinary line: its origin is its baseline's start.
        let (origin, base) = match first.stance {
            Stance::Across => (
                (x + first.across, top + first.down),
                (first.across, first.down),
            ),
            _ => ((x, top), (0.0, 0.0)),
        };
        items.push(Item::Text(GlyphRun {
            font: first.font,
            size: first.size,
            color: first.color,
            origin,
            writing,
            glyphs: run
                .iter()
                .map(|g| Glyph {
                    id: g.id,
                    x: g.across - base.0,
                    y: g.down - base.1,
                    advance: g.advance,
                    text: (g.text.start - start)..(g.text.end - start),
                })
                .collect(),
            text: para.text.get(start..end).unwrap_or("").to_string(),
        }));
        i = j;
    }
}
