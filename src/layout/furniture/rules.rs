//! Rules (栏线) between neighbouring blocks, kept clear of pictures.

use crate::display::Item;

use super::super::grid::{Grid, Rect};
use super::rule;

/// Rules (栏线) between neighbouring blocks: a vertical rule in the middle of the gutter between
/// side-by-side blocks, a horizontal one in the middle of the free line that closes a block
/// with another below it. Blocks with the same `thread` (frames of one article) are not
/// separated, and no rule crosses a picture (`holes`).
pub(crate) fn block_rules(
    blocks: &[(Rect, Option<usize>)],
    holes: &[Rect],
    grid: &Grid,
    thin: f32,
) -> Vec<Item> {
    let mut items = Vec::new();
    let eps = 0.5;
    for (i, (a, ta)) in blocks.iter().enumerate() {
        for (j, (b, tb)) in blocks.iter().enumerate() {
            if i == j || (ta.is_some() && ta == tb) {
                continue;
            }
            // b to the right of a.
            if (b.x - (a.right() + grid.gutter)).abs() < eps {
                let top = a.y.max(b.y);
                let bottom = a.bottom().min(b.bottom());
                if bottom - top > grid.pitch {
                    let x = a.right() + grid.gutter / 2.0;
                    let (from, to) = (top + grid.pitch * 0.25, bottom - grid.pitch * 0.75);
                    for (y0, y1) in outside(
                        from,
                        to,
                        holes
                            .iter()
                            .filter(|h| h.x <= x && x <= h.right())
                            .map(|h| (h.y, h.bottom())),
                    ) {
                        rule(&mut items, (x, y0), (x, y1), thin);
                    }
                }
            }
            // b below a.
            if (b.y - a.bottom()).abs() < eps {
                let left = a.x.max(b.x);
                let right = a.right().min(b.right());
                if right - left > grid.body_size * 2.0 {
                    let y = a.bottom() - grid.pitch / 2.0;
                    for (x0, x1) in outside(
                        left,
                        right,
                        holes
                            .iter()
                            .filter(|h| h.y <= y && y <= h.bottom())
                            .map(|h| (h.x - grid.gutter / 2.0, h.right() + grid.gutter / 2.0)),
                    ) {
                        rule(&mut items, (x0, y), (x1, y), thin);
                    }
                }
            }
        }
    }
    items
}

/// The parts of `[from, to]` outside every interval of `cuts`.
fn outside(from: f32, to: f32, cuts: impl Iterator<Item = (f32, f32)>) -> Vec<(f32, f32)> {
    let mut parts = vec![(from, to)];
    for (c0, c1) in cuts {
        parts = parts
            .into_iter()
            .flat_map(|(a, b)| {
                let mut kept = Vec::new();
                if c0 > a {
                    kept.push((a, c0.min(b)));
                }
                if c1 < b {
                    kept.push((c1.max(a), b));
                }
                kept
            })
            .filter(|(a, b)| b - a > 1.0)
            .collect();
    }
    parts
}
