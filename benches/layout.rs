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
    // The second sample: the same four 四开 pages, every block below the mastheads sized by
    // itself (auto heights, stacks) and copyfit where a block says so; against its hand-placed
    // twin (samples/qinghe-732/hand-placed.yaml: the same blocks at the lines the sizing gives
    // them, copyfit on the same block). Issue 19 asks for the first within 2x of the second.
    for (name, path) in [
        (
            "second sample, auto heights and stacks (4 pages)",
            common::second_sample(),
        ),
        (
            "second sample, hand-placed twin (4 pages)",
            common::second_sample_hand_placed(),
        ),
    ] {
        let p = common::prepared_at(&path);
        group.bench_function(name, |b| {
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
    }
    group.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
