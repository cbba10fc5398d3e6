//! An edition read, resolved and laid out: the model read beside the font scan, then resolve
//! and the grid, then the layout while the pictures' inks are measured in the background,
//! then the ink as printed.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use super::{Prepared, ms};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::display::DisplayPage;
use crate::fonts::{FontBook, FontFolder};
use crate::layout::{self, Grid, LayoutOptions};
use crate::model::{self, Input, RootOptions};
use crate::pdf;
use crate::render::DecodedPictures;
use crate::resolve;

/// Read, resolve and lay out an edition.
pub fn prepare(
    edition: &Path,
    fonts: &FontFolder,
    options: LayoutOptions,
    timings: &mut Vec<(&'static str, f64)>,
) -> Result<Prepared, Diagnostics> {
    prepare_pages(edition, fonts, options, None, timings)
}

/// Read and resolve an edition and lay out the pages in `only` (all when `None`; see
/// [`layout::layout_edition_pages`]).
pub fn prepare_pages(
    edition: &Path,
    fonts: &FontFolder,
    options: LayoutOptions,
    only: Option<&[u32]>,
    timings: &mut Vec<(&'static str, f64)>,
) -> Result<Prepared, Diagnostics> {
    let roots = RootOptions::default();
    prepare_confined(edition, fonts, options, only, &roots, timings)
}

/// [`prepare_pages`] with the edition's reads confined as `roots` says (see `model::paths`).
pub fn prepare_confined(
    edition: &Path,
    fonts: &FontFolder,
    options: LayoutOptions,
    only: Option<&[u32]>,
    roots: &RootOptions,
    timings: &mut Vec<(&'static str, f64)>,
) -> Result<Prepared, Diagnostics> {
    let (mut prepared, pending) = prepare_measuring(edition, fonts, options, only, roots, timings)?;
    let t = Instant::now();
    let inks = pending.wait()?;
    let p = &mut prepared;
    let ink = ink_as_printed(
        &p.input,
        &p.grid,
        &p.layout.pages,
        &inks,
        p.resolved.print.ink_limit,
    );
    p.layout.problems.extend(ink);
    p.inks = inks;
    timings.push(("ink", ms(t)));
    Ok(prepared)
}

/// [`prepare_confined`] without the ink check: the photos are still being measured, on a
/// thread that yields to every other, and the build takes their inks when it has made the PDF
/// ([`PendingInk::wait`], then [`ink_as_printed`]); `Prepared::inks` is empty.
pub(super) fn prepare_measuring(
    edition: &Path,
    fonts: &FontFolder,
    options: LayoutOptions,
    only: Option<&[u32]>,
    roots: &RootOptions,
    timings: &mut Vec<(&'static str, f64)>,
) -> Result<(Prepared, PendingInk), Diagnostics> {
    let t = Instant::now();
    let missing_fonts_dir = fonts.missing();
    let (input, book) = load_beside_font_scan(edition, fonts, missing_fonts_dir, only, roots);
    let input = input?;
    timings.push(("model", ms(t)));
    let t = Instant::now();
    let mut book = scanned_book(missing_fonts_dir, book)?;
    let resolved = resolve::resolve(&input, &mut book)?;
    let grid = Grid::new(&input.layout, &input.layout_path).map_err(Diagnostics::from)?;
    timings.push(("resolve", ms(t)));
    let t = Instant::now();
    // The photos start decoding as soon as their bytes are read; the layout takes the cores.
    let pending = PendingInk::start(&input, resolved.print.ink_limit, options);
    let layout = layout::layout_edition_pages(&input, &resolved, &book, &grid, options, only)?;
    timings.push(("layout", ms(t)));
    let prepared = Prepared {
        input,
        resolved,
        book,
        grid,
        layout,
        inks: pdf::PictureInks::default(),
    };
    Ok((prepared, pending))
}

/// The CMYK photos' inks being measured (the ink check's cost is decoding them, which needs
/// only their bytes): on a background thread ([`crate::pool::spawn_background`]) with more than
/// one thread, at once with one. A thread that needs a photo before the background thread has
/// come to it measures it itself ([`pdf::MeasuringInks`]).
pub(super) enum PendingInk {
    Measuring {
        photos: Arc<pdf::MeasuringInks>,
        thread: std::thread::JoinHandle<()>,
    },
    Measured(pdf::PictureInks),
}

impl PendingInk {
    fn start(input: &Input, limit: f32, options: LayoutOptions) -> PendingInk {
        let keep = options.keep_pictures;
        if options.threads <= 1 {
            return PendingInk::Measured(pdf::PictureInks::measure(&input.pictures, limit, keep));
        }
        let photos = Arc::new(pdf::MeasuringInks::new(&input.pictures, limit, keep));
        let thread = crate::pool::spawn_background({
            let photos = Arc::clone(&photos);
            move || photos.measure_all()
        });
        PendingInk::Measuring { photos, thread }
    }

    /// The photos in screen colours as they are measured, for a renderer drawing them
    /// meanwhile (those measured with `keep_pictures`).
    pub(super) fn decoded(&self) -> DecodedPictures {
        match self {
            PendingInk::Measured(inks) => inks.decoded(),
            PendingInk::Measuring { photos, .. } => DecodedPictures::pending(photos.clone()),
        }
    }

    /// The inks, measuring here the photos the background thread has not come to.
    pub(super) fn wait(self) -> Result<pdf::PictureInks, Diagnostic> {
        match self {
            PendingInk::Measured(inks) => Ok(inks),
            PendingInk::Measuring { photos, thread } => {
                let inks = photos.inks();
                // Measuring decodes the user's photos; a panic there would be a bug in the
                // decoder.
                thread
                    .join()
                    .map_err(|_| Diagnostic::internal("measuring the pictures' ink failed"))?;
                Ok(inks)
            }
        }
    }
}

/// The model, and the font folder scanned on a second thread meanwhile (not when the folder is
/// missing).
fn load_beside_font_scan(
    edition: &Path,
    fonts: &FontFolder,
    missing_fonts_dir: Option<&Path>,
    only: Option<&[u32]>,
    roots: &RootOptions,
) -> (
    Result<Input, Diagnostics>,
    Option<std::thread::Result<FontBook>>,
) {
    // The font folder is scanned while the model is read: neither needs the other.
    std::thread::scope(|scope| {
        let book = missing_fonts_dir
            .is_none()
            .then(|| scope.spawn(|| FontBook::from_folder(fonts)));
        let input = model::load_confined(edition, only, roots);
        (input, book.map(|b| b.join()))
    })
}

/// The scanned font book, or why there is none.
fn scanned_book(
    missing_fonts_dir: Option<&Path>,
    book: Option<std::thread::Result<FontBook>>,
) -> Result<FontBook, Diagnostics> {
    if let Some(dir) = missing_fonts_dir {
        return Err(Diagnostic::input(format!(
            "--fonts: the font folder {} does not exist",
            dir.display()
        ))
        .hint("give a folder of .ttf/.otf/.ttc files, or leave out --fonts for paiban's own")
        .into());
    }
    // Scanning a folder returns what it found; a panic there would be a bug.
    let Some(Ok(book)) = book else {
        return Err(Diagnostic::internal("scanning the font folder failed").into());
    };
    Ok(book)
}

/// The ink as printed on the laid-out pages, each finding placed at the plan block under it.
pub(super) fn ink_as_printed(
    input: &Input,
    grid: &Grid,
    pages: &[DisplayPage],
    inks: &pdf::PictureInks,
    ink_limit: f32,
) -> Diagnostics {
    let blocks: Vec<layout::BlockOutline> = layout::block_outlines(input, grid)
        .into_iter()
        .flatten()
        .collect();
    let locate = |page: u32, area: pdf::Area| block_at(&blocks, page, area);
    // Ink as printed, like overset text: a warning, an error under --strict.
    pdf::printed_ink(pages, inks, ink_limit, &locate)
}

/// The plan block under the middle of `area` on page `page` (the smallest, where blocks
/// overlap), for messages about what is drawn there.
fn block_at(blocks: &[layout::BlockOutline], page: u32, area: pdf::Area) -> Option<Location> {
    let (x, y) = (area.0 + area.2 / 2.0, area.1 + area.3 / 2.0);
    blocks
        .iter()
        .filter(|b| b.page == page)
        .filter(|b| (b.rect.x..=b.rect.x + b.rect.w).contains(&x))
        .filter(|b| (b.rect.y..=b.rect.y + b.rect.h).contains(&y))
        .min_by(|a, b| (a.rect.w * a.rect.h).total_cmp(&(b.rect.w * b.rect.h)))
        .map(|b| b.location.clone())
}
