//! The composer: random text in up to three style runs, random measures (first lines and the
//! rest), sizes, indents and settings. `compose_paragraph` must return, with every line inside
//! the paragraph text and no glyph range off a character boundary.
//!
//! Input layout: 8 bytes of settings, then the text (UTF-8, lossy). The measures stay in what
//! layout can produce: 1 pt up to a page width, plus the 'one long line' measure of
//! `natural_width` (f32::MAX / 4).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paiban::compose::{
    Align, Breaker, ComposeConfig, Kinsoku, LineWidths, Paragraph, ParagraphStyle, PunctStyle,
    StyleRun, compose_paragraph,
};
use paiban::color::Cmyk;
use paiban::fonts::{FontBook, FontId};

struct Fonts {
    book: FontBook,
    serif: FontId,
    sans: FontId,
    kai: FontId,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut book = FontBook::new(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fonts")));
        let serif = book.resolve("Noto Serif SC", 400).expect("bundled serif");
        let sans = book.resolve("Noto Sans SC", 900).expect("bundled sans");
        let kai = book.resolve("LXGW WenKai", 400).expect("bundled kai");
        Fonts {
            book,
            serif,
            sans,
            kai,
        }
    })
}

fn measure(byte: u8) -> f32 {
    match byte {
        0 => 1.0,
        255 => f32::MAX / 4.0,
        b => f32::from(b) * 3.0,
    }
}

fn align(bits: u8) -> Align {
    [Align::Justify, Align::Start, Align::Center, Align::End][usize::from(bits & 3)]
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let (head, rest) = data.split_at(8);
    let text = String::from_utf8_lossy(rest).into_owned();
    let f = fonts();
    // Up to three runs, cut at character boundaries chosen by head[0] and head[1].
    let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let mut cuts = vec![0];
    for b in [head[0], head[1]] {
        if !bounds.is_empty() {
            cuts.push(bounds[usize::from(b) % bounds.len()]);
        }
    }
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    let chains = [
        vec![f.serif, f.sans, f.kai],
        vec![f.sans, f.serif],
        vec![f.kai],
    ];
    let runs: Vec<StyleRun> = cuts
        .windows(2)
        .enumerate()
        .map(|(i, w)| StyleRun {
            range: w[0]..w[1],
            fonts: chains[i % 3].clone(),
            size: 2.0 + f32::from(head[2].wrapping_mul(i as u8 + 1)) * 1.5,
            color: Cmyk::BLACK,
            tracking: f32::from(head[3] % 8) * 0.05 * (i % 2) as f32,
        })
        .collect();
    let paragraph = Paragraph {
        text: text.clone(),
        keep: Vec::new(),
        runs,
    };
    let flags = head[4];
    let config = ComposeConfig {
        kinsoku: [Kinsoku::None, Kinsoku::Basic, Kinsoku::Gb, Kinsoku::Strict]
            [usize::from(flags & 3)],
        punctuation: [
            PunctStyle::Kaiming,
            PunctStyle::Quanjiao,
            PunctStyle::LineEndHalf,
            PunctStyle::Banjiao,
        ][usize::from((flags >> 2) & 3)],
        breaker: if flags & 16 == 0 {
            Breaker::TotalFit
        } else {
            Breaker::Greedy
        },
        cjk_latin_spacing: flags & 32 != 0,
        hanging: flags & 64 != 0,
        phrase_space: (flags & 128 != 0).then_some(0.5),
    };
    let style = ParagraphStyle {
        indent: f32::from(head[5] % 11) * 9.0,
        align: align(head[6]),
        last_line: align(head[6] >> 2),
        config,
    };
    let first: Vec<(f32, f32)> = (0..usize::from(head[7] % 4))
        .map(|i| (f32::from(head[7] >> 4) * 2.0, measure(head[7].wrapping_add(i as u8 * 37))))
        .collect();
    let widths = LineWidths {
        first,
        rest: measure(head[6]),
    };
    let composed = compose_paragraph(&f.book, &paragraph, &style, &widths);
    for line in &composed.lines {
        assert!(line.text.end <= text.len(), "line past the text");
        for g in &line.glyphs {
            assert!(
                text.get(g.text.clone()).is_some(),
                "glyph range {:?} is not on character boundaries",
                g.text
            );
        }
    }
});
