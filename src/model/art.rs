//! Placed art: PDF files (advertisements, a masthead delivered as PDF) and SVG logos.
//!
//! A PDF is read with lopdf, the first page's TrimBox taken as the art's size, and a preflight
//! of what the page uses. Whether a finding is an error depends on the output standard, so it
//! is judged in the PDF stage; this module only finds and names things. lopdf reads and
//! parses the file (it is maintained, safe Rust, and already paiban's PDF reader in the
//! tests); the PDF stage copies the page's objects out of the parsed document.
//!
//! An SVG is parsed into paths by [`super::vector`]; its size is its own (`width`, `height`,
//! `viewBox`), and it is placed, written once per file and fitted into its block exactly as a
//! placed PDF is. It needs no preflight: what PDF/X-1a cannot carry was refused as it was read.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::vector::VectorArt;
use crate::diag::Diagnostic;

mod ink;

/// The nesting depth of forms and resources followed; deeper is treated as damaged.
const MAX_DEPTH: usize = 16;

/// One page of a PDF file, or an SVG, ready to be placed.
#[derive(Debug)]
pub struct Artwork {
    /// What the art is drawn from.
    pub source: ArtSource,
    /// The page's TrimBox (else its MediaBox) [x0, y0, x1, y1] in the file's points; for an
    /// SVG, [0, 0, width, height] in points.
    pub trim: [f32; 4],
    /// What the preflight found.
    pub preflight: Preflight,
}

/// The file placed art comes from.
#[derive(Debug)]
pub enum ArtSource {
    /// A PDF file and its page placed (the first).
    Pdf {
        /// The parsed file (boxed: a document is large beside an SVG's few fields).
        doc: Box<Document>,
        /// The page placed.
        page: ObjectId,
    },
    /// An SVG, as paths.
    Svg(VectorArt),
}

impl Artwork {
    /// The vector paths, when the art is an SVG.
    pub fn vector(&self) -> Option<&VectorArt> {
        match &self.source {
            ArtSource::Svg(v) => Some(v),
            ArtSource::Pdf { .. } => None,
        }
    }

    /// Width and height of the trim box in points.
    pub fn size(&self) -> (f32, f32) {
        (self.trim[2] - self.trim[0], self.trim[3] - self.trim[1])
    }
}

/// What a placed page uses, each finding named so the agency can find it.
#[derive(Debug, Default, Clone)]
pub struct Preflight {
    /// The file's `GTS_PDFXVersion`, if it claims one.
    pub pdfx: Option<String>,
    /// RGB colour: where (e.g. "image /Im1", "rg in the page content").
    pub rgb: Vec<String>,
    /// Spot colours (Separation or DeviceN other than the process inks), by name.
    pub spot: Vec<String>,
    /// Fonts whose program is not embedded, by name.
    pub unembedded_fonts: Vec<String>,
    /// Transparency: soft masks, constant alpha under 1, blend modes, transparency groups.
    pub transparency: Vec<String>,
    /// The largest CMYK fill or stroke (`k`/`K` operators), total ink in percent.
    pub max_ink: f32,
    /// The CMYK image with the most ink (where, total ink in percent), measured as
    /// `art/ink.rs` says.
    pub image_ink: Option<(String, f32)>,
    /// Content that could not be read (the preflight could not look inside).
    pub unreadable: Vec<String>,
}

/// Parse the bytes of the PDF file `path` to place its first page.
pub fn artwork_from_bytes(path: &Path, data: &[u8]) -> Result<Arc<Artwork>, Diagnostic> {
    let bad = |why: String| {
        Diagnostic::input(format!("cannot place this PDF: {why}"))
            .in_file(path)
            .hint("ask for the ad as a PDF/X-1a file (one page, fonts embedded, CMYK)")
    };
    let doc = Document::load_mem(data).map_err(|e| bad(format!("it does not parse ({e})")))?;
    if doc.is_encrypted() {
        return Err(bad("it is encrypted".into()));
    }
    let page = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| bad("it has no pages".into()))?;
    let trim = page_box(&doc, page)
        .ok_or_else(|| bad("its page has no usable TrimBox or MediaBox".into()))?;
    let preflight = preflight(&doc, page);
    Ok(Arc::new(Artwork {
        source: ArtSource::Pdf {
            doc: Box::new(doc),
            page,
        },
        trim,
        preflight,
    }))
}

/// Parse the bytes of the SVG file `path` to place it (see [`super::vector`]).
pub fn artwork_from_svg(path: &Path, data: &[u8]) -> Result<Arc<Artwork>, Diagnostic> {
    let art = super::vector::vector_from_bytes(path, data)?;
    let (w, h) = art.size_pt();
    Ok(Arc::new(Artwork {
        source: ArtSource::Svg(art),
        trim: [0.0, 0.0, w, h],
        preflight: Preflight::default(),
    }))
}

/// The page's TrimBox, else its MediaBox, looked up through the page tree, normalised.
fn page_box(doc: &Document, page: ObjectId) -> Option<[f32; 4]> {
    [&b"TrimBox"[..], b"MediaBox"].iter().find_map(|key| {
        let obj = deref(doc, inherited(doc, page, key)?)?;
        let v: Vec<f32> = obj
            .as_array()
            .ok()?
            .iter()
            .filter_map(|o| number(doc, o))
            .collect();
        let [a, b, c, d] = v[..] else { return None };
        let r = [a.min(c), b.min(d), a.max(c), b.max(d)];
        let usable = r.iter().all(|v| v.is_finite()) && r[2] - r[0] > 1.0 && r[3] - r[1] > 1.0;
        usable.then_some(r)
    })
}

/// A page attribute, from the page or the nearest page-tree node above it that has it.
fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..MAX_DEPTH {
        if let Ok(v) = node.get(key) {
            return Some(v);
        }
        node = doc
            .get_dictionary(node.get(b"Parent").ok()?.as_reference().ok()?)
            .ok()?;
    }
    None
}

fn number(doc: &Document, o: &Object) -> Option<f32> {
    let (_, o) = doc.dereference(o).ok()?;
    o.as_float().ok()
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn name(o: &Object) -> String {
    o.as_name()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

/// Walk the page: its content, resources, and every form, image, font, pattern, shading and
/// graphics state they reach.
fn preflight(doc: &Document, page: ObjectId) -> Preflight {
    let mut found = Preflight {
        pdfx: pdfx_version(doc),
        ..Preflight::default()
    };
    let mut seen = BTreeSet::new();
    let content = doc.get_page_content(page);
    scan_content(&content, "the page content", &mut found);
    if let Ok(dict) = doc.get_dictionary(page) {
        if is_transparency_group(doc, dict) {
            found
                .transparency
                .push("a transparency group on the page".into());
        }
    }
    if let Ok((direct, ids)) = doc.get_page_resources(page) {
        let mut all: Vec<&Dictionary> = direct.into_iter().collect();
        all.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
        for res in all {
            scan_resources(doc, res, 0, &mut seen, &mut found);
        }
    }
    found
}

fn pdfx_version(doc: &Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| deref(doc, o))?;
    let v = info.as_dict().ok()?.get(b"GTS_PDFXVersion").ok()?;
    deref(doc, v)?
        .as_str()
        .ok()
        .map(|s| String::from_utf8_lossy(s).into_owned())
}

fn is_transparency_group(doc: &Document, dict: &Dictionary) -> bool {
    dict.get(b"Group")
        .ok()
        .and_then(|g| deref(doc, g))
        .and_then(|g| g.as_dict().ok())
        .and_then(|g| g.get(b"S").ok())
        .is_some_and(|s| s.as_name().is_ok_and(|n| n == b"Transparency"))
}

/// Colour operators and ink in a content stream.
fn scan_content(content: &[u8], place: &str, found: &mut Preflight) {
    let ops = match lopdf::content::Content::decode(content) {
        Ok(c) => c.operations,
        Err(e) => {
            found.unreadable.push(format!("{place} ({e})"));
            return;
        }
    };
    let mut rgb_noted = false;
    for op in ops {
        match op.operator.as_str() {
            "rg" | "RG" if !rgb_noted => {
                found
                    .rgb
                    .push(format!("DeviceRGB colour ({}) in {place}", op.operator));
                rgb_noted = true;
            }
            "k" | "K" => {
                let ink: f32 = op.operands.iter().filter_map(|o| o.as_float().ok()).sum();
                found.max_ink = found.max_ink.max(ink * 100.0);
            }
            _ => {}
        }
    }
}

/// A resources dictionary: colour spaces, graphics states, fonts, XObjects, patterns,
/// shadings. `seen` stops shared objects being walked twice (and reference loops).
fn scan_resources(
    doc: &Document,
    res: &Dictionary,
    depth: usize,
    seen: &mut BTreeSet<ObjectId>,
    found: &mut Preflight,
) {
    if depth > MAX_DEPTH {
        found.unreadable.push("resources nested too deeply".into());
        return;
    }
    let entries = |key: &[u8]| -> Vec<(String, &Object)> {
        res.get(key)
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .map(|d| {
                d.iter()
                    .map(|(k, v)| (String::from_utf8_lossy(k).into_owned(), v))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (key, cs) in entries(b"ColorSpace") {
        colour_space(doc, cs, &format!("colour space /{key}"), found);
    }
    for (key, gs) in entries(b"ExtGState") {
        if let Some(gs) = deref(doc, gs).and_then(|g| g.as_dict().ok()) {
            graphics_state(doc, gs, &key, found);
        }
    }
    for (key, font) in entries(b"Font") {
        if let Some(font) = deref(doc, font).and_then(|f| f.as_dict().ok()) {
            font_embedded(doc, font, &key, found);
        }
    }
    for (key, sh) in entries(b"Shading") {
        if let Some(cs) = deref(doc, sh)
            .and_then(|s| s.as_dict().ok())
            .and_then(|s| s.get(b"ColorSpace").ok())
        {
            colour_space(doc, cs, &format!("shading /{key}"), found);
        }
    }
    for (key, pattern) in entries(b"Pattern") {
        walk_stream_object(doc, pattern, &format!("pattern /{key}"), depth, seen, found);
    }
    for (key, xobject) in entries(b"XObject") {
        walk_stream_object(doc, xobject, &format!("/{key}"), depth, seen, found);
    }
}

/// A form, image or pattern: its colour space, soft mask, group, resources and content.
fn walk_stream_object(
    doc: &Document,
    obj: &Object,
    place: &str,
    depth: usize,
    seen: &mut BTreeSet<ObjectId>,
    found: &mut Preflight,
) {
    if let Ok(id) = obj.as_reference() {
        if !seen.insert(id) {
            return;
        }
    }
    let Some(obj) = deref(doc, obj) else { return };
    let (dict, stream) = match obj {
        Object::Stream(s) => (&s.dict, Some(s)),
        Object::Dictionary(d) => (d, None),
        _ => return,
    };
    let subtype = dict.get(b"Subtype").map(name).unwrap_or_default();
    if subtype == "Image" {
        let place = format!("image {place}");
        if let Ok(cs) = dict.get(b"ColorSpace") {
            colour_space(doc, cs, &place, found);
        }
        if dict.get(b"SMask").is_ok_and(|m| m.as_reference().is_ok()) {
            found.transparency.push(format!("a soft mask on {place}"));
        }
        let measured = stream.and_then(|s| ink::image_ink(doc, s));
        if let Some(ink) = measured.filter(|&i| found.image_ink.as_ref().is_none_or(|m| i > m.1)) {
            found.image_ink = Some((place, ink));
        }
        return;
    }
    let place = if subtype == "Form" {
        format!("form {place}")
    } else {
        place.to_string()
    };
    if is_transparency_group(doc, dict) {
        found
            .transparency
            .push(format!("a transparency group in {place}"));
    }
    if let Ok(res) = dict.get(b"Resources") {
        if let Some(res) = deref(doc, res).and_then(|r| r.as_dict().ok()) {
            scan_resources(doc, res, depth + 1, seen, found);
        }
    }
    if let Some(s) = stream {
        match s.decompressed_content() {
            Ok(content) => scan_content(&content, &place, found),
            Err(_) if s.dict.get(b"Filter").is_err() => scan_content(&s.content, &place, found),
            Err(e) => found.unreadable.push(format!("{place} ({e})")),
        }
    }
}

/// Classify a colour space: RGB and spot colours are noted.
fn colour_space(doc: &Document, cs: &Object, place: &str, found: &mut Preflight) {
    let Some(cs) = deref(doc, cs) else { return };
    if let Ok(n) = cs.as_name() {
        if matches!(n, b"DeviceRGB" | b"CalRGB") {
            found.rgb.push(format!("{} in {place}", name(cs)));
        }
        return;
    }
    let Ok(parts) = cs.as_array() else { return };
    let family = parts.first().map(name).unwrap_or_default();
    match family.as_str() {
        "CalRGB" | "DeviceRGB" => found.rgb.push(format!("{family} in {place}")),
        "ICCBased" => {
            let n = parts
                .get(1)
                .and_then(|s| deref(doc, s))
                .and_then(|s| s.as_stream().ok())
                .and_then(|s| s.dict.get(b"N").ok())
                .and_then(|n| n.as_i64().ok());
            if n == Some(3) {
                found.rgb.push(format!("an RGB ICC profile in {place}"));
            }
        }
        "Indexed" | "Pattern" => {
            if let Some(base) = parts.get(1) {
                colour_space(doc, base, place, found);
            }
        }
        "Separation" | "DeviceN" => {
            let inks: Vec<String> = match parts.get(1).and_then(|o| deref(doc, o)) {
                Some(Object::Array(names)) => names.iter().map(name).collect(),
                Some(o) => vec![name(o)],
                None => Vec::new(),
            };
            const PROCESS: [&str; 6] = ["Cyan", "Magenta", "Yellow", "Black", "None", "All"];
            for ink in inks.into_iter().filter(|i| !PROCESS.contains(&i.as_str())) {
                if !found.spot.contains(&ink) {
                    found.spot.push(ink);
                }
            }
            if let Some(alt) = parts.get(2) {
                colour_space(doc, alt, place, found);
            }
        }
        _ => {}
    }
}

fn graphics_state(doc: &Document, gs: &Dictionary, key: &str, found: &mut Preflight) {
    let place = format!("graphics state /{key}");
    if gs
        .get(b"SMask")
        .is_ok_and(|m| deref(doc, m).is_some_and(|m| name(m) != "None"))
    {
        found.transparency.push(format!("a soft mask in {place}"));
    }
    for alpha in [&b"CA"[..], b"ca"] {
        if gs
            .get(alpha)
            .ok()
            .and_then(|a| number(doc, a))
            .is_some_and(|a| a < 1.0)
        {
            found
                .transparency
                .push(format!("opacity under 100% in {place}"));
            break;
        }
    }
    if let Ok(bm) = gs.get(b"BM") {
        let mode = deref(doc, bm).map(|m| match m {
            Object::Array(a) => a.first().map(name).unwrap_or_default(),
            m => name(m),
        });
        if mode.is_some_and(|m| m != "Normal" && m != "Compatible") {
            found.transparency.push(format!("a blend mode in {place}"));
        }
    }
}

/// Note a font whose program is not in the file. Type 3 fonts are drawn by content streams.
fn font_embedded(doc: &Document, font: &Dictionary, key: &str, found: &mut Preflight) {
    let subtype = font.get(b"Subtype").map(name).unwrap_or_default();
    if subtype == "Type3" {
        return;
    }
    let base = font
        .get(b"BaseFont")
        .map(name)
        .unwrap_or_else(|_| key.to_string());
    let descendant = font
        .get(b"DescendantFonts")
        .ok()
        .and_then(|d| deref(doc, d))
        .and_then(|d| d.as_array().ok())
        .and_then(|d| d.first())
        .and_then(|d| deref(doc, d))
        .and_then(|d| d.as_dict().ok());
    let described = descendant.unwrap_or(font);
    let embedded = described
        .get(b"FontDescriptor")
        .ok()
        .and_then(|d| deref(doc, d))
        .and_then(|d| d.as_dict().ok())
        .is_some_and(|d| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| d.has(k))
        });
    if !embedded && !found.unembedded_fonts.contains(&base) {
        found.unembedded_fonts.push(base);
    }
}
