//! Measuring against a story's thread: an article laid out with the pages it continues on
//! (whether it sets without overset, how empty it leaves its last frame), the heights of an
//! article that jumps, and the headline band of a block.

use std::path::Path;

use serde_saphyr::Spanned;

use super::super::problem::{HEAD_BAND, Shape};
use super::{Bench, Wanted, spanned};
use crate::layout::{self, LayoutOptions};
use crate::model::{Block, normalize, parent};

/// Laying out one story's thread to measure it: on this thread, nothing marked, no photos kept.
const ALONE: LayoutOptions = LayoutOptions {
    show_overset: false,
    threads: 1,
    keep_pictures: false,
};

impl Bench<'_> {
    /// The bench's edition laid out on `pages` only, on this thread.
    fn lay_out(&self, pages: &[u32]) -> Result<layout::LayoutOutput, crate::diag::Diagnostics> {
        layout::layout_edition_pages(
            &self.input,
            self.resolved,
            self.book,
            self.grid,
            ALONE,
            Some(pages),
        )
    }

    /// Whether article `file` sets without overset when its block here is `block`.
    pub(super) fn fits(&mut self, block: Block, file: &Path) -> bool {
        self.thread(block, file)
            .is_some_and(|(overset, _)| overset == 0)
    }

    /// The overset lines of article `file` and the empty lines at the foot of its last frame
    /// when its block here is `block`; `None` when layout refuses it. Only its own thread is
    /// laid out: the other pages keep just its continuations.
    pub(super) fn thread(&mut self, block: Block, file: &Path) -> Option<(usize, usize)> {
        self.thread_among(block, file, false)
    }

    /// [`Bench::thread`], with `among` the pages it continues on keeping all their blocks
    /// (slower: their articles are laid out too). A continuation with a block under it keeps
    /// its last line for the rule, which it does not when it stands alone.
    fn thread_among(&mut self, block: Block, file: &Path, among: bool) -> Option<(usize, usize)> {
        self.set_page(vec![spanned(block)]);
        let mut pages: Vec<u32> = vec![self.page as u32 + 1];
        for (i, page) in self.input.pages.iter_mut().enumerate() {
            if i == self.page {
                continue;
            }
            let dir = parent(&page.path);
            let ours = |b: &Spanned<Block>| {
                b.value
                    .continues
                    .as_ref()
                    .is_some_and(|p| normalize(&dir.join(p)) == file)
            };
            if !page.plan.blocks.iter().any(ours) {
                page.plan.blocks.clear();
                continue;
            }
            if !among {
                page.plan.blocks.retain(ours);
            }
            pages.push(i as u32 + 1);
        }
        let out = self.lay_out(&pages).ok()?;
        out.report
            .articles()
            .find(|a| a.file == file)
            .map(|a| (a.overset_lines, a.underset_lines))
    }

    /// The lines from the top of article `w`'s block of `size` in `text_columns` to its first
    /// line of text (its headline band): the block less the body lines layout gives it, with
    /// every other page empty (so that the capacity counted is this block's alone).
    /// [`HEAD_BAND`] when layout refuses it.
    pub(super) fn head_lines(
        &mut self,
        w: &Wanted,
        plan_dir: &Path,
        [width, h]: [u32; 2],
        text_columns: Option<u32>,
    ) -> u32 {
        let lead = w.story.priority.0 == 1;
        let mut block = w.block(plan_dir, [1, 1], [width, h].into(), lead);
        block.text_columns = text_columns;
        self.set_page(vec![spanned(block)]);
        for (i, page) in self.input.pages.iter_mut().enumerate() {
            if i != self.page {
                page.plan.blocks.clear();
            }
        }
        let out = self.lay_out(&[self.page as u32 + 1]);
        let available = out.ok().and_then(|o| {
            let a = o.report.articles().find(|a| a.file == w.file)?;
            Some(a.lines_available as u32)
        });
        let columns = text_columns.unwrap_or(width).max(1);
        available.map_or(HEAD_BAND, |a| h.saturating_sub(a / columns))
    }
}

/// An article that jumps, `width` columns wide: from the fewest lines that leave no overset
/// where it jumps to (alone there, then among that page's blocks, where its continuation may
/// keep a line for a rule), up to the whole 版心; and the most lines that leave the
/// continuation no emptier than [`JUMP_SHORT`] lines (or than the fewest leave it, if more),
/// which the score prefers: every line more here is a line less there, and the continuation
/// block on the later page keeps its size. By bisection (more lines here never means more
/// overset or a fuller continuation there).
pub(super) fn jump_shape(
    bench: &mut Bench<'_>,
    w: &Wanted,
    plan_dir: &Path,
    width: u32,
    lead: bool,
) -> Option<Shape> {
    let rows = bench.grid.lines;
    let mut thread = |h: u32| {
        let block = w.block(plan_dir, [1, 1], [width, h].into(), lead);
        bench.thread(block, &w.file)
    };
    // The bisection starts at 4 lines, about the least a one-line 简讯 headline with a line
    // of body under it takes: the sample's page-1 简讯 needs 5 at four columns, so a floor of
    // 8 lost it the narrow spot. A height too small for the headline overflows and fails, so
    // the floor only bounds the search.
    let fits = |t: Option<(usize, usize)>| t.is_some_and(|(overset, _)| overset == 0);
    let (mut lo, mut hi) = (4, rows);
    if !fits(thread(hi)) {
        return None;
    }
    while lo < hi {
        let mid = (lo + hi) / 2;
        if fits(thread(mid)) {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    // Among the blocks of the pages it jumps to, its continuation may have a line less.
    let mut least = hi;
    // A line more is what the rule takes; give up after two (the plan is laid out for real
    // before it is written, so a story short of lines is caught there).
    while least < (hi + 2).min(rows) {
        let block = w.block(plan_dir, [1, 1], [width, least].into(), lead);
        if fits(bench.thread_among(block, &w.file, true)) {
            break;
        }
        least += 1;
    }
    let full = full_height(bench, w, plan_dir, [width, least], lead);
    Some(Shape {
        w: width,
        h_min: least,
        h_max: rows,
        natural: least,
        text_columns: None,
        jump_full: Some(full),
        head: bench.head_lines(w, plan_dir, [width, least], None),
    })
}

/// The most lines article `w`, `width` columns wide and jumping, may take here from `least`
/// on and leave its continuation no emptier than [`JUMP_SHORT`] lines, or than `least` leaves
/// it (by bisection: its continuation only empties as it takes more lines here).
fn full_height(
    bench: &mut Bench<'_>,
    w: &Wanted,
    plan_dir: &Path,
    [width, least]: [u32; 2],
    lead: bool,
) -> u32 {
    let rows = bench.grid.lines;
    let mut thread = |h: u32| {
        let block = w.block(plan_dir, [1, 1], [width, h].into(), lead);
        bench.thread(block, &w.file)
    };
    let short = thread(least).map_or(0, |(_, under)| under).max(JUMP_SHORT);
    let (mut lo, mut hi) = (least, rows);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let ok = thread(mid).is_some_and(|(o, under)| o == 0 && under <= short);
        if ok { lo = mid } else { hi = mid - 1 }
    }
    lo.max(least)
}

/// The most empty lines a story that jumps may leave at the foot of its continuation on the
/// later page (`check` warns from 3).
const JUMP_SHORT: usize = 2;
