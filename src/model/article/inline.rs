//! Inline text of one paragraph: pieces collected from pulldown-cmark events, emphasis
//! delimiters paired again for Chinese, and line joining.

use crate::model::types::{Emphasis, InlineSpan, Para, ParaAlign};

/// One piece of a paragraph's inline content, in source order.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    /// Text with the emphasis pulldown-cmark gave it.
    Text {
        /// The characters.
        text: String,
        /// Emphasis from the markup around it.
        emphasis: Emphasis,
        /// Byte offset in the file.
        offset: usize,
    },
    /// A lone `*` that pulldown-cmark left unmatched (see [`resolve`]).
    Delim {
        /// Byte offset of the `*` in the file.
        offset: usize,
        /// Emphasis from the markup around it.
        emphasis: Emphasis,
    },
    /// A soft line break; `offset` is where the next line starts.
    Soft {
        /// Byte offset of the start of the next line.
        offset: usize,
    },
    /// A hard line break (two trailing spaces or a trailing backslash).
    Hard,
    /// A separator after a list number: a space only between Latin characters.
    Space,
}

/// The stronger of two emphases: bold wins over 楷体, either over normal.
fn stronger(a: Emphasis, b: Emphasis) -> Emphasis {
    let rank = |e| match e {
        Emphasis::Normal => 0,
        Emphasis::Emphasis => 1,
        Emphasis::Strong => 2,
    };
    if rank(a) >= rank(b) { a } else { b }
}

/// A run of adjacent unmatched `*`.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// Indices of its first and last piece.
    first: usize,
    last: usize,
    /// Number of `*`.
    len: usize,
}

/// Pair the `*` delimiters pulldown-cmark left unmatched, and turn the rest into text.
///
/// CommonMark only lets `**` close after punctuation when a space or punctuation follows, so
/// `**阵地建设基础强。**各村` stays literal. Chinese has no spaces, so here a run of `*` may
/// open when the next character is not whitespace and close when the previous one is not;
/// runs pair with the nearest open run of the same length (1 = 楷体, 2 or 3 = bold), as in
/// the CJK-friendly emphasis proposal (markdown-cjk-friendly). Unpaired `*` stay text.
pub(super) fn resolve(src: &str, mut pieces: Vec<Piece>) -> Vec<Piece> {
    let runs = delimiter_runs(&pieces);
    let mut stack: Vec<Run> = Vec::new();
    let mut pairs: Vec<(Run, Run)> = Vec::new();
    for run in runs {
        let (start, end) = (
            delim_offset(&pieces[run.first]),
            delim_offset(&pieces[run.last]) + 1,
        );
        let before = src.get(..start).and_then(|s| s.chars().next_back());
        let after = src.get(end..).and_then(|s| s.chars().next());
        let can_close = before.is_some_and(|c| !c.is_whitespace());
        let can_open = after.is_some_and(|c| !c.is_whitespace());
        if can_close {
            if let Some(i) = stack.iter().rposition(|open| open.len == run.len) {
                pairs.push((stack[i], run));
                stack.truncate(i);
                continue;
            }
        }
        if can_open && run.len <= 3 {
            stack.push(run);
        }
    }
    let mut removed = vec![false; pieces.len()];
    for (open, close) in pairs {
        let emphasis = if open.len == 1 {
            Emphasis::Emphasis
        } else {
            Emphasis::Strong
        };
        for flag in removed.iter_mut().take(open.last + 1).skip(open.first) {
            *flag = true;
        }
        for flag in removed.iter_mut().take(close.last + 1).skip(close.first) {
            *flag = true;
        }
        for piece in &mut pieces[open.last + 1..close.first] {
            if let Piece::Text { emphasis: e, .. } | Piece::Delim { emphasis: e, .. } = piece {
                *e = stronger(*e, emphasis);
            }
        }
    }
    pieces
        .into_iter()
        .zip(removed)
        .filter(|(_, removed)| !removed)
        .map(|(piece, _)| match piece {
            Piece::Delim { offset, emphasis } => Piece::Text {
                text: "*".into(),
                emphasis,
                offset,
            },
            other => other,
        })
        .collect()
}

fn delim_offset(piece: &Piece) -> usize {
    match piece {
        Piece::Delim { offset, .. } => *offset,
        _ => 0,
    }
}

/// Runs of `Delim` pieces that are adjacent both in the list and in the file.
fn delimiter_runs(pieces: &[Piece]) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let Piece::Delim { offset, .. } = piece else {
            continue;
        };
        if let Some(run) = runs.last_mut() {
            if run.last + 1 == i && delim_offset(&pieces[run.last]) + 1 == *offset {
                run.last = i;
                run.len += 1;
                continue;
            }
        }
        runs.push(Run {
            first: i,
            last: i,
            len: 1,
        });
    }
    runs
}

/// Split a paragraph at its line breaks (soft and hard), for verse. Each line comes with the
/// offset where it starts.
pub(super) fn split_lines(pieces: Vec<Piece>) -> Vec<(usize, Vec<Piece>)> {
    let mut lines: Vec<(usize, Vec<Piece>)> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut start: Option<usize> = None;
    for piece in pieces {
        match piece {
            Piece::Soft { .. } | Piece::Hard => {
                lines.push((
                    start.take().unwrap_or_default(),
                    std::mem::take(&mut current),
                ));
            }
            Piece::Text { offset, .. } | Piece::Delim { offset, .. } => {
                start.get_or_insert(offset);
                current.push(piece);
            }
            Piece::Space => current.push(piece),
        }
    }
    lines.push((start.unwrap_or_default(), current));
    lines
}

/// Whether a character belongs to Latin-script text for line joining: ASCII letters, digits and
/// punctuation, and non-ASCII letters below the CJK blocks (é, Greek, Cyrillic).
fn is_latin(c: char) -> bool {
    c.is_ascii_graphic() || (!c.is_ascii() && c.is_alphanumeric() && (c as u32) < 0x2E80)
}

/// Leading indentation a writer may type: ASCII spaces and tabs, and the full-width space.
fn is_indent(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

/// Build a paragraph from resolved pieces, joining soft-broken lines: Chinese lines join
/// without a space, a space goes only between two Latin characters. Leading indentation is
/// removed (the layout indents). Returns the paragraph (None when it has no text) and the
/// offsets of continuation lines that start with a full-width indent, which usually means a
/// missing blank line between paragraphs.
pub(super) fn build_para(pieces: Vec<Piece>, line: u32) -> Option<(Para, Vec<usize>)> {
    let mut spans: Vec<InlineSpan> = Vec::new();
    let mut indents = Vec::new();
    let mut pending: Option<Option<usize>> = None;
    for piece in pieces {
        let (text, emphasis) = match piece {
            Piece::Text { text, emphasis, .. } => (text, emphasis),
            Piece::Delim { emphasis, .. } => ("*".to_string(), emphasis),
            Piece::Soft { offset } => {
                pending = Some(Some(offset));
                continue;
            }
            Piece::Space => {
                pending = Some(None);
                continue;
            }
            Piece::Hard => {
                trim_trailing_spaces(&mut spans);
                let emphasis = spans.last().map_or(Emphasis::Normal, |s| s.emphasis);
                push_text(&mut spans, "\n", emphasis);
                pending = None;
                continue;
            }
        };
        // Spans are never empty (see `push_text` and `trim_trailing_spaces`).
        let at_start = spans.is_empty();
        let mut text = text.as_str();
        if at_start {
            text = text.trim_start_matches(is_indent);
        }
        if let Some(soft) = pending.take() {
            if let Some(offset) = soft {
                if text.starts_with('\u{3000}') {
                    indents.push(offset);
                }
                text = text.trim_start_matches(is_indent);
            }
            join_lines(&mut spans, text, emphasis);
        }
        push_text(&mut spans, text, emphasis);
    }
    trim_paragraph_end(&mut spans);
    if spans.is_empty() {
        return None;
    }
    Some((
        Para {
            spans,
            line,
            align: ParaAlign::Indented,
        },
        indents,
    ))
}

/// Where a soft break or a space joins two pieces: trailing spaces go, and one space is put
/// back only between two Latin characters.
fn join_lines(spans: &mut Vec<InlineSpan>, next_text: &str, emphasis: Emphasis) {
    trim_trailing_spaces(spans);
    let prev = spans.last().and_then(|s| s.text.chars().next_back());
    let next = next_text.chars().next();
    if prev.is_some_and(is_latin) && next.is_some_and(is_latin) {
        push_text(spans, " ", emphasis);
    }
}

/// Drop the paragraph's trailing spaces and hard breaks, and spans left empty.
fn trim_paragraph_end(spans: &mut Vec<InlineSpan>) {
    trim_trailing_spaces(spans);
    while spans.last().is_some_and(|s| s.text.ends_with('\n')) {
        if let Some(last) = spans.last_mut() {
            last.text.pop();
        }
        trim_trailing_spaces(spans);
    }
    spans.retain(|s| !s.text.is_empty());
}

/// The letter markup at the start of a paragraph: `<-` sets it flush (a salutation), `->`
/// flush right (a signature, a date). The marker (and a space after it) is removed, and so is
/// the same marker at the start of a line after a hard break, where an editor may repeat it.
pub(super) fn take_alignment(para: &mut Para) {
    let Some(first) = para.spans.first() else {
        return;
    };
    let (align, marker) = if first.text.starts_with("<-") {
        (ParaAlign::Flush, "<-")
    } else if first.text.starts_with("->") {
        (ParaAlign::Right, "->")
    } else {
        return;
    };
    para.align = align;
    let mut line_start = true;
    for span in &mut para.spans {
        let mut out = String::with_capacity(span.text.len());
        let mut rest = span.text.as_str();
        loop {
            if line_start && let Some(after) = rest.strip_prefix(marker) {
                rest = after.trim_start_matches([' ', '\u{3000}']);
            }
            line_start = false;
            match rest.find('\n') {
                Some(i) => {
                    out.push_str(&rest[..=i]);
                    rest = &rest[i + 1..];
                    line_start = true;
                }
                None => {
                    out.push_str(rest);
                    break;
                }
            }
        }
        span.text = out;
    }
    para.spans.retain(|s| !s.text.is_empty());
}

/// Append text, merging with the last span when the emphasis is the same.
fn push_text(spans: &mut Vec<InlineSpan>, text: &str, emphasis: Emphasis) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.emphasis == emphasis => last.text.push_str(text),
        _ => spans.push(InlineSpan {
            text: text.to_string(),
            emphasis,
        }),
    }
}

/// Remove spaces and tabs (not line breaks) at the end of the text so far, across spans.
fn trim_trailing_spaces(spans: &mut Vec<InlineSpan>) {
    while let Some(last) = spans.last_mut() {
        let trimmed = last.text.trim_end_matches([' ', '\t']).len();
        last.text.truncate(trimmed);
        if !last.text.is_empty() {
            return;
        }
        spans.pop();
    }
}
