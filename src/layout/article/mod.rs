//! One article through its frames: the headline group on the first frame, the 续题 and
//! （上接第N版） on a continuation, the body flowed through all of them, （下转第N版） where it jumps,
//! and the article's line of the fit report.

mod body;
mod byline;
mod decorate;
mod heads;
pub(crate) use heads::first_headline;
mod report;
mod vertical;

use crate::compose::Align;
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::Item;
use crate::fonts::FontBook;
use crate::model::{Article, Direction, StyleName, TitlePosition};
use crate::resolve::Resolved;

use super::emit::emit_line;
use super::flow::{self, FlowGeometry, FlowItem, Frame, Widow};
use super::furniture::text_at;
use super::grid::{Grid, Rect};
use super::headline::SetHeadline;
use super::place::Placed;
use super::report::ArticleReport;
use decorate::{decorate, text_columns, whole_columns};

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
    /// Every placed block, per page index, for naming a picture drawn over headings (empty
    /// while auto blocks are being sized).
    pub placed: &'a [Vec<Placed>],
    /// Mark overset text in the margin.
    pub show_overset: bool,
    /// The layout's copyfit limits (`all`: copyfit every article).
    pub copyfit: crate::model::CopyfitLimits,
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
    /// A picture drawn over the headings: the plan is wrong, and no PDF is made of it.
    pub errors: Diagnostics,
}

/// Lay out one article through its blocks (in reading order): the headings of each frame, the
/// body flowed through the frames (copyfitted where its blocks allow), （下转第N版） where it
/// jumps, then its report line.
pub(crate) fn layout_article(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
) -> ArticleLayout {
    if blocks
        .first()
        .is_some_and(|b| b.placed.block.direction == Direction::Vertical)
    {
        return vertical::layout_vertical(ctx, article, blocks);
    }
    let mut framing = frame_blocks(ctx, article, blocks);
    let flow_items = article_items(ctx, article, &framing.frames);
    let fit = super::fitting::flow_and_fit(ctx, article, blocks, &mut framing, flow_items);
    let mut items = framing.page_items(blocks);
    let covered = covered_headings(ctx, blocks, &items);
    emit_body(ctx, &fit.items, &fit.flowed, &mut items);
    emit_jump_lines(ctx, blocks, &fit.flowed, &mut items);
    let mut result = ArticleLayout {
        items,
        report: ArticleReport::default(),
        problems: std::mem::take(&mut framing.problems),
        warnings: std::mem::take(&mut framing.warnings),
        errors: covered,
    };
    let frames = &framing.frames;
    report::report(ctx, article, frames, &fit.items, &fit.flowed, &mut result);
    super::fitting::report_fit(ctx, blocks, frames, &fit, &mut result);
    report::jump_notes(article, fit.jumps.clone(), &mut result);
    report::widow_notes(ctx, article, frames, &fit.items, &fit.flowed, &mut result);
    if ctx.show_overset && fit.flowed.overset_lines > 0 {
        report::mark_overset(ctx, frames, fit.flowed.overset_lines, &mut result.items);
    }
    result
}

/// A wrapping picture over one of the article's headings (headline group, 续题, column label):
/// body text runs around such a picture, headings do not, so the picture would be printed on
/// top of them. One error per picture and block, at the picture's plan line; `items` are each
/// block's decorations and headings as [`Framing::page_items`] gives them.
fn covered_headings(
    ctx: &Ctx<'_>,
    blocks: &[ArticleBlock<'_>],
    items: &[(usize, Vec<Item>)],
) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for (b, (page, heads)) in blocks.iter().zip(items) {
        let pictures = ctx.placed.get(*page).into_iter().flatten();
        for picture in pictures.filter(|p| p.wraps()) {
            let over = heads.iter().find_map(|item| match item {
                Item::Text(run) if overlaps(run.em_box(), picture.rect) => Some(run.text.clone()),
                _ => None,
            });
            if let Some(text) = over {
                errors.push(
                    Diagnostic::input(format!(
                        "{} is drawn over the headings of {} (\"{}\")",
                        picture.describe(),
                        b.placed.describe(),
                        crate::diag::shorten(&text, 24)
                    ))
                    .at(picture.location.clone())
                    .hint(format!(
                        "text runs around a picture, headings do not: move the picture below the headline of the block at {}, or out of the block",
                        b.placed.location
                    )),
                );
            }
        }
    }
    errors
}

fn overlaps(a: (f32, f32, f32, f32), r: Rect) -> bool {
    a.0 < r.x + r.w && r.x < a.0 + a.2 && a.1 < r.y + r.h && r.y < a.1 + a.3
}

/// The article's blocks made ready for its text: each block's decorations (tint, box, label)
/// and headings, and the frames its body runs through.
pub(crate) struct Framing {
    /// Decorations of each block, relative to the page.
    pub decor: Vec<Vec<Item>>,
    /// The headings of each block (the 续题 on a continuation), relative to its content area.
    pub heads: Vec<SetHeadline>,
    /// The area inside each block's decorations.
    pub contents: Vec<Rect>,
    /// The body frames, one per block.
    pub frames: Vec<Frame>,
    /// Headings that do not fit their blocks.
    pub problems: Diagnostics,
    /// Headline lines broken inside a word.
    pub warnings: Diagnostics,
}

impl Framing {
    /// Replace block `i`'s headings, moving its frame's top to match.
    pub fn set_head(&mut self, i: usize, head: SetHeadline, pitch: f32) {
        let (Some(content), Some(frame)) = (self.contents.get(i), self.frames.get_mut(i)) else {
            return;
        };
        let head_h = head.lines as f32 * pitch;
        frame.rect.y = content.y + head_h;
        frame.rect.h = (content.h - head_h).max(0.0);
        self.heads[i] = head;
    }

    /// Each block's decorations and headings on its page, by block.
    fn page_items(&mut self, blocks: &[ArticleBlock<'_>]) -> Vec<(usize, Vec<Item>)> {
        let decor = std::mem::take(&mut self.decor);
        blocks
            .iter()
            .zip(decor)
            .zip(self.heads.iter().zip(&self.contents))
            .map(|((b, mut out), (head, content))| {
                for item in &head.items {
                    let mut item = item.clone();
                    if let Item::Text(run) = &mut item {
                        run.origin.0 += content.x;
                        run.origin.1 += content.y;
                    }
                    out.push(item);
                }
                (b.page, out)
            })
            .collect()
    }
}

/// Each block's decoration and headings (the headline group on the first, a 续题 on a
/// continuation on another page), and the frame left below them for the body.
pub(crate) fn frame_blocks(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
) -> Framing {
    let grid = ctx.grid;
    let mut out = Framing {
        decor: Vec::new(),
        heads: Vec::new(),
        contents: Vec::new(),
        frames: Vec::new(),
        problems: Diagnostics::new(),
        warnings: Diagnostics::new(),
    };
    for (i, b) in blocks.iter().enumerate() {
        let mut rect = b.placed.rect;
        if b.has_below {
            rect.h -= grid.pitch;
        }
        let mut decor = Vec::new();
        let mut content = decorate(ctx, b.placed, rect, &mut decor, &mut out.problems);
        let head = block_head(ctx, article, blocks, i, &mut content, &mut decor);
        if let Some(d) = heads::headline_problem(article, b.placed, &head, content.h / grid.pitch) {
            out.problems.push(d);
        }
        out.warnings.extend(headline_breaks(b.placed, &head));
        let head_h = head.lines as f32 * grid.pitch;
        let jumps_away = blocks.get(i + 1).is_some_and(|n| n.page != b.page);
        out.frames.push(Frame {
            page: b.page,
            rect: Rect {
                y: content.y + head_h,
                h: (content.h - head_h).max(0.0),
                ..content
            },
            columns: text_columns(grid, b.placed),
            reserve_jump: jumps_away,
        });
        out.decor.push(decor);
        out.heads.push(head);
        out.contents.push(content);
    }
    out
}

/// The heading of block `i`: the headline group on the first block (standing at its right
/// as a 竖题, which narrows `content` to whole characters and goes into `decor`), a 续题 on a
/// continuation.
fn block_head(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
    i: usize,
    content: &mut Rect,
    decor: &mut Vec<Item>,
) -> SetHeadline {
    let b = &blocks[i];
    let standing = i == 0 && b.placed.block.title_position == TitlePosition::RightVertical;
    match i.checked_sub(1).map(|p| &blocks[p]) {
        None if standing => {
            // 竖题: the group stands at the right; the body's columns keep whole characters.
            let grid = ctx.grid;
            let mut heads = vertical::vertical_heads(ctx, article, b.placed, *content);
            let columns = text_columns(grid, b.placed);
            let body_w = whole_columns(content.w - heads.width, columns, grid);
            // What whole characters leave over goes either side of the group.
            heads.shift_left((content.w - body_w - heads.width).max(0.0) / 2.0);
            decor.extend(heads.items);
            content.w = body_w;
            SetHeadline::default()
        }
        None => heads::first_headline(ctx, article, b.placed, content.w, false),
        Some(before) => {
            let from = ctx.page_numbers.get(before.page).copied().unwrap_or(0);
            heads::jump_headline(ctx, article, content.w, from, before.page != b.page)
        }
    }
}

/// Warnings for headline lines broken inside a word or inside a book title.
fn headline_breaks(placed: &Placed, head: &SetHeadline) -> Diagnostics {
    let mut out = Diagnostics::new();
    for inside in &head.char_breaks {
        out.push(
            Diagnostic::warning(format!("a headline line breaks inside a word: {inside}"))
                .at(placed.location.clone())
                .hint(
                    "force the break where it reads well with `|` in the text, or widen the block",
                ),
        );
    }
    for inside in &head.title_breaks {
        out.push(
            Diagnostic::warning(format!(
                "a headline line breaks inside a book title: {inside}"
            ))
            .at(placed.location.clone())
            .hint("the break is between the title's words; widen the block, or shorten the line to keep 《…》 whole"),
        );
    }
    out
}

/// The flow items of the article's body, for frames as cut by [`frame_blocks`].
pub(crate) fn article_items(ctx: &Ctx<'_>, article: &Article, frames: &[Frame]) -> Vec<FlowItem> {
    // The byline runs in only if it fits on the last line of the last frame's measure.
    let last_measure = frames.last().map_or(ctx.grid.column_width(), |f| {
        flow::column_width(f, ctx.grid.gutter)
    });
    body::body_items(ctx, article, last_measure)
}

/// How text flows through frames on this edition's grid.
pub(crate) fn geometry<'a>(ctx: &Ctx<'a>, frames: &'a [Frame]) -> FlowGeometry<'a> {
    FlowGeometry {
        frames,
        gutter: ctx.grid.gutter,
        pitch: ctx.grid.pitch,
        exclusions: ctx.exclusions,
        // A line beside a picture is set only if it keeps at least half its column: slivers of
        // two or three characters read badly.
        min_line: 0.5,
        widow: Widow {
            chars: ctx.resolved.widow_chars,
            share: ctx.resolved.widow_share,
            moves: usize::MAX,
        },
    }
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
