//! The PDF stage end to end: small hand-made display lists → PDF/X bytes, opened with lopdf,
//! and (when installed) checked with pdfx_lint.py, Ghostscript, pdftotext and mutool.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use paiban::color::Cmyk;
use paiban::display::{DisplayPage, Glyph, GlyphRun, ImageItem, Item, RectItem, Rule, Writing};
use paiban::fonts::{FontBook, FontId};
use paiban::model::ImageFormat;
use paiban::model::PdfStandard;
use paiban::pdf::{PdfOptions, write_pdf, write_pdf_with_warnings};
use skrifa::MetadataProvider;

use super::common::{have, pdfx_lint};

const HEADLINE: &str = "东昌时讯报道";
const BODY: &str = "本报讯 Paiban 2022年8月16日";
/// A 1/4 broadsheet-ish page, in points.
const W: f32 = 595.0;
const H: f32 = 842.0;

fn book() -> (FontBook, FontId) {
    let mut book = FontBook::new(&super::common::fonts_dir());
    let id = book
        .resolve("Noto Serif SC", 400)
        .expect("bundled Noto Serif SC");
    (book, id)
}

/// A glyph run set solid with the font's own advances.
fn run(
    book: &FontBook,
    font: FontId,
    text: &str,
    origin: (f32, f32),
    size: f32,
    color: Cmyk,
) -> GlyphRun {
    let face = book.face(font);
    let font_ref = face.font_ref().expect("font parses");
    let charmap = font_ref.charmap();
    let metrics = font_ref.glyph_metrics(
        skrifa::instance::Size::unscaled(),
        skrifa::instance::LocationRef::default(),
    );
    let mut x = 0.0;
    let mut glyphs = Vec::new();
    for (i, c) in text.char_indices() {
        let gid = charmap.map(c).unwrap_or_default();
        let id = gid.to_u32() as u16;
        let advance = metrics
            .advance_width(gid)
            .map_or(size, |units| units * size / f32::from(face.units_per_em));
        glyphs.push(Glyph {
            id,
            x,
            y: 0.0,
            advance,
            text: i..i + c.len_utf8(),
        });
        x += advance;
    }
    GlyphRun {
        font,
        size,
        color,
        origin,
        writing: Writing::Horizontal,
        glyphs,
        text: text.to_string(),
    }
}

/// A fixture file; PNGs (which the repository's .gitignore keeps out) are made here instead.
fn fixture(name: &str) -> (PathBuf, Arc<Vec<u8>>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name);
    let data = match name {
        "gray.png" => make_png(png::ColorType::Grayscale, 1),
        "rgb.png" => make_png(png::ColorType::Rgb, 3),
        "rgba.png" => make_png(png::ColorType::Rgba, 4),
        _ => std::fs::read(&path).expect("fixture"),
    };
    (path, Arc::new(data))
}

/// A 48×32 gradient PNG; alpha (when present) is 200.
fn make_png(color: png::ColorType, channels: usize) -> Vec<u8> {
    let (w, h) = (48u32, 32u32);
    let mut pixels = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let px = [(x * 5) as u8, (y * 8) as u8, 128, 200];
            match channels {
                1 => pixels.push(px[0] / 2 + px[1] / 2),
                _ => pixels.extend_from_slice(&px[..channels]),
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    writer.write_image_data(&pixels).expect("png data");
    writer.finish().expect("png end");
    out
}

fn picture(name: &str, format: ImageFormat, at: (f32, f32), size: (f32, f32)) -> Item {
    let (path, data) = fixture(name);
    let rect = (at.0, at.1, size.0, size.1);
    Item::Image(ImageItem {
        path,
        data,
        format,
        frame: rect,
        placed: rect,
        orientation: Default::default(),
        block: None,
    })
}

fn page(book: &FontBook, font: FontId, number: u32) -> DisplayPage {
    let red = Cmyk {
        c: 0.0,
        m: 1.0,
        y: 1.0,
        k: 0.0,
    };
    let items = vec![
        Item::Rect(RectItem {
            x: 40.0,
            y: 40.0,
            width: 515.0,
            height: 60.0,
            fill: Some(Cmyk::gray(0.1)),
            stroke: Some((Cmyk::BLACK, 0.5)),
        }),
        Item::Text(run(book, font, HEADLINE, (60.0, 85.0), 36.0, Cmyk::BLACK)),
        Item::Rule(Rule {
            from: (40.0, 110.0),
            to: (555.0, 110.0),
            width: 0.5,
            color: Cmyk::BLACK,
            dash: vec![],
        }),
        Item::Text(run(book, font, BODY, (40.0, 130.0), 9.0, Cmyk::BLACK)),
        Item::Text(run(
            book,
            font,
            &format!("第{number}版"),
            (40.0, 150.0),
            9.0,
            red,
        )),
        picture("cmyk.jpg", ImageFormat::Jpeg, (40.0, 200.0), (24.0, 16.0)),
        picture("gray.png", ImageFormat::Png, (80.0, 200.0), (24.0, 16.0)),
    ];
    DisplayPage {
        number,
        width: W,
        height: H,
        items,
    }
}

fn options(standard: PdfStandard) -> PdfOptions {
    PdfOptions {
        standard,
        title: "东昌时讯 2022-08-16 总第1461期".into(),
        creation_date: (2022, 8, 16, 0, 0, 0),
        ..PdfOptions::default()
    }
}

fn ghostscript_cmyk_profile() -> Option<(PathBuf, Vec<u8>)> {
    let path = PathBuf::from("/usr/share/color/icc/ghostscript/default_cmyk.icc");
    if !super::common::have_file(&path, "apt-get install ghostscript") {
        return None;
    }
    std::fs::read(&path).ok().map(|b| (path, b))
}

fn open(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("lopdf reads the output")
}

fn dict<'a>(doc: &'a Document, obj: &'a Object) -> &'a Dictionary {
    match obj {
        Object::Reference(id) => doc.get_dictionary(*id).expect("referenced dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("expected a dictionary, got {other:?}"),
    }
}

fn rect(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Vec<f32>> {
    let page = doc.get_dictionary(page).ok()?;
    let arr = page.get(key).ok()?.as_array().ok()?;
    Some(arr.iter().map(|o| o.as_float().expect("number")).collect())
}

fn close(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

fn first_page(doc: &Document) -> ObjectId {
    *doc.get_pages().values().next().expect("a page")
}

/// Every name in the file, in dictionaries, arrays and content streams.
fn all_names(doc: &Document) -> Vec<String> {
    fn visit(o: &Object, out: &mut Vec<String>) {
        match o {
            Object::Name(n) => out.push(String::from_utf8_lossy(n).into_owned()),
            Object::Array(a) => a.iter().for_each(|v| visit(v, out)),
            Object::Dictionary(d) => d.iter().for_each(|(_, v)| visit(v, out)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, v)| visit(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    doc.objects.values().for_each(|o| visit(o, &mut out));
    out
}

#[test]
fn x1a_has_output_intent_version_info_and_xmp() {
    let (book, font) = book();
    let bytes = write_pdf(&[page(&book, font, 1)], &book, &options(PdfStandard::X1a)).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.4"));
    let doc = open(&bytes);
    let catalog = doc.catalog().unwrap();
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let intent = dict(&doc, &intents[0]);
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert_eq!(
        intent
            .get(b"OutputConditionIdentifier")
            .unwrap()
            .as_str()
            .unwrap(),
        b"IFRA26"
    );
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    assert_eq!(
        info.get(b"GTS_PDFXVersion").unwrap().as_str().unwrap(),
        b"PDF/X-1:2003"
    );
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    // The writer that made the file, as it is: paiban and its version.
    let producer = format!("paiban {}", env!("CARGO_PKG_VERSION"));
    assert_eq!(
        info.get(b"Producer").unwrap().as_str().unwrap(),
        producer.as_bytes()
    );
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20220816000000Z"
    );
    assert!(doc.trailer.get(b"ID").is_ok());
    let Object::Reference(meta) = catalog.get(b"Metadata").unwrap() else {
        panic!("metadata")
    };
    let xmp = doc
        .get_object(*meta)
        .unwrap()
        .as_stream()
        .unwrap()
        .content
        .clone();
    let xmp = String::from_utf8(xmp).unwrap();
    assert!(xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-1:2003</pdfxid:GTS_PDFXVersion>"));
    assert!(xmp.contains("东昌时讯 2022-08-16 总第1461期"));
}

#[test]
fn boxes_trim_is_the_page_without_bleed_or_marks() {
    let (book, font) = book();
    let bytes = write_pdf(&[page(&book, font, 1)], &book, &options(PdfStandard::X1a)).unwrap();
    let doc = open(&bytes);
    let p = first_page(&doc);
    assert!(close(
        &rect(&doc, p, b"TrimBox").unwrap(),
        &[0.0, 0.0, W, H]
    ));
    assert!(close(
        &rect(&doc, p, b"MediaBox").unwrap(),
        &[0.0, 0.0, W, H]
    ));
    assert!(rect(&doc, p, b"BleedBox").is_none());
}

#[test]
fn boxes_bleed_and_marks_enlarge_the_media_box() {
    let (book, font) = book();
    let bleed = 8.5;
    let opts = PdfOptions {
        bleed,
        marks: true,
        ..options(PdfStandard::X1a)
    };
    let bytes = write_pdf(&[page(&book, font, 1)], &book, &opts).unwrap();
    let doc = open(&bytes);
    let p = first_page(&doc);
    let trim = rect(&doc, p, b"TrimBox").unwrap();
    let bleed_box = rect(&doc, p, b"BleedBox").unwrap();
    let media = rect(&doc, p, b"MediaBox").unwrap();
    let m = trim[0];
    assert!(m > bleed + 18.0, "margin {m} holds bleed and marks");
    assert!(close(&trim, &[m, m, m + W, m + H]), "{trim:?}");
    assert!(
        close(
            &bleed_box,
            &[m - bleed, m - bleed, m + W + bleed, m + H + bleed]
        ),
        "{bleed_box:?}"
    );
    assert!(
        close(&media, &[0.0, 0.0, W + 2.0 * m, H + 2.0 * m]),
        "{media:?}"
    );
    // The marks are drawn in registration colour, a Separation /All.
    assert!(all_names(&doc).iter().any(|n| n == "All"));
}

#[test]
fn every_font_is_an_embedded_subset_with_to_unicode() {
    let (book, font) = book();
    let bytes = write_pdf(&[page(&book, font, 1)], &book, &options(PdfStandard::X1a)).unwrap();
    let doc = open(&bytes);
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(d) = object.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font")
            || d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0")
        {
            continue;
        }
        fonts += 1;
        assert!(d.get(b"ToUnicode").is_ok(), "font without ToUnicode");
        let base =
            String::from_utf8_lossy(d.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
        let (tag, name) = base.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{base}"
        );
        assert!(name.starts_with(&book.face(font).postscript_name), "{base}");
        let descendant = d.get(b"DescendantFonts").unwrap().as_array().unwrap();
        let cid = dict(&doc, &descendant[0]);
        let descriptor = dict(&doc, cid.get(b"FontDescriptor").unwrap());
        assert!(
            [&b"FontFile2"[..], b"FontFile3"]
                .iter()
                .any(|k| descriptor.get(k).is_ok()),
            "font program not embedded"
        );
    }
    assert!(fonts >= 1);
}

#[test]
fn x1a_has_no_rgb_even_with_rgb_pictures() {
    let (book, font) = book();
    let mut p = page(&book, font, 1);
    p.items.push(picture(
        "rgb.jpg",
        ImageFormat::Jpeg,
        (120.0, 200.0),
        (24.0, 16.0),
    ));
    p.items.push(picture(
        "rgb.png",
        ImageFormat::Png,
        (160.0, 200.0),
        (24.0, 16.0),
    ));
    p.items.push(picture(
        "rgba.png",
        ImageFormat::Png,
        (200.0, 200.0),
        (24.0, 16.0),
    ));
    p.items.push(picture(
        "gray.jpg",
        ImageFormat::Jpeg,
        (240.0, 200.0),
        (24.0, 16.0),
    ));
    let (bytes, warnings) =
        write_pdf_with_warnings(&[p], &book, &options(PdfStandard::X1a)).unwrap();
    let doc = open(&bytes);
    let names = all_names(&doc);
    for bad in ["DeviceRGB", "CalRGB", "ICCBased", "SMask", "Transparency"] {
        assert!(!names.iter().any(|n| n == bad), "{bad} in an X-1a file");
    }
    for page in doc.get_pages().values() {
        let content = Content::decode(&doc.get_page_content(*page)).unwrap();
        assert!(
            !content
                .operations
                .iter()
                .any(|o| o.operator == "rg" || o.operator == "RG")
        );
    }
    let messages: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("rgb.jpg") && m.contains("converted without colour management")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("rgba.png") && m.contains("flattened")),
        "{messages:?}"
    );
}

#[test]
fn cmyk_jpeg_bytes_pass_through_unchanged() {
    let (book, font) = book();
    let bytes = write_pdf(&[page(&book, font, 1)], &book, &options(PdfStandard::X1a)).unwrap();
    let doc = open(&bytes);
    let (_, jpeg) = fixture("cmyk.jpg");
    let found = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .any(|s| {
            s.dict.get(b"Filter").and_then(Object::as_name).ok() == Some(b"DCTDecode")
                && s.dict.get(b"ColorSpace").and_then(Object::as_name).ok() == Some(b"DeviceCMYK")
                && s.content == *jpeg
        });
    assert!(found, "the CMYK JPEG is not in the file byte for byte");
}

/// The overprint state in force at each text-showing operator, with the fill colour.
fn text_paint_states(doc: &Document, page: ObjectId) -> Vec<(Vec<f32>, Option<Dictionary>)> {
    let resources = dict(
        doc,
        doc.get_dictionary(page).unwrap().get(b"Resources").unwrap(),
    );
    let states = dict(doc, resources.get(b"ExtGState").unwrap());
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let (mut fill, mut gs, mut stack) = (Vec::new(), None::<Dictionary>, Vec::new());
    let mut out = Vec::new();
    for op in content.operations {
        match op.operator.as_str() {
            "q" => stack.push((fill.clone(), gs.clone())),
            "Q" => (fill, gs) = stack.pop().unwrap(),
            "k" => fill = op.operands.iter().map(|o| o.as_float().unwrap()).collect(),
            "gs" => {
                gs =
                    Some(dict(doc, states.get(op.operands[0].as_name().unwrap()).unwrap()).clone());
            }
            "Tj" | "TJ" => out.push((fill.clone(), gs.clone())),
            _ => {}
        }
    }
    out
}

#[test]
fn black_text_is_k_only_and_overprints_coloured_text_does_not() {
    let (book, font) = book();
    let bytes = write_pdf(&[page(&book, font, 1)], &book, &options(PdfStandard::X1a)).unwrap();
    let doc = open(&bytes);
    let states = text_paint_states(&doc, first_page(&doc));
    let flag = |d: &Dictionary, k: &[u8]| d.get(k).and_then(Object::as_bool).unwrap_or(false);
    let (mut black, mut colour) = (0, 0);
    for (fill, gs) in &states {
        if fill == &[0.0, 0.0, 0.0, 1.0] {
            black += 1;
            let gs = gs.as_ref().expect("an ExtGState in force for black text");
            assert!(flag(gs, b"OP") && flag(gs, b"op"), "{gs:?}");
            assert_eq!(gs.get(b"OPM").unwrap().as_i64().unwrap(), 1);
        } else {
            colour += 1;
            assert!(
                !gs.as_ref().is_some_and(|g| flag(g, b"op")),
                "coloured text overprints"
            );
        }
    }
    assert!(black >= 2 && colour >= 1, "{states:?}");
}

#[test]
fn two_writes_are_byte_identical() {
    let (book, font) = book();
    let pages = [page(&book, font, 1), page(&book, font, 2)];
    let a = write_pdf(&pages, &book, &options(PdfStandard::X1a)).unwrap();
    let b = write_pdf(&pages, &book, &options(PdfStandard::X1a)).unwrap();
    assert!(a == b, "two writes differ");
}

#[test]
fn undecodable_picture_is_an_input_error_naming_the_file() {
    let (book, font) = book();
    let mut p = page(&book, font, 1);
    p.items.push(picture(
        "broken.jpg",
        ImageFormat::Jpeg,
        (0.0, 0.0),
        (10.0, 10.0),
    ));
    let err = write_pdf(&[p], &book, &options(PdfStandard::X1a)).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    let text = err.iter().map(|d| d.to_string()).collect::<String>();
    assert!(
        text.contains("broken.jpg") && text.contains("failed to decode picture"),
        "{text}"
    );
}

#[test]
fn every_bad_picture_is_reported_not_just_the_first() {
    let (book, font) = book();
    let mut p1 = page(&book, font, 1);
    p1.items.push(picture(
        "broken.jpg",
        ImageFormat::Jpeg,
        (0.0, 0.0),
        (10.0, 10.0),
    ));
    p1.items.push(picture(
        "broken.jpg",
        ImageFormat::Png,
        (0.0, 20.0),
        (10.0, 10.0),
    ));
    let mut p2 = page(&book, font, 2);
    p2.items.push(picture(
        "broken.jpg",
        ImageFormat::Jpeg,
        (0.0, 0.0),
        (10.0, 10.0),
    ));
    let err = write_pdf(&[p1, p2], &book, &options(PdfStandard::X1a)).unwrap_err();
    assert_eq!(err.iter().count(), 3, "{err:?}");
}

#[test]
fn low_resolution_picture_warns_with_its_ppi() {
    let (book, font) = book();
    let mut p = page(&book, font, 1);
    // 48×32 px over 144×96 pt (2×1.33 in) = 24 ppi.
    p.items.push(picture(
        "rgb.png",
        ImageFormat::Png,
        (0.0, 300.0),
        (144.0, 96.0),
    ));
    let (_, warnings) = write_pdf_with_warnings(&[p], &book, &options(PdfStandard::X1a)).unwrap();
    let text: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter()
            .any(|m| m.contains("24 ppi") && m.contains("page 1")),
        "{text:?}"
    );
}

#[test]
fn ink_over_the_limit_is_an_error() {
    let (book, font) = book();
    let mut p = page(&book, font, 4);
    p.items.push(Item::Rect(RectItem {
        x: 0.0,
        y: 0.0,
        width: 10.0,
        height: 10.0,
        fill: Some(Cmyk {
            c: 1.0,
            m: 1.0,
            y: 1.0,
            k: 1.0,
        }),
        stroke: None,
    }));
    let err = write_pdf(&[p], &book, &options(PdfStandard::X1a)).unwrap_err();
    assert!(
        err.iter()
            .any(|d| d.message.contains("page 4") && d.message.contains("400%"))
    );
}

#[test]
fn x4_embeds_the_output_profile() {
    let Some(profile) = ghostscript_cmyk_profile() else {
        return;
    };
    let (book, font) = book();
    let opts = PdfOptions {
        icc_profile: Some(profile.clone()),
        ..options(PdfStandard::X4)
    };
    let bytes = write_pdf(&[page(&book, font, 1)], &book, &opts).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.6"));
    let doc = open(&bytes);
    let intents = doc
        .catalog()
        .unwrap()
        .get(b"OutputIntents")
        .unwrap()
        .as_array()
        .unwrap();
    let intent = dict(&doc, &intents[0]);
    let Object::Reference(id) = intent.get(b"DestOutputProfile").unwrap() else {
        panic!()
    };
    let stream = doc.get_object(*id).unwrap().as_stream().unwrap();
    assert_eq!(stream.decompressed_content().unwrap(), profile.1);
}

// ---- outside programs: run when installed, skip with a message when not ----------------------

/// `bytes` as a file for the outside programs, in a folder of this test binary's files.
fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join("paiban-pdf-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn write_sample(name: &str, opts: &PdfOptions) -> PathBuf {
    let (book, font) = book();
    let pages = [page(&book, font, 1), page(&book, font, 2)];
    save(name, &write_pdf(&pages, &book, opts).unwrap())
}

/// What `pdftotext` (default mode) reads from `path`.
fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Ghostscript renders `path` to nothing and must say nothing: no warning, no repaired error.
fn assert_ghostscript_silent(path: &Path) {
    let out = Command::new("gs")
        .args(["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage"])
        .arg(path)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && text.trim().is_empty(),
        "ghostscript said about {}:\n{text}",
        path.display()
    );
}

#[test]
fn pdfx_lint_passes_x1a() {
    let opts = PdfOptions {
        bleed: 8.5,
        marks: true,
        ..options(PdfStandard::X1a)
    };
    let path = write_sample("x1a.pdf", &opts);
    if let Some(report) = pdfx_lint(&path, "1a") {
        assert!(report.contains("0 error(s)"), "{report}");
    }
}

#[test]
fn pdfx_lint_passes_x4() {
    let Some(profile) = ghostscript_cmyk_profile() else {
        return;
    };
    let opts = PdfOptions {
        icc_profile: Some(profile),
        ..options(PdfStandard::X4)
    };
    let path = write_sample("x4.pdf", &opts);
    if let Some(report) = pdfx_lint(&path, "4") {
        assert!(report.contains("0 error(s)"), "{report}");
    }
}

#[test]
fn ghostscript_renders_without_warnings() {
    if !have("gs") {
        return;
    }
    let marks = PdfOptions {
        bleed: 8.5,
        marks: true,
        ..options(PdfStandard::X1a)
    };
    let mut files = vec![
        write_sample("gs.pdf", &options(PdfStandard::X1a)),
        write_sample("gs-marks.pdf", &marks),
    ];
    if let Some(profile) = ghostscript_cmyk_profile() {
        let x4 = PdfOptions {
            icc_profile: Some(profile),
            ..options(PdfStandard::X4)
        };
        files.push(write_sample("gs-x4.pdf", &x4));
    }
    for path in files {
        assert_ghostscript_silent(&path);
    }
}

#[test]
fn pdftotext_and_mutool_extract_the_text() {
    let path = write_sample("text.pdf", &options(PdfStandard::X1a));
    let mut outputs = Vec::new();
    if have("pdftotext") {
        outputs.push(("pdftotext", pdftotext(&path)));
    }
    if have("mutool") {
        let out = Command::new("mutool")
            .args(["draw", "-q", "-F", "txt", "-o", "-"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push(("mutool", String::from_utf8_lossy(&out.stdout).into_owned()));
    }
    for (tool, text) in outputs {
        for needle in [HEADLINE, "本报讯", "Paiban", "第2版"] {
            assert!(text.contains(needle), "{tool} lost {needle:?}:\n{text}");
        }
    }
}

/// Page 2's content operators with glyph strings blanked: the subset's glyph numbering depends on
/// which pages share the font, nothing else may.
fn page_ops_without_strings(doc: &Document, page: ObjectId) -> Vec<String> {
    fn blank(o: &Object) -> String {
        match o {
            Object::String(..) => "<>".into(),
            Object::Array(a) => a.iter().map(blank).collect::<Vec<_>>().join(" "),
            other => format!("{other:?}"),
        }
    }
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    content
        .operations
        .iter()
        .map(|op| {
            format!(
                "{} {}",
                op.operands.iter().map(blank).collect::<Vec<_>>().join(" "),
                op.operator
            )
        })
        .collect()
}

#[test]
fn a_page_is_drawn_the_same_alone_or_in_the_edition() {
    let (book, font) = book();
    let opts = options(PdfStandard::X1a);
    let full =
        open(&write_pdf(&[page(&book, font, 1), page(&book, font, 2)], &book, &opts).unwrap());
    let alone = open(&write_pdf(&[page(&book, font, 2)], &book, &opts).unwrap());
    let full_page = *full.get_pages().get(&2).unwrap();
    let alone_page = first_page(&alone);
    assert_eq!(
        page_ops_without_strings(&full, full_page),
        page_ops_without_strings(&alone, alone_page)
    );
    for key in [&b"MediaBox"[..], b"TrimBox"] {
        assert_eq!(rect(&full, full_page, key), rect(&alone, alone_page, key));
    }
}

/// The `/W` widths of the first descendant font of font resource `name` on `page`, per CID.
fn cid_widths(doc: &Document, page: ObjectId, name: &[u8]) -> std::collections::HashMap<u16, f32> {
    let page = doc.get_dictionary(page).unwrap();
    let resources = dict(doc, page.get(b"Resources").unwrap());
    let fonts = dict(doc, resources.get(b"Font").unwrap());
    let type0 = dict(doc, fonts.get(name).unwrap());
    let descendants = match type0.get(b"DescendantFonts").unwrap() {
        Object::Array(a) => a.clone(),
        Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap().clone(),
        other => panic!("{other:?}"),
    };
    let cid_font = dict(doc, &descendants[0]);
    let w = cid_font.get(b"W").unwrap().as_array().unwrap();
    let num = |o: &Object| o.as_float().unwrap();
    let mut widths = std::collections::HashMap::new();
    let mut i = 0;
    while i < w.len() {
        let first = num(&w[i]) as u16;
        match &w[i + 1] {
            Object::Array(list) => {
                for (k, v) in list.iter().enumerate() {
                    widths.insert(first + k as u16, num(v));
                }
                i += 2;
            }
            last => {
                for cid in first..=num(last) as u16 {
                    widths.insert(cid, num(&w[i + 2]));
                }
                i += 3;
            }
        }
    }
    widths
}

/// Where a viewer puts each glyph of the page's text: (x, y) in points from the top-left of
/// the trimmed page, simulating `Tf`, `Tm`, `Ts` and `TJ` with the fonts' `/W` widths.
fn glyph_positions(doc: &Document, page: ObjectId) -> Vec<(f32, f32)> {
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let (mut size, mut rise, mut x, mut y) = (0.0, 0.0, 0.0, 0.0);
    let mut widths = std::collections::HashMap::new();
    let mut out = Vec::new();
    for op in &content.operations {
        let f = |i: usize| op.operands[i].as_float().unwrap();
        match op.operator.as_str() {
            "Tf" => {
                size = f(1);
                widths = cid_widths(doc, page, op.operands[0].as_name().unwrap());
            }
            // The page's `cm` flips y about the page height; Tm flips it back for glyphs.
            "Tm" => (x, y) = (f(4), f(5)),
            "Ts" => rise = f(0),
            "TJ" => {
                for item in op.operands[0].as_array().unwrap() {
                    match item {
                        Object::String(bytes, _) => {
                            for cid in bytes.chunks(2) {
                                let cid = u16::from_be_bytes([cid[0], cid[1]]);
                                out.push((x, y - rise));
                                x += widths[&cid] * size / 1000.0;
                            }
                        }
                        n => x -= n.as_float().unwrap() * size / 1000.0,
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn glyphs_land_where_layout_put_them() {
    let (book, font) = book();
    // A justified-looking line: uneven gaps, a raised glyph and a lowered one.
    let mut line = run(
        &book,
        font,
        "东昌时讯，第一四六一期！",
        (50.0, 200.0),
        9.0,
        Cmyk::BLACK,
    );
    let mut extra = 0.0;
    for (i, g) in line.glyphs.iter_mut().enumerate() {
        extra += 0.137 * i as f32;
        g.x += extra;
        g.advance += 0.137 * (i + 1) as f32;
    }
    line.glyphs[3].y = -2.5;
    line.glyphs[7].y = 1.25;
    let expected: Vec<(f32, f32)> = line
        .glyphs
        .iter()
        .map(|g| (line.origin.0 + g.x, line.origin.1 + g.y))
        .collect();
    let page = DisplayPage {
        number: 1,
        width: W,
        height: H,
        items: vec![Item::Text(line)],
    };
    let doc = open(&write_pdf(&[page], &book, &options(PdfStandard::X1a)).unwrap());
    let found = glyph_positions(&doc, first_page(&doc));
    assert_eq!(found.len(), expected.len());
    for (i, (f, e)) in found.iter().zip(&expected).enumerate() {
        assert!(
            (f.0 - e.0).abs() < 0.002 && (f.1 - e.1).abs() < 0.002,
            "glyph {i}: drawn at {f:?}, laid out at {e:?}"
        );
    }
}

#[test]
fn one_glyph_for_two_texts_keeps_both_texts() {
    let (book, font) = book();
    // The same glyph standing for "东" and then for "X": ToUnicode can say only one of them.
    let mut first = run(&book, font, "东东", (50.0, 200.0), 12.0, Cmyk::BLACK);
    first.text = "东X".into();
    first.glyphs[1].text = 3..4;
    let page = DisplayPage {
        number: 1,
        width: W,
        height: H,
        items: vec![Item::Text(first)],
    };
    let bytes = write_pdf(&[page], &book, &options(PdfStandard::X1a)).unwrap();
    let doc = open(&bytes);
    let content = String::from_utf8_lossy(&doc.get_page_content(first_page(&doc))).into_owned();
    assert!(content.contains("/ActualText <FEFF0058>"), "{content}");
    // pdftotext honours /ActualText; mutool 1.21's text device does not (it reads the
    // ToUnicode mapping twice), so it is not asked here.
    if have("pdftotext") {
        let text = pdftotext(&save("actual-text.pdf", &bytes));
        assert!(text.contains("东X"), "pdftotext read {text:?}");
    }
}

/// A face with PostScript (CFF) outlines is embedded as `FontFile3 /CIDFontType0C` and reads
/// back. The bundled faces are all TrueType, so this uses the system's Noto Serif CJK (a `.ttc`
/// of CFF faces; `.ci/run` installs fonts-noto-cjk) and skips where it is missing.
#[test]
fn cff_faces_embed_as_cid_font_type0c() {
    let mut book = FontBook::new(&super::common::fonts_dir());
    book.scan_system();
    let Ok(font) = book.resolve("Noto Serif CJK SC", 400) else {
        super::common::missing(
            "the system has no Noto Serif CJK SC (apt-get install fonts-noto-cjk)",
        );
        return;
    };
    let page = DisplayPage {
        number: 1,
        width: W,
        height: H,
        items: vec![Item::Text(run(
            &book,
            font,
            HEADLINE,
            (50.0, 100.0),
            24.0,
            Cmyk::BLACK,
        ))],
    };
    let bytes = write_pdf(&[page], &book, &options(PdfStandard::X1a)).unwrap();
    let doc = open(&bytes);
    let names = all_names(&doc);
    assert!(names.iter().any(|n| n == "CIDFontType0C"), "{names:?}");
    assert!(names.iter().any(|n| n == "CIDFontType0"), "{names:?}");
    let positions = glyph_positions(&doc, first_page(&doc));
    assert_eq!(positions.len(), HEADLINE.chars().count());
    let path = save("cff.pdf", &bytes);
    if have("pdftotext") {
        let text = pdftotext(&path);
        assert!(text.contains(HEADLINE), "pdftotext read {text:?}");
    }
    if have("gs") {
        // Ghostscript reads the CFF program itself.
        assert_ghostscript_silent(&path);
    }
}
