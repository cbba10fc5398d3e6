//! A whole build of an untrusted edition: the fuzzed bytes are split at the first 0xFF byte
//! into a page plan and an article (the edition and the layout are the sample's), written to a
//! scratch edition, read through the read policy, resolved, laid out and written as a PDF.
//! Every input must give a PDF that starts and ends as one, or located diagnostics; never a
//! panic. The plan reaches block placement, banners, labels and picture blocks (the scratch
//! edition holds a real picture at `pictures/p.jpg`).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paiban::build::prepare_confined;
use paiban::fonts::FontFolder;
use paiban::layout::LayoutOptions;
use paiban::model::RootOptions;
use paiban::pdf::{PdfOptions, write_pdf};

const EDITION: &str = "paper: 测试报\ncode: FZ\ndate: 2022-08-16\nissue_total: 1\nlayout: layout.yaml\npages: [page-1.yaml]\n";
const LAYOUT: &str = include_str!("../../layouts/sikai-6col.yaml");
const PICTURE: &[u8] = include_bytes!("../../samples/dongchang-1461/pictures/puffan.jpg");

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("paiban-fuzz-build-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("articles")).expect("scratch folder");
        std::fs::create_dir_all(dir.join("pictures")).expect("scratch folder");
        std::fs::write(dir.join("edition.yaml"), EDITION).expect("edition");
        std::fs::write(dir.join("layout.yaml"), LAYOUT).expect("layout");
        std::fs::write(dir.join("pictures/p.jpg"), PICTURE).expect("picture");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (plan, article) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let dir = scratch();
    if std::fs::write(dir.join("page-1.yaml"), plan).is_err()
        || std::fs::write(dir.join("articles/a.md"), article).is_err()
    {
        return;
    }
    let mut timings = Vec::new();
    let prepared = prepare_confined(
        &dir.join("edition.yaml"),
        &FontFolder::Default(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../fonts"))),
        LayoutOptions::default(),
        None,
        &RootOptions::default(),
        &mut timings,
    );
    let Ok(p) = prepared else { return };
    match write_pdf(&p.layout.pages, &p.book, &PdfOptions::default()) {
        Ok(bytes) => {
            assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
            let tail = &bytes[bytes.len().saturating_sub(8)..];
            assert!(tail.windows(5).any(|w| w == b"%%EOF"), "a PDF without its end");
        }
        Err(e) => assert!(e.has_errors(), "failed without an error"),
    }
});
