//! An edition read, resolved and laid out: the model read beside the font scan, then resolve
//! and the grid, then the layout beside the pictures' ink measure, then the ink as printed.

use std::path::Path;
use std::time::Instant;

use super::{Prepared, ms};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fonts::{FontBook, FontFolder};
use crate::layout::{self, Grid, LayoutOptions, LayoutOutput};
use crate::model::{self, Input, RootOptions};
use crate::pdf;
use crate::resolve::{self, Resolved};

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
    let (layout, inks) = layout_beside_ink_measure(&input, &resolved, &book, &grid, options, only);
    let mut layout = layout?;
    // Measuring decodes the user's photos; a panic there would be a bug in the decoder.
    let inks = inks.map_err(|_| Diagnostic::internal("measuring the pictures' ink failed"))?;
    timings.push(("layout", ms(t)));
    let t = Instant::now();
    let ink = ink_as_printed(&input, &grid, &layout, &inks, resolved.print.ink_limit);
    layout.problems.extend(ink);
    timings.push(("ink", ms(t)));
    Ok(Prepared {
        input,
        resolved,
        book,
        grid,
        layout,
        inks,
    })
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

/// The layout, and the CMYK photos' inks measured meanwhile.
fn layout_beside_ink_measure(
    input: &Input,
    resolved: &Resolved,
    book: &FontBook,
    grid: &Grid,
    options: LayoutOptions,
    only: Option<&[u32]>,
) -> (
    Result<LayoutOutput, Diagnostics>,
    std::thread::Result<pdf::PictureInks>,
) {
    // The ink check's cost is decoding the CMYK photos, which needs only their bytes: it runs
    // beside the layout (after it with one thread).
    let (ink_limit, keep) = (resolved.print.ink_limit, options.keep_pictures);
    if options.threads > 1 {
        std::thread::scope(|scope| {
            let inks = scope.spawn(|| pdf::PictureInks::measure(&input.pictures, ink_limit, keep));
            let layout = layout::layout_edition_pages(input, resolved, book, grid, options, only);
            (layout, inks.join())
        })
    } else {
        let layout = layout::layout_edition_pages(input, resolved, book, grid, options, only);
        (
            layout,
            Ok(pdf::PictureInks::measure(&input.pictures, ink_limit, keep)),
        )
    }
}

/// The ink as printed on the laid-out pages, each finding placed at the plan block under it.
fn ink_as_printed(
    input: &Input,
    grid: &Grid,
    layout: &LayoutOutput,
    inks: &pdf::PictureInks,
    ink_limit: f32,
) -> Diagnostics {
    let blocks: Vec<layout::BlockOutline> = layout::block_outlines(input, grid)
        .into_iter()
        .flatten()
        .collect();
    let locate = |page: u32, area: pdf::Area| block_at(&blocks, page, area);
    // Ink as printed, like overset text: a warning, an error under --strict.
    pdf::printed_ink(&layout.pages, inks, ink_limit, &locate)
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
