//! Threading an article's body through its frames: column after column, frame after frame
//! (L-shapes, jumps to another page), around pictures, keeping subheads with what follows, and
//! balancing the last frame's columns. What does not fit is counted, never dropped.
//!
//! The frames are cut into line *slots* (one body line of one text column). Each paragraph is
//! composed against the widths of the slots it will occupy (a slot beside a picture is shorter),
//! then its lines are dealt into those slots in order.

mod slots;
mod widow;

use std::rc::Rc;

use crate::compose::{self, LineWidths, Paragraph, ParagraphStyle, PreparedParagraph};
use crate::fonts::FontBook;

use super::grid::Rect;
use super::text::visible_chars;
pub(crate) use slots::column_width;
use slots::make_slots;
pub(crate) use widow::Widow;
use widow::keep_widow_off_column_head;

/// One frame an article's text runs through.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    /// Page index (0-based) it is on.
    pub page: usize,
    /// The area for body text (below any headline group).
    pub rect: Rect,
    /// Number of text columns.
    pub columns: u32,
    /// Keep the last line of the last column free for a 下转 line.
    pub reserve_jump: bool,
}

/// What kind of flow item (for keep rules and spacing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    /// A body paragraph.
    Body,
    /// A subhead: kept with the next line, a blank line before it unless at a column top.
    Subhead,
    /// A verse line or quote paragraph (no special keep rule).
    Other,
    /// An empty line (between stanzas).
    Blank,
}

/// A paragraph ready to flow.
#[derive(Debug, Clone)]
pub(crate) struct FlowItem {
    /// The text and its runs.
    pub para: Paragraph,
    /// How it is set.
    pub style: ParagraphStyle,
    /// Keep and spacing behaviour.
    pub kind: ItemKind,
    /// Left and right insets in points (block quotes, verse).
    pub inset: (f32, f32),
    /// 1-based line of the paragraph in the article file (0 when generated).
    pub line: u32,
}

/// One line slot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Slot {
    /// Frame index.
    pub frame: usize,
    /// Text column within the frame.
    pub column: u32,
    /// Left edge of the usable part of the line.
    pub x: f32,
    /// Usable width.
    pub w: f32,
    /// Top of the line slot.
    pub top: f32,
    /// First usable slot of its column.
    pub column_top: bool,
    /// Last usable slot of its column.
    pub column_end: bool,
}

/// A line dealt into a slot.
#[derive(Debug, Clone)]
pub(crate) struct PlacedLine {
    /// Index into the slots.
    pub slot: usize,
    /// Index into the items.
    pub item: usize,
    /// The paragraph as composed, shared with the compose cache: balancing deals the same
    /// compositions again and again, and copying their lines each time cost more than the rest
    /// of the deal.
    composed: Rc<compose::ComposedParagraph>,
    /// Index of the line in `composed`.
    index: usize,
}

impl PlacedLine {
    /// The composed line.
    pub fn line(&self) -> &compose::Line {
        &self.composed.lines[self.index]
    }

    /// Is this its paragraph's last line, and how many lines has the paragraph?
    pub fn last_of(&self) -> (bool, usize) {
        let n = self.composed.lines.len();
        (self.index + 1 == n, n)
    }
}

/// The result of flowing one article.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flowed {
    /// The slots (after exclusions and balancing).
    pub slots: Vec<Slot>,
    /// Where the jump line of each frame with `reserve_jump` goes: (frame, slot rectangle).
    pub jump_slots: Vec<(usize, Rect)>,
    /// Lines placed, in reading order.
    pub lines: Vec<PlacedLine>,
    /// Lines that did not fit.
    pub overset_lines: usize,
    /// Characters (not counting spaces) that did not fit.
    pub overset_chars: usize,
    /// Slots used (counting blank lines before subheads).
    pub used: usize,
    /// Usable slots at full frame height (beside pictures only where a line still fits).
    pub capacity: usize,
    /// Composition figures over the article.
    pub stats: compose::ParagraphStats,
    /// Characters no font has: (item, char, byte offset).
    pub missing: Vec<(usize, compose::MissingChar)>,
    /// Unbreakable units wider than their line: (item, text).
    pub overfull: Vec<(usize, String)>,
}

/// Geometry the flow needs.
#[derive(Clone, Copy)]
pub(crate) struct FlowGeometry<'a> {
    /// The frames in reading order.
    pub frames: &'a [Frame],
    /// Gutter between text columns.
    pub gutter: f32,
    /// Line pitch.
    pub pitch: f32,
    /// Areas text must keep out of, by page (pictures), already padded.
    pub exclusions: &'a [Vec<Rect>],
    /// Shortest usable line beside a picture, as a fraction of its column's width.
    pub min_line: f32,
    /// Widow control: which paragraph tails may not head a column.
    pub widow: Widow,
}

/// Flow `items` through the frames; balance the columns of the last frame.
pub(crate) fn flow_article(book: &FontBook, geo: &FlowGeometry<'_>, items: &[FlowItem]) -> Flowed {
    // Balancing flows the same items again and again with a lower cap; most paragraphs meet the
    // same line widths every time, so their compositions are kept (the composer is pure: same
    // paragraph, style and widths, same lines).
    let mut cache = ComposeCache::new(items.len());
    let mut first = flow_with_cap(book, geo, items, None, &mut cache);
    if first.overset_lines > 0 && geo.widow.is_on() {
        // A line moved across for a widow is a line less: never at the cost of overset text.
        let plain = FlowGeometry {
            widow: Widow::OFF,
            ..*geo
        };
        let without = flow_with_cap(book, &plain, items, None, &mut cache);
        if without.overset_lines < first.overset_lines {
            // As many moves as the spare lines at the end allow, the first widows first.
            let spare = without.slots.len().saturating_sub(without.used);
            let afforded = (1..=spare).rev().find_map(|moves| {
                let g = FlowGeometry {
                    widow: Widow { moves, ..geo.widow },
                    ..*geo
                };
                let t = flow_with_cap(book, &g, items, None, &mut cache);
                (t.overset_lines <= without.overset_lines).then_some(g)
            });
            return flow_article(book, &afforded.unwrap_or(plain), items);
        }
    }
    first.capacity = first.slots.len();
    let Some(last) = geo.frames.last() else {
        return first;
    };
    if first.overset_lines > 0 || last.columns < 2 {
        return first;
    }
    // Balance: the lowest column height that still holds the text of the last frame.
    let last_frame = geo.frames.len() - 1;
    let used_last = first
        .lines
        .iter()
        .filter(|l| first.slots[l.slot].frame == last_frame)
        .count();
    let full = (last.rect.h / geo.pitch).floor() as usize;
    let mut cap = used_last.div_ceil(last.columns as usize).max(1);
    while cap < full {
        let mut attempt = flow_with_cap(book, geo, items, Some(cap), &mut cache);
        if attempt.overset_lines == 0 {
            attempt.capacity = first.capacity;
            return attempt;
        }
        cap += 1;
    }
    first
}

/// Deal the items into the slots of the frames (the last frame cut to `cap` lines a column
/// when balancing): each item composed for the widths of the slots from the cursor on, its
/// lines dealt one a slot; what finds no slot is overset.
fn flow_with_cap(
    book: &FontBook,
    geo: &FlowGeometry<'_>,
    items: &[FlowItem],
    cap: Option<usize>,
    cache: &mut ComposeCache,
) -> Flowed {
    let mut out = Flowed::default();
    let (slots, jump_slots) = make_slots(geo, cap);
    out.slots = slots;
    out.jump_slots = jump_slots;
    let mut cursor = Cursor { slot: 0, moves: 0 };
    for (index, item) in items.iter().enumerate() {
        cursor.slot = space_before(item, &out.slots, cursor.slot);
        if item.kind == ItemKind::Blank {
            continue;
        }
        let remaining = &out.slots[cursor.slot.min(out.slots.len())..];
        let widths = widths_for(remaining, item, geo);
        let composed = cache.compose(book, index, item, widths);
        let (composed, skip) = keep_widow_off_column_head(
            book,
            geo,
            (index, item),
            composed,
            &cursor,
            cache,
            &out.slots,
        );
        note_composition(&mut out, index, item, &composed);
        deal_lines(&mut out, (index, item), &composed, &mut cursor, skip);
    }
    out.used = cursor.slot.min(out.slots.len());
    out
}

/// Where the deal stands: the next free slot, and how many paragraphs have been moved on to
/// keep a widow from heading a column.
struct Cursor {
    slot: usize,
    moves: usize,
}

/// The slot an item starts at: a blank line (and a subhead) leaves a line empty unless at
/// the top of a column, and a subhead never takes the last line of a column (keep with next).
fn space_before(item: &FlowItem, slots: &[Slot], mut cursor: usize) -> usize {
    if item.kind == ItemKind::Subhead && cursor < slots.len() {
        // A blank line before a subhead, unless it opens a column.
        if !slots[cursor].column_top {
            cursor += 1;
        }
        // Keep with next: never the last line of a column.
        while cursor < slots.len() && slots[cursor].column_end {
            cursor += 1;
        }
    }
    if item.kind == ItemKind::Blank && cursor < slots.len() && !slots[cursor].column_top {
        cursor += 1;
    }
    cursor
}

/// Add an item's composition figures, missing characters and overfull lines to the flow's.
fn note_composition(
    out: &mut Flowed,
    index: usize,
    item: &FlowItem,
    composed: &compose::ComposedParagraph,
) {
    add_stats(&mut out.stats, &composed.stats);
    out.missing
        .extend(composed.missing.iter().cloned().map(|m| (index, m)));
    for r in &composed.overfull {
        out.overfull.push((
            index,
            item.para.text.get(r.clone()).unwrap_or("").to_string(),
        ));
    }
}

/// Deal an item's lines into the slots from the cursor on, one a slot, leaving slot `skip`
/// empty (see [`keep_widow_off_column_head`]). Lines past the last slot are counted as
/// overset.
fn deal_lines(
    out: &mut Flowed,
    (index, item): (usize, &FlowItem),
    composed: &Rc<compose::ComposedParagraph>,
    cursor: &mut Cursor,
    skip: Option<usize>,
) {
    for (line_index, line) in composed.lines.iter().enumerate() {
        if skip == Some(cursor.slot) {
            cursor.moves += 1;
            cursor.slot += 1;
        }
        if cursor.slot < out.slots.len() {
            out.lines.push(PlacedLine {
                slot: cursor.slot,
                item: index,
                composed: composed.clone(),
                index: line_index,
            });
            cursor.slot += 1;
        } else {
            out.overset_lines += 1;
            out.overset_chars += visible_chars(item.para.text.get(line.text.clone()).unwrap_or(""));
        }
    }
}

/// Each flow item prepared once, and its compositions by the line widths they were composed for.
struct ComposeCache {
    by_item: Vec<ItemCache>,
}

#[derive(Default)]
struct ItemCache {
    prepared: Option<PreparedParagraph>,
    composed: Vec<(LineWidths, Rc<compose::ComposedParagraph>)>,
}

impl ComposeCache {
    fn new(items: usize) -> Self {
        ComposeCache {
            by_item: (0..items).map(|_| ItemCache::default()).collect(),
        }
    }

    /// Item `index` composed for `widths`: from the cache when it was composed for the very
    /// same widths before.
    fn compose(
        &mut self,
        book: &FontBook,
        index: usize,
        item: &FlowItem,
        widths: LineWidths,
    ) -> Rc<compose::ComposedParagraph> {
        let cache = &mut self.by_item[index];
        if let Some((_, composed)) = cache.composed.iter().find(|(w, _)| *w == widths) {
            return composed.clone();
        }
        let prepared = cache
            .prepared
            .get_or_insert_with(|| PreparedParagraph::new(book, &item.para, &item.style.config));
        let composed = Rc::new(prepared.compose(&item.style, &widths));
        cache.composed.push((widths, composed.clone()));
        composed
    }
}

/// The widths of the slots from the cursor on, for composing the next item. Insets are applied
/// by the caller when the lines are placed, so every line starts at offset 0 here; and only the
/// widths that differ from the last are listed, so a paragraph in uniform columns gets a
/// uniform measure (which lets the total-fit breaker treat all line numbers alike and keep its
/// active list short).
fn widths_for(slots: &[Slot], item: &FlowItem, geo: &FlowGeometry<'_>) -> LineWidths {
    let (left, right) = item.inset;
    let fallback = geo
        .frames
        .last()
        .map_or(100.0, |f| column_width(f, geo.gutter));
    let estimate = item.para.text.chars().count() + 4;
    let width = |s: &Slot| (s.w - left - right).max(1.0);
    let ahead = &slots[..slots.len().min(estimate)];
    let rest = slots
        .last()
        .map_or((fallback - left - right).max(1.0), width);
    let keep = ahead
        .iter()
        .rposition(|s| (width(s) - rest).abs() > 0.01)
        .map_or(0, |i| i + 1);
    LineWidths {
        first: ahead[..keep].iter().map(|s| (0.0, width(s))).collect(),
        rest,
    }
}

/// Add one paragraph's figures to an article's (horizontal flow and vertical columns alike).
pub(crate) fn add_stats(total: &mut compose::ParagraphStats, p: &compose::ParagraphStats) {
    total.lines += p.lines;
    total.max_stretch = total.max_stretch.max(p.max_stretch);
    total.total_stretch += p.total_stretch;
    total.pushed_in += p.pushed_in;
    total.pushed_out += p.pushed_out;
    total.orphans_avoided += p.orphans_avoided;
    total.orphans_remaining += p.orphans_remaining;
    total.kinsoku_exceptions += p.kinsoku_exceptions;
}

#[cfg(test)]
mod tests;
