//! Picture files: any bytes read as a picture must be a JPEG/PNG with a sane header or a
//! located error; a picture that passes is placed on a page and written to a PDF, which
//! decodes it (PNG always, JPEG for the ink check and colour conversion): an error or a PDF,
//! never a panic.
#![no_main]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use paiban::display::{DisplayPage, ImageItem, Item};
use paiban::fonts::FontBook;
use paiban::model::picture_from_bytes;
use paiban::pdf::{PdfOptions, write_pdf};

fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        FontBook::new(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fonts")))
    })
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.jpg");
    let Ok(picture) = picture_from_bytes(path, data.to_vec()) else {
        return;
    };
    let (w, h) = picture.pixels;
    // Decoding a picture the header says is huge would only measure the allocator.
    if u64::from(w) * u64::from(h) > 4_000_000 {
        return;
    }
    let page = DisplayPage {
        number: 1,
        width: 300.0,
        height: 400.0,
        items: vec![Item::Image(ImageItem {
            path: path.to_path_buf(),
            data: Arc::clone(&picture.data),
            format: picture.format,
            frame: (10.0, 10.0, 100.0, 80.0),
            placed: (10.0, 10.0, 100.0, 80.0),
            orientation: picture.orientation,
            block: None,
        })],
    };
    if let Ok(bytes) = write_pdf(&[page], book(), &PdfOptions::default()) {
        assert!(bytes.starts_with(b"%PDF-"));
    }
});
