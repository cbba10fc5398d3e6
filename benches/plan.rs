//! The page planner's search (`plan::pack::search`) on synthetic pages by number of stories:
//! a fixed number of attempts (so the work does not depend on the machine), and until the
//! search settles as `paiban plan` does by default.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use paiban::plan::pack::{PATIENCE, Search, search};
use paiban::plan::problem::{Item, ItemKind, Problem, Shape};

/// A 6-column, 74-line page of `n` stories of three sizes (1, 1¼ and 1½ shares) whose least
/// areas fill 93 % of it, so that the three lines of play each block has can close the page.
fn page(n: usize) -> Problem {
    let quarters: u32 = (0..n as u32).map(|i| 4 + i % 3).sum();
    let quarter = 6 * 74 * 93 / 100 / quarters;
    let items = (0..n)
        .map(|i| Item {
            name: format!("story {i}"),
            rank: (i as u32 + 1).min(4),
            kind: ItemKind::Article,
            shapes: (1..=6)
                .map(|w| {
                    let h = (quarter * (4 + i as u32 % 3)).div_ceil(w);
                    Shape {
                        w,
                        h_min: h,
                        h_max: h + 3,
                        natural: h,
                        text_columns: None,
                        jump_full: None,
                        head: 3,
                    }
                })
                .filter(|s| s.h_min < 74)
                .collect(),
            ells: vec![],
            above_fold: false,
            keep_with: None,
        })
        .collect();
    Problem {
        columns: 6,
        rows: 74,
        blocked: vec![],
        items,
    }
}

fn plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("plan search, 400 attempts");
    group.sample_size(10);
    for n in [4, 6, 8, 10, 12] {
        let problem = page(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &problem, |b, p| {
            b.iter(|| {
                let found = search(
                    black_box(p),
                    &Search {
                        seed: 1,
                        time: Duration::from_secs(60),
                        max_attempts: 400,
                        patience: u64::MAX,
                        keep: 3,
                    },
                );
                black_box(found.proposals.len())
            });
        });
    }
    group.finish();
    // What `paiban plan` spends by default: search until the best three have not changed for
    // [`PATIENCE`] attempts.
    let settled = Search {
        seed: 1,
        time: Duration::from_secs(5),
        max_attempts: u64::MAX,
        keep: 3,
        patience: PATIENCE,
    };
    let mut group = c.benchmark_group("plan search, until settled");
    group.sample_size(10);
    for n in [4, 6, 8, 10, 12] {
        let problem = page(n);
        let found = search(&problem, &settled);
        eprintln!(
            "{n} stories: {} attempts, {} complete, {} proposals, the best by attempt {}",
            found.attempts,
            found.complete,
            found.proposals.len(),
            found.improved_at
        );
        group.bench_with_input(BenchmarkId::from_parameter(n), &problem, |b, p| {
            b.iter(|| {
                let found = search(black_box(p), &settled);
                black_box(found.proposals.len())
            });
        });
    }
    group.finish();
}

criterion_group!(benches, plan);
criterion_main!(benches);
