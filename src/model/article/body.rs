//! The body of an article: pulldown-cmark events walked into [`BodyBlock`]s.
//!
//! Input: the body text and where it starts in the file. Output: the blocks, and the errors and
//! warnings for markup outside the subset (see the table in `article.rs` and docs/format.md).
//! Inline text is collected as [`Piece`]s and resolved in `inline.rs`.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

mod code;
mod text;

use super::inline::Piece;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::types::{BodyBlock, Para};

/// Parse the body of an article. `src` is the whole file (without BOM), `base` the byte offset
/// where the body starts; `verse_all` is the front matter's `options.verse`.
pub(super) fn parse_body(
    path: &Path,
    src: &str,
    base: usize,
    verse_all: bool,
) -> (Vec<BodyBlock>, Diagnostics) {
    let mut walker = Walker::new(path, src, base, verse_all);
    walker.walk(src.get(base..).unwrap_or_default());
    (walker.blocks, walker.diags)
}

/// The pulldown-cmark extensions turned on: only those that let us recognise and reject
/// constructs (tables); everything else stays plain text.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
}

/// What the inline text being collected will become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// A body paragraph (or a quoted one, inside a quote).
    Paragraph,
    /// A `##` subhead.
    Subhead,
    /// A heading set as a subhead with a warning (`###` and deeper).
    OtherHeading,
    /// A setext heading (text underlined with `---` or `===`), set as a paragraph.
    Setext,
}

/// Inline text being collected into one paragraph.
struct ParaBuf {
    target: Target,
    line: u32,
    pieces: Vec<Piece>,
}

/// A code block being collected.
struct CodeBuf {
    kind: CodeKind,
    text: String,
    /// Offset (in the whole file) of the first line of content.
    first: Option<usize>,
    /// Offset of the fence or first indented line.
    start: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CodeKind {
    Verse,
    Fenced(String),
    Indented,
}

/// Walks pulldown-cmark events and builds body blocks.
struct Walker<'s> {
    path: &'s Path,
    /// The whole file (without BOM): offsets and lines are counted in it.
    src: &'s str,
    /// Offset of the body in `src`.
    base: usize,
    /// Line starts of `src`, for offset → line.
    line_starts: Vec<usize>,
    /// `options: { verse: true }`.
    verse_all: bool,
    blocks: Vec<BodyBlock>,
    diags: Diagnostics,
    para: Option<ParaBuf>,
    /// Depth of `__bold__` and `_emphasis_` (pulldown-cmark's pairing is kept for `_`).
    strong: u32,
    emph: u32,
    /// Open emphasis tags: whether written with `*`, and how many delimiters.
    emphasis_stack: Vec<(bool, usize)>,
    quote_depth: u32,
    quote: Vec<Para>,
    /// Open lists: whether ordered.
    lists: Vec<bool>,
    /// The number of an ordered list item, set before its first paragraph.
    item_prefix: Option<String>,
    code: Option<CodeBuf>,
    /// Inside a table or a picture: text is not collected (an error was reported).
    skip_depth: u32,
    /// Inside an HTML block: its text and start.
    html: Option<(String, usize)>,
    /// The last block is a verse made from paragraphs under `verse: true`.
    verse_open: bool,
}

impl<'s> Walker<'s> {
    fn new(path: &'s Path, src: &'s str, base: usize, verse_all: bool) -> Self {
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Walker {
            path,
            src,
            base,
            line_starts,
            verse_all,
            blocks: Vec::new(),
            diags: Diagnostics::new(),
            para: None,
            strong: 0,
            emph: 0,
            emphasis_stack: Vec::new(),
            quote_depth: 0,
            quote: Vec::new(),
            lists: Vec::new(),
            item_prefix: None,
            code: None,
            skip_depth: 0,
            html: None,
            verse_open: false,
        }
    }

    fn walk(&mut self, body: &str) {
        let mut events = Parser::new_ext(body, parser_options()).into_offset_iter();
        for (event, range) in events.by_ref() {
            let range = range.start + self.base..range.end + self.base;
            self.event(event, range);
        }
        self.finish_para();
        // `[label]: destination` lines produce no events at all: report them, or their text
        // would vanish.
        let mut definitions: Vec<(usize, String)> = events
            .reference_definitions()
            .iter()
            .map(|(label, def)| (def.span.start + self.base, label.to_string()))
            .collect();
        definitions.sort();
        for (offset, label) in definitions {
            self.error(
                offset,
                format!("a link definition \"[{label}]: …\" cannot be printed"),
                "write it as plain text; a line starting with `[` must be written `\\[`",
            );
        }
        self.diags.0.sort_by_key(|d| {
            let at = d.location.as_ref();
            (at.and_then(|l| l.line), at.and_then(|l| l.column))
        });
    }

    /// The file from `offset` on (empty if the offset is not a character boundary, which
    /// pulldown-cmark's ranges always are).
    fn rest(&self, offset: usize) -> &'s str {
        self.src.get(offset..).unwrap_or_default()
    }

    /// 1-based line of an offset in the file.
    fn line(&self, offset: usize) -> u32 {
        self.line_starts.partition_point(|&s| s <= offset) as u32
    }

    /// File, line and column (in characters) of an offset; uses the line index, so many
    /// warnings in a long file stay cheap.
    fn location(&self, offset: usize) -> Location {
        let line = self.line(offset);
        let start = self.line_starts[(line - 1) as usize];
        let column = self.src.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        Location::at(self.path, line, column as u32)
    }

    fn warn(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::warning(message)
            .at(self.location(offset))
            .hint(hint);
        self.diags.push(d);
    }

    fn error(&mut self, offset: usize, message: impl Into<String>, hint: impl Into<String>) {
        let d = Diagnostic::input(message)
            .at(self.location(offset))
            .hint(hint);
        self.diags.push(d);
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.text(&text, range),
            Event::Code(code) => {
                self.warn(
                    range.start,
                    format!("code span `{code}` is set as plain text"),
                    "remove the backticks; article text has no code face",
                );
                self.push_text(&code, range.start);
            }
            Event::SoftBreak => self.push_piece(Piece::Soft { offset: range.end }, range.start),
            Event::HardBreak => self.push_piece(Piece::Hard, range.start),
            Event::Html(html) => self.html_text(&html, range.start),
            Event::InlineHtml(html) => self.inline_html(&html, range.start),
            Event::Rule => self.warn(
                range.start,
                "a thematic break (`---`, `***` or `___` on its own line) is not set",
                "delete the line; to mark a break between sections write a `## 小标题`",
            ),
            // Not produced with the options we pass; keep any text rather than lose it.
            Event::InlineMath(t) | Event::DisplayMath(t) | Event::FootnoteReference(t) => {
                self.push_text(&t, range.start);
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let at = range.start;
        match tag {
            Tag::Paragraph => self.begin_para(Target::Paragraph, at),
            Tag::Heading { level, .. } => self.start_heading(level, range),
            Tag::BlockQuote(_) => self.start_quote(at),
            Tag::CodeBlock(kind) => self.start_code(kind, at),
            Tag::HtmlBlock => {
                self.finish_para();
                self.html = Some((String::new(), at));
            }
            Tag::List(start) => self.start_list(start.is_some(), at),
            Tag::Item => {
                self.finish_para();
                if self.lists.last() == Some(&true) {
                    self.item_prefix = Some(list_marker(self.rest(at)).to_string());
                }
            }
            Tag::Emphasis => self.open_emphasis(range, 1),
            Tag::Strong => self.open_emphasis(range, 2),
            // Autolinks (`<http://…>`, `<a@b.cn>`) are kept as their address, without a warning.
            Tag::Link {
                link_type,
                dest_url,
                ..
            } if !matches!(link_type, LinkType::Autolink | LinkType::Email) => {
                self.error(
                    at,
                    format!("a link to \"{dest_url}\" cannot be printed"),
                    format!(
                        "write the text and, if it matters, the address as text: 详见 {dest_url}"
                    ),
                );
            }
            Tag::Image { dest_url, .. } => {
                self.skip_depth += 1;
                self.error(
                    at,
                    format!("a picture (\"{dest_url}\") cannot be placed inside an article"),
                    "place pictures in the page plan with a `picture:` block and its `caption:`",
                );
            }
            Tag::Table(_) => {
                self.finish_para();
                self.skip_depth += 1;
                self.error(
                    at,
                    "tables are not part of the article markup",
                    "set the table as a picture (`picture:` in the page plan), or write each row as a paragraph",
                );
            }
            _ => {}
        }
    }

    fn start_quote(&mut self, at: usize) {
        self.finish_para();
        self.close_verse();
        self.quote_depth += 1;
        if self.quote_depth == 2 {
            self.warn(
                at,
                "a quote inside a quote is set as part of the outer quote",
                "remove the second `>`; quotes are not nested",
            );
        }
    }

    fn start_code(&mut self, kind: CodeBlockKind<'_>, at: usize) {
        self.finish_para();
        let kind = match kind {
            CodeBlockKind::Fenced(info) if info.trim() == "verse" => CodeKind::Verse,
            CodeBlockKind::Fenced(info) => CodeKind::Fenced(info.trim().to_string()),
            CodeBlockKind::Indented => CodeKind::Indented,
        };
        self.code = Some(CodeBuf {
            kind,
            text: String::new(),
            first: None,
            start: at,
        });
    }

    fn start_list(&mut self, ordered: bool, at: usize) {
        self.finish_para();
        self.close_verse();
        if self.lists.is_empty() {
            let what = if ordered {
                "numbered list"
            } else {
                "bulleted list"
            };
            self.warn(
                at,
                format!("a {what} is set as plain paragraphs"),
                "lists are not part of the article markup; write `1\\.` (with a backslash) or `（1）` to keep a number as text without this warning",
            );
        }
        self.lists.push(ordered);
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.finish_para(),
            TagEnd::Item => {
                self.finish_para();
                // An empty item's number must not land on the next paragraph.
                self.item_prefix = None;
            }
            TagEnd::BlockQuote(_) => {
                self.finish_para();
                self.quote_depth = self.quote_depth.saturating_sub(1);
                if self.quote_depth == 0 && !self.quote.is_empty() {
                    let paras = std::mem::take(&mut self.quote);
                    self.blocks.push(BodyBlock::Quote(paras));
                }
            }
            TagEnd::CodeBlock => self.finish_code(),
            TagEnd::HtmlBlock => self.finish_html(),
            TagEnd::List(_) => {
                self.finish_para();
                self.lists.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong => self.close_emphasis(range),
            TagEnd::Image | TagEnd::Table => self.skip_depth = self.skip_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn start_heading(&mut self, level: HeadingLevel, range: Range<usize>) {
        let at = range.start;
        let atx = self.rest(at).trim_start().starts_with('#');
        let target = match (atx, level) {
            (false, _) => {
                self.warn(
                    at,
                    "a line underlined with `---` or `===` is set as a plain paragraph",
                    "for a subhead write `## 小标题`; otherwise put a blank line above the underline, or delete it",
                );
                Target::Setext
            }
            (true, HeadingLevel::H2) => Target::Subhead,
            (true, HeadingLevel::H1) => {
                self.error(
                    at,
                    "a `#` headline in the body",
                    "put the headline in the front matter (`title: …`); for a subhead write `## 小标题`",
                );
                Target::Subhead
            }
            (true, _) => {
                self.warn(
                    at,
                    format!("a level-{} heading is set as a subhead", level as u8),
                    "write subheads with two hashes: `## 小标题`",
                );
                Target::OtherHeading
            }
        };
        self.begin_para(target, at);
    }
}

/// The number of an ordered list item as written (`1.` or `1)`).
fn list_marker(item: &str) -> &str {
    let item = item.trim_start();
    let end = item
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(item.len());
    let end = if item[end..].starts_with(['.', ')']) {
        end + 1
    } else {
        end
    };
    &item[..end]
}
