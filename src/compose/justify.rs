//! Justification and glyph placement of one chosen line.
//!
//! Compression first, then stretch (CLREQ §3.5.2). Compression takes the CLREQ §3.5.3 steps in
//! order, each spread over the line in proportion to what each gap can give: (1) the mark at
//! line end, (2) word spaces, (4) blanks beside brackets, (5) ，、；：, (6) CJK–Latin space,
//! (7) 。？！ (step 3, interpuncts, has nothing to give: · is set at its own width). Stretch takes
//! the CLREQ §3.5.4 steps: word spaces to ½ em, CJK–Latin space to ⅓ em, then the same extra
//! space in every gap between characters that is not inside an unbreakable unit and not beside
//! a connector or solidus. Lines ended by the paragraph or by `\n` are not stretched.

use super::linebreak::{BreakInput, EPS};
use super::shape::{Cluster, ShapedGlyph};
use super::spacing::{BoxGeom, Glue, SHRINK_LINE_END, STEPS};
use super::{Align, Line, LineGlyph, ParagraphStyle};

/// What a line needs from the paragraph to be set.
pub(crate) struct LineInput<'a> {
    pub brk: &'a BreakInput<'a>,
    pub boxes: &'a [BoxGeom],
    pub glyphs: &'a [ShapedGlyph],
    pub style: &'a ParagraphStyle,
}

/// Widths of the glues of line `start..end` after justification, and the even stretch in em.
fn glue_widths(
    input: &LineInput<'_>,
    start: usize,
    end: usize,
    avail: f32,
    stretch: bool,
) -> (Vec<f32>, f32) {
    let glues = &input.brk.glues[start..end];
    let last = glues.len() - 1;
    let mut w: Vec<f32> = glues.iter().map(|g| g.natural).collect();
    w[last] = glues[last].end_width;
    let fit = input.brk.sums.fit(input.brk.glues, start, end);
    let need = fit.natural - f64::from(avail);
    if need > EPS {
        compress(glues, &mut w, need);
        return (w, 0.0);
    }
    if !stretch || need >= -EPS {
        return (w, 0.0);
    }
    let per_em = expand(glues, &mut w, -need);
    (w, per_em)
}

/// Take `need` out of the widths `w` of `glues`, step by step (CLREQ §3.5.3), each step
/// spread over the gaps in proportion to what each can give; the last glue gives only at
/// the line-end step.
fn compress(glues: &[Glue], w: &mut [f32], mut need: f64) {
    let last = glues.len() - 1;
    for step in 0..STEPS {
        let amount = |i: usize, g: &Glue| {
            if i == last {
                if step == SHRINK_LINE_END {
                    g.end_shrink
                } else {
                    0.0
                }
            } else {
                g.shrink[step]
            }
        };
        let total: f64 = glues
            .iter()
            .enumerate()
            .map(|(i, g)| f64::from(amount(i, g)))
            .sum();
        if total <= 0.0 || need <= 0.0 {
            continue;
        }
        let take = need.min(total);
        for (i, g) in glues.iter().enumerate() {
            w[i] -= (f64::from(amount(i, g)) * take / total) as f32;
        }
        need -= take;
    }
}

/// Add `extra` to the widths `w` of `glues` but the last (CLREQ §3.5.4): word spaces, then
/// CJK–Latin space, up to their caps; what is left goes evenly into the gaps between
/// characters. Returns that even stretch, in em.
fn expand(glues: &[Glue], w: &mut [f32], mut extra: f64) -> f32 {
    let last = glues.len() - 1;
    for cap in 0..2 {
        let total: f64 = glues[..last]
            .iter()
            .map(|g| f64::from(g.stretch[cap]))
            .sum();
        if total <= 0.0 {
            continue;
        }
        let take = extra.min(total);
        for (i, g) in glues[..last].iter().enumerate() {
            w[i] += (f64::from(g.stretch[cap]) * take / total) as f32;
        }
        extra -= take;
    }
    let gap: f64 = glues[..last].iter().map(|g| f64::from(g.gap)).sum();
    if extra <= EPS || gap <= 0.0 {
        return 0.0;
    }
    let per_em = extra / gap;
    for (i, g) in glues[..last].iter().enumerate() {
        w[i] += (f64::from(g.gap) * per_em) as f32;
    }
    per_em as f32
}

/// Set line `start..end` as line number `index`.
pub(crate) fn set_line(input: &LineInput<'_>, start: usize, end: usize, index: usize) -> Line {
    let brk = input.brk;
    let clusters: &[Cluster] = &brk.clusters[start..end];
    let (x0, width) = brk.widths.line(index);
    let avail = brk.avail(index) as f32;
    let indent = width - avail;
    let last = end == brk.clusters.len();
    let forced = !last && brk.glues[end - 1].kind == super::breaks::BreakKind::Forced;
    let align = if last {
        input.style.last_line
    } else {
        input.style.align
    };
    let stretch = (align == Align::Justify && !last || align == Align::JustifyAll) && !forced;
    let (widths, per_em) = glue_widths(input, start, end, avail, stretch);
    let mut glyphs = Vec::with_capacity(clusters.len());
    let mut pen = 0.0f32;
    let mut size = 0.0f32;
    for (k, c) in clusters.iter().enumerate() {
        let geom = input.boxes[start + k];
        let set_width = geom.width + widths[k];
        place_cluster(
            c,
            &input.glyphs[c.glyphs.clone()],
            pen,
            geom.shift,
            set_width,
            &mut glyphs,
        );
        pen += set_width;
        size = size.max(c.size);
    }
    let shift = match align {
        Align::Center => ((avail - pen) / 2.0).max(0.0),
        Align::End => (avail - pen).max(0.0),
        Align::Start | Align::Justify | Align::JustifyAll => 0.0,
    };
    let text = match (clusters.first(), clusters.last()) {
        (Some(a), Some(b)) => a.text.start..b.text.end,
        _ => 0..0,
    };
    Line {
        x: x0 + indent + shift,
        width: avail,
        content_width: pen,
        glyphs,
        text,
        size,
        max_stretch: per_em,
    }
}

/// Glyphs of one cluster: the first glyph carries the cluster's text, the last its set width.
fn place_cluster(
    c: &Cluster,
    shaped: &[ShapedGlyph],
    pen: f32,
    shift: f32,
    set: f32,
    out: &mut Vec<LineGlyph>,
) {
    let mut acc = 0.0;
    let n = shaped.len();
    for (j, g) in shaped.iter().enumerate() {
        let advance = if j + 1 == n { set - acc } else { g.advance };
        let text = if j == 0 {
            c.text.clone()
        } else {
            c.text.end..c.text.end
        };
        out.push(LineGlyph {
            font: c.font,
            size: c.size,
            color: c.color,
            id: g.id,
            x: pen + shift + acc + g.x_off,
            y: g.y_off,
            advance,
            text,
        });
        acc += g.advance;
    }
}
