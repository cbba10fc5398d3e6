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
