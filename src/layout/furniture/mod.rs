//! Page furniture: the masthead (报头) on page 1, the running head (报眉) on the others, banners
//! (通栏), pictures with captions, box frames (花边框), vertical column labels (栏目题) and the
//! rules (栏线) between blocks.
//!
//! [`page_furniture`] sets all of one page's; the pieces are in `masthead.rs`,
//! `running_head.rs` (with the foot line), `banner.rs` and `rules.rs`, and the small ones, with
//! the text and rule helpers they share, here.

mod banner;
mod masthead;
mod page;
mod rules;
mod running_head;

use crate::color::Cmyk;
use crate::compose::{self, Align, LineWidths, ParagraphStyle};
use crate::display::{ImageItem, Item, RectItem, Rule};
use crate::fonts::FontBook;
use crate::resolve::TextStyle;

use super::emit::emit_line;
use super::grid::Rect;
use super::text::plain;

pub(crate) use page::{caption_height, page_furniture};

/// Set `text` on one line (or more if it must wrap) in `style`, the first baseline at
/// `baseline`, aligned in `[x, x + width]`. Returns the bottom of the last line.
pub(crate) fn text_at(
    items: &mut Vec<Item>,
    book: &FontBook,
    text: &str,
    style: &TextStyle,
    (x, baseline, width): (f32, f32, f32),
    align: Align,
) -> f32 {
    para_at(
        items,
        book,
        &plain(text, style),
        style,
        (x, baseline, width),
        align,
    )
}

/// [`text_at`] for a paragraph already built (with runs or kept ranges of its own).
pub(crate) fn para_at(
    items: &mut Vec<Item>,
    book: &FontBook,
    para: &compose::Paragraph,
    style: &TextStyle,
    (x, baseline, width): (f32, f32, f32),
    align: Align,
) -> f32 {
    let ps = ParagraphStyle {
        indent: 0.0,
        align,
        last_line: align,
        config: Default::default(),
    };
    let composed =
        compose::compose_paragraph(book, para, &ps, &LineWidths::uniform(width.max(1.0)));
    let mut y = baseline;
    for line in &composed.lines {
        emit_line(items, para, line, x, y);
        y += style.leading;
    }
    y - style.leading + style.size * 0.12
}

fn rule(items: &mut Vec<Item>, from: (f32, f32), to: (f32, f32), width: f32) {
    items.push(Item::Rule(Rule {
        from,
        to,
        width,
        color: Cmyk::BLACK,
        dash: Vec::new(),
    }));
}

fn shift(items: &mut [Item], dx: f32, dy: f32) {
    for item in items {
        if let Item::Text(run) = item {
            run.origin.0 += dx;
            run.origin.1 += dy;
        }
    }
}

/// A 文武线 from `x0` to `x1` at `y`: the heavy rule of `rules`, the thin one under it.
fn wenwu_rule(items: &mut Vec<Item>, (x0, x1): (f32, f32), y: f32, rules: (f32, f32)) {
    let (heavy, thin) = rules;
    rule(items, (x0, y), (x1, y), heavy);
    rule(
        items,
        (x0, y + heavy / 2.0 + 1.5),
        (x1, y + heavy / 2.0 + 1.5),
        thin,
    );
}

/// The problem of a display text (banner, label) that does not fit its block at its style's
/// smallest size: a content problem (an error under --strict) at the plan line, quoting the
/// start of the text only.
pub(crate) fn display_overset(
    what: &str,
    text: &str,
    overset: usize,
    placed: &super::place::Placed,
) -> crate::diag::Diagnostic {
    let total = text.chars().count();
    let quoted = crate::diag::shorten(text, 24);
    let amount = if overset >= total {
        format!("all {total} characters")
    } else {
        format!("{overset} of its {total} characters")
    };
    let (at, size) = (placed.block.at, placed.block.size);
    let block = match (at, size) {
        (Some(a), Some(s)) => format!("its block at [{}, {}] size {s}", a[0], a[1]),
        _ => "its block".to_string(),
    };
    crate::diag::Diagnostic::content(format!(
        "the {what} \"{quoted}\" does not fit {block} at its style's min_size: {amount} overset"
    ))
    .at(placed.location.clone())
    .hint(format!("shorten the {what} or make the block larger; it is never set smaller than min_size nor drawn outside its block"))
}

/// A vertical column label (栏目题): characters stacked top to bottom, reversed out of a colour
/// strip at the left of a block. Returns the items, the strip's width, and how many characters
/// did not fit in the block's height (not drawn; the caller reports them as overset).
pub(crate) fn label(
    book: &FontBook,
    rect: Rect,
    text: &str,
    style: &TextStyle,
    fill: Cmyk,
) -> (Vec<Item>, f32, usize) {
    let mut items = Vec::new();
    let strip_w = style.size * 1.8;
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let strip_h = (chars.len() as f32 * style.size * 1.25 + style.size * 1.5).min(rect.h);
    items.push(Item::Rect(RectItem {
        x: rect.x,
        y: rect.y,
        width: strip_w,
        height: strip_h,
        fill: Some(fill),
        stroke: None,
    }));
    let white = TextStyle {
        color: Cmyk::WHITE,
        ..style.clone()
    };
    let mut baseline = rect.y + style.size * 0.75 + style.size * 0.88;
    let mut set = 0;
    for c in &chars {
        // A character whose em box would cross the block's foot is overset, not drawn.
        if baseline + style.size * 0.12 > rect.y + strip_h {
            break;
        }
        text_at(
            &mut items,
            book,
            &c.to_string(),
            &white,
            (rect.x, baseline, strip_w),
            Align::Center,
        );
        baseline += style.size * 1.25;
        set += 1;
    }
    (items, strip_w, chars.len() - set)
}

/// A box frame (花边框) around a block: a thin rule inside a heavier one.
pub(crate) fn box_frame(rect: Rect, width: f32) -> Vec<Item> {
    let mut items = vec![Item::Rect(RectItem {
        x: rect.x,
        y: rect.y,
        width: rect.w,
        height: rect.h,
        fill: None,
        stroke: Some((Cmyk::BLACK, width)),
    })];
    let inner = rect.inset(2.2);
    items.push(Item::Rect(RectItem {
        x: inner.x,
        y: inner.y,
        width: inner.w,
        height: inner.h,
        fill: None,
        stroke: Some((Cmyk::BLACK, width / 3.0)),
    }));
    items
}

/// A picture cropped to fill `frame` (cover), the crop centred.
pub(crate) fn picture(image: ImageItem, pixel_size: (u32, u32), frame: Rect) -> Item {
    let (pw, ph) = (pixel_size.0.max(1) as f32, pixel_size.1.max(1) as f32);
    let scale = (frame.w / pw).max(frame.h / ph);
    let (w, h) = (pw * scale, ph * scale);
    let placed = (
        frame.x + (frame.w - w) / 2.0,
        frame.y + (frame.h - h) / 2.0,
        w,
        h,
    );
    Item::Image(ImageItem {
        frame: (frame.x, frame.y, frame.w, frame.h),
        placed,
        ..image
    })
}
