//! Placed PDF pages (advertisements) and SVG art → form XObjects, and the PDFs' preflight
//! against the output.
//!
//! Each distinct file (the same `Arc` from the model) is written once, however many pages use
//! it: its first page becomes a form whose `BBox` is the page's TrimBox, so nothing outside the
//! trim shows; the page's resources (fonts, images, colour spaces, graphics states) are copied
//! object by object from the parsed file, keeping their compressed streams as they are, so
//! fonts keep their ToUnicode maps and the ad's text stays extractable. An SVG becomes a form
//! of DeviceCMYK paths ([`super::vector`]) with the same `BBox` rule.
//!
//! The preflight ([`check`]) judges what the model found: RGB, spot colours and transparency
//! are refused in PDF/X-1a output (with the object named) and kept in PDF/X-4; fonts must be
//! embedded and the ink within the limit in both; a file that does not claim PDF/X is placed
//! with a warning.

use std::collections::HashMap;
use std::sync::Arc;

use lopdf::{Document, Object, ObjectId};
use pdf_writer::{Chunk, Filter, Finish, Name, Obj, Rect, Ref, Str};

use super::{PdfOptions, PdfStandard};
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::{ArtItem, DisplayPage, Item};
use crate::model::{ArtSource, Artwork};

/// Every distinct placed file of `pages`, in first-use order; per page, the index of each of
/// its art items in painting order.
pub(crate) fn collect(pages: &[DisplayPage]) -> (Vec<Arc<Artwork>>, Vec<Vec<usize>>) {
    let mut arts: Vec<Arc<Artwork>> = Vec::new();
    let per_page = pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .filter_map(|item| match item {
                    Item::Art(a) => Some(a),
                    _ => None,
                })
                .map(|a| match arts.iter().position(|b| Arc::ptr_eq(b, &a.art)) {
                    Some(i) => i,
                    None => {
                        arts.push(a.art.clone());
                        arts.len() - 1
                    }
                })
                .collect()
        })
        .collect();
    (arts, per_page)
}

/// The preflight of one placed file against the output: errors that stop the build, and
/// warnings.
pub(crate) fn check(item: &ArtItem, page: u32, options: &PdfOptions) -> Diagnostics {
    let mut found = Diagnostics::new();
    if item.art.vector().is_some() {
        // What an SVG may not carry was refused as it was read; its colours are separated
        // under the ink limit as the form is written.
        return found;
    }
    let ad = Ad::new(item, page);
    if options.standard == PdfStandard::X1a {
        x1a_refusals(&ad, &mut found);
    }
    print_problems(&ad, options.ink_limit, &mut found);
    found
}

/// One placed file under preflight: how its messages name it and where they point.
struct Ad<'a> {
    item: &'a ArtItem,
    name: String,
    page: u32,
}

/// What the agency is asked for when a placed PDF will not print as it is.
const ASK: &str = "ask the agency for a PDF/X-1a file (CMYK only, no transparency, fonts embedded)";

impl<'a> Ad<'a> {
    fn new(item: &'a ArtItem, page: u32) -> Self {
        let name = item.path.file_name().map_or_else(
            || item.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ad { item, name, page }
    }

    /// `d` placed at the ad's block (naming the file), or in the file.
    fn place(&self, d: Diagnostic) -> Diagnostic {
        match &self.item.block {
            Some(block) => d
                .at(block.clone())
                .hint(format!("the file is {}", self.item.path.display())),
            None => d.in_file(&self.item.path),
        }
    }
}

/// The first three of a list, for a message.
fn list(v: &[String]) -> String {
    v.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
}

/// What PDF/X-1a forbids and X-4 keeps: RGB, spot colours, transparency.
fn x1a_refusals(ad: &Ad<'_>, found: &mut Diagnostics) {
    let (f, name, page) = (&ad.item.art.preflight, &ad.name, ad.page);
    if !f.rgb.is_empty() {
        found.push(
            ad.place(
                Diagnostic::input(format!(
                    "ad {name} on page {page} uses RGB colour, which PDF/X-1a forbids: {}",
                    list(&f.rgb)
                ))
                .hint(ASK),
            ),
        );
    }
    if !f.spot.is_empty() {
        found.push(ad.place(
            Diagnostic::input(format!(
                "ad {name} on page {page} uses spot colours the four-colour press cannot print: {}",
                f.spot.join(", ")
            ))
            .hint(ASK),
        ));
    }
    if !f.transparency.is_empty() {
        found.push(
            ad.place(
                Diagnostic::input(format!(
                    "ad {name} on page {page} uses transparency, which PDF/X-1a forbids: {}",
                    list(&f.transparency)
                ))
                .hint("ask for the ad flattened (PDF/X-1a), or write PDF/X-4 (print.standard: x4)"),
            ),
        );
    }
}

/// What no output takes (fonts not embedded, content paiban cannot read, ink over the limit),
/// and the warnings: heavy pictures, no PDF/X claim.
fn print_problems(ad: &Ad<'_>, ink_limit: f32, found: &mut Diagnostics) {
    let (f, name, page) = (&ad.item.art.preflight, &ad.name, ad.page);
    if !f.unembedded_fonts.is_empty() {
        found.push(
            ad.place(
                Diagnostic::input(format!(
                    "ad {name} on page {page} has fonts that are not embedded: {}",
                    f.unembedded_fonts.join(", ")
                ))
                .hint(ASK),
            ),
        );
    }
    if !f.unreadable.is_empty() {
        found.push(
            ad.place(
                Diagnostic::input(format!(
                    "ad {name} on page {page} has content paiban cannot read: {}",
                    list(&f.unreadable)
                ))
                .hint(ASK),
            ),
        );
    }
    if f.max_ink > ink_limit + 0.5 {
        found.push(
            ad.place(
                Diagnostic::input(format!(
                    "ad {name} on page {page} paints {:.0}% total ink, over the limit of {:.0}%",
                    f.max_ink, ink_limit
                ))
                .hint("ask for the ad separated for newsprint (e.g. ISOnewspaper26v4, 240%)"),
            ),
        );
    }
    if let Some((image, ink)) = f.image_ink.as_ref().filter(|i| i.1 > ink_limit + 0.5) {
        found.push(ad.place(
            Diagnostic::warning(format!(
                "ad {name} on page {page}: {image} reaches {ink:.0}% total ink, over the limit of {:.0}%",
                ink_limit
            ))
            .hint("ask for the ad's pictures separated for newsprint (e.g. ISOnewspaper26v4, 240%): heavier ink sets off and smears"),
        ));
    }
    if f.pdfx.is_none() {
        found.push(
            ad.place(
                Diagnostic::warning(format!(
                    "ad {name} does not claim PDF/X; it was checked and placed anyway"
                ))
                .hint(ASK),
            ),
        );
    }
}

/// The preflight of every placed PDF use: errors stop the build, warnings are passed on.
pub(crate) fn preflight(
    pages: &[DisplayPage],
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Result<(), Diagnostics> {
    let mut found = Diagnostics::new();
    for page in pages {
        for item in &page.items {
            if let Item::Art(a) = item {
                found.extend(check(a, page.number, options));
            }
        }
    }
    if found.has_errors() {
        return Err(found);
    }
    warnings.extend(found);
    Ok(())
}

/// The matrix that draws `art`'s trim box onto `placed` (x, y, width, height, y down).
pub(crate) fn placement(art: &Artwork, (px, py, pw, ph): (f32, f32, f32, f32)) -> [f32; 6] {
    let [x0, y0, x1, y1] = art.trim;
    let (sx, sy) = (pw / (x1 - x0), ph / (y1 - y0));
    [sx, 0.0, 0.0, -sy, px - sx * x0, py + sy * y1]
}

/// Write `art` as the form XObject `id`: an SVG's paths, or a PDF's first page with the
/// objects it uses copied; `next` hands out object numbers.
pub(crate) fn write(
    chunk: &mut Chunk,
    art: &Artwork,
    id: Ref,
    next: &mut dyn FnMut() -> Ref,
    options: &PdfOptions,
) -> Result<(), Diagnostic> {
    let (doc, page) = match &art.source {
        ArtSource::Pdf { doc, page } => (doc, *page),
        ArtSource::Svg(vector) => {
            let colors = super::vector::colors(&vector.colors, options).map_err(|e| {
                Diagnostic::input(format!("the SVG's colours cannot be separated: {e}"))
            })?;
            let content = super::deflate::compress(&super::vector::content(vector, &colors));
            let [x0, y0, x1, y1] = art.trim;
            let mut form = chunk.form_xobject(id, &content);
            form.filter(Filter::FlateDecode);
            form.bbox(Rect::new(x0, y0, x1, y1));
            // No resources: paths in DeviceCMYK need none; an empty dictionary keeps the
            // form from inheriting the page's (ISO 32000-1 §7.8.3 prefers it explicit).
            form.resources();
            form.finish();
            return Ok(());
        }
    };
    let content = super::deflate::compress(&doc.get_page_content(page));
    let resources = page_resources(doc, page);
    let mut copier = Copier {
        map: HashMap::new(),
        queue: Vec::new(),
        next,
    };
    let [x0, y0, x1, y1] = art.trim;
    let mut form = chunk.form_xobject(id, &content);
    form.filter(Filter::FlateDecode);
    form.bbox(Rect::new(x0, y0, x1, y1));
    if let Some(res) = resources {
        copier.value(form.insert(Name(b"Resources")), res, 0);
    }
    form.finish();
    while let Some((source, target)) = copier.queue.pop() {
        let object = doc
            .get_object(source)
            .map_err(|e| Diagnostic::internal(format!("a placed PDF object went missing ({e})")))?;
        copier.object(chunk, target, object);
    }
    Ok(())
}

/// The page's `/Resources`, inherited through the page tree.
fn page_resources(doc: &Document, page: ObjectId) -> Option<&Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Ok(res) = node.get(b"Resources") {
            return Some(res);
        }
        node = doc
            .get_dictionary(node.get(b"Parent").ok()?.as_reference().ok()?)
            .ok()?;
    }
    None
}

/// Copies lopdf objects into pdf-writer, renumbering references.
struct Copier<'n> {
    /// Source object → its number in the output.
    map: HashMap<ObjectId, Ref>,
    /// Objects referenced but not yet written.
    queue: Vec<(ObjectId, Ref)>,
    next: &'n mut dyn FnMut() -> Ref,
}

/// How deep direct (not referenced) arrays and dictionaries may nest.
const MAX_NESTING: usize = 64;

impl Copier<'_> {
    fn reference(&mut self, id: ObjectId) -> Ref {
        if let Some(&r) = self.map.get(&id) {
            return r;
        }
        let r = (self.next)();
        self.map.insert(id, r);
        self.queue.push((id, r));
        r
    }

    /// Write one indirect object.
    fn object(&mut self, chunk: &mut Chunk, id: Ref, object: &Object) {
        match object {
            Object::Stream(stream) => {
                let mut s = chunk.stream(id, &stream.content);
                for (key, value) in stream.dict.iter() {
                    // pdf-writer writes /Length itself.
                    if key.as_slice() != b"Length" {
                        self.value(s.insert(Name(key)), value, 0);
                    }
                }
            }
            other => self.value(chunk.indirect(id), other, 0),
        }
    }

    fn value(&mut self, obj: Obj<'_>, value: &Object, depth: usize) {
        if depth > MAX_NESTING {
            obj.primitive(pdf_writer::Null);
            return;
        }
        match value {
            Object::Null => obj.primitive(pdf_writer::Null),
            Object::Boolean(b) => obj.primitive(*b),
            Object::Integer(i) => match i32::try_from(*i) {
                Ok(i) => obj.primitive(i),
                Err(_) => obj.primitive(*i as f32),
            },
            Object::Real(r) => obj.primitive(*r),
            Object::Name(n) => obj.primitive(Name(n)),
            Object::String(s, _) => obj.primitive(Str(s)),
            Object::Reference(id) => {
                let r = self.reference(*id);
                obj.primitive(r);
            }
            Object::Array(items) => {
                let mut array = obj.array();
                for item in items {
                    self.value(array.push(), item, depth + 1);
                }
            }
            Object::Dictionary(dict) => {
                let mut d = obj.dict();
                for (key, v) in dict.iter() {
                    // The page tree is not the form's business.
                    if key.as_slice() != b"Parent" {
                        self.value(d.insert(Name(key)), v, depth + 1);
                    }
                }
            }
            // A stream can only be an indirect object; a direct one is damage.
            Object::Stream(_) => obj.primitive(pdf_writer::Null),
        }
    }
}
