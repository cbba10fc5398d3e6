//! The article's line of the fit report, its problems (overset, characters in no font, units
//! wider than the column), and the overset mark in the margin.

use crate::color::Cmyk;
use crate::compose::Align;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::display::{Item, RectItem};
use crate::model::{Article, StyleName};
use crate::resolve::TextStyle;

use super::super::flow::{self, FlowItem, Frame};
use super::super::furniture::text_at;
use super::super::report::{ArticleReport, CompositionReport, JumpCut, JumpPoint};
use super::{ArticleLayout, Ctx};

/// Fill in the report line and the problems of the laid-out article.
pub(super) fn report(
    ctx: &Ctx<'_>,
    article: &Article,
    frames: &[Frame],
    items: &[FlowItem],
    flowed: &flow::Flowed,
    out: &mut ArticleLayout,
) {
    let available = flowed.capacity;
    let title = article.front.title.clone().unwrap_or_else(|| {
        items
            .first()
            .map(|i| i.para.text.chars().take(12).collect())
            .unwrap_or_default()
    });
    let last_columns = frames.last().map_or(1, |f| f.columns.max(1)) as usize;
    let underset = if flowed.overset_lines == 0 {
        available.saturating_sub(flowed.used) / last_columns
    } else {
        0
    };
    out.report = ArticleReport {
        file: article.path.clone(),
        title: title.clone(),
        frames: frames
            .iter()
            .map(|f| {
                (
                    ctx.page_numbers.get(f.page).copied().unwrap_or(0),
                    f.columns,
                )
            })
            .collect(),
        lines_available: available,
        lines_used: flowed.used,
        overset_lines: flowed.overset_lines,
        overset_chars: flowed.overset_chars,
        underset_lines: underset,
        composition: CompositionReport::from(&flowed.stats),
        ..ArticleReport::default()
    };
    out.problems.extend(line_problems(article, items, flowed));
}

/// The problems of single lines: characters in no font, units wider than their column; each
/// at the article line of its paragraph.
fn line_problems(article: &Article, items: &[FlowItem], flowed: &flow::Flowed) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for (index, m) in &flowed.missing {
        let line = items.get(*index).map_or(0, |i| i.line);
        problems.push(
            Diagnostic::content(format!(
                "character “{}” (U+{:04X}) is in no font",
                m.ch,
                u32::from(m.ch)
            ))
            .at(Location {
                file: article.path.clone(),
                line: (line > 0).then_some(line),
                column: None,
            })
            .hint("add a font that has it to the style's family list, or replace the character"),
        );
    }
    for (index, text) in &flowed.overfull {
        let line = items.get(*index).map_or(0, |i| i.line);
        problems.push(
            Diagnostic::content(format!(
                "“{text}” is wider than its column and cannot be broken"
            ))
            .at(Location {
                file: article.path.clone(),
                line: (line > 0).then_some(line),
                column: None,
            })
            .hint("shorten it or allow a break (a space) inside it"),
        );
    }
    problems
}

/// Mark overset text outside the type area: a magenta bar at the foot of the last frame's last
/// column, reaching into the bottom margin, with the count.
pub(super) fn mark_overset(
    ctx: &Ctx<'_>,
    frames: &[Frame],
    lines: usize,
    items: &mut [(usize, Vec<Item>)],
) {
    let Some(last) = frames.last() else { return };
    let Some((_, out)) = items.last_mut() else {
        return;
    };
    let magenta = Cmyk {
        c: 0.0,
        m: 1.0,
        y: 0.0,
        k: 0.0,
    };
    let x = last.rect.right() - 14.0;
    let y = ctx.grid.area.bottom() + 2.0;
    out.push(Item::Rect(RectItem {
        x,
        y: last.rect.bottom() - 4.0,
        width: 14.0,
        height: y - last.rect.bottom() + 16.0,
        fill: Some(magenta),
        stroke: None,
    }));
    let style = TextStyle {
        color: magenta,
        ..ctx.resolved.styles.get(StyleName::Footer).clone()
    };
    text_at(
        out,
        ctx.book,
        &format!("溢出{lines}行"),
        &style,
        (x - 60.0, y + 12.0, 58.0),
        Align::End,
    );
}

/// The jump points into the report; a cut left inside a word is a warning.
pub(super) fn jump_notes(article: &Article, jumps: Vec<JumpPoint>, out: &mut ArticleLayout) {
    for j in jumps.iter().filter(|j| j.cut == JumpCut::Inside) {
        out.warnings.push(
            Diagnostic::warning(format!(
                "the jump cuts a word: {} (no sentence or word end kept the frame full)",
                j.text
            ))
            .at(Location::file(&article.path))
            .hint("make the frame one line longer or shorter, or edit the copy near the jump"),
        );
    }
    out.report.jumps = jumps;
}

/// Paragraph tails that still head a column after the flow (widow control moves a line across
/// only where the article has a spare line, and never out of a column's first line): a warning
/// each, at the paragraph, so the editor can give the article a line or cut one.
pub(super) fn widow_notes(
    ctx: &Ctx<'_>,
    article: &Article,
    frames: &[Frame],
    items: &[FlowItem],
    flowed: &flow::Flowed,
    out: &mut ArticleLayout,
) {
    let widow = super::geometry(ctx, frames).widow;
    for placed in &flowed.lines {
        let Some(item) = items.get(placed.item) else {
            continue;
        };
        let (is_last, lines) = placed.last_of();
        // A paragraph of one line is no widow, unless it is the part of a paragraph a jump
        // carried over (the same source line as the item before it).
        let carried = placed.item > 0 && item.line != 0 && items[placed.item - 1].line == item.line;
        let last = is_last && (lines > 1 || carried);
        let head = flowed.slots.get(placed.slot).is_some_and(|s| s.column_top);
        if !(last && head && item.kind == flow::ItemKind::Body) {
            continue;
        }
        let line = placed.line();
        if !widow.rejects_line(line, &item.para.text) {
            continue;
        }
        let text = item.para.text.get(line.text.clone()).unwrap_or("");
        let frame = flowed.slots[placed.slot].frame;
        let page = frames
            .get(frame)
            .and_then(|f| ctx.page_numbers.get(f.page))
            .copied()
            .unwrap_or(0);
        out.warnings.push(
            Diagnostic::warning(format!(
                "page {page}: a paragraph's last line heads a column: {text}"
            ))
            .at(Location {
                file: article.path.clone(),
                line: (item.line > 0).then_some(item.line),
                column: None,
            })
            .hint("widow control needs a spare line to move one across: make a frame of the article a line longer, or cut a line of copy"),
        );
    }
}
