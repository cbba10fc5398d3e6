//! `paiban layouts`: the shipped layouts (or a layout file) with their page grids, so an editor
//! knows how many columns and lines a page has before writing a plan.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::Grid;
use crate::model::{self, LayoutSpec, SHIPPED};
use crate::units::to_mm;

use super::table::Table;

/// One layout's grid, in the figures an editor plans with.
#[derive(Debug, Clone, PartialEq)]
pub struct GridSummary {
    /// What an edition writes after `layout:` (a name, or the file as given).
    pub name: String,
    /// The layout's own name, e.g. 四开六栏.
    pub title: String,
    /// Trimmed page, mm.
    pub trim: [f32; 2],
    /// 版心 (type area), mm.
    pub area: [f32; 2],
    /// Base columns.
    pub columns: usize,
    /// Body characters per column (rounded down in relative and free modes).
    pub column_chars: u32,
    /// Body size and line pitch, pt.
    pub body: [f32; 2],
    /// Body lines per column: the most lines a block can have.
    pub lines: u32,
}

impl GridSummary {
    /// The grid of a layout.
    pub fn of(name: &str, spec: &LayoutSpec, path: &Path) -> Result<GridSummary, Diagnostic> {
        let grid = Grid::new(spec, path)?;
        let chars = (grid.column_width() / grid.body_size + 0.01).floor() as u32;
        Ok(GridSummary {
            name: name.to_string(),
            title: spec.name.clone(),
            trim: spec.trim,
            area: [to_mm(grid.area.w), to_mm(grid.area.h)],
            columns: grid.columns.len(),
            column_chars: chars,
            body: [grid.body_size, grid.pitch],
            lines: grid.lines,
        })
    }

    /// The row `paiban layouts` prints (and docs/format.md repeats).
    fn row(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.title.clone(),
            format!("{}×{} mm", self.trim[0], self.trim[1]),
            format!("{:.1}×{:.1} mm", self.area[0], self.area[1]),
            format!("{} × {}", self.columns, self.column_chars),
            format!("{}/{}pt", self.body[0], self.body[1]),
            self.lines.to_string(),
        ]
    }
}

/// The grids of every shipped layout.
pub fn shipped_grids() -> Result<Vec<GridSummary>, Diagnostics> {
    SHIPPED
        .iter()
        .map(|l| {
            let path = l.path();
            let spec: LayoutSpec = model::yaml::parse(&path, l.text, 0)?;
            Ok(GridSummary::of(l.name, &spec, &path)?)
        })
        .collect()
}

/// The table of grids, aligned by display width.
pub fn grid_table(grids: &[GridSummary]) -> String {
    let mut table = Table::new(&[
        "layout",
        "名称",
        "trim",
        "版心",
        "columns × chars",
        "body/pitch",
        "lines",
    ]);
    for g in grids {
        table.row(g.row());
    }
    table.render()
}

/// `paiban layouts [FILE]`: the shipped layouts, or one layout file, with their grids.
pub fn layouts(file: Option<&Path>) -> (Diagnostics, i32) {
    let grids = match file {
        None => shipped_grids(),
        Some(path) => read_grid(path).map(|g| vec![g]),
    };
    match grids {
        Ok(grids) => {
            print!("{}", grid_table(&grids));
            if file.is_none() {
                println!(
                    "\nuse one by name in edition.yaml (`layout: {}`), or start from one with \
                     `paiban new DIR --layout NAME`",
                    SHIPPED[0].name
                );
            }
            (Diagnostics::new(), 0)
        }
        Err(e) => {
            let code = e.exit_code();
            (e, code)
        }
    }
}

fn read_grid(path: &Path) -> Result<GridSummary, Diagnostics> {
    let text = model::read_text(path)?;
    let spec: LayoutSpec = model::yaml::parse(path, &text, 0)?;
    Ok(GridSummary::of(&path.display().to_string(), &spec, path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_grids_are_the_documented_ones() {
        let grids = shipped_grids().unwrap();
        let sikai = &grids[0];
        assert_eq!((sikai.name.as_str(), sikai.columns), ("sikai-6col", 6));
        assert_eq!(sikai.column_chars, 12);
        // 380 mm trim less 24 + 14 mm margins, on a 13 pt pitch.
        let expect = (to_mm_inv(380.0 - 38.0) / 13.0).floor() as u32;
        assert_eq!(sikai.lines, expect);
        assert_eq!(grids[1].columns, 8);
    }

    fn to_mm_inv(mm: f32) -> f32 {
        mm * 72.0 / 25.4
    }

    #[test]
    fn docs_state_every_shipped_grid() {
        let docs = include_str!("../../docs/format.md");
        for g in shipped_grids().unwrap() {
            let row = format!(
                "| `{}` | {} | {} | {} | {} | {} | {} |",
                g.name,
                g.title,
                g.row()[2],
                g.row()[3],
                g.row()[4],
                g.row()[5],
                g.lines
            );
            assert!(docs.contains(&row), "docs/format.md lacks the row\n{row}");
        }
    }
}
