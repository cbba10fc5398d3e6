//! Composer throughput in characters per second: body paragraphs of the seed issue at a
//! 12-character measure (9 pt Noto Serif SC), cold (shaping included, cache defeated) and warm
//! (the prepared paragraph cached, as when layout tries several measures).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use paiban::color::Cmyk;
use paiban::compose::{LineWidths, Paragraph, ParagraphStyle, StyleRun, compose_paragraph};
use paiban::fonts::FontBook;

mod common;

/// The reference edition's text, kept with the tests.
const SEED: &str = include_str!("../tests/data/dongchang-1461.txt");

fn paragraphs() -> Vec<String> {
    SEED.lines()
        .map(str::trim)
        .filter(|l| l.chars().count() >= 60)
        .map(String::from)
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut book = FontBook::new(&common::fonts_dir());
    let Ok(font) = book.resolve("Noto Serif SC", 400) else {
        return;
    };
    let paras: Vec<Paragraph> = paragraphs()
        .into_iter()
        .map(|t| Paragraph {
            keep: Vec::new(),
            runs: vec![StyleRun {
                range: 0..t.len(),
                fonts: vec![font],
                size: 9.0,
                color: Cmyk::BLACK,
                tracking: 0.0,
            }],
            text: t,
        })
        .collect();
    let chars: usize = paras.iter().map(|p| p.text.chars().count()).sum();
    let style = ParagraphStyle {
        indent: 18.0,
        ..Default::default()
    };
    let widths = LineWidths::uniform(108.0);
    let mut group = c.benchmark_group("compose");
    group.throughput(Throughput::Elements(chars as u64));
    group.bench_function("seed_12char_cold", |b| {
        // Alternate two tracking values so no paragraph is found in the cache.
        let mut flip = false;
        b.iter(|| {
            flip = !flip;
            for p in &paras {
                let mut p = p.clone();
                p.runs[0].tracking = if flip { 0.0 } else { 1e-6 };
                std::hint::black_box(compose_paragraph(&book, &p, &style, &widths));
            }
        });
    });
    let some = &paras[..paras.len().min(16)];
    let some_chars: usize = some.iter().map(|p| p.text.chars().count()).sum();
    group.throughput(Throughput::Elements(some_chars as u64));
    group.bench_function("seed_12char_warm_16", |b| {
        b.iter(|| {
            for p in some {
                std::hint::black_box(compose_paragraph(&book, p, &style, &widths));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
