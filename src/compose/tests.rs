//! Whole-paragraph rules: indent, forced breaks, alignment, line-edge punctuation, hanging,
//! mixed fonts in one line, missing characters and overfull units.

use super::*;
use crate::color::Cmyk;

const SIZE: f32 = 10.0;

fn book() -> (FontBook, FontId, FontId) {
    let mut book = FontBook::new(&crate::fonts::test_fonts());
    let serif = book.resolve("Noto Serif SC", 400);
    let sans = book.resolve("Noto Sans SC", 700);
    match (serif, sans) {
        (Ok(a), Ok(b)) => (book, a, b),
        _ => panic!("bundled fonts missing"),
    }
}

fn para(font: FontId, text: &str) -> Paragraph {
    Paragraph {
        text: text.into(),
        keep: Vec::new(),
        runs: vec![StyleRun {
            range: 0..text.len(),
            fonts: vec![font],
            size: SIZE,
            color: Cmyk::BLACK,
            tracking: 0.0,
        }],
    }
}

fn set(book: &FontBook, p: &Paragraph, style: &ParagraphStyle, em: f32) -> ComposedParagraph {
    compose_paragraph(book, p, style, &LineWidths::uniform(em * SIZE))
}

fn lines(p: &Paragraph, c: &ComposedParagraph) -> Vec<String> {
    c.lines
        .iter()
        .map(|l| p.text[l.text.clone()].to_string())
        .collect()
}

#[test]
fn indent_offsets_first_line_only() {
    let (book, f, _) = book();
    let p = para(f, "一二三四五六七八九十一二三四五六七八");
    let style = ParagraphStyle {
        indent: 2.0 * SIZE,
        ..Default::default()
    };
    let c = set(&book, &p, &style, 10.0);
    assert_eq!(lines(&p, &c), ["一二三四五六七八", "九十一二三四五六七八"]);
    assert!((c.lines[0].x - 20.0).abs() < 0.01 && c.lines[1].x.abs() < 0.01);
}

#[test]
fn forced_break_line_is_not_justified() {
    let (book, f, _) = book();
    let p = para(f, "一二三\n四五六七八九十一二三四五六");
    let c = set(&book, &p, &ParagraphStyle::default(), 10.0);
    assert_eq!(lines(&p, &c)[0], "一二三\n");
    assert!(
        (c.lines[0].content_width - 30.0).abs() < 0.01,
        "{}",
        c.lines[0].content_width
    );
    assert_eq!(c.lines[0].max_stretch, 0.0);
}

#[test]
fn justified_lines_fill_the_measure_last_line_start_aligned() {
    let (book, f, _) = book();
    let p = para(f, "一二三四五六七，八九十一二三四五六七八九十一二三");
    let c = set(&book, &p, &ParagraphStyle::default(), 10.0);
    for l in &c.lines[..c.lines.len() - 1] {
        assert!(
            (l.content_width - 100.0).abs() < 0.02,
            "{}",
            l.content_width
        );
    }
    let last = &c.lines[c.lines.len() - 1];
    assert!(last.content_width < 100.0 && last.x == 0.0);
}

#[test]
fn center_and_end_alignment_shift_lines() {
    let (book, f, _) = book();
    let p = para(f, "一二三四");
    for (align, x) in [
        (Align::Center, 30.0),
        (Align::End, 60.0),
        (Align::Start, 0.0),
    ] {
        let style = ParagraphStyle {
            align,
            last_line: align,
            ..Default::default()
        };
        let c = set(&book, &p, &style, 10.0);
        assert!(
            (c.lines[0].x - x).abs() < 0.01,
            "{align:?}: {}",
            c.lines[0].x
        );
    }
}

#[test]
fn opening_bracket_at_line_start_drops_its_blank() {
    let (book, f, _) = book();
    let p = para(f, "（一）");
    let style = ParagraphStyle {
        config: ComposeConfig {
            punctuation: PunctStyle::Quanjiao,
            ..Default::default()
        },
        ..Default::default()
    };
    let c = set(&book, &p, &style, 10.0);
    let g = &c.lines[0].glyphs[0];
    assert!((g.x + 5.0).abs() < 0.01, "glyph shifted left ½ em: {}", g.x);
    assert!((g.advance - 5.0).abs() < 0.01);
}

#[test]
fn push_in_before_push_out() {
    let (book, f, _) = book();
    // Ten characters then a comma: in 全角式 the comma fits by compression (push-in).
    let p = para(f, "一二三四五六七八九十，一二三");
    let style = ParagraphStyle {
        config: ComposeConfig {
            punctuation: PunctStyle::Quanjiao,
            ..Default::default()
        },
        ..Default::default()
    };
    let c = set(&book, &p, &style, 10.5);
    assert_eq!(lines(&p, &c)[0], "一二三四五六七八九十，");
    let p = para(f, "一二三四五六，七八九十，一二三");
    let c = set(&book, &p, &style, 11.0);
    assert_eq!(
        lines(&p, &c)[0],
        "一二三四五六，七八九十，",
        "compress the mid-line comma too"
    );
    assert_eq!(c.stats.pushed_in, 1, "{:?}", c.stats);
}

#[test]
fn orphan_last_line_avoided() {
    let (book, f, _) = book();
    let p = para(f, "一二三四五六七八九十一二三四五六七八九十天。");
    let c = set(&book, &p, &ParagraphStyle::default(), 10.0);
    let last = lines(&p, &c).pop().unwrap_or_default();
    assert!(last.chars().count() > 2, "孤字 left: {:?}", lines(&p, &c));
    assert_eq!(c.stats.orphans_avoided, 1);
    let greedy = ParagraphStyle {
        config: ComposeConfig {
            breaker: Breaker::Greedy,
            ..Default::default()
        },
        ..Default::default()
    };
    let g = set(&book, &p, &greedy, 10.0);
    assert_eq!(g.stats.orphans_remaining, 1);
}

#[test]
fn hanging_punctuation_only_when_asked() {
    let (book, f, _) = book();
    let p = para(f, "一二三四五六七八九十。一二");
    let c = set(&book, &p, &ParagraphStyle::default(), 10.0);
    assert_eq!(
        lines(&p, &c)[0],
        "一二三四五六七八九",
        "no hanging: push out"
    );
    let style = ParagraphStyle {
        config: ComposeConfig {
            hanging: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let c = set(&book, &p, &style, 10.0);
    assert_eq!(lines(&p, &c)[0], "一二三四五六七八九十。");
    assert!(c.overfull.is_empty());
}

#[test]
fn mixed_fonts_in_one_line_space_and_justify_across_the_boundary() {
    let (book, serif, sans) = book();
    let text = "东昌府讯 8月12日，市委副书记、市长张百顺出席会议。";
    let head = "东昌府讯".len();
    let run = |range: Range<usize>, font| StyleRun {
        range,
        fonts: vec![font],
        size: SIZE,
        color: Cmyk::BLACK,
        tracking: 0.0,
    };
    let p = Paragraph {
        text: text.into(),
        keep: Vec::new(),
        runs: vec![run(0..head, sans), run(head..text.len(), serif)],
    };
    let c = set(&book, &p, &ParagraphStyle::default(), 12.0);
    let g = &c.lines[0].glyphs;
    assert_eq!(g[0].font, sans);
    assert_eq!(g[5].font, serif);
    // 讯 → space → 8: the space becomes the ¼ em CJK–Latin space.
    let gap = g[5].x - (g[3].x + SIZE);
    assert!(gap > 1.2 && gap < 3.4, "讯–8 gap {gap}");
    assert!((c.lines[0].content_width - 120.0).abs() < 0.02);
}

#[test]
fn missing_characters_reported_and_covered() {
    let (book, f, _) = book();
    let p = para(f, "中\u{E000}文");
    let c = set(&book, &p, &ParagraphStyle::default(), 10.0);
    assert_eq!(
        c.missing,
        vec![MissingChar {
            ch: '\u{E000}',
            offset: 3
        }]
    );
    assert_eq!(c.lines[0].glyphs[1].text, 3..6);
    assert_eq!(c.lines[0].glyphs[1].id, 0);
}

#[test]
fn unit_wider_than_measure_is_reported() {
    let (book, f, _) = book();
    let p = para(f, "网址dcsx2005abcdefghijk@sina.com结束");
    let c = set(&book, &p, &ParagraphStyle::default(), 6.0);
    assert!(!c.overfull.is_empty(), "{:?}", lines(&p, &c));
    for l in &c.lines {
        assert!(l.content_width <= l.width + 0.02);
    }
}

#[test]
fn natural_width_is_one_line() {
    let (book, f, _) = book();
    let p = para(f, "一二三四五");
    assert!((natural_width(&book, &p) - 50.0).abs() < 0.01);
}

#[test]
fn newline_only_and_empty_paragraphs() {
    let (book, f, _) = book();
    for text in ["", "\n", "\n\n一", "一\n"] {
        let p = para(f, text);
        let c = set(&book, &p, &ParagraphStyle::default(), 10.0);
        let covered: usize = c
            .lines
            .iter()
            .flat_map(|l| &l.glyphs)
            .map(|g| g.text.len())
            .sum();
        assert_eq!(covered, text.len(), "{text:?}");
    }
}
