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
    let same_run = |a: &crate::compose::LineGlyph, b: &crate::compose::LineGlyph| {
        a.font == b.font && a.size == b.size && a.color == b.color && a.y == b.y
    };
    for run in line.glyphs.chunk_by(same_run) {
        let first = &run[0];
        let (start, end) = text_span(run.iter().map(|g| &g.text));
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
    let same_run = |a: &crate::compose::ColumnGlyph, b: &crate::compose::ColumnGlyph| {
        a.font == b.font && a.size == b.size && a.color == b.color && a.stance == b.stance
    };
    for run in glyphs.chunk_by(same_run) {
        let first = &run[0];
        let (start, end) = text_span(run.iter().map(|g| &g.text));
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
    }
}

/// The span of paragraph text a run of glyphs covers (their text ranges may come out of order:
/// a ligature or a reordered mark).
fn text_span<'a>(
    ranges: impl Iterator<Item = &'a std::ops::Range<usize>> + Clone,
) -> (usize, usize) {
    let start = ranges.clone().map(|r| r.start).min().unwrap_or(0);
    let end = ranges.map(|r| r.end).max().unwrap_or(start);
    (start, end)
}
