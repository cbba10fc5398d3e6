//! A display page → SVG.
//!
//! No `<text>` and no fonts: each glyph is one `<path>` in font units, defined once and placed
//! with `<use>`, so the page looks the same in every browser whatever fonts it has. A glyph
//! run is one `<g>` whose transform scales font units to the run's size and flips y; its
//! glyphs are `<use>`s at their x (and y offset) in font units. Pictures are PNG data URLs or
//! links, clipped to their frame. Text and strokes in 100% K that fall on a tint or a picture
//! get `mix-blend-mode: multiply`, the screen's version of overprint.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::glyphs::{FaceKey, push_def_id, push_int, push_number};
use super::raster::overprints;
use super::{GlyphDefs, PictureLinks, Renderer, SvgOptions};
use crate::color::Cmyk;
use crate::display::{DisplayPage, GlyphRun, ImageItem, Item, RectItem, Rule, Writing};
use crate::fonts::FontBook;

/// Areas painted so far that black would overprint: tints and pictures.
type Painted = Vec<(f32, f32, f32, f32)>;

/// The glyphs a page draws, in first-use order, for its own `<defs>`.
#[derive(Default)]
struct UsedGlyphs {
    order: Vec<(FaceKey, u16)>,
    seen: HashSet<(FaceKey, u16)>,
}

/// The page as an SVG file, written into `out` (cleared first; its memory is reused).
pub(crate) fn page(
    renderer: &mut Renderer,
    page: &DisplayPage,
    book: &FontBook,
    options: &SvgOptions,
    out: &mut String,
) {
    let mut body = std::mem::take(&mut renderer.svg_body.0);
    body.clear();
    body.reserve(page.items.len() * 200);
    let used = page_body(renderer, page, book, options, &mut body);
    let inline = options.glyph_defs == GlyphDefs::Inline;
    // Sized once: the glyph definitions are most of a page (a megabyte on a busy one), and a
    // string grown to that size is copied into fresh memory at every doubling.
    let defs = if inline {
        renderer.glyphs.defs_len(&used.order)
    } else {
        0
    };
    out.clear();
    out.reserve(defs + body.len() + 400);
    let (w, h) = (page.width, page.height);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}pt\" height=\"{h}pt\" data-page=\"{}\">",
        page.number
    );
    if inline {
        // The page's own glyphs, whatever the renderer drew before: the file stands alone.
        out.push_str("<defs>");
        renderer.glyphs.push_defs(out, &used.order);
        out.push_str("</defs>");
    }
    let _ = write!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>");
    out.push_str(&body);
    out.push_str("</svg>");
    renderer.svg_body.0 = body;
}

/// Every item of `page` onto `body`, in painting order; the glyphs drawn, for the `<defs>`.
fn page_body(
    renderer: &mut Renderer,
    page: &DisplayPage,
    book: &FontBook,
    options: &SvgOptions,
    body: &mut String,
) -> UsedGlyphs {
    let mut used = UsedGlyphs::default();
    let mut painted = Painted::new();
    let mut clips = 0usize;
    let prefix = format!("p{}", page.number);
    for item in &page.items {
        match item {
            Item::Text(run) => text(renderer, body, run, book, (&painted, &mut used)),
            Item::Rule(r) => rule(body, r, &painted),
            Item::Rect(r) => rect(body, r, &mut painted),
            Item::Art(art) => {
                if super::vector::svg(body, art) {
                    let (x, y, w, h) = art.frame;
                    painted.push((x, y, x + w, y + h));
                } else {
                    rect(body, &super::art_stand_in(art), &mut painted);
                }
            }
            Item::Image(image) => {
                picture(renderer, body, image, options, &prefix, clips);
                clips += 1;
                let (x, y, w, h) = image.frame;
                painted.push((x, y, x + w, y + h));
            }
        }
    }
    used
}

fn hex(c: Cmyk) -> String {
    let [r, g, b] = super::color::cmyk_to_rgb(c);
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn num(out: &mut String, v: f32) {
    // Page coordinates to a hundredth of a point: far below a pixel at any zoom.
    let v = if v.is_finite() {
        v.clamp(-1e7, 1e7)
    } else {
        0.0
    };
    let hundredths = super::glyphs::round_i32(v * 100.0);
    if hundredths < 0 {
        out.push('-');
    }
    let a = hundredths.unsigned_abs();
    push_int(out, (a / 100) as i32);
    let f = a % 100;
    if f != 0 {
        out.push('.');
        out.push(char::from(b'0' + (f / 10) as u8));
        if f % 10 != 0 {
            out.push(char::from(b'0' + (f % 10) as u8));
        }
    }
}

fn overlaps(painted: &Painted, b: (f32, f32, f32, f32)) -> bool {
    painted
        .iter()
        .any(|p| b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3)
}

fn blend(out: &mut String, colour: Cmyk, painted: &Painted, bounds: (f32, f32, f32, f32)) {
    if overprints(colour) && overlaps(painted, bounds) {
        out.push_str(" style=\"mix-blend-mode:multiply\"");
    }
}

/// The `transform` of a run's group: glyph units scaled by `s` to points at `origin`, y up,
/// or with `turned` a quarter turn clockwise (glyph x runs down the page, glyph y to the right).
fn run_matrix(out: &mut String, s: f32, turned: bool, (ox, oy): (f32, f32)) {
    out.push_str(" transform=\"matrix(");
    if turned {
        out.push_str("0 ");
        push_number_fine(out, s);
        out.push(' ');
        push_number_fine(out, s);
        out.push_str(" 0 ");
    } else {
        push_number_fine(out, s);
        out.push_str(" 0 0 ");
        push_number_fine(out, -s);
        out.push(' ');
    }
    num(out, ox);
    out.push(' ');
    num(out, oy);
    out.push_str(")\">");
}

fn text(
    renderer: &mut Renderer,
    out: &mut String,
    run: &GlyphRun,
    book: &FontBook,
    (painted, used): (&Painted, &mut UsedGlyphs),
) {
    if !(run.size.is_finite() && run.size > 0.0) || run.glyphs.is_empty() {
        return;
    }
    let (face, upem) = renderer.glyphs.face(book, run.font);
    let s = run.size / upem;
    let (ox, oy) = run.origin;
    let bounds = run_bounds(run);
    out.push_str("<g fill=\"");
    out.push_str(&hex(run.color));
    // The run's text, for search, screen readers and tests: the glyphs themselves are paths.
    out.push_str("\" aria-label=\"");
    escape_into(out, &run.text);
    out.push('"');
    blend(out, run.color, painted, bounds);
    let turned = run.writing == Writing::Rotated;
    run_matrix(out, s, turned, (ox, oy));
    for g in &run.glyphs {
        if renderer
            .glyphs
            .outline_in(book, (run.font, face), g.id)
            .is_none()
        {
            continue;
        }
        if used.seen.insert((face, g.id)) {
            used.order.push((face, g.id));
        }
        out.push_str("<use href=\"#");
        push_def_id(out, face, g.id);
        out.push_str("\" x=\"");
        let (x, y) = if turned { (g.y, 0.0) } else { (g.x, -g.y) };
        push_number(out, x / s);
        out.push('"');
        if y.abs() > 0.0005 {
            out.push_str(" y=\"");
            push_number(out, y / s);
            out.push('"');
        }
        out.push_str("/>");
    }
    out.push_str("</g>");
}

/// The box a run's glyphs can cover, for the overprint blend: one em about each glyph's
/// origin (ascenders above, descenders below, the advance along).
fn run_bounds(run: &GlyphRun) -> (f32, f32, f32, f32) {
    let (ox, oy) = run.origin;
    if run.writing == Writing::Horizontal {
        let right = run
            .glyphs
            .iter()
            .map(|g| g.x + g.advance)
            .fold(0.0, f32::max);
        return (ox, oy - run.size, ox + right, oy + run.size * 0.3);
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for g in &run.glyphs {
        let (gx, gy) = (ox + g.x, oy + g.y);
        let (w, h) = match run.writing {
            Writing::Rotated => (run.size, g.advance),
            _ => (g.advance.max(run.size), 0.0),
        };
        x0 = x0.min(gx - run.size * 0.3);
        y0 = y0.min(gy - run.size);
        x1 = x1.max(gx + w);
        y1 = y1.max(gy + h + run.size * 0.3);
    }
    (x0, y0, x1, y1)
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c < ' ' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A scale factor with enough digits (a 9 pt glyph of a 1000-unit font is 0.009).
fn push_number_fine(out: &mut String, v: f32) {
    let _ = write!(out, "{v:.6}");
    while out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.pop();
    }
}

fn rule(out: &mut String, r: &Rule, painted: &Painted) {
    if !(r.width.is_finite() && r.width > 0.0) {
        return;
    }
    out.push_str("<line x1=\"");
    num(out, r.from.0);
    out.push_str("\" y1=\"");
    num(out, r.from.1);
    out.push_str("\" x2=\"");
    num(out, r.to.0);
    out.push_str("\" y2=\"");
    num(out, r.to.1);
    out.push_str("\" stroke=\"");
    out.push_str(&hex(r.color));
    out.push_str("\" stroke-width=\"");
    num(out, r.width);
    out.push('"');
    let valid = r.dash.iter().all(|d| d.is_finite() && *d >= 0.0);
    if valid && r.dash.iter().any(|d| *d > 0.0) {
        out.push_str(" stroke-dasharray=\"");
        for (i, d) in r.dash.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            num(out, *d);
        }
        out.push('"');
    }
    let (x0, x1) = (r.from.0.min(r.to.0), r.from.0.max(r.to.0));
    let (y0, y1) = (r.from.1.min(r.to.1), r.from.1.max(r.to.1));
    blend(out, r.color, painted, (x0, y0 - r.width, x1, y1 + r.width));
    out.push_str("/>");
}

fn rect(out: &mut String, r: &RectItem, painted: &mut Painted) {
    let (x, y, w, h) = (r.x, r.y, r.width, r.height);
    if ![x, y, w, h].iter().all(|v| v.is_finite()) || w <= 0.0 || h <= 0.0 {
        return;
    }
    let open = |out: &mut String| {
        out.push_str("<rect x=\"");
        num(out, x);
        out.push_str("\" y=\"");
        num(out, y);
        out.push_str("\" width=\"");
        num(out, w);
        out.push_str("\" height=\"");
        num(out, h);
        out.push('"');
    };
    if let Some(fill) = r.fill {
        open(out);
        out.push_str(" fill=\"");
        out.push_str(&hex(fill));
        out.push_str("\"/>");
        if fill != Cmyk::WHITE {
            painted.push((x, y, x + w, y + h));
        }
    }
    if let Some((colour, width)) = r.stroke.filter(|(_, w)| w.is_finite() && *w > 0.0) {
        open(out);
        out.push_str(" fill=\"none\" stroke=\"");
        out.push_str(&hex(colour));
        out.push_str("\" stroke-width=\"");
        num(out, width);
        out.push('"');
        blend(out, colour, painted, (x, y, x + w, y + h));
        out.push_str("/>");
    }
}

fn picture(
    renderer: &mut Renderer,
    out: &mut String,
    item: &ImageItem,
    options: &SvgOptions,
    prefix: &str,
    n: usize,
) {
    let (fx, fy, fw, fh) = item.frame;
    let (px, py, pw, ph) = item.placed;
    if !item.is_drawable() {
        return;
    }
    let href = match &options.pictures {
        PictureLinks::Inline => match renderer.picture_png(item, options.picture_dpi) {
            Some(png) => format!("data:image/png;base64,{}", super::base64(&png)),
            None => return,
        },
        PictureLinks::Url(base) => match renderer.link_picture(item, options.picture_dpi) {
            Some(key) => format!("{base}{key:016x}.png"),
            None => return,
        },
        PictureLinks::WebJpeg(side) => match renderer.web_jpeg(item, *side) {
            Some(web) => format!("data:image/jpeg;base64,{}", super::base64(&web.jpeg)),
            None => return,
        },
    };
    let _ = write!(out, "<clipPath id=\"{prefix}c{n}\"><rect x=\"");
    num(out, fx);
    out.push_str("\" y=\"");
    num(out, fy);
    out.push_str("\" width=\"");
    num(out, fw);
    out.push_str("\" height=\"");
    num(out, fh);
    let _ = write!(
        out,
        "\"/></clipPath><image clip-path=\"url(#{prefix}c{n})\" preserveAspectRatio=\"none\" href=\"{href}\" x=\""
    );
    num(out, px);
    out.push_str("\" y=\"");
    num(out, py);
    out.push_str("\" width=\"");
    num(out, pw);
    out.push_str("\" height=\"");
    num(out, ph);
    out.push_str("\"/>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_short() {
        let mut s = String::new();
        for v in [0.0, 1.5, -2.25, 10.0, 0.001, f32::NAN] {
            num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0 1.5 -2.25 10 0 0 ");
    }

    #[test]
    fn only_black_on_a_painted_area_multiplies() {
        let painted = vec![(0.0, 0.0, 10.0, 10.0)];
        let mut s = String::new();
        blend(&mut s, Cmyk::BLACK, &painted, (5.0, 5.0, 20.0, 20.0));
        assert!(s.contains("multiply"));
        let mut s = String::new();
        blend(&mut s, Cmyk::BLACK, &painted, (15.0, 15.0, 20.0, 20.0));
        assert!(s.is_empty());
        blend(&mut s, Cmyk::gray(0.5), &painted, (5.0, 5.0, 20.0, 20.0));
        assert!(s.is_empty());
    }
}
