//! Making what an edition's pages draw before drawing them: every glyph outline with its SVG
//! path and every glyph mask ([`Renderer::preload_glyphs`]), every picture in screen colours
//! with its web JPEG ([`Renderer::preload_pictures`]), each once and on every thread, so that
//! clones of the renderer then draw the pages side by side without reading or filling
//! anything twice. The glyphs need only the pages; the pictures need the photos decoded,
//! which the build's ink check does meanwhile.

use std::sync::Arc;

use super::encode::encode_web_jpeg;
use super::glyphs::read_outlines;
use super::hash::bytes_hash;
use super::{DecodedPictures, Renderer, raster};
use crate::display::{DisplayPage, ImageItem, Item};
use crate::fonts::FontBook;

impl Renderer {
    /// Read every glyph outline `pages` draw and write its SVG path, then with `raster_dpi`
    /// fill every glyph mask drawing them at that resolution stamps, on `threads` threads.
    /// (Not for [`super::GlyphDefs::Shared`], whose definitions are handed out as glyphs are
    /// first drawn.)
    pub fn preload_glyphs(
        &mut self,
        pages: &[DisplayPage],
        book: &FontBook,
        raster_dpi: Option<f32>,
        threads: usize,
    ) {
        let threads = threads.max(1);
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
        // In chunks, each setting up its font reader once.
        let read = crate::pool::map_chunks(threads, &missing, |c| read_outlines(book, c));
        self.glyphs.keep(read);
        if let Some(dpi) = raster_dpi.filter(|d| d.is_finite() && *d > 0.0) {
            let (mut seen, mut masks) = (rustc_hash::FxHashSet::default(), Vec::new());
            for page in pages {
                raster::page_masks(self, page, book, dpi, (&mut seen, &mut masks));
            }
            self.masks.preload(masks, threads);
        }
    }

    /// Every picture `pages` draw in screen colours (from the samples given with
    /// [`Renderer::with_decoded`] where it is one of them), and with `web_side` its web JPEG
    /// ([`Renderer::web_jpeg`]): one picture a job, on `threads` threads.
    pub fn preload_pictures(
        &mut self,
        pages: &[DisplayPage],
        web_side: Option<u32>,
        threads: usize,
    ) {
        let pictures = drawn_pictures(pages);
        let decoded = &self.decoded;
        let made = crate::pool::map(
            threads.max(1),
            &pictures,
            |item| item.data.len(),
            |item| picture(decoded, item, web_side),
        );
        for made in made {
            self.pictures.insert(made.key, made.rgb);
            self.web.extend(made.web);
        }
    }
}

/// A web JPEG by its picture's key and side, as [`Renderer::web_jpeg`] keeps it.
type WebEntry = ((u64, u32), Option<Arc<super::WebPicture>>);

/// A picture made by [`Renderer::preload_pictures`].
struct Made {
    key: u64,
    rgb: Option<Arc<super::picture::Rgb>>,
    web: Option<WebEntry>,
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
    let rgb = decoded.decode(item).ok();
    let web = web_side.map(|side| {
        let jpeg = rgb.as_ref().and_then(|rgb| encode_web_jpeg(rgb, side));
        ((key, side), jpeg.map(Arc::new))
    });
    Made { key, rgb, web }
}
