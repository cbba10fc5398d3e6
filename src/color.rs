//! Colour: the one colour space of the print path. A leaf module every stage may use.

/// A colour in CMYK, each component 0..=1. The only colour space the print path knows.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Cmyk {
    /// Cyan.
    pub c: f32,
    /// Magenta.
    pub m: f32,
    /// Yellow.
    pub y: f32,
    /// Black.
    pub k: f32,
}

impl Cmyk {
    /// 100% K, C = M = Y = 0: the colour of text and rules on newsprint.
    pub const BLACK: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 1.0,
    };
    /// No ink.
    pub const WHITE: Cmyk = Cmyk {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 0.0,
    };

    /// A tint of black (0..=1).
    pub fn gray(k: f32) -> Cmyk {
        Cmyk {
            c: 0.0,
            m: 0.0,
            y: 0.0,
            k,
        }
    }

    /// Total ink coverage in percent (C + M + Y + K).
    pub fn total_ink(&self) -> f32 {
        (self.c + self.m + self.y + self.k) * 100.0
    }
}

/// Naive full-GCR separation: K takes the darkness, C/M/Y the remaining colour, and C/M/Y are
/// scaled down so C+M+Y+K stays within `limit` (a fraction, 2.4 for 240%). Not a substitute
/// for the plant's profile, which is why the caller warns.
pub fn rgb_to_cmyk(r: u8, g: u8, b: u8, limit: f32) -> [u8; 4] {
    let (r, g, b) = (
        f32::from(r) / 255.0,
        f32::from(g) / 255.0,
        f32::from(b) / 255.0,
    );
    let k = 1.0 - r.max(g).max(b);
    if k >= 1.0 {
        return [0, 0, 0, 255];
    }
    let (mut c, mut m, mut y) = (
        (1.0 - r - k) / (1.0 - k),
        (1.0 - g - k) / (1.0 - k),
        (1.0 - b - k) / (1.0 - k),
    );
    let cmy = c + m + y;
    if cmy + k > limit && cmy > 0.0 {
        let scale = ((limit - k) / cmy).max(0.0);
        (c, m, y) = (c * scale, m * scale, y * scale);
    }
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    [byte(c), byte(m), byte(y), byte(k)]
}

/// How far apart R, G and B may be for an sRGB colour to count as gray (design programs' own
/// conversions leave a level or two of difference).
const NEUTRAL_SPREAD: u8 = 2;

/// The rule for a neutral sRGB colour in vector art (black, grays, white: R, G and B within
/// [`NEUTRAL_SPREAD`]): black ink only, K = 1 − the gray level, so black lettering prints on
/// one plate. `None` for any other colour.
pub fn neutral_black([r, g, b]: [u8; 3]) -> Option<Cmyk> {
    if r.max(g).max(b) - r.min(g).min(b) > NEUTRAL_SPREAD {
        return None;
    }
    let mean = (u16::from(r) + u16::from(g) + u16::from(b)) as f32 / 3.0;
    Some(Cmyk::gray(1.0 - mean / 255.0))
}

/// A vector colour (sRGB) without an output profile: [`neutral_black`] for grays, else
/// [`rgb_to_cmyk`] under `ink_limit` (percent). The PDF writer's rule when it has no profile,
/// and the proof renderer's always.
pub fn unmanaged_cmyk(rgb: [u8; 3], ink_limit: f32) -> Cmyk {
    if let Some(gray) = neutral_black(rgb) {
        return gray;
    }
    let [c, m, y, k] = rgb_to_cmyk(rgb[0], rgb[1], rgb[2], ink_limit / 100.0);
    let f = |v: u8| f32::from(v) / 255.0;
    Cmyk {
        c: f(c),
        m: f(m),
        y: f(y),
        k: f(k),
    }
}
