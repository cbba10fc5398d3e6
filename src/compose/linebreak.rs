//! Line choice: total fit over the paragraph (Knuth–Plass with CJK glue), or greedy first fit.
//!
//! Every gap between clusters is a candidate break of some [`BreakKind`]. A line's cost follows
//! the justification it would get (CLREQ §3.5.2 "先挤压、后拉伸"): compression within the
//! shrinkable punctuation and CJK–Latin space is cheap (push-in, 先挤进), stretch is charged by the
//! even inter-character space it would need in em (push-out, 后推出, costs more), a kinsoku
//! exception or a break inside an unbreakable unit is taken only when nothing else fits, and a
//! 孤字 last line (CLREQ §3.4.4) is penalised.
//!
//! Departures from Knuth–Plass: no fitness classes or flagged penalties (CJK text has no
//! hyphens, and adjacent-line tightness matters little when stretch is spread between every
//! character); the active list is bounded to [`MAX_ACTIVE`] nodes, so the work is linear in the
//! paragraph length whatever the measure; when no node can reach a break (one cluster wider than
//! the measure) the line is set overfull from the latest deactivated node and reported.

use super::breaks::BreakKind;
use super::classes::Class;
use super::shape::Cluster;
use super::spacing::{BoxGeom, Glue};
use super::{Breaker, LineWidths};

/// Active nodes kept at most; more can only arise with measures of hundreds of characters.
const MAX_ACTIVE: usize = 256;
/// Added to every line's badness before squaring: fewer lines are better, other things equal.
const LINE_PENALTY: f64 = 10.0;
/// Even stretch (em) that costs a badness of 100. 0.25 em is the point where CJK text visibly
/// gaps; 12-character columns pushing one character out need about 0.09 em.
const STRETCH_UNIT: f64 = 0.25;
/// Badness of a line using all its shrink: low (as little as 0.07 em of stretch costs), so
/// push-in is preferred to push-out (CLREQ §3.1.4 先挤进，后推出).
const SHRINK_COST: f64 = 2.0;
/// Badness of a line that needs stretch but has nowhere to put it.
const UNJUSTIFIABLE: f64 = 1e5;
/// Demerits for a 孤字 last line: accepted only against stretch of about 0.5 em per gap.
const ORPHAN_PENALTY: f64 = 1e6;
/// Demerits for a kinsoku exception: more than any line's badness.
const KINSOKU_PENALTY: f64 = 1e11;
/// Demerits for a break inside an unbreakable unit.
const EMERGENCY_PENALTY: f64 = 1e13;
/// Tolerance for widths, points.
pub(crate) const EPS: f64 = 0.01;

/// Prefix sums over boxes and glue: any line's natural width and adjustability in O(1).
pub(crate) struct Sums {
    /// Natural width, shrink, stretch and gap weight of everything before each box.
    prefix: Vec<[f64; 4]>,
    /// What a line ending at each glue takes off those sums (the glue's mid-line amounts less
    /// its line-end form).
    edge: Vec<[f64; 4]>,
}

/// A line's natural width and shrink, points.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Fit {
    pub natural: f64,
    pub shrink: f64,
}

impl Sums {
    pub(crate) fn new(boxes: &[BoxGeom], glues: &[Glue]) -> Self {
        let mut prefix = Vec::with_capacity(boxes.len() + 1);
        let mut edge = Vec::with_capacity(boxes.len());
        let mut acc = [0.0f64; 4];
        for (b, g) in boxes.iter().zip(glues) {
            prefix.push(acc);
            let shrink: f64 = g.shrink.iter().map(|&x| f64::from(x)).sum();
            let stretch = f64::from(g.stretch[0] + g.stretch[1]);
            acc[0] += f64::from(b.width + g.natural);
            acc[1] += shrink;
            acc[2] += stretch;
            acc[3] += f64::from(g.gap);
            edge.push([
                f64::from(g.natural - g.end_width),
                shrink - f64::from(g.end_shrink),
                stretch,
                f64::from(g.gap),
            ]);
        }
        prefix.push(acc);
        Sums { prefix, edge }
    }

    /// The line of clusters `start..end` (end > start).
    pub(crate) fn fit(&self, _glues: &[Glue], start: usize, end: usize) -> Fit {
        let (a, b, e) = (self.prefix[start], self.prefix[end], self.edge[end - 1]);
        Fit {
            natural: b[0] - a[0] - e[0],
            shrink: b[1] - a[1] - e[1],
        }
    }
}

/// The paragraph as the breaker sees it.
pub(crate) struct BreakInput<'a> {
    pub clusters: &'a [Cluster],
    pub glues: &'a [Glue],
    pub sums: &'a Sums,
    pub widths: &'a LineWidths,
    pub indent: f32,
    /// The last line is justified too ([`super::Align::JustifyAll`]): it is costed like any
    /// other, so total fit spreads its stretch over the paragraph.
    pub justify_last: bool,
}

impl BreakInput<'_> {
    pub(crate) fn avail(&self, line: usize) -> f64 {
        let indent = if line == 0 { self.indent } else { 0.0 };
        f64::from(self.widths.line(line).1 - indent)
    }

    fn unjustified(&self, end: usize) -> bool {
        end == self.clusters.len() && !self.justify_last
            || self.glues[end - 1].kind == BreakKind::Forced && end < self.clusters.len()
    }

    /// Is `start..n` a 孤字 line: one character, alone or with its punctuation?
    pub(crate) fn is_orphan(&self, start: usize) -> bool {
        let n = self.clusters.len();
        if start == 0 || n - start > 6 {
            return false;
        }
        let chars = self.clusters[start..]
            .iter()
            .filter(|c| !c.first.is_punct() && !matches!(c.first, Class::Space | Class::Newline))
            .count();
        chars == 1
    }
}

fn kind_penalty(kind: BreakKind) -> f64 {
    match kind {
        BreakKind::Kinsoku => KINSOKU_PENALTY,
        BreakKind::Emergency | BreakKind::Never => EMERGENCY_PENALTY,
        BreakKind::Allowed | BreakKind::Forced => 0.0,
    }
}

/// Chosen lines as cluster ranges, with how the paragraph end was decided.
#[derive(Debug, Default)]
pub(crate) struct Breaks {
    pub lines: Vec<(usize, usize)>,
    /// A 孤字 last line that the orphan penalty avoided.
    pub orphan_avoided: bool,
}

/// Choose the lines.
pub(crate) fn break_lines(input: &BreakInput<'_>, breaker: Breaker) -> Breaks {
    if input.clusters.is_empty() {
        return Breaks::default();
    }
    match breaker {
        Breaker::TotalFit => total_fit(input),
        Breaker::Greedy => Breaks {
            lines: greedy(input),
            orphan_avoided: false,
        },
    }
}

/// First fit: each line takes as much as fits after full compression (push-in), breaking at the
/// last opportunity; a kinsoku exception only if there is none, an emergency break after that.
fn greedy(input: &BreakInput<'_>) -> Vec<(usize, usize)> {
    let n = input.clusters.len();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        let avail = input.avail(lines.len());
        let mut best: [Option<usize>; 3] = [None; 3];
        let mut first = None;
        for end in start + 1..=n {
            let kind = input.glues[end - 1].kind;
            if kind == BreakKind::Never {
                continue;
            }
            first.get_or_insert(end);
            let fit = input.sums.fit(input.glues, start, end);
            if fit.natural - fit.shrink > avail + EPS {
                break;
            }
            let slot = match kind {
                BreakKind::Allowed | BreakKind::Forced => 0,
                BreakKind::Kinsoku => 1,
                _ => 2,
            };
            best[slot] = Some(end);
            if kind == BreakKind::Forced {
                break;
            }
        }
        let end = best[0].or(best[1]).or(best[2]).or(first).unwrap_or(n);
        lines.push((start, end));
        start = end;
    }
    lines
}

#[derive(Debug, Clone, Copy)]
struct Node {
    pos: usize,
    line: usize,
    total: f64,
    prev: usize,
    /// `BreakInput::avail(line)`: the measure of the line starting here, looked up once when
    /// the node is made rather than every time the node is tried against a break.
    avail: f64,
}

impl Node {
    fn new(input: &BreakInput<'_>, pos: usize, line: usize, total: f64, prev: usize) -> Self {
        Node {
            pos,
            line,
            total,
            prev,
            avail: input.avail(line),
        }
    }
}

/// What the badness of a line ending at break `end` reads of that break, fetched once per break
/// instead of once per active node.
struct BreakEnd {
    /// `Sums::prefix[end]`.
    upto: [f64; 4],
    /// `Sums::edge[end - 1]`.
    edge: [f64; 4],
    /// `BreakInput::unjustified(end)`.
    unjustified: bool,
}

impl BreakEnd {
    fn new(input: &BreakInput<'_>, end: usize) -> Self {
        BreakEnd {
            upto: input.sums.prefix[end],
            edge: input.sums.edge[end - 1],
            unjustified: input.unjustified(end),
        }
    }

    /// How far the line from `node` to this break falls short of its measure (negative when
    /// it must be compressed), and its shrink; `None` if it cannot fit even compressed.
    #[inline]
    fn reach(&self, sums: &Sums, node: &Node) -> Option<(f64, f64)> {
        let (a, b, e) = (&sums.prefix[node.pos], &self.upto, &self.edge);
        let natural = b[0] - a[0] - e[0];
        let shrink = b[1] - a[1] - e[1];
        let d = node.avail - natural;
        if d < -shrink - EPS {
            return None;
        }
        Some((d, shrink))
    }

    /// Badness of the line from `node` to this break, given its [`BreakEnd::reach`]; never
    /// negative.
    #[inline]
    fn badness(&self, sums: &Sums, node: &Node, (d, shrink): (f64, f64)) -> f64 {
        if d < 0.0 {
            let r = if shrink > 0.0 {
                (-d / shrink).min(1.0)
            } else {
                0.0
            };
            return SHRINK_COST * r * r * r;
        }
        if self.unjustified {
            return 0.0;
        }
        let (a, b, e) = (&sums.prefix[node.pos], &self.upto, &self.edge);
        let stretch = b[2] - a[2] - e[2];
        let rem = d - stretch;
        if rem <= EPS {
            return 0.0;
        }
        let gap = b[3] - a[3] - e[3];
        if gap <= 0.0 {
            return UNJUSTIFIABLE;
        }
        let s = rem / gap / STRETCH_UNIT;
        (100.0 * s * s * s).min(UNJUSTIFIABLE)
    }
}

/// The dynamic programme's state: every node made, and the ones still active.
struct Dp {
    arena: Vec<Node>,
    active: Vec<usize>,
    last_dropped: Option<usize>,
    /// New nodes at the current break, one per line class (reused from break to break).
    cands: Vec<Node>,
    /// Index + 1 into `cands` of each line class's node at the current break, 0 for none: the
    /// class lookup is then O(1) where a search of `cands` was O(classes) per active node.
    class_at: Vec<u32>,
}

/// New nodes at break `end` (left in `dp.cands`): the best per line class (line numbers from
/// `same_from` on share one width), dropping the active nodes that can no longer reach it. Also
/// returns the best total without the 孤字 penalty, and whether that line is a 孤字 (at the
/// paragraph end only).
fn relax(input: &BreakInput<'_>, dp: &mut Dp, end: usize, same_from: usize) -> Option<(f64, bool)> {
    let n = input.clusters.len();
    let kind = input.glues[end - 1].kind;
    let penalty = kind_penalty(kind);
    let at = BreakEnd::new(input, end);
    let mut plain_best: Option<(f64, bool)> = None;
    let Dp {
        arena,
        active,
        last_dropped,
        cands,
        class_at,
    } = dp;
    cands.clear();
    if class_at.len() <= same_from {
        class_at.resize(same_from + 1, 0);
    }
    // The least demerits a line can have here (badness 0). A node whose total plus this is
    // no better than its class's candidate so far cannot replace it, so its badness (the
    // divisions) need not be worked out: rounding is monotonic, so the sum computed below
    // could not come out lower than this one.
    let least = (LINE_PENALTY + 0.0).powi(2) + penalty;
    // Vec::retain, written out: keep the nodes that still reach `end`, in order.
    let mut kept = 0;
    for i in 0..active.len() {
        let a = active[i];
        let node = &arena[a];
        let Some(reach) = at.reach(input.sums, node) else {
            *last_dropped = Some(a);
            continue;
        };
        active[kept] = a;
        kept += 1;
        let (line, class) = (node.line + 1, (node.line + 1).min(same_from));
        if end != n
            && let Some(best) = class_at[class].checked_sub(1)
            && cands[best as usize].total <= node.total + least
        {
            continue;
        }
        let bad = at.badness(input.sums, node, reach);
        let mut d = (LINE_PENALTY + bad).powi(2) + penalty;
        if end == n && last_line(input, node, d, &mut plain_best) {
            d += ORPHAN_PENALTY;
        }
        let total = node.total + d;
        offer(cands, &mut class_at[class], total, || {
            Node::new(input, end, line, total, a)
        });
    }
    active.truncate(kept);
    for c in cands.iter() {
        class_at[c.line.min(same_from)] = 0;
    }
    if cands.is_empty() && active.is_empty() {
        cands.push(overfull(input, arena, *last_dropped, end, penalty));
    }
    plain_best
}

/// The paragraph's last line from `node`, of `demerits` without the 孤字 penalty: keeps the
/// best such total in `plain_best`, and says whether the line is a 孤字.
fn last_line(
    input: &BreakInput<'_>,
    node: &Node,
    demerits: f64,
    plain_best: &mut Option<(f64, bool)>,
) -> bool {
    let orphan = input.is_orphan(node.pos);
    let plain = node.total + demerits;
    if plain_best.is_none_or(|(t, _)| plain < t) {
        *plain_best = Some((plain, orphan));
    }
    orphan
}

/// Nothing reaches break `end`: an overfull line from the latest dropped node.
fn overfull(
    input: &BreakInput<'_>,
    arena: &[Node],
    last_dropped: Option<usize>,
    end: usize,
    penalty: f64,
) -> Node {
    let from = last_dropped.unwrap_or(0);
    let node = arena[from];
    let total = node.total + EMERGENCY_PENALTY + penalty;
    Node::new(input, end, node.line + 1, total, from)
}

/// Offer a node of `total` demerits as its line class's candidate (`slot`: the index + 1 of
/// the class's candidate in `cands`, 0 for none): it is made, by `make`, only when it is the
/// class's first or beats its candidate; the first of equal totals stays.
fn offer(cands: &mut Vec<Node>, slot: &mut u32, total: f64, make: impl FnOnce() -> Node) {
    match *slot {
        0 => {
            cands.push(make());
            *slot = cands.len() as u32;
        }
        k => {
            let c = &mut cands[k as usize - 1];
            let keep = c.total <= total;
            if !keep {
                *c = make();
            }
        }
    }
}

/// Keep the `keep` active nodes of least total, in their order (which is arena order).
///
/// The same nodes as a stable sort by total truncated to `keep`, then put back in arena order:
/// `active` is in arena order, so the stable sort breaks ties by arena index, and the nodes kept
/// are the `keep` least by (total, index). A selection finds the last of them in linear time,
/// where the two sorts cost more than the rest of the breaker in paragraphs beside a picture,
/// whose varying line widths keep the active list at its bound.
fn keep_best(active: &mut Vec<usize>, arena: &[Node], keep: usize) {
    if keep == 0 {
        active.clear();
        return;
    }
    if active.len() <= keep {
        return;
    }
    let order = |a: &usize, b: &usize| arena[*a].total.total_cmp(&arena[*b].total).then(a.cmp(b));
    let mut by_total = active.clone();
    let (_, &mut last, _) = by_total.select_nth_unstable_by(keep - 1, order);
    active.retain(|a| order(a, &last).is_le());
}

/// Total fit (see the module doc).
fn total_fit(input: &BreakInput<'_>) -> Breaks {
    let n = input.clusters.len();
    let same_from = input.widths.first.len().max(1);
    let start = Node::new(input, 0, 0, 0.0, usize::MAX);
    let mut dp = Dp {
        arena: vec![start],
        active: vec![0],
        last_dropped: None,
        cands: Vec::new(),
        class_at: Vec::new(),
    };
    let mut orphan_avoided = false;
    for end in 1..=n {
        let kind = input.glues[end - 1].kind;
        if kind == BreakKind::Never {
            continue;
        }
        let plain_best = relax(input, &mut dp, end, same_from);
        if end == n {
            let best = dp
                .cands
                .iter()
                .min_by(|a, b| a.total.total_cmp(&b.total))
                .copied();
            if let (Some(b), Some((_, true))) = (best, plain_best) {
                orphan_avoided = !input.is_orphan(dp.arena[b.prev].pos);
            }
        }
        if kind == BreakKind::Forced {
            dp.active.clear();
            dp.cands.sort_by(|a, b| a.total.total_cmp(&b.total));
            dp.cands.truncate(1);
        }
        for &c in &dp.cands {
            dp.arena.push(c);
            dp.active.push(dp.arena.len() - 1);
        }
        if dp.active.len() > MAX_ACTIVE {
            keep_best(&mut dp.active, &dp.arena, MAX_ACTIVE / 2);
        }
    }
    let (arena, active) = (dp.arena, dp.active);
    let best = active
        .iter()
        .copied()
        .filter(|&a| arena[a].pos == n)
        .min_by(|&a, &b| arena[a].total.total_cmp(&arena[b].total));
    let mut lines = Vec::new();
    let mut at = best.unwrap_or(arena.len() - 1);
    while arena[at].prev != usize::MAX {
        let prev = arena[at].prev;
        lines.push((arena[prev].pos, arena[at].pos));
        at = prev;
    }
    lines.reverse();
    Breaks {
        lines,
        orphan_avoided,
    }
}

#[cfg(test)]
mod tests;
