//! Ink as printed (issue 16, item 5): total area coverage on the composite, not colour by
//! colour. Black text overprinting a strong tint, and a CMYK JPEG passed through at 400%, each
//! print past newsprint's 240%: a warning naming the page and the plan block, an error (exit 1,
//! no PDF) under `--strict`. The sample edition stays clean.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A one-page edition on paiban's 四开 layout (swatch `label` = 0/100/100/10, ink limit 240%)
/// whose page plan holds `blocks`, with one article and the picture `pictures/p.jpg`.
fn edition(name: &str, blocks: &str, picture: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paiban-ink-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::create_dir_all(dir.join("pictures")).unwrap();
    let layout = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/sikai-6col.yaml");
    std::fs::write(
        dir.join("edition.yaml"),
        format!(
            "paper: 测试报\ncode: CS\ndate: 2022-08-16\nissue_total: 1\nlayout: {}\npages: [page-1.yaml]\n",
            layout.display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("page-1.yaml"),
        format!("section: 要闻\nblocks:\n{blocks}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("articles/a.md"),
        "---\ntitle: 运河边的早市\n---\n清晨五点，运河边的早市已经热闹起来。卖菜的、卖早点的摊子沿着河岸一字排开，吆喝声此起彼伏。\n",
    )
    .unwrap();
    std::fs::write(dir.join("pictures/p.jpg"), picture).unwrap();
    dir
}

/// A CMYK JPEG of `size`×`size` pixels all of `ink` (0 = no ink, 255 = solid), Adobe-inverted
/// as Photoshop writes it.
fn cmyk_jpeg(ink: [u8; 4], size: u16) -> Vec<u8> {
    let data: Vec<u8> = (0..usize::from(size) * usize::from(size))
        .flat_map(|_| ink)
        .collect();
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 95);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
    encoder
        .encode(&data, size, size, jpeg_encoder::ColorType::Cmyk)
        .unwrap();
    out
}

fn paiban(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run paiban")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `check` and `build` warn (exit 0, PDF written) with `message` at `at`; with `--strict` both
/// exit 1 and no PDF is written.
fn assert_warns_then_strict_fails(dir: &Path, at: &str, message: &str) {
    for args in [
        &["check", "edition.yaml"][..],
        &["build", "edition.yaml", "-o", "out.pdf"][..],
    ] {
        let out = paiban(dir, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        let line = err
            .lines()
            .find(|l| l.contains(message))
            .unwrap_or_else(|| panic!("{args:?}: no \"{message}\":\n{err}"));
        assert!(line.starts_with(at), "{args:?}: not at {at}: {line}");
        assert!(line.contains("warning"), "{args:?}: {line}");
    }
    assert!(
        dir.join("out.pdf").is_file(),
        "the warned build wrote no PDF"
    );
    std::fs::remove_file(dir.join("out.pdf")).unwrap();
    for args in [
        &["check", "edition.yaml", "--strict"][..],
        &["build", "edition.yaml", "-o", "out.pdf", "--strict"][..],
    ] {
        let out = paiban(dir, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        let line = err
            .lines()
            .find(|l| l.contains(message))
            .unwrap_or_default();
        assert!(
            line.starts_with(at) && line.contains("error"),
            "{args:?}:\n{err}"
        );
    }
    assert!(!dir.join("out.pdf").exists(), "--strict wrote a PDF");
}

#[test]
fn black_text_overprinting_the_label_tint_prints_300_percent() {
    let blocks = "  - article: articles/a.md\n    at: [1, 1]\n    size: [3, 30]\n    tint: label\n";
    let dir = edition("tint", blocks, &cmyk_jpeg([0, 0, 0, 128], 8));
    assert_warns_then_strict_fails(
        &dir,
        "page-1.yaml:3:",
        "page 1: black overprints the tint C0 M100 Y100 K10: 300% total ink as printed, over the 240% limit",
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_400_percent_cmyk_jpeg_is_reported_at_its_block() {
    let blocks = "  - article: articles/a.md\n    at: [1, 1]\n    size: [3, 30]\n  - picture: pictures/p.jpg\n    at: [4, 1]\n    size: [3, 20]\n";
    let dir = edition("jpeg", blocks, &cmyk_jpeg([255, 255, 255, 255], 64));
    assert_warns_then_strict_fails(
        &dir,
        "page-1.yaml:6:",
        "page 1: the CMYK picture p.jpg prints up to 400% total ink; 4096 of its 4096 pixels (100.0%) are over the 240% limit",
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// With `--epaper` the PDF is written beside its target while the site is still being drawn;
/// an ink error under `--strict` must still leave neither the PDF nor the site in place, and
/// nothing of either beside them.
#[test]
fn a_strict_ink_error_with_the_epaper_leaves_no_pdf_no_site_and_nothing_half_written() {
    let blocks = "  - article: articles/a.md\n    at: [1, 1]\n    size: [3, 30]\n    tint: label\n";
    let dir = edition("epaper-strict", blocks, &cmyk_jpeg([0, 0, 0, 128], 8));
    let args = [
        "build",
        "edition.yaml",
        "-o",
        "out.pdf",
        "--epaper",
        "site",
        "--strict",
    ];
    let out = paiban(&dir, &args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("300% total ink"), "{err}");
    assert!(!dir.join("out.pdf").exists(), "a PDF was written: {err}");
    assert!(!dir.join("site").exists(), "a site was written: {err}");
    // The PDF's temporary is `.out.pdf.….tmp`, the site's folder `.site.…`.
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "left beside the outputs: {left:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_tint_under_the_limit_and_a_separated_picture_pass() {
    // Black on the 8% gray `tint` swatch: 108%. The picture: 60/40/40/90 = 230%.
    let blocks = "  - article: articles/a.md\n    at: [1, 1]\n    size: [3, 30]\n    tint: tint\n  - picture: pictures/p.jpg\n    at: [4, 1]\n    size: [3, 20]\n";
    let dir = edition("clean", blocks, &cmyk_jpeg([153, 102, 102, 230], 64));
    let out = paiban(&dir, &["check", "edition.yaml", "--strict"]);
    let err = stderr(&out);
    assert!(!err.contains("total ink"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_sample_edition_prints_within_its_ink_limit() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461");
    let out = paiban(&sample, &["check", "edition.yaml"]);
    let err = stderr(&out);
    assert!(!err.contains("total ink"), "{err}");
}
