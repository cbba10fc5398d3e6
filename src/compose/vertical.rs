//! Vertical lines (竖排): a line set by the horizontal composer, stood up as a column.
//!
//! Vertical text is broken, compressed and justified by the same composer as horizontal text,
//! at the same measure, because every box keeps its extent along the line: ideographs and
//! full-width marks advance one em down a column as across a line (the vmtx advance of every
//! CJK glyph in the bundled faces; harfrust falls back to one em where a face has no vmtx),
//! Latin words are turned 90° and so advance by their own widths, and a short 纵中横 group keeps
//! the length its characters had across the line. So the breaks, the 避头尾 and the punctuation
//! widths of a vertical column are exactly those of the horizontal line (tested), and this
//! module only places glyphs: position along the line becomes position down the column.
//!
//! What changes is the glyph: each upright character is shaped top-to-bottom, so the face's
//! `vert`/`vrt2` forms come in (，。 in the upper right, —— and …… and the brackets turned), and
//! the mainland's “”‘’ become the corner brackets 「」『』 before shaping (CLREQ §3.1.1.2:
//! vertical text quotes with corner brackets), which the face turns into ﹁﹂﹃﹄. A mark's
//! ½ em compression keeps the same half of its box: across a line an opening mark's blank is on
//! its left, down a column on its top; a closing mark's on its right, down a column its bottom.

use std::ops::Range;

use super::Line;
use super::classes::{Class, class_of};
use super::shape::vertical_form;
use crate::color::Cmyk;
use crate::fonts::{FontBook, FontId};

/// How a glyph of a column stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    /// Upright, in its vertical form.
    Upright,
    /// Turned 90° clockwise (Latin words, long numbers).
    Rotated,
    /// Set across the column, as a 纵中横 (tate-chū-yoko) group of a few digits or letters.
    Across,
}

/// One glyph of a vertical column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnGlyph {
    /// Font face.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// Fill colour.
    pub color: Cmyk,
    /// Glyph id (the vertical form for an upright glyph).
    pub id: u16,
    /// The glyph's horizontal origin (left end of its baseline) from the column's centre line,
    /// points, right positive.
    pub across: f32,
    /// The glyph's horizontal origin from the column's top, points, down positive.
    pub down: f32,
    /// Length taken down the column, points.
    pub advance: f32,
    /// Byte range in the paragraph text.
    pub text: Range<usize>,
    /// How it stands.
    pub stance: Stance,
}

/// Where a turned Latin baseline sits, in em left of the column's centre line: the em box
/// of a horizontal line (ascender 0.88, descender 0.12) centred in the column.
const TURNED_BASELINE: f32 = 0.38;
/// The vertical origin sits this far above the baseline, in em, where a face gives none.
const DEFAULT_ORIGIN: f32 = 0.88;

/// The glyphs of `line` (composed from `text`) as one vertical column. Runs of Latin letters
/// and digits of at most `upright_max` characters stand across the column as 纵中横; longer ones
/// are turned.
pub fn column(book: &FontBook, text: &str, line: &Line, upright_max: usize) -> Vec<ColumnGlyph> {
    let glyphs = &line.glyphs;
    let mut out = Vec::with_capacity(glyphs.len());
    let mut i = 0;
    while i < glyphs.len() {
        if !is_western(text, &glyphs[i].text) {
            upright(book, text, line, i, &mut out);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < glyphs.len() && is_western(text, &glyphs[j].text) {
            j += 1;
        }
        let run = &glyphs[i..j];
        let chars = text
            .get(run[0].text.start..run[run.len() - 1].text.end)
            .map_or(0, |t| t.chars().count());
        let first_x = run[0].x;
        let length = run[run.len() - 1].x + run[run.len() - 1].advance - first_x;
        for g in run {
            let (stance, across, down) = if chars <= upright_max {
                // Across the column, centred both ways in the length the line gave the group.
                let centre = line.x + first_x + length / 2.0;
                let baseline = centre + (DEFAULT_ORIGIN - 0.5) * g.size;
                (Stance::Across, g.x - first_x - length / 2.0, baseline)
            } else {
                (Stance::Rotated, -TURNED_BASELINE * g.size, line.x + g.x)
            };
            out.push(ColumnGlyph {
                font: g.font,
                size: g.size,
                color: g.color,
                id: g.id,
                across,
                down,
                advance: g.advance,
                text: g.text.clone(),
                stance,
            });
        }
        i = j;
    }
    out
}

/// Glyph `i` of the line, upright in its vertical form. A glyph that alone sets several
/// characters (a face's ligature for ——) is stood up as one vertical form per character,
/// each over its share of the length, so the dash runs the whole two ems down.
fn upright(book: &FontBook, text: &str, line: &Line, i: usize, out: &mut Vec<ColumnGlyph>) {
    let g = &line.glyphs[i];
    let shared = line
        .glyphs
        .iter()
        .filter(|o| o.text == g.text)
        .nth(1)
        .is_some();
    let cluster = text.get(g.text.clone()).unwrap_or("");
    let pieces: Vec<(usize, char)> = if shared || cluster.chars().count() < 2 {
        cluster.char_indices().take(1).collect()
    } else {
        cluster.char_indices().collect()
    };
    let share = g.advance / pieces.len().max(1) as f32;
    for (k, &(offset, ch)) in pieces.iter().enumerate() {
        let top = line.x + g.x + share * k as f32;
        let (id, across, down) = match vertical_form(book, g.font, vertical_char(ch), g.size) {
            Some((id, across, down, _)) => (id, across, top + down),
            None => (g.id, -g.advance / 2.0, top + DEFAULT_ORIGIN * g.size),
        };
        let start = g.text.start + offset;
        let range = if pieces.len() > 1 {
            start..start + ch.len_utf8()
        } else {
            g.text.clone()
        };
        out.push(ColumnGlyph {
            font: g.font,
            size: g.size,
            color: g.color,
            id,
            across,
            down,
            advance: share,
            text: range,
            stance: Stance::Upright,
        });
    }
}

/// The character set in a column for `ch`: mainland quotes become corner brackets.
pub fn vertical_char(ch: char) -> char {
    match ch {
        '“' => '「',
        '”' => '」',
        '‘' => '『',
        '’' => '』',
        _ => ch,
    }
}

/// Whether the glyph for `range` is a Latin letter, digit or Western sign (turned, or set across).
fn is_western(text: &str, range: &Range<usize>) -> bool {
    text.get(range.clone())
        .and_then(|t| t.chars().next())
        .is_some_and(|c| {
            matches!(class_of(c), Class::Latin | Class::Digit)
                || (c.is_ascii_graphic() && !c.is_ascii_whitespace())
        })
}
