//! Step 3 of the document: the faces subset and every stream compressed, side by side on
//! [`crate::pool`], the results put back in document order.

use super::super::PdfOptions;
use super::super::content::{DocumentFonts, PageContent};
use super::super::deflate;
use super::super::fonts::{self, EmbeddedFont};
use super::super::image::{Picture, PictureData};
use crate::diag::{Diagnostic, Diagnostics};

/// A subset face with its program and ToUnicode compressed.
pub(super) struct PackedFont {
    pub(super) font: EmbeddedFont,
    pub(super) program: Vec<u8>,
    pub(super) to_unicode: Vec<u8>,
}

/// Everything compressed, ready to be written.
pub(super) struct Packed {
    /// Per document font, in `/F` numbering order.
    pub(super) fonts: Vec<PackedFont>,
    /// Per page.
    pub(super) pages: Vec<Vec<u8>>,
    /// Per picture: its samples (raw pictures) or its own ICC profile (X-4 JPEGs).
    pub(super) pictures: Vec<Option<Vec<u8>>>,
    /// The output profile.
    pub(super) profile: Option<Vec<u8>>,
}

/// A job on the pool: subset a face, or compress a stream (by index).
#[derive(Clone, Copy)]
enum Job {
    Font(usize),
    Stream(usize),
}

/// What a [`Job`] gave.
enum Done {
    Font(Result<PackedFont, Diagnostic>),
    Stream(Vec<u8>),
}

/// One job per face (subset, then compress its program and ToUnicode) and one per other stream
/// (page contents, picture samples and profiles, the output profile), spread over the cores,
/// the longest first so no core is left with a long job at the end.
pub(super) fn pack(
    fonts: &DocumentFonts<'_>,
    contents: &[PageContent],
    pictures: &[Picture],
    options: &PdfOptions,
) -> Result<Packed, Diagnostics> {
    let streams = streams(contents, pictures, options);
    let jobs: Vec<(usize, Job)> = (0..fonts.usages.len())
        // A glyph's outline is a few hundred bytes: weigh fonts by glyphs against stream bytes.
        .map(|i| (fonts.usages[i].glyph_count() * 300, Job::Font(i)))
        .chain((0..streams.len()).map(|k| (streams[k].len(), Job::Stream(k))))
        .collect();
    let done = crate::pool::map(
        options.threads,
        &jobs,
        |&(weight, _)| weight,
        |job| match job.1 {
            Job::Font(i) => Done::Font(fonts::subset(&fonts.usages[i]).map(|font| PackedFont {
                program: deflate::compress(&font.program),
                to_unicode: deflate::compress(&font.to_unicode),
                font,
            })),
            Job::Stream(k) => Done::Stream(deflate::compress(streams[k])),
        },
    );
    let (font_slots, stream_slots) = sort_out(&jobs, done, fonts.usages.len(), streams.len())?;
    let mut packed = stream_slots.into_iter();
    let pages: Vec<Vec<u8>> = packed.by_ref().take(contents.len()).collect();
    let pictures = pictures
        .iter()
        .map(|p| match &p.data {
            PictureData::Samples(_) | PictureData::Jpeg { icc: Some(_), .. } => packed.next(),
            PictureData::Jpeg { icc: None, .. } => None,
        })
        .collect();
    Ok(Packed {
        fonts: font_slots.into_iter().flatten().collect(),
        pages,
        pictures,
        profile: options.icc_profile.as_ref().and_then(|_| packed.next()),
    })
}

/// The streams to compress, in the order they are put back: page contents, then per picture
/// its samples or its own profile, then the output profile.
fn streams<'a>(
    contents: &'a [PageContent],
    pictures: &'a [Picture],
    options: &'a PdfOptions,
) -> Vec<&'a [u8]> {
    let mut streams: Vec<&[u8]> = contents.iter().map(|c| c.bytes.as_slice()).collect();
    for picture in pictures {
        match &picture.data {
            PictureData::Samples(samples) => streams.push(samples),
            PictureData::Jpeg { icc: Some(icc), .. } => streams.push(icc),
            PictureData::Jpeg { icc: None, .. } => {}
        }
    }
    if let Some((_, profile)) = &options.icc_profile {
        streams.push(profile);
    }
    streams
}

/// Per face its packed font (in document font order), per stream its compressed bytes.
type Slots = (Vec<Option<PackedFont>>, Vec<Vec<u8>>);

/// The results of `jobs` put in their slots: per face its packed font, per stream its bytes;
/// every face that failed to embed is reported.
fn sort_out(
    jobs: &[(usize, Job)],
    done: Vec<Done>,
    font_count: usize,
    stream_count: usize,
) -> Result<Slots, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut font_slots: Vec<Option<PackedFont>> = (0..font_count).map(|_| None).collect();
    let mut stream_slots: Vec<Vec<u8>> = vec![Vec::new(); stream_count];
    for ((_, job), result) in jobs.iter().zip(done) {
        match (*job, result) {
            (Job::Font(i), Done::Font(Ok(font))) => font_slots[i] = Some(font),
            (Job::Font(_), Done::Font(Err(e))) => errors.push(e),
            (Job::Stream(k), Done::Stream(bytes)) => stream_slots[k] = bytes,
            _ => errors.push(Diagnostic::internal(
                "a PDF job returned another job's result",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((font_slots, stream_slots))
}
