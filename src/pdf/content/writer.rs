//! The content stream writer: numbers written short, and the graphics state it has set, so
//! that an operator that would change nothing is left out.

use std::io::Write;

use super::{KNOCKOUT, OVERPRINT};
use crate::color::Cmyk;

/// A CMYK colour as bytes (1/255 steps).
pub(super) type Bytes4 = [u8; 4];

/// `c` as the writer compares and writes it.
pub(super) fn bytes(c: Cmyk) -> Bytes4 {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    [b(c.c), b(c.m), b(c.y), b(c.k)]
}

/// 100% K: text and strokes in it overprint.
pub(super) const BLACK: Bytes4 = [0, 0, 0, 255];

/// The graphics state the writer has set, to skip operators that change nothing.
#[derive(Default)]
pub(super) struct Writer {
    pub(super) out: Vec<u8>,
    in_text: bool,
    fill: Option<Bytes4>,
    stroke: Option<Bytes4>,
    /// Whether the overprint state is selected (the initial graphics state does not overprint).
    overprint: bool,
    pub(super) font: Option<(usize, f32)>,
    line_width: Option<f32>,
    dashed: bool,
}

impl Writer {
    /// Write `value` with at most `decimals` decimals, no exponent, no trailing zeros.
    pub(super) fn num_with(&mut self, value: f32, decimals: u32) {
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

    pub(super) fn ops(&mut self, operands: &[f32], operator: &str) {
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

    pub(super) fn set_fill(&mut self, c: Bytes4) {
        if self.fill != Some(c) {
            self.colour_ops(c, "k");
            self.fill = Some(c);
        }
    }

    pub(super) fn set_stroke(&mut self, c: Bytes4) {
        if self.stroke != Some(c) {
            self.colour_ops(c, "K");
            self.stroke = Some(c);
        }
    }

    pub(super) fn set_overprint(&mut self, on: bool) {
        if self.overprint != on {
            let name = if on { OVERPRINT } else { KNOCKOUT };
            let _ = writeln!(self.out, "/{name} gs");
            self.overprint = on;
        }
    }

    pub(super) fn set_line(&mut self, width: f32, dash: &[f32]) {
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

    pub(super) fn begin_text(&mut self) {
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
        }
    }

    pub(super) fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
            self.in_text = false;
        }
    }

    pub(super) fn close_tj(&mut self, open: &mut bool, in_hex: &mut bool) {
        if *in_hex {
            self.out.push(b'>');
            *in_hex = false;
        }
        if *open {
            self.out.extend_from_slice(b"] TJ\n");
            *open = false;
        }
    }
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
pub(super) fn push_hex4(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.extend_from_slice(&[
        HEX[usize::from(v >> 12)],
        HEX[usize::from((v >> 8) & 15)],
        HEX[usize::from((v >> 4) & 15)],
        HEX[usize::from(v & 15)],
    ]);
}

/// A dash pattern PDF accepts: finite, non-negative, not all zero (else the rule is solid).
pub(super) fn valid_dash(dash: &[f32]) -> bool {
    !dash.is_empty()
        && dash.iter().all(|d| d.is_finite() && *d >= 0.0)
        && dash.iter().any(|d| *d > 0.0)
}
