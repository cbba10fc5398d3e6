use super::writer::{BLACK, Writer, bytes, push_hex4, valid_dash};
use crate::color::Cmyk;
use crate::display::{RectItem, Rule};

fn number(v: f32, decimals: u32) -> String {
    let mut w = Writer::default();
    w.num_with(v, decimals);
    String::from_utf8(w.out).unwrap()
}

#[test]
fn numbers_are_short_and_exact_to_the_rounding() {
    assert_eq!(number(0.0, 3), "0");
    assert_eq!(number(12.0, 3), "12");
    assert_eq!(number(-0.5, 3), "-0.5");
    assert_eq!(number(319.490_6, 3), "319.491");
    assert_eq!(number(0.000_4, 3), "0");
    assert_eq!(number(-350.004, 2), "-350");
    assert_eq!(number(1.05, 3), "1.05");
    assert_eq!(number(f32::NAN, 3), "0");
    assert_eq!(number(102.0 / 255.0, 4), "0.4");
    assert_eq!(number(1_077.165_4, 3), "1077.165");
    assert_eq!(number(-0.05, 2), "-0.05");
    assert_eq!(number(20.007, 3), "20.007");
}

#[test]
fn cids_are_four_hex_digits() {
    let mut out = Vec::new();
    for v in [0, 0x1c, 0xabcd, 0xffff] {
        push_hex4(&mut out, v);
    }
    assert_eq!(out, b"0000001cabcdffff");
}

#[test]
fn degenerate_dash_patterns_become_solid() {
    assert!(valid_dash(&[2.0, 1.0]));
    assert!(!valid_dash(&[]));
    assert!(!valid_dash(&[0.0, 0.0]));
    assert!(!valid_dash(&[2.0, -1.0]));
}

#[test]
fn cmyk_components_become_bytes() {
    assert_eq!(bytes(Cmyk::BLACK), BLACK);
    let c = Cmyk {
        c: 0.4,
        m: 0.3,
        y: 1.5,
        k: -1.0,
    };
    assert_eq!(bytes(c), [102, 77, 255, 0]);
}

fn stroke_rule(color: Cmyk) -> Rule {
    Rule {
        from: (0.0, 0.0),
        to: (10.0, 0.0),
        width: 0.5,
        color,
        dash: Vec::new(),
    }
}

#[test]
fn black_strokes_overprint_before_the_path_and_fills_knock_out() {
    let mut w = Writer::default();
    w.rect(&RectItem {
        x: 0.0,
        y: 0.0,
        width: 5.0,
        height: 5.0,
        fill: Some(Cmyk::BLACK),
        stroke: None,
    });
    w.rule(&stroke_rule(Cmyk::BLACK));
    w.rule(&stroke_rule(Cmyk::gray(0.5)));
    let out = String::from_utf8(w.out).unwrap();
    // The fill keeps the initial knockout state, so nothing is emitted before it.
    let fill = out.find(" re\nf").unwrap();
    assert!(!out[..fill].contains(" gs"), "{out}");
    let op = out.find("/PbOP gs").unwrap();
    let first_m = out.find(" m\n").unwrap();
    assert!(fill < op && op < first_m, "{out}");
    let ko = out.find("/PbKO gs").unwrap();
    assert!(ko > first_m && ko < out.rfind(" m\n").unwrap(), "{out}");
}

#[test]
fn a_state_is_emitted_only_when_it_changes() {
    let mut w = Writer::default();
    for _ in 0..3 {
        w.rule(&stroke_rule(Cmyk::BLACK));
    }
    let out = String::from_utf8(w.out).unwrap();
    assert_eq!(out.matches(" gs").count(), 1, "{out}");
    assert_eq!(out.matches(" K\n").count(), 1, "{out}");
    assert_eq!(out.matches(" w\n").count(), 1, "{out}");
}

#[test]
fn a_dashed_rule_is_followed_by_a_solid_one() {
    let mut w = Writer::default();
    let mut dashed = stroke_rule(Cmyk::BLACK);
    dashed.dash = vec![2.0, 1.0];
    w.rule(&dashed);
    w.rule(&stroke_rule(Cmyk::BLACK));
    let out = String::from_utf8(w.out).unwrap();
    assert!(out.contains("[2 1] 0 d\n"), "{out}");
    assert!(out.contains("[] 0 d\n"), "{out}");
}
