//! Frames cut into line slots: one body line of one text column each, shortened beside
//! the pictures text wraps around (or skipped where too little of the line is left), and the
//! slot a jump line takes.

use super::super::grid::Rect;
use super::{FlowGeometry, Frame, Slot};

/// Width of one text column of a frame.
pub(crate) fn column_width(frame: &Frame, gutter: f32) -> f32 {
    let k = frame.columns.max(1) as f32;
    (frame.rect.w - gutter * (k - 1.0)) / k
}

/// Each frame cut into slots, column by column (the last frame cut to `cap` lines a column),
/// and the slot each jumping frame keeps for its jump line.
pub(super) fn make_slots(
    geo: &FlowGeometry<'_>,
    cap: Option<usize>,
) -> (Vec<Slot>, Vec<(usize, Rect)>) {
    let mut slots = Vec::new();
    let mut jumps = Vec::new();
    let last_frame = geo.frames.len().saturating_sub(1);
    for (fi, frame) in geo.frames.iter().enumerate() {
        let cw = column_width(frame, geo.gutter);
        let mut rows = (frame.rect.h / geo.pitch + 0.01).floor() as usize;
        if fi == last_frame
            && let Some(cap) = cap
        {
            rows = rows.min(cap);
        }
        let no_exclusions = Vec::new();
        let exclusions = geo.exclusions.get(frame.page).unwrap_or(&no_exclusions);
        for col in 0..frame.columns {
            let x = frame.rect.x + col as f32 * (cw + geo.gutter);
            let start = slots.len();
            for row in 0..rows {
                let top = frame.rect.y + row as f32 * geo.pitch;
                let line = Rect {
                    x,
                    y: top,
                    w: cw,
                    h: geo.pitch,
                };
                // A frame that jumps keeps its last line for the jump line.
                if frame.reserve_jump && col + 1 == frame.columns && row + 1 == rows {
                    jumps.push((fi, line));
                    continue;
                }
                if let Some((sx, sw)) = usable(line, exclusions, cw * geo.min_line) {
                    slots.push(Slot {
                        frame: fi,
                        column: col,
                        x: sx,
                        w: sw,
                        top,
                        column_top: false,
                        column_end: false,
                    });
                }
            }
            if slots.len() > start {
                slots[start].column_top = true;
                let end = slots.len() - 1;
                slots[end].column_end = true;
            }
        }
    }
    (slots, jumps)
}

/// The longest part of `line` outside every exclusion, if at least `min` wide.
pub(super) fn usable(line: Rect, exclusions: &[Rect], min: f32) -> Option<(f32, f32)> {
    let mut segments = vec![(line.x, line.right())];
    for ex in exclusions {
        if ex.y >= line.bottom() - 0.01 || ex.bottom() <= line.y + 0.01 {
            continue;
        }
        let mut next = Vec::new();
        for (a, b) in segments {
            if ex.right() <= a || ex.x >= b {
                next.push((a, b));
                continue;
            }
            if ex.x > a {
                next.push((a, ex.x));
            }
            if ex.right() < b {
                next.push((ex.right(), b));
            }
        }
        segments = next;
    }
    segments
        .into_iter()
        .map(|(a, b)| (a, b - a))
        .filter(|(_, w)| *w >= min)
        .max_by(|p, q| p.1.total_cmp(&q.1))
}
