//! Proof rendering: a display page → SVG or PNG, for `paiban proof`, `paiban watch`, and
//! anything else that wants to show a page on a screen.
//!
//! It reads only the display list (the same positioned glyphs, rules, boxes and pictures the
//! PDF writer reads) and the font book, so what it shows is what the PDF holds. Glyphs are
//! drawn from their outlines (skrifa, unhinted, as in the PDF); colours go from CMYK to sRGB
//! through poppler's corner table ([`color`], so a proof matches `pdftoppm` of the PDF);
//! 100% K text and rules, which the PDF overprints, are multiplied onto what lies under them.
//!
//! ```no_run
//! # use paiban::{display::DisplayPage, fonts::FontBook, render};
//! # fn f(page: &DisplayPage, book: &FontBook) -> Result<(), paiban::diag::Diagnostic> {
//! let svg: String = render::page_svg(page, book, &render::SvgOptions::default());
//! let png: Vec<u8> = render::page_png(page, book, 100.0)?;
//! # Ok(()) }
//! ```
//!
//! Rendering many pages, or the same pages again after an edit: keep one [`Renderer`]. It
//! caches every glyph outline and decoded picture (by face file and by picture bytes, so the
//! cache survives a new font book), and with [`GlyphDefs::Shared`] it leaves the glyph
//! definitions out of each page and hands out only the new ones ([`Renderer::glyph_defs_since`])
//! so a browser holds each glyph once. [`page_hash`] tells whether a page changed.

mod accumulate;
mod color;
mod contact;
mod encode;
mod glyf;
mod glyphs;
mod hash;
mod label;
mod path_text;
pub(crate) mod picture;
mod preload;
mod raster;
mod stamp;
mod svg;
mod vector;

use std::collections::HashMap;
use std::sync::Arc;

pub use color::cmyk_to_rgb;
pub use contact::{SheetPage, contact_sheet};
use encode::encode_web_jpeg;
pub(crate) use encode::{base64, encode_png};
use hash::bytes_hash;
pub use hash::page_hash;
pub use label::label;
pub(crate) use raster::overprints;

use crate::diag::Diagnostic;
use crate::display::{DisplayPage, ImageItem};
use crate::fonts::FontBook;

/// Where a page's glyph outlines go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GlyphDefs {
    /// In the page's own `<defs>`: a file that stands alone.
    #[default]
    Inline,
    /// Left out: the page's `<use href="#g…">` refer to definitions the caller puts elsewhere
    /// in the same document ([`Renderer::glyph_defs_since`]).
    Shared,
}

/// Where the raster puts a glyph across its pixel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GlyphPhase {
    /// At the quarter pixel below its place, as poppler's splash does: a proof lines up with
    /// `pdftoppm`'s rendering of the PDF. Up to four masks per glyph and size.
    #[default]
    Quarter,
    /// At the nearest whole pixel: one mask per glyph and size. For small page images (the
    /// e-paper's thumbnails and fallback), where a glyph's place is off by at most half a
    /// pixel and the masks were most of the drawing's cost.
    Whole,
}

/// How pictures are referred to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PictureLinks {
    /// As PNG data URLs inside the SVG.
    #[default]
    Inline,
    /// As `{prefix}{key}.png`, the key a hex number whose PNG [`Renderer::linked_picture`]
    /// returns.
    Url(String),
    /// As JPEG data URLs of [`Renderer::web_jpeg`] at most this many pixels a side: the same
    /// file a web page shows beside the page, encoded once (far smaller than a PNG of a photo).
    WebJpeg(u32),
}

/// How to write a page's SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgOptions {
    /// Glyph definitions inline or shared.
    pub glyph_defs: GlyphDefs,
    /// Pictures inline or linked.
    pub pictures: PictureLinks,
    /// Resolution pictures are resampled to at their placed size.
    pub picture_dpi: f32,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            glyph_defs: GlyphDefs::Inline,
            pictures: PictureLinks::Inline,
            picture_dpi: 150.0,
        }
    }
}

/// A page drawn as pixels: opaque RGB, row by row.
#[derive(Debug, Clone)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 3` bytes.
    pub rgb: Vec<u8>,
}

impl Raster {
    /// The pixels as a PNG file.
    pub fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.png_into(&mut out);
        out
    }

    /// [`Raster::png`] into `out` (cleared first, its memory reused).
    pub fn png_into(&self, out: &mut Vec<u8>) {
        encode::encode_png_into(self.width, self.height, png::ColorType::Rgb, &self.rgb, out);
    }
}

/// Opaque RGBA pixels (the page is white paper under everything, so premultiplied is
/// straight) as RGB, in the same buffer: a page's pixels are most of a megabyte, and a second
/// buffer for them was fresh memory, which costs about as much to touch as drawing the page.
fn rgb_in_place(mut rgba: Vec<u8>) -> Vec<u8> {
    let pixels = rgba.len() / 4;
    // Pixel `i` moves from 4i to 3i: to the left of every pixel not moved yet.
    for i in 0..pixels {
        let (from, to) = (4 * i, 3 * i);
        rgba.copy_within(from..from + 3, to);
    }
    rgba.truncate(3 * pixels);
    rgba
}

/// Renders pages, keeping glyph outlines and pictures for the next page and the next build.
/// A clone shares what was read and drawn before it (for pages drawn on several threads,
/// [`Renderer::preload`] first).
#[derive(Default, Clone)]
pub struct Renderer {
    glyphs: glyphs::Glyphs,
    pictures: HashMap<u64, Option<Arc<picture::Rgb>>>,
    linked: HashMap<u64, Arc<Vec<u8>>>,
    web: HashMap<(u64, u32), Option<Arc<WebPicture>>>,
    masks: stamp::Masks,
    glyph_phase: GlyphPhase,
    decoded: DecodedPictures,
    /// The pixels of the last page drawn, once encoded: the next page is drawn into the same
    /// buffer (most of a megabyte a page at the e-paper's resolution; fresh pages of memory
    /// cost about as much to touch as drawing them).
    canvas: Scratch<Vec<u8>>,
    /// The body of the last page's SVG (all but its glyph definitions, a few hundred
    /// kilobytes), kept to write the next page's into.
    svg_body: Scratch<String>,
}

/// A buffer the renderer keeps from one page to the next for its memory only: a clone starts
/// with an empty one, as nothing is kept in it.
#[derive(Default)]
struct Scratch<T>(T);

impl<T: Default> Clone for Scratch<T> {
    fn clone(&self) -> Self {
        Scratch::default()
    }
}

impl Scratch<Vec<u8>> {
    /// A white-to-be pixmap of `width` × `height` in the kept buffer (or a new one).
    fn pixmap(&mut self, width: u32, height: u32) -> Option<tiny_skia::Pixmap> {
        let size = tiny_skia::IntSize::from_wh(width, height)?;
        let mut data = std::mem::take(&mut self.0);
        data.clear();
        data.resize(width as usize * height as usize * 4, 0);
        tiny_skia::Pixmap::from_vec(data, size)
    }
}

/// CMYK photos another stage decodes (the build's ink check), in screen colours as stored, by
/// the path they were read from: a renderer given them ([`Renderer::with_decoded`]) uses them
/// instead of decoding the photos again. Those decoded already, and those still being decoded
/// ([`PendingPictures`]).
#[derive(Default, Clone)]
pub struct DecodedPictures {
    ready: HashMap<std::path::PathBuf, Arc<picture::Rgb>>,
    pending: Option<Arc<dyn PendingPictures>>,
}

/// Photos being decoded elsewhere (on a thread of its own) that a renderer may ask for before
/// they are all done.
pub(crate) trait PendingPictures: Send + Sync {
    /// The photo read from `path` in screen colours as stored: decoded on the calling thread
    /// when no thread has begun it yet, waited for when one has; `None` for a picture these do
    /// not hold or that does not decode.
    fn screen_colours(&self, path: &std::path::Path) -> Option<Arc<picture::Rgb>>;
}

impl DecodedPictures {
    /// Photos that `pending` is decoding, asked for as they are drawn.
    pub(crate) fn pending(pending: Arc<dyn PendingPictures>) -> Self {
        DecodedPictures {
            ready: HashMap::new(),
            pending: Some(pending),
        }
    }

    /// Keep `rgb`, decoded from the picture read from `path`.
    pub(crate) fn insert(&mut self, path: std::path::PathBuf, rgb: Arc<picture::Rgb>) {
        self.ready.insert(path, rgb);
    }

    /// The picture as seen (EXIF orientation applied), shared with these if it is one of
    /// them and upright, else decoded or turned.
    fn decode(&self, item: &ImageItem) -> Result<Arc<picture::Rgb>, String> {
        let known = match self.ready.get(&item.path) {
            Some(rgb) => Some(Arc::clone(rgb)),
            None => self
                .pending
                .as_ref()
                .and_then(|p| p.screen_colours(&item.path)),
        };
        match known {
            Some(rgb) if item.orientation == crate::model::Orientation::UPRIGHT => Ok(rgb),
            Some(rgb) => Ok(Arc::new(rgb.as_ref().clone().oriented(item.orientation))),
            None => picture::decode(item).map(Arc::new),
        }
    }
}

/// A picture for a web page ([`Renderer::web_jpeg`]).
#[derive(Debug)]
pub struct WebPicture {
    /// The JPEG file.
    pub jpeg: Vec<u8>,
    /// Its width and height in pixels.
    pub pixels: (u32, u32),
}

impl Renderer {
    /// A renderer with empty caches.
    pub fn new() -> Self {
        Renderer::default()
    }

    /// This renderer, its rasters placing glyphs at `phase` ([`GlyphPhase::Quarter`] unless
    /// told).
    pub fn with_glyph_phase(mut self, phase: GlyphPhase) -> Self {
        self.glyph_phase = phase;
        self
    }

    /// This renderer, taking the photos in `decoded` from their samples instead of decoding
    /// them.
    pub fn with_decoded(mut self, decoded: DecodedPictures) -> Self {
        self.decoded = decoded;
        self
    }

    /// The page as SVG.
    pub fn svg(&mut self, page: &DisplayPage, book: &FontBook, options: &SvgOptions) -> String {
        let mut out = String::new();
        svg::page(self, page, book, options, &mut out);
        out
    }

    /// [`Renderer::svg`] written into `out` (cleared first): a thread drawing page after page
    /// reuses one buffer, whose megabyte is otherwise fresh memory for every page.
    pub fn svg_into(
        &mut self,
        page: &DisplayPage,
        book: &FontBook,
        options: &SvgOptions,
        out: &mut String,
    ) {
        svg::page(self, page, book, options, out);
    }

    /// The page as pixels at `dpi`.
    pub fn raster(
        &mut self,
        page: &DisplayPage,
        book: &FontBook,
        dpi: f32,
    ) -> Result<Raster, Diagnostic> {
        if !(dpi.is_finite() && dpi > 0.0) {
            return Err(Diagnostic::input(format!(
                "the resolution {dpi} dpi is not positive"
            )));
        }
        let pixmap = raster::draw(self, page, book, dpi).ok_or_else(|| {
            Diagnostic::input(format!(
                "page {} cannot be drawn at {dpi} dpi (more than {} pixels a side)",
                page.number,
                raster::MAX_SIDE
            ))
            .hint("use a lower --dpi")
        })?;
        let (width, height) = (pixmap.width(), pixmap.height());
        Ok(Raster {
            width,
            height,
            rgb: rgb_in_place(pixmap.take()),
        })
    }

    /// The page as a PNG file at `dpi`.
    pub fn png(
        &mut self,
        page: &DisplayPage,
        book: &FontBook,
        dpi: f32,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut png = Vec::new();
        self.png_into(page, book, dpi, &mut png)?;
        Ok(png)
    }

    /// [`Renderer::png`] written into `out` (cleared first): a thread drawing page after page
    /// reuses one buffer for the files, as it reuses one for the pixels.
    pub fn png_into(
        &mut self,
        page: &DisplayPage,
        book: &FontBook,
        dpi: f32,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        let raster = self.raster(page, book, dpi)?;
        raster.png_into(out);
        self.canvas.0 = raster.rgb;
        Ok(())
    }

    /// How many glyph definitions the renderer has made so far.
    pub fn glyph_count(&self) -> usize {
        self.glyphs.count()
    }

    /// `<path id="g…" d="…"/>` for every glyph first drawn after the first `from`
    /// ([`Renderer::glyph_count`] before the pages were rendered), for [`GlyphDefs::Shared`].
    pub fn glyph_defs_since(&self, from: usize) -> String {
        self.glyphs.defs_since(from)
    }

    /// The PNG of a picture an SVG made with [`PictureLinks::Url`] links to.
    pub fn linked_picture(&self, key: u64) -> Option<Arc<Vec<u8>>> {
        self.linked.get(&key).cloned()
    }

    /// The picture for a web page: sRGB JPEG (CMYK photos turned to screen colours as the
    /// proof shows them), at most `max_side` pixels a side, never enlarged; made once per
    /// picture and side. `None` when the picture does not decode (the build reports that).
    pub fn web_jpeg(&mut self, item: &ImageItem, max_side: u32) -> Option<Arc<WebPicture>> {
        let key = (bytes_hash(&item.data), max_side);
        if let Some(done) = self.web.get(&key) {
            return done.clone();
        }
        let (_, rgb) = self.picture(item)?;
        let made = encode_web_jpeg(&rgb, max_side).map(Arc::new);
        self.web.insert(key, made.clone());
        made
    }

    /// The decoded picture and its key (a hash of its bytes); `None` when it does not decode
    /// (the build reports that).
    fn picture(&mut self, item: &ImageItem) -> Option<(u64, Arc<picture::Rgb>)> {
        let key = bytes_hash(&item.data);
        let entry = self
            .pictures
            .entry(key)
            .or_insert_with(|| self.decoded.decode(item).ok());
        entry.clone().map(|rgb| (key, rgb))
    }

    /// The picture as a PNG at its placed size and `dpi`.
    fn picture_png(&mut self, item: &ImageItem, dpi: f32) -> Option<Vec<u8>> {
        let (_, rgb) = self.picture(item)?;
        let (w, h) = placed_pixels(item, dpi);
        Some(rgb.resized(w, h).png())
    }

    /// Make the linked PNG of a picture; its key.
    fn link_picture(&mut self, item: &ImageItem, dpi: f32) -> Option<u64> {
        let (key, rgb) = self.picture(item)?;
        let (w, h) = placed_pixels(item, dpi);
        let key = key ^ (u64::from(w) << 32 | u64::from(h)).rotate_left(17);
        self.linked
            .entry(key)
            .or_insert_with(|| Arc::new(rgb.resized(w, h).png()));
        Some(key)
    }
}

fn placed_pixels(item: &ImageItem, dpi: f32) -> (u32, u32) {
    let px = |pt: f32| (pt * dpi / 72.0).round().clamp(1.0, 4000.0) as u32;
    (px(item.placed.2), px(item.placed.3))
}

/// A page as a standalone SVG (see [`Renderer::svg`]).
pub fn page_svg(page: &DisplayPage, book: &FontBook, options: &SvgOptions) -> String {
    Renderer::new().svg(page, book, options)
}

/// A page as a PNG file at `dpi` (see [`Renderer::png`]).
pub fn page_png(page: &DisplayPage, book: &FontBook, dpi: f32) -> Result<Vec<u8>, Diagnostic> {
    Renderer::new().png(page, book, dpi)
}

/// What stands in for a placed PDF (an advertisement), which the renderer does not draw: its
/// frame in 10% black with a 50% black outline. SVG art is drawn ([`vector`]).
fn art_stand_in(art: &crate::display::ArtItem) -> crate::display::RectItem {
    let (x, y, width, height) = art.frame;
    crate::display::RectItem {
        x,
        y,
        width,
        height,
        fill: Some(crate::color::Cmyk::gray(0.1)),
        stroke: Some((crate::color::Cmyk::gray(0.5), 0.5)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::Item;

    #[test]
    fn rgba_becomes_rgb_in_its_own_buffer() {
        let rgba: Vec<u8> = (0..40).collect();
        let expected: Vec<u8> = (0..40).filter(|v| v % 4 != 3).collect();
        assert_eq!(rgb_in_place(rgba), expected);
        assert!(rgb_in_place(Vec::new()).is_empty());
    }

    #[test]
    fn base64_pads_like_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn a_moved_rule_changes_the_page_hash() {
        let rule = |x: f32| {
            Item::Rule(crate::display::Rule {
                from: (x, 0.0),
                to: (x, 10.0),
                width: 0.5,
                color: crate::color::Cmyk::BLACK,
                dash: Vec::new(),
            })
        };
        let page = |x| DisplayPage {
            number: 1,
            width: 100.0,
            height: 100.0,
            items: vec![rule(x)],
        };
        assert_eq!(page_hash(&page(1.0)), page_hash(&page(1.0)));
        assert_ne!(page_hash(&page(1.0)), page_hash(&page(1.5)));
    }
}
