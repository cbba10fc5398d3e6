//! Copyfitting (紧排/松排): an article a few lines too long or too short for its frames is set
//! a hair tighter or looser, paragraph by paragraph, until it fits, within the layout's limits.
//!
//! The steps, tried in order until the article fits: (1) punctuation squeeze (开明式 → 半角式:
//! 。？！ lose their blank too, as 方正飞腾's 紧排 does); (2) tracking in steps (±0.02 em by
//! default) up to the limit (±0.05 em), each paragraph re-broken by total fit at its new
//! tracking, which is how a paragraph gets its tighter or looser breaks. A paragraph gets one
//! setting throughout, never a tighter line here and a looser one there. Paragraphs are taken
//! in the order that costs least to the eye: those whose last line is nearly empty (tightening)
//! or nearly full (loosening) first, since one of them gains or loses a line for the smallest
//! change. The last step, one line of leading out of the headline group, is the caller's
//! (it changes the frames). What still does not fit stays overset and is reported.

use std::collections::HashMap;

use crate::compose::{self, LineWidths, PunctStyle};
use crate::fonts::FontBook;
use crate::model::CopyfitLimits;

use super::flow::{self, FlowGeometry, FlowItem, Flowed, ItemKind};

/// One paragraph's copyfit setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Level {
    /// Punctuation squeezed (one step tighter punctuation widths).
    pub squeeze: bool,
    /// Tracking added to every character, in em (negative tightens).
    pub tracking: f32,
}

impl Level {
    const NATURAL: Level = Level {
        squeeze: false,
        tracking: 0.0,
    };
}

/// What copyfitting changed in one paragraph.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParagraphChange {
    /// 1-based line of the paragraph in the article file.
    pub line: u32,
    /// Punctuation squeezed (紧排).
    pub punctuation: bool,
    /// Tracking applied, in em.
    pub tracking: f64,
    /// Lines gained (positive) or saved (negative), as composed at its column's measure.
    pub lines: i32,
}

/// The result: the items as they are now set, their flow, and what changed.
pub(crate) struct Fitted {
    /// The flow items, copyfitted ones replaced.
    pub items: Vec<FlowItem>,
    /// Their flow through the frames.
    pub flowed: Flowed,
    /// One entry per paragraph changed, in reading order.
    pub changes: Vec<ParagraphChange>,
}

/// Whether the flow leaves room that loosening could fill: at least one line per column of
/// the last frame.
pub(crate) fn underset_slots(flowed: &Flowed, last_columns: usize) -> usize {
    let free = flowed.capacity.saturating_sub(flowed.used);
    if flowed.overset_lines == 0 && free >= last_columns.max(1) {
        free
    } else {
        0
    }
}

/// Copyfit `items` (already flowed as `flowed`) through the frames of `geo`. Returns `None`
/// when there is nothing to do (it fits, or no step is allowed).
pub(crate) fn copyfit(
    book: &FontBook,
    geo: &FlowGeometry<'_>,
    items: &[FlowItem],
    flowed: &Flowed,
    limits: &CopyfitLimits,
) -> Option<Fitted> {
    let last_columns = geo.frames.last().map_or(1, |f| f.columns.max(1)) as usize;
    let tighten = flowed.overset_lines > 0;
    let free = underset_slots(flowed, last_columns);
    if !tighten && (free == 0 || !limits.loosen) {
        return None;
    }
    let levels = levels(limits, tighten, items);
    if levels.is_empty() {
        return None;
    }
    let mut search = Search::new(book, geo, items, flowed, limits.max_space);
    let best = if tighten {
        tightened(&mut search, &levels, items.len(), flowed.overset_lines)
    } else {
        loosened(&mut search, &levels, items.len(), free, last_columns)
    };
    let (chosen, flowed) = best?;
    if chosen.iter().all(|&l| l == Level::NATURAL) {
        return None;
    }
    Some(search.finish(&chosen, flowed))
}

/// Tighten level by level until the overset is gone; if it never is, the tightest setting
/// tried, which leaves the least overset.
fn tightened(
    search: &mut Search<'_>,
    levels: &[Level],
    items: usize,
    overset_lines: usize,
) -> Option<(Vec<Level>, Flowed)> {
    let mut chosen: Vec<Level> = vec![Level::NATURAL; items];
    let mut target = overset_lines as i64;
    for level in levels {
        let saved = search.assign(&mut chosen, *level, target, None);
        if saved < target {
            continue;
        }
        let trial = search.reflow(&chosen);
        if trial.overset_lines == 0 {
            return Some((chosen, trial));
        }
        // The estimate was short (subheads kept with their lines, pictures): ask for more.
        target = saved + trial.overset_lines as i64;
    }
    // Not enough: keep the tightest setting tried, which leaves the least overset.
    let trial = search.reflow(&chosen);
    Some((chosen, trial))
}

/// Loosen until the last frame's columns are full (less than one line per column left),
/// never into overset; `free` lines are left now.
fn loosened(
    search: &mut Search<'_>,
    levels: &[Level],
    items: usize,
    free: usize,
    last_columns: usize,
) -> Option<(Vec<Level>, Flowed)> {
    let mut chosen: Vec<Level> = vec![Level::NATURAL; items];
    let mut best = None;
    let most = free as i64;
    let enough = (free + 1).saturating_sub(last_columns) as i64;
    for level in levels {
        let gained = search.assign(&mut chosen, *level, enough, Some(most));
        if gained == 0 {
            continue;
        }
        let trial = search.reflow(&chosen);
        if trial.overset_lines > 0 {
            break;
        }
        best = Some((chosen.clone(), trial));
        if gained >= enough {
            break;
        }
    }
    best
}

/// The settings to try, gentlest first.
fn levels(limits: &CopyfitLimits, tighten: bool, items: &[FlowItem]) -> Vec<Level> {
    let squeeze = tighten
        && limits.punctuation
        && items
            .iter()
            .any(|i| squeezed(i.style.config.punctuation).is_some());
    let mut out = Vec::new();
    if squeeze {
        out.push(Level {
            squeeze,
            tracking: 0.0,
        });
    }
    let limit = limits.tracking.clamp(0.0, 0.25);
    let step = if limits.step > 0.0 { limits.step } else { 0.02 };
    let sign = if tighten { -1.0 } else { 1.0 };
    let mut t = step.min(limit);
    while t > 0.0 {
        out.push(Level {
            squeeze,
            tracking: sign * t,
        });
        if t >= limit - 1e-6 {
            break;
        }
        t = (t + step).min(limit);
    }
    out
}

/// Punctuation one step tighter: 全角式 and 行末半角式 → 开明式 → 半角式.
fn squeezed(p: PunctStyle) -> Option<PunctStyle> {
    match p {
        PunctStyle::Quanjiao | PunctStyle::LineEndHalf => Some(PunctStyle::Kaiming),
        PunctStyle::Kaiming => Some(PunctStyle::Banjiao),
        PunctStyle::Banjiao => None,
    }
}

/// `item` set at `level`.
pub(crate) fn adjusted(item: &FlowItem, level: Level) -> FlowItem {
    let mut out = item.clone();
    if level.squeeze
        && let Some(p) = squeezed(out.style.config.punctuation)
    {
        out.style.config.punctuation = p;
    }
    for run in &mut out.para.runs {
        run.tracking += level.tracking;
    }
    out
}

/// The search state: line counts of each paragraph at each level, composed at its measure.
struct Search<'a> {
    book: &'a FontBook,
    geo: &'a FlowGeometry<'a>,
    items: &'a [FlowItem],
    /// Body paragraphs in the order they are tried.
    order: Vec<usize>,
    /// The measure of each item's column.
    measure: Vec<f32>,
    /// Lines and widest inter-character space (tracking + stretch, em) by item and level.
    lines: HashMap<(usize, i32, bool), (i64, f32)>,
    natural: Vec<i64>,
    /// The widest space a paragraph may show: the limit, or its own natural widest if wider.
    max_space: Vec<f32>,
}

impl<'a> Search<'a> {
    fn new(
        book: &'a FontBook,
        geo: &'a FlowGeometry<'a>,
        items: &'a [FlowItem],
        flowed: &Flowed,
        max_space: f32,
    ) -> Self {
        let fallback = geo
            .frames
            .last()
            .map_or(100.0, |f| flow::column_width(f, geo.gutter));
        let mut measure = vec![fallback; items.len()];
        // How full each paragraph's last line is (1.0 when it was not placed).
        let mut fill = vec![1.0f32; items.len()];
        let mut seen = vec![false; items.len()];
        for placed in &flowed.lines {
            let slot = flowed.slots[placed.slot];
            if !seen[placed.item] {
                seen[placed.item] = true;
                measure[placed.item] = geo
                    .frames
                    .get(slot.frame)
                    .map_or(fallback, |f| flow::column_width(f, geo.gutter));
            }
            let line = placed.line();
            fill[placed.item] = line.content_width / line.width.max(1.0);
        }
        let tighten = flowed.overset_lines > 0;
        let mut order: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].kind == ItemKind::Body)
            .collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| if tighten { fill[i] } else { -fill[i] };
            key(a).total_cmp(&key(b))
        });
        let mut s = Search {
            book,
            geo,
            items,
            order,
            measure,
            lines: HashMap::new(),
            natural: vec![0; items.len()],
            max_space: vec![max_space; items.len()],
        };
        for i in s.order.clone() {
            let (n, space) = s.set(i, Level::NATURAL);
            s.natural[i] = n;
            s.max_space[i] = s.max_space[i].max(space);
        }
        s
    }

    /// Lines of item `i` at `level`; a level that would make a line's spacing wider than the
    /// paragraph may show counts as the natural lines (it gains nothing).
    fn count(&mut self, i: usize, level: Level) -> i64 {
        let (n, space) = self.set(i, level);
        if space > self.max_space[i] + 1e-4 {
            self.natural[i]
        } else {
            n
        }
    }

    /// Item `i` at `level` composed at its column's measure: its lines and its widest
    /// inter-character space (tracking + justification stretch), in em.
    fn set(&mut self, i: usize, level: Level) -> (i64, f32) {
        let key = (i, (level.tracking * 1000.0).round() as i32, level.squeeze);
        if let Some(&n) = self.lines.get(&key) {
            return n;
        }
        let item = adjusted(&self.items[i], level);
        let width = (self.measure[i] - item.inset.0 - item.inset.1).max(1.0);
        let set = compose::compose_paragraph(
            self.book,
            &item.para,
            &item.style,
            &LineWidths::uniform(width),
        );
        let widest = set
            .lines
            .iter()
            .filter(|l| l.max_stretch > 0.0 || level.tracking > 0.0)
            .map(|l| l.max_stretch + level.tracking)
            .fold(level.tracking.max(0.0), f32::max);
        let n = (set.lines.len() as i64, widest);
        self.lines.insert(key, n);
        n
    }

    /// Move paragraphs to `level` one by one, cheapest first, until the lines saved (or gained)
    /// reach `target`, never past `most`. Returns the total change against natural.
    fn assign(
        &mut self,
        chosen: &mut [Level],
        level: Level,
        target: i64,
        most: Option<i64>,
    ) -> i64 {
        let loosen = most.is_some();
        let change = |s: &mut Self, i: usize, l: Level| {
            let d = s.count(i, l) - s.natural[i];
            if loosen { d } else { -d }
        };
        let mut total: i64 = 0;
        for i in self.order.clone() {
            total += change(self, i, chosen[i]);
        }
        for i in self.order.clone() {
            if total >= target {
                break;
            }
            let before = change(self, i, chosen[i]);
            let after = change(self, i, level);
            let gain = after - before;
            if gain <= 0 || most.is_some_and(|m| total + gain > m) {
                continue;
            }
            chosen[i] = level;
            total += gain;
        }
        total
    }

    fn reflow(&self, chosen: &[Level]) -> Flowed {
        let items = self.apply(chosen);
        flow::flow_article(self.book, self.geo, &items)
    }

    fn apply(&self, chosen: &[Level]) -> Vec<FlowItem> {
        self.items
            .iter()
            .zip(chosen)
            .map(|(item, &level)| {
                if level == Level::NATURAL {
                    item.clone()
                } else {
                    adjusted(item, level)
                }
            })
            .collect()
    }

    fn finish(mut self, chosen: &[Level], flowed: Flowed) -> Fitted {
        let mut changes = Vec::new();
        for (i, &level) in chosen.iter().enumerate() {
            if level == Level::NATURAL {
                continue;
            }
            let lines = (self.count(i, level) - self.natural[i]) as i32;
            changes.push(ParagraphChange {
                line: self.items[i].line,
                punctuation: level.squeeze,
                tracking: (f64::from(level.tracking) * 1000.0).round() / 1000.0,
                lines,
            });
        }
        Fitted {
            items: self.apply(chosen),
            flowed,
            changes,
        }
    }
}

/// A short account of the changes for messages: per paragraph when there are few
/// ("punctuation squeeze, tracking −0.02 em (paragraph at line 12)"), else counted.
pub(crate) fn describe(changes: &[ParagraphChange], headline: bool) -> String {
    let mut parts = Vec::new();
    if changes.len() <= 3 {
        for c in changes {
            let mut what = Vec::new();
            if c.punctuation {
                what.push("punctuation squeeze".to_string());
            }
            if c.tracking != 0.0 {
                what.push(format!("tracking {}", em(c.tracking)));
            }
            parts.push(format!(
                "{} (paragraph at line {})",
                what.join(", "),
                c.line
            ));
        }
    } else {
        let squeezed = changes.iter().filter(|c| c.punctuation).count();
        if squeezed > 0 {
            parts.push(format!("punctuation squeeze in {squeezed} paragraphs"));
        }
        let mut by_tracking: Vec<(i64, usize)> = Vec::new();
        for c in changes.iter().filter(|c| c.tracking != 0.0) {
            let key = (c.tracking * 100.0).round() as i64;
            match by_tracking.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => by_tracking.push((key, 1)),
            }
        }
        by_tracking.sort_by_key(|(k, _)| k.abs());
        for (key, n) in by_tracking {
            let which = if n == 1 { "paragraph" } else { "paragraphs" };
            parts.push(format!(
                "tracking {} in {n} {which}",
                em(key as f64 / 100.0)
            ));
        }
    }
    if headline {
        parts.push("one line of headline leading".to_string());
    }
    parts.join("; ")
}

/// A signed amount in em with a real minus sign: −0.02 em, +0.04 em.
fn em(v: f64) -> String {
    let sign = if v < 0.0 { "−" } else { "+" };
    format!("{sign}{:.2} em", v.abs())
}
