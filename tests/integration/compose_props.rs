//! Properties of the composer over random mixes of hanzi, punctuation, Latin words and digits
//! at random measures: no line wider than its measure unless reported, no prohibited mark at a
//! line edge unless counted as a kinsoku exception, every character out once and in order, and
//! the same input giving the same output.

use paiban::color::Cmyk;
use paiban::compose::{
    Breaker, ComposeConfig, ComposedParagraph, Kinsoku, LineWidths, Paragraph, ParagraphStyle,
    PunctStyle, StyleRun, compose_paragraph,
};
use paiban::fonts::FontBook;
use proptest::prelude::*;

const NOT_START: &str = "。．，、；：？！”’）》〉】〕〗」』］｝·%‰℃";
const NOT_END: &str = "“‘（《〈【〔〖「『［｛￥$";

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec!["中", "国", "新", "闻", "报", "道", "区", "委", "书", "记"]).prop_map(String::from),
        2 => prop::sample::select(vec!["，", "。", "、", "；", "：", "？", "！"]).prop_map(String::from),
        1 => prop::sample::select(vec!["“", "”", "《", "》", "（", "）", "——", "……", "·"]).prop_map(String::from),
        1 => "[a-zA-Z]{1,9}".prop_map(String::from),
        1 => "[0-9]{1,6}(%|℃)?".prop_map(String::from),
        1 => Just(" ".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 1..120).prop_map(|v| v.concat())
}

fn compose(
    book: &FontBook,
    text: &str,
    measure_em: f32,
    config: ComposeConfig,
) -> ComposedParagraph {
    let font = book.faces().next().map(|(id, _)| id).into_iter().collect();
    let p = Paragraph {
        text: text.to_string(),
        keep: Vec::new(),
        runs: vec![StyleRun {
            range: 0..text.len(),
            fonts: font,
            size: 10.0,
            color: Cmyk::BLACK,
            tracking: 0.0,
        }],
    };
    let style = ParagraphStyle {
        indent: 20.0,
        config,
        ..Default::default()
    };
    compose_paragraph(book, &p, &style, &LineWidths::uniform(measure_em * 10.0))
}

fn book() -> FontBook {
    let mut book = FontBook::new(&super::common::fonts_dir());
    let _ = book.resolve("Noto Serif SC", 400);
    book
}

fn check(text: &str, out: &ComposedParagraph) -> Result<(), TestCaseError> {
    // Every character once, in order.
    let mut pos = 0;
    for line in &out.lines {
        for g in &line.glyphs {
            prop_assert_eq!(g.text.start, pos, "glyph ranges must tile the text");
            pos = g.text.end;
        }
    }
    prop_assert_eq!(pos, text.len());
    // Widths.
    for line in &out.lines {
        let reported = out
            .overfull
            .iter()
            .any(|r| r.start < line.text.end && r.end > line.text.start);
        prop_assert!(
            line.content_width <= line.width + 0.02 || reported,
            "line {:?} is {} wide in {}",
            &text[line.text.clone()],
            line.content_width,
            line.width
        );
    }
    // Kinsoku at line edges, except where counted: a break inside or at the edge of a unit
    // reported as overfull (an emergency break may cut one unit more than once, and the unit
    // is reported once), else one counted kinsoku exception per break, which may break both
    // rules at once, as in 《|，.
    let mut violations = 0;
    for pair in out.lines.windows(2) {
        let before = &text[pair[0].text.clone()];
        let after = &text[pair[1].text.clone()];
        let at = pair[1].text.start;
        if out.overfull.iter().any(|r| r.start <= at && at <= r.end) {
            continue;
        }
        let bad_start = after.chars().next().is_some_and(|c| NOT_START.contains(c));
        let bad_end = before
            .trim_end()
            .chars()
            .last()
            .is_some_and(|c| NOT_END.contains(c));
        if bad_start || bad_end {
            violations += 1;
        }
    }
    prop_assert!(
        violations <= out.stats.kinsoku_exceptions,
        "{} violations, {} exceptions",
        violations,
        out.stats.kinsoku_exceptions
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn total_fit_lines_fit_keep_kinsoku_and_conserve_text(t in text(), measure in 3u32..30) {
        let book = book();
        let out = compose(&book, &t, measure as f32, ComposeConfig::default());
        check(&t, &out)?;
        let again = compose(&book, &t, measure as f32, ComposeConfig::default());
        prop_assert_eq!(out, again, "same input, same output");
    }

    #[test]
    fn greedy_and_other_styles_keep_the_same_properties(
        t in text(),
        measure in 3u32..30,
        style in prop::sample::select(vec![PunctStyle::Kaiming, PunctStyle::Quanjiao, PunctStyle::LineEndHalf, PunctStyle::Banjiao]),
        greedy in any::<bool>(),
        strict in any::<bool>(),
    ) {
        let book = book();
        let config = ComposeConfig {
            punctuation: style,
            breaker: if greedy { Breaker::Greedy } else { Breaker::TotalFit },
            kinsoku: if strict { Kinsoku::Strict } else { Kinsoku::Gb },
            ..Default::default()
        };
        let out = compose(&book, &t, measure as f32, config);
        check(&t, &out)?;
    }
}
