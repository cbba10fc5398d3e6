//! Where each block of each page plan sits, for a preview's hover outlines and proof marks:
//! its rectangle, what it holds, and where it is written in the plan.

use std::path::PathBuf;

use super::grid::{Grid, Rect};
use super::place::{Kind, place_page};
use crate::diag::Location;
use crate::model::Input;

/// One block of a page plan, placed.
#[derive(Debug, Clone)]
pub struct BlockOutline {
    /// Page number (第N版), 1-based.
    pub page: u32,
    /// The block's rectangle on the trimmed page, in points.
    pub rect: Rect,
    /// Where the block is written: the plan file, line and column.
    pub location: Location,
    /// What it is, for people: `article "p1-lead.md" at [1, 12] size [4, 24]`.
    pub describe: String,
    /// The article file an `article:` or `continues:` block sets.
    pub article: Option<PathBuf>,
}

/// Every block of every page, page by page; a page whose plan does not place (the build reports
/// why) has none.
pub fn block_outlines(input: &Input, grid: &Grid) -> Vec<Vec<BlockOutline>> {
    input
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let Ok(placed) = place_page(page, grid) else {
                return Vec::new();
            };
            placed
                .into_iter()
                .map(|p| BlockOutline {
                    page: i as u32 + 1,
                    rect: p.rect,
                    describe: p.describe(),
                    article: match &p.kind {
                        Kind::Article(path) | Kind::Continues(path) => Some(path.clone()),
                        _ => None,
                    },
                    location: p.location,
                })
                .collect()
        })
        .collect()
}
