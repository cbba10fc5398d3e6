//! Regressions found by the fuzz targets (fuzz/, scripts/fuzz.sh) and while writing them, each
//! kept as the smallest input that showed the bug. Names: `issue_8_<what>` (issue 8 is the
//! reliability issue); the comment says what went wrong before the fix.

use std::path::Path;

use paiban::layout::Grid;
use paiban::model::yaml::parse;
use paiban::model::{LayoutSpec, PagePlan};

fn sample_grid() -> Grid {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/sikai-6col.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let spec: LayoutSpec = parse(&path, &text, 0).unwrap();
    Grid::new(&spec, &path).unwrap()
}

/// `at: [1, 2]  size: [1, 4294967295]`: `l - 1 + h` overflowed u32 in `Grid::cell_rect`
/// (a panic in a debug build; in release it wrapped to 0 and the block was accepted).
#[test]
fn issue_8_block_size_near_u32_max_is_refused_not_overflowed() {
    let grid = sample_grid();
    let plan: PagePlan = parse(
        Path::new("page.yaml"),
        "section: x\nblocks:\n  - article: a.md\n    at: [1, 2]\n    size: [1, 4294967295]\n",
        0,
    )
    .unwrap();
    let block = &plan.blocks[0].value;
    assert_eq!(
        grid.cell_rect(block.at.unwrap(), block.size.unwrap().fixed().unwrap()),
        None
    );
    assert_eq!(
        grid.cell_rect([u32::MAX, u32::MAX], [u32::MAX, u32::MAX]),
        None
    );
    assert_eq!(grid.cell_rect([1, u32::MAX], [1, 1]), None);
    assert!(grid.cell_rect([1, 1], [1, 1]).is_some());
}

/// serde-saphyr's "invalid u32" is said in the user's words, quoting the value.
#[test]
fn issue_8_wrong_number_type_quotes_the_value() {
    let err = parse::<PagePlan>(
        Path::new("page.yaml"),
        "section: x\nblocks:\n  - article: a.md\n    at: [一, 1]\n    size: [1, 1]\n",
        0,
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "expected a whole number (0 or more), found \"一\""
    );
    let loc = err.location.unwrap();
    assert_eq!((loc.line, loc.column), (Some(4), Some(10)));
}
