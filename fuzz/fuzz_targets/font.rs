//! Font files: fonts come from the operator's `--fonts` folder and the system, so damaged or
//! hostile font bytes must give an error or glyphs, never a panic. The fuzzed bytes are loaded
//! as a face (skrifa), a paragraph of Chinese, Latin and punctuation is shaped and broken with
//! it (harfrust), the lines become glyph runs, and the PDF writer subsets the face (paiban's
//! TrueType subsetter, or the CFF path) and embeds it.
//!
//! Input layout: 1 byte picks the face index of a collection (0 mostly) and, in its high bits,
//! a few raw glyph ids to add to the runs (ids past the font's glyph count, as a damaged cmap
//! would give); the rest is the font file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paiban::color::Cmyk;
use paiban::compose::{
    Align, ComposeConfig, LineWidths, Paragraph, ParagraphStyle,
    StyleRun, compose_paragraph,
};
use paiban::display::{DisplayPage, Glyph, GlyphRun, Item, Writing};
use paiban::fonts::FontBook;
use paiban::pdf::{PdfOptions, write_pdf};

const TEXT: &str = "东昌府区“十四五”规划：2022年8月16日，ffi fl Office 1,461期——《聊城日报》（试刊）。";

/// libfuzzer-sys installs a panic hook that aborts at once, even for a panic that is caught:
/// the PDF writer catches the subsetter's `unreachable!` on damaged CFF data and reports the
/// font, so put the default hook back. A panic that is not caught still fails the run
/// (fuzz_target! turns it into an abort).
fn default_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = std::panic::take_hook();
    });
}

fuzz_target!(|data: &[u8]| {
    default_panic_hook();
    let Some((&head, font)) = data.split_first() else {
        return;
    };
    let index = u32::from(head & 1);
    let Ok((book, id)) = FontBook::from_bytes(font.to_vec(), index, "Fuzz") else {
        return;
    };
    let paragraph = Paragraph {
        text: TEXT.to_string(),
        keep: Vec::new(),
        runs: vec![StyleRun {
            range: 0..TEXT.len(),
            fonts: vec![id],
            size: 9.5,
            color: Cmyk::BLACK,
            tracking: 0.0,
        }],
    };
    let style = ParagraphStyle {
        indent: 19.0,
        align: Align::Justify,
        last_line: Align::Start,
        config: ComposeConfig::default(),
    };
    let widths = LineWidths {
        first: Vec::new(),
        rest: 120.0,
    };
    let composed = compose_paragraph(&book, &paragraph, &style, &widths);
    let mut items = Vec::new();
    for (n, line) in composed.lines.iter().enumerate() {
        let mut glyphs: Vec<Glyph> = line
            .glyphs
            .iter()
            .map(|g| Glyph {
                id: g.id,
                x: g.x,
                y: g.y,
                advance: g.advance,
                text: 0..0,
            })
            .collect();
        // Glyph ids no cmap gave: the subsetter must refuse or skip them, not index past its
        // tables.
        for k in 0..u16::from(head >> 5) {
            glyphs.push(Glyph {
                id: u16::from_le_bytes([head, k as u8]).wrapping_mul(257),
                x: 0.0,
                y: 0.0,
                advance: 5.0,
                text: 0..0,
            });
        }
        items.push(Item::Text(GlyphRun {
            font: id,
            size: 9.5,
            color: Cmyk::BLACK,
            origin: (20.0, 30.0 + 12.0 * n as f32),
            writing: Writing::Horizontal,
            glyphs,
            text: String::new(),
        }));
    }
    let page = DisplayPage {
        number: 1,
        width: 200.0,
        height: 400.0,
        items,
    };
    if let Ok(bytes) = write_pdf(&[page], &book, &PdfOptions::default()) {
        assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    }
});
