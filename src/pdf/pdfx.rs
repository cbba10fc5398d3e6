//! The PDF/X post-step: krilla's PDF → a PDF/X-1a:2003 or PDF/X-4 file (lopdf).
//!
//! krilla validates PDF/A and PDF/UA only (`dependencies.md`), so this step adds what PDF/X
//! needs, on content that is already DeviceCMYK-only and free of transparency:
//!
//! 1. overprint ExtGStates and the `gs` operators that select them ([`super::overprint`]);
//! 2. the OutputIntent (`/S /GTS_PDFX`, `OutputConditionIdentifier`, `RegistryName`, and the
//!    CMYK profile as `DestOutputProfile` when given);
//! 3. the Info dictionary (`Title`, `CreationDate`, `ModDate`, `Trapped /False`,
//!    `GTS_PDFXVersion`, and for X-1a `GTS_PDFXConformance`) and the XMP packet ([`super::xmp`]);
//! 4. the trailer `/ID`, derived from krilla's bytes and the options (no clock, no randomness);
//! 5. the header version: 1.4 for X-1a:2003, 1.6 for X-4;
//! 6. a final scan refusing RGB colour spaces, ICC-based colour in X-1a, soft masks,
//!    transparency groups and non-opaque ExtGStates: a failure there is a bug, not bad input.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::overprint::{self, KNOCKOUT, OVERPRINT};
use super::xmp::{self, XmpFields};
use super::{PdfOptions, PdfStandard};
use crate::diag::{Diagnostic, Diagnostics};

/// Step 4 of [`super::write_pdf`].
pub(crate) fn finish(raw: &[u8], options: &PdfOptions) -> Result<Vec<u8>, Diagnostics> {
    let internal = |what: &str, e: lopdf::Error| Diagnostic::internal(format!("{what} ({e})"));
    let mut doc =
        Document::load_mem(raw).map_err(|e| internal("failed to reread krilla's PDF", e))?;
    let dates = Dates::new(options.creation_date)?;
    let id = document_id(raw, options);

    add_overprint(&mut doc)?;
    let intent = output_intent(&mut doc, options);
    let metadata = metadata_stream(&mut doc, options, &dates, &id);
    let catalog = doc
        .catalog_mut()
        .map_err(|e| internal("krilla's PDF has no catalog", e))?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    catalog.set("Metadata", Object::Reference(metadata));
    let info = info_dictionary(options, &dates);
    let info = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info));
    let id_string = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![id_string.clone(), id_string]));
    doc.version = options.standard.pdf_version().to_string();

    scan(&doc, options.standard)?;
    let mut out = Vec::with_capacity(raw.len() + 4096);
    doc.save_to(&mut out)
        .map_err(|e| Diagnostic::internal(format!("failed to write the PDF ({e})")))?;
    Ok(out)
}

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

/// The producer and creator string.
fn producer() -> String {
    format!("paiban {} (krilla)", env!("CARGO_PKG_VERSION"))
}

/// 128-bit FNV-1a: tiny, stable across platforms and Rust versions (unlike std's hasher), and
/// good enough for an identifier that only has to differ between different files.
fn fnv1a128(parts: &[&[u8]]) -> [u8; 16] {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for part in parts {
        for &b in *part {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
        // Separate parts, so ("ab", "c") and ("a", "bc") differ.
        hash ^= 0xff;
        hash = hash.wrapping_mul(PRIME);
    }
    hash.to_be_bytes()
}

/// The document ID: a hash of everything that shapes the file.
fn document_id(raw: &[u8], options: &PdfOptions) -> [u8; 16] {
    let (y, mo, d, h, mi, s) = options.creation_date;
    let date = format!("{y}-{mo}-{d}T{h}:{mi}:{s}");
    let profile = options
        .icc_profile
        .as_ref()
        .map(|(_, b)| b.as_slice())
        .unwrap_or_default();
    fnv1a128(&[
        raw,
        options.standard.version_name().as_bytes(),
        options.output_condition.as_bytes(),
        options.title.as_bytes(),
        date.as_bytes(),
        profile,
    ])
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

/// A PDF text string: PDFDocEncoding when plain ASCII, else UTF-16BE with a byte order mark.
fn text_string(s: &str) -> Object {
    if s.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        Object::string_literal(s)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Rewrite every page's content for overprint and give it the two ExtGStates.
fn add_overprint(doc: &mut Document) -> Result<(), Diagnostic> {
    let state = |on: bool| {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"ExtGState".to_vec()));
        d.set("OP", on);
        d.set("op", on);
        d.set("OPM", 1);
        Object::Dictionary(d)
    };
    let on = doc.add_object(state(true));
    let off = doc.add_object(state(false));
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|&(_, id)| doc.get_page_content(id))
        .collect();
    // Decoding, rewriting and recompressing a text-heavy page's content takes several
    // milliseconds; the pages are independent, so they are done side by side and collected in
    // page order (the bytes do not depend on the thread count).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, contents.len().max(1));
    let chunk = contents.len().div_ceil(threads).max(1);
    let streams: Vec<Result<Stream, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = contents
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || part.iter().map(|c| overprint_stream(c)).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err("the overprint pass failed".to_string())])
            })
            .collect()
    });
    for ((number, page_id), stream) in pages.into_iter().zip(streams) {
        let fail = |what: &str| Diagnostic::internal(format!("page {number}: {what}"));
        let stream = stream.map_err(|e| fail(&e))?;
        for old in doc.get_page_contents(page_id) {
            doc.objects.remove(&old);
        }
        let new = doc.add_object(stream);
        let page = doc
            .get_dictionary_mut(page_id)
            .map_err(|e| fail(&format!("{e}")))?;
        page.set("Contents", Object::Reference(new));
        add_states(doc, page_id, on, off).map_err(|e| fail(&format!("resources ({e})")))?;
    }
    Ok(())
}

/// One page's content with the overprint states set, as a compressed stream.
fn overprint_stream(content: &[u8]) -> Result<Stream, String> {
    let ops =
        Content::decode(content).map_err(|e| format!("krilla wrote unreadable content ({e})"))?;
    let (ops, report) = overprint::apply(ops.operations);
    if report.rgb_operators > 0 {
        return Err("an RGB colour operator was written".to_string());
    }
    let data = Content { operations: ops }
        .encode()
        .map_err(|e| format!("{e}"))?;
    let mut stream = Stream::new(Dictionary::new(), data);
    stream.compress().map_err(|e| format!("{e}"))?;
    Ok(stream)
}

/// Add `/PbOP` and `/PbKO` to a page's `/Resources /ExtGState`, wherever krilla put them
/// (inline or behind references).
fn add_states(
    doc: &mut Document,
    page_id: ObjectId,
    on: ObjectId,
    off: ObjectId,
) -> lopdf::Result<()> {
    let resources = doc.get_dictionary(page_id)?.get(b"Resources").cloned();
    let resources_id = match resources {
        Ok(Object::Reference(id)) => id,
        Ok(Object::Dictionary(d)) => {
            let id = doc.add_object(d);
            doc.get_dictionary_mut(page_id)?
                .set("Resources", Object::Reference(id));
            id
        }
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.get_dictionary_mut(page_id)?
                .set("Resources", Object::Reference(id));
            id
        }
    };
    let states = doc.get_dictionary(resources_id)?.get(b"ExtGState").cloned();
    let states_id = match states {
        Ok(Object::Reference(id)) => id,
        Ok(Object::Dictionary(d)) => {
            let id = doc.add_object(d);
            doc.get_dictionary_mut(resources_id)?
                .set("ExtGState", Object::Reference(id));
            id
        }
        _ => {
            let id = doc.add_object(Dictionary::new());
            doc.get_dictionary_mut(resources_id)?
                .set("ExtGState", Object::Reference(id));
            id
        }
    };
    let states = doc.get_dictionary_mut(states_id)?;
    states.set(OVERPRINT, Object::Reference(on));
    states.set(KNOCKOUT, Object::Reference(off));
    Ok(())
}

/// A description of well-known registered output conditions, for the OutputIntent's `/Info`.
fn condition_info(identifier: &str) -> String {
    match identifier {
        "IFRA26" => "Coldset offset on newsprint, ISO 12647-3 (IFRA26)".into(),
        "IFRA30" => "Coldset offset on improved newsprint, ISO 12647-3 (IFRA30)".into(),
        other => other.to_string(),
    }
}

fn output_intent(doc: &mut Document, options: &PdfOptions) -> ObjectId {
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFX".to_vec()));
    intent.set(
        "OutputConditionIdentifier",
        text_string(&options.output_condition),
    );
    intent.set(
        "OutputCondition",
        text_string(&condition_info(&options.output_condition)),
    );
    intent.set(
        "Info",
        text_string(&condition_info(&options.output_condition)),
    );
    intent.set(
        "RegistryName",
        Object::string_literal("http://www.color.org"),
    );
    if let Some((_, profile)) = &options.icc_profile {
        let mut dict = Dictionary::new();
        dict.set("N", 4);
        let mut stream = Stream::new(dict, profile.clone());
        // Compression only fails on an I/O error writing into memory; an uncompressed profile
        // is just as valid.
        stream.compress().ok();
        let profile_id = doc.add_object(stream);
        intent.set("DestOutputProfile", Object::Reference(profile_id));
    }
    doc.add_object(intent)
}

fn metadata_stream(
    doc: &mut Document,
    options: &PdfOptions,
    dates: &Dates,
    id: &[u8; 16],
) -> ObjectId {
    let id = uuid(id);
    let producer = producer();
    let packet = xmp::packet(&XmpFields {
        title: &options.title,
        date: &dates.xmp,
        document_id: &id,
        pdfx_version: options.standard.version_name(),
        pdfx_conformance: (options.standard == PdfStandard::X1a).then_some("PDF/X-1a:2003"),
        producer: &producer,
    });
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    // Left uncompressed so that tools scanning for the packet find it.
    doc.add_object(Stream::new(dict, packet.into_bytes()))
}

fn info_dictionary(options: &PdfOptions, dates: &Dates) -> Dictionary {
    let mut info = Dictionary::new();
    info.set("Title", text_string(&options.title));
    info.set("Creator", text_string(&producer()));
    info.set("Producer", text_string(&producer()));
    info.set("CreationDate", Object::string_literal(dates.pdf.as_str()));
    info.set("ModDate", Object::string_literal(dates.pdf.as_str()));
    info.set("Trapped", Object::Name(b"False".to_vec()));
    info.set(
        "GTS_PDFXVersion",
        Object::string_literal(options.standard.version_name()),
    );
    if options.standard == PdfStandard::X1a {
        info.set(
            "GTS_PDFXConformance",
            Object::string_literal("PDF/X-1a:2003"),
        );
    }
    info
}

/// Step 6: refuse what the standard forbids. Anything found is a bug in paiban or krilla.
fn scan(doc: &Document, standard: PdfStandard) -> Result<(), Diagnostic> {
    let mut found = Vec::new();
    for object in doc.objects.values() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        walk(dict, standard, &mut found);
    }
    found.sort_unstable();
    found.dedup();
    if found.is_empty() {
        Ok(())
    } else {
        Err(Diagnostic::internal(format!(
            "the PDF breaks {}: {}",
            standard.version_name(),
            found.join(", ")
        )))
    }
}

fn walk(dict: &Dictionary, standard: PdfStandard, found: &mut Vec<&'static str>) {
    for (key, value) in dict.iter() {
        match (key.as_slice(), value) {
            (b"SMask", Object::Name(n)) if n != b"None" => found.push("soft mask"),
            (b"SMask", Object::Reference(_) | Object::Dictionary(_) | Object::Stream(_)) => {
                found.push("soft mask");
            }
            (b"S", Object::Name(n)) if n == b"Transparency" => found.push("transparency group"),
            (b"CA" | b"ca", v) if v.as_float().is_ok_and(|a| a < 1.0) => {
                found.push("opacity below 1");
            }
            (b"BM", Object::Name(n)) if n != b"Normal" && n != b"Compatible" => {
                found.push("blend mode");
            }
            _ => {}
        }
        check_value(value, standard, found);
    }
}

fn check_value(value: &Object, standard: PdfStandard, found: &mut Vec<&'static str>) {
    match value {
        Object::Name(n) => match n.as_slice() {
            b"DeviceRGB" | b"CalRGB" => found.push("RGB colour"),
            b"ICCBased" | b"Lab" | b"CalGray" if standard == PdfStandard::X1a => {
                found.push("device-independent colour");
            }
            _ => {}
        },
        Object::Array(items) => items.iter().for_each(|v| check_value(v, standard, found)),
        Object::Dictionary(d) => walk(d, standard, found),
        _ => {}
    }
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

    #[test]
    fn text_strings_use_utf16_for_chinese() {
        assert_eq!(text_string("IFRA26"), Object::string_literal("IFRA26"));
        let Object::String(bytes, _) = text_string("东") else {
            panic!()
        };
        assert_eq!(bytes, vec![0xfe, 0xff, 0x4e, 0x1c]);
    }

    #[test]
    fn document_id_depends_on_content_only() {
        let o = PdfOptions::default();
        assert_eq!(document_id(b"abc", &o), document_id(b"abc", &o));
        assert_ne!(document_id(b"abc", &o), document_id(b"abd", &o));
        assert!(uuid(&document_id(b"abc", &o)).starts_with("uuid:"));
    }
}
