//! Widow control: a body paragraph's last line kept from heading a column alone, by moving a
//! line across from the column before.

use std::rc::Rc;

use crate::compose;
use crate::fonts::FontBook;

use super::{ComposeCache, Cursor, FlowGeometry, FlowItem, ItemKind, Slot, widths_for};

/// Widow control: a body paragraph's last line never heads a column when it is this short.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Widow {
    /// At most this many characters (punctuation not counted); 0: no limit by count.
    pub chars: usize,
    /// Filling less than this share of the measure; 0: no limit by length.
    pub share: f32,
    /// Most lines moved across in one flow (fewer when the moves would overset text).
    pub moves: usize,
}

impl Widow {
    /// No widow control.
    pub(crate) const OFF: Widow = Widow {
        chars: 0,
        share: 0.0,
        moves: 0,
    };

    pub(super) fn is_on(&self) -> bool {
        self.moves > 0 && (self.chars > 0 || self.share > 0.0)
    }

    /// Is `line`, a paragraph's last line holding `chars` characters, too short to head a
    /// column? A line that fills its measure (within half an em) never is.
    pub(super) fn rejects(&self, line: &compose::Line, chars: usize) -> bool {
        let full = line.content_width + 0.5 * line.size >= line.width;
        !full && (chars <= self.chars || line.content_width < self.share * line.width)
    }

    /// [`Widow::rejects`] for `line` of a paragraph whose text is `text`, its characters
    /// counted as widow control counts them (letters and digits, punctuation not).
    pub(crate) fn rejects_line(&self, line: &compose::Line, text: &str) -> bool {
        let own = text.get(line.text.clone()).unwrap_or("");
        self.rejects(line, own.chars().filter(|c| c.is_alphanumeric()).count())
    }
}

/// A body paragraph whose last line would head a column alone: the column before gives up
/// its last line, so the paragraph's last two lines head the next column together. The slot
/// left empty is returned with the composition to deal.
///
/// Where the slots either side differ in width (the column before is beside a picture, or the
/// next is the narrower foot of an L), the lines moved across would not fit their new slots:
/// the paragraph is composed again for the widths it will then meet, and the move is kept
/// only if that leaves no widow at a column head.
pub(super) fn keep_widow_off_column_head(
    book: &FontBook,
    geo: &FlowGeometry<'_>,
    (index, item): (usize, &FlowItem),
    composed: Rc<compose::ComposedParagraph>,
    cursor: &Cursor,
    cache: &mut ComposeCache,
    slots: &[Slot],
) -> (Rc<compose::ComposedParagraph>, Option<usize>) {
    let n = composed.lines.len();
    if item.kind != ItemKind::Body || n < 2 || cursor.moves >= geo.widow.moves {
        return (composed, None);
    }
    // Where the second-to-last line would go.
    let at = cursor.slot + n - 2;
    if !widow_at(geo, item, &composed, slots, at) {
        return (composed, None);
    }
    let same = |a: usize, b: usize| (slots[a].w - slots[b].w).abs() < 0.01;
    if same(at, at + 1) && same(at + 1, at + 2) {
        return (composed, Some(at));
    }
    let mut skipped: Vec<Slot> = slots[cursor.slot..at].to_vec();
    skipped.extend_from_slice(&slots[at + 1..]);
    let again = cache.compose(book, index, item, widths_for(&skipped, item, geo));
    // The last line's slot, with `at` left empty; the move must come before it.
    let m = again.lines.len();
    let natural = cursor.slot + m.saturating_sub(1);
    if m < 2 || natural <= at {
        return (composed, None);
    }
    let last = natural + 1;
    let tail_ok = slots.get(last).is_none_or(|s| !s.column_top) || !rejects_last(geo, item, &again);
    if tail_ok {
        (again, Some(at))
    } else {
        (composed, None)
    }
}

/// Would `composed`'s last line head a column alone, with its second-to-last line in slot
/// `at` of `slots` (and a slot after it for the moved line)?
fn widow_at(
    geo: &FlowGeometry<'_>,
    item: &FlowItem,
    composed: &compose::ComposedParagraph,
    slots: &[Slot],
    at: usize,
) -> bool {
    let (Some(here), Some(next), Some(_after)) =
        (slots.get(at), slots.get(at + 1), slots.get(at + 2))
    else {
        return false;
    };
    next.column_top && !here.column_top && rejects_last(geo, item, composed)
}

/// Is `composed`'s last line too short to head a column?
fn rejects_last(
    geo: &FlowGeometry<'_>,
    item: &FlowItem,
    composed: &compose::ComposedParagraph,
) -> bool {
    let Some(tail) = composed.lines.last() else {
        return false;
    };
    geo.widow.rejects_line(tail, &item.para.text)
}
