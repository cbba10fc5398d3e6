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
mod jobs;
mod jump;
mod outline;
mod place;
pub mod report;
mod text;
mod vertical_banner;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::display::DisplayPage;
use crate::fonts::FontBook;
use crate::model::Input;
use crate::resolve::Resolved;

use article::Ctx;
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
    /// Keep the CMYK photos decoded by the ink check beside the layout, for a renderer that
    /// will draw the same pages (proof, preview, e-paper); not read by the layout itself.
    pub keep_pictures: bool,
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
    // 1. Place the blocks, size the auto ones and stacks, thread the articles.
    let (placed, threads) = place_and_size(input, resolved, book, grid)?;
    let page_numbers: Vec<u32> = (1..=input.pages.len() as u32).collect();
    let exclusions: Vec<Vec<Rect>> = placed.iter().map(|p| exclusions(p, grid)).collect();
    let mut out = LayoutOutput {
        pages: Vec::new(),
        report: FitReport::default(),
        problems: Diagnostics::new(),
        warnings: Diagnostics::new(),
        frames: article_frames(&threads, &placed, &page_numbers, &wanted),
    };
    out.report.pages = page_reports(input, &placed, &page_numbers, &mut out.warnings);
    let ctx = Ctx {
        book,
        grid,
        resolved,
        page_numbers: &page_numbers,
        exclusions: &exclusions,
        placed: &placed,
        show_overset: options.show_overset,
        copyfit: fitting::layout_limits(input.layout.copyfit),
    };
    // 2 and 3. The articles and the pages' furniture, as jobs on the pool.
    let jobs = jobs::collect(input, &placed, &threads, &wanted);
    let done = jobs::run(&ctx, input, &jobs, options.threads);
    let (articles, furniture) = jobs::gather(&jobs, done, input.pages.len(), &mut out)?;
    // 4. Pages.
    out.pages = assemble_pages(articles, furniture, &page_numbers, grid);
    Ok(out)
}

/// Each page's report, with its ads (an ad's problems are warnings); the articles are added
/// as they are laid out.
fn page_reports(
    input: &Input,
    placed: &[Vec<Placed>],
    page_numbers: &[u32],
    warnings: &mut Diagnostics,
) -> Vec<report::PageReport> {
    let mut pages = Vec::new();
    for (i, page) in input.pages.iter().enumerate() {
        let ads = placed[i]
            .iter()
            .filter_map(|b| match &b.kind {
                Kind::Ad(path) => ads::ad_report(input, b, path, warnings),
                _ => None,
            })
            .collect();
        pages.push(report::PageReport {
            page: page_numbers[i],
            section: page.plan.section.clone(),
            articles: Vec::new(),
            ads,
        });
    }
    pages
}

/// The display pages: on each, its furniture first (tints, frames under text), then the
/// article text on top.
fn assemble_pages(
    articles: jobs::PageItems,
    furniture: jobs::PageItems,
    page_numbers: &[u32],
    grid: &Grid,
) -> Vec<DisplayPage> {
    articles
        .into_iter()
        .zip(furniture)
        .enumerate()
        .map(|(i, (mut text, mut items))| {
            items.append(&mut text);
            DisplayPage {
                number: page_numbers[i],
                width: grid.page_w,
                height: grid.page_h,
                items,
            }
        })
        .collect()
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

/// Whether another block starts right below block `index` (sharing part of its width): its
/// last line is then kept for the rule between them. Not when a later frame of the same
/// article starts right below it (the top of an L-shaped story): the text runs on into it,
/// and only the last line over the other blocks below is kept ([`rule_lines`]).
fn has_below(blocks: &[Placed], index: usize) -> bool {
    let below = blocks_below(blocks, index);
    let own = thread_of(&blocks[index]);
    let runs_on = own.is_some() && below.clone().any(|b| thread_of(b) == own);
    !runs_on && below.clone().next().is_some()
}

/// The blocks that start right below block `index`, sharing part of its width (a wrapping
/// picture is inside a block, not below it).
fn blocks_below(blocks: &[Placed], index: usize) -> impl Iterator<Item = &Placed> + Clone {
    let a = blocks[index].rect;
    blocks.iter().enumerate().filter_map(move |(j, b)| {
        let below = j != index
            && !b.wraps()
            && (b.rect.y - a.bottom()).abs() < 0.5
            && b.rect.x < a.right() - 1.0
            && a.x < b.rect.right() - 1.0;
        below.then_some(b)
    })
}

/// The article a block sets a frame of.
fn thread_of(p: &Placed) -> Option<&std::path::Path> {
    match &p.kind {
        Kind::Article(f) | Kind::Continues(f) => Some(f),
        _ => None,
    }
}

/// Areas text keeps out of on a page: wrapping pictures with a gutter of clearance, and the
/// rule lines of [`rule_lines`].
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
        .chain(rule_lines(blocks, grid))
        .collect()
}

/// The top of an L-shaped story (a text block with a later frame of its own article right
/// below part of it) keeps its last line only over the other blocks below it, for the rule
/// between them: those stretches of the line are kept free of text.
fn rule_lines(blocks: &[Placed], grid: &Grid) -> Vec<Rect> {
    let mut out = Vec::new();
    for (i, a) in blocks.iter().enumerate() {
        let own = thread_of(a);
        let below = blocks_below(blocks, i);
        if own.is_none() || !below.clone().any(|b| thread_of(b) == own) {
            continue;
        }
        for b in below.filter(|b| thread_of(b) != own) {
            let x = a.rect.x.max(b.rect.x) - grid.gutter / 2.0;
            let right = a.rect.right().min(b.rect.right()) + grid.gutter / 2.0;
            out.push(Rect {
                x,
                y: a.rect.bottom() - grid.pitch,
                w: right - x,
                h: grid.pitch,
            });
        }
    }
    out
}
