//! Headline groups (标题组): 引题 / 主题 / 副题 across the block width.
//!
//! The 主题 is fitted to the width: its size steps down 1pt at a time within the style's range;
//! if it still does not fit on one line it takes a second line (breaking at the space between
//! the two halves of a 对仗 headline when there is one) and never overflows. The group's height is
//! rounded up to whole body lines so that the body text below stays on the grid.

use crate::compose::{self, Align, LineWidths, Paragraph, ParagraphStyle};
use crate::display::Item;
use crate::fonts::FontBook;
use crate::resolve::TextStyle;

use super::emit::emit_line;
use super::text::plain;

/// A set headline group, positioned relative to its top-left corner.
#[derive(Debug, Clone, Default)]
pub(crate) struct SetHeadline {
    /// The glyph runs, relative to the group's top-left.
    pub items: Vec<Item>,
    /// Height in whole body lines.
    pub lines: u32,
    /// The size the 主题 was set at (for the report and tests).
    pub title_size: f32,
    /// Number of lines the 主题 took.
    pub title_lines: usize,
    /// Whether something could not be fitted without overflowing.
    pub overflow: bool,
}

/// One part of a headline group.
pub(crate) struct Part<'a> {
    /// The text.
    pub text: &'a str,
    /// Its style.
    pub style: &'a TextStyle,
    /// Step the size down to fit (the 主题).
    pub fit: bool,
}

/// Set the parts one under another, centred (or as the style says) in `width`, and round the
/// height up to whole multiples of `pitch`.
pub(crate) fn set_headline(
    book: &FontBook,
    parts: &[Part<'_>],
    width: f32,
    pitch: f32,
    align: Option<Align>,
) -> SetHeadline {
    let mut out = SetHeadline::default();
    let pad = pitch * 0.35;
    let mut y = pad;
    for part in parts.iter().filter(|p| !p.text.trim().is_empty()) {
        let align = align.unwrap_or(part.style.align);
        let (para, lines, size) = if part.fit {
            fit(book, part.text, part.style, width, align)
        } else {
            let para = plain(part.text, part.style);
            let lines = balanced(book, &para, width, align);
            (para, lines, part.style.size)
        };
        if part.fit {
            out.title_size = size;
            out.title_lines = lines.lines.len();
        }
        out.overflow |=
            !lines.overfull.is_empty() || lines.lines.iter().any(|l| l.content_width > width + 0.5);
        let leading = if part.fit {
            size * 1.22
        } else {
            part.style.leading.max(size * 1.25)
        };
        for line in &lines.lines {
            // Baseline: 0.88 em below the top of the em box, with (leading - size)/2 above it.
            let baseline = y + (leading - size) / 2.0 + size * 0.88;
            emit_line(&mut out.items, &para, line, 0.0, baseline);
            y += leading;
        }
    }
    y += pad;
    out.lines = (y / pitch).ceil().max(1.0) as u32;
    // Centre the group vertically in its whole lines.
    let slack = out.lines as f32 * pitch - y;
    if slack > 0.0 {
        for item in &mut out.items {
            if let Item::Text(run) = item {
                run.origin.1 += slack / 2.0;
            }
        }
    }
    out
}

fn set(book: &FontBook, para: &Paragraph, width: f32, align: Align) -> compose::ComposedParagraph {
    let style = ParagraphStyle {
        indent: 0.0,
        align,
        last_line: align,
        config: Default::default(),
    };
    compose::compose_paragraph(book, para, &style, &LineWidths::uniform(width))
}

/// Set a headline part that needs several lines with the lines as even as possible: the
/// narrowest measure that still gives the same number of lines, so a second line never holds
/// one or two characters (the headline 孤字).
fn balanced(
    book: &FontBook,
    para: &Paragraph,
    width: f32,
    align: Align,
) -> compose::ComposedParagraph {
    let full = set(book, para, width, align);
    let n = full.lines.len();
    if n < 2 || para.text.contains('\n') {
        return full;
    }
    let (mut lo, mut hi) = (width / n as f32, width);
    let mut best = full;
    for _ in 0..8 {
        let mid = (lo + hi) / 2.0;
        let trial = set(book, para, mid, align);
        let fits =
            trial.overfull.is_empty() && trial.lines.iter().all(|l| l.content_width <= mid + 0.5);
        if trial.lines.len() == n && fits {
            hi = mid;
            best = trial;
        } else {
            lo = mid;
        }
    }
    // Centre the narrower lines in the full width.
    let used = hi;
    for line in &mut best.lines {
        line.x += match align {
            Align::Center => (width - used) / 2.0,
            Align::End => width - used,
            _ => 0.0,
        };
        line.width = width;
    }
    best
}

/// Fit a 主题: the largest size in the style's range at which it fits on one line; else two
/// (or more) lines at the smallest size, broken at the space between halves when there is one.
fn fit(
    book: &FontBook,
    text: &str,
    style: &TextStyle,
    width: f32,
    align: Align,
) -> (Paragraph, compose::ComposedParagraph, f32) {
    let mut size = style.size;
    loop {
        let s = TextStyle {
            size,
            ..style.clone()
        };
        let para = plain(text, &s);
        if compose::natural_width(book, &para) <= width + 0.01 {
            let lines = set(book, &para, width, align);
            return (para, lines, size);
        }
        if size - 1.0 < style.min_size - 0.01 {
            break;
        }
        size -= 1.0;
    }
    // More than one line at the smallest size: break at the space between the two halves of a
    // 对仗 headline when that gives no more lines than breaking anywhere; below the minimum size
    // only when a single unbreakable unit is wider than the block.
    let mut size = style.min_size;
    loop {
        let s = TextStyle {
            size,
            ..style.clone()
        };
        let broken = text.trim().replacen([' ', '\u{3000}'], "\n", 1);
        let mut best: Option<(Paragraph, compose::ComposedParagraph)> = None;
        for candidate in [broken.as_str(), text.trim()] {
            let para = plain(candidate, &s);
            let lines = balanced(book, &para, width, align);
            let fits = lines.overfull.is_empty()
                && lines.lines.iter().all(|l| l.content_width <= width + 0.5);
            let better = best
                .as_ref()
                .is_none_or(|(_, b)| lines.lines.len() < b.lines.len());
            if fits && better {
                best = Some((para, lines));
            }
        }
        if let Some((para, lines)) = best {
            return (para, lines, size);
        }
        if size <= 6.0 {
            let para = plain(text.trim(), &s);
            let lines = balanced(book, &para, width, align);
            return (para, lines, size);
        }
        size -= 1.0;
    }
}
