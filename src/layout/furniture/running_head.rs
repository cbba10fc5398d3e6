//! The running head (报眉) above the 版心 of pages 2…, and the foot line under it.

use crate::compose::Align;
use crate::display::Item;
use crate::fonts::FontBook;
use crate::model::StyleName;
use crate::resolve::{EditionInfo, Styles, TextStyle};

use super::super::grid::Grid;
use super::{text_at, wenwu_rule};

/// The running head: page number and section on the outer side, paper name and date in the
/// middle, issue and contact on the inner side, 文武线 below.
pub(crate) fn running_head(
    book: &FontBook,
    grid: &Grid,
    page: u32,
    section: &str,
    info: &EditionInfo,
    styles: &Styles,
    rules: (f32, f32),
) -> Vec<Item> {
    let mut items = Vec::new();
    let area = grid.area;
    let small = styles.get(StyleName::RunningHead);
    let big = styles.get(StyleName::RunningSection);
    let rule_y = area.y - 7.0;
    let baseline = rule_y - 5.0;
    let third = area.w / 3.0;
    let even = page % 2 == 0;
    let (outer_x, inner_x) = if even {
        (area.x, area.x + 2.0 * third)
    } else {
        (area.x + 2.0 * third, area.x)
    };
    let outer_align = if even { Align::Start } else { Align::End };
    let inner_align = if even { Align::End } else { Align::Start };
    let outer = format!("第{page}版　{section}");
    text_at(
        &mut items,
        book,
        &outer,
        big,
        (outer_x, baseline, third),
        outer_align,
    );
    let middle = format!(
        "{}　{}　{}",
        info.paper,
        info.date.chinese(),
        info.date.weekday()
    );
    text_at(
        &mut items,
        book,
        &middle,
        small,
        (area.x + third, baseline, third),
        Align::Center,
    );
    let inner = (inner_x, baseline, third);
    contact(&mut items, book, info, small, inner, inner_align);
    wenwu_rule(&mut items, (area.x, area.right()), rule_y, rules);
    items
}

/// The contact lines on the inner side, standing on the running head's baseline: the last
/// line on it, the others above.
fn contact(
    items: &mut Vec<Item>,
    book: &FontBook,
    info: &EditionInfo,
    small: &TextStyle,
    (x, baseline, width): (f32, f32, f32),
    align: Align,
) {
    let contact = contact_lines(info);
    let mut y = baseline - small.leading * (contact.len() as f32 - 1.0);
    for line in &contact {
        text_at(items, book, line, small, (x, y, width), align);
        y += small.leading;
    }
}

/// Issue and page count, then website and e-mail on one line when the edition has them.
fn contact_lines(info: &EditionInfo) -> Vec<String> {
    let mut contact = vec![format!(
        "总第{}期　今日{}版",
        info.issue_total, info.page_count
    )];
    let mut web = Vec::new();
    if let Some(w) = &info.website {
        web.push(format!("网址：{w}"));
    }
    if let Some(e) = &info.email {
        web.push(format!("投稿邮箱：{e}"));
    }
    if !web.is_empty() {
        contact.push(web.join("　"));
    }
    contact
}

/// A foot line under the 版心: 责任编辑 on the inner side.
pub(crate) fn footer(
    book: &FontBook,
    grid: &Grid,
    page: u32,
    editor: &str,
    styles: &Styles,
) -> Vec<Item> {
    let mut items = Vec::new();
    let style = styles.get(StyleName::Footer);
    let area = grid.area;
    let baseline = area.bottom() + style.size * 2.0;
    let align = if page % 2 == 0 {
        Align::End
    } else {
        Align::Start
    };
    text_at(
        &mut items,
        book,
        &format!("责任编辑：{editor}"),
        style,
        (area.x, baseline, area.w),
        align,
    );
    items
}
