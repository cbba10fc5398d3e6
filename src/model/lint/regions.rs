//! Where the copy is in an article file, and what in it no rule may touch: the regions the
//! rules read (body paragraphs, plain front-matter values of the copy keys) and the protected
//! characters inside them (code spans, URLs, e-mail addresses, link destinations, HTML
//! comments).

use std::ops::Range;
use std::path::Path;

use super::super::article::{split_front_matter, strip_bom};

/// Front-matter keys whose plain values are Chinese copy and are checked.
const COPY_KEYS: &[&str] = &[
    "kicker",
    "title",
    "subtitle",
    "dateline",
    "byline",
    "jump_title",
];

/// Byte ranges of the text that hold copy: body paragraphs, and plain front-matter values.
pub(super) fn prose_regions(text: &str) -> Vec<Range<usize>> {
    let bom = text.len() - strip_bom(text).len();
    let (front, body_start) = match split_front_matter(Path::new(""), strip_bom(text)) {
        Ok(split) => (
            split.front.map(|f| (bom + split.front_offset, f)),
            bom + split.body_offset,
        ),
        Err(_) => return Vec::new(),
    };
    let mut regions = Vec::new();
    if let Some((start, front)) = front {
        regions.extend(
            front_values(front)
                .into_iter()
                .map(|r| r.start + start..r.end + start),
        );
    }
    regions.extend(
        body_paragraphs(&text[body_start..])
            .into_iter()
            .map(|r| r.start + body_start..r.end + body_start),
    );
    regions
}

/// The single-line plain values of the copy keys, as byte ranges of the front matter.
fn front_values(front: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if !COPY_KEYS.contains(&key) {
            continue;
        }
        let start = here + key.len() + 1 + (value.len() - value.trim_start().len());
        let value = value.trim_start();
        // Quoted, flow, block and tagged values have YAML syntax inside: leave them alone.
        if value.is_empty()
            || value.starts_with([
                '"', '\'', '[', '{', '|', '>', '&', '*', '!', '%', '@', '`', '#',
            ])
        {
            continue;
        }
        let value = value.trim_end();
        let value = value.find(" #").map_or(value, |i| &value[..i]).trim_end();
        out.push(start..start + value.len());
    }
    out
}

/// Runs of non-blank body lines, without fence lines (```` ``` ````, `~~~`).
fn body_paragraphs(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.extend(current.take());
            continue;
        }
        let end = here + line.trim_end_matches(['\n', '\r']).len();
        match &mut current {
            Some(range) => range.end = end,
            None => current = Some(here..end),
        }
    }
    out.extend(current);
    out
}

/// Which characters no rule may touch: code spans, URLs, e-mail addresses, link destinations
/// and HTML comments.
pub(super) fn protected(chars: &[(usize, char)]) -> Vec<bool> {
    let c = |i: usize| chars.get(i).map_or('\0', |&(_, c)| c);
    let mut mask = vec![false; chars.len()];
    let mut mark = |range: Range<usize>| mask[range.start..range.end.min(chars.len())].fill(true);
    let url_char = |ch: char| ch.is_ascii_graphic() && !matches!(ch, '<' | '>' | '"' | '`');
    let mut i = 0;
    while i < chars.len() {
        let starts = |s: &str| s.chars().enumerate().all(|(k, sc)| c(i + k) == sc);
        let end = if c(i) == '`' {
            (i + 1..chars.len()).find(|&j| c(j) == '`').map(|j| j + 1)
        } else if starts("<!--") {
            (i..chars.len())
                .find(|&j| c(j) == '>' && c(j.wrapping_sub(1)) == '-' && j >= i + 5)
                .map(|j| j + 1)
        } else if starts("](") {
            (i..chars.len()).find(|&j| c(j) == ')').map(|j| j + 1)
        } else if c(i).is_ascii_alphabetic()
            && (i == 0 || !c(i - 1).is_ascii_alphanumeric())
            && (is_scheme_at(&c, i) || starts("www."))
        {
            Some(
                (i..chars.len())
                    .find(|&j| !url_char(c(j)))
                    .unwrap_or(chars.len()),
            )
        } else if c(i) == '@'
            && c(i + 1).is_ascii_alphanumeric()
            && i > 0
            && c(i - 1).is_ascii_alphanumeric()
        {
            let local =
                |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '%' | '+' | '-');
            let start = (0..i)
                .rev()
                .take_while(|&j| local(c(j)))
                .last()
                .unwrap_or(i);
            let end = (i + 1..chars.len())
                .find(|&j| !(c(j).is_ascii_alphanumeric() || matches!(c(j), '.' | '-')))
                .unwrap_or(chars.len());
            mark(start..end);
            i = end;
            continue;
        } else {
            None
        };
        match end {
            Some(end) => {
                mark(i..end);
                i = end;
            }
            None => i += 1,
        }
    }
    mask
}

/// Whether a URL scheme (`http://`, `https://`, `ftp://`, …) starts at `i`.
fn is_scheme_at(c: &impl Fn(usize) -> char, i: usize) -> bool {
    let mut j = i;
    while c(j).is_ascii_alphanumeric() || matches!(c(j), '+' | '.' | '-') {
        j += 1;
    }
    j > i && c(j) == ':' && c(j + 1) == '/' && c(j + 2) == '/'
}
