//! The faces the shaper keeps per thread: each parsed once, with its shape plans (Han, Han
//! with `halt`, Latin, vertical), its `halt` and `vert` forms and its glyph coverage looked up
//! once per character.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use harfrust::{Direction, Feature, Font, Language, ShapeOptions, ShapePlan, ShaperFont};
use harfrust::{Script, Tag};

use super::{run_shaper, with_buffer};
use crate::fonts::{FontBook, FontId};

/// What the shaper keeps per face.
pub(super) struct FontEntry {
    pub(super) font: Font,
    pub(super) han: ShapePlan,
    pub(super) han_halt: ShapePlan,
    pub(super) latin: ShapePlan,
    /// Top-to-bottom Han plan: harfrust applies `vert`/`vrt2` and the vertical metrics.
    pub(super) vertical: ShapePlan,
    pub(super) upem: f32,
    pub(super) space: u16,
    /// `halt` advance and x offset (font units) per glyph id, `None` where `halt` leaves the
    /// glyph alone: `halt` is a single adjustment, so it is looked up once per glyph.
    pub(super) halt: RefCell<HashMap<u32, Option<(i32, i32)>>>,
    /// Vertical forms (font units) per character, shaped once each.
    pub(super) vert: RefCell<HashMap<char, Option<VerticalForm>>>,
    /// Whether the face maps a character to a glyph, for the characters seen lately: a
    /// direct-mapped table of [`COVERAGE_SLOTS`] (character, has a glyph) pairs. Choosing the
    /// font of every character walks the fallback chain's cmaps, a binary search of some
    /// thousands of ranges in a CJK face, and body text repeats a few thousand characters.
    pub(super) coverage: RefCell<Vec<(u32, bool)>>,
}

/// Slots of [`FontEntry::coverage`] (a power of two: the slot is the character's low bits).
const COVERAGE_SLOTS: usize = 4096;

impl FontEntry {
    /// Whether the face's cmap gives `ch` a glyph other than .notdef.
    pub(super) fn has_glyph(&self, ch: char) -> bool {
        let key = u32::from(ch);
        let slot = key as usize & (COVERAGE_SLOTS - 1);
        if let Some(&(k, has)) = self.coverage.borrow().get(slot)
            && k == key
        {
            return has;
        }
        let has = self
            .font
            .charmap()
            .map_unicode(ch)
            .is_some_and(|g| g.to_u32() != 0);
        if let Some(entry) = self.coverage.borrow_mut().get_mut(slot) {
            *entry = (key, has);
        }
        has
    }

    /// The `halt` form of the mark `ch`, shaped alone as `glyph` with `advance`.
    pub(super) fn halt_of(&self, ch: char, glyph: u32, advance: i32) -> Option<(i32, i32)> {
        if let Some(h) = self.halt.borrow().get(&glyph) {
            return *h;
        }
        let mut tmp = [0u8; 4];
        let shaped = run_shaper(ch.encode_utf8(&mut tmp), self, &self.han_halt, false);
        let h = match shaped.as_slice() {
            [(_, [id, adv, xo, _])] if *id as u32 == glyph && *adv != advance => Some((*adv, *xo)),
            _ => None,
        };
        self.halt.borrow_mut().insert(glyph, h);
        h
    }
}

/// A character's glyph in vertical text, in font units: the glyph harfrust chose with the
/// direction top-to-bottom (the font's `vert`/`vrt2` form where it has one) and where its
/// horizontal origin lies from its vertical origin (the top centre of its em box, from
/// vmtx/VORG; harfrust falls back to half the advance across and the ascender down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct VerticalForm {
    pub id: u16,
    /// Horizontal origin from the vertical origin: across (right positive) and down.
    pub across: i32,
    pub down: i32,
    /// Vertical advance (vmtx; 1 em where the face has none).
    pub advance: i32,
}

impl FontEntry {
    pub(super) fn vertical_form(&self, ch: char) -> Option<VerticalForm> {
        if let Some(v) = self.vert.borrow().get(&ch) {
            return *v;
        }
        let mut tmp = [0u8; 4];
        let text = ch.encode_utf8(&mut tmp);
        let form = with_buffer(|buffer| {
            buffer.push_str(text);
            buffer.set_direction(Direction::TopToBottom);
            buffer.set_script(Some(Script::HAN));
            buffer.set_language(Language::new("zh-Hans"));
            let shaper = ShaperFont::new(&self.font);
            let options = ShapeOptions::new().plan(Some(&self.vertical));
            harfrust::shape(&shaper, buffer, options).ok()?;
            match (buffer.glyph_infos(), buffer.glyph_positions()) {
                ([info], [pos]) if info.glyph_id != 0 => Some(VerticalForm {
                    id: u16::try_from(info.glyph_id).ok()?,
                    across: pos.x_offset,
                    down: -pos.y_offset,
                    advance: if pos.y_advance == 0 {
                        self.upem as i32
                    } else {
                        -pos.y_advance
                    },
                }),
                _ => None,
            }
        });
        self.vert.borrow_mut().insert(ch, form);
        form
    }
}

/// The vertical form of `ch` in face `font` at `size` points: glyph id, the horizontal origin
/// from the vertical origin (across, down) and the vertical advance, in points. `None` when
/// the face cannot be read or does not set `ch` as one glyph.
pub(crate) fn vertical_form(
    book: &FontBook,
    font: FontId,
    ch: char,
    size: f32,
) -> Option<(u16, f32, f32, f32)> {
    let entry = font_entry(book, font)?;
    let form = entry.vertical_form(ch)?;
    let s = size / entry.upem;
    Some((
        form.id,
        form.across as f32 * s,
        form.down as f32 * s,
        form.advance as f32 * s,
    ))
}

type FontKey = (usize, usize, u32);

/// Faces whose shaping plans a thread keeps. An entry holds its face's bytes alive (so its key,
/// their address, cannot be reused by another face), and a long-lived process that loads fonts
/// again and again (`paiban watch --fonts`, the font fuzzer) would otherwise keep every face it
/// ever saw; an edition uses a handful, so past this many the cache starts again.
const MAX_FONT_ENTRIES: usize = 64;

thread_local! {
    static FONTS: RefCell<HashMap<FontKey, Rc<FontEntry>>> = RefCell::new(HashMap::new());
}

pub(super) fn halt_features() -> [Feature; 1] {
    [Feature::new(Tag::new(b"halt"), 1, ..)]
}

pub(super) fn font_entry(book: &FontBook, id: FontId) -> Option<Rc<FontEntry>> {
    let face = book.face(id);
    let data = face.data();
    let key = (data.as_ptr() as usize, data.len(), face.index);
    if let Some(e) = FONTS.with(|f| f.borrow().get(&key).cloned()) {
        return Some(e);
    }
    let font = Font::new(face.shared_data(), face.index)?;
    let lang = Language::new("zh-Hans");
    let plan = |script, features: &[Feature]| {
        ShapePlan::new(
            &font,
            Direction::LeftToRight,
            Some(script),
            lang.as_ref(),
            features,
        )
    };
    let han = plan(Script::HAN, &[]);
    let han_halt = plan(Script::HAN, &halt_features());
    let latin = plan(Script::LATIN, &[]);
    let vertical = ShapePlan::new(
        &font,
        Direction::TopToBottom,
        Some(Script::HAN),
        lang.as_ref(),
        &[],
    );
    let space = font
        .charmap()
        .map_unicode(' ')
        .map_or(0, |g| g.to_u32() as u16);
    let upem = f32::from(font.units_per_em().max(16));
    let entry = Rc::new(FontEntry {
        font,
        han,
        han_halt,
        latin,
        vertical,
        upem,
        space,
        halt: RefCell::new(HashMap::new()),
        vert: RefCell::new(HashMap::new()),
        // No character is u32::MAX, so every slot starts empty.
        coverage: RefCell::new(vec![(u32::MAX, false); COVERAGE_SLOTS]),
    });
    FONTS.with(|f| {
        let mut fonts = f.borrow_mut();
        if fonts.len() >= MAX_FONT_ENTRIES {
            fonts.clear();
        }
        fonts.insert(key, entry.clone())
    });
    Some(entry)
}
