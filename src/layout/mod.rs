//! Stage 4, layout: page plans on the grid → finished pages and a fit report.
//!
//! Input: the model, the resolved styles and the font book. Output: [`LayoutOutput`], a
//! [`DisplayPage`] per page, the [`FitReport`], and the problems found (overset text, missing
//! glyphs) and warnings. Nothing is dropped silently: text that does not fit is counted and
//! reported with its article.
//!
//! The steps, in order: place each page's blocks on the grid and check the plan (1); thread
//! every article through its blocks, page by page (2); set the furniture: masthead or running
//! head, banners, pictures, rules between blocks (3); assemble the pages (4).

mod ads;
mod article;
mod copyfit;
mod credits;
mod emit;
mod fitting;
mod flow;
mod furniture;
pub mod grid;
mod headline;
mod headline_breaks;
mod heights;
mod jump;
mod outline;
mod place;
pub mod report;
mod text;
mod vertical_banner;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::display::{DisplayPage, ImageItem, Item};
use crate::fonts::FontBook;
use crate::model::{Input, StyleName};
use crate::resolve::Resolved;

use article::{ArticleBlock, Ctx, layout_article};
pub use grid::{Grid, Rect};
pub use outline::{BlockOutline, block_outlines};
use place::{Kind, Placed, Sizing, check_overlaps, place_page};
pub use report::FitReport;

/// Layout options from the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct LayoutOptions {
    /// Mark overset text in the PDF outside the type area.
    pub show_overset: bool,
    /// Threads to lay articles out on (0 or 1: this thread only).
    pub threads: usize,
}

/// The laid-out edition.
#[derive(Debug, Clone)]
pub struct LayoutOutput {
    /// One page per page plan, in order.
    pub pages: Vec<DisplayPage>,
    /// Lines used, available, overset, per article.
    pub report: FitReport,
    /// Overset text, missing glyphs, unbreakable overflows (errors under --strict).
    pub problems: Diagnostics,
    /// Everything else worth a look.
    pub warnings: Diagnostics,
    /// Each article's frames in reading order, as placed (auto blocks after sizing): page
    /// number and rectangle on the trimmed page. For the e-paper's hotspots.
    pub frames: BTreeMap<PathBuf, Vec<(u32, Rect)>>,
}

/// Lay out every page of the edition.
pub fn layout_edition(
    input: &Input,
    resolved: &Resolved,
    book: &FontBook,
    grid: &Grid,
    options: LayoutOptions,
) -> Result<LayoutOutput, Diagnostics> {
    layout_edition_pages(input, resolved, book, grid, options, None)
}

/// Lay out the pages numbered in `only` (all pages when `None`): every article with a block on
/// one of them, wherever it starts, and their furniture. The other pages come out empty and the
/// report and problems cover only what was laid out. A page comes out the same as in a full
/// layout, since nothing on a page depends on articles that never touch it.
pub fn layout_edition_pages(
    input: &Input,
    resolved: &Resolved,
    book: &FontBook,
    grid: &Grid,
    options: LayoutOptions,
    only: Option<&[u32]>,
) -> Result<LayoutOutput, Diagnostics> {
    let wanted = |page: usize| crate::model::page_wanted(only, page);
    let (placed, threads) = place_and_size(input, resolved, book, grid)?;
    let page_numbers: Vec<u32> = (1..=input.pages.len() as u32).collect();
    let copyfit = fitting::layout_limits(input.layout.copyfit);
    let mut errors = Diagnostics::new();
    let exclusions: Vec<Vec<Rect>> = placed.iter().map(|p| exclusions(p, grid)).collect();
    let mut pages: Vec<Vec<Item>> = vec![Vec::new(); input.pages.len()];
    let mut out = LayoutOutput {
        pages: Vec::new(),
        report: FitReport::default(),
        problems: Diagnostics::new(),
        warnings: Diagnostics::new(),
        frames: article_frames(&threads, &placed, &page_numbers, &wanted),
    };
    for (i, page) in input.pages.iter().enumerate() {
        let ads = placed[i]
            .iter()
            .filter_map(|b| match &b.kind {
                Kind::Ad(path) => ads::ad_report(input, b, path, &mut out.warnings),
                _ => None,
            })
            .collect();
        out.report.pages.push(report::PageReport {
            page: page_numbers[i],
            section: page.plan.section.clone(),
            articles: Vec::new(),
            ads,
        });
    }
    // 2. Articles.
    let ctx = Ctx {
        book,
        grid,
        resolved,
        page_numbers: &page_numbers,
        exclusions: &exclusions,
        placed: &placed,
        show_overset: options.show_overset,
        copyfit,
    };
    // Articles are independent of each other, and of the pages' furniture (3): lay them all out
    // on several threads, then gather the results in job order (furniture by page, then
    // articles in thread (path) order), so the pages come out the same whatever the thread
    // count.
    let mut jobs: Vec<Job<'_>> = (0..input.pages.len())
        .filter(|&i| wanted(i))
        .map(Job::Furniture)
        .collect();
    jobs.extend(
        threads
            .iter()
            .filter(|(_, blocks)| blocks.iter().any(|&(page, _)| wanted(page)))
            .filter_map(|(path, blocks)| {
                let article = input.articles.get(path)?;
                let blocks = blocks
                    .iter()
                    .map(|&(page, index)| ArticleBlock {
                        page,
                        placed: &placed[page][index],
                        has_below: has_below(&placed[page], index),
                    })
                    .collect();
                Some(Job::Article(article, blocks))
            }),
    );
    let cost = |job: &Job<'_>| job.cost(&placed);
    let done = crate::pool::map(options.threads, &jobs, cost, |job| match job {
        Job::Furniture(i) => {
            let mut problems = Diagnostics::new();
            let items = page_furniture(&ctx, input, &placed, *i, &mut problems);
            Done::Furniture(items, problems)
        }
        Job::Article(article, blocks) => {
            Done::Article(Box::new(layout_article(&ctx, article, blocks)))
        }
    });
    let mut furniture: Vec<Vec<Item>> = vec![Vec::new(); input.pages.len()];
    for (job, done) in jobs.iter().zip(done) {
        match (job, done) {
            (Job::Furniture(i), Done::Furniture(items, problems)) => {
                furniture[*i] = items;
                out.problems.extend(problems);
            }
            (Job::Article(_, blocks), Done::Article(laid)) => {
                let laid = *laid;
                for (page, items) in laid.items {
                    pages[page].extend(items);
                }
                if let Some(first) = blocks.first() {
                    out.report.pages[first.page].articles.push(laid.report);
                }
                out.problems.extend(laid.problems);
                out.warnings.extend(laid.warnings);
                errors.extend(laid.errors);
            }
            _ => {}
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    // Furniture first (tints, frames under text), then the article text on top.
    for (page, mut items) in pages.iter_mut().zip(furniture) {
        items.append(page);
        *page = items;
    }
    // 4. Pages.
    out.pages = pages
        .into_iter()
        .enumerate()
        .map(|(i, items)| DisplayPage {
            number: page_numbers[i],
            width: grid.page_w,
            height: grid.page_h,
            items,
        })
        .collect();
    Ok(out)
}

/// Each page's blocks placed, `auto` blocks and stacks sized: what a block takes before its
/// text is set. The page planner measures stories with it (a story alone in a block of
/// `[columns, auto]`).
pub fn sized_blocks(
    input: &Input,
    resolved: &Resolved,
    book: &FontBook,
    grid: &Grid,
) -> Result<Vec<Vec<Rect>>, Diagnostics> {
    let (placed, _) = place_and_size(input, resolved, book, grid)?;
    Ok(placed
        .iter()
        .map(|page| page.iter().map(|p| p.rect).collect())
        .collect())
}

type Threads = BTreeMap<PathBuf, Vec<(usize, usize)>>;

/// Steps 1 and 1b: place every page's blocks, thread the articles, size the auto blocks and
/// stacks, and check for overlaps.
fn place_and_size(
    input: &Input,
    resolved: &Resolved,
    book: &FontBook,
    grid: &Grid,
) -> Result<(Vec<Vec<Placed>>, Threads), Diagnostics> {
    // 1. Place blocks and check the plans.
    let mut errors = Diagnostics::new();
    let mut placed: Vec<Vec<Placed>> = Vec::new();
    for page in &input.pages {
        match place_page(page, grid) {
            Ok(p) => placed.push(p),
            Err(e) => {
                errors.extend(e);
                placed.push(Vec::new());
            }
        }
    }
    let threads = threads(&placed, input, &mut errors);
    if errors.has_errors() {
        return Err(errors);
    }
    let page_numbers: Vec<u32> = (1..=input.pages.len() as u32).collect();
    let copyfit = fitting::layout_limits(input.layout.copyfit);
    // 1b. Size the auto blocks and stacks (text runs around the pictures placed by hand).
    if placed.iter().flatten().any(|p| p.sizing != Sizing::Fixed) {
        let fixed: Vec<Vec<Rect>> = placed
            .iter()
            .map(|p| {
                let hand: Vec<Placed> = p
                    .iter()
                    .filter(|b| b.sizing == Sizing::Fixed)
                    .cloned()
                    .collect();
                exclusions(&hand, grid)
            })
            .collect();
        let ctx = Ctx {
            book,
            grid,
            resolved,
            page_numbers: &page_numbers,
            exclusions: &fixed,
            placed: &[],
            show_overset: false,
            copyfit,
        };
        errors.extend(heights::size_blocks(&ctx, input, &mut placed, &threads));
    }
    for page in &placed {
        errors.extend(check_overlaps(page));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok((placed, threads))
}

/// A piece of layout work that depends on no other.
enum Job<'a> {
    /// The furniture of the page with this index (3).
    Furniture(usize),
    /// An article through its blocks (2).
    Article(&'a crate::model::Article, Vec<ArticleBlock<'a>>),
}

impl Job<'_> {
    /// A rough guess at the work, to start the longest jobs first: the layout waits for the
    /// last job to finish, and a long article picked up last would leave the other threads
    /// idle meanwhile. Any guess gives the same pages, only sooner or later.
    fn cost(&self, placed: &[Vec<Placed>]) -> usize {
        match self {
            // The masthead's 农历 date is an astronomical computation, about as long as a
            // short article.
            Job::Furniture(i) => {
                let masthead = placed[*i].iter().any(|p| p.kind == Kind::Masthead);
                1000 + if masthead { 3000 } else { 0 }
            }
            // Composing is roughly linear in the text, and dearer beside pictures, where line
            // widths vary.
            Job::Article(article, blocks) => {
                let text: usize = article.body.iter().map(body_len).sum();
                let beside_pictures = blocks.iter().any(|b| {
                    placed[b.page]
                        .iter()
                        .any(|p| p.wraps() && overlap(&p.rect, &b.placed.rect))
                });
                if beside_pictures { 3 * text } else { text }
            }
        }
    }
}

/// Bytes of text in a body block.
fn body_len(block: &crate::model::BodyBlock) -> usize {
    use crate::model::BodyBlock;
    let para = |p: &crate::model::Para| p.spans.iter().map(|s| s.text.len()).sum::<usize>();
    match block {
        BodyBlock::Paragraph(p) | BodyBlock::Subhead(p) => para(p),
        BodyBlock::Quote(ps) | BodyBlock::Verse(ps) => ps.iter().map(para).sum(),
    }
}

/// What a [`Job`] produced.
enum Done {
    Furniture(Vec<Item>, Diagnostics),
    Article(Box<article::ArticleLayout>),
}

/// Each article's blocks in reading order: its `article:` block, then its `continues:` blocks
/// in page and plan order. A continuation before its start, or of an article never placed, is
/// an error.
fn threads(
    placed: &[Vec<Placed>],
    input: &Input,
    errors: &mut Diagnostics,
) -> BTreeMap<PathBuf, Vec<(usize, usize)>> {
    let mut threads: BTreeMap<PathBuf, Vec<(usize, usize)>> = BTreeMap::new();
    for (page, blocks) in placed.iter().enumerate() {
        for (index, block) in blocks.iter().enumerate() {
            match &block.kind {
                Kind::Article(path) => {
                    threads
                        .entry(path.clone())
                        .or_default()
                        .insert(0, (page, index));
                }
                Kind::Continues(path) => {
                    let started = threads.get(path).is_some_and(|t| {
                        t.iter()
                            .any(|&(p, i)| matches!(placed[p][i].kind, Kind::Article(_)))
                    });
                    if !started {
                        let placed_later = input.articles.contains_key(path);
                        let hint = if placed_later {
                            "the article starts on a later page: a jump must go forward, from its `article:` block to `continues:` blocks after it"
                        } else {
                            "place the article with `article:` on an earlier block first"
                        };
                        errors.push(
                            Diagnostic::input(format!(
                                "{} continues an article that has not started",
                                block.describe()
                            ))
                            .at(block.location.clone())
                            .hint(hint),
                        );
                        continue;
                    }
                    threads.entry(path.clone()).or_default().push((page, index));
                }
                _ => {}
            }
        }
    }
    threads
}

/// The placed rectangles of every article laid out, thread by thread.
fn article_frames(
    threads: &BTreeMap<PathBuf, Vec<(usize, usize)>>,
    placed: &[Vec<Placed>],
    page_numbers: &[u32],
    wanted: &dyn Fn(usize) -> bool,
) -> BTreeMap<PathBuf, Vec<(u32, Rect)>> {
    threads
        .iter()
        .filter(|(_, blocks)| blocks.iter().any(|&(page, _)| wanted(page)))
        .map(|(path, blocks)| {
            let frames = blocks
                .iter()
                .map(|&(page, index)| (page_numbers[page], placed[page][index].rect))
                .collect();
            (path.clone(), frames)
        })
        .collect()
}

/// Whether another block starts right below block `index` (sharing part of its width).
fn has_below(blocks: &[Placed], index: usize) -> bool {
    let a = &blocks[index].rect;
    blocks.iter().enumerate().any(|(j, b)| {
        j != index
            && !b.wraps()
            && (b.rect.y - a.bottom()).abs() < 0.5
            && b.rect.x < a.right() - 1.0
            && a.x < b.rect.right() - 1.0
    })
}

/// Areas text keeps out of on a page: wrapping pictures with a gutter of clearance.
fn exclusions(blocks: &[Placed], grid: &Grid) -> Vec<Rect> {
    blocks
        .iter()
        .filter(|b| b.wraps())
        .map(|b| Rect {
            x: b.rect.x - grid.gutter,
            y: b.rect.y,
            w: b.rect.w + 2.0 * grid.gutter,
            h: b.rect.h + grid.pitch * 0.5,
        })
        .collect()
}

/// All the furniture of page `i`: masthead or running head, banners, pictures, rules, footer.
fn page_furniture(
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
        items.extend(furniture::running_head(
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
        items.extend(furniture::footer(
            book,
            grid,
            number,
            editor,
            &resolved.styles,
        ));
    }
    items
}

/// Whether two rectangles overlap.
fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// Masthead, banners, pictures and rules of one page; a banner that does not fit is a problem.
fn furniture_items(
    ctx: &Ctx<'_>,
    input: &Input,
    blocks: &[Placed],
    problems: &mut Diagnostics,
) -> Vec<Item> {
    let (book, grid, r) = (ctx.book, ctx.grid, ctx.resolved);
    let mut items = Vec::new();
    let rules = (r.rules.heavy, r.rules.thin);
    for (i, b) in blocks.iter().enumerate() {
        let mut rect = b.rect;
        if has_below(blocks, i) {
            rect.h -= grid.pitch;
        }
        match &b.kind {
            Kind::Masthead => {
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
                items.extend(furniture::masthead(
                    book, rect, &r.info, &r.styles, logo, rules,
                ));
            }
            Kind::Banner(banner) => {
                let field = banner
                    .field
                    .as_ref()
                    .and_then(|f| r.swatches.get(f))
                    .copied();
                // `direction: vertical` stands the slogan in columns.
                let vertical = (b.block.direction == crate::model::Direction::Vertical)
                    .then_some(usize::from(b.block.upright_latin.0));
                let (banner_items, overset) =
                    furniture::banner(book, rect, banner, &r.styles, field, r.rules.thin, vertical);
                items.extend(banner_items);
                if overset {
                    let all = banner.text.chars().count();
                    problems.push(furniture::display_overset("banner", &banner.text, all, b));
                }
            }
            Kind::Picture(path) => picture_items(ctx, input, b, path, &mut items),
            Kind::Ad(path) => items.extend(ads::ad_items(input, b, path, r.rules.thin)),
            _ => {}
        }
    }
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
    items.extend(furniture::block_rules(&rects, &holes, grid, r.rules.thin));
    items
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
    items.push(furniture::picture(image, pic.pixels, frame));
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
    let bottom = furniture::para_at(
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
fn caption_height(ctx: &Ctx<'_>, b: &Placed) -> f32 {
    caption_lines(ctx, b).1
}
