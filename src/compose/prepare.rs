//! The composer's pipeline: prepare a paragraph (shape, classify, break opportunities, boxes and
//! glue), then break, justify and report. Preparation does not depend on the measure, so it is
//! cached per thread for the last [`CACHE_SIZE`] paragraphs: layout composes the same paragraph
//! at several measures (column balancing, headline fitting) and pays for shaping once.

use std::cell::RefCell;
use std::rc::Rc;

use super::breaks::{BreakKind, Unit, break_kinds};
use super::classes::Class;
use super::justify::{LineInput, set_line};
use super::linebreak::{BreakInput, EPS, Sums, break_lines};
use super::shape::{Cluster, ShapedGlyph, shape_paragraph};
use super::spacing::{BoxGeom, Glue, boxes, glues};
use super::{ComposeConfig, ComposedParagraph, Kinsoku, LineWidths, MissingChar, Paragraph};
use super::{ParagraphStyle, PunctStyle};
use crate::fonts::FontBook;

/// Prepared paragraphs kept per thread.
const CACHE_SIZE: usize = 16;
/// Paragraphs longer than this (bytes) are not cached: they are composed once, and keeping
/// their boxes would hold megabytes for nothing.
const CACHE_MAX_TEXT: usize = 64 * 1024;

/// A paragraph in boxes and glue, ready to break at any measure.
pub(crate) struct Prepared {
    clusters: Vec<Cluster>,
    glyphs: Vec<ShapedGlyph>,
    boxes: Vec<BoxGeom>,
    glues: Vec<Glue>,
    sums: Sums,
    missing: Vec<MissingChar>,
}

#[derive(PartialEq)]
struct Key {
    paragraph: Paragraph,
    settings: (Kinsoku, PunctStyle, bool, bool),
    faces: Vec<(usize, usize, u32)>,
}

thread_local! {
    static CACHE: RefCell<Vec<(Key, Rc<Prepared>)>> = const { RefCell::new(Vec::new()) };
}

/// The prepared form of `paragraph`, from the cache when it was prepared lately.
pub(crate) fn prepared(
    book: &FontBook,
    paragraph: &Paragraph,
    config: &ComposeConfig,
) -> Rc<Prepared> {
    if paragraph.text.len() > CACHE_MAX_TEXT {
        return Rc::new(prepare(book, paragraph, config));
    }
    let mut faces: Vec<(usize, usize, u32)> = Vec::new();
    for run in &paragraph.runs {
        for &f in &run.fonts {
            let face = book.face(f);
            faces.push((face.data().as_ptr() as usize, face.data().len(), face.index));
        }
    }
    let settings = (
        config.kinsoku,
        config.punctuation,
        config.cjk_latin_spacing,
        config.hanging,
    );
    let hit = CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let pos = c.iter().position(|(k, _)| {
            k.settings == settings && k.faces == faces && k.paragraph == *paragraph
        })?;
        let entry = c.remove(pos);
        let p = entry.1.clone();
        c.push(entry);
        Some(p)
    });
    if let Some(p) = hit {
        return p;
    }
    let p = Rc::new(prepare(book, paragraph, config));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_SIZE {
            c.remove(0);
        }
        c.push((
            Key {
                paragraph: paragraph.clone(),
                settings,
                faces,
            },
            p.clone(),
        ));
    });
    p
}

fn prepare(book: &FontBook, paragraph: &Paragraph, config: &ComposeConfig) -> Prepared {
    let mut missing = Vec::new();
    let (mut clusters, glyphs) = shape_paragraph(book, paragraph, &mut missing);
    mark_dashes(&paragraph.text, &mut clusters);
    let units = units_of(&clusters);
    let mut kinds = break_kinds(&paragraph.text, &units, config.kinsoku);
    keep_together(&paragraph.keep, &units, &mut kinds);
    let boxes = boxes(&clusters, |c| {
        glyphs.get(c.glyphs.start).map_or(0.0, |g| g.x_off)
    });
    let glues = glues(&clusters, &kinds, config);
    let sums = Sums::new(&boxes, &glues);
    Prepared {
        clusters,
        glyphs,
        boxes,
        glues,
        sums,
        missing,
    }
}

/// No break inside a kept range: the gap after unit `i` (which is before unit `i + 1`) becomes an
/// emergency break when the next unit starts strictly inside one.
fn keep_together(keep: &[std::ops::Range<usize>], units: &[Unit], kinds: &mut [BreakKind]) {
    if keep.is_empty() {
        return;
    }
    for (i, kind) in kinds.iter_mut().enumerate() {
        let Some(next) = units.get(i + 1) else { break };
        let at = next.text.start;
        let inside = keep.iter().any(|r| r.start < at && at < r.end);
        if inside && matches!(*kind, BreakKind::Allowed | BreakKind::Kinsoku) {
            *kind = BreakKind::Emergency;
        }
    }
}

/// A U+2014 next to another (or a cluster of several, when the font ligates them) is part of a
/// 破折号, a lone one a 连接号 (CLREQ §3.1.5.1).
pub(crate) fn mark_dashes(text: &str, clusters: &mut [Cluster]) {
    let dashes = |c: &Cluster| {
        let s = &text[c.text.clone()];
        if s.chars().all(|ch| ch == '—') {
            s.len() / '—'.len_utf8()
        } else {
            0
        }
    };
    let counts: Vec<usize> = clusters.iter().map(dashes).collect();
    for i in 0..clusters.len() {
        let paired = (i > 0 && counts[i - 1] > 0) || counts.get(i + 1).is_some_and(|&n| n > 0);
        if counts[i] > 1 || (counts[i] == 1 && paired) {
            clusters[i].first = Class::Dash;
            clusters[i].last = Class::Dash;
        }
    }
}

/// Break, justify and report.
pub(crate) fn compose(
    p: &Prepared,
    style: &ParagraphStyle,
    widths: &LineWidths,
) -> ComposedParagraph {
    let mut out = ComposedParagraph {
        missing: p.missing.clone(),
        ..Default::default()
    };
    let input = BreakInput {
        clusters: &p.clusters,
        glues: &p.glues,
        sums: &p.sums,
        widths,
        indent: style.indent,
        justify_last: style.last_line == super::Align::JustifyAll,
    };
    let breaks = break_lines(&input, style.config.breaker);
    let line_input = LineInput {
        brk: &input,
        boxes: &p.boxes,
        glyphs: &p.glyphs,
        style,
    };
    for (index, &(start, end)) in breaks.lines.iter().enumerate() {
        let line = set_line(&line_input, start, end, index);
        line_stats(&input, &mut out, start, end, index, &line);
        out.lines.push(line);
    }
    let stats = &mut out.stats;
    stats.lines = out.lines.len();
    stats.orphans_avoided = usize::from(breaks.orphan_avoided);
    let last_start = breaks.lines.last().map_or(0, |l| l.0);
    stats.orphans_remaining = usize::from(!breaks.lines.is_empty() && input.is_orphan(last_start));
    out
}

/// Quality figures and overfull reports for one line.
fn line_stats(
    input: &BreakInput<'_>,
    out: &mut ComposedParagraph,
    start: usize,
    end: usize,
    index: usize,
    line: &super::Line,
) {
    let stats = &mut out.stats;
    stats.max_stretch = stats.max_stretch.max(line.max_stretch);
    stats.total_stretch += line.max_stretch;
    let avail = input.avail(index);
    let fit = input.sums.fit(input.glues, start, end);
    let kind = input.glues[end - 1].kind;
    if fit.natural > avail + EPS && fit.natural - fit.shrink <= avail + EPS {
        stats.pushed_in += 1;
    }
    let n = input.clusters.len();
    if end < n && kind != BreakKind::Forced {
        let next = (end + 1..=n).find(|&e| input.glues[e - 1].kind != BreakKind::Never);
        let more = next.map(|e| input.sums.fit(input.glues, start, e));
        if more.is_some_and(|f| f.natural - f.shrink <= avail + EPS) {
            stats.pushed_out += 1;
        }
    }
    match kind {
        BreakKind::Kinsoku => stats.kinsoku_exceptions += 1,
        BreakKind::Emergency | BreakKind::Never => report_unit(input, out, end - 1),
        _ => {}
    }
    if f64::from(line.content_width) > avail + EPS {
        let unit = line.text.clone();
        if !out
            .overfull
            .iter()
            .any(|r| r.start <= unit.start && r.end >= unit.end)
        {
            out.overfull.push(unit);
        }
    }
}

/// Report the unbreakable unit around gap `gap` (it was too wide and had to be broken).
fn report_unit(input: &BreakInput<'_>, out: &mut ComposedParagraph, gap: usize) {
    let unbreakable =
        |k: usize| matches!(input.glues[k].kind, BreakKind::Emergency | BreakKind::Never);
    let mut first = gap;
    while first > 0 && unbreakable(first - 1) {
        first -= 1;
    }
    let mut last = gap + 1;
    while last + 1 < input.clusters.len() && unbreakable(last) {
        last += 1;
    }
    let last = last.min(input.clusters.len() - 1);
    let range = input.clusters[first].text.start..input.clusters[last].text.end;
    if out.overfull.last() != Some(&range) {
        out.overfull.push(range);
    }
}

/// What the break finder needs of each cluster: its text and its first and last classes.
pub(crate) fn units_of(clusters: &[Cluster]) -> Vec<Unit> {
    clusters
        .iter()
        .map(|c| Unit {
            text: c.text.clone(),
            first: c.first,
            last: c.last,
        })
        .collect()
}
