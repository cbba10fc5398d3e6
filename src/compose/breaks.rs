//! Break opportunities: UAX #14 (icu_segmenter, strict) tailored by the kinsoku layer.
//!
//! Between two characters of the CJK classes the project's own tables decide (so a break before
//! “ and after ” is possible, which UAX #14 QU rules would forbid; CLREQ §3.1.4), elsewhere
//! ICU4X's strict line breaker decides. On top of both: the unbreakable units of CLREQ §3.1.5 and
//! JLREQ §3.1.10 (——, ……, numbers with their signs, Latin words) are never broken except as an
//! emergency, and the prohibitions of the chosen strictness (CLREQ §3.1.4) turn an opportunity
//! into a kinsoku break, taken only as an exception when nothing else fits.

use std::ops::Range;

use icu_segmenter::LineSegmenter;
use icu_segmenter::options::{LineBreakOptions, LineBreakStrictness};

use super::Kinsoku;
use super::classes::{Class, inseparable, may_end, may_start};

/// What kind of break the gap after a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) enum BreakKind {
    /// No break: inside a grapheme cluster or before a newline.
    Never,
    /// Inside an unbreakable unit: only when the unit is wider than the measure.
    Emergency,
    /// Prohibited by kinsoku: taken as a counted exception when nothing else fits.
    Kinsoku,
    /// A break opportunity.
    Allowed,
    /// A forced break (after `\n`).
    #[default]
    Forced,
}

/// A unit of text for breaking: its byte range and the classes of its first and last character.
pub(crate) struct Unit {
    pub text: Range<usize>,
    pub first: Class,
    pub last: Class,
}

/// Byte offsets where UAX #14 (strict) allows a break.
pub(crate) fn uax14_opportunities(text: &str) -> Vec<usize> {
    let mut options = LineBreakOptions::default();
    options.strictness = Some(LineBreakStrictness::Strict);
    let segmenter = LineSegmenter::new_for_non_complex_scripts(options);
    segmenter.segment_str(text).collect()
}

/// The break kind of the gap after each unit (the last entry, after the final unit, is
/// [`BreakKind::Forced`]: the paragraph end).
pub(crate) fn break_kinds(text: &str, units: &[Unit], level: Kinsoku) -> Vec<BreakKind> {
    let icu = uax14_opportunities(text);
    let mut icu_iter = icu.iter().copied().peekable();
    let mut out = Vec::with_capacity(units.len());
    let mut pair_start = true;
    let mut before_space = Class::Space;
    for i in 0..units.len() {
        let Some(next) = units.get(i + 1) else {
            out.push(BreakKind::Forced);
            break;
        };
        let offset = next.text.start;
        while icu_iter.next_if(|&o| o < offset).is_some() {}
        let icu_ok = icu_iter.peek() == Some(&offset);
        let (a, b) = (units[i].last, next.first);
        if a != Class::Space {
            before_space = a;
        }
        let same_pair = matches!(a, Class::Dash | Class::Ellipsis) && a == b;
        let mut kind = gap_kind(a, b, icu_ok, pair_start, level);
        // A line ending in spaces ends, for kinsoku, with what precedes them (“ |《).
        if a == Class::Space && kind == BreakKind::Allowed && !may_end(level, before_space) {
            kind = BreakKind::Kinsoku;
        }
        pair_start = !(same_pair && pair_start);
        out.push(kind);
    }
    out
}

/// The break kind between a unit ending in class `a` and one starting with class `b`.
fn gap_kind(a: Class, b: Class, icu_ok: bool, pair_start: bool, level: Kinsoku) -> BreakKind {
    if a == Class::Newline {
        return BreakKind::Forced;
    }
    if b == Class::Newline || b == Class::Other && !icu_ok {
        return BreakKind::Never;
    }
    if inseparable(a, b, pair_start) {
        return BreakKind::Emergency;
    }
    let base = (a.is_cjk() && b.is_cjk()) || icu_ok;
    if !base {
        return BreakKind::Emergency;
    }
    if may_end(level, a) && may_start(level, b) {
        BreakKind::Allowed
    } else {
        BreakKind::Kinsoku
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::classes::classify;

    fn kinds(text: &str, level: Kinsoku) -> Vec<BreakKind> {
        let classes = classify(text);
        let units: Vec<Unit> = text
            .char_indices()
            .zip(classes)
            .map(|((i, c), k)| Unit {
                text: i..i + c.len_utf8(),
                first: k,
                last: k,
            })
            .collect();
        break_kinds(text, &units, level)
    }

    /// Breaks rendered as `|` (allowed), `!` (kinsoku exception only), `~` (emergency only).
    fn marked(text: &str, level: Kinsoku) -> String {
        let mut s = String::new();
        for (c, k) in text.chars().zip(kinds(text, level)) {
            s.push(c);
            s.push_str(match k {
                BreakKind::Allowed | BreakKind::Forced => "|",
                BreakKind::Kinsoku => "!",
                BreakKind::Emergency => "~",
                BreakKind::Never => "",
            });
        }
        s
    }

    #[test]
    fn break_before_opening_quote_and_after_closing_quote() {
        assert_eq!(marked("他说“好”了", Kinsoku::Gb), "他|说|“!好!”|了|");
    }

    #[test]
    fn no_break_before_stops_or_after_opening() {
        assert_eq!(
            marked("甲，乙（丙）。", Kinsoku::Gb),
            "甲!，|乙|（!丙!）!。|"
        );
        assert_eq!(marked("甲，乙", Kinsoku::None), "甲|，|乙|");
    }

    #[test]
    fn dash_and_ellipsis_never_split_but_units_separate() {
        assert_eq!(marked("甲————乙", Kinsoku::Gb), "甲|—~—|—~—|乙|");
        assert_eq!(marked("甲……乙", Kinsoku::Gb), "甲|…~…|乙|");
        assert_eq!(marked("甲……乙", Kinsoku::Strict), "甲!…~…|乙|");
    }

    #[test]
    fn numbers_with_signs_and_latin_words_whole() {
        assert_eq!(marked("增50%，", Kinsoku::Gb), "增|5~0~%~，|");
        assert_eq!(marked("价￥100元", Kinsoku::Gb), "价|￥~1~0~0|元|");
        assert_eq!(marked("用GDP计", Kinsoku::Gb), "用|G~D~P|计|");
        assert_eq!(marked("38℃高温", Kinsoku::Gb), "3~8~℃|高|温|");
    }

    #[test]
    fn latin_words_break_at_spaces() {
        assert_eq!(marked("ab cd", Kinsoku::Gb), "a~b~ |c~d|");
    }

    #[test]
    fn solidus_end_prohibited_only_from_gb() {
        assert_eq!(marked("甲／乙", Kinsoku::Basic), "甲!／|乙|");
        assert_eq!(marked("甲／乙", Kinsoku::Gb), "甲!／!乙|");
    }

    #[test]
    fn newline_is_forced() {
        assert_eq!(
            kinds("甲\n乙", Kinsoku::Gb),
            [BreakKind::Never, BreakKind::Forced, BreakKind::Forced]
        );
    }

    /// UAX #14 conformance for the opportunities the tailoring leaves alone.
    #[test]
    fn uax14_conformance_untailored_cases() {
        // Unicode 15.0.0's file (Debian's unicode-data), kept with the tests.
        let data = include_str!("../../tests/data/LineBreakTest-15.0.0.txt");
        let (mut checked, mut failed) = (0, Vec::new());
        let mut skipped: std::collections::BTreeMap<&str, usize> = Default::default();
        for line in data.lines() {
            let Some(case) = parse_case(line) else {
                continue;
            };
            match check_case(&case) {
                CaseResult::Pass => checked += 1,
                CaseResult::Skip(why) => *skipped.entry(why).or_default() += 1,
                CaseResult::Fail(msg) => failed.push(format!("{line}\n  {msg}")),
            }
        }
        eprintln!(
            "UAX #14: {checked} cases checked, {} failed; skipped: {skipped:?}",
            failed.len()
        );
        assert!(checked > 1000, "too few cases checked: {checked}");
        // Files older than Unicode 15.1 predate the LB15a–d (quotation) and LB25 (numbers)
        // rewrites that ICU4X 2 implements: those cases differ by version, not by tailoring.
        let version = data.lines().next().unwrap_or_default();
        if ["-13.", "-14.", "-15.0"]
            .iter()
            .any(|v| version.contains(v))
        {
            eprintln!("{version}: predates Unicode 15.1 LB15/LB25; differing cases:");
            for f in &failed {
                eprintln!("  {f}");
            }
            assert!(failed.len() <= checked / 50, "{} failures", failed.len());
        } else {
            let all = failed.join("\n");
            assert!(failed.is_empty(), "{} failures:\n{all}", failed.len());
        }
    }

    struct Case {
        text: String,
        breaks: Vec<bool>,
    }

    fn parse_case(line: &str) -> Option<Case> {
        let body = line.split('#').next()?.trim();
        if body.is_empty() {
            return None;
        }
        let mut text = String::new();
        let mut breaks = Vec::new();
        for tok in body.split_whitespace() {
            match tok {
                "×" => breaks.push(false),
                "÷" => breaks.push(true),
                hex => text.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?),
            }
        }
        Some(Case { text, breaks })
    }

    enum CaseResult {
        Pass,
        /// Skipped, with the tailoring that applies.
        Skip(&'static str),
        Fail(String),
    }

    /// Compare the gaps between characters (not the string edges); a case is skipped whole when
    /// any gap is one our tailoring changes on purpose.
    fn check_case(case: &Case) -> CaseResult {
        let chars: Vec<char> = case.text.chars().collect();
        let classes = classify(&case.text);
        let got = kinds(&case.text, Kinsoku::None);
        for i in 0..chars.len().saturating_sub(1) {
            let (a, b) = (classes[i], classes[i + 1]);
            let why = if a.is_cjk() && b.is_cjk() {
                "both sides CJK classes: the kinsoku tables decide (CLREQ §3.1.4)"
            } else if inseparable(a, b, true) {
                "unbreakable unit (CLREQ §3.1.5, JLREQ §3.1.10)"
            } else if matches!(a, Class::Newline) || matches!(b, Class::Newline) {
                "newline: forced break handled by the composer"
            } else {
                continue;
            };
            return CaseResult::Skip(why);
        }
        for (i, kind) in got.iter().enumerate().take(chars.len().saturating_sub(1)) {
            let ours = matches!(kind, BreakKind::Allowed | BreakKind::Forced);
            if ours != case.breaks[i + 1] {
                return CaseResult::Fail(format!("gap {i}: expected {}", case.breaks[i + 1]));
            }
        }
        CaseResult::Pass
    }
}
