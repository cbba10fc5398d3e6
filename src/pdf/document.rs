//! Display pages → the bytes of one PDF/X file, written in a single pass with pdf-writer.
//!
//! 1. Pictures are prepared ([`super::image`]); every bad file is reported, not just the first.
//! 2. Each page's content stream is drawn ([`super::content`]), recording the glyphs each face
//!    shows.
//! 3. The faces are subset and every stream — page contents, font programs, ToUnicode CMaps,
//!    picture samples, the output profile — is compressed, side by side on every core
//!    ([`super::fonts`], [`super::deflate`]; `document/pack.rs`).
//! 4. The objects are written in a fixed order: catalog, page tree, pages and their contents
//!    (`document/page.rs`),
//!    fonts, pictures, the PDF/X objects ([`super::pdfx`]), then the trailer with an ID hashed
//!    from everything before it.
//!
//! Object numbers and names follow first use, so the same input gives the same bytes.

mod pack;
mod page;

use std::sync::Arc;

use pdf_writer::{Chunk, Filter, Finish, Name, Pdf, Ref};

use super::art;
use super::content::{self, DocumentFonts, PageContent};
use super::fonts::{self, FontRefs};
use super::image::{self, Picture, PictureData};
use super::marks;
use super::pdfx::{self, Fingerprint, PdfxRefs};
use super::{PdfOptions, PdfStandard};
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::{DisplayPage, Item};
use crate::fonts::FontBook;
use crate::model::Artwork;
use pack::{Packed, pack};
use page::{PageObjects, write_page};

/// Hands out object numbers in order.
struct Refs(i32);

impl Refs {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// Write `pages` as one PDF/X file; warnings (pictures) go to `warnings`.
pub(crate) fn write(
    pages: &[DisplayPage],
    book: &FontBook,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Result<Vec<u8>, Diagnostics> {
    // 1. Pictures, in page and painting order; placed PDFs, preflighted.
    let (pictures, page_pictures) = prepare_pictures(pages, options, warnings)?;
    let (arts, page_arts) = art::collect(pages);
    art::preflight(pages, options, warnings)?;
    // 2. Page contents, recording the glyphs each face draws.
    let margin = marks::margin(options.bleed, options.marks);
    let mut fonts = DocumentFonts::new(book);
    let contents: Vec<PageContent> = pages
        .iter()
        .zip(page_pictures.iter().zip(&page_arts))
        .map(|(page, (pics, arts))| {
            content::page(
                page,
                &mut fonts,
                (pics, arts),
                margin,
                options.bleed,
                options.marks,
            )
        })
        .collect();
    // 3. Subsets and compression, side by side.
    let packed = pack(&fonts, &contents, &pictures, options)?;
    // 4. The objects, then the trailer.
    assemble(pages, &contents, (&pictures, &arts), &packed, options).map_err(Diagnostics::from)
}

/// Every picture of every page; per page, the indices of its pictures in painting order.
fn prepare_pictures(
    pages: &[DisplayPage],
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Result<(Vec<Picture>, Vec<Vec<usize>>), Diagnostics> {
    let mut pictures: Vec<Picture> = Vec::new();
    let mut page_pictures: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    let mut errors = Diagnostics::new();
    for page in pages {
        let mut indices = Vec::new();
        for item in &page.items {
            if let Item::Image(img) = item {
                match image::prepare(img, page.number, options, warnings) {
                    Ok(picture) => {
                        indices.push(pictures.len());
                        pictures.push(picture);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        page_pictures.push(indices);
    }
    if errors.is_empty() {
        Ok((pictures, page_pictures))
    } else {
        Err(errors)
    }
}

/// Write every object, the Info dictionary and the trailer: number the objects, write the
/// pages, fonts and pictures, then the identification (whose ID hashes all of that) and the
/// catalog.
fn assemble(
    pages: &[DisplayPage],
    contents: &[PageContent],
    (pictures, arts): (&[Picture], &[Arc<Artwork>]),
    packed: &Packed,
    options: &PdfOptions,
) -> Result<Vec<u8>, Diagnostic> {
    let mut refs = Refs(0);
    let numbers = Numbers::new(&mut refs, pages, (pictures, arts), packed, options);
    // Objects go straight into the file's buffer (pdf-writer's `Pdf` is a `Chunk` with a
    // header): building them in a separate chunk would copy every stream once more.
    let mut pdf = Pdf::with_capacity(file_size_guess(pictures, packed));
    match options.standard {
        PdfStandard::X1a => pdf.set_version(1, 4),
        PdfStandard::X4 => pdf.set_version(1, 6),
    }
    write_objects(
        &mut pdf,
        &numbers,
        &mut refs,
        pages,
        contents,
        (pictures, arts),
        packed,
        options,
    )?;
    // The ID: everything written so far (which is every stream and every page) and the options.
    let mut hash = Fingerprint::new();
    hash.add(pdf.as_bytes());
    pdfx::add_options(&mut hash, options);
    let id = hash.bytes();
    pdfx::write_identification(&mut pdf, options, &numbers.pdfx, &id)?;
    pdf.set_file_id((id.to_vec(), id.to_vec()));
    write_catalog(&mut pdf, &numbers, pages, options);
    Ok(pdf.finish())
}

/// The object numbers of the document, given in the order the objects are numbered.
struct Numbers {
    catalog: Ref,
    tree: Ref,
    /// The overprint-on and overprint-off graphics states.
    on: Ref,
    off: Ref,
    registration: Option<Ref>,
    /// Per page: the page and its content stream.
    pages: Vec<(Ref, Ref)>,
    fonts: Vec<FontRefs>,
    /// Per picture: the image and its own ICC profile, if any.
    pictures: Vec<(Ref, Option<Ref>)>,
    /// Per placed PDF: its form XObject (the objects it copies are numbered as written).
    arts: Vec<Ref>,
    pdfx: PdfxRefs,
}

impl Numbers {
    fn new(
        refs: &mut Refs,
        pages: &[DisplayPage],
        (pictures, arts): (&[Picture], &[Arc<Artwork>]),
        packed: &Packed,
        options: &PdfOptions,
    ) -> Self {
        let catalog = refs.next();
        let tree = refs.next();
        let on = refs.next();
        let off = refs.next();
        let registration = options.marks.then(|| refs.next());
        let pages = pages.iter().map(|_| (refs.next(), refs.next())).collect();
        let fonts = packed
            .fonts
            .iter()
            .map(|f| FontRefs {
                type0: refs.next(),
                cid: refs.next(),
                descriptor: refs.next(),
                program: refs.next(),
                to_unicode: refs.next(),
                type0_v: f.font.vertical.then(|| refs.next()),
            })
            .collect();
        let pictures = pictures
            .iter()
            .map(|p| {
                let icc =
                    matches!(p.data, PictureData::Jpeg { icc: Some(_), .. }).then(|| refs.next());
                (refs.next(), icc)
            })
            .collect();
        let arts = arts.iter().map(|_| refs.next()).collect();
        let pdfx = PdfxRefs {
            info: refs.next(),
            metadata: refs.next(),
            profile: packed.profile.as_ref().map(|_| refs.next()),
        };
        Numbers {
            catalog,
            tree,
            on,
            off,
            registration,
            pages,
            fonts,
            pictures,
            arts,
            pdfx,
        }
    }
}

/// About the size of the file: its streams and 64 KB for the rest.
fn file_size_guess(pictures: &[Picture], packed: &Packed) -> usize {
    let jpeg_bytes: usize = pictures
        .iter()
        .map(|p| match &p.data {
            PictureData::Jpeg { bytes, .. } => bytes.len(),
            PictureData::Samples(_) => 0,
        })
        .sum();
    let stream_bytes: usize = packed.pages.iter().map(Vec::len).sum::<usize>()
        + packed
            .fonts
            .iter()
            .map(|f| f.program.len() + f.to_unicode.len())
            .sum::<usize>();
    stream_bytes + jpeg_bytes + 65536
}

/// The page tree, graphics states, registration mark, pages with their content, fonts,
/// pictures and the output profile.
#[allow(
    clippy::too_many_arguments,
    reason = "the document's parts, written in one pass"
)]
fn write_objects(
    chunk: &mut Chunk,
    numbers: &Numbers,
    refs: &mut Refs,
    pages: &[DisplayPage],
    contents: &[PageContent],
    (pictures, arts): (&[Picture], &[Arc<Artwork>]),
    packed: &Packed,
    options: &PdfOptions,
) -> Result<(), Diagnostic> {
    chunk
        .pages(numbers.tree)
        .kids(numbers.pages.iter().map(|(page, _)| *page))
        .count(pages.len() as i32);
    for (on, id) in [(true, numbers.on), (false, numbers.off)] {
        chunk
            .ext_graphics(id)
            .overprint(on)
            .overprint_fill(on)
            .overprint_mode(pdf_writer::types::OverprintMode::IgnoreZeroChannel);
    }
    if let Some(id) = numbers.registration {
        write_registration(chunk, id, refs);
    }
    write_pages(chunk, numbers, pages, contents, packed, options)?;
    for (font, refs) in packed.fonts.iter().zip(&numbers.fonts) {
        fonts::write(chunk, &font.font, refs, &font.program, &font.to_unicode);
    }
    for ((picture, (id, icc_ref)), stream) in
        pictures.iter().zip(&numbers.pictures).zip(&packed.pictures)
    {
        write_picture(chunk, picture, *id, *icc_ref, stream.as_deref());
    }
    if let (Some(id), Some(stream)) = (numbers.pdfx.profile, &packed.profile) {
        pdfx::write_profile(chunk, id, stream);
    }
    for (a, id) in arts.iter().zip(&numbers.arts) {
        art::write(chunk, a, *id, &mut || refs.next(), options)?;
    }
    Ok(())
}

/// Each page object, followed by its content stream.
fn write_pages(
    chunk: &mut Chunk,
    numbers: &Numbers,
    pages: &[DisplayPage],
    contents: &[PageContent],
    packed: &Packed,
    options: &PdfOptions,
) -> Result<(), Diagnostic> {
    for (((page, content), (page_ref, content_ref)), stream) in pages
        .iter()
        .zip(contents)
        .zip(&numbers.pages)
        .zip(&packed.pages)
    {
        let objects = PageObjects {
            page: *page_ref,
            content: *content_ref,
            tree: numbers.tree,
            on: numbers.on,
            off: numbers.off,
            registration: numbers.registration,
            fonts: &numbers.fonts,
            pictures: &numbers.pictures,
            arts: &numbers.arts,
        };
        write_page(chunk, page, content, objects, options)?;
        chunk
            .stream(*content_ref, stream)
            .filter(Filter::FlateDecode);
    }
    Ok(())
}

/// The catalog: the page tree, the metadata, page labels (第N版's N) and the output intents.
fn write_catalog(pdf: &mut Pdf, numbers: &Numbers, pages: &[DisplayPage], options: &PdfOptions) {
    let mut catalog = pdf.catalog(numbers.catalog);
    catalog.pages(numbers.tree).metadata(numbers.pdfx.metadata);
    let mut labels = catalog.insert(Name(b"PageLabels")).dict();
    let mut nums = labels.insert(Name(b"Nums")).array();
    for (i, page) in pages.iter().enumerate() {
        nums.item(i as i32);
        let mut label = nums.push().dict();
        // Decimal numbering from the page's own number, so viewers show 第N版's N.
        label.pair(Name(b"S"), Name(b"D"));
        label.pair(Name(b"St"), page.number.max(1) as i32);
    }
    nums.finish();
    labels.finish();
    pdfx::write_output_intents(&mut catalog, options, &numbers.pdfx);
    catalog.finish();
}

/// Registration colour: Separation `/All`, tint 1 = 100% of every CMYK ink as the alternate.
fn write_registration(chunk: &mut Chunk, id: Ref, refs: &mut Refs) {
    let function = refs.next();
    let mut space = chunk.indirect(id).array();
    space.item(Name(b"Separation"));
    space.item(Name(b"All"));
    space.item(Name(b"DeviceCMYK"));
    space.item(function);
    space.finish();
    chunk
        .exponential_function(function)
        .domain([0.0, 1.0])
        .c0([0.0, 0.0, 0.0, 0.0])
        .c1([1.0, 1.0, 1.0, 1.0])
        .n(1.0);
}

fn write_picture(
    chunk: &mut Chunk,
    picture: &Picture,
    id: Ref,
    icc_ref: Option<Ref>,
    compressed: Option<&[u8]>,
) {
    let (width, height) = picture.size;
    let device = if picture.gray {
        Name(b"DeviceGray")
    } else {
        Name(b"DeviceCMYK")
    };
    match &picture.data {
        PictureData::Jpeg {
            bytes, inverted, ..
        } => {
            let icc = icc_ref.zip(compressed);
            let mut image = chunk.image_xobject(id, bytes);
            image.filter(Filter::DctDecode);
            image.width(width as i32).height(height as i32);
            if let Some((icc, _)) = icc {
                // `[/ICCBased stream]`, the picture's own profile (PDF/X-4 only).
                image.color_space().icc_based(icc);
            } else {
                image.color_space_name(device);
            }
            image.bits_per_component(8);
            if *inverted {
                image.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
            image.finish();
            if let Some((icc, profile)) = icc {
                let n = if picture.gray { 1 } else { 4 };
                chunk
                    .icc_profile(icc, profile)
                    .n(n)
                    .filter(Filter::FlateDecode);
            }
        }
        PictureData::Samples(_) => {
            let Some(data) = compressed else { return };
            let mut image = chunk.image_xobject(id, data);
            image.filter(Filter::FlateDecode);
            image.width(width as i32).height(height as i32);
            image.color_space_name(device);
            image.bits_per_component(8);
            image.finish();
        }
    }
}
