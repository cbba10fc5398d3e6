//! Boxes and glue: punctuation widths (CLREQ §3.1.6), CJK–Latin spacing (CLREQ §3.2.2) and the
//! adjustable amounts used by justification (CLREQ §3.5.3, §3.5.4).
//!
//! Every cluster becomes a box. A full-width mark's box is its ink half; its adjustable blank
//! (right of 点号 and closing marks, left of opening marks, as SC fonts draw them) goes into the
//! glue beside it, so that line edges, adjacent marks and justification all adjust glue only:
//! - 开明式: 。？！． keep their blank, other marks are half width; 全角式 and 行末半角式: every
//!   blank kept; 半角式: none.
//! - Adjacent marks (CLREQ §3.1.6.2, JLREQ §3.1.4 pair table): a mark before a closing mark or a
//!   点号 is set solid; between a closing mark or 点号 and an opening mark one ½ em blank is
//!   kept; an opening mark after an opening mark is set solid.
//! - At line end a mark's blank is dropped (GB/T 15834 §5.1.10), except in 全角式 where it is the
//!   first thing compression takes (CLREQ §3.5.3 step 1); at line start an opening mark's blank
//!   is dropped (CLREQ §3.1.6.3).
//! - Between an ideograph and a Latin letter or digit: ¼ em, shrinking to ⅛, stretching to ⅓
//!   (CLREQ §3.2.2, JLREQ §3.8); none at line edges (it lives in glue, which a break drops).

use super::breaks::BreakKind;
use super::classes::{BlankSide, Class};
use super::shape::Cluster;
use super::{ComposeConfig, PunctStyle};

/// Shrink steps of CLREQ §3.5.3 (index = step − 1).
pub(crate) const STEPS: usize = 7;
/// Step 1: a mark at line end to ½ em.
pub(crate) const SHRINK_LINE_END: usize = 0;
/// Step 2: word spaces down to ¼ em.
const SHRINK_WORD: usize = 1;
/// Step 4: blank beside brackets down to 0.
const SHRINK_BRACKET: usize = 3;
/// Step 5: ，、；： down to ½ em.
const SHRINK_COMMA: usize = 4;
/// Step 6: CJK–Latin space down to ⅛ em.
const SHRINK_CJK_LATIN: usize = 5;
/// Step 7: 。？！ down to ½ em.
const SHRINK_STOP: usize = 6;

/// CJK–Latin space: ¼ em natural, ⅛ em shrink, 1/12 em stretch (to ⅓ em), CLREQ §3.2.2.
const CJK_LATIN: (f32, f32, f32) = (0.25, 0.125, 1.0 / 12.0);
/// Word spaces shrink to ¼ em and stretch to ½ em (CLREQ §3.5.3 step 2, §3.5.4 step 1).
const WORD_MIN: f32 = 0.25;
const WORD_MAX: f32 = 0.5;

/// A cluster as a box: its width and where its glyphs sit in it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct BoxGeom {
    /// Box width, points.
    pub width: f32,
    /// Glyph origin relative to the box's left edge, points (negative for a halved opening mark).
    pub shift: f32,
}

/// The glue after a box (the last one ends the paragraph).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Glue {
    /// Width mid-line, points.
    pub natural: f32,
    /// Shrinkable amounts per CLREQ §3.5.3 step, points.
    pub shrink: [f32; STEPS],
    /// Stretch caps: word space (step 1) and CJK–Latin space (step 2) of CLREQ §3.5.4, points.
    pub stretch: [f32; 2],
    /// Em size in points if even inter-character stretch may go here (step 3), else 0.
    pub gap: f32,
    /// Width kept when a line ends here, points.
    pub end_width: f32,
    /// Of `end_width`, how much compression step 1 may take.
    pub end_shrink: f32,
    /// The break here.
    pub kind: BreakKind,
}

/// The natural blanks of a mark under a punctuation style: (full blank, natural blank).
fn blanks(c: &Cluster, style: PunctStyle) -> (f32, f32) {
    if c.glyphs.len() != 1 || c.first.blank_side() == BlankSide::None || c.advance < 0.75 * c.size {
        return (0.0, 0.0);
    }
    let half = c.halt.map_or(c.advance / 2.0, |h| h.0);
    let blank = (c.advance - half).max(0.0);
    let natural = match style {
        PunctStyle::Kaiming if c.first == Class::Stop => blank,
        PunctStyle::Kaiming | PunctStyle::Banjiao => 0.0,
        PunctStyle::Quanjiao | PunctStyle::LineEndHalf => blank,
    };
    (blank, natural)
}

/// Box geometry of every cluster.
pub(crate) fn boxes(clusters: &[Cluster], glyph_x_off: impl Fn(&Cluster) -> f32) -> Vec<BoxGeom> {
    clusters
        .iter()
        .map(|c| {
            if c.first == Class::Space || c.first == Class::Newline {
                return BoxGeom {
                    width: 0.0,
                    shift: 0.0,
                };
            }
            let (blank, _) = blanks(c, PunctStyle::Quanjiao);
            if blank == 0.0 {
                return BoxGeom {
                    width: c.advance,
                    shift: 0.0,
                };
            }
            let halt_shift = c.halt.map(|h| h.1 - glyph_x_off(c));
            let shift = match c.first.blank_side() {
                BlankSide::Left => halt_shift.unwrap_or(-blank),
                _ => halt_shift.unwrap_or(0.0),
            };
            BoxGeom {
                width: c.advance - blank,
                shift,
            }
        })
        .collect()
}

/// Is this cluster a Latin letter, digit or a proportional sign beside them (takes ¼ em from an
/// ideograph)?
fn western(c: &Cluster) -> bool {
    c.last.is_western_word()
        || (matches!(c.last, Class::Prefix | Class::Postfix) && c.advance < 0.75 * c.size)
}

fn cjk_latin_pair(a: &Cluster, b: &Cluster) -> bool {
    (a.last == Class::Ideograph && western(b)) || (western(a) && b.first == Class::Ideograph)
}

/// The glue after every cluster.
pub(crate) fn glues(
    clusters: &[Cluster],
    kinds: &[BreakKind],
    config: &ComposeConfig,
) -> Vec<Glue> {
    let mut out = Vec::with_capacity(clusters.len());
    for (i, a) in clusters.iter().enumerate() {
        let kind = kinds.get(i).copied().unwrap_or(BreakKind::Forced);
        let mut g = Glue {
            kind,
            ..Glue::default()
        };
        mark_blanks(&mut g, clusters, i, config);
        if let Some(b) = clusters.get(i + 1) {
            g.natural += a.tracking;
            between(&mut g, clusters, i, config);
            let fixed = |c: &Cluster| matches!(c.last, Class::Connector | Class::Solidus);
            if matches!(kind, BreakKind::Kinsoku | BreakKind::Allowed) && !fixed(a) && !fixed(b) {
                g.gap = a.size.max(b.size);
            }
        }
        out.push(g);
    }
    out
}

/// The blanks of the marks either side of gap `i`, after adjacent-mark compression, and the
/// line-end form.
fn mark_blanks(g: &mut Glue, clusters: &[Cluster], i: usize, config: &ComposeConfig) {
    let a = &clusters[i];
    let next = clusters.get(i + 1);
    let (full_a, mut left) = blanks(a, config.punctuation);
    let (full_b, mut right) = next.map_or((0.0, 0.0), |b| blanks(b, config.punctuation));
    if a.last.blank_side() != BlankSide::Right {
        left = 0.0;
    }
    let next_side = next.map_or(BlankSide::None, |b| b.first.blank_side());
    if next_side != BlankSide::Left {
        right = 0.0;
    }
    match (a.last.blank_side(), next_side) {
        // 。” ）」 ”，: solid after the first mark.
        (BlankSide::Right, BlankSide::Right) => left = 0.0,
        // ）（ ，“ ”“: one ½ em between, in 开明式 too, where neither mark keeps its blank on
        // its own (CLREQ §3.1.6.2); none only in 半角式.
        (BlankSide::Right, BlankSide::Left) => {
            if config.punctuation != PunctStyle::Banjiao {
                left = left.max(right).max(full_a.max(full_b));
            }
            right = 0.0;
        }
        // （“: solid.
        (BlankSide::Left, BlankSide::Left) => right = 0.0,
        _ => {}
    }
    let step = match a.last {
        Class::Comma => SHRINK_COMMA,
        Class::Stop => SHRINK_STOP,
        _ => SHRINK_BRACKET,
    };
    g.natural += left + right;
    // The ½ em between a closing and an opening mark is their minimum (CLREQ §3.1.6.2): kept
    // whole when a line is compressed.
    let pair = a.last.blank_side() == BlankSide::Right && next_side == BlankSide::Left;
    if !pair {
        g.shrink[step] += left;
    }
    g.shrink[SHRINK_BRACKET] += right;
    if config.punctuation == PunctStyle::Quanjiao && a.last.blank_side() == BlankSide::Right {
        g.end_width = full_a;
        g.end_shrink = full_a;
    }
    let hangable =
        matches!(clusters[i].text.len(), 3) && matches!(a.last, Class::Stop | Class::Comma);
    let prev_punct = i > 0 && clusters[i - 1].last.is_punct();
    if config.hanging && hangable && !prev_punct && is_hanging_mark(a) {
        g.end_width = -(a.advance - full_a);
        g.end_shrink = 0.0;
    }
}

fn is_hanging_mark(c: &Cluster) -> bool {
    // CLREQ §3.1.7: at most one of 、，。 hangs.
    c.glyphs.len() == 1
        && matches!(c.last, Class::Stop | Class::Comma)
        && c.advance >= 0.75 * c.size
}

/// Word space and CJK–Latin space in gap `i`.
fn between(g: &mut Glue, clusters: &[Cluster], i: usize, config: &ComposeConfig) {
    let a = &clusters[i];
    let Some(b) = clusters.get(i + 1) else { return };
    let em = a.size.max(b.size);
    if a.last == Class::Space {
        let prev = i.checked_sub(1).map(|p| &clusters[p]);
        let phrases = prev.is_some_and(|p| p.last.is_cjk()) && b.first.is_cjk();
        if let Some(space) = config.phrase_space.filter(|_| phrases) {
            // A fixed phrase space: neither compressed nor stretched.
            g.natural += space * a.size;
        } else if config.cjk_latin_spacing && prev.is_some_and(|p| cjk_latin_pair(p, b)) {
            add_cjk_latin(g, em);
        } else {
            let w = a.advance;
            g.natural += w;
            g.shrink[SHRINK_WORD] += (w - WORD_MIN * a.size).max(0.0);
            g.stretch[0] += (WORD_MAX * a.size - w).max(0.0);
        }
    } else if config.cjk_latin_spacing && cjk_latin_pair(a, b) {
        add_cjk_latin(g, em);
    }
}

fn add_cjk_latin(g: &mut Glue, em: f32) {
    g.natural += CJK_LATIN.0 * em;
    g.shrink[SHRINK_CJK_LATIN] += CJK_LATIN.1 * em;
    g.stretch[1] += CJK_LATIN.2 * em;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Cmyk;
    use crate::compose::breaks::break_kinds;
    use crate::compose::shape::shape_paragraph;
    use crate::compose::{Paragraph, StyleRun};
    use crate::fonts::FontBook;

    /// Glues of `text` at 10 pt under `style`.
    fn glues_of(text: &str, style: PunctStyle) -> Vec<Glue> {
        let config = ComposeConfig {
            punctuation: style,
            ..ComposeConfig::default()
        };
        glues_with(text, config)
    }

    /// Glues of `text` at 10 pt under `config`.
    fn glues_with(text: &str, config: ComposeConfig) -> Vec<Glue> {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let font = book.resolve("Noto Serif SC", 400).into_iter().collect();
        let p = Paragraph {
            text: text.into(),
            keep: Vec::new(),
            runs: vec![StyleRun {
                range: 0..text.len(),
                fonts: font,
                size: 10.0,
                color: Cmyk::BLACK,
                tracking: 0.0,
            }],
        };
        let (mut clusters, _) = shape_paragraph(&book, &p, &mut Vec::new());
        crate::compose::prepare::mark_dashes(text, &mut clusters);
        let units = crate::compose::prepare::units_of(&clusters);
        let kinds = break_kinds(text, &units, config.kinsoku);
        glues(&clusters, &kinds, &config)
    }

    fn near(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn kaiming_stops_full_other_marks_half() {
        let g = glues_of("中。中，中", PunctStyle::Kaiming);
        assert!(
            near(g[1].natural, 5.0),
            "。 keeps ½ em blank: {}",
            g[1].natural
        );
        assert!(
            near(g[3].natural, 0.0),
            "， is half width: {}",
            g[3].natural
        );
        assert!(near(g[1].shrink[SHRINK_STOP], 5.0), "。 shrinks at step 7");
    }

    #[test]
    fn quanjiao_every_mark_full_banjiao_none() {
        let g = glues_of("中，中（中）", PunctStyle::Quanjiao);
        assert!(near(g[1].natural, 5.0) && near(g[1].shrink[SHRINK_COMMA], 5.0));
        assert!(
            near(g[2].natural, 5.0) && near(g[2].shrink[SHRINK_BRACKET], 5.0),
            "blank before （"
        );
        let g = glues_of("中，中（中）", PunctStyle::Banjiao);
        assert!(g.iter().all(|g| near(g.natural, 0.0)));
    }

    #[test]
    fn adjacent_marks_compressed() {
        // 。” solid; ）（ one ½ em; （“ solid.
        let g = glues_of("中。”中）（“中", PunctStyle::Quanjiao);
        assert!(near(g[1].natural, 0.0), "。” solid: {}", g[1].natural);
        assert!(near(g[4].natural, 5.0), "）（ ½ em: {}", g[4].natural);
        assert!(near(g[5].natural, 0.0), "（“ solid: {}", g[5].natural);
        let g = glues_of("中？！中", PunctStyle::Kaiming);
        assert!(
            near(g[1].natural, 0.0),
            "开明: leading mark of a cluster is ½ em"
        );
        assert!(near(g[2].natural, 5.0));
    }

    #[test]
    fn closing_then_opening_half_em_in_every_style_but_banjiao() {
        // ”“ ）（ 》《 」「 and 。“ ，“: one ½ em between the two marks, whatever the closing
        // mark keeps on its own (CLREQ §3.1.6.2).
        for style in [
            PunctStyle::Kaiming,
            PunctStyle::Quanjiao,
            PunctStyle::LineEndHalf,
        ] {
            for pair in ["”“", "）（", "》《", "」「", "。“", "，“"] {
                let g = glues_of(&format!("中{pair}中"), style);
                assert!(
                    near(g[1].natural, 5.0),
                    "{style:?} {pair}: {}",
                    g[1].natural
                );
                assert!(near(g[0].natural, 0.0) && near(g[2].natural, 0.0), "{pair}");
            }
        }
        let g = glues_of("中”“中", PunctStyle::Banjiao);
        assert!(near(g[1].natural, 0.0), "半角式: solid");
    }

    #[test]
    fn ideographic_space_takes_no_cjk_latin_space() {
        let g = glues_of("讯\u{3000}8月", PunctStyle::Kaiming);
        assert!(g.iter().take(2).all(|g| near(g.natural, 0.0)), "{g:?}");
    }

    #[test]
    fn phrase_space_fixed_between_cjk_phrases_only() {
        let config = ComposeConfig {
            phrase_space: Some(1.0),
            ..ComposeConfig::default()
        };
        let g = glues_with("担当 打造", config);
        assert!(near(g[2].natural, 10.0), "1 em: {}", g[2].natural);
        assert!(g[2].shrink.iter().all(|s| *s == 0.0) && g[2].stretch == [0.0, 0.0]);
        let g = glues_with("ab cd", config);
        assert!(g[2].natural < 5.0, "a word space between Latin words");
    }

    #[test]
    fn line_end_mark_half_width_except_quanjiao_shrinks_it_first() {
        let g = glues_of("中。中", PunctStyle::LineEndHalf);
        assert!(near(g[1].end_width, 0.0), "GB/T 15834 §5.1.10");
        let g = glues_of("中。中", PunctStyle::Quanjiao);
        assert!(
            near(g[1].end_width, 5.0) && near(g[1].end_shrink, 5.0),
            "CLREQ §3.5.3 step 1"
        );
    }

    #[test]
    fn cjk_latin_quarter_em_shrink_eighth_stretch_third() {
        let g = glues_of("中A中1", PunctStyle::Kaiming);
        for (i, g) in g.iter().enumerate().take(3) {
            assert!(near(g.natural, 2.5), "gap {i}: {}", g.natural);
            assert!(near(g.shrink[SHRINK_CJK_LATIN], 1.25));
            assert!(near(g.stretch[1], 10.0 / 12.0));
            assert!(near(g.end_width, 0.0), "none at line edges");
        }
    }

    #[test]
    fn no_cjk_latin_space_next_to_punctuation_and_space_replaced() {
        let g = glues_of("，A“B", PunctStyle::Kaiming);
        assert!(near(g[0].natural, 0.0) && near(g[1].natural, 0.0));
        let g = glues_of("中 A", PunctStyle::Kaiming);
        assert!(
            near(g[0].natural + g[1].natural, 2.5),
            "a space between 中 and A becomes ¼ em"
        );
    }

    #[test]
    fn no_stretch_inside_units() {
        // —— is one cluster (the font ligates it) or two with no stretch between.
        let g = glues_of("中——中ab12%", PunctStyle::Kaiming);
        let n = g.len();
        assert!(g[n - 5..n - 1].iter().all(|g| g.gap == 0.0), "inside ab12%");
        assert_eq!(g[0].kind, BreakKind::Allowed, "a break before —— (GB)");
        assert!(g[0].gap > 0.0);
    }
}
