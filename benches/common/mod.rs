//! Shared set-up for the benches: the sample edition read, resolved and laid out once.
#![allow(dead_code, reason = "each bench uses part of it")]

use std::path::{Path, PathBuf};

use paiban::build::{Prepared, prepare};
use paiban::fonts::FontFolder;
use paiban::layout::LayoutOptions;
use paiban::pdf::PdfOptions;

/// The sample edition's path.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461/edition.yaml")
}

/// The repository's fonts/.
pub fn fonts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
}

/// The second sample edition's path (auto heights, stacks, copyfit).
pub fn second_sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe-732/edition.yaml")
}

/// The second sample's hand-placed twin: the same blocks at fixed lines.
pub fn second_sample_hand_placed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/qinghe-732/hand-placed.yaml")
}

/// The sample edition prepared (fonts loaded once).
pub fn prepared() -> Prepared {
    prepared_at(&sample())
}

/// The edition at `path` prepared (fonts loaded once).
pub fn prepared_at(path: &Path) -> Prepared {
    let mut timings = Vec::new();
    let fonts = FontFolder::Default(fonts_dir());
    match prepare(path, &fonts, LayoutOptions::default(), &mut timings) {
        Ok(p) => p,
        Err(e) => panic!("the edition {} does not prepare: {e:?}", path.display()),
    }
}

/// PDF options as the build uses them for the sample (X-1a, IFRA26, fixed date).
pub fn pdf_options() -> PdfOptions {
    PdfOptions {
        title: "东昌时讯 bench".into(),
        creation_date: (2022, 8, 16, 0, 0, 0),
        ..PdfOptions::default()
    }
}
