//! Headline groups (标题组): 引题 / 主题 / 副题 across the block width.
//!
//! The 主题 is fitted to the width: its size steps down 1pt at a time within the style's range;
//! if it still does not fit on one line it takes a second line, broken between words
//! (`headline_breaks.rs`: at the space between the two halves of a 对仗 headline when that
//! reads well), and never overflows. Lines the editor forces with `|` are kept, and the size
//! fitting then works on the widest of them. A style with `fill` grows first: the largest size
//! up to its `max_size` at which the 主题 takes the lines it is given. The group's height is rounded up to whole body
//! lines so that the body text below stays on the grid.

use crate::compose::{self, Align, LineWidths, Paragraph, ParagraphStyle};
use crate::display::Item;
use crate::fonts::FontBook;
use crate::resolve::{TextStyle, TitleFill};

use super::emit::emit_line;
use super::headline_breaks::{break_lines, forced_lines, width_of};
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
    /// Lines that had to be broken inside a word (the text either side of the break).
    pub char_breaks: Vec<String>,
    /// Lines broken inside a book title wider than the block, the text either side.
    pub title_breaks: Vec<String>,
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
/// height up to whole multiples of `pitch`. `tight` sets the group with the least leading and
/// padding that still reads (copyfit's last step, which may save the body a line).
pub(crate) fn set_headline(
    book: &FontBook,
    parts: &[Part<'_>],
    width: f32,
    pitch: f32,
    align: Option<Align>,
    tight: bool,
) -> SetHeadline {
    let mut out = SetHeadline::default();
    let pad = pitch * if tight { 0.12 } else { 0.35 };
    let mut y = pad;
    for part in parts.iter().filter(|p| !p.text.trim().is_empty()) {
        let align = align.unwrap_or(part.style.align);
        let set = if part.fit {
            fit(book, part.text, part.style, width, align)
        } else {
            keeping_book_titles(book, part.text, part.style, width, align)
        };
        if part.fit {
            out.title_size = set.size;
            out.title_lines = set.lines.lines.len();
        }
        out.char_breaks.extend(set.char_breaks);
        out.title_breaks.extend(set.title_breaks);
        let (para, lines, size) = (set.para, set.lines, set.size);
        out.overflow |=
            !lines.overfull.is_empty() || lines.lines.iter().any(|l| l.content_width > width + 0.5);
        let leading = match (part.fit, tight) {
            (true, false) => size * 1.22,
            (true, true) => size * 1.12,
            (false, false) => part.style.leading.max(size * 1.25),
            (false, true) => size * 1.15,
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

/// One part set: its paragraph, lines and size, and the breaks it had to make inside words.
struct SetPart {
    para: Paragraph,
    lines: compose::ComposedParagraph,
    size: f32,
    char_breaks: Vec<String>,
    title_breaks: Vec<String>,
}

/// Display-type settings: the style's phrase space between two CJK phrases.
fn display_style(style: &TextStyle, align: Align) -> ParagraphStyle {
    ParagraphStyle {
        indent: 0.0,
        align,
        last_line: align,
        config: compose::ComposeConfig {
            phrase_space: Some(style.phrase_space),
            ..Default::default()
        },
    }
}

fn set(
    book: &FontBook,
    para: &Paragraph,
    style: &TextStyle,
    width: f32,
    align: Align,
) -> compose::ComposedParagraph {
    let ps = display_style(style, align);
    compose::compose_paragraph(book, para, &ps, &LineWidths::uniform(width))
}

/// `para` on one line, however long (for measuring).
pub(crate) fn one_line(
    book: &FontBook,
    para: &Paragraph,
    style: &TextStyle,
) -> compose::ComposedParagraph {
    set(book, para, style, f32::MAX / 4.0, Align::Start)
}

/// The natural width of `para` set on one line as display type.
pub(crate) fn natural(book: &FontBook, para: &Paragraph, style: &TextStyle) -> f32 {
    one_line(book, para, style)
        .lines
        .iter()
        .map(|l| l.content_width)
        .fold(0.0, f32::max)
}

/// A part at its style's size: the editor's forced lines, each broken between words where it is
/// wider than the block.
fn fixed(book: &FontBook, text: &str, style: &TextStyle, width: f32, align: Align) -> SetPart {
    let (text, char_breaks, title_breaks) = match break_lines(book, text, style, width) {
        Some(b) => (b.text, b.char_breaks, b.title_breaks),
        // A unit wider than the block: set as it comes (the overflow is reported).
        None => (forced_lines(text).join("\n"), Vec::new(), Vec::new()),
    };
    let para = plain(&text, style);
    let lines = set(book, &para, style, width, align);
    SetPart {
        para,
        lines,
        size: style.size,
        char_breaks,
        title_breaks,
    }
}

/// A 引题 or 副题 at its style's size, or, when a book title in it is wider than the block,
/// at the largest size (in ½ pt steps) that keeps the title whole on a line: down to the
/// style's `min_size`, or to three quarters of its size where the style gives none (四号 14 pt
/// to 五号 10.5 pt), as an editor sets a long 《…》 smaller rather than cut it. Below that
/// the title is broken between its words, and reported.
fn keeping_book_titles(
    book: &FontBook,
    text: &str,
    style: &TextStyle,
    width: f32,
    align: Align,
) -> SetPart {
    let first = fixed(book, text, style, width, align);
    if first.title_breaks.is_empty() {
        return first;
    }
    let floor = if style.min_size < style.size - 0.01 {
        style.min_size
    } else {
        style.size * 0.75
    };
    let mut size = style.size - 0.5;
    while size >= floor - 0.01 {
        let smaller = TextStyle {
            size,
            ..style.clone()
        };
        let set = fixed(book, text, &smaller, width, align);
        if set.title_breaks.is_empty() {
            return set;
        }
        size -= 0.5;
    }
    first
}

/// Fit a 主题: the largest size in the style's range at which each of its forced lines (most
/// often the one line it is) fits on one line; else broken between words at the smallest size,
/// and below it only when a single unbreakable unit is wider than the block.
fn fit(book: &FontBook, text: &str, style: &TextStyle, width: f32, align: Align) -> SetPart {
    if let Some(set) = style
        .fill
        .and_then(|fill| filled(book, text, style, fill, width, align))
    {
        return set;
    }
    let forced = forced_lines(text);
    let at = |size: f32| TextStyle {
        size,
        ..style.clone()
    };
    let mut size = style.size;
    loop {
        let s = at(size);
        if forced.iter().all(|l| width_of(book, l, &s) <= width + 0.01) {
            let para = plain(&forced.join("\n"), &s);
            let lines = set(book, &para, &s, width, align);
            return SetPart {
                para,
                lines,
                size,
                char_breaks: Vec::new(),
                title_breaks: Vec::new(),
            };
        }
        if size - 1.0 < style.min_size - 0.01 {
            break;
        }
        size -= 1.0;
    }
    // Never below the minimum size: what does not fit there, broken between words, is
    // reported by the caller (`overflow`).
    fixed(book, text, &at(style.min_size), width, align)
}

/// A 主题 whose style says `fill`: the largest size, in 1pt steps from `max_size` down to the
/// style's `size`, at which it takes no more lines than it is given (or than the editor forced),
/// broken between words and never inside one. `None` when even the style's size needs more
/// lines: the headline then steps down as any other.
///
/// Fitting is close to monotonic in the size (a smaller size never needs more lines, bar a break
/// candidate the segmenter ranks differently), so the steps are bisected: a long headline with a
/// wide range is set about five times, not thirty.
fn filled(
    book: &FontBook,
    text: &str,
    style: &TextStyle,
    fill: TitleFill,
    width: f32,
    align: Align,
) -> Option<SetPart> {
    let allowed = fill.lines.max(forced_lines(text).len());
    let steps = (fill.max_size - style.size).max(0.0).floor() as u32;
    let at_step = |step: u32| {
        let size = fill.max_size - step as f32;
        filled_at(book, text, style, size, allowed, width, align)
    };
    // Invariant: `good` fits; every step before `bad` + 1 that was tried did not.
    let mut good = (steps, at_step(steps)?);
    if steps == 0 {
        return Some(good.1);
    }
    if let Some(top) = at_step(0) {
        return Some(top);
    }
    let mut bad = 0;
    while good.0 - bad > 1 {
        let mid = bad + (good.0 - bad) / 2;
        match at_step(mid) {
            Some(set) => good = (mid, set),
            None => bad = mid,
        }
    }
    Some(good.1)
}

/// `text` at `size` if it fits `width` in at most `allowed` lines without a break inside a word.
fn filled_at(
    book: &FontBook,
    text: &str,
    style: &TextStyle,
    size: f32,
    allowed: usize,
    width: f32,
    align: Align,
) -> Option<SetPart> {
    let s = TextStyle {
        size,
        ..style.clone()
    };
    let broken = break_lines(book, text, &s, width)?;
    if !broken.char_breaks.is_empty() || broken.text.lines().count() > allowed {
        return None;
    }
    let para = plain(&broken.text, &s);
    let lines = set(book, &para, &s, width, align);
    let fits = lines.lines.len() <= allowed
        && lines.overfull.is_empty()
        && lines.lines.iter().all(|l| l.content_width <= width + 0.5);
    fits.then_some(SetPart {
        para,
        lines,
        size,
        char_breaks: Vec::new(),
        title_breaks: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(book: &mut FontBook) -> TextStyle {
        TextStyle {
            fonts: book.resolve("Noto Sans SC", 700).into_iter().collect(),
            size: 22.0,
            min_size: 16.0,
            leading: 28.0,
            align: Align::Center,
            color: crate::color::Cmyk::BLACK,
            tracking: 0.0,
            phrase_space: 1.0,
            fill: None,
        }
    }

    fn filling(style: &TextStyle, max_size: f32, lines: usize) -> TextStyle {
        TextStyle {
            fill: Some(TitleFill { max_size, lines }),
            ..style.clone()
        }
    }

    fn widest(set: &SetPart) -> f32 {
        set.lines
            .lines
            .iter()
            .map(|l| l.content_width)
            .fold(0.0, f32::max)
    }

    #[test]
    fn a_filling_title_takes_the_largest_step_that_fits_its_one_line() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let plain = title(&mut book);
        let style = filling(&plain, 60.0, 1);
        let text = "运河古城迎来旅游旺季";
        let width = 400.0;
        let set = fit(&book, text, &style, width, Align::Center);
        assert_eq!(set.lines.lines.len(), 1);
        assert!(widest(&set) <= width + 0.5, "{}", widest(&set));
        assert!(set.size > 22.0 && set.size < 60.0, "{}", set.size);
        // One step larger would not fit on the line: it is the largest.
        let larger = TextStyle {
            size: set.size + 1.0,
            ..plain.clone()
        };
        assert!(
            width_of(&book, text, &larger) > width,
            "{} fits too",
            set.size + 1.0
        );
        // Without fill the same title stays at its size.
        assert_eq!(fit(&book, text, &plain, width, Align::Center).size, 22.0);
    }

    #[test]
    fn a_title_given_two_lines_grows_past_its_one_line_size_and_stops_at_max_size() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let plain = title(&mut book);
        let text = "强化使命担当 打造“首善之区”";
        let width = 300.0;
        let one = fit(&book, text, &filling(&plain, 80.0, 1), width, Align::Center);
        let two = fit(&book, text, &filling(&plain, 80.0, 2), width, Align::Center);
        assert_eq!(one.lines.lines.len(), 1);
        assert_eq!(two.lines.lines.len(), 2);
        assert!(two.size > one.size, "{} vs {}", two.size, one.size);
        assert!(widest(&two) <= width + 0.5);
        let capped = fit(&book, text, &filling(&plain, 26.0, 2), width, Align::Center);
        assert_eq!(capped.size, 26.0);
    }

    #[test]
    fn a_filling_title_that_does_not_fit_at_its_size_steps_down_as_before() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let plain = title(&mut book);
        let text = "运河古城迎来旅游旺季";
        let width = 180.0;
        let filled = fit(&book, text, &filling(&plain, 40.0, 1), width, Align::Center);
        let stepped = fit(&book, text, &plain, width, Align::Center);
        assert_eq!(filled.size, stepped.size);
        assert!(filled.size < 22.0);
    }

    #[test]
    fn a_kicker_with_a_book_title_wider_than_the_block_is_set_smaller_to_keep_it_whole() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let kicker = TextStyle {
            size: 14.0,
            min_size: 14.0,
            ..title(&mut book)
        };
        let text = "区文旅局解读《运河文化旅游节十项惠民措施》";
        let book_title = "《运河文化旅游节十项惠民措施》";
        // Wide enough for the title at 12 pt, not at 14.
        let width = width_of(
            &book,
            book_title,
            &TextStyle {
                size: 12.0,
                ..kicker.clone()
            },
        ) + 1.0;
        let at_size = fixed(&book, text, &kicker, width, Align::Center);
        assert!(!at_size.title_breaks.is_empty(), "{:?}", at_size.para.text);
        let set = keeping_book_titles(&book, text, &kicker, width, Align::Center);
        assert!(set.title_breaks.is_empty(), "{:?}", set.para.text);
        // At 12 pt or a step or two below: the breaker measures a line that opens with 《 as
        // the bracket is set inside the line, a little wider than at a line start.
        assert!(set.size < 14.0 && set.size >= 11.0, "{}", set.size);
        assert!(
            set.para.text.split('\n').any(|l| l.contains(book_title)),
            "{:?}",
            set.para.text
        );
        // Never below three quarters of the size: a block too narrow even then keeps the size
        // and the reported break.
        let narrow = width_of(
            &book,
            book_title,
            &TextStyle {
                size: 9.0,
                ..kicker.clone()
            },
        );
        let set = keeping_book_titles(&book, text, &kicker, narrow, Align::Center);
        assert_eq!(set.size, 14.0);
        assert!(!set.title_breaks.is_empty());
    }
}
