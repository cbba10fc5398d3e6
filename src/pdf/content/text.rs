//! Glyph runs as text: horizontal and turned runs along the text matrix, vertical runs down
//! the column with the face's `Identity-V` font, each glyph placed from its absolute position.

use std::io::Write;

use super::super::fonts::FontUsage;
use super::writer::{BLACK, Writer, bytes, push_hex4};
use crate::display::{GlyphRun, Writing};

/// The vertical origin above a glyph's baseline, in em: the `/DW2` default paiban relies on.
const VERTICAL_ORIGIN: f64 = 0.88;

impl Writer {
    /// `run` shown with the page's font `/F{font}`: the fill, overprint and font set where they
    /// change, then the glyphs as the run's writing direction places them.
    pub(super) fn text(&mut self, run: &GlyphRun, font: usize, usage: &mut FontUsage<'_>) {
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
                self.begin_actual_text(text);
            }
            // Move the pen to the glyph: a TJ number n moves it by −n/1000 em.
            let adjust = -(f64::from(along) - pen) * 1000.0 / size64;
            let adjust = (adjust * 100.0).round() / 100.0;
            self.show_glyph(used.cid, adjust, &mut open, &mut in_hex);
            if adjust != 0.0 {
                pen -= adjust * size64 / 1000.0;
            }
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
                self.begin_actual_text(text);
            }
            // In vertical mode a TJ number n moves the pen down by n/1000 em.
            let adjust = ((y - pen) * 1000.0 / size * 100.0).round() / 100.0;
            self.show_glyph(used.cid, adjust, &mut open, &mut in_hex);
            if adjust != 0.0 {
                pen += adjust * size / 1000.0;
            }
            pen += size;
            if used.needs_actual_text {
                self.close_tj(&mut open, &mut in_hex);
                self.out.extend_from_slice(b"EMC\n");
                line_x = None;
            }
        }
        self.close_tj(&mut open, &mut in_hex);
    }

    /// Open a marked span whose `/ActualText` is `text` (UTF-16BE with its byte-order mark).
    fn begin_actual_text(&mut self, text: &str) {
        self.out.extend_from_slice(b"/Span <</ActualText <FEFF");
        for unit in text.encode_utf16() {
            let _ = write!(self.out, "{unit:04X}");
        }
        self.out.extend_from_slice(b">>> BDC\n");
    }

    /// Show glyph `cid` in the open `TJ` array (opening it), after a pen move of `adjust`
    /// thousandths of an em when it is not zero.
    fn show_glyph(&mut self, cid: u16, adjust: f64, open: &mut bool, in_hex: &mut bool) {
        if !*open {
            self.out.push(b'[');
            *open = true;
        }
        if adjust != 0.0 {
            if *in_hex {
                self.out.push(b'>');
                *in_hex = false;
            }
            self.num_with(adjust as f32, 2);
        }
        if !*in_hex {
            self.out.push(b'<');
            *in_hex = true;
        }
        push_hex4(&mut self.out, cid);
    }
}
