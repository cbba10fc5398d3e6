//! Composite glyphs: the components a composite is built from, and the composite with its
//! components renumbered for the subset.

use super::{Kept, read_u16};

const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

pub(super) fn is_composite(outline: &[u8]) -> bool {
    read_u16(outline, 0).is_some_and(|n| (n as i16) < 0)
}

/// One component record of a composite glyph: its flags, where its glyph ID is, and where the
/// next record starts.
fn component_at(outline: &[u8], at: usize) -> Option<(u16, usize, usize)> {
    let flags = read_u16(outline, at)?;
    let args = if flags & ARG_1_AND_2_ARE_WORDS != 0 {
        4
    } else {
        2
    };
    let transform = if flags & WE_HAVE_A_SCALE != 0 {
        2
    } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
        4
    } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    let next = at + 4 + args + transform;
    (next <= outline.len()).then_some((flags, at + 2, next))
}

/// The glyph IDs a composite glyph is built from (`None` if the records run off its end).
pub(super) fn components(outline: &[u8]) -> Option<Vec<u16>> {
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let (flags, id_at, next) = component_at(outline, at)?;
        out.push(read_u16(outline, id_at)?);
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
        at = next;
    }
}

/// A composite glyph with its components' IDs changed to their subset numbers. The records are
/// kept; bytes after the last one are kept only when the flags say they are instructions.
pub(super) fn renumber_components(outline: &[u8], kept: &Kept) -> Option<Vec<u8>> {
    let mut at = 10;
    let mut out = outline.get(..at)?.to_vec();
    loop {
        let (flags, id_at, next) = component_at(outline, at)?;
        out.extend_from_slice(outline.get(at..id_at)?);
        let new = kept.get(read_u16(outline, id_at)?)?;
        out.extend_from_slice(&new.to_be_bytes());
        out.extend_from_slice(outline.get(id_at + 2..next)?);
        at = next;
        if flags & MORE_COMPONENTS == 0 {
            if flags & WE_HAVE_INSTRUCTIONS != 0 {
                out.extend_from_slice(outline.get(at..)?);
            }
            return Some(out);
        }
    }
}
