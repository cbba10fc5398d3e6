//! Banners (通栏): a slogan between double rules or reversed out of a colour field, lying
//! across the page or standing in columns.

use crate::color::Cmyk;
use crate::compose::Align;
use crate::display::{Item, RectItem};
use crate::fonts::FontBook;
use crate::model::{Banner, StyleName};
use crate::resolve::{Styles, TextStyle};

use super::super::grid::Rect;
use super::super::headline::{Part, SetHeadline, set_headline};
use super::{rule, shift};

/// A banner: the slogan centred between double rules, or reversed out of a colour field. The
/// slogan shrinks to fit the height and width, never below its style's `min_size`; what does
/// not fit there is not drawn (it would run over the blocks around), and the second value is
/// `true`: the caller reports it as overset.
pub(crate) fn banner(
    book: &FontBook,
    rect: Rect,
    banner: &Banner,
    styles: &Styles,
    field: Option<Cmyk>,
    thin: f32,
    vertical: Option<usize>,
) -> (Vec<Item>, bool) {
    let mut items = Vec::new();
    let inner = rect.inset(3.0);
    if let Some(fill) = field {
        items.push(Item::Rect(RectItem {
            x: inner.x,
            y: inner.y,
            width: inner.w,
            height: inner.h,
            fill: Some(fill),
            stroke: None,
        }));
    }
    let colour = |s: &TextStyle| TextStyle {
        color: if field.is_some() {
            Cmyk::WHITE
        } else {
            s.color
        },
        ..s.clone()
    };
    let styles = (
        colour(styles.get(StyleName::Banner)),
        colour(styles.get(StyleName::BannerSub)),
    );
    let overset = match vertical {
        Some(upright_latin) => standing(&mut items, book, inner, banner, styles, upright_latin),
        None => lying(&mut items, book, inner, banner, styles),
    };
    if field.is_none() {
        double_rules(&mut items, inner, thin, vertical.is_some());
    }
    (items, overset)
}

/// The slogan across the banner, centred in its height; `true` when it does not fit.
fn lying(
    items: &mut Vec<Item>,
    book: &FontBook,
    inner: Rect,
    banner: &Banner,
    styles: (TextStyle, TextStyle),
) -> bool {
    let (width, room) = (inner.w - 12.0, inner.h - 6.0);
    let head = fit_banner(book, banner, styles, width, room);
    let overset = head.is_none();
    if let Some(mut head) = head {
        let top = inner.y + ((inner.h - head.lines as f32) / 2.0).max(0.0);
        shift(&mut head.items, inner.x + 6.0, top);
        items.extend(head.items);
    }
    overset
}

/// The slogan standing: columns read right to left; `true` when it does not fit.
fn standing(
    items: &mut Vec<Item>,
    book: &FontBook,
    inner: Rect,
    banner: &Banner,
    styles: (TextStyle, TextStyle),
    upright_latin: usize,
) -> bool {
    let columns =
        super::super::vertical_banner::vertical_banner(book, inner, banner, styles, upright_latin);
    let overset = columns.is_none();
    items.extend(columns.unwrap_or_default());
    overset
}

/// The double rules of a banner without a field: a heavy and a thin rule along both long
/// sides (above and below a lying banner, down both sides of a standing one).
fn double_rules(items: &mut Vec<Item>, inner: Rect, thin: f32, standing: bool) {
    if standing {
        for x in [inner.x, inner.right()] {
            rule(items, (x, inner.y), (x, inner.bottom()), thin * 2.0);
        }
        for x in [inner.x + 2.0, inner.right() - 2.0] {
            rule(items, (x, inner.y), (x, inner.bottom()), thin);
        }
    } else {
        for y in [inner.y, inner.bottom()] {
            rule(items, (inner.x, y), (inner.right(), y), thin * 2.0);
        }
        for y in [inner.y + 2.0, inner.bottom() - 2.0] {
            rule(items, (inner.x, y), (inner.right(), y), thin);
        }
    }
}

/// Set a banner's slogan (and sub line) in `width` × `room`: smaller step by step to fit the
/// height, never below the styles' `min_size`; `None` when it does not fit even there.
fn fit_banner(
    book: &FontBook,
    banner: &Banner,
    (mut main, mut sub): (TextStyle, TextStyle),
    width: f32,
    room: f32,
) -> Option<SetHeadline> {
    // More characters than the block holds at the smallest size (two Latin letters to an em)
    // cannot fit: refuse before setting them, so a pathological slogan costs nothing.
    let chars = banner.text.chars().count() + banner.sub.as_ref().map_or(0, |s| s.chars().count());
    let floor = (main.min_size, sub.min_size);
    let per_line = (width / floor.0).max(1.0);
    let lines = (room / (floor.0 * 1.2)).max(1.0);
    if chars as f32 > 2.0 * per_line * lines + 8.0 {
        return None;
    }
    loop {
        let mut parts = vec![Part {
            text: &banner.text,
            style: &main,
            fit: true,
        }];
        if let Some(s) = &banner.sub {
            parts.push(Part {
                text: s,
                style: &sub,
                fit: true,
            });
        }
        let head = set_headline(book, &parts, width, 1.0, Some(Align::Center), false);
        let fits = head.lines as f32 <= room && !head.overflow;
        if fits {
            return Some(head);
        }
        if main.size <= floor.0 + 0.01 && sub.size <= floor.1 + 0.01 {
            return None;
        }
        let scale = (room / head.lines as f32).clamp(0.5, 0.95);
        for (style, min) in [(&mut main, floor.0), (&mut sub, floor.1)] {
            style.size = (style.size * scale).max(min);
            style.leading = style.size * 1.2;
        }
    }
}
