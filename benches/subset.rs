//! Font subsetting: a one-page PDF with one run of one repeated glyph against one with many
//! distinct glyphs (the subsetter's cost grows with the glyphs kept, not the glyphs drawn).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use paiban::color::Cmyk;
use paiban::display::{DisplayPage, Glyph, GlyphRun, Item, Writing};
use paiban::fonts::FontBook;
use paiban::pdf::write_pdf;

mod common;

/// One page: `lines` runs of 40 glyphs each, glyph ids from `ids`.
fn page(book: &mut FontBook, ids: &mut dyn Iterator<Item = u16>, lines: usize) -> DisplayPage {
    let font = match book.resolve("Noto Serif SC", 400) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    let mut items = Vec::new();
    for l in 0..lines {
        let glyphs: Vec<Glyph> = (0..40)
            .map(|i| Glyph {
                id: ids.next().unwrap_or(1),
                x: i as f32 * 9.0,
                y: 0.0,
                advance: 9.0,
                text: 0..0,
            })
            .collect();
        items.push(Item::Text(GlyphRun {
            font,
            size: 9.0,
            color: Cmyk::BLACK,
            origin: (20.0, 30.0 + l as f32 * 13.0),
            writing: Writing::Horizontal,
            glyphs,
            text: String::new(),
        }));
    }
    DisplayPage {
        number: 1,
        width: 751.0,
        height: 1077.0,
        items,
    }
}

fn subset(c: &mut Criterion) {
    let mut book = FontBook::new(&common::fonts_dir());
    let options = common::pdf_options();
    let mut group = c.benchmark_group("subset");
    group.sample_size(20);
    // The same glyph everywhere: one glyph to subset.
    let one = page(&mut book, &mut std::iter::repeat(1234_u16), 1);
    group.bench_function(BenchmarkId::new("distinct glyphs", 1), |b| {
        b.iter(|| {
            black_box(
                write_pdf(black_box(std::slice::from_ref(&one)), &book, &options).map(|v| v.len()),
            )
        });
    });
    // 40 × 75 = 3,000 distinct glyphs: a full newspaper page's worth.
    for n in [400_u16, 3000] {
        let many = page(&mut book, &mut (1000..1000 + n), usize::from(n / 40));
        group.bench_function(BenchmarkId::new("distinct glyphs", n), |b| {
            b.iter(|| {
                black_box(
                    write_pdf(black_box(std::slice::from_ref(&many)), &book, &options)
                        .map(|v| v.len()),
                )
            });
        });
    }
    group.finish();
}

criterion_group!(benches, subset);
criterion_main!(benches);
