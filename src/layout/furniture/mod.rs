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

/// The masthead: paper name (or logo) and Latin name on the left, the date panel on the right,
/// a 文武线 (heavy over thin rule) underneath.
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
    if let Some(mut logo) = logo {
        // A picture, or art (SVG, PDF) fitted whole: `placed` holds its natural size.
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
        items.push(logo);
    } else {
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
    let (main, sub) = (
        colour(styles.get(StyleName::Banner)),
        colour(styles.get(StyleName::BannerSub)),
    );
    if let Some(upright_latin) = vertical {
        // Standing: columns read right to left, the rules down both sides.
        let columns = super::vertical_banner::vertical_banner(
            book,
            inner,
            banner,
            (main, sub),
            upright_latin,
        );
        let overset = columns.is_none();
        items.extend(columns.unwrap_or_default());
        if field.is_none() {
            for x in [inner.x, inner.right()] {
                rule(&mut items, (x, inner.y), (x, inner.bottom()), thin * 2.0);
            }
            for x in [inner.x + 2.0, inner.right() - 2.0] {
                rule(&mut items, (x, inner.y), (x, inner.bottom()), thin);
            }
        }
        return (items, overset);
    }
    let (width, room) = (inner.w - 12.0, inner.h - 6.0);
    let head = fit_banner(book, banner, (main, sub), width, room);
    let overset = head.is_none();
    if let Some(mut head) = head {
        let top = inner.y + ((inner.h - head.lines as f32) / 2.0).max(0.0);
        shift(&mut head.items, inner.x + 6.0, top);
        items.extend(head.items);
    }
    if field.is_none() {
        for y in [inner.y, inner.bottom()] {
            rule(&mut items, (inner.x, y), (inner.right(), y), thin * 2.0);
        }
        for y in [inner.y + 2.0, inner.bottom() - 2.0] {
            rule(&mut items, (inner.x, y), (inner.right(), y), thin);
        }
    }
    (items, overset)
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

/// Set a banner's slogan (and sub line) in `width` × `room`: smaller step by step to fit the
/// height, never below the styles' `min_size`; `None` when it does not fit even there.
fn fit_banner(
    book: &FontBook,
    banner: &Banner,
    (mut main, mut sub): (TextStyle, TextStyle),
    width: f32,
    room: f32,
) -> Option<super::headline::SetHeadline> {
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
