//! The e-paper's glyph work on the laid-out sample edition, on one thread: every glyph's
//! outline read and its SVG path written (what the page SVGs define), and the same with the
//! page PNGs' glyph masks filled (`epaper::Glyphs::read`, as `build --epaper` does it); the
//! photos in screen colours with their web JPEGs; the page PNGs and SVGs drawn from them.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use paiban::epaper::{EpaperOptions, Glyphs};
use paiban::render::{GlyphPhase, PictureLinks, Renderer, SvgOptions};

mod common;

fn epaper(c: &mut Criterion) {
    let p = common::prepared();
    let pages = &p.layout.pages;
    let mut group = c.benchmark_group("epaper");
    group.sample_size(30);
    group.bench_function("outlines and SVG paths (4 pages)", |b| {
        b.iter(|| {
            let mut renderer = Renderer::new();
            renderer.preload_glyphs(black_box(pages), &p.book, None, 1);
            black_box(renderer)
        });
    });
    let options = EpaperOptions::default();
    group.bench_function("outlines, SVG paths and masks (4 pages)", |b| {
        b.iter(|| black_box(Glyphs::read(black_box(pages), &p.book, &options)));
    });
    let mut drawn = Renderer::new().with_glyph_phase(GlyphPhase::Whole);
    drawn.preload_glyphs(pages, &p.book, Some(options.png_dpi), 1);
    group.bench_function("pictures in screen colours and web JPEGs", |b| {
        b.iter(|| {
            let mut renderer = drawn.clone();
            renderer.preload_pictures(black_box(pages), Some(1200), 1);
            black_box(renderer)
        });
    });
    drawn.preload_pictures(pages, Some(1200), 1);
    group.bench_function("page PNGs (4 pages)", |b| {
        b.iter(|| {
            let drawn: Vec<_> = pages
                .iter()
                .map(|page| drawn.clone().png(page, &p.book, options.png_dpi))
                .collect();
            black_box(drawn)
        });
    });
    let svg = SvgOptions {
        pictures: PictureLinks::WebJpeg(1200),
        ..SvgOptions::default()
    };
    group.bench_function("page SVGs (4 pages)", |b| {
        b.iter(|| {
            for page in pages {
                black_box(drawn.clone().svg(page, &p.book, &svg).len());
            }
        });
    });
    group.finish();
}

criterion_group!(benches, epaper);
criterion_main!(benches);
