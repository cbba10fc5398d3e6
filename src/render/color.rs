//! CMYK → sRGB for the screen: the 16-corner interpolation xpdf introduced and poppler and
//! MuPDF still use for DeviceCMYK without a profile.
//!
//! Each of the 16 solid ink combinations (no ink, C, M, CM, …, CMYK) has a measured-looking
//! RGB value; a colour is the multilinear blend of the corners, weighted by how much of each
//! ink is and is not there. The result matches `pdftoppm` to the unit on the colours a paper
//! uses (100% K → 35, 31, 32; 50% K → 145, 143, 143; 100% C → 0, 173, 239), so a proof and
//! poppler's rendering of the PDF can be compared pixel by pixel. It is a screen impression of
//! newsprint, not a colour-managed proof: that needs the plant's profile.

use crate::color::Cmyk;

/// RGB of the corners, indexed by the bits `c m y k` (c is bit 3, k bit 0).
const CORNERS: [[f32; 3]; 16] = [
    [1.0, 1.0, 1.0],          // paper
    [0.1373, 0.1216, 0.1255], // K
    [1.0, 0.9490, 0.0],       // Y
    [0.1098, 0.1020, 0.0],    // Y K
    [0.9255, 0.0, 0.5490],    // M
    [0.1412, 0.0, 0.0],       // M K
    [0.9294, 0.1098, 0.1412], // M Y
    [0.1333, 0.0, 0.0],       // M Y K
    [0.0, 0.6784, 0.9373],    // C
    [0.0, 0.0588, 0.1412],    // C K
    [0.0, 0.6510, 0.3137],    // C Y
    [0.0, 0.0745, 0.0],       // C Y K
    [0.1804, 0.1922, 0.5725], // C M
    [0.0, 0.0, 0.0078],       // C M K
    [0.2118, 0.2119, 0.2235], // C M Y
    [0.0, 0.0, 0.0],          // C M Y K
];

/// A CMYK colour as 8-bit sRGB.
pub fn cmyk_to_rgb(colour: Cmyk) -> [u8; 3] {
    let inks = [colour.c, colour.m, colour.y, colour.k].map(|v| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.0
        }
    });
    let mut rgb = [0.0_f32; 3];
    for (corner, value) in CORNERS.iter().enumerate() {
        let mut weight = 1.0;
        for (i, ink) in inks.iter().enumerate() {
            let present = corner & (8 >> i) != 0;
            weight *= if present { *ink } else { 1.0 - ink };
        }
        if weight > 0.0 {
            for (out, v) in rgb.iter_mut().zip(value) {
                *out += weight * v;
            }
        }
    }
    // Through poppler's 16.16 fixed point, so ties round as pdftoppm's do (50% K → 143).
    rgb.map(|v| {
        let fixed = (v.clamp(0.0, 1.0) * 65536.0) as u32;
        ((fixed * 255 + 0x8000) >> 16) as u8
    })
}

/// One in 16.16 fixed point: the corner values and ink weights of [`InkTable`].
const ONE: i64 = 1 << 16;

/// The same blend as [`cmyk_to_rgb`] for millions of photo pixels: a multilinear blend can be
/// taken one ink at a time, so the table holds, for each of the 256 black levels, the eight
/// C/M/Y corners already blended along K, and a pixel is seven linear blends in fixed point
/// (a float blend of all 16 corners per pixel took most of an e-paper build). It agrees with
/// [`cmyk_to_rgb`] to one unit.
pub(crate) struct InkTable {
    /// `[k][c m y corner][channel]`, 16.16 fixed point.
    by_black: Vec<[[i64; 3]; 8]>,
    /// An ink byte as a weight, 16.16 fixed point.
    weight: [i64; 256],
}

impl InkTable {
    pub fn new() -> InkTable {
        let fixed = |v: f32| (f64::from(v) * ONE as f64).round() as i64;
        let weight = std::array::from_fn(|v| (v as i64 * ONE + 127) / 255);
        let by_black = (0..256)
            .map(|k| {
                let k = k as f32 / 255.0;
                std::array::from_fn(|cmy| {
                    // CORNERS index: c m y k bits; `cmy` is the c m y bits.
                    let (no_k, solid_k) = (CORNERS[cmy << 1], CORNERS[cmy << 1 | 1]);
                    std::array::from_fn(|ch| fixed(no_k[ch] * (1.0 - k) + solid_k[ch] * k))
                })
            })
            .collect();
        InkTable { by_black, weight }
    }

    /// Inks as bytes (0 = no ink) → sRGB.
    pub fn rgb(&self, [c, m, y, k]: [u8; 4]) -> [u8; 3] {
        let lerp = |a: i64, b: i64, w: i64| a + (((b - a) * w) >> 16);
        let corners = &self.by_black[usize::from(k)];
        let (wc, wm, wy) = (
            self.weight[usize::from(c)],
            self.weight[usize::from(m)],
            self.weight[usize::from(y)],
        );
        std::array::from_fn(|ch| {
            let along_y = |i: usize| lerp(corners[i][ch], corners[i | 1][ch], wy);
            let along_m = |i: usize| lerp(along_y(i), along_y(i | 2), wm);
            let v = lerp(along_m(0), along_m(4), wc).clamp(0, ONE);
            // Poppler's rounding, as in `cmyk_to_rgb`.
            ((v * 255 + 0x8000) >> 16) as u8
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmyk(c: f32, m: f32, y: f32, k: f32) -> Cmyk {
        Cmyk { c, m, y, k }
    }

    /// 8-bit inks through the float blend, one colour at a time.
    fn cmyk_bytes_to_rgb(c: u8, m: u8, y: u8, k: u8) -> [u8; 3] {
        let f = |v: u8| f32::from(v) / 255.0;
        cmyk_to_rgb(cmyk(f(c), f(m), f(y), f(k)))
    }

    #[test]
    fn matches_poppler_on_the_measured_colours() {
        // Measured with pdftoppm 22.12 (preview-and-render.md §3).
        assert_eq!(cmyk_to_rgb(Cmyk::BLACK), [35, 31, 32]);
        assert_eq!(cmyk_to_rgb(cmyk(0.4, 0.3, 0.3, 1.0)), [20, 17, 17]);
        assert_eq!(cmyk_to_rgb(Cmyk::gray(0.5)), [145, 143, 143]);
        assert_eq!(cmyk_to_rgb(cmyk(1.0, 0.0, 0.0, 0.0)), [0, 173, 239]);
        assert_eq!(cmyk_to_rgb(Cmyk::WHITE), [255, 255, 255]);
    }

    #[test]
    fn more_ink_is_never_lighter() {
        let mut last = 255;
        for step in 0..=20 {
            let [r, g, b] = cmyk_to_rgb(Cmyk::gray(step as f32 / 20.0));
            let light = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
            assert!(light <= last, "K{} lighter than the step before", step * 5);
            last = light;
        }
    }

    #[test]
    fn the_ink_table_agrees_with_the_blend_to_one_unit() {
        let table = InkTable::new();
        let steps = [0u8, 1, 17, 64, 127, 128, 200, 254, 255];
        for c in steps {
            for m in steps {
                for y in steps {
                    for k in steps {
                        let fast = table.rgb([c, m, y, k]);
                        let slow = cmyk_bytes_to_rgb(c, m, y, k);
                        for (a, b) in fast.iter().zip(slow) {
                            assert!(a.abs_diff(b) <= 1, "{c} {m} {y} {k}: {fast:?} {slow:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn out_of_range_components_are_clamped() {
        assert_eq!(cmyk_to_rgb(cmyk(-1.0, 0.0, f32::NAN, 2.0)), [35, 31, 32]);
    }
}
