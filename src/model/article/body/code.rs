//! Code blocks and HTML in an article body: verse fences, other code kept as verse or
//! paragraphs with a warning, HTML comments skipped, other HTML reported.

use super::{CodeKind, Walker};
use crate::model::types::{BodyBlock, Emphasis, InlineSpan, Para};

impl Walker<'_> {
    /// A code block ends: verse, or text kept line by line with a warning.
    pub(super) fn finish_code(&mut self) {
        let Some(code) = self.code.take() else { return };
        let first_line = self.line(code.first.unwrap_or(code.start));
        let lines = verse_lines(&code.text, first_line);
        if lines.is_empty() {
            return;
        }
        match &code.kind {
            CodeKind::Verse => {}
            CodeKind::Indented if self.verse_all => {}
            CodeKind::Indented => {
                self.warn(
                    code.start,
                    "text indented by four spaces or a tab is set as paragraphs, one per line",
                    "delete the indentation; the layout indents the first line of each paragraph",
                );
                self.close_verse();
                let paras = lines.into_iter().filter(|p| !p.spans.is_empty());
                if self.quote_depth > 0 {
                    self.quote.extend(paras);
                } else {
                    self.blocks.extend(paras.map(BodyBlock::Paragraph));
                }
                return;
            }
            CodeKind::Fenced(info) => {
                let info = if info.is_empty() {
                    String::new()
                } else {
                    format!(" \"{info}\"")
                };
                self.warn(
                    code.start,
                    format!("a code block{info} is set as verse, lines kept as written"),
                    "write ```verse to mark verse; for ordinary paragraphs delete the ``` lines",
                );
            }
        }
        if self.quote_depth > 0 {
            self.warn(
                code.start,
                "verse inside a quote is set as quoted paragraphs, one per line",
                "move the verse out of the quote to keep its stanzas",
            );
            self.quote
                .extend(lines.into_iter().filter(|p| !p.spans.is_empty()));
            return;
        }
        self.close_verse();
        self.blocks.push(BodyBlock::Verse(lines));
    }

    pub(super) fn html_text(&mut self, html: &str, offset: usize) {
        match &mut self.html {
            Some((text, _)) => text.push_str(html),
            None => self.html = Some((html.to_string(), offset)),
        }
    }

    /// An HTML block: comments are editors' notes and are not set; anything else is an error
    /// (its text cannot be separated from the tags safely).
    pub(super) fn finish_html(&mut self) {
        let Some((html, start)) = self.html.take() else {
            return;
        };
        if is_only_comments(&html) {
            return;
        }
        let first = html.lines().next().unwrap_or_default().trim();
        self.error(
            start,
            format!("HTML is not part of the article markup: \"{first}\""),
            "delete the tags; write **bold**, *楷体*, and end a line with `\\` for a line break. HTML comments `<!-- … -->` are allowed",
        );
    }

    /// An inline HTML tag: the tag is not set, the text around it is.
    pub(super) fn inline_html(&mut self, html: &str, offset: usize) {
        if html.starts_with("<!--") {
            return;
        }
        self.warn(
            offset,
            format!("HTML tag \"{}\" is not set", html.trim()),
            "delete the tag; write **bold**, *楷体*, and end a line with `\\` for a line break",
        );
    }
}

/// Whether an HTML block holds only comments and whitespace.
fn is_only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return false,
        }
    }
    rest.is_empty()
}

/// The lines of a verse block as paragraphs: one per line (trailing spaces removed), an empty
/// one for each run of blank lines between stanzas; blank lines at either end are dropped.
fn verse_lines(text: &str, first_line: u32) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut gap: Option<u32> = None;
    for (i, line) in text.lines().enumerate() {
        let lineno = first_line + i as u32;
        let line = line.trim_end();
        if line.is_empty() {
            gap.get_or_insert(lineno);
            continue;
        }
        if let Some(gap_line) = gap.take() {
            if !out.is_empty() {
                out.push(Para {
                    spans: Vec::new(),
                    line: gap_line,
                    ..Para::default()
                });
            }
        }
        let span = InlineSpan {
            text: line.to_string(),
            emphasis: Emphasis::Normal,
        };
        out.push(Para {
            spans: vec![span],
            line: lineno,
            ..Para::default()
        });
    }
    out
}
