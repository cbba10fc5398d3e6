//! The search: a randomised skyline packer run over and over within the time budget.
//!
//! One attempt takes the items in an order (by rank, shuffled a little) and puts each at the
//! highest, leftmost place where the page's skyline is flat under it, in one of its shapes,
//! preferring heights whose foot lines up with a neighbour, a piece of furniture or the foot of
//! the 版心 (so the page closes without holes). After the last item, blocks stretch down over
//! short gaps within what their shape allows. Attempts that leave a hole are dropped; the
//! others are scored, and the best distinct ones kept. Deterministic for a seed: the random
//! numbers come from the seed alone, and the time budget only cuts the number of attempts
//! (`max_attempts` bounds it for tests and benchmarks that need the same result on any
//! machine).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use super::problem::{Cells, ItemKind, Layout, MAX_HOLE, MIN_COVER, Placement, Problem};
use super::rules;
use super::score::{Score, score};

/// How long and how widely to search.
#[derive(Debug, Clone, Copy)]
pub struct Search {
    /// The seed of the random numbers.
    pub seed: u64,
    /// Stop after this long.
    pub time: Duration,
    /// Stop after this many attempts.
    pub max_attempts: u64,
    /// Keep this many of the best distinct proposals.
    pub keep: usize,
}

/// What the search found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The best proposals that keep every hard rule, best first.
    pub proposals: Vec<(Layout, Score)>,
    /// Attempts made.
    pub attempts: u64,
    /// Of those, attempts that placed every item.
    pub complete: u64,
    /// The items the best failed attempt could not place (for the report of a page that is
    /// too full), when no attempt kept every rule.
    pub left_over: Vec<usize>,
}

/// A small, fast, seedable generator (SplitMix64): the search needs reproducible numbers, not
/// cryptographic ones.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.bits() % n as u64) as usize
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.bits() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Search for proposals.
pub fn search(problem: &Problem, search: &Search) -> Found {
    let start = Instant::now();
    let mut rng = Rng::new(search.seed);
    let mut found = Found::default();
    let mut seen: HashSet<Layout> = HashSet::new();
    let mut best_partial: Option<Vec<usize>> = None;
    while found.attempts < search.max_attempts && start.elapsed() < search.time {
        found.attempts += 1;
        let order = order(problem, &mut rng, found.attempts);
        match attempt(problem, &order, &mut rng) {
            Ok(layout) => {
                found.complete += 1;
                // The attempt checked the rules; the check is repeated here so that no
                // proposal can leave without it.
                if seen.contains(&layout) || !rules::violations(problem, &layout).is_empty() {
                    continue;
                }
                let s = score(problem, &layout);
                seen.insert(layout.clone());
                found.proposals.push((layout, s));
                found
                    .proposals
                    .sort_by(|a, b| a.1.total.total_cmp(&b.1.total));
                found.proposals.truncate(search.keep.max(1) * 4);
            }
            Err(left) => {
                if best_partial.as_ref().is_none_or(|b| left.len() < b.len()) {
                    best_partial = Some(left);
                }
            }
        }
    }
    if found.proposals.is_empty() {
        found.left_over = best_partial.unwrap_or_default();
    }
    found
}

/// One attempt with its own seed, in the order the search's first attempt uses: the layout
/// when every item found a place (holes and all: the search's filter is not applied).
pub fn attempt_once(problem: &Problem, seed: u64) -> Option<Layout> {
    let mut rng = Rng::new(seed);
    let order = order(problem, &mut rng, 1 + seed % 7);
    attempt(problem, &order, &mut rng).ok()
}

/// The order of one attempt: by rank (then larger first), with neighbours swapped at random
/// after the first attempt, and each keep-with item right after its partner.
fn order(problem: &Problem, rng: &mut Rng, attempt: u64) -> Vec<usize> {
    let items = &problem.items;
    let mut order: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].keep_with.is_none())
        .collect();
    order.sort_by_key(|&i| (items[i].rank, std::cmp::Reverse(items[i].min_area())));
    if attempt > 1 {
        for k in 1..order.len() {
            // The 头条 stays first.
            if k > 1 && rng.chance(0.35) {
                order.swap(k - 1, k);
            }
        }
        if order.len() > 2 && rng.chance(0.3) {
            let a = 1 + rng.below(order.len() - 1);
            let b = 1 + rng.below(order.len() - 1);
            order.swap(a, b);
        }
    }
    for (i, item) in items.iter().enumerate() {
        if let Some(partner) = item.keep_with {
            let at = order
                .iter()
                .position(|&o| o == partner)
                .map_or(order.len(), |p| p + 1);
            order.insert(at, i);
        }
    }
    order
}

/// The page as it fills: which cells are taken.
struct Sheet<'a> {
    problem: &'a Problem,
    taken: Vec<bool>,
}

impl Sheet<'_> {
    fn is_taken(&self, x: u32, y: u32) -> bool {
        y >= self.problem.rows || self.taken[(y * self.problem.columns + x) as usize]
    }

    fn take(&mut self, r: &Cells) {
        for y in r.y..r.bottom() {
            for x in r.x..r.right() {
                self.taken[(y * self.problem.columns + x) as usize] = true;
            }
        }
    }

    /// The first free line of column `x`.
    fn sky(&self, x: u32) -> u32 {
        (0..self.problem.rows)
            .find(|&y| !self.is_taken(x, y))
            .unwrap_or(self.problem.rows)
    }

    /// The first taken line at or below `y` in any of the columns `x..x + w`.
    fn floor(&self, x: u32, w: u32, y: u32) -> u32 {
        (x..x + w)
            .map(|c| {
                (y..self.problem.rows)
                    .find(|&r| self.is_taken(c, r))
                    .unwrap_or(self.problem.rows)
            })
            .min()
            .unwrap_or(y)
    }
}

/// A place an item could go, and how good a fit it is (lower is better).
struct Spot {
    at: Cells,
    cost: i64,
}

/// Nodes one attempt may visit before it gives up.
const NODES_PER_ATTEMPT: u32 = 400;
/// Spots tried at each step of an attempt.
const BRANCH: usize = 3;

/// One attempt: a depth-first search over the first few spots of each item in `order`,
/// pruned where the cells left cannot hold the items left or the items left cannot fill
/// them, bounded by [`NODES_PER_ATTEMPT`]. The layout found, or the items the deepest branch
/// could not place.
fn attempt(problem: &Problem, order: &[usize], rng: &mut Rng) -> Result<Layout, Vec<usize>> {
    let sheet = Sheet {
        problem,
        taken: problem.occupancy(),
    };
    let mut dfs = Dfs {
        order,
        budget: NODES_PER_ATTEMPT,
        deepest: 0,
    };
    match dfs.go(sheet, Vec::new(), rng) {
        Some(layout) => Ok(layout),
        None => Err(order[dfs.deepest.min(order.len())..].to_vec()),
    }
}

struct Dfs<'a> {
    order: &'a [usize],
    budget: u32,
    deepest: usize,
}

impl Dfs<'_> {
    fn go(&mut self, sheet: Sheet<'_>, placed: Vec<Placement>, rng: &mut Rng) -> Option<Layout> {
        let depth = placed.len();
        self.deepest = self.deepest.max(depth);
        let problem = sheet.problem;
        if depth == self.order.len() {
            let mut sheet = sheet;
            let mut placed = placed;
            stretch(&mut sheet, &mut placed);
            let layout = Layout::sorted(placed);
            return rules::violations(problem, &layout)
                .is_empty()
                .then_some(layout);
        }
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        let i = self.order[depth];
        let mut spots = spots(&sheet, &placed, i);
        spots.sort_by_key(|s| (s.cost, s.at));
        // A few of the better spots, drawn at random with a lean to the best: that is what
        // makes attempts differ.
        let mut tries: Vec<Spot> = Vec::new();
        while tries.len() < BRANCH && !spots.is_empty() {
            let mut k = 0;
            while k + 1 < spots.len().min(12) && rng.chance(0.6) {
                k += 1;
            }
            tries.push(spots.remove(k));
        }
        for spot in tries {
            let mut next = Sheet {
                problem,
                taken: sheet.taken.clone(),
            };
            next.take(&spot.at);
            let mut now = placed.clone();
            now.push(Placement {
                item: i,
                at: spot.at,
            });
            if !can_close(&next, &now, &self.order[depth + 1..]) {
                continue;
            }
            if let Some(layout) = self.go(next, now, rng) {
                return Some(layout);
            }
        }
        None
    }
}

/// Whether the items `left` could still fill the free cells of the sheet: they fit in area,
/// and at their tallest they leave no more empty than the cover rule allows.
fn can_close(sheet: &Sheet<'_>, _placed: &[Placement], left: &[usize]) -> bool {
    let problem = sheet.problem;
    let free = sheet.taken.iter().filter(|t| !**t).count() as f64;
    let items = left.iter().map(|&i| &problem.items[i]);
    let least: f64 = items
        .clone()
        .filter_map(|it| it.min_area())
        .map(f64::from)
        .sum();
    let most: f64 = items
        .filter_map(|it| it.shapes.iter().map(|s| s.w * s.h_max).max())
        .map(f64::from)
        .sum();
    let slack = (1.0 - MIN_COVER) * f64::from(problem.columns * problem.rows);
    least <= free && free - most <= slack
}

/// Where item `i` could go on the sheet.
fn spots(sheet: &Sheet<'_>, placed: &[Placement], i: usize) -> Vec<Spot> {
    let problem = sheet.problem;
    let item = &problem.items[i];
    let partner = item
        .keep_with
        .and_then(|k| placed.iter().find(|p| p.item == k).map(|p| p.at));
    let skies: Vec<u32> = (0..problem.columns).map(|x| sheet.sky(x)).collect();
    let top = skies.iter().copied().min().unwrap_or(0);
    let mut out = Vec::new();
    for shape in &item.shapes {
        if shape.w > problem.columns {
            continue;
        }
        for x in 0..=problem.columns - shape.w {
            // On the highest free line the columns share; columns whose sky is a little
            // higher keep a short gap above, which a block above stretches over.
            let span = &skies[x as usize..(x + shape.w) as usize];
            let y = span.iter().copied().max().unwrap_or(0);
            let uneven = y - span.iter().copied().min().unwrap_or(0);
            if uneven > MAX_HOLE {
                continue;
            }
            if item.above_fold && y >= problem.rows / 2 {
                continue;
            }
            let floor = sheet.floor(x, shape.w, y);
            let left = (x > 0).then(|| skies[x as usize - 1]);
            let right = skies.get((x + shape.w) as usize).copied();
            // Text with a block under it keeps a line for the rule: only at the foot of the
            // 版心 does it get by with its least height.
            let h_min = if item.kind != ItemKind::Picture {
                shape.h_min + 1
            } else {
                shape.h_min
            };
            // Heights that leave room under it for an item still to place, in these columns.
            let room = floor.saturating_sub(y);
            let leave: Vec<u32> = problem
                .items
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i && !placed.iter().any(|p| p.item == *j))
                .filter_map(|(_, it)| it.shape(shape.w))
                .flat_map(|s| [s.h_min, s.h_min + 1, s.h_min + 2])
                .filter_map(|under| room.checked_sub(under))
                .filter(|&h| h >= h_min && h <= shape.h_max)
                .collect();
            for h in heights(h_min, shape.h_max, y, floor, left, right)
                .into_iter()
                .chain(leave)
                .chain(
                    (y + shape.h_min == problem.rows && floor == problem.rows)
                        .then_some(shape.h_min),
                )
            {
                let at = Cells {
                    x,
                    y,
                    w: shape.w,
                    h,
                };
                if partner.is_some_and(|p| !p.touches(&at)) {
                    continue;
                }
                let cost =
                    cost(problem, placed, i, &at, floor, top, left, right) + i64::from(uneven) * 15;
                out.push(Spot { at, cost });
            }
        }
    }
    out
}

/// Heights worth trying in a gap from line `y` down to `floor`: the least, and those whose foot
/// meets the floor or a neighbouring column's skyline.
fn heights(
    h_min: u32,
    h_max: u32,
    y: u32,
    floor: u32,
    left: Option<u32>,
    right: Option<u32>,
) -> Vec<u32> {
    let room = floor.saturating_sub(y);
    let mut hs: Vec<u32> = vec![h_min, room];
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
#[allow(clippy::too_many_arguments)]
fn cost(
    problem: &Problem,
    placed: &[Placement],
    i: usize,
    at: &Cells,
    floor: u32,
    top: u32,
    left: Option<u32>,
    right: Option<u32>,
) -> i64 {
    let item = &problem.items[i];
    let mut cost = i64::from(at.y - top) * 8 + i64::from(at.x);
    let gap = floor - at.bottom();
    let aligned = gap == 0 || left == Some(at.bottom()) || right == Some(at.bottom());
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

/// Stretch blocks down over the empty lines under them, as far as their shapes allow: the
/// lowest first, so a gap under two stacked blocks goes to the lower.
fn stretch(sheet: &mut Sheet<'_>, placed: &mut [Placement]) {
    let problem = sheet.problem;
    let mut by_foot: Vec<usize> = (0..placed.len()).collect();
    by_foot.sort_by_key(|&k| std::cmp::Reverse(placed[k].at.bottom()));
    for k in by_foot {
        let at = placed[k].at;
        let Some(shape) = problem.items[placed[k].item].shape(at.w) else {
            continue;
        };
        let floor = sheet.floor(at.x, at.w, at.bottom());
        let grow = floor
            .saturating_sub(at.bottom())
            .min(shape.h_max.saturating_sub(at.h));
        if grow > 0 {
            let extra = Cells {
                y: at.bottom(),
                h: grow,
                ..at
            };
            sheet.take(&extra);
            placed[k].at.h += grow;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::problem::{Item, ItemKind, Shape};
    use super::*;

    fn story(name: &str, rank: u32, area: u32, columns: u32) -> Item {
        Item {
            name: name.into(),
            rank,
            kind: ItemKind::Article,
            shapes: (1..=columns)
                .map(|w| Shape {
                    w,
                    h_min: area.div_ceil(w) + 3,
                    h_max: area.div_ceil(w) + 6,
                })
                .collect(),
            above_fold: false,
            keep_with: None,
        }
    }

    /// A 6 × 60 page whose foot (6 lines across) is taken by an ad, holding `items`.
    fn page_with(items: Vec<Item>) -> Problem {
        Problem {
            columns: 6,
            rows: 60,
            blocked: vec![Cells {
                x: 0,
                y: 54,
                w: 6,
                h: 6,
            }],
            items,
        }
    }

    fn problem() -> Problem {
        page_with(vec![
            story("lead", 1, 100, 6),
            story("second", 2, 70, 4),
            story("third", 3, 60, 4),
            story("fourth", 3, 40, 4),
            story("brief", 4, 30, 4),
        ])
    }

    fn fixed(name: &str, rank: u32, w: u32, h: u32) -> Item {
        Item {
            name: name.into(),
            rank,
            kind: ItemKind::Article,
            shapes: vec![Shape {
                w,
                h_min: h,
                h_max: h + 3,
            }],
            above_fold: false,
            keep_with: None,
        }
    }

    /// A page that closes: the lead across the top, one tall story and two stacked beside it.
    fn closing() -> Problem {
        page_with(vec![
            fixed("lead", 1, 6, 18),
            fixed("tall", 2, 3, 33),
            fixed("upper", 3, 3, 16),
            fixed("lower", 3, 3, 16),
        ])
    }

    #[test]
    fn a_page_that_can_close_is_closed_and_keeps_the_rules() {
        let p = closing();
        let f = search(
            &p,
            &Search {
                seed: 3,
                time: Duration::from_secs(30),
                max_attempts: 200,
                keep: 2,
            },
        );
        let (layout, _) = f.proposals.first().expect("a proposal");
        assert_eq!(rules::violations(&p, layout), Vec::<String>::new());
        assert_eq!(layout.placements[0].item, 0, "the lead comes first");
    }

    fn run(seed: u64) -> Found {
        search(
            &closing(),
            &Search {
                seed,
                time: Duration::from_secs(30),
                max_attempts: 3000,
                keep: 3,
            },
        )
    }

    #[test]
    fn the_same_seed_finds_the_same_proposals() {
        let a = run(7);
        let b = run(7);
        assert!(
            !a.proposals.is_empty(),
            "found nothing in {} attempts",
            a.attempts
        );
        let key = |f: &Found| f.proposals.iter().map(|p| p.0.clone()).collect::<Vec<_>>();
        assert_eq!(key(&a), key(&b));
    }

    #[test]
    fn too_much_copy_leaves_items_over() {
        let mut p = problem();
        p.items.push(story("huge", 3, 400, 6));
        let f = search(
            &p,
            &Search {
                seed: 1,
                time: Duration::from_secs(30),
                max_attempts: 300,
                keep: 1,
            },
        );
        assert!(f.proposals.is_empty());
        assert!(!f.left_over.is_empty());
    }
}
