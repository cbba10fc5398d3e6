//! The headline group: which of the short lines at the top are 引题, 主题 and 副题, and a
//! byline line under them.
//!
//! The zone is the run of leading paragraphs that read as headline lines: a Title, Subtitle or
//! level-1 heading style, or a single line of at most 50 characters that does not end a
//! sentence (。，；：、) and does not start with a 讯头; in a Word file whose first lines are set
//! apart by type (larger than the body, bold, or centred), only such lines. At most four lines,
//! plus a byline line.
//!
//! Inside the zone the 主题 is, in this order: the line in Word's Title style; in a Word file
//! the one line set larger (or, sizes equal, the one line in bold) than the others; the line
//! above the first line starting with ——; the only line; the second of two when the first
//! ends with a kicker verb (强调, 指出 …) or is a column label of at most four characters; the
//! first of two otherwise; the second of three or four. Above it is the 引题, below it the 副题.
//! A line that no rule places for certain is left to the body with a comment.

use super::Draft;
use super::patterns::{self, ends_like_kicker, is_bare_byline, is_byline, wholly_parenthesised};
use crate::import::story::{Paragraph, Role};

/// Headline lines are at most this long.
const HEADLINE_CHARS: usize = 50;
/// At most this many headline lines (引题, 主题, 副题 and one more).
const MAX_LINES: usize = 4;

/// Read the headline group into `draft.front`: returns the number of paragraphs it took and
/// the indices of the lines it could not place (they go to the body).
pub fn read(paras: &[Paragraph], has_formatting: bool, draft: &mut Draft) -> (usize, Vec<usize>) {
    let body_size = body_size(paras);
    let display = |p: &Paragraph| is_display(p, body_size);
    let by_type = has_formatting && paras.iter().take(MAX_LINES).any(display);
    let mut zone = 0;
    let mut lines = Vec::new();
    while zone < paras.len() && lines.len() < MAX_LINES {
        let para = &paras[zone];
        if !is_headline_like(para) || (by_type && !display(para) && !para.text().starts_with("——"))
        {
            break;
        }
        let text = para.text();
        let byline_line = is_bare_byline(&text)
            || wholly_parenthesised(&text).is_some_and(|inner| is_byline(inner).is_some());
        if zone > 0 && byline_line && draft.front.byline.is_none() {
            let who = wholly_parenthesised(&text)
                .unwrap_or(text.trim())
                .to_string();
            draft.found("署名", &who, "a byline line under the headline");
            draft.front.byline = Some(who);
        } else {
            lines.push(zone);
        }
        zone += 1;
    }
    if zone == paras.len() && zone > 1 {
        // Nothing left for the body: only the first line is a headline.
        zone = 1;
        lines.truncate(1);
    }
    let unsure = assign(paras, &lines, by_type, body_size, draft);
    (zone, unsure)
}

/// The most common type size of the text paragraphs, weighted by characters.
fn body_size(paras: &[Paragraph]) -> Option<u32> {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for para in paras.iter().filter(|p| p.role == Role::Plain) {
        if let Some(size) = para.size {
            let chars = para.text().chars().count();
            match counts.iter_mut().find(|(s, _)| *s == size) {
                Some(entry) => entry.1 += chars,
                None => counts.push((size, chars)),
            }
        }
    }
    counts.into_iter().max_by_key(|&(_, c)| c).map(|(s, _)| s)
}

/// Set apart by type: a headline style, larger than the body, all bold, or centred.
fn is_display(para: &Paragraph, body_size: Option<u32>) -> bool {
    matches!(para.role, Role::Title | Role::Subtitle | Role::Heading(1))
        || matches!((para.size, body_size), (Some(s), Some(b)) if s > b)
        || para.all_bold()
        || para.centered
}

/// One short line that does not end a sentence and is not the start of the text.
fn is_headline_like(para: &Paragraph) -> bool {
    let text = para.text();
    match para.role {
        Role::Title | Role::Subtitle | Role::Heading(1) => !text.contains('\n'),
        Role::Plain => {
            !text.contains('\n')
                && text.chars().count() <= HEADLINE_CHARS
                && !text.ends_with(['。', '，', '；', '：', '、', ':', ';', ','])
                && !text.ends_with("。”")
                && patterns::dateline(&text).is_none()
        }
        _ => false,
    }
}

/// Which line is the 主题, and why.
fn title_line(
    paras: &[Paragraph],
    lines: &[usize],
    by_type: bool,
    body_size: Option<u32>,
) -> (usize, &'static str) {
    let texts: Vec<String> = lines.iter().map(|&i| paras[i].text()).collect();
    if let Some(k) = lines.iter().position(|&i| paras[i].role == Role::Title) {
        return (k, "Word's Title style");
    }
    if by_type && let Some(k) = set_apart(paras, lines, body_size) {
        return (k, "set larger or bolder than the lines around it");
    }
    if let Some(k) = texts.iter().skip(1).position(|t| t.starts_with("——")) {
        return (k, "the line above the 副题 starting with ——");
    }
    match texts.len() {
        1 => (0, "the only headline line"),
        2 if ends_like_kicker(&texts[0]).is_some() => {
            (1, "the line under a kicker ending with a verb such as 强调")
        }
        2 if texts[0].chars().count() <= 4 => (1, "the line under a short column label"),
        2 => (0, "the first of two headline lines"),
        _ => (1, "the middle line of three"),
    }
}

/// The one line set larger than the rest (or, all the same size, the one bold line).
fn set_apart(paras: &[Paragraph], lines: &[usize], body_size: Option<u32>) -> Option<usize> {
    let size = |k: usize| paras[lines[k]].size.or(body_size).unwrap_or(0);
    let largest = (0..lines.len()).map(size).max()?;
    let at_largest: Vec<usize> = (0..lines.len()).filter(|&k| size(k) == largest).collect();
    if at_largest.len() == 1 {
        return Some(at_largest[0]);
    }
    let bold: Vec<usize> = at_largest
        .into_iter()
        .filter(|&k| paras[lines[k]].all_bold())
        .collect();
    (bold.len() == 1).then(|| bold[0])
}

/// Place the zone's lines; returns the paragraphs it could not place.
fn assign(
    paras: &[Paragraph],
    lines: &[usize],
    by_type: bool,
    body_size: Option<u32>,
    draft: &mut Draft,
) -> Vec<usize> {
    let mut unsure = Vec::new();
    if lines.is_empty() {
        return unsure;
    }
    let (t, why) = title_line(paras, lines, by_type, body_size);
    let text = |k: usize| paras[lines[k]].text().trim().to_string();
    let title = text(t);
    draft.found("主题", &title, why);
    draft.front.title = Some(title);
    // A rule other than "first of two" placed the title: the lines around it are placed too.
    let placed = by_type || lines.len() != 2 || t == 1;
    for k in (0..t).rev() {
        let line = text(k);
        if k + 1 == t && !line.starts_with("——") {
            let why = match ends_like_kicker(&line) {
                Some(_) => "above the 主题, ends with a kicker verb",
                None => "above the 主题",
            };
            draft.found("引题", &line, why);
            draft.front.kicker = Some(line);
        } else {
            unsure.insert(0, lines[k]);
        }
    }
    for k in t + 1..lines.len() {
        let line = text(k);
        let marked = line.starts_with("——") || paras[lines[k]].role == Role::Subtitle;
        if k == t + 1 && (marked || placed) {
            let why = if marked {
                "below the 主题, starts with —— or Word's Subtitle style"
            } else {
                "below the 主题"
            };
            draft.found("副题", &line, why);
            draft.front.subtitle = Some(line);
        } else {
            unsure.push(lines[k]);
        }
    }
    unsure
}
