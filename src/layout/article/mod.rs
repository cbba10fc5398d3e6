//! One article through its frames: the headline group on the first frame, the 续题 and
//! （上接第N版） on a continuation, the body flowed through all of them, （下转第N版） where it jumps,
//! and the article's line of the fit report.

mod body;
mod byline;
mod heads;
mod report;

use crate::color::Cmyk;
use crate::compose::Align;
use crate::diag::Diagnostics;
use crate::display::{Item, RectItem};
use crate::fonts::FontBook;
use crate::model::{Article, StyleName};
use crate::resolve::Resolved;

use super::emit::emit_line;
use super::flow::{self, FlowGeometry, FlowItem, Frame};
use super::furniture::{box_frame, label, text_at};
use super::grid::{Grid, Rect};
use super::place::Placed;
use super::report::ArticleReport;

/// What the article pass needs to know about the edition.
pub(crate) struct Ctx<'a> {
    /// Fonts.
    pub book: &'a FontBook,
    /// The grid.
    pub grid: &'a Grid,
    /// Styles and settings.
    pub resolved: &'a Resolved,
    /// Edition page number of each laid-out page index.
    pub page_numbers: &'a [u32],
    /// Picture areas text keeps out of, per page index.
    pub exclusions: &'a [Vec<Rect>],
    /// Mark overset text in the margin.
    pub show_overset: bool,
}

/// A block of the article with its page and whether another block sits right below it.
pub(crate) struct ArticleBlock<'a> {
    /// Page index.
    pub page: usize,
    /// The placed block.
    pub placed: &'a Placed,
    /// Another block starts right under this one (keep its last line free for the rule).
    pub has_below: bool,
}

/// The article laid out: items per page index, its report line and its problems.
pub(crate) struct ArticleLayout {
    /// Display items, by page index.
    pub items: Vec<(usize, Vec<Item>)>,
    /// The report line.
    pub report: ArticleReport,
    /// Overset, missing glyphs, overfull units.
    pub problems: Diagnostics,
    /// Underset and other notes.
    pub warnings: Diagnostics,
}

/// Lay out one article through its blocks (in reading order): the headings of each frame, the
/// body flowed through the frames, （下转第N版） where it jumps, then its report line.
pub(crate) fn layout_article(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
) -> ArticleLayout {
    let grid = ctx.grid;
    let mut items: Vec<(usize, Vec<Item>)> = blocks.iter().map(|b| (b.page, Vec::new())).collect();
    let (frames, head_problems) = frames_with_heads(ctx, article, blocks, &mut items);
    // The byline runs in only if it fits on the last line of the last frame's measure.
    let last_measure = frames
        .last()
        .map_or(grid.column_width(), |f| flow::column_width(f, grid.gutter));
    let flow_items = body::body_items(ctx, article, last_measure);
    let geo = FlowGeometry {
        frames: &frames,
        gutter: grid.gutter,
        pitch: grid.pitch,
        exclusions: ctx.exclusions,
        // A line beside a picture is set only if it keeps at least half its column: slivers of
        // two or three characters read badly.
        min_line: 0.5,
    };
    let flowed = flow::flow_article(ctx.book, &geo, &flow_items);
    emit_body(ctx, &flow_items, &flowed, &mut items);
    emit_jump_lines(ctx, blocks, &flowed, &mut items);
    let mut result = ArticleLayout {
        items,
        report: ArticleReport::default(),
        problems: head_problems,
        warnings: Diagnostics::new(),
    };
    // Overset and underset are fixed in the plan: they point at the block the text ends in.
    let last_block = blocks.last().map(|b| &b.placed.location);
    report::report(
        ctx,
        article,
        last_block,
        &frames,
        &flow_items,
        &flowed,
        &mut result,
    );
    if ctx.show_overset && flowed.overset_lines > 0 {
        report::mark_overset(ctx, &frames, flowed.overset_lines, &mut result.items);
    }
    result
}

/// Each block's decoration and headings (the headline group on the first, a 续题 on a
/// continuation on another page), and the frame left below them for the body.
fn frames_with_heads(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
    items: &mut [(usize, Vec<Item>)],
) -> (Vec<Frame>, Diagnostics) {
    let grid = ctx.grid;
    let mut frames = Vec::new();
    let mut problems = Diagnostics::new();
    for (i, b) in blocks.iter().enumerate() {
        let mut rect = b.placed.rect;
        if b.has_below {
            rect.h -= grid.pitch;
        }
        let out = &mut items[i].1;
        let content = decorate(ctx, b.placed, rect, out);
        let head = match i.checked_sub(1).map(|p| &blocks[p]) {
            None => heads::first_headline(ctx, article, b.placed, content.w),
            Some(before) => {
                let from = ctx.page_numbers.get(before.page).copied().unwrap_or(0);
                heads::jump_headline(ctx, article, content.w, from, before.page != b.page)
            }
        };
        let head_h = head.lines as f32 * grid.pitch;
        if let Some(d) = heads::headline_problem(article, b.placed, &head, content.h / grid.pitch) {
            problems.push(d);
        }
        for mut item in head.items {
            if let Item::Text(run) = &mut item {
                run.origin.0 += content.x;
                run.origin.1 += content.y;
            }
            out.push(item);
        }
        let body = Rect {
            y: content.y + head_h,
            h: (content.h - head_h).max(0.0),
            ..content
        };
        let jumps_away = blocks.get(i + 1).is_some_and(|n| n.page != b.page);
        frames.push(Frame {
            page: b.page,
            rect: body,
            columns: text_columns(grid, b.placed),
            reserve_jump: jumps_away,
        });
    }
    (frames, problems)
}

/// The body's lines, each on its slot's baseline.
fn emit_body(
    ctx: &Ctx<'_>,
    flow_items: &[FlowItem],
    flowed: &flow::Flowed,
    items: &mut [(usize, Vec<Item>)],
) {
    let grid = ctx.grid;
    for placed in &flowed.lines {
        let slot = flowed.slots[placed.slot];
        let line = placed.line();
        let baseline = grid.baseline_in_slot(slot.top, line.size.max(1.0), grid.pitch);
        let item = &flow_items[placed.item];
        emit_line(
            &mut items[slot.frame].1,
            &item.para,
            line,
            slot.x + item.inset.0,
            baseline,
        );
    }
}

/// （下转第N版） in the last line of each frame that jumps to another page.
fn emit_jump_lines(
    ctx: &Ctx<'_>,
    blocks: &[ArticleBlock<'_>],
    flowed: &flow::Flowed,
    items: &mut [(usize, Vec<Item>)],
) {
    let grid = ctx.grid;
    let jump_style = ctx.resolved.styles.get(StyleName::Jump);
    for (fi, r) in &flowed.jump_slots {
        let to = blocks
            .get(fi + 1)
            .and_then(|n| ctx.page_numbers.get(n.page))
            .copied()
            .unwrap_or(0);
        let baseline = grid.baseline_in_slot(r.y, jump_style.size, grid.pitch);
        text_at(
            &mut items[*fi].1,
            ctx.book,
            &format!("（下转第{to}版）"),
            jump_style,
            (r.x, baseline, r.w),
            Align::End,
        );
    }
}

/// Draw the block's tint, box and label; return the area left for the article.
fn decorate(ctx: &Ctx<'_>, placed: &Placed, rect: Rect, out: &mut Vec<Item>) -> Rect {
    let grid = ctx.grid;
    let rules = &ctx.resolved;
    let mut content = rect;
    if let Some(tint) = placed
        .block
        .tint
        .as_ref()
        .and_then(|t| ctx.resolved.swatches.get(t))
    {
        out.push(Item::Rect(RectItem {
            x: rect.x,
            y: rect.y,
            width: rect.w,
            height: rect.h,
            fill: Some(*tint),
            stroke: None,
        }));
    }
    if placed.block.boxed {
        out.extend(box_frame(
            Rect {
                h: rect.h - grid.pitch * 0.3,
                ..rect
            },
            rules_frame(rules),
        ));
        let pad = crate::units::mm(box_padding(rules));
        content = Rect {
            x: rect.x + pad,
            y: rect.y + grid.pitch,
            w: rect.w - 2.0 * pad,
            h: rect.h - 2.0 * grid.pitch,
        };
    }
    if let Some(text) = &placed.block.label {
        let style = ctx.resolved.styles.get(StyleName::Label);
        let fill = ctx.resolved.swatches.get("label").copied().unwrap_or(Cmyk {
            c: 0.0,
            m: 1.0,
            y: 1.0,
            k: 0.0,
        });
        let (strip, w) = label(ctx.book, content, text, style, fill);
        out.extend(strip);
        content.x += w + grid.gutter / 2.0;
        content.w -= w + grid.gutter / 2.0;
    }
    content
}

fn rules_frame(r: &Resolved) -> f32 {
    r.rules.frame
}

fn box_padding(r: &Resolved) -> f32 {
    r.rules.box_padding
}

/// Text columns of a block: as the plan says (破栏), else one per base column spanned.
fn text_columns(grid: &Grid, placed: &Placed) -> u32 {
    if let Some(n) = placed.block.text_columns {
        return n.max(1);
    }
    let spanned = grid
        .columns
        .iter()
        .filter(|(x, w)| *x >= placed.rect.x - 0.5 && x + w <= placed.rect.right() + 0.5)
        .count();
    spanned.max(1) as u32
}
