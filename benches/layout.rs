//! Page layout of the sample edition (`layout::layout_edition`), fonts loaded once outside the
//! loop. The composer's own bench is `benches/compose.rs`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use paiban::layout::{LayoutOptions, layout_edition};

mod common;

fn layout(c: &mut Criterion) {
    let p = common::prepared();
    let mut group = c.benchmark_group("layout");
    group.sample_size(20);
    group.bench_function("sample edition (4 pages)", |b| {
        b.iter(|| {
            let out = layout_edition(
                black_box(&p.input),
                &p.resolved,
                &p.book,
                &p.grid,
                LayoutOptions::default(),
            );
            black_box(out.map(|o| o.pages.len()).unwrap_or(0))
        });
    });
    group.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
