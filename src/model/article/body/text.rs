//! Inline text in an article body: emphasis, text pieces collected into a paragraph, and the
//! paragraph (or verse stanza) finished into a body block.

use std::ops::Range;

use super::super::inline::{self, Piece, build_para};
use super::{ParaBuf, Target, Walker};
use crate::model::types::{BodyBlock, Emphasis, Para};

impl Walker<'_> {
    /// Emphasis opens. `*` delimiters become [`Piece::Delim`]s, paired again by
    /// [`inline::resolve`] (pulldown-cmark's pairing goes wrong next to Chinese punctuation);
    /// `_` emphasis is kept as pulldown-cmark found it.
    pub(super) fn open_emphasis(&mut self, range: Range<usize>, n: usize) {
        let star = self.rest(range.start).starts_with('*');
        if star {
            self.push_delims(range.start, n);
        } else if n == 2 {
            self.strong += 1;
        } else {
            self.emph += 1;
        }
        self.emphasis_stack.push((star, n));
    }

    pub(super) fn close_emphasis(&mut self, range: Range<usize>) {
        match self.emphasis_stack.pop() {
            Some((true, n)) => self.push_delims(range.end.saturating_sub(n), n),
            Some((false, 2)) => self.strong = self.strong.saturating_sub(1),
            Some((false, _)) => self.emph = self.emph.saturating_sub(1),
            None => {}
        }
    }

    pub(super) fn push_delims(&mut self, start: usize, n: usize) {
        for offset in start..start + n {
            self.push_piece(
                Piece::Delim {
                    offset,
                    emphasis: self.emphasis(),
                },
                offset,
            );
        }
    }

    pub(super) fn begin_para(&mut self, target: Target, offset: usize) {
        self.finish_para();
        let mut pieces = Vec::new();
        if let Some(prefix) = self.item_prefix.take() {
            pieces.push(Piece::Text {
                text: prefix,
                emphasis: Emphasis::Normal,
                offset,
            });
            pieces.push(Piece::Space);
        }
        self.para = Some(ParaBuf {
            target,
            line: self.line(offset),
            pieces,
        });
    }

    pub(super) fn text(&mut self, text: &str, range: Range<usize>) {
        if let Some((html, _)) = &mut self.html {
            html.push_str(text);
        } else if let Some(code) = &mut self.code {
            code.first.get_or_insert(range.start);
            code.text.push_str(text);
        } else if text == "*" && self.src.get(range.clone()) == Some("*") {
            self.push_piece(
                Piece::Delim {
                    offset: range.start,
                    emphasis: self.emphasis(),
                },
                range.start,
            );
        } else {
            self.push_text(text, range.start);
        }
    }

    pub(super) fn emphasis(&self) -> Emphasis {
        if self.strong > 0 {
            Emphasis::Strong
        } else if self.emph > 0 {
            Emphasis::Emphasis
        } else {
            Emphasis::Normal
        }
    }

    pub(super) fn push_text(&mut self, text: &str, offset: usize) {
        let piece = Piece::Text {
            text: text.to_string(),
            emphasis: self.emphasis(),
            offset,
        };
        self.push_piece(piece, offset);
    }

    /// Add a piece to the current paragraph, starting one when inline text arrives outside a
    /// paragraph (tight list items).
    pub(super) fn push_piece(&mut self, piece: Piece, offset: usize) {
        if self.skip_depth > 0 {
            return;
        }
        if self.para.is_none() {
            self.begin_para(Target::Paragraph, offset);
        }
        if let Some(para) = &mut self.para {
            para.pieces.push(piece);
        }
    }

    /// Resolve the collected inline pieces into a `Para` and put it where it belongs.
    pub(super) fn finish_para(&mut self) {
        let Some(buf) = self.para.take() else { return };
        let pieces = inline::resolve(self.src, buf.pieces);
        let plain = matches!(buf.target, Target::Paragraph | Target::Setext);
        if self.verse_all && self.quote_depth == 0 && plain {
            let lines = inline::split_lines(pieces);
            let lines: Vec<Para> = lines
                .into_iter()
                .filter_map(|(offset, line)| build_para(line, self.line(offset)).map(|(p, _)| p))
                .collect();
            self.push_verse_stanza(lines, buf.line);
            return;
        }
        let Some((mut para, indents)) = build_para(pieces, buf.line) else {
            return;
        };
        if plain {
            inline::take_alignment(&mut para);
        }
        for offset in indents {
            self.warn(
                offset,
                "this line starts with a full-width indent but continues the paragraph above",
                "put a blank line before it to start a new paragraph, or delete the indent",
            );
        }
        self.close_verse();
        if self.quote_depth > 0 {
            if buf.target != Target::Paragraph {
                self.warn(
                    self.line_starts[(buf.line - 1) as usize],
                    "a heading inside a quote is set as a quoted paragraph",
                    "move the `##` subhead out of the quote",
                );
            }
            self.quote.push(para);
            return;
        }
        match buf.target {
            Target::Subhead | Target::OtherHeading => self.blocks.push(BodyBlock::Subhead(para)),
            Target::Paragraph | Target::Setext => self.blocks.push(BodyBlock::Paragraph(para)),
        }
    }

    /// Add verse lines as a stanza of the open verse (from `verse: true`), or start one.
    pub(super) fn push_verse_stanza(&mut self, lines: Vec<Para>, line: u32) {
        if lines.is_empty() {
            return;
        }
        if self.verse_open {
            if let Some(BodyBlock::Verse(verse)) = self.blocks.last_mut() {
                verse.push(Para {
                    spans: Vec::new(),
                    line: line.saturating_sub(1),
                    ..Para::default()
                });
                verse.extend(lines);
                return;
            }
        }
        self.blocks.push(BodyBlock::Verse(lines));
        self.verse_open = true;
    }

    pub(super) fn close_verse(&mut self) {
        self.verse_open = false;
    }
}
