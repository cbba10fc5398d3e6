//! The soft rules, as a score to minimise: a weighted sum of terms, each near 0 for a page an
//! editor would like and growing as the page gets worse. docs/planner.md explains each term.

use super::problem::{Cells, ItemKind, Layout, MAX_HOLE, Placement, Problem};
use super::rules::bumps;

/// A proposal's score: the total and each weighted term.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Score {
    /// The weighted sum (lower is better).
    pub total: f64,
    /// Each term: name, raw value, weight.
    pub terms: Vec<(&'static str, f64, f64)>,
}

/// The weights, one per term, in the order of [`score`].
const WEIGHTS: [(&str, f64); 11] = [
    // The 头条 at the top-left, the widest text block (so its headline is the largest).
    ("lead", 6.0),
    // Important stories high and left (区序: 上左 > 上右 > 下右 > 下左).
    ("position", 4.0),
    // A more important story takes more room than a less important one.
    ("rank_area", 2.0),
    // Shapes neither too thin nor too flat (ratio of height to width beyond 1:2 or 2:1).
    ("shape", 1.0),
    // A mix of wide (横排) and tall (竖排) blocks.
    ("mix", 1.0),
    // Pictures apart from each other.
    ("pictures", 2.0),
    // A picture kept with a story near its headline, not at its foot.
    ("picture_by_story", 5.0),
    // Grey balanced between the left and right halves.
    ("balance", 2.0),
    // 简讯 at the foot.
    ("briefs", 2.0),
    // Headlines of different ranks side by side at one height (the soft 碰题), and empty lines
    // blocks are stretched by.
    ("bumps_and_slack", 1.0),
    // 破栏 (text columns wider than the grid's) for one block a page: more look restless.
    ("breaks", 1.0),
];

/// Score a proposal.
pub fn score(problem: &Problem, layout: &Layout) -> Score {
    let raw = [
        lead(problem, layout),
        position(problem, layout),
        rank_area(problem, layout),
        shape(problem, layout),
        mix(problem, layout),
        pictures(problem, layout),
        picture_by_story(problem, layout),
        balance(problem, layout),
        briefs(problem, layout),
        bumps_and_slack(problem, layout),
        breaks(layout),
    ];
    let terms: Vec<(&'static str, f64, f64)> = WEIGHTS
        .iter()
        .zip(raw)
        .map(|(&(name, weight), value)| (name, value, weight))
        .collect();
    let total = terms.iter().map(|(_, v, w)| v * w).sum();
    Score { total, terms }
}

/// 1 when the 头条 is not in the top-left corner of the free area (where one of its widths
/// fits there; else its column in page widths), plus, in page widths, how much wider than it
/// the widest other text block is.
fn lead(problem: &Problem, layout: &Layout) -> f64 {
    let Some(lead) = problem.lead() else {
        return 0.0;
    };
    let Some(at) = layout
        .placements
        .iter()
        .find(|p| p.item == lead)
        .map(|p| p.at)
    else {
        return 0.0;
    };
    let off = match problem.lead_corner() {
        Some((c, _)) => f64::from(u8::from((c.x, c.y) != (at.x, at.y))),
        None => f64::from(at.x) / f64::from(problem.columns),
    };
    let widest = layout
        .placements
        .iter()
        .filter(|p| p.item != lead && problem.items[p.item].kind != ItemKind::Picture)
        .map(|p| p.at.w)
        .max()
        .unwrap_or(0);
    off + f64::from(widest.saturating_sub(at.w)) / f64::from(problem.columns)
}

/// Σ q·(y/R + ½·x/C) with q = 1/rank.
fn position(problem: &Problem, layout: &Layout) -> f64 {
    let (c, r) = (f64::from(problem.columns), f64::from(problem.rows));
    layout
        .placements
        .iter()
        .map(|p| {
            let q = 1.0 / f64::from(problem.items[p.item].rank.max(1));
            q * (f64::from(p.at.y) / r + 0.5 * f64::from(p.at.x) / c)
        })
        .sum()
}

/// Pairs where the more important story has the smaller block, over the pairs.
fn rank_area(problem: &Problem, layout: &Layout) -> f64 {
    let text: Vec<_> = layout
        .placements
        .iter()
        .filter(|p| problem.items[p.item].kind != ItemKind::Picture)
        .collect();
    let mut wrong = 0;
    let mut pairs = 0;
    for (i, a) in text.iter().enumerate() {
        for b in &text[i + 1..] {
            let (ra, rb) = (problem.items[a.item].rank, problem.items[b.item].rank);
            if ra == rb {
                continue;
            }
            pairs += 1;
            let (hi, lo) = if ra < rb { (a, b) } else { (b, a) };
            if hi.area() < lo.area() {
                wrong += 1;
            }
        }
    }
    if pairs == 0 {
        0.0
    } else {
        f64::from(wrong) / f64::from(pairs)
    }
}

/// Σ max(0, |ln(depth/width)| − ln 2), a column counted as 12 lines wide (a 四开 column of
/// 12 characters is about as wide as 12 lines are deep).
fn shape(problem: &Problem, layout: &Layout) -> f64 {
    let _ = problem;
    layout
        .placements
        .iter()
        .map(|p| {
            let b = p.bounds();
            let ratio = f64::from(b.h) / (f64::from(b.w) * 12.0);
            (ratio.ln().abs() - 2f64.ln()).max(0.0)
        })
        .sum()
}

/// How far the blocks are from half wide, half tall: |wide − tall| / n.
fn mix(problem: &Problem, layout: &Layout) -> f64 {
    let _ = problem;
    let n = layout.placements.len();
    if n < 2 {
        return 0.0;
    }
    let wide = layout
        .placements
        .iter()
        .filter(|p| f64::from(p.bounds().w) * 12.0 > f64::from(p.bounds().h))
        .count();
    (wide as f64 - (n - wide) as f64).abs() / n as f64
}

/// Pairs of pictures that touch.
fn pictures(problem: &Problem, layout: &Layout) -> f64 {
    let pics: Vec<_> = layout
        .placements
        .iter()
        .filter(|p| problem.items[p.item].kind == ItemKind::Picture)
        .collect();
    let mut touching = 0.0;
    for (i, a) in pics.iter().enumerate() {
        for b in &pics[i + 1..] {
            if a.touches(b) {
                touching += 1.0;
            }
        }
    }
    touching
}

/// For each picture kept with a story, how far (in page heights) its top is from the story's
/// top: a photograph belongs by its headline, not under the story's last lines.
fn picture_by_story(problem: &Problem, layout: &Layout) -> f64 {
    let at = |item: usize| {
        layout
            .placements
            .iter()
            .find(|p| p.item == item)
            .map(|p| p.at)
    };
    layout
        .placements
        .iter()
        .filter(|p| problem.items[p.item].kind == ItemKind::Picture)
        .filter_map(|p| Some((p.at, at(problem.items[p.item].keep_with?)?)))
        .map(|(pic, story)| f64::from(pic.y.abs_diff(story.y)) / f64::from(problem.rows))
        // Not `sum`: an empty f64 sum is −0.
        .fold(0.0, |a, b| a + b)
}

/// |W_L − W_R| / max(W_L, W_R), with W the area times its ink: pictures 1, headlines (the top
/// three lines of an article) 0.8, body 0.3.
fn balance(problem: &Problem, layout: &Layout) -> f64 {
    let half = f64::from(problem.columns) / 2.0;
    let (mut left, mut right) = (0.0, 0.0);
    for p in &layout.placements {
        let kind = problem.items[p.item].kind;
        for (k, r) in p.rects().enumerate() {
            let h = f64::from(r.h);
            // The foot of an L is body only.
            let ink = match kind {
                ItemKind::Picture => h,
                ItemKind::Article if k == 0 => 3f64.min(h) * 0.8 + (h - 3.0).max(0.0) * 0.3,
                _ => h * 0.3,
            };
            for x in r.x..r.right() {
                let col = f64::from(x) + 0.5;
                if col < half {
                    left += ink;
                } else {
                    right += ink;
                }
            }
        }
    }
    let most: f64 = f64::max(left, right);
    if most == 0.0 {
        0.0
    } else {
        (left - right).abs() / most
    }
}

/// For each 简讯 (rank 4 and below), how far its foot is from the foot of the 版心.
fn briefs(problem: &Problem, layout: &Layout) -> f64 {
    let r = f64::from(problem.rows);
    layout
        .placements
        .iter()
        .filter(|p| problem.items[p.item].rank >= 4)
        .map(|p| (r - f64::from(p.at.bottom())) / r)
        .fold(0.0, |a, b| a + b)
}

/// 0.1 for each line a text block is taller than composing needed, 0.3 for each line copyfit
/// has to take off it: only text whose height composing fixed; of an L, its foot. A jumping
/// article fills any height: 0.3 for each line it takes beyond what keeps its continuation
/// full. `all` are every block's rectangles (for the rule line).
fn slack(problem: &Problem, p: &Placement, all: &[Cells]) -> f64 {
    let item = &problem.items[p.item];
    if let Some(foot) = p.foot {
        let ell = item.ell(p.at.w, p.at.h, foot.w);
        return 0.1 * f64::from(ell.map_or(0, |e| foot.h.saturating_sub(e.h_min)));
    }
    // A story that jumps: each line more here than keeps its continuation full is a line
    // the continuation on the later page ends short.
    if let Some(full) = item.shape_of(p).and_then(|s| s.jump_full) {
        let here = p.at.h - problem.rule_line(p.item, &p.at, all);
        return 0.3 * f64::from(here.saturating_sub(full));
    }
    let fixed = item
        .shape_of(p)
        .filter(|s| item.kind != ItemKind::Picture && s.h_max - s.natural <= MAX_HOLE);
    let Some(s) = fixed else {
        return 0.0;
    };
    let tight = (s.natural + problem.rule_line(p.item, &p.at, all)).saturating_sub(p.at.h);
    0.1 * f64::from(p.at.h.saturating_sub(s.natural)) + 0.3 * f64::from(tight)
}

/// Soft 碰题 (headlines of different ranks side by side at one height) count 1 each; each
/// line a text block is taller than composing needed counts 0.1.
fn bumps_and_slack(problem: &Problem, layout: &Layout) -> f64 {
    let all: Vec<Cells> = layout.placements.iter().flat_map(|p| p.rects()).collect();
    let mut total = 0.0;
    for (i, a) in layout.placements.iter().enumerate() {
        for b in &layout.placements[i + 1..] {
            if bumps(problem, a, b) {
                total += 1.0;
            }
        }
        total += slack(problem, a, &all);
    }
    total
}

/// The 破栏 blocks after the first: one sets a story apart from the grid, more make the page
/// restless (the sample's hand-made page 3 has one, its 头条).
fn breaks(layout: &Layout) -> f64 {
    let n = layout
        .placements
        .iter()
        .filter(|p| p.text_columns.is_some())
        .count();
    n.saturating_sub(1) as f64
}
