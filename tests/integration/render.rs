//! The proof renderer against poppler: each page of the sample edition, drawn by
//! `paiban::render` and by `pdftoppm` from the PDF at the same resolution, must agree within a
//! bound that a missing glyph, a shifted frame or a missing picture breaks.
//!
//! The metric, per page, on gray values (the mean of R, G, B), with one pixel of registration
//! allowed ([`tolerant`]):
//! - `worst tile`: the largest mean |Δ| over 16 × 16 pixel windows. One missing hanzi at
//!   100 dpi is a 12-pixel square of ink: its window's mean |Δ| is far above what
//!   anti-aliasing differences give.
//! - `far`: the share of pixels whose |Δ| exceeds 48.
//! - `mean`: the mean |Δ| over the page.

use std::path::{Path, PathBuf};
use std::process::Command;

use paiban::build::{self, BuildOptions};
use paiban::display::{DisplayPage, Item};
use paiban::layout::LayoutOptions;
use paiban::render;

use super::common;

const DPI: f32 = 100.0;
const TILE: usize = 16;
/// Bounds: set from the measured figures (docs/preview.md, "How close a proof is to the PDF") with room for poppler versions.
const MAX_INK_WINDOW: f64 = 19.0;
const MAX_WORST_TILE: f64 = 36.0;
const MAX_FAR: f64 = 0.005;
const MAX_MEAN: f64 = 4.0;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461/edition.yaml")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paiban-render-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Gray pixels of a PNG: (width, height, values).
fn gray_png(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let gray = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| {
            let c = &p[..channels.min(3)];
            (c.iter().map(|&v| u32::from(v)).sum::<u32>() / c.len() as u32) as u8
        })
        .collect();
    (info.width as usize, info.height as usize, gray)
}

#[derive(Debug)]
struct Difference {
    /// Largest |mean(ours) − mean(theirs)| over a window: ink missing or added.
    ink_window: f64,
    /// Largest mean tolerant |Δ| over a window: marks moved.
    worst_tile: f64,
    /// Share of pixels whose tolerant |Δ| exceeds 48.
    far: f64,
    /// Mean plain |Δ| over the page.
    mean: f64,
}

/// Sums over every `TILE` × `TILE` window at a stride of a quarter tile (so a glyph-sized
/// difference falls wholly inside some window wherever it is): the largest |sum| / area.
fn worst_window(w: usize, h: usize, value: impl Fn(usize, usize) -> i64) -> f64 {
    let mut integral = vec![0i64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0i64;
        for x in 0..w {
            row += value(x, y);
            integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
        }
    }
    let mut worst = 0.0_f64;
    for y in (0..h.saturating_sub(TILE)).step_by(TILE / 4) {
        for x in (0..w.saturating_sub(TILE)).step_by(TILE / 4) {
            let (x1, y1) = (x + TILE, y + TILE);
            let sum = integral[y1 * (w + 1) + x1] + integral[y * (w + 1) + x]
                - integral[y * (w + 1) + x1]
                - integral[y1 * (w + 1) + x];
            worst = worst.max(sum.abs() as f64 / (TILE * TILE) as f64);
        }
    }
    worst
}

/// |Δ| at each pixel with one pixel of registration allowed: the smallest difference between
/// a pixel of one image and the 3 × 3 neighbourhood in the other, taken both ways. Poppler
/// places glyphs on its own pixel grid (whole pixels down, quarter pixels across) and
/// anti-aliases differently; a missing or moved mark is more than a pixel away from
/// anything like it.
fn tolerant(a: &(usize, usize, Vec<u8>), b: &(usize, usize, Vec<u8>)) -> (usize, usize, Vec<u32>) {
    assert!(
        a.0.abs_diff(b.0) <= 1 && a.1.abs_diff(b.1) <= 1,
        "sizes differ: {}×{} and {}×{}",
        a.0,
        a.1,
        b.0,
        b.1
    );
    let (w, h) = (a.0.min(b.0), a.1.min(b.1));
    let near =
        |from: &(usize, usize, Vec<u8>), to: &(usize, usize, Vec<u8>), x: usize, y: usize| {
            let v = from.2[y * from.0 + x];
            let mut best = 255u8;
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    best = best.min(v.abs_diff(to.2[ny * to.0 + nx]));
                }
            }
            best
        };
    let mut d = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            d.push(u32::from(near(a, b, x, y).max(near(b, a, x, y))));
        }
    }
    (w, h, d)
}

fn difference(a: &(usize, usize, Vec<u8>), b: &(usize, usize, Vec<u8>)) -> Difference {
    let (w, h, d) = tolerant(a, b);
    let plain = |x: usize, y: usize| i64::from(a.2[y * a.0 + x]) - i64::from(b.2[y * b.0 + x]);
    let pixels = (w * h) as f64;
    let mean = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| plain(x, y).unsigned_abs())
        .sum::<u64>() as f64
        / pixels;
    Difference {
        ink_window: worst_window(w, h, plain),
        worst_tile: worst_window(w, h, |x, y| i64::from(d[y * w + x])),
        far: d.iter().filter(|&&v| v > 48).count() as f64 / pixels,
        mean,
    }
}

/// The sample's PDF rendered by pdftoppm, one gray image per page; `None` without poppler.
fn poppler_pages(dir: &Path) -> Option<Vec<(usize, usize, Vec<u8>)>> {
    if !common::need("pdftoppm") {
        return None;
    }
    let pdf = dir.join("sample.pdf");
    let outcome = build::build(
        &sample(),
        &BuildOptions {
            output: Some(pdf.clone()),
            ..BuildOptions::default()
        },
    );
    assert!(
        !outcome.diagnostics.has_errors(),
        "{:?}",
        outcome.diagnostics
    );
    let status = Command::new("pdftoppm")
        .args(["-r", &DPI.to_string(), "-png"])
        .arg(&pdf)
        .arg(dir.join("poppler"))
        .status()
        .unwrap();
    assert!(status.success());
    let pages = (1..=4)
        .map(|n| gray_png(&std::fs::read(dir.join(format!("poppler-{n}.png"))).unwrap()))
        .collect();
    Some(pages)
}

fn sample_pages() -> (Vec<DisplayPage>, paiban::fonts::FontBook) {
    let mut timings = Vec::new();
    let fonts = paiban::fonts::FontFolder::Default(common::fonts_dir());
    let p = build::prepare(&sample(), &fonts, LayoutOptions::default(), &mut timings).unwrap();
    (p.layout.pages, p.book)
}

/// Paints a frame (points) white, with two pixels around it.
fn blank(image: &mut (usize, usize, Vec<u8>), (x, y, width, height): (f32, f32, f32, f32)) {
    let scale = DPI / 72.0;
    let px = |v: f32, limit: usize| ((v * scale).max(0.0) as usize).min(limit);
    let (w, h) = (image.0, image.1);
    let (x0, y0) = (px(x, w).saturating_sub(2), px(y, h).saturating_sub(2));
    let (x1, y1) = (px(x + width, w - 1) + 2, px(y + height, h - 1) + 2);
    for row in y0..y1.min(h) {
        for col in x0..x1.min(w) {
            image.2[row * w + col] = 255;
        }
    }
}

fn within_bounds(d: &Difference) -> bool {
    d.ink_window <= MAX_INK_WINDOW
        && d.worst_tile <= MAX_WORST_TILE
        && d.far <= MAX_FAR
        && d.mean <= MAX_MEAN
}

#[test]
fn every_sample_page_matches_pdftoppm() {
    let dir = scratch("match");
    let Some(poppler) = poppler_pages(&dir) else {
        return;
    };
    let (pages, book) = sample_pages();
    let mut renderer = render::Renderer::new();
    for (page, theirs) in pages.iter().zip(&poppler) {
        let png = renderer.png(page, &book, DPI).unwrap();
        std::fs::write(dir.join(format!("paiban-{}.png", page.number)), &png).unwrap();
        // Placed PDF art (ads) is drawn as a stand-in box by the renderer, not as its content:
        // both images are compared with its frame left out. SVG art (page 4's emblem) is
        // drawn, and compared.
        let mut ours = gray_png(&png);
        let mut theirs = theirs.clone();
        for item in &page.items {
            if let Item::Art(art) = item {
                if art.art.vector().is_some() {
                    continue;
                }
                blank(&mut ours, art.frame);
                blank(&mut theirs, art.frame);
            }
        }
        let d = difference(&ours, &theirs);
        eprintln!("page {}: {d:?}", page.number);
        assert!(
            within_bounds(&d),
            "page {} differs from pdftoppm: {d:?} (images in {})",
            page.number,
            dir.display()
        );
    }
}

/// The bound is not too loose: the same comparison fails for a page with one glyph gone, a
/// frame moved by 2 pt, or a picture left out.
#[test]
fn the_bound_catches_a_missing_glyph_a_shifted_frame_and_a_missing_picture() {
    let dir = scratch("catch");
    let Some(poppler) = poppler_pages(&dir) else {
        return;
    };
    let (pages, book) = sample_pages();
    let mut renderer = render::Renderer::new();
    let check = |renderer: &mut render::Renderer, page: &DisplayPage, what: &str| {
        let png = renderer.png(page, &book, DPI).unwrap();
        let d = difference(&gray_png(&png), &poppler[page.number as usize - 1]);
        eprintln!("page {} with {what}: {d:?}", page.number);
        assert!(
            !within_bounds(&d),
            "{what} on page {} passed: {d:?}",
            page.number
        );
    };
    // One body glyph gone: the first hanzi past the middle of the longest run on page 2.
    let mut page = pages[1].clone();
    let run = page
        .items
        .iter_mut()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r),
            _ => None,
        })
        .max_by_key(|r| r.glyphs.len())
        .unwrap();
    let hanzi = (run.glyphs.len() / 2..run.glyphs.len())
        .find(|&i| {
            let g = &run.glyphs[i];
            run.text[g.text.clone()]
                .chars()
                .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        })
        .unwrap();
    run.glyphs.remove(hanzi);
    check(&mut renderer, &page, "a missing glyph");
    // A boxed article, frame and text, 2 pt to the right.
    let mut page = pages[0].clone();
    let frame = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Rect(r) if r.stroke.is_some() => Some(r.clone()),
            _ => None,
        })
        .expect("page 1 has a boxed article");
    let inside = |(x, y): (f32, f32)| {
        x >= frame.x && x <= frame.x + frame.width && y >= frame.y && y <= frame.y + frame.height
    };
    for item in &mut page.items {
        match item {
            Item::Text(run) if inside(run.origin) => run.origin.0 += 2.0,
            Item::Rect(r) if *r == frame => r.x += 2.0,
            _ => {}
        }
    }
    check(&mut renderer, &page, "a shifted frame");
    // A picture left out.
    let (n, mut page) = pages
        .iter()
        .enumerate()
        .find(|(_, p)| p.items.iter().any(|i| matches!(i, Item::Image(_))))
        .map(|(n, p)| (n, p.clone()))
        .unwrap();
    page.items.retain(|i| !matches!(i, Item::Image(_)));
    assert_eq!(page.number as usize, n + 1);
    check(&mut renderer, &page, "a missing picture");
}

#[test]
fn standalone_svg_defines_every_glyph_it_uses() {
    let (pages, book) = sample_pages();
    let svg = render::page_svg(&pages[0], &book, &render::SvgOptions::default());
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
    let mut used = 0;
    for part in svg.split("<use href=\"#").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert!(
            svg.contains(&format!("<path id=\"{id}\"")),
            "glyph {id} not defined"
        );
        used += 1;
    }
    let glyphs: usize = pages[0]
        .items
        .iter()
        .map(|i| match i {
            Item::Text(r) => r.glyphs.len(),
            _ => 0,
        })
        .sum();
    // Every glyph but spaces (no outline) is placed.
    assert!(used * 10 >= glyphs * 9, "{used} of {glyphs} glyphs placed");
}

fn paiban(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .output()
        .unwrap()
}

/// Magenta-ish pixels (the proof marks' colour) in a PNG.
fn magenta_pixels(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf[..info.buffer_size()]
        .chunks_exact(3)
        .filter(|p| p[0] > 200 && p[1] < 200 && p[2] > 140 && p[0] - p[1] > 50)
        .count()
}

#[test]
fn proof_writes_the_pages_asked_for_and_a_contact_sheet_with_marks_unless_clean() {
    let dir = scratch("proof");
    let edition = sample();
    let edition = edition.to_str().unwrap();
    let marked = dir.join("marked");
    let out = paiban(&[
        "proof",
        edition,
        "-o",
        marked.to_str().unwrap(),
        "--dpi",
        "40",
        "--pages",
        "2",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&marked)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["contact.png", "page-02.png"]);
    let (w, h, _) = gray_png(&std::fs::read(marked.join("page-02.png")).unwrap());
    // 265 × 380 mm at 40 dpi.
    assert_eq!((w, h), (418, 599));
    let clean = dir.join("clean");
    let out = paiban(&[
        "proof",
        edition,
        "-o",
        clean.to_str().unwrap(),
        "--dpi",
        "40",
        "--pages",
        "2",
        "--clean",
    ]);
    assert!(out.status.success());
    // Marks only add: the clean proof never has magenta the marked one lacks.
    let (with, without) = (
        magenta_pixels(&marked.join("page-02.png")),
        magenta_pixels(&clean.join("page-02.png")),
    );
    assert!(
        with >= without,
        "{with} magenta pixels with marks, {without} without"
    );
}

#[test]
fn proof_refuses_a_page_the_edition_lacks_and_writes_nothing() {
    let dir = scratch("proof-bad").join("out");
    let edition = sample();
    let out = paiban(&[
        "proof",
        edition.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--pages",
        "9",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no page 9"));
    assert!(!dir.exists());
    let out = paiban(&[
        "proof",
        edition.to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--dpi",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
