//! A display page → pixels, with tiny-skia.
//!
//! Everything is drawn in page points through one scale transform (`dpi / 72`), anti-aliased,
//! blended on stored values with no gamma (tiny-skia's default, and poppler's). Each glyph run
//! is one path (every glyph's outline moved into place), filled with the non-zero rule. Text
//! and strokes in 100% K are blended with *multiply*: the PDF overprints them, so black over a
//! tint prints as black-on-tint, not as a knocked-out hole. Pictures are resampled to the
//! pixels they cover first (tiny-skia has no mipmaps) and clipped to their frame.

use std::collections::HashMap;

use rustc_hash::FxHashSet;
use tiny_skia::{
    BlendMode, FillRule, FilterQuality, LineCap, Mask, Paint, PathBuilder, Pixmap, PixmapPaint,
    Stroke, StrokeDash, Transform,
};

use super::{GlyphPhase, Renderer};
use std::sync::Arc;

use super::glyphs::{FaceKey, Outline, Segment};
use super::picture::Rgb;
use super::stamp::{MaskKey, stamp};
use crate::color::Cmyk;
use crate::display::{DisplayPage, GlyphRun, ImageItem, Item, RectItem, Rule, Writing};
use crate::fonts::FontBook;

/// The largest image side drawn, in pixels: a 1200 dpi proof of a broadsheet would need
/// hundreds of megabytes, which is never what someone asking for a proof meant.
pub(crate) const MAX_SIDE: u32 = 20_000;

/// Whether a colour overprints in the PDF (100% K only, as `pdf::content` decides).
pub(crate) fn overprints(c: Cmyk) -> bool {
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    [byte(c.c), byte(c.m), byte(c.y), byte(c.k)] == [0, 0, 0, 255]
}

fn paint(c: Cmyk) -> Paint<'static> {
    let [r, g, b] = super::color::cmyk_to_rgb(c);
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, 255);
    paint.anti_alias = true;
    if overprints(c) {
        paint.blend_mode = BlendMode::Multiply;
    }
    paint
}

/// Draw `page` at `dpi` onto a new white pixmap.
pub(crate) fn draw(
    renderer: &mut Renderer,
    page: &DisplayPage,
    book: &FontBook,
    dpi: f32,
) -> Option<Pixmap> {
    let scale = dpi / 72.0;
    let size = |pt: f32| (pt * scale).ceil().clamp(1.0, MAX_SIDE as f32) as u32;
    let mut pixmap = renderer
        .canvas
        .pixmap(size(page.width), size(page.height))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let ts = Transform::from_scale(scale, scale);
    let mut scaled: HashMap<(u64, u32, u32), Rgb> = HashMap::new();
    for item in &page.items {
        match item {
            Item::Text(run) => text(renderer, &mut pixmap, run, book, ts),
            Item::Rule(rule) => self::rule(&mut pixmap, rule, ts),
            Item::Rect(rect) => self::rect(&mut pixmap, rect, ts),
            Item::Image(image) => picture(renderer, &mut pixmap, image, scale, &mut scaled),
            // SVG art is drawn as its paths. A placed PDF (an advertisement) is not drawn
            // here: its frame is shown as a light gray stand-in so the space is visibly taken.
            Item::Art(art) => {
                if !super::vector::raster(&mut pixmap, art, scale) {
                    self::rect(&mut pixmap, &super::art_stand_in(art), ts);
                }
            }
        }
    }
    Some(pixmap)
}

fn text(
    renderer: &mut Renderer,
    pixmap: &mut Pixmap,
    run: &GlyphRun,
    book: &FontBook,
    ts: Transform,
) {
    if !(run.size.is_finite() && run.size > 0.0) {
        return;
    }
    let (face, upem) = renderer.glyphs.face(book, run.font);
    // Glyphs are placed in device pixels, each origin moved back to a quarter pixel across and
    // up to a whole pixel, as poppler's splash does: baselines stay crisp, and a proof lines up
    // with pdftoppm's rendering of the PDF. Each is a stamped mask ([`stamp`]), or a path
    // when it is too big to keep as one.
    let scale = ts.sx;
    let s = run.size / upem * scale;
    let turned = run.writing == Writing::Rotated;
    let colour = paint(run.color);
    let [r, g, b] = super::color::cmyk_to_rgb(run.color);
    let multiply = colour.blend_mode == BlendMode::Multiply;
    let mut big = PathBuilder::new();
    for glyph in &run.glyphs {
        let Some(outline) = renderer
            .glyphs
            .outline_in(book, (run.font, face), glyph.id)
            .cloned()
        else {
            continue;
        };
        let (key, (ix, oy), quarters) =
            glyph_place(run, glyph, (face, renderer.glyph_phase), s, scale);
        match renderer.masks.get(key, &outline) {
            Some(mask) => stamp(pixmap, &mask, (ix, oy), [r, g, b], multiply),
            None => add_outline(&mut big, &outline, (quarters / 4.0, oy as f32), s, turned),
        }
    }
    if let Some(path) = big.finish() {
        pixmap.fill_path(
            &path,
            &colour,
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

/// Where a glyph of `run` goes, `s` pixels a font unit and `scale` pixels a point: its mask,
/// its origin's pixel, and its origin across in quarter pixels (a whole number of pixels with
/// [`GlyphPhase::Whole`]).
fn glyph_place(
    run: &GlyphRun,
    glyph: &crate::display::Glyph,
    (face, phase): (FaceKey, GlyphPhase),
    s: f32,
    scale: f32,
) -> (MaskKey, (i32, i32), f32) {
    let across = (run.origin.0 + glyph.x) * scale;
    let quarters = match phase {
        GlyphPhase::Quarter => (across * 4.0).floor(),
        GlyphPhase::Whole => across.round() * 4.0,
    };
    let oy = ((run.origin.1 + glyph.y) * scale).floor();
    let ix = (quarters / 4.0).floor();
    let key = MaskKey {
        face,
        gid: glyph.id,
        scale: s.to_bits(),
        phase: (quarters - ix * 4.0) as u8,
        turned: run.writing == Writing::Rotated,
    };
    (key, (ix as i32, oy as i32), quarters)
}

/// Every glyph mask drawing `page` at `dpi` stamps that is not in `seen` yet, with its outline
/// (for [`Renderer::preload_glyphs`]), each once: a page stamps thousands of glyphs but a
/// thousand or so masks, and an outline shared for every glyph stamped was an atomic count up
/// and down.
pub(crate) fn page_masks(
    renderer: &mut Renderer,
    page: &DisplayPage,
    book: &FontBook,
    dpi: f32,
    (seen, out): (&mut FxHashSet<MaskKey>, &mut Vec<(MaskKey, Arc<Outline>)>),
) {
    let scale = dpi / 72.0;
    for item in &page.items {
        let Item::Text(run) = item else { continue };
        if !(run.size.is_finite() && run.size > 0.0) {
            continue;
        }
        let (face, upem) = renderer.glyphs.face(book, run.font);
        let s = run.size / upem * scale;
        for glyph in &run.glyphs {
            let key = glyph_place(run, glyph, (face, renderer.glyph_phase), s, scale).0;
            if !seen.insert(key) {
                continue;
            }
            if let Some(outline) = renderer.glyphs.outline_in(book, (run.font, face), glyph.id) {
                out.push((key, outline.clone()));
            }
        }
    }
}

/// A glyph's outline into `pb`, its origin at `origin` (pixels), `s` pixels a font unit.
fn add_outline(pb: &mut PathBuilder, outline: &Outline, origin: (f32, f32), s: f32, turned: bool) {
    let (ox, oy) = origin;
    // A turned glyph (Latin in a vertical column) is drawn a quarter turn clockwise.
    let p = |x: f32, y: f32| {
        if turned {
            (ox + y * s, oy + x * s)
        } else {
            (ox + x * s, oy - y * s)
        }
    };
    trace(pb, outline, p);
}

/// The segments of `outline` into `pb`, each point (font units) mapped by `p` (to pixels).
pub(super) fn trace(pb: &mut PathBuilder, outline: &Outline, p: impl Fn(f32, f32) -> (f32, f32)) {
    for seg in outline.segments() {
        match seg {
            Segment::Move(x, y) => {
                let (x, y) = p(x, y);
                pb.move_to(x, y);
            }
            Segment::Line(x, y) => {
                let (x, y) = p(x, y);
                pb.line_to(x, y);
            }
            Segment::Quad(a, b, x, y) => {
                let ((a, b), (x, y)) = (p(a, b), p(x, y));
                pb.quad_to(a, b, x, y);
            }
            Segment::Cubic(a, b, c, d, x, y) => {
                let ((a, b), (c, d), (x, y)) = (p(a, b), p(c, d), p(x, y));
                pb.cubic_to(a, b, c, d, x, y);
            }
            Segment::Close => pb.close(),
        }
    }
}

fn rule(pixmap: &mut Pixmap, rule: &Rule, ts: Transform) {
    if !(rule.width.is_finite() && rule.width > 0.0) {
        return;
    }
    if rule.dash.is_empty() && snapped_line(pixmap, rule.from, rule.to, rule.width, rule.color, ts)
    {
        return;
    }
    let mut pb = PathBuilder::new();
    pb.move_to(rule.from.0, rule.from.1);
    pb.line_to(rule.to.0, rule.to.1);
    let Some(path) = pb.finish() else { return };
    let stroke = Stroke {
        width: rule.width,
        line_cap: LineCap::Butt,
        dash: dash(&rule.dash),
        ..Stroke::default()
    };
    pixmap.stroke_path(&path, &paint(rule.color), &stroke, ts, None);
}

/// A dash pattern tiny-skia accepts (an even count of positive lengths), else solid — the
/// same patterns the PDF writer writes.
fn dash(pattern: &[f32]) -> Option<StrokeDash> {
    let valid = pattern.iter().all(|d| d.is_finite() && *d >= 0.0);
    if !valid || !pattern.iter().any(|d| *d > 0.0) {
        return None;
    }
    let mut p = pattern.to_vec();
    if p.len() % 2 == 1 {
        p.extend_from_within(..);
    }
    StrokeDash::new(p, 0.0)
}

/// A solid horizontal or vertical line, its edges moved to whole pixels and at least one
/// pixel thick (poppler's "stroke adjustment"): hairlines stay crisp and dark on screen rather
/// than a gray smear over two rows. `false` for a slanted line, drawn as a path instead.
fn snapped_line(
    pixmap: &mut Pixmap,
    from: (f32, f32),
    to: (f32, f32),
    width: f32,
    colour: Cmyk,
    ts: Transform,
) -> bool {
    let s = ts.sx;
    let half = width / 2.0;
    let (x0, x1) = (from.0.min(to.0), from.0.max(to.0));
    let (y0, y1) = (from.1.min(to.1), from.1.max(to.1));
    let (left, top, right, bottom) = if from.1 == to.1 {
        (x0, y0 - half, x1, y0 + half)
    } else if from.0 == to.0 {
        (x0 - half, y0, x0 + half, y1)
    } else {
        return false;
    };
    let snap = |a: f32, b: f32| {
        let (a, b) = ((a * s).round(), (b * s).round());
        (a, if b <= a { a + 1.0 } else { b })
    };
    let (l, r) = snap(left, right);
    let (t, b) = snap(top, bottom);
    if let Some(r) = tiny_skia::Rect::from_ltrb(l, t, r, b) {
        let mut p = paint(colour);
        p.anti_alias = false;
        pixmap.fill_rect(r, &p, Transform::identity(), None);
    }
    true
}

fn rect(pixmap: &mut Pixmap, rect: &RectItem, ts: Transform) {
    let Some(r) = tiny_skia::Rect::from_xywh(rect.x, rect.y, rect.width, rect.height) else {
        return;
    };
    if let Some(fill) = rect.fill {
        // Areas knock out, whatever their colour (as the PDF writer sets them).
        let mut p = paint(fill);
        p.blend_mode = BlendMode::SourceOver;
        pixmap.fill_rect(r, &p, ts, None);
    }
    if let Some((colour, width)) = rect.stroke.filter(|(_, w)| w.is_finite() && *w > 0.0) {
        let (x0, y0, x1, y1) = (rect.x, rect.y, rect.x + rect.width, rect.y + rect.height);
        for (from, to) in [
            ((x0, y0), (x1, y0)),
            ((x0, y1), (x1, y1)),
            ((x0, y0), (x0, y1)),
            ((x1, y0), (x1, y1)),
        ] {
            // Each side reaches half the stroke past the corners, as a mitred frame does.
            let half = width / 2.0;
            let (from, to) = if from.1 == to.1 {
                ((from.0 - half, from.1), (to.0 + half, to.1))
            } else {
                ((from.0, from.1 - half), (to.0, to.1 + half))
            };
            snapped_line(pixmap, from, to, width, colour, ts);
        }
    }
}

fn picture(
    renderer: &mut Renderer,
    pixmap: &mut Pixmap,
    item: &ImageItem,
    scale: f32,
    scaled: &mut HashMap<(u64, u32, u32), Rgb>,
) {
    let (px, py, pw, ph) = item.placed;
    let (fx, fy, fw, fh) = item.frame;
    if !item.is_drawable() {
        return;
    }
    let Some((key, source)) = renderer.picture(item) else {
        return;
    };
    let side = |v: f32| (v * scale).round().clamp(1.0, MAX_SIDE as f32) as u32;
    let (w, h) = (side(pw), side(ph));
    let resized = scaled
        .entry((key, w, h))
        .or_insert_with(|| source.resized(w, h));
    let Some(image) = rgb_pixmap(resized) else {
        return;
    };
    let Some(clip_rect) =
        tiny_skia::Rect::from_xywh(fx * scale, fy * scale, fw * scale, fh * scale)
    else {
        return;
    };
    let mut clip = Mask::new(pixmap.width(), pixmap.height());
    if let Some(clip) = clip.as_mut() {
        clip.fill_path(
            &PathBuilder::from_rect(clip_rect),
            FillRule::Winding,
            true,
            Transform::identity(),
        );
    }
    let paint = PixmapPaint {
        quality: FilterQuality::Bilinear,
        ..PixmapPaint::default()
    };
    // The resampled image is one pixel per device pixel: place it by a translation only.
    let ts = Transform::from_translate(px * scale, py * scale);
    pixmap.draw_pixmap(0, 0, image.as_ref(), &paint, ts, clip.as_ref());
}

fn rgb_pixmap(rgb: &Rgb) -> Option<Pixmap> {
    let mut pixmap = Pixmap::new(rgb.width, rgb.height)?;
    for (out, px) in pixmap
        .data_mut()
        .chunks_exact_mut(4)
        .zip(rgb.data.chunks_exact(3))
    {
        out.copy_from_slice(&[px[0], px[1], px[2], 255]);
    }
    Some(pixmap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_solid_black_overprints() {
        assert!(overprints(Cmyk::BLACK));
        assert!(!overprints(Cmyk::gray(0.5)));
        assert!(!overprints(Cmyk {
            c: 0.4,
            m: 0.0,
            y: 0.0,
            k: 1.0
        }));
    }

    #[test]
    fn odd_dash_patterns_are_doubled_and_bad_ones_solid() {
        assert!(dash(&[2.0]).is_some());
        assert!(dash(&[]).is_none());
        assert!(dash(&[1.0, -1.0]).is_none());
    }
}
