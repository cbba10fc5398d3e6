//! Character classes for composition, after CLREQ §3.1 / §A.5 and JLREQ Appendix A.
//!
//! Every character of a paragraph gets one [`Class`]; the kinsoku sets (CLREQ §3.1.4,
//! GB/T 15834 §5.1, JLREQ §3.1.7–3.1.8), the unbreakable pairs (CLREQ §3.1.5, JLREQ §3.1.10),
//! the punctuation blanks (CLREQ §3.1.6) and the CJK–Latin spacing (CLREQ §3.2.2) are all
//! stated over these classes. The tables are in code, each tested below.

use super::Kinsoku;

/// The composition class of a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Class {
    /// Hanzi, kana, hangul, full-width letters and digits, other CJK symbols (JLREQ cl-19).
    Ideograph,
    /// Opening brackets and quotes, blank on the left (JLREQ cl-01).
    Opening,
    /// Closing brackets and quotes, blank on the right (JLREQ cl-02).
    Closing,
    /// Sentence-end 点号 。？！．‼⁇⁈⁉ (JLREQ cl-04, cl-06).
    Stop,
    /// Pause 点号 ，、；： (JLREQ cl-07, and ：； of cl-05).
    Comma,
    /// 间隔号 · (CLREQ §3.1.1.2, JLREQ cl-05).
    MiddleDot,
    /// Half of a 破折号 —— or ⸺ (CLREQ §3.1.5.1). A single U+2014 is a [`Class::Connector`].
    Dash,
    /// 连接号 – ～ and a lone — (GB/T 15834 §4.13, JLREQ cl-03).
    Connector,
    /// Half of a 省略号 …… or ⋯⋯ (CLREQ §3.1.5.1, JLREQ cl-08).
    Ellipsis,
    /// 分隔号 / ／ (CLREQ §3.1.2, GB/T 15834 §5.1.9).
    Solidus,
    /// Latin, Greek and Cyrillic letters (JLREQ cl-27).
    Latin,
    /// Digits 0–9 (JLREQ cl-24).
    Digit,
    /// U+0020 and other breaking spaces (JLREQ cl-26).
    Space,
    /// The ideographic space U+3000: a full-width blank on the CJK grid. No CJK–Latin space is
    /// added beside it (CLREQ §3.2.2 spaces a letter from a character, not from a blank), so a
    /// 讯头's one-em gap stays one em before a digit.
    IdeoSpace,
    /// Prefix signs ￥$£€№# (JLREQ cl-12).
    Prefix,
    /// Postfix signs %‰℃°′″ (JLREQ cl-13).
    Postfix,
    /// Iteration marks 々〃 (JLREQ cl-09).
    Iteration,
    /// Other Western punctuation and symbols (proportional, set by UAX #14 rules).
    WesternPunct,
    /// A forced line break (`\n`).
    Newline,
    /// Combining marks and anything else.
    Other,
}

/// The class of `c` out of context (U+2014 comes out as [`Class::Connector`]; a run of two or
/// more is turned into [`Class::Dash`] by [`classify`]).
pub(crate) fn class_of(c: char) -> Class {
    match c {
        '\n' | '\u{2028}' | '\u{2029}' => Class::Newline,
        '“' | '‘' | '（' | '《' | '〈' | '【' | '〔' | '〖' | '「' | '『' | '［' | '｛' | '〘'
        | '〝' | '｟' | '〚' => Class::Opening,
        '”' | '’' | '）' | '》' | '〉' | '】' | '〕' | '〗' | '」' | '』' | '］' | '｝' | '〙'
        | '〟' | '｠' | '〛' => Class::Closing,
        '。' | '．' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉' => Class::Stop,
        '，' | '、' | '；' | '：' => Class::Comma,
        '·' | '・' | '‧' => Class::MiddleDot,
        '⸺' | '⸻' => Class::Dash,
        '—' | '–' | '～' | '〜' => Class::Connector,
        '…' | '⋯' => Class::Ellipsis,
        '/' | '／' => Class::Solidus,
        '￥' | '¥' | '$' | '＄' | '£' | '￡' | '€' | '№' | '#' | '＃' => Class::Prefix,
        '%' | '％' | '‰' | '℃' | '°' | '′' | '″' | '℉' => Class::Postfix,
        '々' | '〃' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' => Class::Iteration,
        '0'..='9' => Class::Digit,
        ' ' | '\t' | '\u{2002}'..='\u{200A}' => Class::Space,
        '\u{3000}' => Class::IdeoSpace,
        _ => class_of_block(c),
    }
}

/// Classes decided by Unicode block or general category.
fn class_of_block(c: char) -> Class {
    let u = u32::from(c);
    let ideographic = matches!(u,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3130..=0x318F
        | 0x3190..=0x31FF | 0x3200..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF);
    if ideographic {
        return Class::Ideograph;
    }
    if c.is_alphabetic() && u < 0x2000 {
        return Class::Latin;
    }
    if c.is_ascii_punctuation() || matches!(u, 0x00A1..=0x00BF | 0x2010..=0x2027 | 0x2030..=0x205E)
    {
        return Class::WesternPunct;
    }
    if c.is_whitespace() {
        return Class::Space;
    }
    Class::Other
}

/// Classes of every character of `text`, in order, with 破折号 told from 连接号: a run of two or
/// more U+2014 is a dash (CLREQ §3.1.5.1), a lone one a connector.
#[cfg(test)]
pub(crate) fn classify(text: &str) -> Vec<Class> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Class> = chars.iter().map(|&c| class_of(c)).collect();
    for i in 0..chars.len() {
        if chars[i] == '—' {
            let prev = i > 0 && chars[i - 1] == '—';
            let next = chars.get(i + 1) == Some(&'—');
            if prev || next {
                out[i] = Class::Dash;
            }
        }
    }
    out
}

impl Class {
    /// A mark with an adjustable half-em blank in its em box (CLREQ §3.1.6.1).
    pub(crate) fn blank_side(self) -> BlankSide {
        match self {
            Class::Opening => BlankSide::Left,
            Class::Closing | Class::Stop | Class::Comma => BlankSide::Right,
            _ => BlankSide::None,
        }
    }

    /// Set in a CJK font on the CJK grid (no CJK–Latin spacing next to it).
    pub(crate) fn is_cjk(self) -> bool {
        matches!(
            self,
            Class::Ideograph
                | Class::IdeoSpace
                | Class::Opening
                | Class::Closing
                | Class::Stop
                | Class::Comma
                | Class::MiddleDot
                | Class::Dash
                | Class::Connector
                | Class::Ellipsis
                | Class::Iteration
        )
    }

    /// Takes ¼ em from a neighbouring ideograph (CLREQ §3.2.2).
    pub(crate) fn is_western_word(self) -> bool {
        matches!(self, Class::Latin | Class::Digit)
    }

    /// A punctuation mark (for 孤字 detection: a lone character "with its punctuation").
    pub(crate) fn is_punct(self) -> bool {
        !matches!(
            self,
            Class::Ideograph
                | Class::Latin
                | Class::Digit
                | Class::Space
                | Class::IdeoSpace
                | Class::Newline
                | Class::Other
        )
    }
}

/// Where a mark's adjustable blank sits in its em box (SC, horizontal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlankSide {
    /// No adjustable blank.
    None,
    /// Blank before the ink (opening marks).
    Left,
    /// Blank after the ink (closing marks and 点号).
    Right,
}

/// May a character of class `c` start a line under `level` (CLREQ §3.1.4, GB/T 15834 §5.1.1–3)?
pub(crate) fn may_start(level: Kinsoku, c: Class) -> bool {
    match level {
        Kinsoku::None => true,
        Kinsoku::Basic | Kinsoku::Gb => !basic_not_start(c),
        Kinsoku::Strict => !basic_not_start(c) && !matches!(c, Class::Dash | Class::Ellipsis),
    }
}

/// May a character of class `c` end a line under `level`?
pub(crate) fn may_end(level: Kinsoku, c: Class) -> bool {
    match level {
        Kinsoku::None => true,
        Kinsoku::Basic => !matches!(c, Class::Opening | Class::Prefix),
        Kinsoku::Gb | Kinsoku::Strict => {
            !matches!(c, Class::Opening | Class::Prefix | Class::Solidus)
        }
    }
}

fn basic_not_start(c: Class) -> bool {
    matches!(
        c,
        Class::Stop
            | Class::Comma
            | Class::Closing
            | Class::MiddleDot
            | Class::Connector
            | Class::Solidus
            | Class::Postfix
            | Class::Iteration
    )
}

/// Is there never a break between `a` and `b`, whatever the strictness (CLREQ §3.1.5,
/// JLREQ §3.1.10)? `pair_start` says whether `a` begins a 2-character dash/ellipsis unit.
pub(crate) fn inseparable(a: Class, b: Class, pair_start: bool) -> bool {
    match (a, b) {
        (Class::Dash, Class::Dash) | (Class::Ellipsis, Class::Ellipsis) => pair_start,
        (Class::Digit, Class::Postfix) | (Class::Prefix, Class::Digit) => true,
        (Class::Digit, Class::Digit) | (Class::Latin, Class::Latin) => true,
        (Class::Latin, Class::Digit) | (Class::Digit, Class::Latin) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str, class: Class) {
        for c in s.chars() {
            assert_eq!(
                class_of(c),
                class,
                "class of {c:?} (U+{:04X})",
                u32::from(c)
            );
        }
    }

    #[test]
    fn classes_opening_brackets_and_quotes() {
        all("“‘（《〈【〔〖「『［｛", Class::Opening);
    }

    #[test]
    fn classes_closing_brackets_and_quotes() {
        all("”’）》〉】〕〗」』］｝", Class::Closing);
    }

    #[test]
    fn classes_stops_and_commas() {
        all("。？！．", Class::Stop);
        all("，、；：", Class::Comma);
    }

    #[test]
    fn classes_middle_dots_solidus_signs() {
        all("·・", Class::MiddleDot);
        all("/／", Class::Solidus);
        all("￥$£€№#", Class::Prefix);
        all("%‰℃°′″％", Class::Postfix);
        all("々〃", Class::Iteration);
    }

    #[test]
    fn classes_letters_digits_spaces_ideographs() {
        all("abcXYZéΩж", Class::Latin);
        all("0123456789", Class::Digit);
        all(" \t", Class::Space);
        all("中国汉字あア한", Class::Ideograph);
        all("　", Class::IdeoSpace);
    }

    #[test]
    fn dash_pair_is_pojiehao_single_is_connector() {
        assert_eq!(
            classify("a——b"),
            [Class::Latin, Class::Dash, Class::Dash, Class::Latin]
        );
        assert_eq!(
            classify("1—2"),
            [Class::Digit, Class::Connector, Class::Digit]
        );
        assert_eq!(class_of('⸺'), Class::Dash);
        all("…⋯", Class::Ellipsis);
        all("–～", Class::Connector);
    }

    #[test]
    fn kinsoku_basic_forbids_closing_and_stops_at_start() {
        for c in [
            Class::Stop,
            Class::Comma,
            Class::Closing,
            Class::MiddleDot,
            Class::Connector,
        ] {
            assert!(!may_start(Kinsoku::Basic, c), "{c:?}");
            assert!(may_start(Kinsoku::None, c), "{c:?}");
        }
        assert!(!may_end(Kinsoku::Basic, Class::Opening));
        assert!(may_end(Kinsoku::None, Class::Opening));
        assert!(
            may_start(Kinsoku::Gb, Class::Opening),
            "“ behaves as opening"
        );
        assert!(
            !may_start(Kinsoku::Gb, class_of('”')),
            "” behaves as closing"
        );
    }

    #[test]
    fn kinsoku_gb_forbids_solidus_at_both_ends() {
        assert!(may_end(Kinsoku::Basic, Class::Solidus));
        assert!(!may_end(Kinsoku::Gb, Class::Solidus));
        assert!(!may_start(Kinsoku::Gb, Class::Solidus));
    }

    #[test]
    fn kinsoku_strict_forbids_dash_and_ellipsis_at_start() {
        assert!(may_start(Kinsoku::Gb, Class::Dash));
        assert!(!may_start(Kinsoku::Strict, Class::Dash));
        assert!(!may_start(Kinsoku::Strict, Class::Ellipsis));
    }

    #[test]
    fn kinsoku_prefix_signs_do_not_end_lines() {
        assert!(!may_end(Kinsoku::Gb, Class::Prefix));
        assert!(!may_start(Kinsoku::Gb, Class::Postfix));
    }

    #[test]
    fn inseparable_units() {
        assert!(inseparable(Class::Dash, Class::Dash, true));
        assert!(
            !inseparable(Class::Dash, Class::Dash, false),
            "between two 破折号 units"
        );
        assert!(inseparable(Class::Ellipsis, Class::Ellipsis, true));
        assert!(inseparable(Class::Digit, Class::Postfix, true));
        assert!(inseparable(Class::Prefix, Class::Digit, true));
        assert!(inseparable(Class::Latin, Class::Latin, true));
        assert!(!inseparable(Class::Ideograph, Class::Ideograph, true));
    }

    #[test]
    fn blank_sides() {
        assert_eq!(Class::Opening.blank_side(), BlankSide::Left);
        assert_eq!(Class::Closing.blank_side(), BlankSide::Right);
        assert_eq!(Class::Stop.blank_side(), BlankSide::Right);
        assert_eq!(Class::MiddleDot.blank_side(), BlankSide::None);
    }
}
