//! SVG art → a form XObject of DeviceCMYK paths, and the rule that turns its sRGB colours
//! into CMYK.
//!
//! The colours (`docs/format.md`, "SVG art"):
//! - a neutral colour (R, G and B within 2 levels of each other: black, grays, white) is
//!   black ink only, K = 1 − the gray level (#000 → K 100, #808080 → K 50, #fff → no ink), so
//!   black calligraphy prints on one plate and never misregisters;
//! - any other colour is separated as RGB photos are: through the output profile with
//!   littlecms (the layout's rendering intent and black point compensation), or without a
//!   profile by the same naive full-GCR rule, under the ink limit either way;
//! - with `rgb_conversion: gray`, every colour is black ink of its luminance.
//!
//! Each colour is separated once per file, however many shapes paint it.

use std::io::Write;

use super::separate::{self, Separation};
use super::{PdfOptions, RgbConversion};
use crate::color::{self, Cmyk};
use crate::model::vector::{Shape, VectorArt};

/// The CMYK of each of `art`'s colours as the PDF writes them, with the output's profile.
pub(crate) fn colors(colors: &[[u8; 3]], options: &PdfOptions) -> Result<Vec<Cmyk>, String> {
    let separation = options.icc_profile.as_ref().map(|(_, profile)| Separation {
        profile,
        intent: options.rendering_intent,
        black_point_compensation: options.black_point_compensation,
        ink_limit: options.ink_limit,
    });
    separate_colors(
        colors,
        separation.as_ref(),
        options.rgb_conversion,
        options.ink_limit,
    )
}

fn separate_colors(
    colors: &[[u8; 3]],
    separation: Option<&Separation<'_>>,
    conversion: RgbConversion,
    ink_limit: f32,
) -> Result<Vec<Cmyk>, String> {
    let byte = |v: u8| f32::from(v) / 255.0;
    if conversion == RgbConversion::Gray {
        return Ok(colors
            .iter()
            .map(|&[r, g, b]| Cmyk::gray(1.0 - byte(super::image::luminance(r, g, b))))
            .collect());
    }
    let Some(how) = separation else {
        return Ok(colors
            .iter()
            .map(|c| color::unmanaged_cmyk(*c, ink_limit))
            .collect());
    };
    let chromatic: Vec<u8> = colors
        .iter()
        .filter(|c| color::neutral_black(**c).is_none())
        .flatten()
        .copied()
        .collect();
    let separated = separate::separate(&chromatic, None, how)?;
    let mut separated = separated.chunks_exact(4);
    Ok(colors
        .iter()
        .map(|c| {
            color::neutral_black(*c).unwrap_or_else(|| match separated.next() {
                Some(&[c, m, y, k]) => Cmyk {
                    c: byte(c),
                    m: byte(m),
                    y: byte(y),
                    k: byte(k),
                },
                _ => Cmyk::BLACK,
            })
        })
        .collect())
}

/// The content stream of `art`'s form: the art's space (SVG units, y down) onto the form's
/// `BBox` [0 0 width height] in points, then each shape in its own `q`/`Q`.
pub(crate) fn content(art: &VectorArt, colors: &[Cmyk]) -> Vec<u8> {
    let mut out = Vec::new();
    let (_, h) = art.size_pt();
    let _ = writeln!(out, "0.75 0 0 -0.75 0 {} cm", num(h));
    for shape in &art.shapes {
        if shape.transform.iter().any(|v| !v.is_finite()) {
            continue;
        }
        out.extend_from_slice(b"q\n");
        ops(&mut out, &shape.transform, "cm");
        let stroke_first = shape.stroke_first && shape.fill.is_some();
        if let Some(s) = &shape.stroke {
            set_color(&mut out, colors.get(s.color), "K");
            ops(&mut out, &[s.width], "w");
            let _ = writeln!(out, "{} J {} j", s.cap, s.join);
            ops(&mut out, &[s.miter_limit.max(1.0)], "M");
            if !s.dash.0.is_empty() {
                out.push(b'[');
                for (i, d) in s.dash.0.iter().enumerate() {
                    if i > 0 {
                        out.push(b' ');
                    }
                    out.extend_from_slice(num(*d).as_bytes());
                }
                let _ = writeln!(out, "] {} d", num(s.dash.1));
            }
        }
        if let Some(f) = &shape.fill {
            set_color(&mut out, colors.get(f.color), "k");
        }
        let fill_op = match &shape.fill {
            Some(f) if f.even_odd => "f*",
            Some(_) => "f",
            None => "",
        };
        if stroke_first {
            path(&mut out, shape);
            out.extend_from_slice(b"S\n");
            path(&mut out, shape);
            let _ = writeln!(out, "{fill_op}");
        } else {
            path(&mut out, shape);
            let op = match (&shape.fill, shape.stroke.is_some()) {
                (Some(f), true) if f.even_odd => "B*",
                (Some(_), true) => "B",
                (None, _) => "S",
                (Some(_), false) => fill_op,
            };
            let _ = writeln!(out, "{op}");
        }
        out.extend_from_slice(b"Q\n");
    }
    out
}

fn set_color(out: &mut Vec<u8>, color: Option<&Cmyk>, op: &str) {
    let c = color.copied().unwrap_or(Cmyk::BLACK);
    ops(out, &[c.c, c.m, c.y, c.k].map(round255), op);
}

/// A component rounded to 1/255, as the page writer stores colours.
fn round255(v: f32) -> f32 {
    (v.clamp(0.0, 1.0) * 255.0).round() / 255.0
}

/// The shape's outline as path construction operators; quadratic segments become cubics.
fn path(out: &mut Vec<u8>, shape: &Shape) {
    use usvg::tiny_skia_path::PathSegment;
    let mut last = (0.0_f32, 0.0_f32);
    for segment in shape.path.segments() {
        match segment {
            PathSegment::MoveTo(p) => {
                ops(out, &[p.x, p.y], "m");
                last = (p.x, p.y);
            }
            PathSegment::LineTo(p) => {
                ops(out, &[p.x, p.y], "l");
                last = (p.x, p.y);
            }
            PathSegment::QuadTo(q, p) => {
                let c1 = (
                    last.0 + 2.0 / 3.0 * (q.x - last.0),
                    last.1 + 2.0 / 3.0 * (q.y - last.1),
                );
                let c2 = (p.x + 2.0 / 3.0 * (q.x - p.x), p.y + 2.0 / 3.0 * (q.y - p.y));
                ops(out, &[c1.0, c1.1, c2.0, c2.1, p.x, p.y], "c");
                last = (p.x, p.y);
            }
            PathSegment::CubicTo(c1, c2, p) => {
                ops(out, &[c1.x, c1.y, c2.x, c2.y, p.x, p.y], "c");
                last = (p.x, p.y);
            }
            PathSegment::Close => out.extend_from_slice(b"h\n"),
        }
    }
}

fn ops(out: &mut Vec<u8>, values: &[f32], op: &str) {
    for v in values {
        out.extend_from_slice(num(*v).as_bytes());
        out.push(b' ');
    }
    out.extend_from_slice(op.as_bytes());
    out.push(b'\n');
}

/// A number with at most 4 decimals and no trailing zeros (finite values only reach here).
fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{:.4}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_and_grays_are_black_ink_only_and_colours_are_separated() {
        let colours = [
            [0, 0, 0],
            [128, 128, 128],
            [255, 255, 255],
            [201, 0, 0],
            [10, 11, 12],
        ];
        let cmyk = separate_colors(&colours, None, RgbConversion::Cmyk, 240.0).unwrap();
        assert_eq!(cmyk[0], Cmyk::BLACK);
        assert_eq!(cmyk[1].c + cmyk[1].m + cmyk[1].y, 0.0);
        assert!((cmyk[1].k - 0.498).abs() < 0.01, "{:?}", cmyk[1]);
        assert_eq!(cmyk[2], Cmyk::WHITE);
        assert!(cmyk[3].m > 0.9 && cmyk[3].y > 0.9, "{:?}", cmyk[3]);
        // Near-black from a design program's rounding is still one plate.
        assert_eq!(cmyk[4].c + cmyk[4].m + cmyk[4].y, 0.0);
        let gray = separate_colors(&colours, None, RgbConversion::Gray, 240.0).unwrap();
        assert!(gray.iter().all(|c| c.c + c.m + c.y == 0.0));
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(0.12345), "0.1235");
        assert_eq!(num(f32::NAN), "0");
    }
}
