//! PDF writing (`pdf::write_pdf`) of the laid-out sample edition, and of page 2 alone.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use paiban::pdf::write_pdf;

mod common;

fn pdf(c: &mut Criterion) {
    let p = common::prepared();
    let options = common::pdf_options();
    let pages = &p.layout.pages;
    let mut group = c.benchmark_group("pdf");
    group.sample_size(20);
    group.bench_function("sample edition (4 pages)", |b| {
        b.iter(|| black_box(write_pdf(black_box(pages), &p.book, &options).map(|v| v.len())));
    });
    group.bench_function("page 2 alone", |b| {
        b.iter(|| {
            black_box(write_pdf(black_box(&pages[1..2]), &p.book, &options).map(|v| v.len()))
        });
    });
    group.finish();
}

criterion_group!(benches, pdf);
criterion_main!(benches);
