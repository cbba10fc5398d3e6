//! SVG art: any bytes read as an SVG are paths or a located refusal, and paths that pass are
//! placed on a page and written to a PDF (their colours separated, their form written): an
//! error or a PDF, never a panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paiban::display::{ArtItem, DisplayPage, Item};
use paiban::fonts::FontBook;
use paiban::model::artwork_from_svg;
use paiban::pdf::{PdfOptions, write_pdf};

fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        FontBook::new(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fonts")))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.svg");
    let Ok(art) = artwork_from_svg(path, data) else {
        return;
    };
    let (w, h) = art.size();
    let page = DisplayPage {
        number: 1,
        width: 200.0,
        height: 200.0,
        items: vec![Item::Art(ArtItem {
            path: path.to_path_buf(),
            art,
            frame: (10.0, 10.0, 180.0, 180.0),
            placed: (10.0, 10.0, 180.0_f32.min(w.max(1.0)), 180.0_f32.min(h.max(1.0))),
            block: None,
        })],
    };
    let _ = write_pdf(&[page], book(), &PdfOptions::default());
});
