//! Making what an edition's pages draw before drawing them ([`Renderer::preload`]): every glyph
//! outline and its SVG path, every picture in screen colours with its web JPEG, every glyph
//! mask, each once and on every thread, so that clones of the renderer then draw the pages
//! side by side without reading or filling anything twice.

use std::sync::Arc;

use super::encode::encode_web_jpeg;
use super::glyphs::{Missing, ReadOutline, read_outlines};
use super::hash::bytes_hash;
use super::picture::Rgb;
use super::{DecodedPictures, Renderer, WebPicture, raster};
use crate::display::{DisplayPage, ImageItem, Item};
use crate::fonts::FontBook;

/// What [`Renderer::preload`] makes beside the glyph outlines and decoded pictures.
#[derive(Debug, Clone, Default)]
pub struct Preload {
    /// Each picture's web JPEG at most this many pixels a side ([`Renderer::web_jpeg`]).
    pub web_side: Option<u32>,
    /// The glyph masks of drawing the pages at this resolution ([`Renderer::raster`]).
    pub raster_dpi: Option<f32>,
    /// Threads to make it all on.
    pub threads: usize,
}

/// One job of a preload's first step.
enum Job<'a> {
    /// Decode a picture, turn it into screen colours, encode its web JPEG.
    Picture(&'a ImageItem),
    /// Read these outlines and write their SVG paths.
    Outlines(&'a [Missing]),
}

/// A web JPEG by its picture's key and side, as [`Renderer::web_jpeg`] keeps it.
type WebEntry = ((u64, u32), Option<Arc<WebPicture>>);

/// What a [`Job`] made.
enum Made {
    Picture {
        key: u64,
        rgb: Option<Arc<Rgb>>,
        web: Option<WebEntry>,
    },
    Outlines(Vec<ReadOutline>),
}

impl Renderer {
    /// Read every glyph outline and decode every picture `pages` draw, and make what `what`
    /// asks for, on its threads: clones of this renderer then draw the pages on as many
    /// threads without reading or filling anything twice. (Not for
    /// [`super::GlyphDefs::Shared`], whose definitions are handed out as glyphs are first
    /// drawn.)
    pub fn preload(&mut self, pages: &[DisplayPage], book: &FontBook, what: &Preload) {
        let threads = what.threads.max(1);
        let pictures = drawn_pictures(pages);
        let wanted: Vec<_> = pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|item| match item {
                Item::Text(run) => Some(run.glyphs.iter().map(|g| (run.font, g.id))),
                _ => None,
            })
            .flatten()
            .collect();
        let missing = self.glyphs.missing(book, &wanted);
        // 1. The pictures and the outlines as one list of jobs on every thread. A photo
        // (decoding, screen colours, its web JPEG) takes as long as a few hundred outlines:
        // the photos start first and the outlines, in chunks, fill in around them, so no
        // thread waits while another has one kind of work left (with the two kinds on
        // separate threads, the outlines and masks ran a third longer than the photos).
        let chunk = missing.len().div_ceil(threads * 4).max(1);
        let jobs: Vec<Job<'_>> = pictures
            .iter()
            .map(|item| Job::Picture(item))
            .chain(missing.chunks(chunk).map(Job::Outlines))
            .collect();
        let decoded = &self.decoded;
        let cost = |job: &Job<'_>| match job {
            Job::Picture(_) => usize::MAX,
            Job::Outlines(glyphs) => glyphs.len(),
        };
        let made = crate::pool::map(threads, &jobs, cost, |job| match job {
            Job::Picture(item) => picture(decoded, item, what.web_side),
            Job::Outlines(glyphs) => Made::Outlines(read_outlines(book, glyphs)),
        });
        for made in made {
            match made {
                Made::Picture { key, rgb, web } => {
                    self.pictures.insert(key, rgb);
                    self.web.extend(web);
                }
                Made::Outlines(read) => self.glyphs.keep(read),
            }
        }
        // 2. The glyph masks, from the outlines read.
        if let Some(dpi) = what.raster_dpi.filter(|d| d.is_finite() && *d > 0.0) {
            let mut masks = Vec::new();
            for page in pages {
                raster::page_masks(self, page, book, dpi, &mut masks);
            }
            self.masks.preload(masks, threads);
        }
    }
}

/// The pictures `pages` draw, each once.
fn drawn_pictures(pages: &[DisplayPage]) -> Vec<&ImageItem> {
    let mut pictures: Vec<&ImageItem> = pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|item| match item {
            Item::Image(image) if image.is_drawable() => Some(image),
            _ => None,
        })
        .collect();
    pictures.sort_by_key(|i| Arc::as_ptr(&i.data));
    pictures.dedup_by_key(|i| Arc::as_ptr(&i.data));
    pictures
}

/// A picture in screen colours (from the samples in `decoded` when it is one of them), and
/// with `web_side` its web JPEG.
fn picture(decoded: &DecodedPictures, item: &ImageItem, web_side: Option<u32>) -> Made {
    let key = bytes_hash(&item.data);
    let rgb = decoded.decode(item).ok().map(Arc::new);
    let web = web_side.map(|side| {
        let jpeg = rgb.as_ref().and_then(|rgb| encode_web_jpeg(rgb, side));
        ((key, side), jpeg.map(Arc::new))
    });
    Made::Picture { key, rgb, web }
}
