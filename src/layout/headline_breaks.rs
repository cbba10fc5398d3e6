//! Where a line of display type (引题, 主题, 副题, 续题, banners) breaks when it is wider than its
//! block: between words, never inside a book title, a number with its unit or a Latin word,
//! preferably at a space or beside punctuation, with the lines as even as the candidates allow.
//!
//! The editor may force breaks: a `|` (or a line break in the YAML value) in the text starts a
//! new line there (`\|` is a literal bar). Each forced line is then broken on its own only if it
//! is still too wide.
//!
//! The candidates and their ranks come from [`compose::break_ranks`]; the widths of candidate
//! lines are read off one composition of the whole line (scaled linearly with the size, which
//! the caller may vary), and the chosen set is composed for real and checked before it is used.

use crate::compose::{self, BreakRank};
use crate::fonts::FontBook;
use crate::resolve::TextStyle;

use super::text::plain;

/// Cost of a break by rank: a space is free, punctuation nearly so, a word boundary cheap, a
/// boundary the dictionary is unsure of dear, one between the words of a book title dearer (it
/// splits the title), a break inside a word a last resort.
fn rank_cost(rank: BreakRank, at_space: bool) -> f32 {
    match rank {
        BreakRank::Phrase if at_space => 0.0,
        BreakRank::Phrase => 0.5,
        BreakRank::Word => 1.5,
        BreakRank::Weak => 4.0,
        BreakRank::Title => 12.0,
        BreakRank::Char => 40.0,
        BreakRank::Never => f32::INFINITY,
    }
}

/// How much uneven lines cost: the spread between the longest and the shortest line, as a share
/// of the measure, times this (a phrase break leaving lines of 60% and 40% costs as much as a
/// word break of even lines).
const EVENNESS: f32 = 5.0;
/// A line of one or two characters under a longer one (the headline 孤字).
const SHORT_LINE: f32 = 8.0;
/// Most lines one forced line is broken into by the search (more goes to the composer).
const MAX_LINES: usize = 4;

/// A display text broken into lines.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Broken {
    /// The text with `\n` at every break (forced and chosen), spaces at breaks removed.
    pub text: String,
    /// The lines that had to be broken inside a word (the text either side), for the report.
    pub char_breaks: Vec<String>,
    /// The lines broken inside a book title 《…》 that is wider than the block (between its
    /// words: the best there is, but the editor should know).
    pub title_breaks: Vec<String>,
}

/// The editor's forced lines of a display text: split at `|` and at line breaks; `\|` is a bar.
pub(crate) fn forced_lines(text: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' | '\n' => lines.push(String::new()),
            _ => {
                let c = if c == '\\' && chars.peek() == Some(&'|') {
                    chars.next();
                    '|'
                } else {
                    c
                };
                if let Some(l) = lines.last_mut() {
                    l.push(c);
                }
            }
        }
    }
    lines
        .into_iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// Break `text` (forced lines first) so that every line fits `width` in `style`, or `None` if
/// some line cannot fit even broken inside a word (a unit wider than the measure).
pub(crate) fn break_lines(
    book: &FontBook,
    text: &str,
    style: &TextStyle,
    width: f32,
) -> Option<Broken> {
    let mut out = Broken {
        text: String::new(),
        char_breaks: Vec::new(),
        title_breaks: Vec::new(),
    };
    for line in forced_lines(text) {
        if !out.text.is_empty() {
            out.text.push('\n');
        }
        let one = break_one(book, &line, style, width)?;
        out.text.push_str(&one.text);
        out.char_breaks.extend(one.char_breaks);
        out.title_breaks.extend(one.title_breaks);
    }
    Some(out)
}

/// Natural width of `text` in `style` on one line.
pub(crate) fn width_of(book: &FontBook, text: &str, style: &TextStyle) -> f32 {
    super::headline::natural(book, &plain(text, style), style)
}

/// One forced line: itself if it fits, else the cheapest set of breaks that fits.
fn break_one(book: &FontBook, line: &str, style: &TextStyle, width: f32) -> Option<Broken> {
    if width_of(book, line, style) <= width + 0.01 {
        return Some(Broken {
            text: line.to_string(),
            char_breaks: Vec::new(),
            title_breaks: Vec::new(),
        });
    }
    let geometry = Geometry::measure(book, line, style);
    let mut plans = geometry.plans(width);
    plans.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    for plan in plans.iter().take(6) {
        let text = plan.joined(line);
        let fits = text
            .split('\n')
            .all(|l| width_of(book, l, style) <= width + 0.5);
        if fits {
            let around_rank = |rank: BreakRank| {
                plan.breaks
                    .iter()
                    .filter(|b| b.rank == rank)
                    .map(|b| around(line, b.offset))
                    .collect()
            };
            return Some(Broken {
                text,
                char_breaks: around_rank(BreakRank::Char),
                title_breaks: around_rank(BreakRank::Title),
            });
        }
    }
    None
}

/// The text either side of a break, for a message: 专家服务基｜层示范.
fn around(line: &str, offset: usize) -> String {
    let before: String = line[..offset].chars().rev().take(6).collect();
    let before: String = before.chars().rev().collect();
    let after: String = line[offset..].chars().take(6).collect();
    format!("{before}｜{after}")
}

/// A candidate break.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    offset: usize,
    rank: BreakRank,
    /// Width of the text before the break (the space at it excluded).
    x_end: f32,
    /// Width of the text before the next line starts.
    x_start: f32,
    cost: f32,
}

/// The break positions of one line with the widths around them.
struct Geometry {
    total: f32,
    em: f32,
    candidates: Vec<Candidate>,
}

/// A set of breaks and what it costs.
struct Plan {
    breaks: Vec<Candidate>,
    cost: f32,
}

impl Plan {
    /// The line with `\n` at the breaks (a space at a break dropped).
    fn joined(&self, line: &str) -> String {
        let mut out = String::new();
        let mut from = 0;
        for b in &self.breaks {
            out.push_str(line[from..b.offset].trim_end());
            out.push('\n');
            from = b.offset;
        }
        out.push_str(line[from..].trim_start());
        out
    }
}

impl Geometry {
    fn measure(book: &FontBook, line: &str, style: &TextStyle) -> Self {
        let para = plain(line, style);
        let set = super::headline::one_line(book, &para, style);
        let glyphs: Vec<_> = set.lines.iter().flat_map(|l| l.glyphs.iter()).collect();
        let total = set.lines.first().map_or(0.0, |l| l.content_width);
        // x where the glyph covering `offset` starts, and where the glyphs before it end.
        let start_x = |offset: usize| {
            glyphs
                .iter()
                .find(|g| g.text.start >= offset)
                .map_or(total, |g| g.x.max(0.0))
        };
        let end_x = |offset: usize| {
            glyphs
                .iter()
                .filter(|g| g.text.end <= offset)
                .map(|g| g.x + g.advance)
                .fold(0.0, f32::max)
        };
        let mut candidates = Vec::new();
        for (offset, rank) in compose::break_ranks(line) {
            if rank == BreakRank::Never {
                continue;
            }
            let before = line[..offset].trim_end();
            let at_space = before.len() < offset;
            candidates.push(Candidate {
                offset,
                rank,
                x_end: end_x(before.len()),
                x_start: start_x(offset),
                cost: rank_cost(rank, at_space),
            });
        }
        Geometry {
            total,
            em: style.size,
            candidates,
        }
    }

    /// Every set of breaks (fewest lines first that fit, up to [`MAX_LINES`]) with its cost.
    fn plans(&self, width: f32) -> Vec<Plan> {
        let mut out = Vec::new();
        for lines in 2..=MAX_LINES {
            let mut chosen = Vec::new();
            self.search(width, lines - 1, 0, 0.0, &mut chosen, &mut out);
            if !out.is_empty() {
                return out;
            }
        }
        out.extend(self.greedy(width));
        out
    }

    /// More lines than the search tries (a long part in a narrow block): line by line, the
    /// best-ranked break that leaves the line at least two-thirds full, else the last that fits.
    fn greedy(&self, width: f32) -> Option<Plan> {
        let mut chosen: Vec<Candidate> = Vec::new();
        let mut x0 = 0.0;
        let mut from = 0;
        while self.total - x0 > width + 0.5 {
            // Only candidates after the last break, so every line moves on.
            let fitting: Vec<&Candidate> = self
                .candidates
                .iter()
                .filter(|c| c.offset > from && c.x_end > x0 && c.x_end - x0 <= width + 0.5)
                .collect();
            let best = fitting
                .iter()
                .filter(|c| c.x_end - x0 >= width * 2.0 / 3.0)
                .max_by(|a, b| a.rank.cmp(&b.rank).then(a.offset.cmp(&b.offset)))
                .or(fitting.last())?;
            chosen.push(**best);
            x0 = best.x_start;
            from = best.offset;
        }
        Some(self.plan(&chosen, width))
    }

    /// Depth-first over the remaining `breaks` after candidate index `from`, the current line
    /// starting at `x0`.
    fn search(
        &self,
        width: f32,
        breaks: usize,
        from: usize,
        x0: f32,
        chosen: &mut Vec<Candidate>,
        out: &mut Vec<Plan>,
    ) {
        if breaks == 0 {
            if self.total - x0 <= width + 0.5 {
                out.push(self.plan(chosen, width));
            }
            return;
        }
        for (i, c) in self.candidates.iter().enumerate().skip(from) {
            let w = c.x_end - x0;
            if w > width + 0.5 {
                break;
            }
            if w <= 0.0 {
                continue;
            }
            chosen.push(*c);
            self.search(width, breaks - 1, i + 1, c.x_start, chosen, out);
            chosen.pop();
        }
    }

    fn plan(&self, chosen: &[Candidate], width: f32) -> Plan {
        let mut widths = Vec::with_capacity(chosen.len() + 1);
        let mut x0 = 0.0;
        for c in chosen {
            widths.push(c.x_end - x0);
            x0 = c.x_start;
        }
        widths.push(self.total - x0);
        let longest = widths.iter().copied().fold(0.0, f32::max);
        let shortest = widths.iter().copied().fold(f32::MAX, f32::min);
        let mut cost: f32 = chosen.iter().map(|c| c.cost).sum();
        cost += EVENNESS * (longest - shortest) / width.max(1.0);
        if shortest < 2.5 * self.em {
            cost += SHORT_LINE;
        }
        Plan {
            breaks: chosen.to_vec(),
            cost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_lines_split_at_bars_and_newlines_and_keep_escaped_bars() {
        assert_eq!(
            forced_lines("强化使命担当|打造“首善之区”"),
            ["强化使命担当", "打造“首善之区”"]
        );
        assert_eq!(forced_lines("一行\n两行 | 三行"), ["一行", "两行", "三行"]);
        assert_eq!(forced_lines("甲\\|乙"), ["甲|乙"]);
        assert_eq!(forced_lines(" | 甲||"), ["甲"]);
    }

    fn style(book: &mut FontBook, size: f32) -> TextStyle {
        TextStyle {
            fonts: book.resolve("Noto Sans SC", 700).into_iter().collect(),
            size,
            min_size: size,
            leading: size * 1.3,
            align: crate::compose::Align::Center,
            color: crate::color::Cmyk::BLACK,
            tracking: 0.0,
            phrase_space: 1.0,
            fill: None,
        }
    }

    #[test]
    fn long_parts_in_narrow_blocks_break_between_words_and_end() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let s = style(&mut book, 14.0);
        let text = "落实《聊城市运河文化带建设三年行动方案（2025—2027年）》推进会召开";
        for width in [60.0, 100.0, 225.0] {
            let Some(b) = break_lines(&book, text, &s, width) else {
                continue;
            };
            let joined: String = b.text.split('\n').collect();
            assert_eq!(joined, text, "no character lost at {width}");
            for line in b.text.split('\n') {
                assert!(
                    width_of(&book, line, &s) <= width + 0.5,
                    "{line} at {width}"
                );
            }
        }
        let b = break_lines(&book, "让老手艺在新生活里“活”起来", &s, 120.0);
        let lines: Vec<String> = b
            .map(|b| b.text.split('\n').map(String::from).collect())
            .unwrap_or_default();
        // Between words (新｜生活 or before “), never 新生｜活 or 老手｜艺.
        let first = lines.first().map(String::as_str).unwrap_or("");
        assert!(
            ["让老手艺在", "让老手艺在新", "让老手艺在新生活里"].contains(&first),
            "{lines:?}"
        );
    }

    #[test]
    fn a_book_title_wider_than_the_block_breaks_between_its_words_and_says_so() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let s = style(&mut book, 14.0);
        // Before the title when it fits on a line of its own: nothing to report.
        let short = break_lines(&book, "区文旅局解读《若干措施》", &s, 90.0).expect("breaks");
        assert_eq!(short.text, "区文旅局解读\n《若干措施》");
        assert!(short.title_breaks.is_empty(), "{:?}", short.title_breaks);
        // 24 characters of title at 14 pt in a 15-character measure: it must break inside.
        let text = "区文旅局解读《关于加快推进文化和旅游深度融合发展的若干措施》";
        let long = break_lines(&book, text, &s, 215.0).expect("breaks");
        assert_eq!(long.text.replace('\n', ""), text);
        assert!(long.char_breaks.is_empty(), "{:?}", long.char_breaks);
        assert_eq!(
            long.title_breaks.len(),
            1,
            "{:?} {:?}",
            long.text,
            long.title_breaks
        );
    }

    #[test]
    fn plan_joins_at_breaks_dropping_the_space() {
        let c = |offset| Candidate {
            offset,
            rank: BreakRank::Phrase,
            x_end: 0.0,
            x_start: 0.0,
            cost: 0.0,
        };
        let line = "强化使命担当 打造";
        let plan = Plan {
            breaks: vec![c(line.find('打').unwrap_or(0))],
            cost: 0.0,
        };
        assert_eq!(plan.joined(line), "强化使命担当\n打造");
    }
}
