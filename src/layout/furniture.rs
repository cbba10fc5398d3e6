//! Page furniture: the masthead (报头) on page 1, the running head (报眉) on the others, banners
//! (通栏), pictures with captions, box frames (花边框), vertical column labels (栏目题) and the
//! rules (栏线) between blocks.

use crate::color::Cmyk;
use crate::compose::{self, Align, LineWidths, ParagraphStyle};
use crate::display::{ImageItem, Item, RectItem, Rule};
use crate::fonts::FontBook;
use crate::model::{Banner, StyleName};
use crate::resolve::{EditionInfo, Styles, TextStyle};

use super::emit::emit_line;
use super::grid::{Grid, Rect};
use super::headline::{Part, set_headline};
use super::text::plain;

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
    let para = plain(text, style);
    let ps = ParagraphStyle {
        indent: 0.0,
        align,
        last_line: align,
        config: Default::default(),
    };
    let composed =
        compose::compose_paragraph(book, &para, &ps, &LineWidths::uniform(width.max(1.0)));
    let mut y = baseline;
    for line in &composed.lines {
        emit_line(items, &para, line, x, y);
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

/// The masthead: paper name (or logo) and Latin name on the left, the date panel on the right,
/// a 文武线 (heavy over thin rule) underneath.
pub(crate) fn masthead(
    book: &FontBook,
    rect: Rect,
    info: &EditionInfo,
    styles: &Styles,
    logo: Option<ImageItem>,
    rules: (f32, f32),
) -> Vec<Item> {
    let mut items = Vec::new();
    let name_w = rect.w * 0.6;
    let panel_x = rect.x + name_w + 9.0;
    let panel_w = rect.right() - panel_x;
    // Name block, vertically centred above the rules.
    let usable_h = rect.h - 8.0;
    if let Some(mut logo) = logo {
        logo.frame = (rect.x, rect.y, name_w, usable_h);
        logo.placed = contain(logo.placed, (rect.x, rect.y, name_w, usable_h));
        items.push(Item::Image(logo));
    } else {
        let title = styles.get(StyleName::MastheadTitle);
        let parts = [Part {
            text: &info.paper,
            style: title,
            fit: true,
        }];
        let mut head = set_headline(book, &parts, name_w, 1.0, Some(Align::Center));
        let latin = styles.get(StyleName::MastheadLatin);
        let name_h = head.lines as f32;
        let latin_h = if info.paper_latin.is_some() {
            latin.size * 1.6
        } else {
            0.0
        };
        let top = rect.y + ((usable_h - name_h - latin_h) / 2.0).max(0.0);
        shift(&mut head.items, rect.x, top);
        items.extend(head.items);
        if let Some(latin_name) = &info.paper_latin {
            let spaced = TextStyle {
                tracking: 0.35,
                ..latin.clone()
            };
            text_at(
                &mut items,
                book,
                latin_name,
                &spaced,
                (rect.x, top + name_h + latin.size * 1.1, name_w),
                Align::Center,
            );
        }
    }
    // Date panel.
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
    let mut baseline = rect.y + ((usable_h - block_h) / 2.0).max(0.0) + small.size;
    for line in &lines {
        text_at(
            &mut items,
            book,
            line,
            small,
            (panel_x + 6.0, baseline, panel_w - 6.0),
            Align::Start,
        );
        baseline += small.leading;
    }
    rule(
        &mut items,
        (panel_x - 4.5, rect.y + 6.0),
        (panel_x - 4.5, rect.y + usable_h - 4.0),
        rules.1,
    );
    let (heavy, thin) = rules;
    let y = rect.bottom() - 5.0;
    rule(&mut items, (rect.x, y), (rect.right(), y), heavy);
    rule(
        &mut items,
        (rect.x, y + heavy / 2.0 + 1.5),
        (rect.right(), y + heavy / 2.0 + 1.5),
        thin,
    );
    items
}

/// Fit (w, h) image proportions inside a box, centred.
fn contain(placed: (f32, f32, f32, f32), frame: (f32, f32, f32, f32)) -> (f32, f32, f32, f32) {
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

/// The running head above the 版心 of pages 2…: page number and section on the outer side,
/// paper name and date in the middle, issue and contact on the inner side, 文武线 below.
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
    let mut y = baseline - small.leading * (contact.len() as f32 - 1.0);
    for line in &contact {
        text_at(
            &mut items,
            book,
            line,
            small,
            (inner_x, y, third),
            inner_align,
        );
        y += small.leading;
    }
    let (heavy, thin) = rules;
    rule(&mut items, (area.x, rule_y), (area.right(), rule_y), heavy);
    rule(
        &mut items,
        (area.x, rule_y + heavy / 2.0 + 1.5),
        (area.right(), rule_y + heavy / 2.0 + 1.5),
        thin,
    );
    items
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

/// A banner: the slogan centred between double rules, or reversed out of a colour field.
pub(crate) fn banner(
    book: &FontBook,
    rect: Rect,
    banner: &Banner,
    styles: &Styles,
    field: Option<Cmyk>,
    thin: f32,
) -> Vec<Item> {
    let mut items = Vec::new();
    let main = styles.get(StyleName::Banner);
    let sub = styles.get(StyleName::BannerSub);
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
    let white = |s: &TextStyle| TextStyle {
        color: Cmyk::WHITE,
        ..s.clone()
    };
    let (mut main, mut sub) = if field.is_some() {
        (white(main), white(sub))
    } else {
        (main.clone(), sub.clone())
    };
    // Fit the height too: a thin strip sets its slogan smaller, never over its rules.
    let room = inner.h - 6.0;
    let mut head = loop {
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
        let head = set_headline(book, &parts, inner.w - 12.0, 1.0, Some(Align::Center));
        if head.lines as f32 <= room || main.size <= 6.0 {
            break head;
        }
        let scale = (room / head.lines as f32).clamp(0.5, 0.95);
        for style in [&mut main, &mut sub] {
            style.size = (style.size * scale).max(6.0);
            style.min_size = style.min_size.min(style.size);
            style.leading = style.size * 1.2;
        }
    };
    let top = inner.y + ((inner.h - head.lines as f32) / 2.0).max(0.0);
    shift(&mut head.items, inner.x + 6.0, top);
    items.extend(head.items);
    if field.is_none() {
        for y in [inner.y, inner.bottom()] {
            rule(&mut items, (inner.x, y), (inner.right(), y), thin * 2.0);
        }
        rule(
            &mut items,
            (inner.x, inner.y + 2.0),
            (inner.right(), inner.y + 2.0),
            thin,
        );
        rule(
            &mut items,
            (inner.x, inner.bottom() - 2.0),
            (inner.right(), inner.bottom() - 2.0),
            thin,
        );
    }
    items
}

/// A vertical column label (栏目题): characters stacked top to bottom, reversed out of a colour
/// strip at the left of a block. Returns the items and the strip's width.
pub(crate) fn label(
    book: &FontBook,
    rect: Rect,
    text: &str,
    style: &TextStyle,
    fill: Cmyk,
) -> (Vec<Item>, f32) {
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
    for c in chars {
        text_at(
            &mut items,
            book,
            &c.to_string(),
            &white,
            (rect.x, baseline, strip_w),
            Align::Center,
        );
        baseline += style.size * 1.25;
    }
    (items, strip_w)
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

/// Rules (栏线) between neighbouring blocks: a vertical rule in the middle of the gutter between
/// side-by-side blocks, a horizontal one in the middle of the free line that closes a block
/// with another below it. Blocks with the same `thread` (frames of one article) are not
/// separated, and no rule crosses a picture (`holes`).
pub(crate) fn block_rules(
    blocks: &[(Rect, Option<usize>)],
    holes: &[Rect],
    grid: &Grid,
    thin: f32,
) -> Vec<Item> {
    let mut items = Vec::new();
    let eps = 0.5;
    for (i, (a, ta)) in blocks.iter().enumerate() {
        for (j, (b, tb)) in blocks.iter().enumerate() {
            if i == j || (ta.is_some() && ta == tb) {
                continue;
            }
            // b to the right of a.
            if (b.x - (a.right() + grid.gutter)).abs() < eps {
                let top = a.y.max(b.y);
                let bottom = a.bottom().min(b.bottom());
                if bottom - top > grid.pitch {
                    let x = a.right() + grid.gutter / 2.0;
                    let (from, to) = (top + grid.pitch * 0.25, bottom - grid.pitch * 0.75);
                    for (y0, y1) in outside(
                        from,
                        to,
                        holes
                            .iter()
                            .filter(|h| h.x <= x && x <= h.right())
                            .map(|h| (h.y, h.bottom())),
                    ) {
                        rule(&mut items, (x, y0), (x, y1), thin);
                    }
                }
            }
            // b below a.
            if (b.y - a.bottom()).abs() < eps {
                let left = a.x.max(b.x);
                let right = a.right().min(b.right());
                if right - left > grid.body_size * 2.0 {
                    let y = a.bottom() - grid.pitch / 2.0;
                    for (x0, x1) in outside(
                        left,
                        right,
                        holes
                            .iter()
                            .filter(|h| h.y <= y && y <= h.bottom())
                            .map(|h| (h.x - grid.gutter / 2.0, h.right() + grid.gutter / 2.0)),
                    ) {
                        rule(&mut items, (x0, y), (x1, y), thin);
                    }
                }
            }
        }
    }
    items
}

/// The parts of `[from, to]` outside every interval of `cuts`.
fn outside(from: f32, to: f32, cuts: impl Iterator<Item = (f32, f32)>) -> Vec<(f32, f32)> {
    let mut parts = vec![(from, to)];
    for (c0, c1) in cuts {
        parts = parts
            .into_iter()
            .flat_map(|(a, b)| {
                let mut kept = Vec::new();
                if c0 > a {
                    kept.push((a, c0.min(b)));
                }
                if c1 < b {
                    kept.push((c1.max(a), b));
                }
                kept
            })
            .filter(|(a, b)| b - a > 1.0)
            .collect();
    }
    parts
}
