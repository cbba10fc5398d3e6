//! One page object: its boxes (media, trim, bleed) and the resources its content names.

use pdf_writer::writers::Resources;
use pdf_writer::{Chunk, Finish, Name, Rect, Ref};

use super::super::PdfOptions;
use super::super::content::{KNOCKOUT, OVERPRINT, PageContent, REGISTRATION};
use super::super::fonts::FontRefs;
use super::super::marks;
use crate::diag::Diagnostic;
use crate::display::DisplayPage;

/// The object numbers a page points to.
pub(super) struct PageObjects<'a> {
    pub(super) page: Ref,
    pub(super) content: Ref,
    pub(super) tree: Ref,
    pub(super) on: Ref,
    pub(super) off: Ref,
    pub(super) registration: Option<Ref>,
    pub(super) fonts: &'a [FontRefs],
    pub(super) pictures: &'a [(Ref, Option<Ref>)],
    pub(super) arts: &'a [Ref],
}

/// The page object of `page`, drawn by `content`.
pub(super) fn write_page(
    chunk: &mut Chunk,
    page: &DisplayPage,
    content: &PageContent,
    objects: PageObjects<'_>,
    options: &PdfOptions,
) -> Result<(), Diagnostic> {
    let margin = marks::margin(options.bleed, options.marks);
    let (w, h) = (page.width, page.height);
    let sane = w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0;
    if !sane {
        return Err(Diagnostic::internal(format!(
            "page {} has an impossible size {w}×{h} pt",
            page.number
        )));
    }
    let (mw, mh) = (w + 2.0 * margin, h + 2.0 * margin);
    let mut p = chunk.page(objects.page);
    p.parent(objects.tree)
        .media_box(Rect::new(0.0, 0.0, mw, mh))
        .trim_box(Rect::new(margin, margin, margin + w, margin + h))
        .contents(objects.content);
    if options.bleed > 0.0 {
        let b = options.bleed;
        p.bleed_box(Rect::new(
            margin - b,
            margin - b,
            margin + w + b,
            margin + h + b,
        ));
    }
    write_resources(p.resources(), content, &objects);
    Ok(())
}

/// The graphics states, fonts, pictures, forms and registration colour a page's content names.
fn write_resources(mut resources: Resources<'_>, content: &PageContent, objects: &PageObjects<'_>) {
    let mut states = resources.ext_g_states();
    states.pair(Name(OVERPRINT.as_bytes()), objects.on);
    states.pair(Name(KNOCKOUT.as_bytes()), objects.off);
    states.finish();
    if !content.fonts.is_empty() {
        let mut fonts = resources.fonts();
        for (local, &(f, vertical)) in content.fonts.iter().enumerate() {
            let refs = &objects.fonts[f];
            let font = if vertical { refs.type0_v } else { None };
            fonts.pair(
                Name(format!("F{local}").as_bytes()),
                font.unwrap_or(refs.type0),
            );
        }
        fonts.finish();
    }
    if !content.pictures.is_empty() || !content.arts.is_empty() {
        let mut xobjects = resources.x_objects();
        for (local, &i) in content.pictures.iter().enumerate() {
            xobjects.pair(Name(format!("Im{local}").as_bytes()), objects.pictures[i].0);
        }
        for (local, &i) in content.arts.iter().enumerate() {
            xobjects.pair(Name(format!("Fm{local}").as_bytes()), objects.arts[i]);
        }
        xobjects.finish();
    }
    if let (true, Some(id)) = (content.registration, objects.registration) {
        resources
            .color_spaces()
            .pair(Name(REGISTRATION.as_bytes()), id);
    }
}
