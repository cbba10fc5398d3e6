//! Display pages → a krilla document (plain PDF, before the PDF/X post-step).
//!
//! - Page: the surface is the trimmed page plus [`marks::margin`] on every side; TrimBox is the
//!   trimmed page, BleedBox the trim grown by the bleed (when > 0), MediaBox the whole surface.
//! - Text: one `draw_glyphs` per glyph run with the display list's own positions, so krilla
//!   writes exactly what layout decided; krilla embeds a CID-keyed subset of each face (named
//!   `ABCDEF+PostScriptName` from the face's own `name` table) with a ToUnicode CMap built from
//!   each glyph's text range.
//! - Colours: DeviceCMYK only. Krilla stores CMYK as bytes, so a component is rounded to 1/255.
//! - Rules and rectangle strokes are stroked paths, rectangle fills filled paths (fill and
//!   stroke are separate paint operations, so the overprint pass can treat them apart).
//! - Pictures are clipped to their frame and drawn at their placed rectangle.
//!
//! Each item gets a krilla location (page index, item index) so krilla errors can be traced.

use std::collections::BTreeMap;
use std::num::{NonZeroU32, NonZeroU64};

use krilla::color::{cmyk, separation};
use krilla::configure::{ConfigurationBuilder, PdfVersion};
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::num::NormalizedF32;
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use super::{PdfOptions, PdfStandard, image, marks};
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::{Cmyk, DisplayPage, GlyphRun, ImageItem, Item, RectItem, Rule};
use crate::resolve::fonts::{FontBook, FontId};

/// Step 3 of [`super::write_pdf`]: draw every page with krilla and serialise.
pub(crate) fn render(
    pages: &[DisplayPage],
    book: &FontBook,
    options: &PdfOptions,
    warnings: &mut Diagnostics,
) -> Result<Vec<u8>, Diagnostics> {
    let version = match options.standard {
        PdfStandard::X1a => PdfVersion::Pdf14,
        PdfStandard::X4 => PdfVersion::Pdf16,
    };
    let configuration = ConfigurationBuilder::new()
        .with_version(version)
        .finish()
        .map_err(|e| Diagnostic::internal(format!("krilla rejected the configuration ({e:?})")))?;
    let settings = SerializeSettings {
        compress_content_streams: true,
        no_device_cs: false,
        ascii_compatible: false,
        xmp_metadata: false,
        cmyk_profile: None,
        configuration,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut renderer = Renderer {
        book,
        options,
        fonts: BTreeMap::new(),
        warnings,
    };
    let mut errors = Diagnostics::new();
    for (index, page) in pages.iter().enumerate() {
        if let Err(e) = renderer.page(&mut document, index, page) {
            errors.extend(e);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    document
        .finish()
        .map_err(|e| Diagnostics::from(krilla_error(&e, pages)))
}

/// What drawing a page needs besides the page.
struct Renderer<'a> {
    book: &'a FontBook,
    options: &'a PdfOptions,
    /// Krilla fonts, made once per face.
    fonts: BTreeMap<FontId, Font>,
    warnings: &'a mut Diagnostics,
}

impl Renderer<'_> {
    fn font(&mut self, id: FontId) -> Result<Font, Diagnostic> {
        if let Some(font) = self.fonts.get(&id) {
            return Ok(font.clone());
        }
        let face = self.book.face(id);
        let font = Font::new(face.shared_data().into(), face.index).ok_or_else(|| {
            Diagnostic::input(format!(
                "failed to embed font \"{}\" (krilla cannot read it)",
                face.family
            ))
            .in_file(&face.path)
            .hint("replace the file with an OpenType (.otf/.ttf/.ttc) font")
        })?;
        self.fonts.insert(id, font.clone());
        Ok(font)
    }

    fn page(
        &mut self,
        document: &mut Document,
        index: usize,
        page: &DisplayPage,
    ) -> Result<(), Diagnostics> {
        let options = self.options;
        let settings = page_settings(page, options)?;
        let margin = marks::margin(options.bleed, options.marks);
        // Prepare pictures and fonts before the page borrows the document, so a bad file stops
        // the page before anything is drawn.
        let mut pictures = Vec::new();
        let mut errors = Diagnostics::new();
        for item in &page.items {
            let prepared = match item {
                Item::Image(img) => image::prepare(img, page.number, options, self.warnings)
                    .map(|picture| pictures.push(picture)),
                Item::Text(run) => self.font(run.font).map(drop),
                Item::Rule(_) | Item::Rect(_) => Ok(()),
            };
            if let Err(e) = prepared {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        surface.push_transform(&Transform::from_translate(margin, margin));
        let mut pictures = pictures.into_iter();
        for (i, item) in page.items.iter().enumerate() {
            surface.set_location(location(index, i));
            match item {
                Item::Text(run) => {
                    let upem = f32::from(self.book.face(run.font).units_per_em);
                    draw_run(&mut surface, run, self.font(run.font)?, upem);
                }
                Item::Rule(rule) => draw_rule(&mut surface, rule),
                Item::Rect(rect) => draw_rect(&mut surface, rect),
                Item::Image(img) => {
                    if let Some(picture) = pictures.next() {
                        draw_image(&mut surface, img, picture);
                    }
                }
            }
        }
        surface.reset_location();
        surface.pop();
        if options.marks {
            draw_marks(&mut surface, margin, page, options.bleed);
        }
        surface.finish();
        pdf_page.finish();
        Ok(())
    }
}

fn page_settings(page: &DisplayPage, options: &PdfOptions) -> Result<PageSettings, Diagnostic> {
    let margin = marks::margin(options.bleed, options.marks);
    let bad = || {
        Diagnostic::internal(format!(
            "page {} has an impossible size {}×{} pt",
            page.number, page.width, page.height
        ))
    };
    let (w, h) = (page.width, page.height);
    let settings = PageSettings::from_wh(w + 2.0 * margin, h + 2.0 * margin).ok_or_else(bad)?;
    let trim = Rect::from_xywh(margin, margin, w, h).ok_or_else(bad)?;
    let bleed = if options.bleed > 0.0 {
        let b = options.bleed;
        Some(Rect::from_xywh(margin - b, margin - b, w + 2.0 * b, h + 2.0 * b).ok_or_else(bad)?)
    } else {
        None
    };
    let label = PageLabel::new(
        Some(NumberingStyle::Arabic),
        None,
        NonZeroU32::new(page.number),
    );
    Ok(settings
        .with_trim_box(Some(trim))
        .with_bleed_box(bleed)
        .with_page_label(label))
}

/// Krilla location of item `item` on page `page` (both 0-based): page + 1 in the high half,
/// so it is never zero.
fn location(page: usize, item: usize) -> NonZeroU64 {
    NonZeroU64::MIN.saturating_add(((page as u64) << 32) | (item as u64 & 0xffff_ffff))
}

/// The (page index, item index) of a krilla location.
fn from_location(location: NonZeroU64) -> (usize, usize) {
    let raw = location.get() - 1;
    ((raw >> 32) as usize, (raw & 0xffff_ffff) as usize)
}

fn colour(c: Cmyk) -> cmyk::Color {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    cmyk::Color::new(byte(c.c), byte(c.m), byte(c.y), byte(c.k))
}

fn fill(c: Cmyk) -> Fill {
    Fill {
        paint: colour(c).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn stroke(paint: krilla::paint::Paint, width: f32, dash: &[f32]) -> Stroke {
    Stroke {
        paint,
        width,
        miter_limit: 4.0,
        line_cap: LineCap::Butt,
        line_join: LineJoin::Miter,
        opacity: NormalizedF32::ONE,
        dash: valid_dash(dash).then(|| StrokeDash {
            array: dash.to_vec(),
            offset: 0.0,
        }),
    }
}

/// A dash pattern PDF accepts: finite, non-negative, not all zero (else the rule is solid).
fn valid_dash(dash: &[f32]) -> bool {
    !dash.is_empty()
        && dash.iter().all(|d| d.is_finite() && *d >= 0.0)
        && dash.iter().any(|d| *d > 0.0)
}

/// A glyph run at its own positions: krilla advances a pen by each glyph's advance, so a glyph's
/// set position becomes an offset from the pen; krilla wants both in em and y up.
///
/// Float noise from points → em would make krilla write a tiny `TJ` adjustment after almost
/// every glyph, so advances within 1/100 font unit of a whole unit, and offsets under 1/100
/// unit, are snapped (at most 0.0007 pt at 72 pt on a 1000-unit em; the pen follows the
/// snapped advances, so the error never accumulates).
fn draw_run(surface: &mut Surface<'_>, run: &GlyphRun, font: Font, upem: f32) {
    if !(run.size.is_finite() && run.size > 0.0) || run.glyphs.is_empty() {
        debug_assert!(run.glyphs.is_empty(), "glyph run with size {}", run.size);
        return;
    }
    let size = run.size;
    let mut pen = 0.0;
    let glyphs: Vec<KrillaGlyph> = run
        .glyphs
        .iter()
        .map(|g| {
            let x_offset = snap_offset((g.x - pen) / size, upem);
            let x_advance = snap_advance(g.advance / size, upem);
            pen += x_advance * size;
            let range = if run.text.get(g.text.clone()).is_some() {
                g.text.clone()
            } else {
                0..0
            };
            debug_assert_eq!(
                range, g.text,
                "glyph text range outside the run's text {:?}",
                run.text
            );
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                x_advance,
                x_offset,
                -g.y / size,
                0.0,
                range,
                None,
            )
        })
        .collect();
    surface.set_fill(Some(fill(run.color)));
    surface.set_stroke(None);
    surface.draw_glyphs(
        Point::from_xy(run.origin.0, run.origin.1),
        &glyphs,
        font,
        &run.text,
        size,
        false,
    );
}

/// How close (in font units) a value must be to a whole unit to be snapped to it.
const SNAP: f32 = 0.01;

fn snap_advance(em: f32, upem: f32) -> f32 {
    let units = em * upem;
    if (units - units.round()).abs() < SNAP {
        units.round() / upem
    } else {
        em
    }
}

fn snap_offset(em: f32, upem: f32) -> f32 {
    if (em * upem).abs() < SNAP { 0.0 } else { em }
}

fn draw_rule(surface: &mut Surface<'_>, rule: &Rule) {
    if rule.width.is_nan() || rule.width <= 0.0 {
        return;
    }
    let mut pb = PathBuilder::new();
    pb.move_to(rule.from.0, rule.from.1);
    pb.line_to(rule.to.0, rule.to.1);
    let Some(path) = pb.finish() else { return };
    surface.set_fill(None);
    surface.set_stroke(Some(stroke(
        colour(rule.color).into(),
        rule.width,
        &rule.dash,
    )));
    surface.draw_path(&path);
}

fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(x, y, w, h)?);
    pb.finish()
}

/// Fill first, then stroke, as two paint operations.
fn draw_rect(surface: &mut Surface<'_>, rect: &RectItem) {
    let Some(path) = rect_path(rect.x, rect.y, rect.width, rect.height) else {
        return;
    };
    if let Some(c) = rect.fill {
        surface.set_stroke(None);
        surface.set_fill(Some(fill(c)));
        surface.draw_path(&path);
    }
    if let Some((c, width)) = rect.stroke.filter(|(_, w)| *w > 0.0) {
        surface.set_fill(None);
        surface.set_stroke(Some(stroke(colour(c).into(), width, &[])));
        surface.draw_path(&path);
    }
}

fn draw_image(surface: &mut Surface<'_>, item: &ImageItem, picture: krilla::image::Image) {
    let (fx, fy, fw, fh) = item.frame;
    let (px, py, pw, ph) = item.placed;
    let (Some(clip), Some(size)) = (rect_path(fx, fy, fw, fh), Size::from_wh(pw, ph)) else {
        return;
    };
    surface.push_clip_path(&clip, &FillRule::NonZero);
    surface.push_transform(&Transform::from_translate(px, py));
    surface.draw_image(picture, size);
    surface.pop();
    surface.pop();
}

/// Crop and registration marks in registration colour (Separation /All, CMYK 100/100/100/100
/// as the alternate), outside trim and bleed.
fn draw_marks(surface: &mut Surface<'_>, margin: f32, page: &DisplayPage, bleed: f32) {
    let all = separation::SeparationSpace::new(
        separation::SeparationColorant::AllColorants,
        cmyk::Color::new(255, 255, 255, 255).into(),
    );
    let registration = krilla::color::Color::from(separation::Color::new(255, all));
    let geometry = marks::marks(margin, page.width, page.height, bleed);
    let mut pb = PathBuilder::new();
    for line in &geometry.lines {
        pb.move_to(line.from.0, line.from.1);
        pb.line_to(line.to.0, line.to.1);
    }
    for ((cx, cy), r) in &geometry.circles {
        push_circle(&mut pb, *cx, *cy, *r);
    }
    let Some(path) = pb.finish() else { return };
    surface.set_fill(None);
    surface.set_stroke(Some(stroke(registration.into(), marks::STROKE, &[])));
    surface.draw_path(&path);
}

/// A circle as four cubic Béziers (control distance 0.5523 r, the usual quarter-circle fit).
fn push_circle(pb: &mut PathBuilder, cx: f32, cy: f32, r: f32) {
    let k = 0.552_284_8 * r;
    pb.move_to(cx + r, cy);
    pb.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    pb.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    pb.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    pb.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    pb.close();
}

/// A krilla failure as a diagnostic, pointing at the page and item when krilla says where.
fn krilla_error(error: &krilla::error::KrillaError, pages: &[DisplayPage]) -> Diagnostic {
    use krilla::error::KrillaError;
    let place = |loc: Option<NonZeroU64>| {
        loc.map(from_location).and_then(|(p, i)| {
            let page = pages.get(p)?;
            Some((page.number, page.items.get(i)))
        })
    };
    match error {
        KrillaError::Font(_, message) => {
            Diagnostic::input(format!("failed to embed a font ({message})"))
                .hint("replace the font file with an OpenType (.otf/.ttf/.ttc) font")
        }
        KrillaError::Image(_, loc, message) => {
            let mut d = Diagnostic::input(format!("failed to embed picture ({message})"))
                .hint("re-save it as a baseline JPEG or a PNG");
            if let Some((_, Some(Item::Image(img)))) = place(*loc) {
                d = d.in_file(&img.path);
            }
            d
        }
        other => {
            let page = place(other_location(other))
                .map(|(n, _)| format!(" on page {n}"))
                .unwrap_or_default();
            Diagnostic::internal(format!("krilla failed to write the PDF{page} ({other})"))
        }
    }
}

fn other_location(error: &krilla::error::KrillaError) -> Option<NonZeroU64> {
    match error {
        krilla::error::KrillaError::SixteenBitImage(_, loc) => *loc,
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_dash_patterns_become_solid() {
        assert!(valid_dash(&[2.0, 1.0]));
        assert!(!valid_dash(&[]));
        assert!(!valid_dash(&[0.0, 0.0]));
        assert!(!valid_dash(&[2.0, -1.0]));
    }

    #[test]
    fn locations_round_trip() {
        assert_eq!(from_location(location(0, 0)), (0, 0));
        assert_eq!(from_location(location(3, 17)), (3, 17));
    }

    #[test]
    fn cmyk_components_become_bytes() {
        assert_eq!(colour(Cmyk::BLACK), cmyk::Color::new(0, 0, 0, 255));
        assert_eq!(
            colour(Cmyk {
                c: 0.4,
                m: 0.3,
                y: 1.5,
                k: -1.0
            }),
            cmyk::Color::new(102, 77, 255, 0)
        );
    }
}
