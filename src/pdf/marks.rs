//! Crop and registration marks, drawn outside the trim and the bleed.
//!
//! `cjk-typesetting.md` §4.3: many plants reject marks on supplied pages, so they are optional;
//! when on, they stay outside the TrimBox (and the BleedBox, so they never print into the bleed),
//! and the MediaBox grows by [`margin`] on every side to hold them. They are stroked in the
//! Separation `/All` colour (registration colour) so they appear on every plate.
//!
//! Geometry is in points, in the coordinates of the enlarged page, y down.

/// Gap between the bleed edge (the trim when there is no bleed) and the start of a crop mark;
/// 6 pt (1/12 in) is the usual default of layout programs.
const OFFSET: f32 = 6.0;
/// Length of a crop mark: 18 pt (1/4 in), long enough to lay a knife against.
const LENGTH: f32 = 18.0;
/// Space beyond the marks to the MediaBox edge, so RIPs that clip to the MediaBox keep them.
const PAD: f32 = 6.0;
/// Radius of the registration target's circle.
const TARGET_RADIUS: f32 = 5.0;
/// Stroke width of all marks: 0.25 pt, the customary hairline for marks.
pub(crate) const STROKE: f32 = 0.25;

/// A straight mark line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    pub from: (f32, f32),
    pub to: (f32, f32),
}

/// The marks of one page: crop lines, and registration targets (circle centre, radius) whose
/// crosshairs are included in `lines`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Marks {
    pub lines: Vec<Line>,
    pub circles: Vec<((f32, f32), f32)>,
}

/// How far the MediaBox extends beyond the trim on every side.
pub(crate) fn margin(bleed: f32, marks: bool) -> f32 {
    if marks {
        bleed + OFFSET + LENGTH + PAD
    } else {
        bleed
    }
}

/// The marks around a trimmed page of `width` × `height` whose top-left corner is at
/// (`origin`, `origin`) on the enlarged page.
pub(crate) fn marks(origin: f32, width: f32, height: f32, bleed: f32) -> Marks {
    let (left, top, right, bottom) = (origin, origin, origin + width, origin + height);
    let near = bleed + OFFSET;
    let far = near + LENGTH;
    let mut lines = Vec::new();
    for (x, x_out) in [(left, -1.0), (right, 1.0)] {
        for (y, y_out) in [(top, -1.0), (bottom, 1.0)] {
            // Horizontal mark on the line of the top/bottom edge, out beyond the side edge.
            lines.push(Line {
                from: (x + x_out * near, y),
                to: (x + x_out * far, y),
            });
            // Vertical mark on the line of the side edge, out beyond the top/bottom edge.
            lines.push(Line {
                from: (x, y + y_out * near),
                to: (x, y + y_out * far),
            });
        }
    }
    let mid = near + LENGTH / 2.0;
    let centres = [
        ((left + right) / 2.0, top - mid),
        ((left + right) / 2.0, bottom + mid),
        (left - mid, (top + bottom) / 2.0),
        (right + mid, (top + bottom) / 2.0),
    ];
    let arm = LENGTH / 2.0;
    let mut circles = Vec::new();
    for (cx, cy) in centres {
        lines.push(Line {
            from: (cx - arm, cy),
            to: (cx + arm, cy),
        });
        lines.push(Line {
            from: (cx, cy - arm),
            to: (cx, cy + arm),
        });
        circles.push(((cx, cy), TARGET_RADIUS));
    }
    Marks { lines, circles }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stay_outside_trim_and_bleed_and_inside_the_media_box() {
        let bleed = 8.5;
        let m = margin(bleed, true);
        let (w, h) = (100.0, 200.0);
        let marks = marks(m, w, h, bleed);
        assert_eq!(marks.lines.len(), 8 + 8);
        let inside = |x: f32, lo: f32, hi: f32| x > lo + 1e-3 && x < hi - 1e-3;
        for line in &marks.lines {
            for (x, y) in [line.from, line.to] {
                // Within the MediaBox.
                assert!((0.0..=w + 2.0 * m).contains(&x) && (0.0..=h + 2.0 * m).contains(&y));
                // Never inside the bleed box.
                let in_bleed =
                    inside(x, m - bleed, m + w + bleed) && inside(y, m - bleed, m + h + bleed);
                assert!(!in_bleed, "mark point ({x}, {y}) inside the bleed box");
            }
        }
    }

    #[test]
    fn no_marks_means_media_box_is_the_bleed_box() {
        assert_eq!(margin(0.0, false), 0.0);
        assert_eq!(margin(8.5, false), 8.5);
    }
}
