//! One display page → its PDF content stream, with overprint set as it is drawn.
//!
//! The page is drawn in the display list's own coordinates: one `cm` flips y and moves the
//! origin to the trimmed page's top-left corner, and text gets a flipping text matrix, so
//! every position is written as layout computed it. Glyph positions become `TJ` adjustments
//! against the `/W` advances ([`super::fonts`]), computed from each glyph's absolute position,
//! so rounding never accumulates along a line.
//!
//! Overprint (`cjk-typesetting.md` §4.2): text whose fill is 100% K and strokes in 100% K
//! select [`OVERPRINT`] (`/OP true /op true /OPM 1`); everything else — fills (including 100%
//! K boxes, which are areas), white, pictures, registration marks — selects [`KNOCKOUT`]. The
//! writer tracks the state and emits `gs` only when it changes, always before a path is begun
//! (ISO 32000-1 §8.2 allows no `gs` between path construction and painting).
//!
//! Colours are DeviceCMYK components rounded to 1/255, as the previous writer stored them.
//! Nothing here depends on another page: a page comes out the same alone or in the edition.

use std::collections::HashMap;
use std::io::Write;

use super::fonts::FontUsage;
use super::marks;
use crate::color::Cmyk;
use crate::display::{ArtItem, DisplayPage, GlyphRun, ImageItem, Item, RectItem, Rule, Writing};
use crate::fonts::{FontBook, FontId};
use crate::model::Orientation;

/// The vertical origin above a glyph's baseline, in em: the `/DW2` default paiban relies on.
const VERTICAL_ORIGIN: f64 = 0.88;

/// Resource name of the overprinting ExtGState.
pub(crate) const OVERPRINT: &str = "PbOP";
/// Resource name of the knockout ExtGState.
pub(crate) const KNOCKOUT: &str = "PbKO";
/// Resource name of the registration colour space (Separation `/All`).
pub(crate) const REGISTRATION: &str = "All";

/// The fonts drawn so far in the document, in first-use order (`/F0`, `/F1`, …).
pub(crate) struct DocumentFonts<'a> {
    book: &'a FontBook,
    pub usages: Vec<FontUsage<'a>>,
    index: HashMap<FontId, usize>,
}

impl<'a> DocumentFonts<'a> {
    pub(crate) fn new(book: &'a FontBook) -> Self {
        DocumentFonts {
            book,
            usages: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn usage(&mut self, id: FontId) -> usize {
        if let Some(&i) = self.index.get(&id) {
            return i;
        }
        let i = self.usages.len();
        self.usages.push(FontUsage::new(self.book.face(id)));
        self.index.insert(id, i);
        i
    }
}

/// A page's content stream and the resources it names.
pub(crate) struct PageContent {
    /// The uncompressed content stream.
    pub bytes: Vec<u8>,
    /// Document font index of the page's `/F0`, `/F1`, … and whether it is the face's
    /// `Identity-V` font (names are local to the page, in first-use order, so a page's content
    /// does not depend on the other pages).
    pub fonts: Vec<(usize, bool)>,
    /// Document picture index of the page's `/Im0`, `/Im1`, …
    pub pictures: Vec<usize>,
    /// Document placed-art index of the page's `/Fm0`, `/Fm1`, …
    pub arts: Vec<usize>,
    /// Whether the page uses the registration colour (marks).
    pub registration: bool,
}

/// Draw `page`. `pictures` gives, for each of the page's image items in order, the document
/// picture index. `margin` is the room for bleed and marks around the trim.
pub(crate) fn page(
    page: &DisplayPage,
    fonts: &mut DocumentFonts<'_>,
    (pictures, arts): (&[usize], &[usize]),
    margin: f32,
    bleed: f32,
    with_marks: bool,
) -> PageContent {
    let mut w = Writer::default();
    let media_height = page.height + 2.0 * margin;
    w.out.extend_from_slice(b"q\n");
    w.ops(&[1.0, 0.0, 0.0, -1.0, margin, media_height - margin], "cm");
    let mut font_list = Vec::new();
    let mut picture_list = Vec::new();
    let mut next_picture = pictures.iter();
    let mut art_list = Vec::new();
    let mut next_art = arts.iter();
    for item in &page.items {
        match item {
            Item::Text(run) => {
                let f = fonts.usage(run.font);
                let vertical = run.writing == Writing::Vertical;
                fonts.usages[f].vertical |= vertical;
                let local = local_index(&mut font_list, (f, vertical));
                w.text(run, local, &mut fonts.usages[f]);
            }
            Item::Rule(rule) => w.rule(rule),
            Item::Rect(rect) => w.rect(rect),
            Item::Image(image) => {
                if let Some(&p) = next_picture.next() {
                    let local = local_index(&mut picture_list, p);
                    w.image(image, local);
                }
            }
            Item::Art(art) => {
                if let Some(&a) = next_art.next() {
                    let local = local_index(&mut art_list, a);
                    w.art(art, local);
                }
            }
        }
    }
    w.end_text();
    w.out.extend_from_slice(b"Q\n");
    if with_marks {
        // Marks are placed on the enlarged page, outside the translated trim.
        let mut m = Writer::default();
        m.out.extend_from_slice(b"q\n");
        m.ops(&[1.0, 0.0, 0.0, -1.0, 0.0, media_height], "cm");
        m.marks(page, margin, bleed);
        m.out.extend_from_slice(b"Q\n");
        w.out.extend_from_slice(&m.out);
    }
    PageContent {
        bytes: w.out,
        fonts: font_list,
        pictures: picture_list,
        arts: art_list,
        registration: with_marks,
    }
}

/// The page-local number of document resource `index`, adding it on first use.
fn local_index<T: PartialEq>(list: &mut Vec<T>, index: T) -> usize {
    match list.iter().position(|i| *i == index) {
        Some(local) => local,
        None => {
            list.push(index);
            list.len() - 1
        }
    }
}

/// A CMYK colour as bytes (1/255 steps).
type Bytes4 = [u8; 4];

fn bytes(c: Cmyk) -> Bytes4 {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    [b(c.c), b(c.m), b(c.y), b(c.k)]
}

const BLACK: Bytes4 = [0, 0, 0, 255];

/// The graphics state the writer has set, to skip operators that change nothing.
#[derive(Default)]
struct Writer {
    out: Vec<u8>,
    in_text: bool,
    fill: Option<Bytes4>,
    stroke: Option<Bytes4>,
    /// Whether the overprint state is selected (the initial graphics state does not overprint).
    overprint: bool,
    font: Option<(usize, f32)>,
    line_width: Option<f32>,
    dashed: bool,
}

impl Writer {
    /// Write `value` with at most `decimals` decimals, no exponent, no trailing zeros.
    fn num_with(&mut self, value: f32, decimals: u32) {
        let scale = 10_i64.pow(decimals);
        let v = if value.is_finite() { value } else { 0.0 };
        let scaled = (f64::from(v) * scale as f64).round() as i64;
        if scaled < 0 {
            self.out.push(b'-');
        }
        let a = scaled.unsigned_abs();
        let (int, mut frac) = (a / scale as u64, a % scale as u64);
        // By hand rather than with `write!`: a page has tens of thousands of numbers.
        push_digits(&mut self.out, int, 1);
        if frac != 0 {
            let mut digits = decimals;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            self.out.push(b'.');
            push_digits(&mut self.out, frac, digits);
        }
    }

    fn num(&mut self, value: f32) {
        self.num_with(value, 3);
    }

    fn ops(&mut self, operands: &[f32], operator: &str) {
        for &v in operands {
            self.num(v);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }

    fn colour_ops(&mut self, c: Bytes4, operator: &str) {
        for v in c {
            self.num_with(f32::from(v) / 255.0, 4);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }

    fn set_fill(&mut self, c: Bytes4) {
        if self.fill != Some(c) {
            self.colour_ops(c, "k");
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, c: Bytes4) {
        if self.stroke != Some(c) {
            self.colour_ops(c, "K");
            self.stroke = Some(c);
        }
    }

    fn set_overprint(&mut self, on: bool) {
        if self.overprint != on {
            let name = if on { OVERPRINT } else { KNOCKOUT };
            let _ = writeln!(self.out, "/{name} gs");
            self.overprint = on;
        }
    }

    fn set_line(&mut self, width: f32, dash: &[f32]) {
        if self.line_width != Some(width) {
            self.ops(&[width], "w");
            self.line_width = Some(width);
        }
        let dashed = valid_dash(dash);
        if dashed {
            self.out.push(b'[');
            for (i, &d) in dash.iter().enumerate() {
                if i > 0 {
                    self.out.push(b' ');
                }
                self.num(d);
            }
            self.out.extend_from_slice(b"] 0 d\n");
        } else if self.dashed {
            self.out.extend_from_slice(b"[] 0 d\n");
        }
        self.dashed = dashed;
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    fn text(&mut self, run: &GlyphRun, font: usize, usage: &mut FontUsage<'_>) {
        let size = run.size;
        if !(size.is_finite() && size > 0.0) || run.glyphs.is_empty() {
            return;
        }
        let colour = bytes(run.color);
        self.begin_text();
        self.set_fill(colour);
        self.set_overprint(colour == BLACK);
        if self.font != Some((font, size)) {
            let _ = write!(self.out, "/F{font} ");
            self.ops(&[size], "Tf");
            self.font = Some((font, size));
        }
        match run.writing {
            Writing::Horizontal => {
                self.ops(&[1.0, 0.0, 0.0, -1.0, run.origin.0, run.origin.1], "Tm");
                self.line_run(run, usage, |g| (g.x, g.y));
            }
            Writing::Rotated => {
                // Text space turned a quarter clockwise: the pen runs down the page, glyph tops
                // face right. Positions along the column are the glyphs' `y`.
                let across = run.glyphs.first().map_or(0.0, |g| g.x);
                let (x, y) = (run.origin.0 + across, run.origin.1);
                self.ops(&[0.0, 1.0, 1.0, 0.0, x, y], "Tm");
                self.line_run(run, usage, |g| (g.y, 0.0));
            }
            Writing::Vertical => self.column_run(run, usage),
        }
    }

    /// The glyphs of a horizontal or turned run as `TJ` strings along the text matrix's
    /// x axis: `place` gives each glyph's position along it and its rise.
    fn line_run(
        &mut self,
        run: &GlyphRun,
        usage: &mut FontUsage<'_>,
        place: impl Fn(&crate::display::Glyph) -> (f32, f32),
    ) {
        let size = run.size;
        // Pen position along the baseline, points from the origin, as the viewer computes it.
        let mut pen = 0.0_f64;
        let mut rise = 0.0_f32;
        let mut open = false;
        let mut in_hex = false;
        let size64 = f64::from(size);
        for g in &run.glyphs {
            let text = run.text.get(g.text.clone()).unwrap_or("");
            let used = usage.glyph(g.id, text);
            let (along, y) = place(g);
            let want_rise = if y.abs() < 0.0005 { 0.0 } else { -y };
            let actual_text = used.needs_actual_text;
            if want_rise != rise || actual_text {
                self.close_tj(&mut open, &mut in_hex);
            }
            if want_rise != rise {
                self.ops(&[want_rise], "Ts");
                rise = want_rise;
            }
            if actual_text {
                self.out.extend_from_slice(b"/Span <</ActualText <FEFF");
                for unit in text.encode_utf16() {
                    let _ = write!(self.out, "{unit:04X}");
                }
                self.out.extend_from_slice(b">>> BDC\n");
            }
            if !open {
                self.out.push(b'[');
                open = true;
            }
            // Move the pen to the glyph: a TJ number n moves it by −n/1000 em.
            let adjust = -(f64::from(along) - pen) * 1000.0 / size64;
            let adjust = (adjust * 100.0).round() / 100.0;
            if adjust != 0.0 {
                if in_hex {
                    self.out.push(b'>');
                    in_hex = false;
                }
                self.num_with(adjust as f32, 2);
                pen -= adjust * size64 / 1000.0;
            }
            if !in_hex {
                self.out.push(b'<');
                in_hex = true;
            }
            push_hex4(&mut self.out, used.cid);
            pen += f64::from(used.width) * size64 / 1000.0;
            if actual_text {
                self.close_tj(&mut open, &mut in_hex);
                self.out.extend_from_slice(b"EMC\n");
            }
        }
        self.close_tj(&mut open, &mut in_hex);
        if rise != 0.0 {
            self.ops(&[0.0], "Ts");
        }
    }

    /// The glyphs of a vertical run, shown with the face's `Identity-V` font: the pen is each
    /// glyph's vertical origin (`/DW2`: half the glyph's width across from its horizontal
    /// origin, 0.88 em above it) and advances one em down; `TJ` numbers move it down the
    /// column, and a glyph off the column's line (a different width) starts a new `Tm`.
    fn column_run(&mut self, run: &GlyphRun, usage: &mut FontUsage<'_>) {
        let size = f64::from(run.size);
        let mut line_x: Option<f64> = None;
        let mut pen = 0.0_f64;
        let mut open = false;
        let mut in_hex = false;
        for g in &run.glyphs {
            let text = run.text.get(g.text.clone()).unwrap_or("");
            let used = usage.glyph(g.id, text);
            let x = f64::from(run.origin.0 + g.x) + f64::from(used.width) * size / 2000.0;
            let y = f64::from(run.origin.1 + g.y) - VERTICAL_ORIGIN * size;
            if used.needs_actual_text || line_x.is_none_or(|lx| (lx - x).abs() > 0.001) {
                self.close_tj(&mut open, &mut in_hex);
                self.ops(&[1.0, 0.0, 0.0, -1.0, x as f32, y as f32], "Tm");
                line_x = Some(x);
                pen = y;
            }
            if used.needs_actual_text {
                self.out.extend_from_slice(b"/Span <</ActualText <FEFF");
                for unit in text.encode_utf16() {
                    let _ = write!(self.out, "{unit:04X}");
                }
                self.out.extend_from_slice(b">>> BDC\n");
            }
            if !open {
                self.out.push(b'[');
                open = true;
            }
            // In vertical mode a TJ number n moves the pen down by n/1000 em.
            let adjust = ((y - pen) * 1000.0 / size * 100.0).round() / 100.0;
            if adjust != 0.0 {
                if in_hex {
                    self.out.push(b'>');
                    in_hex = false;
                }
                self.num_with(adjust as f32, 2);
                pen += adjust * size / 1000.0;
            }
            if !in_hex {
                self.out.push(b'<');
                in_hex = true;
            }
            push_hex4(&mut self.out, used.cid);
            pen += size;
            if used.needs_actual_text {
                self.close_tj(&mut open, &mut in_hex);
                self.out.extend_from_slice(b"EMC\n");
                line_x = None;
            }
        }
        self.close_tj(&mut open, &mut in_hex);
    }

    fn close_tj(&mut self, open: &mut bool, in_hex: &mut bool) {
        if *in_hex {
            self.out.push(b'>');
            *in_hex = false;
        }
        if *open {
            self.out.extend_from_slice(b"] TJ\n");
            *open = false;
        }
    }

    fn rule(&mut self, rule: &Rule) {
        if rule.width.is_nan() || rule.width <= 0.0 {
            return;
        }
        self.end_text();
        let colour = bytes(rule.color);
        self.set_overprint(colour == BLACK);
        self.set_stroke(colour);
        self.set_line(rule.width, &rule.dash);
        self.ops(&[rule.from.0, rule.from.1], "m");
        self.ops(&[rule.to.0, rule.to.1], "l");
        self.out.extend_from_slice(b"S\n");
    }

    /// Fill first, then stroke, as two paint operations: the fill knocks out, a 100% K
    /// outline overprints.
    fn rect(&mut self, rect: &RectItem) {
        let (x, y, w, h) = (rect.x, rect.y, rect.width, rect.height);
        if ![x, y, w, h].iter().all(|v| v.is_finite()) || w <= 0.0 || h <= 0.0 {
            return;
        }
        self.end_text();
        if let Some(c) = rect.fill {
            self.set_overprint(false);
            self.set_fill(bytes(c));
            self.ops(&[x, y, w, h], "re");
            self.out.extend_from_slice(b"f\n");
        }
        if let Some((c, width)) = rect.stroke.filter(|(_, w)| *w > 0.0) {
            let colour = bytes(c);
            self.set_overprint(colour == BLACK);
            self.set_stroke(colour);
            self.set_line(width, &[]);
            self.ops(&[x, y, w, h], "re");
            self.out.extend_from_slice(b"S\n");
        }
    }

    fn image(&mut self, item: &ImageItem, picture: usize) {
        let (fx, fy, fw, fh) = item.frame;
        let (px, py, pw, ph) = item.placed;
        if !item.is_drawable() {
            return;
        }
        self.end_text();
        self.set_overprint(false);
        self.out.extend_from_slice(b"q\n");
        self.ops(&[fx, fy, fw, fh], "re");
        self.out.extend_from_slice(b"W n\n");
        self.ops(&placement(item.orientation, (px, py, pw, ph)), "cm");
        let _ = writeln!(self.out, "/Im{picture} Do");
        self.out.extend_from_slice(b"Q\n");
    }

    /// A placed PDF page, clipped to its frame.
    fn art(&mut self, item: &ArtItem, local: usize) {
        let (fx, fy, fw, fh) = item.frame;
        let matrix = super::art::placement(&item.art, item.placed);
        let sane = [fx, fy, fw, fh]
            .iter()
            .chain(&matrix)
            .all(|v| v.is_finite());
        if !sane || fw <= 0.0 || fh <= 0.0 {
            return;
        }
        self.end_text();
        // The art sets its own overprint; start it from knockout like a fresh page.
        self.set_overprint(false);
        self.out.extend_from_slice(b"q\n");
        self.ops(&[fx, fy, fw, fh], "re");
        self.out.extend_from_slice(b"W n\n");
        self.ops(&matrix, "cm");
        let _ = writeln!(self.out, "/Fm{local} Do");
        // Whatever the form sets stays inside this q/Q, so the writer's idea of the current
        // colours and states still holds after it.
        self.out.extend_from_slice(b"Q\n");
    }

    /// Crop and registration marks in registration colour.
    fn marks(&mut self, page: &DisplayPage, margin: f32, bleed: f32) {
        let geometry = marks::marks(margin, page.width, page.height, bleed);
        self.set_overprint(false);
        let _ = writeln!(self.out, "/{REGISTRATION} CS\n1 SCN");
        self.set_line(marks::STROKE, &[]);
        for line in &geometry.lines {
            self.ops(&[line.from.0, line.from.1], "m");
            self.ops(&[line.to.0, line.to.1], "l");
        }
        for &((cx, cy), r) in &geometry.circles {
            // A circle as four cubic Béziers (control distance 0.5523 r).
            let k = 0.552_284_8 * r;
            self.ops(&[cx + r, cy], "m");
            self.ops(&[cx + r, cy + k, cx + k, cy + r, cx, cy + r], "c");
            self.ops(&[cx - k, cy + r, cx - r, cy + k, cx - r, cy], "c");
            self.ops(&[cx - r, cy - k, cx - k, cy - r, cx, cy - r], "c");
            self.ops(&[cx + k, cy - r, cx + r, cy - k, cx + r, cy], "c");
            self.out.extend_from_slice(b"h\n");
        }
        self.out.extend_from_slice(b"S\n");
    }
}

/// The matrix that draws an image's unit square onto `placed` (x, y, width, height, y down)
/// as it is seen. Image space has its first stored row at the top (v = 1); the stored pixel
/// at fractions (u, 1 − v) is seen where [`Orientation::map`] puts it, so the matrix is found
/// from where the origin and the two unit vectors land.
fn placement(orientation: Orientation, (px, py, pw, ph): (f32, f32, f32, f32)) -> [f32; 6] {
    let at = |u: f32, v: f32| {
        let (x, y) = orientation.map(u, 1.0 - v);
        (px + x * pw, py + y * ph)
    };
    let (e, f) = at(0.0, 0.0);
    let (ux, uy) = at(1.0, 0.0);
    let (vx, vy) = at(0.0, 1.0);
    [ux - e, uy - f, vx - e, vy - f, e, f]
}

/// Decimal digits of `n`, zero-padded to at least `width`.
fn push_digits(out: &mut Vec<u8>, mut n: u64, width: u32) {
    let mut buf = [0_u8; 20];
    let mut i = buf.len();
    let mut written = 0;
    while n > 0 || written < width {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        written += 1;
    }
    out.extend_from_slice(&buf[i..]);
}

/// A CID as four lowercase hex digits.
fn push_hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(&[
        HEX[usize::from(v >> 12)],
        HEX[usize::from((v >> 8) & 15)],
        HEX[usize::from((v >> 4) & 15)],
        HEX[usize::from(v & 15)],
    ]);
}

/// A dash pattern PDF accepts: finite, non-negative, not all zero (else the rule is solid).
fn valid_dash(dash: &[f32]) -> bool {
    !dash.is_empty()
        && dash.iter().all(|d| d.is_finite() && *d >= 0.0)
        && dash.iter().any(|d| *d > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(v: f32, decimals: u32) -> String {
        let mut w = Writer::default();
        w.num_with(v, decimals);
        String::from_utf8(w.out).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_the_rounding() {
        assert_eq!(number(0.0, 3), "0");
        assert_eq!(number(12.0, 3), "12");
        assert_eq!(number(-0.5, 3), "-0.5");
        assert_eq!(number(319.490_6, 3), "319.491");
        assert_eq!(number(0.000_4, 3), "0");
        assert_eq!(number(-350.004, 2), "-350");
        assert_eq!(number(1.05, 3), "1.05");
        assert_eq!(number(f32::NAN, 3), "0");
        assert_eq!(number(102.0 / 255.0, 4), "0.4");
        assert_eq!(number(1_077.165_4, 3), "1077.165");
        assert_eq!(number(-0.05, 2), "-0.05");
        assert_eq!(number(20.007, 3), "20.007");
    }

    #[test]
    fn cids_are_four_hex_digits() {
        let mut out = Vec::new();
        for v in [0, 0x1c, 0xabcd, 0xffff] {
            push_hex4(&mut out, v);
        }
        assert_eq!(out, b"0000001cabcdffff");
    }

    #[test]
    fn degenerate_dash_patterns_become_solid() {
        assert!(valid_dash(&[2.0, 1.0]));
        assert!(!valid_dash(&[]));
        assert!(!valid_dash(&[0.0, 0.0]));
        assert!(!valid_dash(&[2.0, -1.0]));
    }

    #[test]
    fn cmyk_components_become_bytes() {
        assert_eq!(bytes(Cmyk::BLACK), BLACK);
        let c = Cmyk {
            c: 0.4,
            m: 0.3,
            y: 1.5,
            k: -1.0,
        };
        assert_eq!(bytes(c), [102, 77, 255, 0]);
    }

    fn stroke_rule(color: Cmyk) -> Rule {
        Rule {
            from: (0.0, 0.0),
            to: (10.0, 0.0),
            width: 0.5,
            color,
            dash: Vec::new(),
        }
    }

    #[test]
    fn black_strokes_overprint_before_the_path_and_fills_knock_out() {
        let mut w = Writer::default();
        w.rect(&RectItem {
            x: 0.0,
            y: 0.0,
            width: 5.0,
            height: 5.0,
            fill: Some(Cmyk::BLACK),
            stroke: None,
        });
        w.rule(&stroke_rule(Cmyk::BLACK));
        w.rule(&stroke_rule(Cmyk::gray(0.5)));
        let out = String::from_utf8(w.out).unwrap();
        // The fill keeps the initial knockout state, so nothing is emitted before it.
        let fill = out.find(" re\nf").unwrap();
        assert!(!out[..fill].contains(" gs"), "{out}");
        let op = out.find("/PbOP gs").unwrap();
        let first_m = out.find(" m\n").unwrap();
        assert!(fill < op && op < first_m, "{out}");
        let ko = out.find("/PbKO gs").unwrap();
        assert!(ko > first_m && ko < out.rfind(" m\n").unwrap(), "{out}");
    }

    #[test]
    fn a_state_is_emitted_only_when_it_changes() {
        let mut w = Writer::default();
        for _ in 0..3 {
            w.rule(&stroke_rule(Cmyk::BLACK));
        }
        let out = String::from_utf8(w.out).unwrap();
        assert_eq!(out.matches(" gs").count(), 1, "{out}");
        assert_eq!(out.matches(" K\n").count(), 1, "{out}");
        assert_eq!(out.matches(" w\n").count(), 1, "{out}");
    }

    #[test]
    fn a_dashed_rule_is_followed_by_a_solid_one() {
        let mut w = Writer::default();
        let mut dashed = stroke_rule(Cmyk::BLACK);
        dashed.dash = vec![2.0, 1.0];
        w.rule(&dashed);
        w.rule(&stroke_rule(Cmyk::BLACK));
        let out = String::from_utf8(w.out).unwrap();
        assert!(out.contains("[2 1] 0 d\n"), "{out}");
        assert!(out.contains("[] 0 d\n"), "{out}");
    }
}
