//! The YAML loader: any text parsed as an edition, a page plan, a layout and article front
//! matter must give a value or a located diagnostic, never a panic. A layout that parses is
//! turned into a grid, and the blocks of a page plan that parses are placed on the sample grid
//! (the grid arithmetic sees whatever numbers the plan holds).
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paiban::layout::Grid;
use paiban::model::yaml::parse;
use paiban::model::{Edition, FrontMatter, LayoutSpec, PagePlan};

const SAMPLE_LAYOUT: &str = include_str!("../../layouts/sikai-6col.yaml");

fn sample_grid() -> &'static Grid {
    static GRID: OnceLock<Grid> = OnceLock::new();
    GRID.get_or_init(|| {
        let path = Path::new("layout.yaml");
        let spec: LayoutSpec = parse(path, SAMPLE_LAYOUT, 0).expect("the sample layout parses");
        Grid::new(&spec, path).expect("the sample layout makes a grid")
    })
}

fn check_location(d: &paiban::diag::Diagnostic, text: &str) {
    if let Some(loc) = &d.location
        && let Some(line) = loc.line
    {
        // YAML breaks lines at \n, \r\n and a bare \r (str::lines knows only the first two).
        let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() as u32 + 1;
        assert!(line >= 1 && line <= lines + 1, "line {line} of {lines}: {d}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.yaml");
    if let Err(d) = parse::<Edition>(path, text, 0) {
        check_location(&d, text);
    }
    if let Err(d) = parse::<FrontMatter>(path, text, 0) {
        check_location(&d, text);
    }
    match parse::<LayoutSpec>(path, text, 0) {
        Ok(spec) => {
            if let Ok(grid) = Grid::new(&spec, path) {
                let _ = grid.cell_rect([1, 1], [1, 1]);
            }
        }
        Err(d) => check_location(&d, text),
    }
    match parse::<PagePlan>(path, text, 0) {
        Ok(plan) => {
            let grid = sample_grid();
            for block in &plan.blocks {
                if let (Some(at), Some(size)) = (block.value.at, block.value.size.and_then(|s| s.fixed())) {
                    if let Some(r) = grid.cell_rect(at, size) {
                        assert!(r.right() <= grid.area.right() + 0.5, "{at:?} {size:?}");
                        assert!(r.bottom() <= grid.area.bottom() + 0.5, "{at:?} {size:?}");
                    }
                }
            }
        }
        Err(d) => check_location(&d, text),
    }
});
