//! Where an item could go on the sheet, and how good each place is.

use super::super::problem::{Cells, Ell, ItemKind, MAX_HOLE, Placement, Problem, Shape};
use super::dfs::{Sheet, Start};

/// A place an item could go, and how good a fit it is (lower is better).
pub(super) struct Spot {
    pub(super) at: Cells,
    /// The foot of an L.
    pub(super) foot: Option<Cells>,
    /// 破栏: the text columns of its shape.
    pub(super) text_columns: Option<u32>,
    pub(super) cost: i64,
}

/// Where item `i` could go on the sheet; as `start` says, the 头条 only at the top-left corner of
/// the free area (when one of its widths fits there), and only as an L or only as a rectangle.
pub(super) fn spots(sheet: &Sheet<'_>, placed: &[Placement], i: usize, start: Start) -> Vec<Spot> {
    let problem = sheet.problem;
    let item = &problem.items[i];
    let skies: Vec<u32> = (0..problem.columns).map(|x| sheet.sky(x)).collect();
    let here = Here {
        sheet,
        placed,
        i,
        top: skies.iter().copied().min().unwrap_or(0),
        corner: start
            .corner
            .then(|| problem.lead_corner())
            .flatten()
            .filter(|(_, lead)| *lead == i)
            .map(|(c, _)| (c.x, c.y)),
        partner: item
            .keep_with
            .and_then(|k| placed.iter().find(|p| p.item == k)),
        skies,
    };
    if start.ell && !item.ells.is_empty() && problem.lead() == Some(i) {
        item.ells.iter().flat_map(|e| here.ell_spots(e)).collect()
    } else {
        item.shapes
            .iter()
            .filter(|s| s.w <= problem.columns)
            .flat_map(|s| here.rect_spots(s))
            .collect()
    }
}

/// Item `i` about to be placed on the sheet.
struct Here<'a> {
    sheet: &'a Sheet<'a>,
    placed: &'a [Placement],
    i: usize,
    /// The first free line of each column.
    skies: Vec<u32>,
    /// The highest of them.
    top: u32,
    /// Where the 头条 must go in this attempt.
    corner: Option<(u32, u32)>,
    /// The block it must touch, when that is placed.
    partner: Option<&'a Placement>,
}

impl Here<'_> {
    /// The gap at column `x` for a block `w` wide, where the item may start (at the corner if
    /// it must, above the fold if it must).
    fn gap_at(&self, x: u32, w: u32) -> Option<Gap> {
        let problem = self.sheet.problem;
        let gap = gap(self.sheet, &self.skies, x, w)?;
        let off_corner = self.corner.is_some_and(|c| c != (x, gap.y));
        let low = problem.items[self.i].above_fold && gap.y >= problem.rows / 2;
        (!off_corner && !low).then_some(gap)
    }

    /// Whether `r` misses the block the item must touch.
    fn apart(&self, r: &Cells) -> bool {
        self.partner
            .is_some_and(|p| !p.rects().any(|q| q.touches(r)))
    }

    /// The spots of a rectangle in `shape`.
    fn rect_spots(&self, shape: &Shape) -> Vec<Spot> {
        let problem = self.sheet.problem;
        let mut out = Vec::new();
        for x in 0..=problem.columns - shape.w {
            let Some(gap) = self.gap_at(x, shape.w) else {
                continue;
            };
            for h in block_heights(problem, self.placed, self.i, shape, &gap) {
                let at = Cells {
                    x,
                    y: gap.y,
                    w: shape.w,
                    h,
                };
                if !self.apart(&at) {
                    let cost = cost(problem, self.placed, self.i, &at, &gap, self.top);
                    out.push(Spot {
                        at,
                        foot: None,
                        text_columns: shape.text_columns,
                        cost,
                    });
                }
            }
        }
        out
    }

    /// The spots of the L `ell`: its top, and its foot (flush left or flush right) at each
    /// height worth trying under it, costed as the rectangle from the top to the foot's foot,
    /// a little dearer than a rectangle (and a foot on the right a little dearer again: the
    /// notch then stands at the left, against the reading order's start).
    fn ell_spots(&self, ell: &Ell) -> Vec<Spot> {
        let problem = self.sheet.problem;
        let mut out = Vec::new();
        for x in 0..=problem.columns.saturating_sub(ell.w) {
            let Some(gap) = self.gap_at(x, ell.w) else {
                continue;
            };
            let top = Cells {
                x,
                y: gap.y,
                w: ell.w,
                h: ell.h_top,
            };
            for (foot_x, dearer) in [(x, 60), (x + ell.w - ell.w_foot, 70)] {
                self.foot_spots(ell, &top, &gap, foot_x, dearer, &mut out);
            }
        }
        out
    }

    /// The spots of the L `ell` with its top at `top` and its foot at column `foot_x`.
    fn foot_spots(
        &self,
        ell: &Ell,
        top: &Cells,
        gap: &Gap,
        foot_x: u32,
        dearer: i64,
        out: &mut Vec<Spot>,
    ) {
        let problem = self.sheet.problem;
        let Some(under) = self.under(top, ell, gap, foot_x) else {
            return;
        };
        let shape = Shape {
            w: ell.w_foot,
            h_min: ell.h_min,
            h_max: ell.h_max,
            natural: ell.h_min,
            text_columns: None,
            jump_full: None,
            head: 0,
        };
        let room = Gap {
            right: None,
            floor: under.floor,
            ..*gap
        };
        for h in block_heights(problem, self.placed, self.i, &shape, &under) {
            let foot = Cells {
                x: foot_x,
                y: under.y,
                w: ell.w_foot,
                h,
            };
            let whole = Cells {
                h: ell.h_top + h,
                ..*top
            };
            if !(self.apart(top) && self.apart(&foot)) {
                let cost = cost(problem, self.placed, self.i, &whole, &room, self.top);
                out.push(Spot {
                    at: *top,
                    foot: Some(foot),
                    text_columns: None,
                    cost: cost + dearer,
                });
            }
        }
    }

    /// The gap under the top of an L for its foot at column `foot_x`: the foot's columns down
    /// to what stops them, the top beside it; `None` when even its least foot does not fit.
    fn under(&self, top: &Cells, ell: &Ell, gap: &Gap, foot_x: u32) -> Option<Gap> {
        let foot_y = top.bottom();
        let sky = |c: u32| self.skies.get(c as usize).copied();
        let (left, right) = if foot_x == top.x {
            (top.x.checked_sub(1).and_then(sky), Some(foot_y))
        } else {
            (Some(foot_y), sky(top.right()))
        };
        (foot_y + ell.h_min <= gap.floor).then(|| Gap {
            y: foot_y,
            uneven: 0,
            floor: self.sheet.floor(foot_x, ell.w_foot, foot_y),
            left,
            right,
        })
    }
}

/// The room a block `w` columns wide would stand in at column `x`.
#[derive(Clone, Copy)]
struct Gap {
    /// Its top: the highest free line the columns share.
    y: u32,
    /// How many lines higher the highest of those columns' skies is.
    uneven: u32,
    /// The first taken line under `y` in any of the columns.
    floor: u32,
    /// The skies of the columns either side.
    left: Option<u32>,
    right: Option<u32>,
}

/// The gap at column `x`, if its columns are level enough: columns whose sky is a little
/// higher keep a short gap above, which a block above stretches over.
fn gap(sheet: &Sheet<'_>, skies: &[u32], x: u32, w: u32) -> Option<Gap> {
    let span = &skies[x as usize..(x + w) as usize];
    let y = span.iter().copied().max().unwrap_or(0);
    let uneven = y - span.iter().copied().min().unwrap_or(0);
    (uneven <= MAX_HOLE).then(|| Gap {
        y,
        uneven,
        floor: sheet.floor(x, w, y),
        left: (x > 0).then(|| skies[x as usize - 1]),
        right: skies.get((x + w) as usize).copied(),
    })
}

/// The heights item `i` is tried at in `gap`: those of [`heights`], those that leave room
/// under it for an item still to place in these columns, and its least at the foot.
fn block_heights(
    problem: &Problem,
    placed: &[Placement],
    i: usize,
    shape: &Shape,
    gap: &Gap,
) -> Vec<u32> {
    // Text with a block under it keeps a line for the rule: only at the foot of the 版心
    // does it get by with its least height. Copyfit's lines (under `natural`) are only for
    // feet that meet something.
    let text = problem.items[i].kind != ItemKind::Picture;
    let h_min = shape.h_min + u32::from(text);
    let plain = if text {
        shape.natural.max(shape.h_min) + 1
    } else {
        shape.h_min
    };
    let room = gap.floor.saturating_sub(gap.y);
    let leave = problem
        .items
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i && !placed.iter().any(|p| p.item == *j))
        .flat_map(|(_, it)| it.shapes.iter().filter(|s| s.w == shape.w))
        .flat_map(|s| {
            let n = s.natural.max(s.h_min);
            let tight = Some(s.h_min).filter(|&h| h < n);
            tight.into_iter().chain([n, n + 1, n + 2])
        })
        .filter_map(|under| room.checked_sub(under))
        .filter(|&h| h >= h_min && h <= shape.h_max);
    let at_foot = gap.y + shape.h_min == problem.rows && gap.floor == problem.rows;
    // A picture may also be cropped as tall as it goes (into a notch it then closes).
    let tallest = (!text && shape.h_max <= room).then_some(shape.h_max);
    let (y, floor) = (gap.y, gap.floor);
    heights([h_min, plain], shape.h_max, y, floor, gap.left, gap.right)
        .into_iter()
        .chain(leave)
        .chain(at_foot.then_some(shape.h_min))
        .chain(tallest)
        .collect()
}

/// Heights worth trying in a gap from line `y` down to `floor`: `plain` (the least without
/// copyfit), and those whose foot meets the floor or a neighbouring column's skyline, none
/// under `h_min`.
fn heights(
    [h_min, plain]: [u32; 2],
    h_max: u32,
    y: u32,
    floor: u32,
    left: Option<u32>,
    right: Option<u32>,
) -> Vec<u32> {
    let room = floor.saturating_sub(y);
    let mut hs: Vec<u32> = vec![plain, room];
    for n in [left, right].into_iter().flatten() {
        if n > y {
            hs.push(n - y);
        }
    }
    hs.retain(|&h| h >= h_min && h <= h_max && h <= room && h > 0);
    hs.sort_unstable();
    hs.dedup();
    hs
}

/// How good a spot is: high and left first; feet that meet the floor or a neighbour, or leave
/// room another item can fill, before feet that leave a gap nothing fills.
fn cost(
    problem: &Problem,
    placed: &[Placement],
    i: usize,
    at: &Cells,
    room: &Gap,
    top: u32,
) -> i64 {
    let item = &problem.items[i];
    let mut cost = i64::from(at.y - top) * 8 + i64::from(at.x) + i64::from(room.uneven) * 15;
    let gap = room.floor - at.bottom();
    let aligned = gap == 0 || room.left == Some(at.bottom()) || room.right == Some(at.bottom());
    if aligned {
        cost -= 40;
    } else if gap <= MAX_HOLE {
        cost -= 20;
    } else if gap < smallest_left(problem, placed, i) {
        // A gap nothing can fill: the attempt will fail.
        cost += 400;
    }
    // The 头条 wide, the rest not wider than the 头条.
    if item.rank == 1 && item.kind == ItemKind::Article {
        cost -= i64::from(at.w) * 30;
    }
    // Keep small items from taking the whole width unless they are long.
    if at.w == problem.columns && item.rank > 1 {
        cost += 60;
    }
    cost
}

/// The fewest lines any item still to place needs (in any width).
fn smallest_left(problem: &Problem, placed: &[Placement], i: usize) -> u32 {
    problem
        .items
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i && !placed.iter().any(|p| p.item == *j))
        .flat_map(|(_, it)| it.shapes.iter().map(|s| s.h_min))
        .min()
        .unwrap_or(0)
}
