//! Shaping with harfrust: a paragraph's style runs → clusters of positioned glyphs.
//!
//! Each style run is split where the fallback font changes and where the script changes
//! between CJK and Latin, and each piece is shaped once with language zh-Hans, so that `locl`
//! picks the Simplified Chinese glyph positions of the ambiguous-width marks “”‘’—… (CLREQ
//! §1.1 implementation note; w3c/i18n-drafts#558). CJK pieces are shaped a second time with the
//! font's `halt` feature: its half-width advances and offsets are used for punctuation
//! compression (CLREQ §3.1.6) where the font has them.
//!
//! Parsed fonts and shape plans are cached per face for the thread (keyed by the face's bytes,
//! which the cache keeps alive), so composing a paragraph never re-parses a font. harfrust is
//! used nowhere else in the crate.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use harfrust::Script;
use harfrust::{Buffer, Direction, Language, ShapeOptions, ShapePlan, ShaperFont};

mod font_cache;

use super::classes::{BlankSide, Class, class_of};
use super::{MissingChar, Paragraph, StyleRun};
use crate::color::Cmyk;
use crate::fonts::{FontBook, FontId};
pub(crate) use font_cache::vertical_form;
use font_cache::{FontEntry, font_entry, halt_features};

/// One glyph as shaped, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ShapedGlyph {
    pub id: u16,
    pub advance: f32,
    pub x_off: f32,
    pub y_off: f32,
}

/// A shaping cluster: one or more characters set by one or more glyphs, never split.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cluster {
    /// Byte range in the paragraph text.
    pub text: Range<usize>,
    /// Class of the first and of the last character.
    pub first: Class,
    pub last: Class,
    pub font: FontId,
    pub size: f32,
    pub color: Cmyk,
    /// Tracking after the cluster, points.
    pub tracking: f32,
    /// Range in the glyph list.
    pub glyphs: Range<usize>,
    /// Sum of the glyph advances, points.
    pub advance: f32,
    /// Advance and x offset under `halt`, when the font's `halt` changed this glyph.
    pub halt: Option<(f32, f32)>,
}

thread_local! {
    static BUFFER: RefCell<Option<Buffer>> = const { RefCell::new(None) };
}

/// A piece of a run set in one font and one script.
struct Piece<'a> {
    run: &'a StyleRun,
    range: Range<usize>,
    font: Option<FontId>,
    latin: bool,
    newline: bool,
}

/// Shape a whole paragraph into clusters (in text order) and their glyphs.
pub(crate) fn shape_paragraph(
    book: &FontBook,
    paragraph: &Paragraph,
    missing: &mut Vec<MissingChar>,
) -> (Vec<Cluster>, Vec<ShapedGlyph>) {
    let mut clusters = Vec::with_capacity(paragraph.text.len() / 3 + 1);
    let mut glyphs = Vec::with_capacity(paragraph.text.len() / 3 + 1);
    let mut entries: HashMap<FontId, Option<Rc<FontEntry>>> = HashMap::new();
    for run in &paragraph.runs {
        let Some(text) = paragraph.text.get(run.range.clone()) else {
            continue;
        };
        for piece in split_run(book, run, text, &mut entries, missing) {
            let entry = piece.font.and_then(|f| entries.get(&f).cloned().flatten());
            match entry {
                Some(e) => shape_piece(&paragraph.text, &piece, &e, &mut clusters, &mut glyphs),
                None => unshaped_piece(&paragraph.text, &piece, &mut clusters, &mut glyphs),
            }
        }
    }
    (clusters, glyphs)
}

/// Split a run where the font (by fallback) or the script changes; report missing characters.
fn split_run<'a>(
    book: &FontBook,
    run: &'a StyleRun,
    text: &str,
    entries: &mut HashMap<FontId, Option<Rc<FontEntry>>>,
    missing: &mut Vec<MissingChar>,
) -> Vec<Piece<'a>> {
    for &f in &run.fonts {
        entries.entry(f).or_insert_with(|| font_entry(book, f));
    }
    let mut pieces: Vec<Piece<'a>> = Vec::new();
    for (i, ch) in text.char_indices() {
        let offset = run.range.start + i;
        let font = choose_font(run, entries, ch).or_else(|| {
            if !ch.is_control() {
                missing.push(MissingChar { ch, offset });
            }
            run.fonts.first().copied()
        });
        let class = class_of(ch);
        let latin = matches!(
            class,
            Class::Latin | Class::Digit | Class::WesternPunct | Class::Space
        ) || (class == Class::Other && (ch as u32) < 0x2E80);
        let end = offset + ch.len_utf8();
        let newline = ch == '\n';
        match pieces.last_mut() {
            Some(p) if p.font == font && p.latin == latin && !newline && !p.newline => {
                p.range.end = end;
            }
            _ => pieces.push(Piece {
                run,
                range: offset..end,
                font,
                latin,
                newline,
            }),
        }
    }
    pieces
}

fn choose_font(
    run: &StyleRun,
    entries: &HashMap<FontId, Option<Rc<FontEntry>>>,
    ch: char,
) -> Option<FontId> {
    if ch.is_control() {
        return run.fonts.first().copied();
    }
    run.fonts.iter().copied().find(|f| {
        entries
            .get(f)
            .and_then(|e| e.as_ref())
            .is_some_and(|e| e.has_glyph(ch))
    })
}

fn with_buffer<R>(f: impl FnOnce(&mut Buffer) -> R) -> R {
    BUFFER.with(|b| {
        let mut slot = b.borrow_mut();
        let mut buffer = slot.take().unwrap_or_default();
        buffer.clear();
        let r = f(&mut buffer);
        *slot = Some(buffer);
        r
    })
}

/// Shape `text` with `plan`; (cluster offset, glyph) pairs in font units.
fn run_shaper(
    text: &str,
    entry: &FontEntry,
    plan: &ShapePlan,
    latin: bool,
) -> Vec<(u32, [i32; 4])> {
    with_buffer(|buffer| {
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        buffer.set_script(Some(if latin { Script::LATIN } else { Script::HAN }));
        buffer.set_language(Language::new("zh-Hans"));
        let shaper = ShaperFont::new(&entry.font);
        let features = if std::ptr::eq(plan, &entry.han_halt) {
            &halt_features()[..]
        } else {
            &[]
        };
        let options = ShapeOptions::new().plan(Some(plan)).features(features);
        if harfrust::shape(&shaper, buffer, options).is_err() {
            return Vec::new();
        }
        let infos = buffer.glyph_infos();
        let pos = buffer.glyph_positions();
        infos
            .iter()
            .zip(pos)
            .map(|(i, p)| {
                (
                    i.cluster,
                    [i.glyph_id as i32, p.x_advance, p.x_offset, p.y_offset],
                )
            })
            .collect()
    })
}

fn shape_piece(
    text: &str,
    piece: &Piece<'_>,
    entry: &FontEntry,
    clusters: &mut Vec<Cluster>,
    glyphs: &mut Vec<ShapedGlyph>,
) {
    let run = piece.run;
    let s = &text[piece.range.clone()];
    if piece.newline {
        newline_piece(text, piece, entry, clusters, glyphs);
        return;
    }
    let plan = if piece.latin {
        &entry.latin
    } else {
        &entry.han
    };
    let shaped = run_shaper(s, entry, plan, piece.latin);
    let scale = run.size / entry.upem;
    let mut i = 0;
    while i < shaped.len() {
        let start = shaped[i].0;
        let mut j = i + 1;
        while j < shaped.len() && shaped[j].0 == start {
            j += 1;
        }
        let end = shaped.get(j).map_or(s.len(), |g| g.0 as usize);
        let range = piece.range.start + start as usize..piece.range.start + end;
        let first_glyph = glyphs.len();
        glyphs.extend(
            shaped[i..j]
                .iter()
                .map(|(_, [id, adv, xo, yo])| ShapedGlyph {
                    id: u16::try_from(*id).unwrap_or(0),
                    advance: *adv as f32 * scale,
                    x_off: *xo as f32 * scale,
                    y_off: -(*yo as f32) * scale,
                }),
        );
        let mark = s[start as usize..end]
            .chars()
            .next()
            .filter(|&c| j == i + 1 && !piece.latin && class_of(c).blank_side() != BlankSide::None);
        let halt = mark
            .and_then(|c| entry.halt_of(c, shaped[i].1[0] as u32, shaped[i].1[1]))
            .map(|(adv, xo)| (adv as f32 * scale, xo as f32 * scale));
        push_cluster(text, piece, range, clusters, glyphs, first_glyph);
        if let Some(c) = clusters.last_mut() {
            c.halt = halt;
        }
        i = j;
    }
}

/// A forced line break: one cluster of a zero-width space glyph.
fn newline_piece(
    text: &str,
    piece: &Piece<'_>,
    entry: &FontEntry,
    clusters: &mut Vec<Cluster>,
    glyphs: &mut Vec<ShapedGlyph>,
) {
    push_cluster(
        text,
        piece,
        piece.range.clone(),
        clusters,
        glyphs,
        glyphs.len(),
    );
    let g = ShapedGlyph {
        id: entry.space,
        advance: 0.0,
        x_off: 0.0,
        y_off: 0.0,
    };
    glyphs.push(g);
    if let Some(c) = clusters.last_mut() {
        c.glyphs.end = glyphs.len();
    }
}

/// Push the cluster of `range`, set by the glyphs from `start` to the end of `glyphs` (pushed
/// there by the caller, to spare a vector per cluster).
fn push_cluster(
    text: &str,
    piece: &Piece<'_>,
    range: Range<usize>,
    clusters: &mut Vec<Cluster>,
    glyphs: &[ShapedGlyph],
    start: usize,
) {
    let run = piece.run;
    let s = &text[range.clone()];
    let first = s.chars().next().map_or(Class::Other, class_of);
    let last = s.chars().next_back().map_or(Class::Other, class_of);
    let gl = &glyphs[start..];
    clusters.push(Cluster {
        text: range,
        first,
        last,
        font: piece
            .font
            .or(run.fonts.first().copied())
            .unwrap_or(FontId(0)),
        size: run.size,
        color: run.color,
        tracking: run.tracking * run.size,
        glyphs: start..glyphs.len(),
        advance: gl.iter().map(|g| g.advance).sum(),
        halt: None,
    });
}

/// A piece with no usable font: one .notdef per character, 1 em wide.
fn unshaped_piece(
    text: &str,
    piece: &Piece<'_>,
    clusters: &mut Vec<Cluster>,
    glyphs: &mut Vec<ShapedGlyph>,
) {
    for (i, ch) in text[piece.range.clone()].char_indices() {
        let start = piece.range.start + i;
        let adv = if ch == '\n' { 0.0 } else { piece.run.size };
        let g = ShapedGlyph {
            id: 0,
            advance: adv,
            x_off: 0.0,
            y_off: 0.0,
        };
        glyphs.push(g);
        push_cluster(
            text,
            piece,
            start..start + ch.len_utf8(),
            clusters,
            glyphs,
            glyphs.len() - 1,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Cmyk;

    fn para(book: &mut FontBook, text: &str) -> Paragraph {
        let f = book.resolve("Noto Serif SC", 400).ok();
        Paragraph {
            text: text.into(),
            keep: Vec::new(),
            runs: vec![StyleRun {
                range: 0..text.len(),
                fonts: f.into_iter().collect(),
                size: 10.0,
                color: Cmyk::gray(1.0),
                tracking: 0.0,
            }],
        }
    }

    #[test]
    fn shape_covers_every_byte_once() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let p = para(&mut book, "中文“引号”，English 123。\n第二行");
        let mut missing = Vec::new();
        let (clusters, _) = shape_paragraph(&book, &p, &mut missing);
        let mut pos = 0;
        for c in &clusters {
            assert_eq!(c.text.start, pos);
            pos = c.text.end;
        }
        assert_eq!(pos, p.text.len());
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn shape_ideograph_is_one_em_and_halt_halves_marks() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let p = para(&mut book, "中，“");
        let (clusters, _) = shape_paragraph(&book, &p, &mut Vec::new());
        assert!((clusters[0].advance - 10.0).abs() < 0.01);
        assert!(
            (clusters[1].advance - 10.0).abs() < 0.01,
            "SC comma is full width"
        );
        let (adv, _) = clusters[1].halt.unwrap_or((5.0, 0.0));
        assert!((adv - 5.0).abs() < 0.01);
        assert!(
            (clusters[2].advance - 10.0).abs() < 0.01,
            "“ is full width under zh-Hans"
        );
    }

    #[test]
    fn shape_reports_missing_characters() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let p = para(&mut book, "中\u{E000}");
        let mut missing = Vec::new();
        shape_paragraph(&book, &p, &mut missing);
        assert_eq!(
            missing,
            vec![MissingChar {
                ch: '\u{E000}',
                offset: 3
            }]
        );
    }
}
