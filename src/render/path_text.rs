//! Numbers and SVG path data written as text without `fmt`'s machinery: an e-paper page
//! writes a few hundred thousand of them.

/// SVG path data being written with relative commands.
#[derive(Default)]
pub(super) struct RelativePath {
    /// ASCII, written as bytes: a `String` checks every character pushed.
    pub(super) d: Vec<u8>,
    /// The pen, and the start of the subpath (where `z` takes the pen back to).
    pen: (i32, i32),
    start: (i32, i32),
    last: u8,
}

impl RelativePath {
    /// An empty path with room for `bytes`.
    pub(super) fn with_capacity(bytes: usize) -> Self {
        RelativePath {
            d: Vec::with_capacity(bytes),
            ..RelativePath::default()
        }
    }

    /// A command through `points` (the last is where the pen ends).
    pub(super) fn command(&mut self, letter: u8, points: &[(f32, f32)]) {
        // After `m`, a repeated pair is an `l`: so `l` needs no letter after `m` either.
        let implied = self.last == letter || (letter == b'l' && self.last == b'm');
        let mut need_space = implied;
        if !implied {
            self.d.push(letter);
        }
        self.last = letter;
        let (px, py) = self.pen;
        for &(x, y) in points {
            let (x, y) = (round_unit(x), round_unit(y));
            for v in [x - px, y - py] {
                if need_space && v >= 0 {
                    self.d.push(b' ');
                }
                push_int_ascii(&mut self.d, v);
                need_space = true;
            }
            self.pen = (x, y);
        }
        if letter == b'm' {
            self.start = self.pen;
        }
    }

    pub(super) fn close(&mut self) {
        self.d.push(b'z');
        self.last = b'z';
        self.pen = self.start;
    }
}

fn round_unit(v: f32) -> i32 {
    round_i32(v).clamp(-1_000_000, 1_000_000)
}

/// `v` rounded half away from zero, as [`f32::round`], without its library call (which this
/// target makes for every rounding: the SVG paths round a few hundred thousand points);
/// saturating, and 0 for NaN.
pub(crate) fn round_i32(v: f32) -> i32 {
    (v + 0.5_f32.copysign(v)) as i32
}

/// An integer in decimal, without `fmt`'s machinery (a page writes a few hundred thousand).
pub(crate) fn push_int(d: &mut String, v: i32) {
    let mut digits = [0u8; 11];
    for &b in decimal(v, &mut digits) {
        d.push(char::from(b));
    }
}

/// [`push_int`] into bytes, a byte at a time: the numbers of a path are one to four
/// characters, and copying them as a slice made a `memcpy` call for each (a sixth of the
/// e-paper's path writing).
fn push_int_ascii(d: &mut Vec<u8>, v: i32) {
    let mut digits = [0u8; 11];
    for &b in decimal(v, &mut digits) {
        d.push(b);
    }
}

/// `v` in decimal, written at the end of `digits`.
fn decimal(v: i32, digits: &mut [u8; 11]) -> &[u8] {
    let mut n = v.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        i -= 1;
        digits[i] = b'-';
    }
    &digits[i..]
}

/// A number with at most one decimal and no trailing zeros (font units are integers in
/// TrueType; a tenth of a unit is far below a screen pixel).
pub(crate) fn push_number(d: &mut String, v: f32) {
    let tenths = i64::from(round_i32(v * 10.0));
    if tenths % 10 == 0 {
        push_int(d, (tenths / 10).clamp(-1_000_000_000, 1_000_000_000) as i32);
    } else {
        if tenths < 0 {
            d.push('-');
        }
        let a = tenths.unsigned_abs();
        push_int(d, (a / 10).min(1_000_000_000) as i32);
        d.push('.');
        d.push(char::from(b'0' + (a % 10) as u8));
    }
}
