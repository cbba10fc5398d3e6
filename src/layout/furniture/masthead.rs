//! The masthead (报头) of page 1: paper name (or logo) and Latin name on the left, the date
//! panel on the right, a 文武线 (heavy over thin rule) underneath.

use crate::compose::Align;
use crate::display::Item;
use crate::fonts::FontBook;
use crate::model::StyleName;
use crate::resolve::{EditionInfo, Styles, TextStyle};

use super::super::grid::Rect;
use super::super::headline::{Part, set_headline};
use super::{rule, shift, text_at, wenwu_rule};

/// An area `(x, y, w, h)` on the page, in points.
type Area = (f32, f32, f32, f32);

/// The masthead in `rect`: the name block on the left three fifths, the date panel after a
/// thin rule, the 文武线 at the foot.
pub(crate) fn masthead(
    book: &FontBook,
    rect: Rect,
    info: &EditionInfo,
    styles: &Styles,
    logo: Option<Item>,
    rules: (f32, f32),
) -> Vec<Item> {
    let mut items = Vec::new();
    let name_w = rect.w * 0.6;
    let panel_x = rect.x + name_w + 9.0;
    let panel_w = rect.right() - panel_x;
    // Name block, vertically centred above the rules.
    let usable_h = rect.h - 8.0;
    let name_area = (rect.x, rect.y, name_w, usable_h);
    match logo {
        Some(logo) => items.push(fitted_logo(logo, name_area)),
        None => paper_name(&mut items, book, name_area, info, styles),
    }
    let panel = (panel_x, rect.y, panel_w, usable_h);
    date_panel(&mut items, book, panel, info, styles);
    rule(
        &mut items,
        (panel_x - 4.5, rect.y + 6.0),
        (panel_x - 4.5, rect.y + usable_h - 4.0),
        rules.1,
    );
    wenwu_rule(
        &mut items,
        (rect.x, rect.right()),
        rect.bottom() - 5.0,
        rules,
    );
    items
}

/// A logo picture, or art (SVG, PDF) fitted whole into the name area: `placed` holds its
/// natural size.
fn fitted_logo(mut logo: Item, name_area: Area) -> Item {
    match &mut logo {
        Item::Image(image) => {
            image.frame = name_area;
            image.placed = contain(image.placed, name_area);
        }
        Item::Art(art) => {
            art.frame = name_area;
            art.placed = contain(art.placed, name_area);
        }
        _ => {}
    }
    logo
}

/// The paper's name set as a one-line headline, and its Latin name spaced out under it, the
/// two centred in the name area.
fn paper_name(
    items: &mut Vec<Item>,
    book: &FontBook,
    (x, y, name_w, usable_h): Area,
    info: &EditionInfo,
    styles: &Styles,
) {
    let title = styles.get(StyleName::MastheadTitle);
    let parts = [Part {
        text: &info.paper,
        style: title,
        fit: true,
    }];
    let mut head = set_headline(book, &parts, name_w, 1.0, Some(Align::Center), false);
    let latin = styles.get(StyleName::MastheadLatin);
    let name_h = head.lines as f32;
    let latin_h = if info.paper_latin.is_some() {
        latin.size * 1.6
    } else {
        0.0
    };
    let top = y + ((usable_h - name_h - latin_h) / 2.0).max(0.0);
    shift(&mut head.items, x, top);
    items.extend(head.items);
    if let Some(latin_name) = &info.paper_latin {
        let spaced = TextStyle {
            tracking: 0.35,
            ..latin.clone()
        };
        text_at(
            items,
            book,
            latin_name,
            &spaced,
            (x, top + name_h + latin.size * 1.1, name_w),
            Align::Center,
        );
    }
}

/// The date panel: date and weekday, 农历, issue and page count, the contact lines and the
/// edition's own lines, centred in the panel's height.
fn date_panel(
    items: &mut Vec<Item>,
    book: &FontBook,
    (panel_x, y, panel_w, usable_h): Area,
    info: &EditionInfo,
    styles: &Styles,
) {
    let small = styles.get(StyleName::MastheadInfo);
    let mut lines = vec![
        format!("{}　{}", info.date.chinese(), info.date.weekday()),
        info.date.lunar(),
        format!("总第{}期　今日{}版", info.issue_total, info.page_count),
    ];
    if let Some(w) = &info.website {
        lines.push(format!("网址：{w}"));
    }
    if let Some(e) = &info.email {
        lines.push(format!("投稿邮箱：{e}"));
    }
    lines.extend(info.lines.iter().cloned());
    let block_h = lines.len() as f32 * small.leading;
    let mut baseline = y + ((usable_h - block_h) / 2.0).max(0.0) + small.size;
    for line in &lines {
        text_at(
            items,
            book,
            line,
            small,
            (panel_x + 6.0, baseline, panel_w - 6.0),
            Align::Start,
        );
        baseline += small.leading;
    }
}

/// Fit (w, h) image proportions inside a box, centred.
fn contain(placed: Area, frame: Area) -> Area {
    let (_, _, iw, ih) = placed;
    let scale = (frame.2 / iw.max(1.0)).min(frame.3 / ih.max(1.0));
    let (w, h) = (iw * scale, ih * scale);
    (
        frame.0 + (frame.2 - w) / 2.0,
        frame.1 + (frame.3 - h) / 2.0,
        w,
        h,
    )
}
