//! The hard rules, checked on a finished proposal from its geometry alone: this checker shares
//! no bookkeeping with the packer (it recounts every cell), so a packer bug shows up here.
//! Overset and underset are checked a second time by laying the planned page out for real
//! (`super::verify`).

use super::problem::{Cells, Layout, MAX_HOLE, MIN_COVER, Placement, Problem};

/// Every hard rule the proposal breaks, in words; empty when it keeps them all.
pub fn violations(problem: &Problem, layout: &Layout) -> Vec<String> {
    let mut out = structural(problem, layout);
    holes_and_cover(problem, layout, &mut out);
    no_bumping_heads(problem, layout, &mut out);
    lead_on_top(problem, layout, &mut out);
    out
}

/// The rules every layout the packer makes must keep, finished page or not: each item once,
/// inside the 版心, no overlaps, shapes it can take, reading order, keep-with and above the
/// fold. (Holes, cover, 碰题 and the 头条 on top are what the search selects for.)
pub fn structural(problem: &Problem, layout: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    placed_once(problem, layout, &mut out);
    inside_and_apart(problem, layout, &mut out);
    shapes_fit(problem, layout, &mut out);
    reading_order(layout, &mut out);
    constraints(problem, layout, &mut out);
    out
}

fn name(problem: &Problem, item: usize) -> &str {
    problem.items.get(item).map_or("?", |i| i.name.as_str())
}

/// Every item exactly once, nothing that is not an item.
fn placed_once(problem: &Problem, layout: &Layout, out: &mut Vec<String>) {
    let mut count = vec![0usize; problem.items.len()];
    for p in &layout.placements {
        match count.get_mut(p.item) {
            Some(c) => *c += 1,
            None => out.push(format!("placement of unknown item {}", p.item)),
        }
    }
    for (i, c) in count.iter().enumerate() {
        if *c != 1 {
            out.push(format!("{} is placed {c} times", name(problem, i)));
        }
    }
}

/// Inside the 版心; no two blocks share a cell, nor a block and the furniture (an L's two
/// rectangles counted apart).
fn inside_and_apart(problem: &Problem, layout: &Layout, out: &mut Vec<String>) {
    for (i, p) in layout.placements.iter().enumerate() {
        for a in p.rects() {
            if a.w == 0 || a.h == 0 || a.right() > problem.columns || a.bottom() > problem.rows {
                out.push(format!(
                    "{} at {a:?} is outside the 版心",
                    name(problem, p.item)
                ));
            }
            if problem.blocked.iter().any(|b| b.overlaps(&a)) {
                out.push(format!("{} overlaps the furniture", name(problem, p.item)));
            }
        }
        if p.foot.is_some_and(|f| f.overlaps(&p.at)) {
            out.push(format!("{} overlaps itself", name(problem, p.item)));
        }
        for q in &layout.placements[i + 1..] {
            if p.rects().any(|a| q.rects().any(|b| a.overlaps(&b))) {
                out.push(format!(
                    "{} and {} overlap",
                    name(problem, p.item),
                    name(problem, q.item)
                ));
            }
        }
    }
}

/// Each block has one of its item's widths and at least the lines composing needed (less
/// would be overset), at most the lines its shape allows.
fn shapes_fit(problem: &Problem, layout: &Layout, out: &mut Vec<String>) {
    let all: Vec<_> = layout.placements.iter().flat_map(|p| p.rects()).collect();
    for p in &layout.placements {
        let Some(item) = problem.items.get(p.item) else {
            continue;
        };
        if let Some(foot) = p.foot {
            ell_fits(problem, p.item, &p.at, &foot, &all, out);
            continue;
        }
        let needs = problem.needs(p, &all).unwrap_or(0);
        match item.shape_of(p) {
            None => out.push(format!(
                "{} cannot be {} columns wide in {:?} text columns",
                item.name, p.at.w, p.text_columns
            )),
            Some(s) if p.at.h < needs => out.push(format!(
                "{} needs {needs} lines at {} columns and has {}: overset",
                item.name, s.w, p.at.h
            )),
            Some(s) if p.at.h > s.h_max => out.push(format!(
                "{} has {} lines at {} columns, more than the {} it can fill",
                item.name, p.at.h, s.w, s.h_max
            )),
            Some(_) => {}
        }
    }
}

/// An L: one of the item's L shapes, the foot flush left or flush right under the top, at
/// least the lines composing needs (one more with a block under it), at most its shape's.
fn ell_fits(
    problem: &Problem,
    item: usize,
    top: &Cells,
    foot: &Cells,
    all: &[Cells],
    out: &mut Vec<String>,
) {
    let name = name(problem, item);
    let Some(ell) = problem.items[item].ell(top.w, top.h, foot.w) else {
        out.push(format!(
            "{name} has no L of {} columns by {} lines over {} columns",
            top.w, top.h, foot.w
        ));
        return;
    };
    let flush = foot.x == top.x || foot.right() == top.right();
    if !flush || foot.y != top.bottom() {
        out.push(format!(
            "the foot of {name}'s L is not flush left or right under its top"
        ));
    }
    let needs = ell.h_min + problem.rule_line(item, foot, all);
    if foot.h < needs || foot.h > ell.h_max {
        out.push(format!(
            "the foot of {name}'s L has {} lines at {} columns, not {needs} to {}",
            foot.h, foot.w, ell.h_max
        ));
    }
}

/// No column keeps an empty run of more than [`MAX_HOLE`] lines, and the blocks and furniture
/// cover at least [`MIN_COVER`] of the 版心.
fn holes_and_cover(problem: &Problem, layout: &Layout, out: &mut Vec<String>) {
    let (cols, rows) = (problem.columns, problem.rows);
    let mut taken = vec![false; (cols * rows) as usize];
    let all = problem
        .blocked
        .iter()
        .copied()
        .chain(layout.placements.iter().flat_map(|p| p.rects()));
    for r in all {
        for y in r.y..r.bottom().min(rows) {
            for x in r.x..r.right().min(cols) {
                taken[(y * cols + x) as usize] = true;
            }
        }
    }
    for x in 0..cols {
        let mut run = 0;
        for y in 0..rows {
            if taken[(y * cols + x) as usize] {
                run = 0;
            } else {
                run += 1;
                if run == MAX_HOLE + 1 {
                    out.push(format!(
                        "an empty hole of more than {MAX_HOLE} lines in column {} from line {}",
                        x + 1,
                        y + 2 - run
                    ));
                }
            }
        }
    }
    let covered = taken.iter().filter(|t| **t).count() as f64;
    let cover = covered / f64::from(cols * rows);
    if cover < MIN_COVER {
        out.push(format!(
            "the blocks cover {:.1}% of the 版心, less than {:.0}%",
            cover * 100.0,
            MIN_COVER * 100.0
        ));
    }
}

/// 碰题: two headlines of the same rank side by side (blocks sharing a vertical edge) whose
/// headline bands overlap read as one line.
fn no_bumping_heads(problem: &Problem, layout: &Layout, out: &mut Vec<String>) {
    for (i, p) in layout.placements.iter().enumerate() {
        for q in &layout.placements[i + 1..] {
            if bumps(problem, p, q) && problem.items[p.item].rank == problem.items[q.item].rank {
                out.push(format!(
                    "碰题: the headlines of {} and {} stand side by side at the same height",
                    name(problem, p.item),
                    name(problem, q.item)
                ));
            }
        }
    }
}

/// Whether the headlines of two placed items bump (whatever their ranks): both carry one,
/// their blocks (an L by its top) stand side by side, and the lines of their headline bands
/// ([`super::problem::Item::head`], at least [`super::problem::HEAD_BAND`]) overlap.
pub fn bumps(problem: &Problem, a: &Placement, b: &Placement) -> bool {
    let (Some(ia), Some(ib)) = (problem.items.get(a.item), problem.items.get(b.item)) else {
        return false;
    };
    let heads = ia.has_headline() && ib.has_headline();
    let (ra, rb) = (a.at, b.at);
    let side_by_side = ra.right() == rb.x || rb.right() == ra.x;
    let band = |r: &Cells, head: u32| r.y..r.y + head.max(1);
    let (band_a, band_b) = (band(&ra, ia.head(a)), band(&rb, ib.head(b)));
    heads && side_by_side && band_a.start < band_b.end && band_b.start < band_a.end
}

/// The blocks are listed top-left to bottom-right.
fn reading_order(layout: &Layout, out: &mut Vec<String>) {
    let keys: Vec<(u32, u32)> = layout.placements.iter().map(|p| (p.at.y, p.at.x)).collect();
    if keys.windows(2).any(|w| w[0] > w[1]) {
        out.push("the blocks are not in reading order".to_string());
    }
}

/// The 头条 (the one item of the highest rank, when there is one) starts on the top line of
/// the blocks. (Its column is the score's: [`super::score`]'s `lead` term wants it in the
/// top-left corner, which some pages cannot give it.)
fn lead_on_top(problem: &Problem, layout: &Layout, out: &mut Vec<String>) {
    let Some(lead) = problem.lead() else { return };
    let top = layout.placements.iter().map(|p| p.at.y).min();
    let lead_top = layout
        .placements
        .iter()
        .find(|p| p.item == lead)
        .map(|p| p.at.y);
    if lead_top.is_some() && lead_top != top {
        out.push(format!(
            "the 头条 {} is not at the top",
            name(problem, lead)
        ));
    }
}

/// Above the fold and keep-with.
fn constraints(problem: &Problem, layout: &Layout, out: &mut Vec<String>) {
    let at = |item: usize| layout.placements.iter().find(|p| p.item == item);
    for (i, item) in problem.items.iter().enumerate() {
        let Some(a) = at(i) else { continue };
        if item.above_fold && a.at.y >= problem.rows / 2 {
            out.push(format!("{} should start above the fold", item.name));
        }
        let apart = item
            .keep_with
            .filter(|&other| at(other).is_some_and(|b| !a.touches(b)));
        if let Some(other) = apart {
            out.push(format!(
                "{} should touch {}",
                item.name,
                name(problem, other)
            ));
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::problem::{Cells, Ell, Item, ItemKind, Placement, Shape};
    use super::*;

    /// An article of one width, `h` lines at its least and up to three more (the planner's
    /// tests use it too).
    pub(in crate::plan) fn item(name: &str, rank: u32, w: u32, h: u32) -> Item {
        Item {
            name: name.into(),
            rank,
            kind: ItemKind::Article,
            shapes: vec![Shape {
                w,
                h_min: h,
                h_max: h + 3,
                natural: h,
                text_columns: None,
                jump_full: None,
                head: 3,
            }],
            ells: vec![],
            above_fold: false,
            keep_with: None,
        }
    }

    fn at(item: usize, x: u32, y: u32, w: u32, h: u32) -> Placement {
        Placement::rect(item, Cells { x, y, w, h })
    }

    fn page() -> Problem {
        Problem {
            columns: 4,
            rows: 20,
            blocked: vec![],
            items: vec![item("a", 1, 2, 20), item("b", 2, 2, 9), item("c", 2, 2, 10)],
        }
    }

    #[test]
    fn a_full_page_keeps_the_rules() {
        let l = Layout::sorted(vec![
            at(0, 0, 0, 2, 20),
            at(1, 2, 0, 2, 10),
            at(2, 2, 10, 2, 10),
        ]);
        assert_eq!(violations(&page(), &l), Vec::<String>::new());
    }

    #[test]
    fn overlap_hole_overset_and_order_are_caught() {
        let l = Layout {
            placements: vec![at(1, 2, 0, 2, 10), at(0, 0, 0, 2, 19), at(2, 2, 5, 2, 9)],
        };
        let v = violations(&page(), &l).join("\n");
        assert!(v.contains("overlap"), "{v}");
        assert!(v.contains("overset"), "{v}");
        assert!(v.contains("reading order"), "{v}");
        let l = Layout::sorted(vec![
            at(0, 0, 0, 2, 20),
            at(1, 2, 0, 2, 10),
            at(2, 2, 14, 2, 6),
        ]);
        let v = violations(&page(), &l).join("\n");
        assert!(v.contains("hole"), "{v}");
    }

    #[test]
    fn heads_of_one_rank_side_by_side_bump() {
        let mut p = page();
        p.items[0] = item("a", 2, 2, 10);
        p.items[2] = item("c", 3, 2, 10);
        p.items.push(item("d", 2, 2, 10));
        let l = Layout::sorted(vec![
            at(0, 0, 0, 2, 10),
            at(1, 2, 0, 2, 10),
            at(2, 2, 10, 2, 10),
            at(3, 0, 10, 2, 10),
        ]);
        let v = violations(&p, &l).join("\n");
        assert!(v.contains("碰题"), "{v}");
    }

    fn cells(x: u32, y: u32, w: u32, h: u32) -> Cells {
        Cells { x, y, w, h }
    }

    /// The lead as an L (4 × 8 over a foot 2 wide) beside story b, on a 4 × 20 page.
    fn ell_page() -> Problem {
        let mut p = page();
        p.items[0].ells = vec![Ell {
            w: 4,
            h_top: 8,
            w_foot: 2,
            h_min: 10,
            h_max: 13,
        }];
        p.items[1] = item("b", 2, 2, 11);
        p.items.truncate(2);
        p
    }

    fn ell_layout(foot: Cells, side: Cells) -> Layout {
        let top = Placement {
            item: 0,
            at: cells(0, 0, 4, 8),
            foot: Some(foot),
            text_columns: None,
        };
        Layout::sorted(vec![top, Placement::rect(1, side)])
    }

    #[test]
    fn heads_bump_by_their_measured_bands() {
        // b and c side by side, tops 4 lines apart: clear with 3-line bands, a bump when
        // b's headline group is 6 lines tall.
        let mut p = page();
        p.items[0] = item("a", 3, 2, 10);
        let l = Layout::sorted(vec![
            at(0, 0, 10, 2, 10),
            at(1, 0, 0, 2, 10),
            at(2, 2, 4, 2, 16),
        ]);
        let bump = |p: &Problem| violations(p, &l).iter().any(|v| v.contains("碰题"));
        p.items[2] = item("c", 2, 2, 16);
        p.items[2].shapes[0].h_max = 16;
        // The 4 lines above c are a hole: only the 碰题 is looked at here.
        assert!(!bump(&p));
        p.items[1].shapes[0].head = 6;
        assert!(bump(&p));
    }

    #[test]
    fn a_broken_column_block_is_checked_against_its_own_shape() {
        let mut p = page();
        let mut broken = p.items[0].shapes[0];
        broken.text_columns = Some(1);
        broken.h_min = 18;
        broken.natural = 18;
        p.items[0].shapes.push(broken);
        let l = |tc: Option<u32>, h: u32| {
            let mut a = at(0, 0, 0, 2, h);
            a.text_columns = tc;
            Layout::sorted(vec![a, at(1, 2, 0, 2, 10), at(2, 2, 10, 2, 10)])
        };
        // 18 lines is too few in two text columns, enough in one wider.
        let v = violations(&p, &l(None, 18)).join("\n");
        assert!(v.contains("overset"), "{v}");
        assert_eq!(
            violations(&p, &l(Some(1), 18)).len(),
            1,
            "only the hole under it"
        );
        let v = violations(&p, &l(Some(3), 20)).join("\n");
        assert!(v.contains("cannot be 2 columns wide in Some(3)"), "{v}");
    }

    #[test]
    fn an_l_may_have_its_foot_on_the_right() {
        let p = ell_page();
        let good = ell_layout(cells(2, 8, 2, 12), cells(0, 8, 2, 12));
        assert_eq!(violations(&p, &good), Vec::<String>::new());
    }

    #[test]
    fn an_l_is_checked_as_two_rectangles() {
        let p = ell_page();
        let side = cells(2, 8, 2, 12);
        let good = ell_layout(cells(0, 8, 2, 12), side);
        assert_eq!(violations(&p, &good), Vec::<String>::new());
        // The foot under the side story's columns: overlap.
        let v = violations(&p, &ell_layout(cells(1, 8, 2, 12), side)).join("\n");
        assert!(v.contains("overlap") && v.contains("flush left"), "{v}");
        // A foot too short for what composing left, and one of a width it was not measured at.
        let v = violations(&p, &ell_layout(cells(0, 8, 2, 9), side)).join("\n");
        assert!(v.contains("the foot of a's L has 9 lines"), "{v}");
        let wide = ell_layout(cells(0, 8, 3, 12), cells(3, 8, 1, 12));
        let v = violations(&p, &wide).join("\n");
        assert!(v.contains("has no L"), "{v}");
    }
}
