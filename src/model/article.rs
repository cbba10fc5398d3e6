//! Article files: YAML front matter between `---` lines, then a body in a small subset of
//! CommonMark, parsed with pulldown-cmark.
//!
//! Input: the text of one article file. Output: an [`Article`] (front matter plus
//! [`BodyBlock`]s of [`Para`]s) and the warnings found on the way. The subset, documented
//! with examples in docs/format.md:
//!
//! | markup | becomes |
//! |---|---|
//! | paragraphs separated by a blank line | [`BodyBlock::Paragraph`] |
//! | `**bold**` / `*emphasis*` | [`Emphasis::Strong`] / [`Emphasis::Emphasis`] (楷体) |
//! | `## 小标题` | [`BodyBlock::Subhead`] |
//! | `> ` block quote | [`BodyBlock::Quote`], one `Para` per quoted paragraph |
//! | a ```` ```verse ```` fence, or `options: { verse: true }` | [`BodyBlock::Verse`] |
//! | two trailing spaces or a trailing `\` | `\n` inside the span text (hard break) |
//!
//! Invariants: no text the user wrote is dropped without a diagnostic (HTML comments
//! `<!-- -->` excepted: they are editors' notes); markup outside the subset is either an error
//! (the text cannot be set sensibly: `#` headlines, links, link definitions, pictures, tables,
//! HTML blocks) or a warning with the text kept (lists, other heading levels, code, inline HTML
//! tags, rules). A property test checks that every hanzi of a random article survives. Every diagnostic names file:line:column, and every
//! [`Para::line`] is the 1-based line in the file, front matter included.
//!
//! CommonMark's emphasis rules do not work for Chinese: `**强。**各村` does not close, because
//! a closing `**` after punctuation must be followed by a space or punctuation (the known CJK
//! problem, commonmark/commonmark-spec#650), and pulldown-cmark then pairs the leftover `*`
//! with the wrong partners. Every `*` delimiter is therefore paired again in `inline.rs` with
//! the looser rule "an opener is not followed by whitespace, a closer is not preceded by
//! whitespace"; `_` emphasis is left to pulldown-cmark.
//!
//! Steps: strip the BOM, split off the front matter ([`split_front_matter`]) and read it as
//! YAML, walk the body's pulldown-cmark events into blocks (`body.rs`), resolve each
//! paragraph's inline text (`inline.rs`), then check that something is left to set.

mod body;
mod inline;

use std::path::Path;

use super::types::{Article, FrontMatter};
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics, Location, line_col};

/// The longest word (a run of Latin letters, digits and symbols with no space) an article may
/// hold. A column is a dozen characters wide; the longest real words are URLs of a few hundred.
/// Breaking a longer one costs time that grows with the square of its length (a
/// 200,000-character word took minutes), so it is refused instead.
pub const MAX_WORD_CHARS: usize = 1_000;

/// The first word longer than [`MAX_WORD_CHARS`], as an error at its position.
fn overlong_word(path: &Path, text: &str) -> Option<Diagnostic> {
    let mut start = 0;
    let mut run = 0usize;
    for (i, c) in text.char_indices() {
        let in_word =
            !c.is_whitespace() && (c.is_ascii() || (c < '\u{2E80}' && c.is_alphanumeric()));
        if !in_word {
            run = 0;
            continue;
        }
        if run == 0 {
            start = i;
        }
        run += 1;
        if run > MAX_WORD_CHARS {
            let word = &text[start..];
            let length = word
                .chars()
                .take_while(|&c| {
                    !c.is_whitespace() && (c.is_ascii() || (c < '\u{2E80}' && c.is_alphanumeric()))
                })
                .count();
            return Some(
                Diagnostic::input(format!(
                    "a word of {length} characters (\"{}\"): longer than {MAX_WORD_CHARS}, it cannot be set",
                    crate::diag::shorten(word, 24)
                ))
                .at(Location::from_offset(path, text, start))
                .hint("break it with spaces or shorten it; a URL this long belongs in a footnote or a QR code"),
            );
        }
    }
    None
}

/// Parse an article file's text (the contents of `path`).
///
/// Returns the article and its warnings, or every error found (with the warnings found
/// before giving up, in file order).
pub fn parse_article(path: &Path, text: &str) -> Result<(Article, Diagnostics), Diagnostics> {
    let text = strip_bom(text);
    if let Some(d) = overlong_word(path, text) {
        return Err(d.into());
    }
    let split = split_front_matter(path, text)?;
    let front: FrontMatter = match split.front {
        Some(f) => yaml::parse(path, f, 1)?,
        None => FrontMatter::default(),
    };
    let (blocks, diags) = body::parse_body(path, text, split.body_offset, front.options.verse);
    if diags.has_errors() {
        return Err(diags);
    }
    if blocks.is_empty() {
        let what = if front.title.is_some() {
            "has a headline but no body text"
        } else {
            "is empty"
        };
        let mut all = diags;
        all.push(
            Diagnostic::input(format!("the article {what}"))
                .at(Location::file(path))
                .hint("write the body after the closing `---` line, paragraphs separated by blank lines"),
        );
        return Err(all);
    }
    Ok((
        Article {
            path: path.to_path_buf(),
            front,
            body: blocks,
        },
        diags,
    ))
}

/// The text without a leading byte-order mark.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// An article's text cut into front matter and body.
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines, if there is front matter.
    pub front: Option<&'a str>,
    /// Byte offset of the front matter in the text (after the opening `---` line).
    pub front_offset: usize,
    /// Byte offset of the body in the text.
    pub body_offset: usize,
}

/// Split `---` front matter from the body (the text must already be without a BOM).
pub(crate) fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        let trimmed = text.trim_start();
        if trimmed.len() != text.len()
            && (trimmed.starts_with("---\n") || trimmed.starts_with("---\r\n"))
        {
            let (line, _) = line_col(text, text.len() - trimmed.len());
            return Err(
                Diagnostic::input("the front matter does not start on the first line")
                    .at(Location::at(path, line, 1))
                    .hint("delete the blank lines above the opening `---`"),
            );
        }
        return Ok(Split {
            front: None,
            front_offset: 0,
            body_offset: 0,
        });
    };
    let start = text.len() - rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                front: Some(&rest[..offset]),
                front_offset: start,
                body_offset: start + offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::input("the front matter is not closed")
        .at(Location::at(path, 1, 1))
        .hint("end the front matter with a line holding only `---`"))
}

#[cfg(test)]
mod tests;
