//! All the furniture of one page, block by block: masthead or running head, banners,
//! pictures with their captions, ads, the rules between blocks and the foot line.

use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::display::{ImageItem, Item};
use crate::model::{Input, StyleName};

use super::super::article::Ctx;
use super::super::grid::{Grid, Rect};
use super::super::place::{Kind, Placed};
use super::super::{ads, credits, has_below, text};
use super::masthead::masthead;
use super::rules::block_rules;
use super::running_head::{footer, running_head};
use super::{display_overset, para_at, picture};

/// All the furniture of page `i`: masthead or running head, banners, pictures, rules, footer.
pub(crate) fn page_furniture(
    ctx: &Ctx<'_>,
    input: &Input,
    placed: &[Vec<Placed>],
    i: usize,
    problems: &mut Diagnostics,
) -> Vec<Item> {
    let (book, grid, resolved) = (ctx.book, ctx.grid, ctx.resolved);
    let page = &input.pages[i];
    let number = ctx.page_numbers[i];
    let mut items = furniture_items(ctx, input, &placed[i], problems);
    if i > 0 || !placed[i].iter().any(|p| p.kind == Kind::Masthead) {
        let rules = (resolved.rules.heavy, resolved.rules.thin);
        items.extend(running_head(
            book,
            grid,
            number,
            &page.plan.section,
            &resolved.info,
            &resolved.styles,
            rules,
        ));
    }
    if let Some(editor) = &page.plan.editor {
        items.extend(footer(book, grid, number, editor, &resolved.styles));
    }
    items
}

/// Masthead, banners, pictures and rules of one page; a banner that does not fit is a problem.
fn furniture_items(
    ctx: &Ctx<'_>,
    input: &Input,
    blocks: &[Placed],
    problems: &mut Diagnostics,
) -> Vec<Item> {
    let r = ctx.resolved;
    let mut items = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let mut rect = b.rect;
        if has_below(blocks, i) {
            rect.h -= ctx.grid.pitch;
        }
        match &b.kind {
            Kind::Masthead => items.extend(masthead_items(ctx, input, b, rect)),
            Kind::Banner(banner) => {
                items.extend(banner_items(ctx, b, rect, banner, problems));
            }
            Kind::Picture(path) => picture_items(ctx, input, b, path, &mut items),
            Kind::Ad(path) => items.extend(ads::ad_items(input, b, path, r.rules.thin)),
            _ => {}
        }
    }
    items.extend(rules_between(blocks, ctx.grid, r.rules.thin));
    items
}

/// The masthead in `rect`, with the edition's logo when it has one.
fn masthead_items(ctx: &Ctx<'_>, input: &Input, b: &Placed, rect: Rect) -> Vec<Item> {
    let r = ctx.resolved;
    let rules = (r.rules.heavy, r.rules.thin);
    let logo = r
        .info
        .logo
        .as_ref()
        .and_then(|p| match input.artwork.get(p) {
            Some(art) => Some(Item::Art(crate::display::ArtItem {
                path: p.clone(),
                art: art.clone(),
                frame: (rect.x, rect.y, rect.w, rect.h),
                placed: (0.0, 0.0, art.size().0, art.size().1),
                block: Some(b.location.clone()),
            })),
            None => image_item(input, p, rect, &b.location).map(Item::Image),
        });
    masthead(ctx.book, rect, &r.info, &r.styles, logo, rules)
}

/// A banner in `rect`, lying or standing, on its colour field if it names one; a slogan that
/// does not fit is a problem.
fn banner_items(
    ctx: &Ctx<'_>,
    b: &Placed,
    rect: Rect,
    banner: &crate::model::Banner,
    problems: &mut Diagnostics,
) -> Vec<Item> {
    let r = ctx.resolved;
    let field = banner
        .field
        .as_ref()
        .and_then(|f| r.swatches.get(f))
        .copied();
    // `direction: vertical` stands the slogan in columns.
    let vertical = (b.block.direction == crate::model::Direction::Vertical)
        .then_some(usize::from(b.block.upright_latin.0));
    let (items, overset) = super::banner::banner(
        ctx.book,
        rect,
        banner,
        &r.styles,
        field,
        r.rules.thin,
        vertical,
    );
    if overset {
        let all = banner.text.chars().count();
        problems.push(display_overset("banner", &banner.text, all, b));
    }
    items
}

/// The rules between the page's blocks, none crossing a picture.
fn rules_between(blocks: &[Placed], grid: &Grid, thin: f32) -> Vec<Item> {
    // Frames of one article share a thread number: no rule between them.
    let mut threads: Vec<&PathBuf> = Vec::new();
    let rects: Vec<(Rect, Option<usize>)> = blocks
        .iter()
        .filter(|b| !b.wraps() && b.kind != Kind::Masthead)
        .map(|b| {
            let thread = match &b.kind {
                Kind::Article(p) | Kind::Continues(p) => {
                    Some(threads.iter().position(|t| *t == p).unwrap_or_else(|| {
                        threads.push(p);
                        threads.len() - 1
                    }))
                }
                _ => None,
            };
            (b.rect, thread)
        })
        .collect();
    let holes: Vec<Rect> = blocks
        .iter()
        .filter(|b| b.wraps())
        .map(|b| b.rect)
        .collect();
    block_rules(&rects, &holes, grid, thin)
}

fn image_item(
    input: &Input,
    path: &PathBuf,
    rect: Rect,
    block: &crate::diag::Location,
) -> Option<ImageItem> {
    let pic = input.pictures.get(path)?;
    let (w, h) = (pic.pixels.0 as f32, pic.pixels.1 as f32);
    Some(ImageItem {
        path: path.clone(),
        data: pic.data.clone(),
        format: pic.format,
        frame: (rect.x, rect.y, rect.w, rect.h),
        placed: (rect.x, rect.y, w, h),
        orientation: pic.orientation,
        block: Some(block.clone()),
    })
}

/// A picture with its caption and credit under it.
fn picture_items(ctx: &Ctx<'_>, input: &Input, b: &Placed, path: &PathBuf, items: &mut Vec<Item>) {
    let grid = ctx.grid;
    let style = ctx.resolved.styles.get(StyleName::Caption);
    let (caption_items, caption_h) = caption_lines(ctx, b);
    let frame = Rect {
        h: (b.rect.h - caption_h).max(grid.pitch),
        ..b.rect
    };
    if input.artwork.contains_key(path) {
        // A PDF named as a picture: vector art is fitted whole, not cropped.
        items.extend(ads::placed_art(input, path, frame, b).map(|(item, _)| item));
    }
    let Some(pic) = input.pictures.get(path) else {
        return;
    };
    let Some(image) = image_item(input, path, frame, &b.location) else {
        return;
    };
    items.push(picture(image, pic.pixels, frame));
    for mut item in caption_items {
        if let Item::Text(run) = &mut item {
            run.origin.1 += frame.bottom() + style.size + 2.0;
        }
        items.push(item);
    }
}

/// A picture's caption and credit set under it (from y = 0), and the whole lines they take.
fn caption_lines(ctx: &Ctx<'_>, b: &Placed) -> (Vec<Item>, f32) {
    let style = ctx.resolved.styles.get(StyleName::Caption);
    // The credit is kept whole (a name is never broken), the caption breaks as body text.
    let mut caption = text::ParaBuilder::default();
    if let Some(c) = &b.block.caption {
        caption.push(c, style);
    }
    if let Some(by) = &b.block.credit {
        let (credit, keep) = credits::bracketed(by);
        caption.push_kept(&credit, style, &keep);
    }
    let caption = caption.finish();
    let mut items = Vec::new();
    if caption.text.is_empty() {
        return (items, 0.0);
    }
    let bottom = para_at(
        &mut items,
        ctx.book,
        &caption,
        style,
        (b.rect.x, 0.0, b.rect.w),
        crate::compose::Align::Justify,
    );
    let h = ((bottom + style.size) / ctx.grid.pitch).ceil() * ctx.grid.pitch;
    (items, h)
}

/// The height a picture's caption takes under it, in points.
pub(crate) fn caption_height(ctx: &Ctx<'_>, b: &Placed) -> f32 {
    caption_lines(ctx, b).1
}
