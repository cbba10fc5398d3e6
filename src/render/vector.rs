//! SVG art for the screen: the same paths the PDF's form holds, in the colours the PDF prints
//! them in without an output profile ([`crate::color::unmanaged_cmyk`], the PDF writer's rule
//! then), shown through the corner table as every other CMYK colour, clipped to the art's
//! frame.
//!
//! A placed PDF (an advertisement) has no such paths here and keeps its stand-in box.

use std::fmt::Write as _;

use tiny_skia::{
    FillRule, LineCap, LineJoin, Mask, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform,
};
use usvg::tiny_skia_path::PathSegment;

use crate::color::Cmyk;
use crate::display::ArtItem;
use crate::model::vector::{Shape, VectorArt};

/// The art's space (SVG units) onto the page (points), as `[a b c d e f]`; `None` when the
/// placement is degenerate.
fn placement(item: &ArtItem, art: &VectorArt) -> Option<[f32; 6]> {
    let (px, py, pw, ph) = item.placed;
    let (sx, sy) = (pw / art.size.0, ph / art.size.1);
    let m = [sx, 0.0, 0.0, sy, px, py];
    let (fx, fy, fw, fh) = item.frame;
    let sane = m.iter().chain(&[fx, fy, fw, fh]).all(|v| v.is_finite());
    (sane && sx > 0.0 && sy > 0.0 && fw > 0.0 && fh > 0.0).then_some(m)
}

/// The art's colours as a PDF without an output profile has them (the default ink limit).
fn proof_colors(art: &VectorArt) -> Vec<Cmyk> {
    art.colors
        .iter()
        .map(|c| crate::color::unmanaged_cmyk(*c, 240.0))
        .collect()
}

fn transform(m: [f32; 6]) -> Transform {
    Transform::from_row(m[0], m[1], m[2], m[3], m[4], m[5])
}

fn paint(c: Cmyk) -> Paint<'static> {
    let [r, g, b] = super::color::cmyk_to_rgb(c);
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, 255);
    paint.anti_alias = true;
    paint
}

/// Draw `item`'s SVG paths onto `pixmap` at `scale` pixels per point; false when the art is
/// not an SVG (the caller draws a stand-in).
pub(crate) fn raster(pixmap: &mut Pixmap, item: &ArtItem, scale: f32) -> bool {
    let Some(art) = item.art.vector() else {
        return false;
    };
    let Some(place) = placement(item, art) else {
        return true;
    };
    let colors = proof_colors(art);
    let Some(clip) = frame_clip(pixmap, item, scale) else {
        return true;
    };
    let page = Transform::from_scale(scale, scale).pre_concat(transform(place));
    let color = |i: usize| colors.get(i).copied().unwrap_or(Cmyk::BLACK);
    for shape in &art.shapes {
        let ts = page.pre_concat(transform(shape.transform));
        if shape.stroke_first {
            stroke_shape(pixmap, shape, &color, ts, clip.as_ref());
            fill_shape(pixmap, shape, &color, ts, clip.as_ref());
        } else {
            fill_shape(pixmap, shape, &color, ts, clip.as_ref());
            stroke_shape(pixmap, shape, &color, ts, clip.as_ref());
        }
    }
    true
}

/// The mask of the frame and the art's own box, as the PDF's clip and the form's BBox; `None`
/// when they do not meet (nothing is drawn), `Some(None)` when no mask could be made.
fn frame_clip(pixmap: &Pixmap, item: &ArtItem, scale: f32) -> Option<Option<Mask>> {
    let (fx, fy, fw, fh) = item.frame;
    let (px, py, pw, ph) = item.placed;
    let (x0, y0) = (fx.max(px), fy.max(py));
    let (x1, y1) = ((fx + fw).min(px + pw), (fy + fh).min(py + ph));
    let rect = tiny_skia::Rect::from_ltrb(x0 * scale, y0 * scale, x1 * scale, y1 * scale)?;
    let mut clip = Mask::new(pixmap.width(), pixmap.height());
    if let Some(clip) = clip.as_mut() {
        clip.fill_path(
            &PathBuilder::from_rect(rect),
            FillRule::Winding,
            true,
            Transform::identity(),
        );
    }
    Some(clip)
}

fn fill_shape(
    pixmap: &mut Pixmap,
    shape: &Shape,
    color: &impl Fn(usize) -> Cmyk,
    ts: Transform,
    clip: Option<&Mask>,
) {
    if let Some(f) = &shape.fill {
        let rule = if f.even_odd {
            FillRule::EvenOdd
        } else {
            FillRule::Winding
        };
        pixmap.fill_path(&shape.path, &paint(color(f.color)), rule, ts, clip);
    }
}

fn stroke_shape(
    pixmap: &mut Pixmap,
    shape: &Shape,
    color: &impl Fn(usize) -> Cmyk,
    ts: Transform,
    clip: Option<&Mask>,
) {
    if let Some(s) = &shape.stroke {
        let style = Stroke {
            width: s.width,
            miter_limit: s.miter_limit,
            line_cap: [LineCap::Butt, LineCap::Round, LineCap::Square][usize::from(s.cap.min(2))],
            line_join: [LineJoin::Miter, LineJoin::Round, LineJoin::Bevel]
                [usize::from(s.join.min(2))],
            dash: StrokeDash::new(s.dash.0.clone(), s.dash.1),
        };
        pixmap.stroke_path(&shape.path, &paint(color(s.color)), &style, ts, clip);
    }
}

/// Write `item`'s SVG paths as SVG, clipped by a nested `<svg>` viewport to the frame; false
/// when the art is not an SVG.
pub(crate) fn svg(out: &mut String, item: &ArtItem) -> bool {
    let Some(art) = item.art.vector() else {
        return false;
    };
    let Some(place) = placement(item, art) else {
        return true;
    };
    let colors = proof_colors(art);
    let hex = |i: usize| {
        let [r, g, b] = super::color::cmyk_to_rgb(colors.get(i).copied().unwrap_or(Cmyk::BLACK));
        format!("#{r:02x}{g:02x}{b:02x}")
    };
    let (fx, fy, fw, fh) = item.frame;
    let _ = write!(
        out,
        "<svg x=\"{fx}\" y=\"{fy}\" width=\"{fw}\" height=\"{fh}\" viewBox=\"{fx} {fy} {fw} {fh}\" overflow=\"hidden\"><g transform=\"matrix({} {} {} {} {} {})\">",
        place[0], place[1], place[2], place[3], place[4], place[5]
    );
    for shape in &art.shapes {
        let t = shape.transform;
        let _ = write!(
            out,
            "<path transform=\"matrix({} {} {} {} {} {})\" d=\"",
            t[0], t[1], t[2], t[3], t[4], t[5]
        );
        path_data(out, shape);
        out.push('"');
        paint_attributes(out, shape, &hex);
        out.push_str("/>");
    }
    out.push_str("</g></svg>");
    true
}

fn path_data(out: &mut String, shape: &Shape) {
    for segment in shape.path.segments() {
        let _ = match segment {
            PathSegment::MoveTo(p) => write!(out, "M{} {}", p.x, p.y),
            PathSegment::LineTo(p) => write!(out, "L{} {}", p.x, p.y),
            PathSegment::QuadTo(a, p) => write!(out, "Q{} {} {} {}", a.x, a.y, p.x, p.y),
            PathSegment::CubicTo(a, b, p) => {
                write!(out, "C{} {} {} {} {} {}", a.x, a.y, b.x, b.y, p.x, p.y)
            }
            PathSegment::Close => write!(out, "Z"),
        };
    }
}

/// A path's fill and stroke as SVG attributes, colours from `hex`.
fn paint_attributes(out: &mut String, shape: &Shape, hex: &impl Fn(usize) -> String) {
    match &shape.fill {
        Some(f) => {
            let _ = write!(out, " fill=\"{}\"", hex(f.color));
            if f.even_odd {
                out.push_str(" fill-rule=\"evenodd\"");
            }
        }
        None => out.push_str(" fill=\"none\""),
    }
    if let Some(s) = &shape.stroke {
        let cap = ["butt", "round", "square"][usize::from(s.cap.min(2))];
        let join = ["miter", "round", "bevel"][usize::from(s.join.min(2))];
        let _ = write!(
            out,
            " stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"{cap}\" stroke-linejoin=\"{join}\" stroke-miterlimit=\"{}\"",
            hex(s.color),
            s.width,
            s.miter_limit
        );
        if !s.dash.0.is_empty() {
            let dash: Vec<String> = s.dash.0.iter().map(|d| d.to_string()).collect();
            let _ = write!(
                out,
                " stroke-dasharray=\"{}\" stroke-dashoffset=\"{}\"",
                dash.join(" "),
                s.dash.1
            );
        }
        if shape.stroke_first {
            out.push_str(" paint-order=\"stroke\"");
        }
    }
}
