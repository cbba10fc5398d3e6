//! Jump points (转版): where a frame that continues on another page lets go of the text.
//!
//! The flow fills a frame line by line, so a paragraph running across a jump is cut wherever its
//! line break happened to fall, often inside a word (整合利｜（下转第2版）…用). A reader turns
//! the page mid-sentence anyway, but not mid-word. So when the cut is not at a word boundary,
//! the paragraph is split in two at a better place and the article flowed again: first choice
//! the end of a sentence on the frame's last line (that line then ends short, as a paragraph's
//! last line does), else the nearest word boundary, the frame's last line justified to it. A
//! split is kept only if the frame still ends exactly there and nothing more is overset; when
//! no candidate works, the cut stays and is reported.

use crate::compose::{self, Align, BreakRank, Paragraph, StyleRun};
use crate::fonts::FontBook;

use super::flow::{self, FlowGeometry, FlowItem, Flowed, ItemKind};
use super::report::{JumpCut, JumpPoint};

/// Candidates tried per jump (each costs one flow of the article).
const TRIES: usize = 8;
/// The most inter-character stretch, in em, a cut may leave in the lines before it without
/// another candidate being tried.
const LOOSE: f32 = 0.12;

/// Flow `items` through the frames with every jump cut at a sentence or word end where one
/// keeps the frames full. Returns the items as finally flowed (a paragraph split at a jump is
/// two items), the flow and one point per jumping frame.
pub(crate) fn flow_with_jumps(
    book: &FontBook,
    geo: &FlowGeometry<'_>,
    mut items: Vec<FlowItem>,
) -> (Vec<FlowItem>, Flowed, Vec<JumpPoint>) {
    let mut flowed = flow::flow_article(book, geo, &items);
    let mut points = Vec::new();
    for (fi, frame) in geo.frames.iter().enumerate() {
        if !frame.reserve_jump {
            continue;
        }
        let Some((j, offset, line_start)) = seam(&flowed, fi) else {
            continue;
        };
        let Some(offset) = offset else {
            points.push(point(fi, JumpCut::Paragraph, &items, j, None));
            continue;
        };
        let text = &items[j].para.text;
        let ranks = compose::break_ranks(text);
        if let Some(cut) = good_cut(text, &ranks, offset) {
            points.push(point(fi, cut, &items, j, Some(offset)));
            continue;
        }
        // The first candidate that keeps the frame full without a loose line; failing that,
        // the one with the tightest lines.
        let mut kept: Option<(Vec<FlowItem>, Flowed, usize, JumpCut, f32)> = None;
        for (at, cut) in candidates(text, &ranks, line_start, offset)
            .into_iter()
            .take(TRIES)
        {
            let trial_items = split(&items, j, at, cut == JumpCut::Sentence);
            let trial = flow::flow_article(book, geo, &trial_items);
            if trial.overset_lines > flowed.overset_lines || !ends_frame(&trial, fi, j) {
                continue;
            }
            let stretch = item_stretch(&trial, j);
            if kept.as_ref().is_none_or(|k| stretch < k.4) {
                kept = Some((trial_items, trial, at, cut, stretch));
            }
            if stretch <= LOOSE {
                break;
            }
        }
        match kept {
            Some((new_items, new_flow, at, cut, _)) => {
                points.push(point(fi, cut, &items, j, Some(at)));
                items = new_items;
                flowed = new_flow;
            }
            None => points.push(point(fi, JumpCut::Inside, &items, j, Some(offset))),
        }
    }
    (items, flowed, points)
}

/// The frame's last placed line: its item, where in the item's text the frame lets go (`None`
/// when the next line starts a new item) and where that last line starts.
fn seam(flowed: &Flowed, frame: usize) -> Option<(usize, Option<usize>, usize)> {
    let pos = flowed
        .lines
        .iter()
        .rposition(|l| flowed.slots[l.slot].frame == frame)?;
    let last = &flowed.lines[pos];
    let next = flowed.lines.get(pos + 1)?;
    let line = last.line().text.clone();
    let offset = (next.item == last.item).then_some(line.end);
    Some((last.item, offset, line.start))
}

/// Does frame `frame` end with the last line of item `j` and the next frame start with item
/// `j + 1`?
fn ends_frame(flowed: &Flowed, frame: usize, j: usize) -> bool {
    let Some(pos) = flowed
        .lines
        .iter()
        .rposition(|l| flowed.slots[l.slot].frame == frame)
    else {
        return false;
    };
    let last = &flowed.lines[pos];
    let next = flowed.lines.get(pos + 1);
    last.item == j && next.is_some_and(|n| n.item == j + 1)
}

/// The largest stretch on the lines of item `j`.
fn item_stretch(flowed: &Flowed, j: usize) -> f32 {
    flowed
        .lines
        .iter()
        .filter(|l| l.item == j)
        .map(|l| l.line().max_stretch)
        .fold(0.0, f32::max)
}

fn rank_at(ranks: &[(usize, BreakRank)], offset: usize) -> BreakRank {
    ranks
        .iter()
        .find(|r| r.0 == offset)
        .map_or(BreakRank::Never, |r| r.1)
}

/// Does a sentence end just before `offset` (a stop, perhaps with closing marks after it)?
fn sentence_end(text: &str, offset: usize) -> bool {
    let before = text.get(..offset).unwrap_or("");
    let last = before
        .chars()
        .rev()
        .find(|c| !matches!(c, '”' | '’' | '）' | '」' | '』' | '》'));
    matches!(last, Some('。' | '！' | '？' | '…'))
}

/// The cut at `offset` if it is already good.
fn good_cut(text: &str, ranks: &[(usize, BreakRank)], offset: usize) -> Option<JumpCut> {
    if sentence_end(text, offset) {
        return Some(JumpCut::Sentence);
    }
    (rank_at(ranks, offset) >= BreakRank::Word).then_some(JumpCut::Word)
}

/// Better cuts near `offset`, best first: sentence ends on the frame's last line (at least four
/// characters into it, the latest first), then word boundaries by distance from the cut.
fn candidates(
    text: &str,
    ranks: &[(usize, BreakRank)],
    line_start: usize,
    offset: usize,
) -> Vec<(usize, JumpCut)> {
    let chars_from = |a: usize, b: usize| text.get(a..b).map_or(0, |t| t.chars().count());
    let mut sentences: Vec<(usize, JumpCut)> = ranks
        .iter()
        .filter(|(at, _)| *at > line_start && *at < offset && chars_from(line_start, *at) >= 4)
        .filter(|(at, r)| *r >= BreakRank::Word && sentence_end(text, *at))
        .map(|&(at, _)| (at, JumpCut::Sentence))
        .collect();
    sentences.reverse();
    let mut words: Vec<(usize, JumpCut)> = ranks
        .iter()
        .filter(|(at, r)| *r >= BreakRank::Word && *at > line_start)
        .filter(|(at, _)| {
            let d = if *at < offset {
                chars_from(*at, offset)
            } else {
                chars_from(offset, *at)
            };
            (1..=3).contains(&d)
        })
        .map(|&(at, _)| (at, JumpCut::Word))
        .collect();
    words.sort_by_key(|(at, _)| {
        if *at < offset {
            2 * chars_from(*at, offset)
        } else {
            2 * chars_from(offset, *at) + 1
        }
    });
    sentences.extend(words);
    sentences
}

/// `items` with item `j` cut in two at byte `at`: the first part justified to its end (or set
/// short, after a sentence), the second without an indent.
fn split(items: &[FlowItem], j: usize, at: usize, sentence: bool) -> Vec<FlowItem> {
    let mut out = Vec::with_capacity(items.len() + 1);
    out.extend_from_slice(&items[..j]);
    let item = &items[j];
    let mut head = item.clone();
    head.para = slice(&item.para, 0, at);
    head.style.last_line = if sentence {
        Align::Start
    } else {
        Align::JustifyAll
    };
    let mut tail = item.clone();
    tail.para = slice(&item.para, at, item.para.text.len());
    tail.style.indent = 0.0;
    tail.kind = ItemKind::Body;
    out.push(head);
    out.push(tail);
    out.extend_from_slice(&items[j + 1..]);
    out
}

/// Bytes `from..to` of a paragraph, with its runs and kept ranges.
fn slice(para: &Paragraph, from: usize, to: usize) -> Paragraph {
    let clip = |r: &std::ops::Range<usize>| {
        let (a, b) = (r.start.max(from), r.end.min(to));
        (a < b).then(|| a - from..b - from)
    };
    Paragraph {
        text: para.text.get(from..to).unwrap_or("").to_string(),
        runs: para
            .runs
            .iter()
            .filter_map(|run| {
                clip(&run.range).map(|range| StyleRun {
                    range,
                    ..run.clone()
                })
            })
            .collect(),
        keep: para.keep.iter().filter_map(clip).collect(),
    }
}

fn point(
    frame: usize,
    cut: JumpCut,
    items: &[FlowItem],
    j: usize,
    offset: Option<usize>,
) -> JumpPoint {
    let text = &items[j].para.text;
    let at = offset.unwrap_or(text.len());
    let before: Vec<char> = text.get(..at).unwrap_or("").chars().collect();
    let before: String = before[before.len().saturating_sub(6)..].iter().collect();
    let after: String = match offset {
        Some(at) => text.get(at..).unwrap_or("").chars().take(6).collect(),
        None => items
            .get(j + 1)
            .map(|n| n.para.text.chars().take(6).collect())
            .unwrap_or_default(),
    };
    JumpPoint {
        frame,
        cut,
        text: format!("{before}｜{after}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_ends_before_closing_marks_too() {
        let t = "他说：“好。”然后";
        assert!(sentence_end(t, t.find("然").unwrap_or(0)));
        assert!(!sentence_end(t, t.find("好").unwrap_or(0)));
    }

    #[test]
    fn candidates_prefer_sentence_ends_then_near_word_boundaries() {
        let t = "立足现有资源。打造共享阵地的挖掘整合利用，打造";
        let ranks = compose::break_ranks(t);
        let start = 0;
        let at = t.find("用").unwrap_or(0);
        let c = candidates(t, &ranks, start, at);
        assert_eq!(c.first().map(|c| c.1), Some(JumpCut::Sentence));
        assert_eq!(&t[c[0].0..c[0].0 + 3], "打");
        let words: Vec<&str> = c[1..].iter().map(|(a, _)| &t[*a..]).collect();
        assert!(words.iter().all(|w| !w.starts_with("用")), "{words:?}");
        assert!(words.iter().any(|w| w.starts_with("整合")), "{words:?}");
    }

    #[test]
    fn slicing_keeps_runs_and_kept_ranges_inside() {
        let p = Paragraph {
            text: "甲乙丙丁".into(),
            runs: vec![StyleRun {
                range: 0..12,
                fonts: Vec::new(),
                size: 9.0,
                color: crate::color::Cmyk::BLACK,
                tracking: 0.0,
            }],
            keep: std::iter::once(3..9).collect(),
        };
        let tail = slice(&p, 6, 12);
        assert_eq!(tail.text, "丙丁");
        assert_eq!(tail.runs[0].range, 0..6);
        assert_eq!(tail.keep.first(), Some(&(0..3)));
    }
}
