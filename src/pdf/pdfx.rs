//! What PDF/X adds to a plain PDF: identification, the output intent, metadata, the file ID.
//!
//! The writer ([`super::document`]) emits these objects directly while it writes the file:
//!
//! - the OutputIntent (`/S /GTS_PDFX`, `OutputConditionIdentifier`, `RegistryName`, and the
//!   CMYK profile as `DestOutputProfile` when given);
//! - the Info dictionary (`Title`, `CreationDate`, `ModDate`, `Trapped /False`,
//!   `GTS_PDFXVersion`, and for X-1a `GTS_PDFXConformance`) and the XMP packet ([`super::xmp`]);
//! - the trailer `/ID`, a [`Fingerprint`] of everything that shapes the file (no clock, no
//!   randomness);
//! - the header version: 1.4 for X-1a:2003, 1.6 for X-4.
//!
//! Overprint is set while the pages are drawn ([`super::content`]); the colour spaces the
//! writer can produce are DeviceCMYK, DeviceGray, Separation `/All` and, in X-4 only, the
//! ICC-based space of a picture's own profile, so there is nothing left to scan for.

use pdf_writer::types::OutputIntentSubtype;
use pdf_writer::{Chunk, Finish, Name, Pdf, Ref, Str, TextStr};

use super::xmp::{self, XmpFields};
use super::{PdfOptions, PdfStandard};
use crate::diag::Diagnostic;

/// Creation date as the Info dictionary and XMP write it; always UTC.
struct Dates {
    pdf: String,
    xmp: String,
}

impl Dates {
    fn new((y, mo, d, h, mi, s): (i32, u8, u8, u8, u8, u8)) -> Result<Dates, Diagnostic> {
        let valid = (0..=9999).contains(&y)
            && (1..=12).contains(&mo)
            && (1..=31).contains(&d)
            && h < 24
            && mi < 60
            && s < 60;
        if !valid {
            return Err(Diagnostic::internal(format!(
                "creation date {y}-{mo}-{d} {h}:{mi}:{s} is not a valid date"
            )));
        }
        Ok(Dates {
            pdf: format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z"),
            xmp: format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"),
        })
    }
}

/// The producer and creator string: paiban and its version (the PDF is written by paiban's
/// own writer on pdf-writer).
fn producer() -> String {
    format!("paiban {}", env!("CARGO_PKG_VERSION"))
}

/// A 128-bit hash of byte strings: two independent 64-bit multiply-xor lanes over 8-byte
/// words. Stable across platforms and Rust versions (unlike std's hasher), fast enough to run
/// over every stream of the file, and good enough for identifiers that only have to differ
/// between different files.
pub(crate) struct Fingerprint {
    lanes: [u64; 2],
}

impl Fingerprint {
    const SEEDS: [u64; 2] = [0x6c62_272e_07bb_0142, 0x62b8_2175_6295_c58d];
    const PRIMES: [u64; 2] = [0x0000_0100_0000_01b3, 0x9e37_79b9_7f4a_7c15];

    pub(crate) fn new() -> Self {
        Fingerprint { lanes: Self::SEEDS }
    }

    fn mix(&mut self, word: u64) {
        for (lane, prime) in self.lanes.iter_mut().zip(Self::PRIMES) {
            *lane = (*lane ^ word).wrapping_mul(prime).rotate_left(29);
        }
    }

    /// Add one part; parts are length-prefixed, so ("ab", "c") and ("a", "bc") differ.
    pub(crate) fn add(&mut self, part: &[u8]) {
        self.mix(part.len() as u64);
        let mut words = part.chunks_exact(8);
        for w in &mut words {
            let mut b = [0_u8; 8];
            b.copy_from_slice(w);
            self.mix(u64::from_le_bytes(b));
        }
        let mut tail = [0_u8; 8];
        let rest = words.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(tail));
    }

    /// The hash; the lanes are finished with an avalanche step so nearby inputs differ widely.
    pub(crate) fn digest(&self) -> [u64; 2] {
        let fmix = |mut h: u64| {
            h ^= h >> 33;
            h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
            h ^= h >> 33;
            h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            h ^ (h >> 33)
        };
        let (a, b) = (fmix(self.lanes[0]), fmix(self.lanes[1]));
        [a ^ b.rotate_left(17), b ^ a]
    }

    /// The hash as 16 bytes.
    pub(crate) fn bytes(&self) -> [u8; 16] {
        let [a, b] = self.digest();
        let mut out = [0_u8; 16];
        out[..8].copy_from_slice(&a.to_be_bytes());
        out[8..].copy_from_slice(&b.to_be_bytes());
        out
    }
}

/// Add the options that shape the file to a fingerprint of its content.
pub(crate) fn add_options(hash: &mut Fingerprint, options: &PdfOptions) {
    let (y, mo, d, h, mi, s) = options.creation_date;
    let date = format!("{y}-{mo}-{d}T{h}:{mi}:{s}");
    let profile = options
        .icc_profile
        .as_ref()
        .map(|(_, b)| b.as_slice())
        .unwrap_or_default();
    for part in [
        options.standard.version_name().as_bytes(),
        options.output_condition.as_bytes(),
        options.title.as_bytes(),
        date.as_bytes(),
        profile,
    ] {
        hash.add(part);
    }
}

fn uuid(id: &[u8; 16]) -> String {
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A description of well-known registered output conditions, for the OutputIntent's `/Info`.
fn condition_info(identifier: &str) -> String {
    match identifier {
        "IFRA26" => "Coldset offset on newsprint, ISO 12647-3 (IFRA26)".into(),
        "IFRA30" => "Coldset offset on improved newsprint, ISO 12647-3 (IFRA30)".into(),
        other => other.to_string(),
    }
}

/// Object numbers of the PDF/X objects.
pub(crate) struct PdfxRefs {
    pub info: Ref,
    pub metadata: Ref,
    /// The compressed `DestOutputProfile` stream, when a profile is embedded.
    pub profile: Option<Ref>,
}

/// Write the OutputIntent as an array item of the catalog's `/OutputIntents`.
pub(crate) fn write_output_intents(
    catalog: &mut pdf_writer::writers::Catalog<'_>,
    options: &PdfOptions,
    refs: &PdfxRefs,
) {
    let info = condition_info(&options.output_condition);
    let mut intents = catalog.output_intents();
    let mut intent = intents.push();
    intent
        .subtype(OutputIntentSubtype::PDFX)
        .output_condition_identifier(TextStr(&options.output_condition))
        .output_condition(TextStr(&info))
        .info(TextStr(&info))
        .registry_name(TextStr("http://www.color.org"));
    if let Some(profile) = refs.profile {
        intent.dest_output_profile(profile);
    }
}

/// Write the `DestOutputProfile` stream (already compressed).
pub(crate) fn write_profile(chunk: &mut Chunk, id: Ref, compressed: &[u8]) {
    chunk
        .icc_profile(id, compressed)
        .n(4)
        .filter(pdf_writer::Filter::FlateDecode);
}

/// Write the Info dictionary (which the trailer points to) and the XMP packet for the file
/// with ID `id`.
pub(crate) fn write_identification(
    pdf: &mut Pdf,
    options: &PdfOptions,
    refs: &PdfxRefs,
    id: &[u8; 16],
) -> Result<(), Diagnostic> {
    let dates = Dates::new(options.creation_date)?;
    let producer = producer();
    let mut info = pdf.document_info(refs.info);
    info.title(TextStr(&options.title))
        .creator(TextStr(&producer))
        .producer(TextStr(&producer));
    info.pair(Name(b"CreationDate"), Str(dates.pdf.as_bytes()));
    info.pair(Name(b"ModDate"), Str(dates.pdf.as_bytes()));
    info.pair(Name(b"Trapped"), Name(b"False"));
    info.pair(
        Name(b"GTS_PDFXVersion"),
        Str(options.standard.version_name().as_bytes()),
    );
    if options.standard == PdfStandard::X1a {
        info.pair(Name(b"GTS_PDFXConformance"), Str(b"PDF/X-1a:2003"));
    }
    info.finish();
    let document_id = uuid(id);
    let packet = xmp::packet(&XmpFields {
        title: &options.title,
        date: &dates.xmp,
        document_id: &document_id,
        pdfx_version: options.standard.version_name(),
        pdfx_conformance: (options.standard == PdfStandard::X1a).then_some("PDF/X-1a:2003"),
        producer: &producer,
    });
    // Left uncompressed so that tools scanning for the packet find it.
    pdf.metadata(refs.metadata, packet.as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_in_both_forms() {
        let d = Dates::new((2022, 8, 16, 6, 5, 4)).unwrap();
        assert_eq!(d.pdf, "D:20220816060504Z");
        assert_eq!(d.xmp, "2022-08-16T06:05:04Z");
        assert!(Dates::new((2022, 13, 1, 0, 0, 0)).is_err());
    }

    fn hash(parts: &[&[u8]]) -> [u8; 16] {
        let mut h = Fingerprint::new();
        for p in parts {
            h.add(p);
        }
        h.bytes()
    }

    #[test]
    fn fingerprints_follow_the_content_and_its_parts() {
        assert_eq!(hash(&[b"abc"]), hash(&[b"abc"]));
        assert_ne!(hash(&[b"abc"]), hash(&[b"abd"]));
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        // A trailing zero byte is not the same as no byte.
        assert_ne!(hash(&[b"abcdefgh"]), hash(&[b"abcdefgh\0"]));
        assert!(uuid(&hash(&[b"abc"])).starts_with("uuid:"));
    }

    #[test]
    fn known_conditions_are_described() {
        assert!(condition_info("IFRA26").contains("ISO 12647-3"));
        assert_eq!(condition_info("Custom"), "Custom");
    }
}
