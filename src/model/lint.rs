//! Copy lint: warnings on suspicious punctuation and spacing in article files, and [`fix`],
//! which rewrites the punctuation the way the warnings suggest.
//!
//! Input: the text of one article file. Output: warnings with file:line:column and a hint
//! ([`lint`]), or the corrected text ([`fix`], used by `paiban check --fix`). The rules, after
//! GB/T 15834—2011 (标点符号用法) and house practice:
//!
//! 1. straight quotes `"…"` in Chinese text → “…” (GB/T 15834 §4.1: Chinese quotation marks);
//! 2. half-width `,.;:?!` after a hanzi and before a hanzi (or at the end of a line) → the
//!    full-width ，。；：？！ (full-width punctuation in Chinese text, §3 and CLREQ §3.1);
//! 3. two or more spaces inside Chinese text (warning only: only a person knows whether a gap
//!    was meant);
//! 4. the 讯头 (`dateline:` in the front matter) repeated at the start of the body (warning
//!    only: the layout sets it from the front matter, deleting text is left to the editor);
//! 5. without a `dateline:`, a body that starts with a 讯头 (本报讯, 东昌府讯 …): warning
//!    only, with a hint to move it to the front matter.
//!
//! What is checked: the body paragraphs (verse inside ```` ``` ```` fences included; the fence
//! lines themselves are not) and the single-line plain values of the headline keys of the front
//! matter (`kicker`, `title`, `subtitle`, `dateline`, `byline`, `jump_title`). Quoted YAML
//! values, the YAML syntax itself, code spans, URLs, e-mail addresses, link destinations and
//! HTML comments are never changed, and numbers such as 3.5 and 1,000 are left alone because
//! the rules only fire next to hanzi. [`fix`] is idempotent: it applies the rules until nothing
//! changes, so a second run changes nothing.

mod regions;

use std::ops::Range;
use std::path::Path;

use super::article::{split_front_matter, strip_bom};
use super::types::FrontMatter;
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics, Location};
use regions::{prose_regions, protected};

/// Check an article's copy (the text of `path`) and return warnings, in file order.
pub fn lint(path: &Path, text: &str) -> Diagnostics {
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    let regions = prose_regions(text);
    for region in &regions {
        for edit in region_edits(text, region.clone()) {
            found.push((edit.range.start, edit.warning()));
        }
        for (offset, count) in double_spaces(&text[region.clone()]) {
            let d = Diagnostic::warning(format!("{count} spaces inside Chinese text")).hint(
                "delete them: Chinese text is set without spaces (keep one if a gap is meant)",
            );
            found.push((region.start + offset, d));
        }
    }
    found.extend(dateline_in_body(text));
    found.sort_by_key(|(offset, _)| *offset);
    // Columns count characters after the byte-order mark, as editors show them.
    let stripped = strip_bom(text);
    let bom = text.len() - stripped.len();
    let mut lines = LineCounter::new(stripped);
    let diagnostics = found
        .into_iter()
        .map(|(offset, d)| {
            let (line, column) = lines.advance_to(offset.saturating_sub(bom));
            d.at(Location::at(path, line, column))
        })
        .collect();
    Diagnostics(diagnostics)
}

/// 1-based line and column (in characters) of increasing byte offsets, in one pass over the
/// text (a long article can have thousands of warnings).
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    column: u32,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The position of `offset`, which must not be smaller than the last one asked for.
    fn advance_to(&mut self, offset: usize) -> (u32, u32) {
        let end = offset.min(self.text.len());
        if let Some(skipped) = self.text.get(self.offset..end) {
            for c in skipped.chars() {
                if c == '\n' {
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += 1;
                }
            }
            self.offset = end;
        }
        (self.line, self.column)
    }
}

/// Rewrite the punctuation of an article's text as the warnings of [`lint`] suggest (rules 1
/// and 2). Everything else, including the front matter's YAML syntax and line endings, is kept
/// byte for byte. Idempotent.
pub fn fix(text: &str) -> String {
    let mut text = text.to_string();
    loop {
        let edits: Vec<Edit> = prose_regions(&text)
            .into_iter()
            .flat_map(|region| region_edits(&text, region))
            .collect();
        if edits.is_empty() {
            return text;
        }
        // Each round replaces at least one ASCII mark by a full-width one and never adds an
        // ASCII mark, so the loop ends.
        let mut out = String::with_capacity(text.len() + edits.len() * 2);
        let mut last = 0;
        for edit in &edits {
            out.push_str(&text[last..edit.range.start]);
            out.push_str(edit.replacement);
            last = edit.range.end;
        }
        out.push_str(&text[last..]);
        text = out;
    }
}

/// What a rule wants changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// A straight quote that opens (rule 1).
    OpenQuote,
    /// A straight quote that closes (rule 1).
    CloseQuote,
    /// A half-width mark between hanzi (rule 2).
    HalfWidth(char),
}

/// One replacement in the text.
#[derive(Debug, Clone)]
struct Edit {
    /// Bytes replaced (the mark, and spaces after it that the fix removes).
    range: Range<usize>,
    replacement: &'static str,
    rule: Rule,
}

impl Edit {
    fn warning(&self) -> Diagnostic {
        match self.rule {
            Rule::OpenQuote | Rule::CloseQuote => {
                let (which, mark) = if self.rule == Rule::OpenQuote {
                    ("opening", "“")
                } else {
                    ("closing", "”")
                };
                Diagnostic::warning("straight quote \" in Chinese text").hint(format!(
                    "write the Chinese {which} quote {mark} (`paiban check --fix` does it)"
                ))
            }
            Rule::HalfWidth(c) => {
                Diagnostic::warning(format!("half-width \"{c}\" in Chinese text")).hint(format!(
                    "write the full-width \"{}\" (`paiban check --fix` does it)",
                    self.replacement
                ))
            }
        }
    }
}

/// The edits rules 1 and 2 want in one region, in order, not overlapping.
fn region_edits(text: &str, region: Range<usize>) -> Vec<Edit> {
    let chars: Vec<(usize, char)> = text[region.clone()]
        .char_indices()
        .map(|(i, c)| (i + region.start, c))
        .collect();
    let protected = protected(&chars);
    // Rule 2 looks at the text as it will be after rule 1.
    let mut view: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let mut edits = Vec::new();
    for (i, rule) in quote_edits(&chars, &protected) {
        let open = rule == Rule::OpenQuote;
        view[i] = if open { '“' } else { '”' };
        edits.push(Edit {
            range: chars[i].0..chars[i].0 + 1,
            replacement: if open { "“" } else { "”" },
            rule,
        });
    }
    for i in 0..chars.len() {
        if protected[i] {
            continue;
        }
        let Some(full) = full_width(view[i]) else {
            continue;
        };
        let prev = (0..i).rev().map(|j| view[j]).find(|&c| c != '*');
        if !prev.is_some_and(|c| is_hanzi(c) || is_closing(c)) {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && view[j] == ' ' {
            j += 1;
        }
        let next = (j..chars.len()).map(|k| view[k]).find(|&c| c != '*');
        let end_of_line = matches!(next, None | Some('\n' | '\r'));
        let before_chinese = next.is_some_and(|c| is_hanzi(c) || is_opening(c));
        if !(before_chinese || end_of_line && prev.is_some_and(is_hanzi)) {
            continue;
        }
        // Spaces after the mark go too, unless they end the line (a hard break).
        let end = if before_chinese && j < chars.len() {
            chars[j].0
        } else {
            chars[i].0 + 1
        };
        edits.push(Edit {
            range: chars[i].0..end,
            replacement: full,
            rule: Rule::HalfWidth(view[i]),
        });
    }
    edits.sort_by_key(|e| e.range.start);
    edits
}

/// Rule 1: pair the straight quotes of a region in order; a pair next to or around Chinese
/// becomes “…”. A quote left over (a quotation running over several paragraphs opens each one,
/// GB/T 15834 §4.1.3.4) becomes “ before Chinese text, ” after it.
fn quote_edits(chars: &[(usize, char)], protected: &[bool]) -> Vec<(usize, Rule)> {
    let quotes: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].1 == '"' && !protected[i])
        .collect();
    let chinese_at = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|&(_, c)| is_chinese(c))
    };
    let mut edits = Vec::new();
    for pair in quotes.chunks(2) {
        match *pair {
            [a, b] => {
                let inside = chars[a + 1..b].iter().any(|&(_, c)| is_chinese(c));
                if inside || chinese_at(a.checked_sub(1)) || chinese_at(Some(b + 1)) {
                    edits.push((a, Rule::OpenQuote));
                    edits.push((b, Rule::CloseQuote));
                }
            }
            [a] => {
                if chinese_at(Some(a + 1)) {
                    edits.push((a, Rule::OpenQuote));
                } else if chinese_at(a.checked_sub(1)) {
                    edits.push((a, Rule::CloseQuote));
                }
            }
            _ => {}
        }
    }
    edits
}

/// Runs of two or more spaces (ASCII or full-width) between Chinese characters on one line:
/// (byte offset in the region, number of spaces).
fn double_spaces(region: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = region.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !matches!(chars[i].1, ' ' | '\u{3000}') {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && matches!(chars[i].1, ' ' | '\u{3000}') {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(i).map(|&(_, c)| c);
        if i - start >= 2 && before.is_some_and(is_chinese) && after.is_some_and(is_chinese) {
            out.push((chars[start].0, i - start));
        }
    }
    out
}

/// Rules 4 and 5: the start of the body holds a 讯头. Returns the byte offset in the text
/// and the warning.
fn dateline_in_body(text: &str) -> Option<(usize, Diagnostic)> {
    let stripped = strip_bom(text);
    let bom = text.len() - stripped.len();
    let split = split_front_matter(Path::new(""), stripped).ok()?;
    let front: FrontMatter = match split.front {
        Some(front) => yaml::parse(Path::new(""), front, 1).ok()?,
        None => FrontMatter::default(),
    };
    let body = stripped.get(split.body_offset..)?;
    let first = body.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '>');
    let offset = bom + split.body_offset + body.len() - first.len();
    match front.dateline.as_deref().map(str::trim) {
        Some("") => None,
        Some(dateline) => first.starts_with(dateline).then(|| {
            let d = Diagnostic::warning(format!(
                "the 讯头 \"{dateline}\" is repeated at the start of the body"
            ))
            .hint("delete it from the body: the layout sets the front matter's `dateline` in bold before the first paragraph");
            (offset, d)
        }),
        None => leading_dateline(first).map(|dateline| {
            let d = Diagnostic::warning(format!("the body starts with the 讯头 \"{dateline}\""))
                .hint(format!("move it to the front matter as `dateline: {dateline}`; the layout sets it in bold"));
            (offset, d)
        }),
    }
}

/// A 讯头 at the start of a paragraph: one to eight hanzi ending in 讯 (本报讯, 东昌府讯),
/// followed by a space, a bracket (本报讯（记者 张三）), a digit or the end of the bold.
fn leading_dateline(text: &str) -> Option<&str> {
    let end = text
        .char_indices()
        .take(8)
        .take_while(|(_, c)| is_hanzi(*c))
        .find(|(_, c)| *c == '讯')?
        .0
        + '讯'.len_utf8();
    let next = text[end..].chars().next()?;
    matches!(next, ' ' | '\u{3000}' | '（' | '(' | '*' | '0'..='9').then(|| &text[..end])
}

/// The full-width form of a half-width mark rule 2 handles.
fn full_width(c: char) -> Option<&'static str> {
    Some(match c {
        ',' => "，",
        '.' => "。",
        ';' => "；",
        ':' => "：",
        '?' => "？",
        '!' => "！",
        _ => return None,
    })
}

/// A hanzi: the CJK Unified Ideographs blocks, compatibility ideographs and 〇.
pub(crate) fn is_hanzi(c: char) -> bool {
    matches!(c as u32,
        0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x3134F)
}

/// Chinese punctuation: CJK symbols, full-width forms and the quotes, dashes and ellipsis
/// Chinese shares with Western text (not the full-width space).
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3001..=0x303F | 0xFF01..=0xFF60 | 0xFFE0..=0xFFEF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '⸺' | '·')
}

fn is_chinese(c: char) -> bool {
    is_hanzi(c) || is_cjk_punctuation(c)
}

/// Closing quotes and brackets (a mark after them is still between Chinese text).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '）' | '》' | '〉' | '」' | '』' | '】' | '〕' | '〗' | '］' | '｝'
    )
}

/// Opening quotes and brackets.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '（' | '《' | '〈' | '「' | '『' | '【' | '〔' | '〖' | '［' | '｛'
    )
}

#[cfg(test)]
mod tests;
