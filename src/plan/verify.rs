//! Step 5 of the planner: each proposal as plan blocks, laid out with the edition for real;
//! a proposal with overset text, a block more than three lines short or an error of layout on
//! the planned page is dropped.

use std::path::Path;

use crate::layout::{self, LayoutOptions};
use crate::model::{self, Block, LoadedPage, PagePlan, yaml};

use super::measure::{self, Bench};
use super::problem::{Cells, ItemKind, Layout, MAX_HOLE, Placement, Problem};
use super::read::Read;

/// The plan's blocks in reading order: furniture and stories, each story with its priority.
pub(super) fn plan_blocks(
    read: &Read,
    problem: &Problem,
    layout: &Layout,
    furniture: &[(Block, Cells)],
) -> Vec<(Block, Option<String>)> {
    let plan_dir = &read.plan_dir();
    let lead = problem.items.iter().map(|i| i.rank).min();
    let mut blocks: Vec<(Cells, Block, Option<String>)> = furniture
        .iter()
        .map(|(b, c)| (*c, b.clone(), None))
        .collect();
    for p in &layout.placements {
        let w = &read.wanted[p.item];
        let a = p.at;
        let is_lead = Some(problem.items[p.item].rank) == lead && problem.items[p.item].rank == 1;
        let mut block = w.block(plan_dir, [a.x + 1, a.y + 1], [a.w, a.h].into(), is_lead);
        block.copyfit = copyfit(problem, layout, p);
        block.text_columns = p.text_columns;
        blocks.push((a, block, Some(w.story.priority.word())));
        if let Some(f) = p.foot {
            let foot = w.foot_block(plan_dir, [f.x + 1, f.y + 1], [f.w, f.h].into());
            blocks.push((
                f,
                foot,
                Some(format!("{}, the foot of its L", w.story.priority.word())),
            ));
        }
    }
    blocks.sort_by_key(|(c, _, _)| (c.y, c.x));
    blocks.into_iter().map(|(_, b, n)| (b, n)).collect()
}

/// `copyfit: true` for an article block shorter than composing sets it (with the line kept for
/// the rule under it): the planner took a line or two off by copyfit.
fn copyfit(problem: &Problem, layout: &Layout, p: &Placement) -> Option<model::CopyfitSpec> {
    let all: Vec<Cells> = layout.placements.iter().flat_map(|p| p.rects()).collect();
    let item = &problem.items[p.item];
    let shape = item.shape_of(p)?;
    let needs = shape.natural + problem.rule_line(p.item, &p.at, &all);
    (item.kind == ItemKind::Article && p.at.h < needs).then_some(model::CopyfitSpec::Switch(true))
}

/// Share of the 版心 covered by blocks and furniture.
pub(super) fn cover(problem: &Problem, layout: &Layout) -> f64 {
    let taken: u32 = problem.blocked.iter().map(Cells::area).sum::<u32>()
        + layout.placements.iter().map(|p| p.area()).sum::<u32>();
    f64::from(taken) / f64::from(problem.columns * problem.rows)
}

/// 5. Read the written plan back and lay the edition out with it: the pages, or why not.
pub(super) fn verify(
    bench: &mut Bench<'_>,
    read: &Read,
    target: &Path,
    text: &str,
) -> Result<Vec<crate::display::DisplayPage>, String> {
    let plan: PagePlan = yaml::parse(target, text, 0).map_err(|e| e.message)?;
    let mut pages = bench.base.clone();
    pages[bench.page] = LoadedPage {
        path: target.to_path_buf(),
        plan,
    };
    let input = model::Input {
        pages,
        ..bench.input.clone()
    };
    let options = LayoutOptions {
        show_overset: false,
        threads: crate::pool::available_threads(),
        keep_pictures: false,
    };
    // The planned page and the pages its stories jump to.
    let pages: Vec<u32> = (bench.page as u32 + 1..=input.pages.len() as u32).collect();
    let only = if read.wanted.iter().any(|w| w.story.jumps) {
        pages
    } else {
        vec![bench.page as u32 + 1]
    };
    let out = layout::layout_edition_pages(
        &input,
        bench.resolved,
        bench.book,
        bench.grid,
        options,
        Some(&only),
    )
    .map_err(|e| e.0.first().map_or_else(String::new, |d| d.message.clone()))?;
    checked(&out, read, bench.page, target)?;
    Ok(out.pages)
}

/// Why the page as laid out is refused, if it is.
fn checked(
    out: &layout::LayoutOutput,
    read: &Read,
    page: usize,
    target: &Path,
) -> Result<(), String> {
    // An error of layout on the planned page (a headline that does not fit its block).
    let here = out
        .problems
        .iter()
        .filter(|d| d.is_error())
        .find(|d| d.location.as_ref().is_some_and(|l| l.file == target));
    if let Some(d) = here {
        return Err(d.message.clone());
    }
    for w in &read.wanted {
        let Some(a) = out.report.articles().find(|a| a.file == w.file) else {
            continue;
        };
        if a.overset_lines > 0 {
            return Err(format!(
                "{} is overset by {} lines",
                measure::file_name(&w.file),
                a.overset_lines
            ));
        }
        let ends_here = a.frames.last().is_some_and(|f| f.0 as usize == page + 1);
        // The report counts the line kept for the rule under a block as empty too.
        if !w.story.jumps && ends_here && a.underset_lines > MAX_HOLE as usize + 1 {
            return Err(format!(
                "{} leaves {} empty lines",
                measure::file_name(&w.file),
                a.underset_lines
            ));
        }
    }
    Ok(())
}
