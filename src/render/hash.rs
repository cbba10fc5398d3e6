//! Hashes of what a page draws, for the preview's "has this page changed" and the caches.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use crate::display::{DisplayPage, Item};

/// A hash of everything a page draws: equal hashes, equal pages (within one run of paiban).
pub fn page_hash(page: &DisplayPage) -> u64 {
    let mut h = DefaultHasher::new();
    page.number.hash(&mut h);
    floats(&mut h, &[page.width, page.height]);
    for item in &page.items {
        item_hash(&mut h, item);
    }
    h.finish()
}

/// One item: a tag for its kind, then what it draws (positions by their bits).
fn item_hash(h: &mut DefaultHasher, item: &Item) {
    match item {
        Item::Text(run) => {
            (0u8, run.font, &run.text).hash(h);
            floats(h, &[run.size, run.origin.0, run.origin.1]);
            colour_hash(h, run.color);
            for g in &run.glyphs {
                g.id.hash(h);
                floats(h, &[g.x, g.y]);
            }
        }
        Item::Rule(r) => {
            1u8.hash(h);
            floats(h, &[r.from.0, r.from.1, r.to.0, r.to.1, r.width]);
            floats(h, &r.dash);
            colour_hash(h, r.color);
        }
        Item::Rect(r) => {
            2u8.hash(h);
            floats(h, &[r.x, r.y, r.width, r.height]);
            if let Some(c) = r.fill {
                colour_hash(h, c);
            }
            if let Some((c, w)) = r.stroke {
                colour_hash(h, c);
                floats(h, &[w]);
            }
        }
        Item::Art(a) => {
            4u8.hash(h);
            a.path.hash(h);
            areas(h, a.frame, a.placed);
        }
        Item::Image(i) => {
            3u8.hash(h);
            bytes_hash(&i.data).hash(h);
            areas(h, i.frame, i.placed);
        }
    }
}

fn floats(h: &mut DefaultHasher, values: &[f32]) {
    for v in values {
        v.to_bits().hash(h);
    }
}

fn areas(h: &mut DefaultHasher, a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) {
    floats(h, &[a.0, a.1, a.2, a.3, b.0, b.1, b.2, b.3]);
}

fn colour_hash(h: &mut impl Hasher, c: crate::color::Cmyk) {
    for v in [c.c, c.m, c.y, c.k] {
        v.to_bits().hash(h);
    }
}

pub(crate) fn bytes_hash(data: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    data.hash(&mut h);
    h.finish()
}
