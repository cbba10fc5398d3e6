//! Blocks that size themselves: `size: [COLUMNS, auto]` takes the lines its article needs (the
//! headline group, the body balanced across its columns, the byline), rounded to whole lines
//! and capped by `max:` and the foot of the 版心; the blocks of a stack are placed top to
//! bottom, each as tall as it needs or as its size says, with a line for the rule between
//! them, the last taking what is left.
//!
//! Pages are sized in order and blocks in plan order, so a `continues:` block knows how much
//! of its article the earlier blocks of the thread have taken.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Article, Input};

use super::article::{ArticleBlock, Ctx, article_items, frame_blocks, geometry};
use super::copyfit::{Level, adjusted};
use super::flow::{self, FlowItem};
use super::grid::Rect;
use super::place::{Kind, Placed, Sizing};

/// Threads of articles through the blocks: (page index, block index) in reading order.
pub(crate) type Threads = BTreeMap<PathBuf, Vec<(usize, usize)>>;

/// Size every `auto` block and place the blocks of every stack, page by page.
pub(crate) fn size_blocks(
    ctx: &Ctx<'_>,
    input: &Input,
    placed: &mut [Vec<Placed>],
    threads: &Threads,
) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for page in 0..placed.len() {
        size_page(ctx, input, placed, threads, page, &mut errors);
    }
    errors
}

/// Size the auto blocks of one page and place its stacks' blocks, in plan order; a stack
/// that overflows is an error, and its later blocks are not placed.
fn size_page(
    ctx: &Ctx<'_>,
    input: &Input,
    placed: &mut [Vec<Placed>],
    threads: &Threads,
    page: usize,
    errors: &mut Diagnostics,
) {
    let pitch = ctx.grid.pitch;
    // Stack number → top of its next block.
    let mut next_top: BTreeMap<usize, f32> = BTreeMap::new();
    // Stacks that overflowed: their later blocks are not placed (nor reported again).
    let mut failed: Vec<usize> = Vec::new();
    for index in 0..placed[page].len() {
        let p = &placed[page][index];
        if p.sizing == Sizing::Fixed && p.block.in_stack.is_none() {
            continue;
        }
        let area = p.rect;
        let Some(stack) = p.block.in_stack.clone() else {
            let all = (area.h / pitch + 0.01).floor() as u32;
            let lines = needed_lines(ctx, input, placed, threads, (page, index)).unwrap_or(all);
            let rect = free_standing(&placed[page], index, area, lines, pitch);
            placed[page][index].rect = rect;
            continue;
        };
        if failed.contains(&stack.stack) {
            placed[page][index].rect.h = 0.0;
            continue;
        }
        let top = next_top.get(&stack.stack).copied().unwrap_or(area.y);
        let room = ((area.bottom() - top) / pitch + 0.01).floor() as u32;
        let lines = stacked_lines(ctx, input, placed, threads, (page, index), top, room);
        if lines == 0 || lines > room || (!stack.last && lines >= room) {
            errors.push(stack_overflow(&placed[page][index], &stack, lines, room));
            failed.push(stack.stack);
            placed[page][index].rect = Rect {
                y: top,
                h: area.bottom() - top,
                ..area
            };
            continue;
        }
        placed[page][index].rect = Rect {
            y: top,
            h: lines as f32 * pitch,
            ..area
        };
        next_top.insert(stack.stack, top + lines as f32 * pitch);
    }
}

/// The lines a block of a stack takes from `top`, where `room` lines are left: the last takes
/// them all, the others their own lines (fixed, or as their article needs, capped) and one
/// for the rule to the next block.
fn stacked_lines(
    ctx: &Ctx<'_>,
    input: &Input,
    placed: &mut [Vec<Placed>],
    threads: &Threads,
    (page, index): (usize, usize),
    top: f32,
    room: u32,
) -> u32 {
    let p = &placed[page][index];
    let (area, pitch) = (p.rect, ctx.grid.pitch);
    let last = p.block.in_stack.as_ref().is_some_and(|s| s.last);
    if last {
        return room;
    }
    let own = match p.sizing {
        Sizing::Lines(n) => n,
        Sizing::Auto { max } => {
            let cap = max.map_or(room, |m| m.min(room));
            placed[page][index].rect = Rect {
                y: top,
                h: cap as f32 * pitch,
                ..area
            };
            // Capped: it may not take the last line, the next block's.
            needed_lines(ctx, input, placed, threads, (page, index))
                .filter(|&n| max.is_some() || n < cap)
                .unwrap_or(if max.is_some() { cap } else { room + 1 })
        }
        Sizing::Fixed => room,
    };
    // A line under it for the rule to the next block.
    own + 1
}

/// The error of a stack whose block `p` needs more than the `room` lines left.
fn stack_overflow(p: &Placed, stack: &crate::model::InStack, lines: u32, room: u32) -> Diagnostic {
    let needs = if lines > room + 1 {
        format!("needs more than the {room} lines left")
    } else {
        format!(
            "needs {} lines (with the rule under it) where {room} are left",
            lines.max(1)
        )
    };
    Diagnostic::input(format!(
        "the stack at {} overflows: {} {needs}",
        stack.location,
        p.describe(),
    ))
    .at(p.location.clone())
    .hint("make the stack taller or wider, give its blocks a `max:` or fewer lines, or move a block out of it")
}

/// A free-standing auto block `lines` tall from the top of `area` (which reaches as far as it
/// may go): it closes up to a block that starts within a line below it, so the rule between
/// them gets its line; one that needs more room than there is above the next block overlaps
/// it (and is reported so).
fn free_standing(blocks: &[Placed], index: usize, area: Rect, lines: u32, pitch: f32) -> Rect {
    let want = area.y + lines as f32 * pitch;
    let below = blocks
        .iter()
        .enumerate()
        .filter(|&(j, b)| {
            j != index
                && !b.wraps()
                && b.rect.y > area.y + 0.5
                && b.rect.x < area.right() - 1.0
                && area.x < b.rect.right() - 1.0
        })
        .map(|(_, b)| b.rect.y)
        .fold(f32::INFINITY, f32::min);
    // Running into the block below is an overlap, reported with both plan lines.
    let bottom = if below >= want - 0.5 && below <= want + pitch + 0.5 {
        below.min(area.bottom())
    } else {
        want.min(area.bottom())
    };
    Rect {
        h: (bottom - area.y).max(pitch),
        ..area
    }
}

/// The lines block `at` needs, its rect reaching as far as it may go; `None` when that is
/// not enough.
fn needed_lines(
    ctx: &Ctx<'_>,
    input: &Input,
    placed: &[Vec<Placed>],
    threads: &Threads,
    at: (usize, usize),
) -> Option<u32> {
    let p = &placed[at.0][at.1];
    let area_lines = (p.rect.h / ctx.grid.pitch + 0.01).floor() as u32;
    match &p.kind {
        Kind::Article(path) | Kind::Continues(path) => {
            let Some(article) = input.articles.get(path) else {
                return Some(area_lines);
            };
            let thread = threads.get(path).map_or(&[][..], Vec::as_slice);
            let upto = thread.iter().position(|&b| b == at).unwrap_or(0);
            let blocks: Vec<ArticleBlock<'_>> = thread[..=upto.min(thread.len().saturating_sub(1))]
                .iter()
                .map(|&(page, index)| ArticleBlock {
                    page,
                    placed: &placed[page][index],
                    has_below: (page, index) != at && super::has_below(&placed[page], index),
                })
                .collect();
            if blocks.is_empty() {
                return Some(area_lines);
            }
            lines_in_last(ctx, article, &blocks, None)
        }
        Kind::Picture(path) => {
            Some(picture_lines(ctx, input, p, path)).filter(|&n| n <= area_lines)
        }
        _ => Some(area_lines),
    }
}

/// The lines the last of `blocks` needs for what is left of the article after the others,
/// each paragraph set at `level` when given (a copyfit bound); `None` when it does not fit.
pub(crate) fn lines_in_last(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
    level: Option<Level>,
) -> Option<u32> {
    let pitch = ctx.grid.pitch;
    let framing = frame_blocks(ctx, article, blocks);
    let mut items: Vec<FlowItem> = article_items(ctx, article, &framing.frames);
    if let Some(level) = level {
        items = items
            .iter()
            .map(|i| {
                if i.kind == flow::ItemKind::Body {
                    adjusted(i, level)
                } else {
                    i.clone()
                }
            })
            .collect();
    }
    let flowed = flow::flow_article(ctx.book, &geometry(ctx, &framing.frames), &items);
    if flowed.overset_lines > 0 {
        return None;
    }
    let last = framing.frames.len().checked_sub(1)?;
    let frame = &framing.frames[last];
    let rows_used = flowed
        .lines
        .iter()
        .map(|l| flowed.slots[l.slot])
        .filter(|s| s.frame == last)
        .map(|s| ((s.top - frame.rect.y) / pitch).round() as u32 + 1)
        .max()
        .unwrap_or(0);
    let block_lines = (blocks[last].placed.rect.h / pitch + 0.01).floor() as u32;
    let frame_rows = (frame.rect.h / pitch + 0.01).floor() as u32;
    Some(
        block_lines
            .saturating_sub(frame_rows.saturating_sub(rows_used))
            .max(1),
    )
}

/// A picture's lines at its block's width: the picture at its own proportions and its caption.
fn picture_lines(ctx: &Ctx<'_>, input: &Input, p: &Placed, path: &PathBuf) -> u32 {
    let Some(pic) = input.pictures.get(path) else {
        return 1;
    };
    let (pw, ph) = (pic.pixels.0.max(1) as f32, pic.pixels.1.max(1) as f32);
    let image = p.rect.w * ph / pw;
    let caption = super::furniture::caption_height(ctx, p);
    ((image + caption) / ctx.grid.pitch).round().max(1.0) as u32
}
