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

mod dfs;
mod rng;
mod spots;

use super::problem::{Layout, Problem};
use super::rules;
use super::score::{Score, score};
use dfs::{Start, attempt};
pub use rng::Rng;

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
    /// Stop once the best `keep` proposals have not changed for this many attempts (and for
    /// at least as many as it took to find them); `u64::MAX` searches to the end of the
    /// budget.
    pub patience: u64,
}

/// The default [`Search::patience`]. On the sample's briefs the best plan of a 5-second
/// search was found within its first 1,600 attempts (page 3, once its 头条 could be an L, finds
/// a slightly better L after 18,000), so 2,000 more without a change (and at least as many as
/// it took) rarely gives much up and ends the search in a second or two.
pub const PATIENCE: u64 = 2000;

/// What the search found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The best proposals that keep every hard rule, best first.
    pub proposals: Vec<(Layout, Score)>,
    /// Attempts made.
    pub attempts: u64,
    /// Of those, attempts that placed every item.
    pub complete: u64,
    /// The attempt that last changed the best `keep` proposals (0 before the first).
    pub improved_at: u64,
    /// The items the best failed attempt could not place (for the report of a page that is
    /// too full), when no attempt kept every rule.
    pub left_over: Vec<usize>,
}

/// Search for proposals.
pub fn search(problem: &Problem, search: &Search) -> Found {
    let start = Instant::now();
    let mut rng = Rng::new(search.seed);
    let mut found = Found::default();
    let mut seen: HashSet<Layout> = HashSet::new();
    let mut best_partial: Option<Vec<usize>> = None;
    while found.attempts < search.max_attempts
        && start.elapsed() < search.time
        && !settled(&found, search.patience)
    {
        found.attempts += 1;
        let order = order(problem, &mut rng, found.attempts);
        match attempt(problem, &order, how_to_start(found.attempts), &mut rng) {
            Ok(layout) => {
                found.complete += 1;
                // The attempt checked the rules; the check is repeated here so that no
                // proposal can leave without it.
                if seen.contains(&layout) || !rules::violations(problem, &layout).is_empty() {
                    continue;
                }
                let s = score(problem, &layout);
                seen.insert(layout.clone());
                // A new layout is an improvement when it is among the best `keep`.
                let rank = found
                    .proposals
                    .partition_point(|p| p.1.total.total_cmp(&s.total).is_le());
                if rank < search.keep.max(1) {
                    found.improved_at = found.attempts;
                }
                found.proposals.insert(rank, (layout, s));
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

/// Whether the search may stop early: it has proposals, and the best `keep` of them have not
/// changed for `patience` attempts, nor for as many attempts as it took to find the last of
/// them (a proposal found late, after a long run of failures, earns a longer wait).
fn settled(found: &Found, patience: u64) -> bool {
    !found.proposals.is_empty()
        && found.attempts - found.improved_at >= patience.max(found.improved_at)
}

/// One attempt with its own seed, in the order the search's first attempt uses: the layout
/// when every item found a place (holes and all: the search's filter is not applied).
pub fn attempt_once(problem: &Problem, seed: u64) -> Option<Layout> {
    let mut rng = Rng::new(seed);
    let order = order(problem, &mut rng, 1 + seed % 7);
    attempt(problem, &order, how_to_start(seed), &mut rng).ok()
}

/// How attempt `n` starts (see [`Start`]): of four, one draws the 头条's spot in the corner from
/// all alike, one leans to the cheapest there, one puts it there as an L (when it has L
/// shapes), and one leans to the cheapest spot anywhere on the top line.
fn how_to_start(n: u64) -> Start {
    Start {
        free: n % 4 == 0 || n % 4 == 2,
        corner: n % 4 != 3,
        ell: n % 4 == 2,
    }
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

#[cfg(test)]
mod tests {
    use super::super::problem::{Cells, Item, ItemKind, Placement, Shape};
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
                    natural: area.div_ceil(w) + 3,
                    text_columns: None,
                    jump_full: None,
                    head: 3,
                })
                .collect(),
            ells: vec![],
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

    use crate::plan::rules::tests::item as fixed;

    /// The search's settings for a test: a time budget no test reaches, no patience limit.
    fn settings(seed: u64, max_attempts: u64, keep: usize) -> Search {
        Search {
            seed,
            time: Duration::from_secs(30),
            max_attempts,
            patience: u64::MAX,
            keep,
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
        let f = search(&p, &settings(3, 200, 2));
        let (layout, _) = f.proposals.first().expect("a proposal");
        assert_eq!(rules::violations(&p, layout), Vec::<String>::new());
        assert_eq!(layout.placements[0].item, 0, "the lead comes first");
    }

    fn run(seed: u64) -> Found {
        search(&closing(), &settings(seed, 3000, 3))
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
        let f = search(&p, &settings(1, 300, 1));
        assert!(f.proposals.is_empty());
        assert!(!f.left_over.is_empty());
    }

    /// A page that only closes with the lead as an L: its rectangle leaves 24 lines under it
    /// that nothing fills, while the L's foot and the side story fill the page to the ad.
    fn ell_page() -> Problem {
        let mut lead = fixed("lead", 1, 6, 30);
        lead.ells = vec![super::super::problem::Ell {
            w: 6,
            h_top: 12,
            w_foot: 4,
            h_min: 40,
            h_max: 43,
        }];
        page_with(vec![lead, fixed("side", 2, 2, 40)])
    }

    #[test]
    fn the_lead_takes_an_l_where_only_an_l_closes_the_page() {
        let p = ell_page();
        let f = search(&p, &settings(5, 400, 1));
        let (layout, _) = f.proposals.first().expect("a proposal");
        assert_eq!(rules::violations(&p, layout), Vec::<String>::new());
        let lead = layout.placements.iter().find(|q| q.item == 0).unwrap();
        assert_eq!(
            lead.at,
            Cells {
                x: 0,
                y: 0,
                w: 6,
                h: 12
            }
        );
        let foot = lead.foot.expect("the lead is an L");
        assert_eq!((foot.y, foot.w), (12, 4));
        assert!(
            foot.x == 0 || foot.right() == 6,
            "flush left or right: {foot:?}"
        );
        // Without its L the page does not close.
        let mut rect_only = p.clone();
        rect_only.items[0].ells.clear();
        let g = search(&rect_only, &settings(5, 400, 1));
        assert!(g.proposals.is_empty());
    }

    #[test]
    fn the_score_wants_the_lead_in_the_corner_and_widest() {
        // Three stories two columns wide side by side on a page whose foot is an ad.
        let p = page_with(vec![
            fixed("lead", 1, 2, 50),
            fixed("second", 2, 2, 50),
            fixed("third", 3, 2, 50),
        ]);
        let column = |item: usize, x: u32| {
            Placement::rect(
                item,
                Cells {
                    x,
                    y: 0,
                    w: 2,
                    h: 54,
                },
            )
        };
        let lead_term = |layout: &Layout| score(&p, layout).terms[0];
        let left = Layout::sorted(vec![column(0, 0), column(1, 2), column(2, 4)]);
        let middle = Layout::sorted(vec![column(1, 0), column(0, 2), column(2, 4)]);
        assert_eq!(lead_term(&left), ("lead", 0.0, 6.0));
        assert_eq!(lead_term(&middle), ("lead", 1.0, 6.0));
        assert!(score(&p, &middle).total > score(&p, &left).total + 6.0 - 1e-9);
        // A story wider than the lead costs the difference in page widths.
        let mut wide = page_with(vec![fixed("lead", 1, 2, 54), fixed("second", 2, 4, 54)]);
        wide.items[1].shapes[0].h_min = 50;
        let l = Layout::sorted(vec![
            column(0, 0),
            Placement::rect(
                1,
                Cells {
                    x: 2,
                    y: 0,
                    w: 4,
                    h: 54,
                },
            ),
        ]);
        let (_, v, _) = score(&wide, &l).terms[0];
        assert!((v - 2.0 / 6.0).abs() < 1e-9, "{v}");
    }
}
