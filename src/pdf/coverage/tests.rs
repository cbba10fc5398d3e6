use std::sync::Arc;

use super::*;
use crate::display::{Glyph, GlyphRun, RectItem};

fn tint(fill: Cmyk) -> Item {
    Item::Rect(RectItem {
        x: 10.0,
        y: 10.0,
        width: 100.0,
        height: 50.0,
        fill: Some(fill),
        stroke: None,
    })
}

fn text(color: Cmyk, at: (f32, f32)) -> Item {
    Item::Text(GlyphRun {
        font: crate::fonts::FontId(0),
        size: 10.0,
        color,
        origin: at,
        writing: crate::display::Writing::Horizontal,
        glyphs: vec![Glyph {
            id: 1,
            x: 0.0,
            y: 0.0,
            advance: 10.0,
            text: 0..3,
        }],
        text: "字".into(),
    })
}

fn page(items: Vec<Item>) -> DisplayPage {
    DisplayPage {
        number: 2,
        width: 300.0,
        height: 300.0,
        items,
    }
}

fn label_tint() -> Cmyk {
    Cmyk {
        c: 0.0,
        m: 1.0,
        y: 1.0,
        k: 0.1,
    }
}

fn nowhere(_: u32, _: Area) -> Option<Location> {
    None
}

#[test]
fn black_text_on_a_strong_tint_prints_300_percent() {
    let pages = [page(vec![
        tint(label_tint()),
        text(Cmyk::BLACK, (20.0, 30.0)),
        text(Cmyk::BLACK, (20.0, 45.0)),
    ])];
    let found = printed_ink(&pages, &PictureInks::default(), 240.0, &nowhere);
    assert_eq!(found.0.len(), 1, "one message per tint: {:?}", found.0);
    let msg = &found.0[0].message;
    assert!(
        msg.contains("page 2: black overprints the tint C0 M100 Y100 K10: 300% total ink"),
        "{msg}"
    );
    assert_eq!(found.exit_code(), 1);
}

#[test]
fn black_beside_a_tint_red_on_it_and_black_on_a_light_tint_pass() {
    let light = Cmyk {
        c: 0.2,
        m: 0.0,
        y: 0.1,
        k: 0.0,
    };
    let red = Cmyk {
        c: 0.0,
        m: 1.0,
        y: 1.0,
        k: 0.0,
    };
    let pages = [
        page(vec![tint(label_tint()), text(Cmyk::BLACK, (200.0, 100.0))]),
        page(vec![tint(label_tint()), text(red, (20.0, 30.0))]),
        page(vec![tint(light), text(Cmyk::BLACK, (20.0, 30.0))]),
        // Drawn first, under the tint: the tint knocks it out.
        page(vec![text(Cmyk::BLACK, (20.0, 30.0)), tint(label_tint())]),
    ];
    let found = printed_ink(&pages, &PictureInks::default(), 240.0, &nowhere);
    assert!(found.is_empty(), "{:?}", found.0);
}

#[test]
fn the_block_under_the_tint_is_named() {
    let pages = [page(vec![
        tint(label_tint()),
        text(Cmyk::BLACK, (20.0, 30.0)),
    ])];
    let locate = |page: u32, area: Area| {
        (page == 2 && area.0 == 10.0).then(|| Location::at("page-2.yaml", 7, 5))
    };
    let found = printed_ink(&pages, &PictureInks::default(), 240.0, &locate);
    let loc = found.0[0].location.as_ref().expect("a location");
    assert_eq!(
        (loc.file.to_str(), loc.line),
        (Some("page-2.yaml"), Some(7))
    );
}

fn cmyk_jpeg(ink: [u8; 4], size: u16) -> Vec<u8> {
    // The encoder takes inks (0 = none) and stores them Adobe-inverted.
    let data: Vec<u8> = (0..usize::from(size) * usize::from(size))
        .flat_map(|_| ink)
        .collect();
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 95);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
    encoder
        .encode(&data, size, size, jpeg_encoder::ColorType::Cmyk)
        .expect("encodes");
    out
}

fn picture(data: Vec<u8>) -> Item {
    Item::Image(ImageItem {
        path: PathBuf::from("pictures/dark.jpg"),
        data: Arc::new(data),
        format: ImageFormat::Jpeg,
        frame: (10.0, 10.0, 100.0, 100.0),
        placed: (10.0, 10.0, 100.0, 100.0),
        orientation: crate::model::Orientation::UPRIGHT,
        block: Some(Location::at("page-1.yaml", 4, 5)),
    })
}

#[test]
fn a_400_percent_cmyk_picture_is_reported_at_its_block() {
    let pages = [page(vec![picture(cmyk_jpeg([255, 255, 255, 255], 16))])];
    let found = printed_ink(&pages, &PictureInks::default(), 240.0, &nowhere);
    assert_eq!(found.0.len(), 1, "{:?}", found.0);
    let d = &found.0[0];
    assert!(
        d.message
            .contains("dark.jpg prints up to 400% total ink; 256 of its 256 pixels (100.0%)"),
        "{}",
        d.message
    );
    assert_eq!(d.location.as_ref().and_then(|l| l.line), Some(4));
}

#[test]
fn a_picture_under_the_limit_passes_until_black_overprints_it() {
    // 60/50/50/0 = 160%: fine alone, 260% under black text.
    let jpeg = cmyk_jpeg([153, 128, 128, 0], 16);
    let alone = [page(vec![picture(jpeg.clone())])];
    assert!(printed_ink(&alone, &PictureInks::default(), 240.0, &nowhere).is_empty());
    let covered = [page(vec![picture(jpeg), text(Cmyk::BLACK, (20.0, 30.0))])];
    let found = printed_ink(&covered, &PictureInks::default(), 240.0, &nowhere);
    assert_eq!(found.0.len(), 1, "{:?}", found.0);
    assert!(
        found.0[0]
            .message
            .contains("black overprints the picture dark.jpg: 26"),
        "{}",
        found.0[0].message
    );
}
