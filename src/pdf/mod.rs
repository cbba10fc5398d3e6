//! Stage 6, pdf: display pages → print-ready PDF/X bytes.
//!
//! Input: the [`DisplayPage`]s the caller wants in this file (a `--pages 2` build passes only
//! page 2), the [`FontBook`] their glyph runs point into, and [`PdfOptions`]. Output: the bytes
//! of one PDF/X-1a:2003 (default) or PDF/X-4 file, plus warnings. The caller writes the file.
//!
//! The steps, in order:
//!
//! 1. [`check_options`]: at least one page; the output profile must be a CMYK output-device
//!    ICC profile, X-4 needs one, the ink limit and bleed must be sane.
//! 2. [`ink::check_pages`]: every colour painted on the trimmed page stays under the total-ink
//!    limit (`cjk-typesetting.md` §4.2: 240% for ISOnewspaper26v4, 220% for WAN-IFRA 26v5).
//! 3. [`document::write`], in one pass with pdf-writer:
//!    - pictures prepared by [`image`] (JPEG bytes passed through, RGB turned into CMYK or gray);
//!    - placed PDFs copied as form XObjects, SVG art written as one of DeviceCMYK paths
//!      ([`vector`]), each once per file however many pages place it;
//!    - each page's content stream drawn by [`content`] in DeviceCMYK, with the overprint state
//!      chosen as it paints (100% K text and strokes overprint, everything else knocks out) and
//!      optional crop and registration marks from [`marks`];
//!    - each face subset to the glyphs drawn, as a CID-keyed font with ToUnicode ([`fonts`];
//!      TrueType outlines by [`truetype`], CFF by subsetter);
//!    - every stream compressed, faces and streams side by side on every core ([`deflate`]);
//!    - the PDF/X objects: OutputIntent, Info and XMP identification (`GTS_PDFXVersion`,
//!      `Trapped`), the header version the standard allows, and a content-derived ID ([`pdfx`]).
//!
//! Invariants: nothing reads the clock or random state, and no hash-map order reaches the file,
//! so the same input gives the same bytes; nothing drawn on one page depends on another page.
//! What each PDF/X clause needs and how it is met is listed in `docs/pdfx.md`.
//!
//! Before any of this, [`printed_ink`] checks the ink as printed on the composite (black
//! overprinting tints and CMYK pictures, and CMYK pictures' own pixels); the build runs it after
//! layout, so its findings are errors under `--strict` only.

mod art;
mod content;
mod coverage;
mod deflate;
mod document;
mod fonts;
mod icc;
mod image;
mod ink;
mod marks;
mod pdfx;
mod photo;
mod separate;
mod truetype;
mod vector;
mod xmp;

pub use coverage::{Area, Locate, MeasuringInks, PictureInks, printed_ink};
pub use icc::profile_description;

pub(crate) use pdfx::Fingerprint;

use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::display::DisplayPage;
use crate::fonts::FontBook;
use crate::model::PdfStandard;
pub use crate::model::RenderingIntent;

/// What to turn RGB pictures into (X-1a forbids RGB; paiban keeps the print path CMYK in X-4
/// too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RgbConversion {
    /// CMYK through the output profile with littlecms ([`separate`]); without a profile a
    /// naive full-GCR separation, clamped to the ink limit, with a warning. Neutral pictures
    /// become gray.
    #[default]
    Cmyk,
    /// Luminance (Rec. 601) as DeviceGray, printed with black ink only.
    Gray,
}

/// Everything the PDF stage needs besides the pages and the fonts.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// The standard to write and check.
    pub standard: PdfStandard,
    /// `OutputConditionIdentifier` of the OutputIntent; `IFRA26` is the ICC registry name of
    /// the ISO 12647-3 coldset newsprint characterisation.
    pub output_condition: String,
    /// A CMYK ICC output profile (file name for messages, bytes) embedded as
    /// `DestOutputProfile`. Required for X-4.
    pub icc_profile: Option<(PathBuf, Vec<u8>)>,
    /// Bleed in points; 0 writes no `BleedBox`.
    pub bleed: f32,
    /// Crop and registration marks outside the trim (and bleed), with the `MediaBox` enlarged.
    pub marks: bool,
    /// The document title, e.g. "东昌时讯 2022-08-16 总第1461期".
    pub title: String,
    /// Creation and modification date (year, month, day, hour, minute, second) in UTC.
    pub creation_date: (i32, u8, u8, u8, u8, u8),
    /// Total area coverage limit in percent: a fill or stroke colour above it is an error.
    pub ink_limit: f32,
    /// What RGB pictures become.
    pub rgb_conversion: RgbConversion,
    /// How RGB pictures are mapped into the output profile ([`separate`]).
    pub rendering_intent: RenderingIntent,
    /// littlecms black point compensation for RGB pictures.
    pub black_point_compensation: bool,
    /// JPEG quality (1..=100) of RGB photos converted to CMYK.
    pub jpeg_quality: u8,
    /// Effective resolution (pixels per inch at the placed size) under which a picture gets a
    /// warning. 200 by default (`cjk-typesetting.md` §4.5: about 200 ppi for newsprint photos).
    pub min_ppi: f32,
    /// Threads to subset fonts and compress streams on (0 or 1: this thread only).
    pub threads: usize,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            standard: PdfStandard::X1a,
            output_condition: "IFRA26".into(),
            icc_profile: None,
            bleed: 0.0,
            marks: false,
            title: String::new(),
            creation_date: (2000, 1, 1, 0, 0, 0),
            ink_limit: 240.0,
            rgb_conversion: RgbConversion::Cmyk,
            rendering_intent: RenderingIntent::Perceptual,
            black_point_compensation: true,
            jpeg_quality: 85,
            min_ppi: 200.0,
            threads: 1,
        }
    }
}

/// Write `pages` as one PDF/X file, dropping warnings (see [`write_pdf_with_warnings`]).
pub fn write_pdf(
    pages: &[DisplayPage],
    book: &FontBook,
    options: &PdfOptions,
) -> Result<Vec<u8>, Diagnostics> {
    write_pdf_with_warnings(pages, book, options).map(|(bytes, _)| bytes)
}

/// Write `pages` as one PDF/X file. Returns the bytes and the warnings (low picture
/// resolution, RGB pictures converted, transparency flattened), or the errors.
pub fn write_pdf_with_warnings(
    pages: &[DisplayPage],
    book: &FontBook,
    options: &PdfOptions,
) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
    // 1. Options.
    check_options(pages, options)?;
    // 2. Ink.
    ink::check_pages(pages, options.ink_limit)?;
    // 3. Pictures, pages, fonts, compression, objects.
    let mut warnings = Diagnostics::new();
    let bytes = document::write(pages, book, options, &mut warnings)?;
    Ok((bytes, warnings))
}

/// The warnings and errors the pictures and placed PDFs of `pages` give (colour, profile,
/// transparency, resolution, the ads' preflight), without converting or writing anything: what `paiban check` reports of the
/// PDF stage.
pub fn check_pictures(pages: &[DisplayPage], options: &PdfOptions) -> Diagnostics {
    let mut found = Diagnostics::new();
    for page in pages {
        for item in &page.items {
            match item {
                crate::display::Item::Image(img) => {
                    if let Err(e) = image::inspect(img, page.number, options, &mut found) {
                        found.push(e);
                    }
                }
                crate::display::Item::Art(art) => {
                    found.extend(art::check(art, page.number, options))
                }
                _ => {}
            }
        }
    }
    found
}

/// The lowest ink limit accepted: below 100% not even solid black could be printed.
const MIN_INK_LIMIT: f32 = 100.0;

/// Step 1: reject options no conforming file can be made from.
fn check_options(pages: &[DisplayPage], options: &PdfOptions) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::new();
    if pages.is_empty() {
        // A PDF needs a page; a blank one would have no TrimBox.
        errors.push(Diagnostic::internal(
            "no pages were given to the PDF writer",
        ));
    }
    if !(MIN_INK_LIMIT..=400.0).contains(&options.ink_limit) {
        errors.push(
            Diagnostic::input(format!(
                "ink limit \"{}%\" is out of range",
                options.ink_limit
            ))
            .hint("use the total area coverage of the printing plant's profile, e.g. 240 or 220"),
        );
    }
    if !options.bleed.is_finite() || !(0.0..=72.0).contains(&options.bleed) {
        errors.push(
            Diagnostic::input(format!("bleed \"{}pt\" is out of range", options.bleed))
                .hint("newspapers usually need no bleed; otherwise use 3–5 mm (8.5–14.2 pt)"),
        );
    }
    if options.output_condition.trim().is_empty() {
        errors.push(
            Diagnostic::input("the output condition identifier is empty")
                .hint("use the plant's characterisation name, e.g. \"IFRA26\""),
        );
    }
    match &options.icc_profile {
        Some((path, bytes)) => {
            if let Err(d) = check_icc_profile(bytes, options.standard) {
                errors.push(d.in_file(path));
            }
        }
        None if options.standard == PdfStandard::X4 => errors.push(
            Diagnostic::input("PDF/X-4 needs a CMYK output profile to embed, and none was given")
                .hint("name the printing plant's CMYK ICC profile (e.g. ISOnewspaper26v4.icc) with --icc FILE or the layout's print.icc_profile")
                .hint("or write PDF/X-1a, which can name the registered condition \"IFRA26\""),
        ),
        None => {}
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// An ICC profile usable as a PDF/X `DestOutputProfile`: an output-device (`prtr`) CMYK
/// profile whose version the PDF version can carry (ICC v2 in PDF 1.4, up to v4 in PDF 1.6).
fn check_icc_profile(bytes: &[u8], standard: PdfStandard) -> Result<(), Diagnostic> {
    let header = |range: std::ops::Range<usize>| bytes.get(range).unwrap_or_default();
    if bytes.len() < 128 || header(36..40) != b"acsp" {
        return Err(Diagnostic::input("not an ICC profile")
            .hint("name a CMYK output profile (.icc) from the printing plant"));
    }
    let space = String::from_utf8_lossy(header(16..20)).trim().to_string();
    if header(16..20) != b"CMYK" {
        return Err(
            Diagnostic::input(format!("the output profile is for \"{space}\", not CMYK")).hint(
                "PDF/X for newsprint needs the plant's CMYK profile (e.g. ISOnewspaper26v4.icc)",
            ),
        );
    }
    if header(12..16) != b"prtr" {
        let class = String::from_utf8_lossy(header(12..16)).to_string();
        return Err(Diagnostic::input(format!(
            "the output profile is a \"{class}\" profile, not an output device (\"prtr\") profile"
        ))
        .hint("use the printing condition's characterisation profile"));
    }
    let major = header(8..9).first().copied().unwrap_or(0);
    let max_major = match standard {
        PdfStandard::X1a => 2,
        PdfStandard::X4 => 4,
    };
    if major > max_major {
        return Err(Diagnostic::input(format!(
            "the output profile is ICC version {major}, which {} cannot carry",
            standard.version_name()
        ))
        .hint("use an ICC v2 version of the profile, or write PDF/X-4"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> DisplayPage {
        DisplayPage {
            number: 1,
            width: 100.0,
            height: 100.0,
            items: Vec::new(),
        }
    }

    fn profile(class: &[u8; 4], space: &[u8; 4], major: u8) -> Vec<u8> {
        let mut p = vec![0u8; 132];
        p[8] = major;
        p[12..16].copy_from_slice(class);
        p[16..20].copy_from_slice(space);
        p[36..40].copy_from_slice(b"acsp");
        p
    }

    #[test]
    fn icc_profile_must_be_a_cmyk_output_profile() {
        assert!(check_icc_profile(&profile(b"prtr", b"CMYK", 2), PdfStandard::X1a).is_ok());
        let rgb = check_icc_profile(&profile(b"mntr", b"RGB ", 2), PdfStandard::X1a).unwrap_err();
        assert!(rgb.message.contains("\"RGB\", not CMYK"), "{rgb}");
        let link = check_icc_profile(&profile(b"link", b"CMYK", 2), PdfStandard::X1a).unwrap_err();
        assert!(link.message.contains("not an output device"), "{link}");
        assert!(check_icc_profile(b"hello", PdfStandard::X4).is_err());
    }

    #[test]
    fn icc_v4_profile_needs_pdfx4() {
        assert!(check_icc_profile(&profile(b"prtr", b"CMYK", 4), PdfStandard::X1a).is_err());
        assert!(check_icc_profile(&profile(b"prtr", b"CMYK", 4), PdfStandard::X4).is_ok());
    }

    #[test]
    fn pdfx4_without_profile_is_an_input_error() {
        let options = PdfOptions {
            standard: PdfStandard::X4,
            ..PdfOptions::default()
        };
        let err = check_options(&[page()], &options).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.iter()
                .any(|d| d.message.contains("PDF/X-4 needs a CMYK output profile"))
        );
    }

    #[test]
    fn silly_ink_limit_is_rejected() {
        let options = PdfOptions {
            ink_limit: 20.0,
            ..PdfOptions::default()
        };
        assert!(check_options(&[page()], &options).is_err());
    }
}
