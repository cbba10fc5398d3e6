//! Overprint for 100% black text and strokes, added to krilla's content streams.
//!
//! `cjk-typesetting.md` §4.2: body text, rules and hairlines in 100% K (C = M = Y = 0) must
//! overprint, because the web stretches and mis-registers, and knocked-out black text shows
//! white slivers; the GWG checks flag black text and thin black lines that do not overprint.
//! White and every other colour must *not* overprint (a white box set to overprint vanishes).
//!
//! krilla has no overprint, so this pass walks a page's content operations, tracks the fill and
//! stroke colour through `q`/`Q`, and before each painting operator selects one of two
//! ExtGStates: [`OVERPRINT`] (`/OP true /op true /OPM 1`) when the operator paints in 100% K
//! (text showing with a `0 0 0 1 k` fill, stroking with a `0 0 0 1 K` stroke), [`KNOCKOUT`]
//! (`/OP false /op false`) for everything else: fills (including 100% K boxes, which are large
//! areas), images, shadings. A state is emitted only when it changes.

use lopdf::Object;
use lopdf::content::Operation;

/// Resource name of the overprinting ExtGState.
pub(crate) const OVERPRINT: &str = "PbOP";
/// Resource name of the knockout ExtGState.
pub(crate) const KNOCKOUT: &str = "PbKO";

/// The part of the graphics state this pass follows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct State {
    /// The fill colour is DeviceCMYK 0 0 0 1.
    fill_black: bool,
    /// The stroke colour is DeviceCMYK 0 0 0 1.
    stroke_black: bool,
    /// Overprint is on (as far as this pass has set it; the initial state is off).
    overprint: bool,
}

/// What the pass found besides rewriting.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Report {
    /// Operators that set an RGB colour (`rg`, `RG`).
    pub rgb_operators: usize,
    /// Painting operators that now overprint.
    pub overprinted: usize,
}

/// Insert `gs` operators so 100% K text and strokes overprint and nothing else does.
pub(crate) fn apply(operations: Vec<Operation>) -> (Vec<Operation>, Report) {
    let mut out = Vec::with_capacity(operations.len() + 8);
    let mut report = Report::default();
    let mut state = State::default();
    let mut saved = Vec::new();
    // Where the path being built started: a `gs` may not stand between path construction and
    // its painting operator (ISO 32000-1 §8.2, figure 9), so it goes before the path.
    let mut path_start: Option<usize> = None;
    for op in operations {
        let constructs = matches!(
            op.operator.as_str(),
            "m" | "l" | "c" | "v" | "y" | "h" | "re"
        );
        if constructs && path_start.is_none() {
            path_start = Some(out.len());
        }
        let paint = match op.operator.as_str() {
            "q" => {
                saved.push(state);
                None
            }
            "Q" => {
                state = saved.pop().unwrap_or_default();
                None
            }
            "k" => {
                state.fill_black = is_black(&op.operands);
                None
            }
            "K" => {
                state.stroke_black = is_black(&op.operands);
                None
            }
            "rg" | "RG" => {
                report.rgb_operators += 1;
                set_other(&mut state, &op.operator);
                None
            }
            "g" | "cs" | "sc" | "scn" | "G" | "CS" | "SC" | "SCN" => {
                set_other(&mut state, &op.operator);
                None
            }
            "Tj" | "TJ" | "'" | "\"" => Some(state.fill_black),
            "S" | "s" => Some(state.stroke_black),
            "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "Do" | "sh" | "BI" => Some(false),
            _ => None,
        };
        if let Some(want) = paint {
            if want != state.overprint {
                let name = if want { OVERPRINT } else { KNOCKOUT };
                let gs = Operation::new("gs", vec![Object::Name(name.as_bytes().to_vec())]);
                match path_start {
                    Some(at) => out.insert(at, gs),
                    None => out.push(gs),
                }
                state.overprint = want;
            }
            if want {
                report.overprinted += 1;
            }
        }
        let ends_path = matches!(
            op.operator.as_str(),
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n"
        );
        out.push(op);
        if ends_path {
            path_start = None;
        }
    }
    (out, report)
}

/// A colour operator other than `k`/`K`: the fill (lowercase) or stroke (uppercase) colour is
/// no longer pure black.
fn set_other(state: &mut State, operator: &str) {
    if operator.starts_with(|c: char| c.is_ascii_lowercase()) {
        state.fill_black = false;
    } else {
        state.stroke_black = false;
    }
}

/// Operands `0 0 0 1` exactly: 100% K, no C, M or Y.
fn is_black(operands: &[Object]) -> bool {
    let values: Vec<f32> = operands.iter().filter_map(|o| o.as_float().ok()).collect();
    values == [0.0, 0.0, 0.0, 1.0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;

    fn rewrite(src: &str) -> String {
        let ops = Content::decode(src.as_bytes()).unwrap().operations;
        let (ops, _) = apply(ops);
        String::from_utf8(Content { operations: ops }.encode().unwrap()).unwrap()
    }

    #[test]
    fn black_text_overprints_and_colour_text_does_not() {
        let out = rewrite("0 0 0 1 k BT /F0 9 Tf (a) Tj ET 0 1 0 0 k BT (b) Tj ET");
        let op = out.find("/PbOP gs").unwrap();
        let ko = out.find("/PbKO gs").unwrap();
        assert!(
            op < out.find("(a)").unwrap()
                && out.find("(a)").unwrap() < ko
                && ko < out.find("(b)").unwrap(),
            "{out}"
        );
    }

    #[test]
    fn the_overprint_state_is_set_before_the_path_not_inside_it() {
        let out = rewrite("0 0 0 1 K 0.5 w 10 10 m 20 10 l S");
        let gs = out.find("/PbOP gs").unwrap();
        assert!(gs < out.find(" m").unwrap(), "{out}");
    }

    #[test]
    fn black_fills_knock_out_and_black_strokes_overprint() {
        let src = b"0 0 0 1 k 0 0 10 10 re f 0 0 0 1 K 0 0 m 5 5 l S";
        let (ops, report) = apply(Content::decode(src).unwrap().operations);
        let names: Vec<&str> = ops.iter().map(|o| o.operator.as_str()).collect();
        // The fill keeps the initial knockout state: nothing is emitted before it.
        let f = names.iter().position(|n| *n == "f").unwrap();
        assert!(!names[..f].contains(&"gs"), "{names:?}");
        // The stroke overprints: the `gs` comes before its path is begun (m), not between the
        // path and `S`, where PDF forbids it.
        let m = names.iter().rposition(|n| *n == "m").unwrap();
        assert_eq!(names[m - 1], "gs", "{names:?}");
        assert_eq!(ops[m - 1].operands[0], Object::Name(b"PbOP".to_vec()));
        assert_eq!(report.overprinted, 1);
    }

    #[test]
    fn restore_brings_back_the_saved_colour_and_overprint_state() {
        let out = rewrite("q 0 0 0 1 k BT (a) Tj ET Q BT (b) Tj ET");
        // After Q the fill is the initial (not black) and overprint is back off, so no second
        // state change is needed before (b)... but the pass must not think it is still on.
        let (ops, report) = apply(
            Content::decode(b"q 0 0 0 1 k BT (a) Tj ET Q 0 0 0 1 k BT (b) Tj ET")
                .unwrap()
                .operations,
        );
        assert_eq!(report.overprinted, 2);
        let gs = ops.iter().filter(|o| o.operator == "gs").count();
        assert_eq!(gs, 2, "{out}");
    }

    #[test]
    fn rgb_operators_are_counted() {
        let ops = Content::decode(b"1 0 0 rg 0 0 1 1 re f")
            .unwrap()
            .operations;
        assert_eq!(apply(ops).1.rgb_operators, 1);
    }
}
