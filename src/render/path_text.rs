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

    /// A command through `points` (the last is where the pen ends), each rounded to a whole
    /// unit.
    pub(super) fn command(&mut self, letter: u8, points: &[(f32, f32)]) {
        let mut units = [(0, 0); 3];
        for (u, &(x, y)) in units.iter_mut().zip(points) {
            *u = (round_unit(x), round_unit(y));
        }
        self.command_units(letter, &units[..points.len().min(3)]);
    }

    /// A command through `points` in whole units (the last is where the pen ends). At most
    /// three points (a cubic).
    pub(super) fn command_units(&mut self, letter: u8, points: &[(i32, i32)]) {
        // Written into room made at the path's end at once, then cut back to what was
        // written: pushing byte by byte onto the path checked its capacity and stored its
        // length for every character, which was half the time of writing an e-paper's glyph
        // paths, and copying from a buffer on the stack read back bytes just stored one by
        // one, which stalls the copy (a fifth of the time again).
        let start = self.d.len();
        self.d.extend_from_slice(&[0; COMMAND_BYTES]);
        let mut buf = Command {
            bytes: &mut self.d[start..],
            len: 0,
        };
        // After `m`, a repeated pair is an `l`: so `l` needs no letter after `m` either.
        let implied = self.last == letter || (letter == b'l' && self.last == b'm');
        let mut need_space = implied;
        if !implied {
            buf.push(letter);
        }
        self.last = letter;
        // Every point of a command is relative to where the pen was before it.
        let (px, py) = self.pen;
        for &(x, y) in points.iter().take(3) {
            let (x, y) = (
                x.clamp(-UNIT_LIMIT, UNIT_LIMIT),
                y.clamp(-UNIT_LIMIT, UNIT_LIMIT),
            );
            for v in [x - px, y - py] {
                if need_space && v >= 0 {
                    buf.push(b' ');
                }
                buf.number(v);
                need_space = true;
            }
            self.pen = (x, y);
        }
        let written = buf.len;
        self.d.truncate(start + written);
        if letter == b'm' {
            self.start = self.pen;
        }
    }

    pub(super) fn close(&mut self) {
        self.d.push(b'z');
        self.last = b'z';
        self.pen = self.start;
    }

    /// The path data as text.
    pub(super) fn into_string(self) -> String {
        // Only ASCII was written: this never takes the empty branch.
        String::from_utf8(self.d).unwrap_or_default()
    }
}

/// The longest command's text: a letter and three points of two numbers, each at most a
/// space, a sign and seven digits (a step between two coordinates within [`UNIT_LIMIT`]).
const COMMAND_BYTES: usize = 1 + 6 * 9;

/// One command's text being written into the room [`COMMAND_BYTES`] long at `bytes`.
struct Command<'a> {
    bytes: &'a mut [u8],
    len: usize,
}

impl Command<'_> {
    fn push(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }

    /// `v` in decimal, its digits written from the last straight into the command (through
    /// [`decimal`]'s buffer and a copy, the glyph bench took half as long again).
    fn number(&mut self, v: i32) {
        if v < 0 {
            self.push(b'-');
        }
        let mut n = v.unsigned_abs();
        let digits = match n {
            0..=9 => 1,
            10..=99 => 2,
            100..=999 => 3,
            1000..=9999 => 4,
            _ => n.ilog10() as usize + 1,
        };
        let end = self.len + digits;
        for at in (self.len..end).rev() {
            self.bytes[at] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        self.len = end;
    }
}

/// The largest coordinate a path writes, in units (far beyond any font's).
const UNIT_LIMIT: i32 = 1_000_000;

fn round_unit(v: f32) -> i32 {
    round_i32(v).clamp(-UNIT_LIMIT, UNIT_LIMIT)
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
