//! The page grid (方正's 背景格): the 版心, base columns a whole number of body characters wide,
//! gutters, and the body line pitch as the vertical grid.
//!
//! Blocks are placed by grid cell: column and line, 1-based. A block `[c, l]` of size `[w, h]`
//! covers columns c..c+w-1 (with the gutters between them) and body lines l..l+h-1.

use std::path::Path;

use crate::diag::{Diagnostic, Location};
use crate::model::{ColumnMode, LayoutSpec};
use crate::units::mm;

/// A rectangle in points, page coordinates (origin top-left of the trimmed page, y down).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Whether two rectangles share interior area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f32 = 0.01;
        self.x < other.right() - EPS
            && other.x < self.right() - EPS
            && self.y < other.bottom() - EPS
            && other.y < self.bottom() - EPS
    }

    /// Shrink by `d` on every side.
    pub fn inset(&self, d: f32) -> Rect {
        Rect {
            x: self.x + d,
            y: self.y + d,
            w: (self.w - 2.0 * d).max(0.0),
            h: (self.h - 2.0 * d).max(0.0),
        }
    }
}

/// The grid of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Trimmed page width.
    pub page_w: f32,
    /// Trimmed page height.
    pub page_h: f32,
    /// The 版心 (type area).
    pub area: Rect,
    /// Left edge and width of each base column.
    pub columns: Vec<(f32, f32)>,
    /// Gutter between columns.
    pub gutter: f32,
    /// Body type size.
    pub body_size: f32,
    /// Line pitch (baseline to baseline).
    pub pitch: f32,
    /// Body lines per column.
    pub lines: u32,
}

impl Grid {
    /// Build the grid from a layout, checking that it is possible: the page and body
    /// settings, the area the margins leave, the gutter, the base columns' widths, and the
    /// columns centred in the area.
    pub fn new(spec: &LayoutSpec, path: &Path) -> Result<Grid, Diagnostic> {
        let err = |m: String| Diagnostic::input(m).at(Location::file(path));
        check_page(spec, &err)?;
        let [tw, th] = spec.trim;
        let m = &spec.margins;
        let (body_size, pitch) = (spec.body.size.0, spec.body.pitch.0);
        let avail = Rect {
            x: mm(m.left),
            y: mm(m.top),
            w: mm(tw - m.left - m.right),
            h: mm(th - m.top - m.bottom),
        };
        let n = spec.columns as usize;
        let gutter = gutter(spec, avail.w, &err)?;
        let widths = column_widths(spec, avail.w, gutter, &err)?;
        let total: f32 = widths.iter().sum::<f32>() + gutter * (n - 1) as f32;
        if total > avail.w + 0.5 {
            return Err(err(format!(
                "{n} columns of {:.1}pt with {gutter:.1}pt gutters need {:.1} mm, but the 版心 is {:.1} mm wide",
                widths[0],
                crate::units::to_mm(total),
                crate::units::to_mm(avail.w)
            ))
            .hint("reduce column_chars or the margins"));
        }
        // Centre the columns in the space the margins leave (absolute mode rounds down to whole
        // characters, so a little space is left over).
        let x0 = avail.x + (avail.w - total) / 2.0;
        let mut x = x0;
        let mut columns = Vec::with_capacity(n);
        for w in widths {
            columns.push((x, w));
            x += w + gutter;
        }
        let lines = (avail.h / pitch).floor() as u32;
        let area = Rect {
            x: x0,
            y: avail.y,
            w: total,
            h: lines as f32 * pitch,
        };
        Ok(Grid {
            page_w: mm(tw),
            page_h: mm(th),
            area,
            columns,
            gutter,
            body_size,
            pitch,
            lines,
        })
    }

    /// The rectangle of a block at 1-based `[column, line]` spanning `[columns, lines]`, or
    /// `None` when it does not fit in the 版心.
    pub fn cell_rect(&self, at: [u32; 2], size: [u32; 2]) -> Option<Rect> {
        let [c, l] = at;
        let [w, h] = size;
        if c == 0 || l == 0 || w == 0 || h == 0 {
            return None;
        }
        let first = (c - 1) as usize;
        let last = first + w as usize - 1;
        // In u64: a plan may hold any u32, and `l - 1 + h` must not overflow.
        if last >= self.columns.len() || u64::from(l) - 1 + u64::from(h) > u64::from(self.lines) {
            return None;
        }
        let x = self.columns[first].0;
        let right = self.columns[last].0 + self.columns[last].1;
        let y = self.area.y + (l - 1) as f32 * self.pitch;
        Some(Rect {
            x,
            y,
            w: right - x,
            h: h as f32 * self.pitch,
        })
    }

    /// The baseline of a line of `size` type centred in the line slot whose top is `top`.
    pub fn baseline_in_slot(&self, top: f32, size: f32, slot: f32) -> f32 {
        // CJK faces sit their em box 0.88 em above and 0.12 em below the baseline.
        top + (slot - size) / 2.0 + size * 0.88
    }

    /// How many base columns of the grid a width in points spans (for 破栏 and text columns).
    pub fn column_width(&self) -> f32 {
        self.columns.first().map_or(0.0, |c| c.1)
    }
}

/// The layout's trim, margins, body size and pitch, and column count, each in a usable range.
fn check_page(spec: &LayoutSpec, err: &dyn Fn(String) -> Diagnostic) -> Result<(), Diagnostic> {
    let [tw, th] = spec.trim;
    if !(50.0..=2000.0).contains(&tw) || !(50.0..=2000.0).contains(&th) {
        return Err(err(format!("trim size {tw}×{th} mm is out of range"))
            .hint("a 四开 tabloid is about [265, 380], a 对开 broadsheet about [350, 500]"));
    }
    let m = &spec.margins;
    if [m.top, m.bottom, m.left, m.right]
        .iter()
        .any(|v| !(0.0..=200.0).contains(v))
        || m.left + m.right >= tw - 20.0
        || m.top + m.bottom >= th - 20.0
    {
        return Err(err("the margins leave no type area".into()).hint("margins are in millimetres"));
    }
    let body_size = spec.body.size.0;
    let pitch = spec.body.pitch.0;
    if !(4.0..=72.0).contains(&body_size) || !(body_size..=body_size * 4.0).contains(&pitch) {
        return Err(err(format!(
            "body size {body_size}pt with pitch {pitch}pt is not usable"
        ))
        .hint(
            "a body of 小五 (9pt) on a 13pt pitch is usual; the pitch must be at least the size",
        ));
    }
    if spec.columns == 0 || spec.columns > 40 {
        return Err(
            err(format!("{} columns is not usable", spec.columns)).hint("use 1 to 40 base columns")
        );
    }
    Ok(())
}

/// The gutter between base columns: `gutter_chars` body characters, or `gutter`, or one
/// character; less than half the width `avail_w` the margins leave.
fn gutter(
    spec: &LayoutSpec,
    avail_w: f32,
    err: &dyn Fn(String) -> Diagnostic,
) -> Result<f32, Diagnostic> {
    let body_size = spec.body.size.0;
    let gutter = match (spec.gutter_chars, spec.gutter) {
        (Some(chars), _) => chars * body_size,
        (None, Some(size)) => size.0,
        (None, None) => body_size,
    };
    if !(0.0..avail_w / 2.0).contains(&gutter) {
        return Err(err(format!("gutter {gutter:.1}pt is not usable")));
    }
    Ok(gutter)
}

/// The width of each base column in the layout's column mode (方正's 绝对, 相对, 自由), each at
/// least two characters.
fn column_widths(
    spec: &LayoutSpec,
    avail_w: f32,
    gutter: f32,
    err: &dyn Fn(String) -> Diagnostic,
) -> Result<Vec<f32>, Diagnostic> {
    let n = spec.columns as usize;
    let body_size = spec.body.size.0;
    let widths: Vec<f32> = match spec.column_mode {
        ColumnMode::Absolute => {
            let chars = spec.column_chars.map_or_else(
                || ((avail_w - gutter * (n - 1) as f32) / n as f32 / body_size).floor(),
                |c| c as f32,
            );
            vec![chars * body_size; n]
        }
        ColumnMode::Relative => vec![(avail_w - gutter * (n - 1) as f32) / n as f32; n],
        ColumnMode::Free => {
            let list = spec.column_widths.clone().unwrap_or_default();
            if list.len() != n {
                return Err(err(format!(
                    "free columns need {n} widths in column_widths, found {}",
                    list.len()
                )));
            }
            list.into_iter().map(mm).collect()
        }
    };
    if widths.iter().any(|w| *w < body_size * 2.0) {
        return Err(err("a column is narrower than two characters".into()));
    }
    Ok(widths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BodyGrid, Composition, Margins, Print, Rules};
    use crate::units::Size;

    pub(crate) fn sikai() -> LayoutSpec {
        LayoutSpec {
            name: "test".into(),
            trim: [265.0, 380.0],
            margins: Margins {
                top: 20.0,
                bottom: 14.0,
                left: 10.0,
                right: 10.0,
            },
            columns: 6,
            column_mode: ColumnMode::Absolute,
            column_chars: Some(12),
            column_widths: None,
            gutter: None,
            gutter_chars: Some(1.0),
            body: BodyGrid {
                size: Size(9.0),
                pitch: Size(13.0),
            },
            styles: Default::default(),
            swatches: Default::default(),
            composition: Composition::default(),
            print: Print::default(),
            copyfit: None,
            rules: Rules::default(),
        }
    }

    #[test]
    fn absolute_columns_are_whole_characters_and_centred() {
        let g = Grid::new(&sikai(), Path::new("l.yaml")).unwrap();
        assert_eq!(g.columns.len(), 6);
        assert!(g.columns.iter().all(|c| (c.1 - 108.0).abs() < 1e-3));
        // 6 × 12 chars + 5 gutters of 1 char = 77 chars of 9pt.
        assert!((g.area.w - 693.0).abs() < 1e-3);
        let left = g.area.x;
        let right = g.page_w - g.area.right();
        assert!((left - right).abs() < 1e-3, "centred: {left} vs {right}");
        // 346 mm of height on a 13pt pitch.
        assert_eq!(g.lines, (mm(346.0) / 13.0).floor() as u32);
    }

    #[test]
    fn cells_map_to_rectangles_and_reject_outside() {
        let g = Grid::new(&sikai(), Path::new("l.yaml")).unwrap();
        let r = g.cell_rect([2, 3], [2, 10]).unwrap();
        assert!((r.x - g.columns[1].0).abs() < 1e-3);
        assert!((r.w - (108.0 * 2.0 + 9.0)).abs() < 1e-3);
        assert!((r.y - (g.area.y + 26.0)).abs() < 1e-3);
        assert!((r.h - 130.0).abs() < 1e-3);
        assert!(g.cell_rect([6, 1], [2, 1]).is_none());
        assert!(g.cell_rect([1, g.lines], [1, 2]).is_none());
        assert!(g.cell_rect([0, 1], [1, 1]).is_none());
    }

    #[test]
    fn impossible_grids_are_input_errors() {
        let mut spec = sikai();
        spec.columns = 0;
        assert!(
            Grid::new(&spec, Path::new("l.yaml"))
                .unwrap_err()
                .message
                .contains("0 columns")
        );
        let mut spec = sikai();
        spec.column_chars = Some(20);
        let e = Grid::new(&spec, Path::new("l.yaml")).unwrap_err();
        assert!(e.message.contains("版心"), "{e}");
        let mut spec = sikai();
        spec.body.size = Size(0.0);
        assert!(Grid::new(&spec, Path::new("l.yaml")).is_err());
        let mut spec = sikai();
        spec.trim = [-5.0, 10000.0];
        assert!(Grid::new(&spec, Path::new("l.yaml")).is_err());
    }
}
