use super::composite::is_composite;
use super::tables::checksum;
use super::*;
use crate::fonts::FontBook;

fn reference(face: &Face, glyphs: &[u16]) -> Vec<u8> {
    let mut remapper = subsetter::GlyphRemapper::new();
    for &g in glyphs {
        remapper.remap(g);
    }
    subsetter::subset(face.data(), face.index, &remapper).unwrap()
}

/// The glyph count of a face, from `maxp`.
fn glyph_count(face: &Face) -> u16 {
    let font = face.font_ref().unwrap();
    let maxp = font.table_data(skrifa::Tag::new(b"maxp")).unwrap();
    read_u16(maxp.as_bytes(), 4).unwrap()
}

/// Glyph sets that exercise both `loca` formats, `.notdef` alone, glyphs in any order and
/// glyphs named twice, and the last glyph of the face.
fn glyph_sets(count: u16) -> Vec<Vec<u16>> {
    let spread = |n: u16, step: u16| -> Vec<u16> {
        std::iter::once(0)
            .chain((0..n).map(|i| (7 + i * step) % count))
            .collect()
    };
    let mut shuffled = spread(60, 211);
    shuffled.reverse();
    shuffled.insert(0, 0);
    vec![
        vec![0],
        spread(60, 97),
        // Some 1,500 CJK outlines pass the 128 KB a short offset can reach.
        spread(1500, 13),
        shuffled,
        vec![0, count - 1, 5, 5, count - 1],
    ]
}

#[test]
fn subsets_match_subsetter_byte_for_byte() {
    let mut book = FontBook::new(&crate::fonts::test_fonts());
    for (family, weight) in crate::fonts::BUNDLED_FACES {
        let id = book.resolve(family, weight).unwrap();
        let face = book.face(id);
        for glyphs in glyph_sets(glyph_count(face)) {
            let ours = subset(face, &glyphs).unwrap();
            assert!(
                ours == reference(face, &glyphs),
                "{family} {weight}: {} glyphs differ from subsetter's subset",
                glyphs.len()
            );
        }
    }
}

#[test]
fn both_loca_formats_occur() {
    let mut book = FontBook::new(&crate::fonts::test_fonts());
    let id = book.resolve("Noto Serif SC", 400).unwrap();
    let face = book.face(id);
    let sets = glyph_sets(glyph_count(face));
    let format = |glyphs: &[u16]| {
        let font = subset(face, glyphs).unwrap();
        let parsed = FontRef::new(&font).unwrap();
        let head = parsed.table_data(skrifa::Tag::new(b"head")).unwrap();
        read_u16(head.as_bytes(), 50).unwrap()
    };
    assert_eq!(format(&sets[1]), 0);
    assert_eq!(format(&sets[2]), 1);
}

/// Composite glyphs keep their components, renumbered. No bundled face draws a composite
/// in the sample, so every composite of every face is subset and compared.
#[test]
fn composite_glyphs_bring_their_components() {
    let mut book = FontBook::new(&crate::fonts::test_fonts());
    let mut seen = 0;
    for (family, weight) in crate::fonts::BUNDLED_FACES {
        let id = book.resolve(family, weight).unwrap();
        let face = book.face(id);
        let font = face.font_ref().unwrap();
        let source = Source::new(&font, face.data(), face).unwrap();
        let composites: Vec<u16> = (0..glyph_count(face))
            .filter(|&g| source.outline(g).is_ok_and(|o| is_composite(&o)))
            .take(40)
            .collect();
        if composites.is_empty() {
            continue;
        }
        seen += composites.len();
        let glyphs: Vec<u16> = std::iter::once(0)
            .chain(composites.iter().copied())
            .collect();
        let ours = subset(face, &glyphs).unwrap();
        assert!(ours == reference(face, &glyphs), "{family} {weight}");
        let parsed = FontRef::new(&ours).unwrap();
        let maxp = parsed.table_data(skrifa::Tag::new(b"maxp")).unwrap();
        let kept = read_u16(maxp.as_bytes(), 4).unwrap();
        assert!(
            usize::from(kept) > glyphs.len(),
            "{family}: no component was added"
        );
    }
    assert!(
        seen > 0,
        "no bundled face has a composite glyph to test with"
    );
}

#[test]
fn glyphs_beyond_the_face_are_errors() {
    let mut book = FontBook::new(&crate::fonts::test_fonts());
    let id = book.resolve("Noto Sans SC", 700).unwrap();
    let face = book.face(id);
    let count = glyph_count(face);
    let err = subset(face, &[0, count]).unwrap_err();
    assert!(err.contains("outside the glyf table"), "{err}");
}

#[test]
fn an_empty_glyph_set_is_an_error() {
    let mut book = FontBook::new(&crate::fonts::test_fonts());
    let id = book.resolve("Noto Sans SC", 900).unwrap();
    assert!(subset(book.face(id), &[]).is_err());
}

#[test]
fn checksums_pad_the_last_word() {
    assert_eq!(checksum(&[0, 0, 1, 0, 2]), 0x0000_0100 + 0x0200_0000);
    assert_eq!(checksum(&[]), 0);
}
