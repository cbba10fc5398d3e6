//! Everything but text: rules, boxes, pictures, placed art, and the crop and registration
//! marks.

use std::io::Write;

use super::super::marks;
use super::REGISTRATION;
use super::writer::{BLACK, Writer, bytes};
use crate::display::{ArtItem, DisplayPage, ImageItem, RectItem, Rule};
use crate::model::Orientation;

impl Writer {
    pub(super) fn rule(&mut self, rule: &Rule) {
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
    pub(super) fn rect(&mut self, rect: &RectItem) {
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

    pub(super) fn image(&mut self, item: &ImageItem, picture: usize) {
        let (fx, fy, fw, fh) = item.frame;
        let (px, py, pw, ph) = item.placed;
        if !item.is_drawable() {
            return;
        }
        let matrix = placement(item.orientation, (px, py, pw, ph));
        self.clipped_xobject([fx, fy, fw, fh], &matrix, format_args!("Im{picture}"));
    }

    /// A placed PDF page, clipped to its frame.
    pub(super) fn art(&mut self, item: &ArtItem, local: usize) {
        let (fx, fy, fw, fh) = item.frame;
        let matrix = super::super::art::placement(&item.art, item.placed);
        let sane = [fx, fy, fw, fh]
            .iter()
            .chain(&matrix)
            .all(|v| v.is_finite());
        if !sane || fw <= 0.0 || fh <= 0.0 {
            return;
        }
        // The art sets its own overprint; it starts from knockout like a fresh page.
        self.clipped_xobject([fx, fy, fw, fh], &matrix, format_args!("Fm{local}"));
    }

    /// Draw the XObject `name` through `matrix`, clipped to `frame`, with overprint off. All
    /// inside q/Q: whatever a form sets stays in it, so the writer's idea of the current
    /// colours and states still holds after it.
    fn clipped_xobject(&mut self, frame: [f32; 4], matrix: &[f32; 6], name: std::fmt::Arguments) {
        self.end_text();
        self.set_overprint(false);
        self.out.extend_from_slice(b"q\n");
        self.ops(&frame, "re");
        self.out.extend_from_slice(b"W n\n");
        self.ops(matrix, "cm");
        let _ = writeln!(self.out, "/{name} Do");
        self.out.extend_from_slice(b"Q\n");
    }

    /// Crop and registration marks in registration colour.
    pub(super) fn marks(&mut self, page: &DisplayPage, margin: f32, bleed: f32) {
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
