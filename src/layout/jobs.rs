//! Steps 2 and 3 of the layout as jobs: every article through its blocks, and every page's
//! furniture. They depend on nothing but the placed blocks, so they run on the worker pool,
//! and their results are gathered in job order (furniture by page, then the articles in
//! thread (path) order), so the pages come out the same whatever the thread count.

use crate::diag::Diagnostics;
use crate::display::Item;
use crate::model::Input;

use super::article::{self, ArticleBlock, Ctx, layout_article};
use super::furniture::page_furniture;
use super::grid::Rect;
use super::place::{Kind, Placed};
use super::{LayoutOutput, Threads, has_below};

/// Display items by page index.
pub(super) type PageItems = Vec<Vec<Item>>;

/// A piece of layout work that depends on no other.
pub(super) enum Job<'a> {
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
pub(super) enum Done {
    Furniture(Vec<Item>, Diagnostics),
    Article(Box<article::ArticleLayout>),
}

/// Whether two rectangles overlap.
fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// The jobs for the wanted pages: each page's furniture, then each article with a block on
/// one of them, wherever it starts.
pub(super) fn collect<'a>(
    input: &'a Input,
    placed: &'a [Vec<Placed>],
    threads: &Threads,
    wanted: &dyn Fn(usize) -> bool,
) -> Vec<Job<'a>> {
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
    jobs
}

/// Run the jobs on `threads` threads, the costliest first; the results in job order.
pub(super) fn run(ctx: &Ctx<'_>, input: &Input, jobs: &[Job<'_>], threads: usize) -> Vec<Done> {
    let placed = ctx.placed;
    let cost = |job: &Job<'_>| job.cost(placed);
    crate::pool::map(threads, jobs, cost, |job| match job {
        Job::Furniture(i) => {
            let mut problems = Diagnostics::new();
            let items = page_furniture(ctx, input, placed, *i, &mut problems);
            Done::Furniture(items, problems)
        }
        Job::Article(article, blocks) => {
            Done::Article(Box::new(layout_article(ctx, article, blocks)))
        }
    })
}

/// Gather the results into each page's article items and furniture, and the report, problems
/// and warnings into `out`; an article's errors end the layout.
pub(super) fn gather(
    jobs: &[Job<'_>],
    done: Vec<Done>,
    pages: usize,
    out: &mut LayoutOutput,
) -> Result<(PageItems, PageItems), Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut articles: PageItems = vec![Vec::new(); pages];
    let mut furniture: PageItems = vec![Vec::new(); pages];
    for (job, done) in jobs.iter().zip(done) {
        match (job, done) {
            (Job::Furniture(i), Done::Furniture(items, problems)) => {
                furniture[*i] = items;
                out.problems.extend(problems);
            }
            (Job::Article(_, blocks), Done::Article(laid)) => {
                let laid = *laid;
                for (page, items) in laid.items {
                    articles[page].extend(items);
                }
                if let Some(first) = blocks.first() {
                    out.report.pages[first.page].articles.push(laid.report);
                }
                out.problems.extend(laid.problems);
                out.warnings.extend(laid.warnings);
                errors.extend(laid.errors);
            }
            // `run` answers each job with its own kind.
            _ => {}
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok((articles, furniture))
}
