//! Total fit against greedy on real text: paragraphs of the seed issue 东昌时讯 1461 set at a
//! 12-character measure in 9 pt Noto Serif SC, with a 2 em indent.

use paiban::color::Cmyk;
use paiban::compose::{
    Breaker, ComposeConfig, ComposedParagraph, LineWidths, Paragraph, ParagraphStyle, StyleRun,
    compose_paragraph,
};
use paiban::fonts::{FontBook, FontId};

/// The reference edition's text, kept with the tests (tests/data/README.md).
const SEED: &str = include_str!("../data/dongchang-1461.txt");
const SIZE: f32 = 9.0;

fn paragraph(font: FontId, text: &str) -> Paragraph {
    Paragraph {
        text: text.to_string(),
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

/// Body paragraphs of the seed: lines of at least 60 characters (the masthead line with the
/// web and mail addresses is not body text and is left out).
fn seed_paragraphs() -> Vec<String> {
    SEED.lines()
        .map(str::trim)
        .filter(|l| l.chars().count() >= 60 && !l.contains("http"))
        .map(String::from)
        .collect()
}

fn set(book: &FontBook, p: &Paragraph, breaker: Breaker) -> ComposedParagraph {
    let style = ParagraphStyle {
        indent: 2.0 * SIZE,
        config: ComposeConfig {
            breaker,
            ..Default::default()
        },
        ..Default::default()
    };
    compose_paragraph(book, p, &style, &LineWidths::uniform(12.0 * SIZE))
}

fn show(p: &Paragraph, c: &ComposedParagraph) -> String {
    c.lines
        .iter()
        .map(|l| format!("{} {:.3}", &p.text[l.text.clone()], l.max_stretch))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn total_fit_stretches_less_than_greedy_on_seed_text() {
    let paras = seed_paragraphs();
    let mut book = FontBook::new(&super::common::fonts_dir());
    let Ok(font) = book.resolve("Noto Serif SC", 400) else {
        panic!("Noto Serif SC missing")
    };
    let (mut g_max, mut t_max, mut g_sum, mut t_sum, mut lines) = (0f32, 0f32, 0f32, 0f32, 0);
    let (mut g_orphans, mut t_orphans, mut avoided) = (0, 0, 0);
    for text in &paras {
        let p = paragraph(font, text);
        let g = set(&book, &p, Breaker::Greedy);
        let t = set(&book, &p, Breaker::TotalFit);
        if std::env::var_os("PAIBAN_SHOW").is_some() {
            eprintln!(
                "--- greedy\n{}\n--- total fit\n{}",
                show(&p, &g),
                show(&p, &t)
            );
        }
        g_max = g_max.max(g.stats.max_stretch);
        t_max = t_max.max(t.stats.max_stretch);
        g_sum += g.stats.total_stretch;
        t_sum += t.stats.total_stretch;
        lines += t.stats.lines;
        g_orphans += g.stats.orphans_remaining;
        t_orphans += t.stats.orphans_remaining;
        avoided += t.stats.orphans_avoided;
        assert!(t.overfull.is_empty() && g.overfull.is_empty());
    }
    eprintln!(
        "{} paragraphs, {lines} lines: largest stretch greedy {g_max:.3} em, total fit {t_max:.3} em; \
         summed stretch greedy {g_sum:.2} em, total fit {t_sum:.2} em; 孤字 last lines greedy \
         {g_orphans}, total fit {t_orphans} ({avoided} avoided)",
        paras.len()
    );
    assert!(t_max < g_max, "total fit {t_max} vs greedy {g_max}");
    assert_eq!(
        t_orphans, 0,
        "a better break exists for every seed paragraph"
    );
}

/// A 5 MB paragraph (the seed's body text repeated, no line breaks) composes in bounded time:
/// the active list is capped, so the work is linear. Run in release:
/// `cargo test --release --test compose_quality -- --ignored --nocapture`.
#[test]
#[ignore = "slow in debug builds; run with --release"]
fn five_megabyte_paragraph_composes_in_linear_time() {
    let paras = seed_paragraphs();
    let body: String = paras.concat();
    let mut book = FontBook::new(&super::common::fonts_dir());
    let Ok(font) = book.resolve("Noto Serif SC", 400) else {
        panic!("Noto Serif SC missing")
    };
    let mut timings = Vec::new();
    for target in [500_000, 5_000_000] {
        let text: String = body
            .chars()
            .cycle()
            .take_while({
                let mut bytes = 0;
                move |c| {
                    bytes += c.len_utf8();
                    bytes <= target
                }
            })
            .collect();
        let p = paragraph(font, &text);
        for breaker in [Breaker::TotalFit, Breaker::Greedy] {
            let t = std::time::Instant::now();
            let c = set(&book, &p, breaker);
            let secs = t.elapsed().as_secs_f64();
            eprintln!(
                "{} bytes, {breaker:?}: {} lines in {secs:.2} s",
                text.len(),
                c.stats.lines
            );
            timings.push(secs);
        }
    }
    // Ten times the text may take at most about twenty times as long (linear, with slack).
    assert!(timings[2] < timings[0] * 20.0 + 1.0, "{timings:?}");
}
