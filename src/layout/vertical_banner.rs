//! A banner set vertically (竖排通栏, a block's `direction: vertical`): a slogan standing in a
//! narrow block beside the stories, as papers set 标语 down the side of a page.
//!
//! Each phrase of the slogan (its words split at spaces) is one column, read right to left, then
//! the sub line's phrases in their smaller style. The columns are stood up by the same
//! [`super::emit::emit_column`] as vertical articles, so the marks take their vertical forms and
//! the PDF writes them with Identity-V. Both styles step down together until every column fits
//! the block's height and the columns its width, never below their `min_size`; what still does
//! not fit is overset, as a horizontal banner's is.

use crate::compose::{self, Align, LineWidths, ParagraphStyle};
use crate::display::Item;
use crate::fonts::FontBook;
use crate::model::Banner;
use crate::resolve::TextStyle;

use super::emit::emit_column;
use super::grid::Rect;
use super::text::plain;

/// Column pitch, in ems of the column's size.
const PITCH: f32 = 1.2;
/// Gap between the slogan's columns and the sub line's, in ems of the slogan's size.
const GAP: f32 = 0.4;

/// The columns of `banner` centred in `inner`, or `None` when they do not fit at the styles'
/// smallest sizes.
pub(crate) fn vertical_banner(
    book: &FontBook,
    inner: Rect,
    banner: &Banner,
    (mut main, mut sub): (TextStyle, TextStyle),
    upright_latin: usize,
) -> Option<Vec<Item>> {
    let (room, across) = (inner.h - 12.0, inner.w - 6.0);
    // More characters than the block can hold at the smallest size cannot fit: refused before
    // setting them, so a pathological slogan costs nothing.
    let chars = banner.text.chars().count() + banner.sub.as_ref().map_or(0, |s| s.chars().count());
    let floor = (main.min_size.max(1.0), sub.min_size.max(1.0));
    let columns = (across / (floor.0 * PITCH)).max(1.0);
    if chars as f32 > 2.0 * (room / floor.0).max(1.0) * columns + 8.0 {
        return None;
    }
    loop {
        let set = columns_of(book, banner, &main, &sub);
        let longest = set.iter().map(|c| c.length).fold(0.0, f32::max);
        let width = total_width(&set, &main);
        if longest <= room && width <= across {
            return Some(emit(book, inner, &set, &main, width, upright_latin));
        }
        if main.size <= floor.0 + 0.01 && sub.size <= floor.1 + 0.01 {
            return None;
        }
        let scale = (room / longest.max(1.0))
            .min(across / width.max(1.0))
            .clamp(0.5, 0.95);
        for (style, min) in [(&mut main, floor.0), (&mut sub, floor.1)] {
            style.size = (style.size * scale).max(min);
            style.leading = style.size * PITCH;
        }
    }
}

/// One column: a phrase in its style and its length down the column.
struct Column {
    para: compose::Paragraph,
    size: f32,
    length: f32,
    /// The first column of the sub line (the gap goes before it).
    starts_sub: bool,
}

fn columns_of(book: &FontBook, banner: &Banner, main: &TextStyle, sub: &TextStyle) -> Vec<Column> {
    let mut out = Vec::new();
    let parts = std::iter::once((banner.text.as_str(), main, false))
        .chain(banner.sub.as_deref().map(|s| (s, sub, true)));
    for (text, style, is_sub) in parts {
        for (i, phrase) in text.split_whitespace().enumerate() {
            let para = plain(phrase, style);
            out.push(Column {
                length: compose::natural_width(book, &para),
                para,
                size: style.size,
                starts_sub: is_sub && i == 0,
            });
        }
    }
    out
}

fn total_width(columns: &[Column], main: &TextStyle) -> f32 {
    let gap = if columns.iter().any(|c| c.starts_sub) {
        GAP * main.size
    } else {
        0.0
    };
    columns.iter().map(|c| c.size * PITCH).sum::<f32>() + gap
}

/// The columns from the right, each centred down the block.
fn emit(
    book: &FontBook,
    inner: Rect,
    columns: &[Column],
    main: &TextStyle,
    width: f32,
    upright_latin: usize,
) -> Vec<Item> {
    let style = ParagraphStyle {
        indent: 0.0,
        align: Align::Start,
        last_line: Align::Start,
        config: Default::default(),
    };
    let mut items = Vec::new();
    let mut right = inner.x + (inner.w + width) / 2.0;
    for column in columns {
        if column.starts_sub {
            right -= GAP * main.size;
        }
        // The phrase fits the column's length, so it composes as one line; slack of a point
        // keeps rounding from breaking it.
        let measure = column.length + 1.0;
        let composed =
            compose::compose_paragraph(book, &column.para, &style, &LineWidths::uniform(measure));
        let top = inner.y + (inner.h - column.length) / 2.0;
        for line in &composed.lines {
            let centre = right - column.size * PITCH / 2.0;
            emit_column(
                &mut items,
                book,
                &column.para,
                line,
                (centre, top),
                upright_latin,
            );
            right -= column.size * PITCH;
        }
    }
    items
}
