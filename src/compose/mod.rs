//! Stage 3, compose: a paragraph of styled text → justified lines of a given measure.
//!
//! Input: a [`Paragraph`] (text plus style runs with their font fallback chains), a
//! [`ParagraphStyle`] and the [`LineWidths`] available line by line. Output: a
//! [`ComposedParagraph`], lines of positioned glyphs relative to each line's start, plus what
//! could not be set (characters no font has, units wider than the measure) and quality figures.
//! A pure function of its inputs: the same paragraph and widths always give the same lines.

use std::ops::Range;

use crate::color::Cmyk;
use crate::fonts::{FontBook, FontId};
pub use crate::model::{Align, Breaker, Kinsoku, PunctStyle};
pub use crate::resolve::ComposeConfig;

mod breaks;
mod classes;
mod justify;
mod linebreak;
mod prepare;
mod shape;
mod spacing;
#[cfg(test)]
mod tests;
mod vertical;
mod words;

pub use vertical::{ColumnGlyph, Stance, column, vertical_char};
pub use words::{BreakRank, break_ranks};

/// A paragraph to set: its text and the style of each byte range.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The characters. `\n` is a forced line break (the line before it is not justified).
    pub text: String,
    /// Style runs covering `text` without gaps or overlap, in order.
    pub runs: Vec<StyleRun>,
    /// Byte ranges kept on one line (a byline's credits, a name): no break inside them unless
    /// nothing else fits, when the break is reported like one inside an unbreakable unit.
    pub keep: Vec<Range<usize>>,
}

/// The style of a range of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleRun {
    /// Byte range in [`Paragraph::text`].
    pub range: Range<usize>,
    /// Fonts in fallback order; the first that has a character sets it.
    pub fonts: Vec<FontId>,
    /// Size in points.
    pub size: f32,
    /// Fill colour.
    pub color: Cmyk,
    /// Extra space after each character, in em (display type); 0 for body text.
    pub tracking: f32,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ParagraphStyle {
    /// First-line indent in points.
    pub indent: f32,
    /// Alignment of all lines but the last (and of lines ended by a forced break).
    pub align: Align,
    /// Alignment of the last line.
    pub last_line: Align,
    /// Composition settings.
    pub config: ComposeConfig,
}

/// The space available line by line: `(x offset, width)` for the first lines, then `rest`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineWidths {
    /// Offsets and widths of the first lines, in order.
    pub first: Vec<(f32, f32)>,
    /// Width of every later line (offset 0).
    pub rest: f32,
}

impl LineWidths {
    /// Every line the same width.
    pub fn uniform(width: f32) -> Self {
        LineWidths {
            first: Vec::new(),
            rest: width,
        }
    }

    /// (x offset, width) of line `index` (0-based).
    pub fn line(&self, index: usize) -> (f32, f32) {
        self.first.get(index).copied().unwrap_or((0.0, self.rest))
    }
}

/// A set paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ComposedParagraph {
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// Characters no font in their run's chain has (set as .notdef and reported).
    pub missing: Vec<MissingChar>,
    /// Byte ranges of unbreakable units wider than their line (reported, never silently
    /// overflowed).
    pub overfull: Vec<Range<usize>>,
    /// Quality figures.
    pub stats: ParagraphStats,
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Offset of the line start from the measure's left edge (from [`LineWidths`], plus any
    /// alignment offset), in points.
    pub x: f32,
    /// The measure this line was set to.
    pub width: f32,
    /// Width of the set content (equal to `width` for a justified line).
    pub content_width: f32,
    /// The glyphs, positioned from the line start.
    pub glyphs: Vec<LineGlyph>,
    /// The byte range of the paragraph text on this line.
    pub text: Range<usize>,
    /// Largest type size on the line, in points.
    pub size: f32,
    /// The largest extra space added between two ideographs, in em.
    pub max_stretch: f32,
}

/// A positioned glyph of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGlyph {
    /// Font face.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// Fill colour.
    pub color: Cmyk,
    /// Glyph id.
    pub id: u16,
    /// x of the glyph origin from the line start, points.
    pub x: f32,
    /// Vertical offset from the baseline, points (positive = down).
    pub y: f32,
    /// Advance as set, points.
    pub advance: f32,
    /// Byte range in the paragraph text.
    pub text: Range<usize>,
}

/// A character that no font in the chain has.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingChar {
    /// The character.
    pub ch: char,
    /// Its byte offset in the paragraph text.
    pub offset: usize,
}

/// Quality figures for one paragraph (summed per article by the report).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct ParagraphStats {
    /// Lines set.
    pub lines: usize,
    /// Largest inter-character stretch between ideographs on a justified line, in em.
    pub max_stretch: f32,
    /// Sum of per-line stretch (for the mean), in em.
    pub total_stretch: f32,
    /// Lines where a prohibited mark was pulled back by compression (push-in).
    pub pushed_in: usize,
    /// Lines where a character was carried to the next line (push-out).
    pub pushed_out: usize,
    /// 孤字 last lines avoided.
    pub orphans_avoided: usize,
    /// 孤字 last lines left (no better break existed).
    pub orphans_remaining: usize,
    /// Prohibition rules relaxed because nothing else fitted.
    pub kinsoku_exceptions: usize,
}

/// Set a paragraph into lines.
///
/// The steps: (1) shape and classify the text, find the break opportunities and build boxes
/// and glue (cached per thread for the last few paragraphs, since layout composes the same
/// paragraph at several measures); (2) choose the lines; (3) justify and place each line;
/// (4) report what could not be set and the quality figures.
pub fn compose_paragraph(
    book: &FontBook,
    paragraph: &Paragraph,
    style: &ParagraphStyle,
    widths: &LineWidths,
) -> ComposedParagraph {
    let prepared = prepare::prepared(book, paragraph, &style.config);
    prepare::compose(&prepared, style, widths)
}

/// A paragraph shaped and cut into boxes and glue, ready to be set at any measure: for callers
/// that set the same paragraph several times (the flow, while balancing columns), so it is
/// prepared once however the composer's own cache of recent paragraphs fares.
#[derive(Clone)]
pub(crate) struct PreparedParagraph(std::rc::Rc<prepare::Prepared>);

impl PreparedParagraph {
    /// Prepare `paragraph` (from the composer's cache when it was prepared lately).
    pub(crate) fn new(book: &FontBook, paragraph: &Paragraph, config: &ComposeConfig) -> Self {
        PreparedParagraph(prepare::prepared(book, paragraph, config))
    }

    /// The same as [`compose_paragraph`] of the paragraph this was prepared from, with the same
    /// composition settings.
    pub(crate) fn compose(&self, style: &ParagraphStyle, widths: &LineWidths) -> ComposedParagraph {
        prepare::compose(&self.0, style, widths)
    }
}

/// The natural width of a paragraph set on one line (no breaking, no justification), in points.
pub fn natural_width(book: &FontBook, paragraph: &Paragraph) -> f32 {
    let style = ParagraphStyle {
        align: Align::Start,
        last_line: Align::Start,
        ..Default::default()
    };
    let composed = compose_paragraph(
        book,
        paragraph,
        &style,
        &LineWidths::uniform(f32::MAX / 4.0),
    );
    composed
        .lines
        .iter()
        .map(|l| l.content_width)
        .fold(0.0, f32::max)
}
