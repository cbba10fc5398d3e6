//! The display list: finished pages of positioned items, independent of PDF.
//!
//! Coordinates are points with the origin at the top-left corner of the *trimmed* page and y
//! growing downwards; text is placed by its baseline. The PDF writer (and any proof renderer)
//! reads only this.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::color::Cmyk;
use crate::fonts::FontId;
use crate::model::ImageFormat;

/// A finished page.
#[derive(Debug, Clone)]
pub struct DisplayPage {
    /// The page number in the edition (第N版), 1-based.
    pub number: u32,
    /// Trimmed page width in points.
    pub width: f32,
    /// Trimmed page height in points.
    pub height: f32,
    /// What is drawn, in painting order.
    pub items: Vec<Item>,
}

/// One thing drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of glyphs in one font, size and colour.
    Text(GlyphRun),
    /// A straight line.
    Rule(Rule),
    /// A rectangle, filled and/or stroked.
    Rect(RectItem),
    /// A picture.
    Image(ImageItem),
    /// A page of a placed PDF (an advertisement).
    Art(ArtItem),
}

/// Glyphs of one font at one size, positioned along a baseline.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    /// The font face.
    pub font: FontId,
    /// Font size in points.
    pub size: f32,
    /// Fill colour.
    pub color: Cmyk,
    /// Start of the baseline (x, y), in points from the page's top-left corner.
    pub origin: (f32, f32),
    /// How the glyphs stand: along a horizontal baseline, or down a vertical column.
    pub writing: Writing,
    /// The glyphs, in logical order.
    pub glyphs: Vec<Glyph>,
    /// The text the glyphs stand for; each glyph's `text` range indexes into it. This is what
    /// ToUnicode maps back to, so text extraction gives the article text.
    pub text: String,
}

/// The direction of a glyph run. In every case a glyph's `x` and `y` place its *horizontal*
/// origin (the left end of its baseline) from the run origin, in page axes, so a renderer
/// draws each outline where it is without knowing the font's vertical metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Writing {
    /// Horizontal text (横排): glyphs along a baseline, advancing to the right.
    #[default]
    Horizontal,
    /// Upright glyphs down a column (竖排), in their vertical forms (`vert`/`vrt2`); the pen
    /// advances down the page. The PDF writes them with an `Identity-V` font.
    Vertical,
    /// Glyphs turned 90° clockwise, advancing down the page: Latin words and long numbers in a
    /// vertical column. A glyph's `y` is its place down the column, `x` its baseline's offset.
    Rotated,
}

impl GlyphRun {
    /// The area the run's em boxes cover, as (x, y, width, height) from the page's top-left
    /// corner: from the origin to the end of the last advance, and from 0.88 em above the
    /// baseline to 0.12 em below (the ideographic em box), enough to tell what it is drawn over.
    pub fn em_box(&self) -> (f32, f32, f32, f32) {
        if self.writing != Writing::Horizontal {
            return self.column_box();
        }
        let (x, baseline) = self.origin;
        let width = self
            .glyphs
            .iter()
            .map(|g| g.x + g.advance)
            .fold(0.0_f32, f32::max);
        (x, baseline - self.size * 0.88, width, self.size)
    }

    /// [`GlyphRun::em_box`] of a vertical or turned run: the union of its glyphs' em boxes.
    fn column_box(&self) -> (f32, f32, f32, f32) {
        let s = self.size;
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for g in &self.glyphs {
            let (x, y) = (self.origin.0 + g.x, self.origin.1 + g.y);
            let (left, top, w, h) = match self.writing {
                Writing::Rotated => (x - 0.12 * s, y, s, g.advance),
                _ => (x, y - 0.88 * s, s, s),
            };
            x0 = x0.min(left);
            y0 = y0.min(top);
            x1 = x1.max(left + w);
            y1 = y1.max(top + h);
        }
        if self.glyphs.is_empty() {
            return (self.origin.0, self.origin.1, 0.0, 0.0);
        }
        (x0, y0, x1 - x0, y1 - y0)
    }
}

/// One positioned glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph ID in the font.
    pub id: u16,
    /// Horizontal position of the glyph origin, points from the run origin.
    pub x: f32,
    /// Vertical offset from the baseline, points (positive = down).
    pub y: f32,
    /// Advance width as set (after compression or stretch), points.
    pub advance: f32,
    /// Byte range of the characters this glyph stands for in [`GlyphRun::text`].
    pub text: Range<usize>,
}

/// A straight line.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Start point.
    pub from: (f32, f32),
    /// End point.
    pub to: (f32, f32),
    /// Stroke width in points.
    pub width: f32,
    /// Stroke colour.
    pub color: Cmyk,
    /// Dash pattern in points (empty = solid).
    pub dash: Vec<f32>,
}

/// A rectangle.
#[derive(Debug, Clone, PartialEq)]
pub struct RectItem {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
    /// Fill, if any.
    pub fill: Option<Cmyk>,
    /// Stroke colour and width, if any.
    pub stroke: Option<(Cmyk, f32)>,
}

/// A picture placed on the page, cropped to its frame.
#[derive(Debug, Clone)]
pub struct ImageItem {
    /// The file it came from (for messages).
    pub path: PathBuf,
    /// The encoded bytes, passed through unchanged where the format allows.
    pub data: Arc<Vec<u8>>,
    /// The format of `data`.
    pub format: ImageFormat,
    /// The visible frame (x, y, width, height); the image is clipped to it.
    pub frame: (f32, f32, f32, f32),
    /// Where the whole image is drawn (x, y, width, height) as it is seen, after its
    /// orientation; may extend past the frame (crop).
    pub placed: (f32, f32, f32, f32),
    /// How the stored pixels turn to be seen upright (EXIF).
    pub orientation: crate::model::Orientation,
    /// The plan block (or edition key) that placed it, for messages about the picture.
    pub block: Option<crate::diag::Location>,
}

impl ImageItem {
    /// Whether the picture can be drawn: finite coordinates and a frame and placement of some
    /// size. Every writer of the display list (PDF, SVG, PNG) skips one that is not.
    pub fn is_drawable(&self) -> bool {
        let (fx, fy, fw, fh) = self.frame;
        let (px, py, pw, ph) = self.placed;
        let finite = [fx, fy, fw, fh, px, py, pw, ph]
            .iter()
            .all(|v| v.is_finite());
        finite && fw > 0.0 && fh > 0.0 && pw > 0.0 && ph > 0.0
    }
}

/// A page of a placed PDF, drawn as a form XObject scaled into its block.
#[derive(Debug, Clone)]
pub struct ArtItem {
    /// The file it came from (for messages and the report).
    pub path: PathBuf,
    /// The parsed file; the same `Arc` for every use, so it is written once.
    pub art: Arc<crate::model::Artwork>,
    /// The visible frame (x, y, width, height); the art is clipped to it.
    pub frame: (f32, f32, f32, f32),
    /// Where the art's trim box is drawn (x, y, width, height).
    pub placed: (f32, f32, f32, f32),
    /// The plan block that placed it, for messages.
    pub block: Option<crate::diag::Location>,
}
