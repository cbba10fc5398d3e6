//! Page plan → placed blocks: each block's kind and rectangle, with the plan checks (a block
//! outside the 版心, overlapping blocks, a block with no kind or two kinds).

use std::path::PathBuf;

use super::grid::{Grid, Rect};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{Banner, Block, Height, InStack, LoadedPage, normalize, parent, yaml};
use crate::units::mm;

/// What a block holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// An article's first (or only) frame.
    Article(PathBuf),
    /// A later frame of an article.
    Continues(PathBuf),
    /// A banner slogan.
    Banner(Banner),
    /// A picture file (or a placed PDF named as a picture).
    Picture(PathBuf),
    /// An advertisement: a placed PDF or a picture, fitted whole.
    Ad(PathBuf),
    /// The masthead.
    Masthead,
}

/// A block with its place on the page.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// What it is.
    pub kind: Kind,
    /// Where, in page coordinates.
    pub rect: Rect,
    /// The block as written in the plan.
    pub block: Block,
    /// Where the block is written in the plan.
    pub location: Location,
    /// Whether its height is still to be found (`auto`, or a block of a stack): until then
    /// `rect` reaches as far down as the block may go.
    pub sizing: Sizing,
}

/// How a block's height is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sizing {
    /// As the plan says.
    Fixed,
    /// The lines its content needs, at most `max`.
    Auto {
        /// The cap in body lines.
        max: Option<u32>,
    },
    /// A block of a stack with a number of lines: placed by its stack.
    Lines(u32),
}

impl Placed {
    /// Whether text of other blocks runs around this one (pictures and ads set on an
    /// article, unless `wrap: false`).
    pub fn wraps(&self) -> bool {
        matches!(self.kind, Kind::Picture(_) | Kind::Ad(_))
            && self.block.wrap.unwrap_or(true)
            && self.block.in_stack.is_none()
    }

    /// Whether this block sets article text.
    pub fn is_text(&self) -> bool {
        matches!(self.kind, Kind::Article(_) | Kind::Continues(_))
    }

    /// A short description for messages: `article "x.md" at [1, 1] size [3, 20]`.
    pub fn describe(&self) -> String {
        let what = match &self.kind {
            Kind::Article(p) => format!("article \"{}\"", file_name(p)),
            Kind::Continues(p) => format!("continuation of \"{}\"", file_name(p)),
            Kind::Banner(b) => format!("banner \"{}\"", crate::diag::shorten(&b.text, 24)),
            Kind::Picture(p) => format!("picture \"{}\"", file_name(p)),
            Kind::Ad(p) => format!("ad \"{}\"", file_name(p)),
            Kind::Masthead => "masthead".to_string(),
        };
        let grid_size = self.block.size.and_then(|s| s.fixed());
        match (self.block.at, grid_size, &self.block.in_stack) {
            (_, _, Some(stack)) => format!("{what} in the stack at {}", stack.location),
            (Some(a), Some(s), None) => {
                format!("{what} at [{}, {}] size [{}, {}]", a[0], a[1], s[0], s[1])
            }
            (Some(a), None, None) => match self.block.size {
                Some(s) => format!("{what} at [{}, {}] size {s}", a[0], a[1]),
                None => what,
            },
            _ => what,
        }
    }
}

pub(crate) fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Place every block of a page plan on the grid. Blocks whose height is still to be found
/// (see [`Sizing`]) reach as far down as they may go; [`check_overlaps`] runs once they are
/// sized.
pub(crate) fn place_page(page: &LoadedPage, grid: &Grid) -> Result<Vec<Placed>, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut placed: Vec<Placed> = Vec::new();
    let base = parent(&page.path);
    for spanned in &page.plan.blocks {
        let block = &spanned.value;
        let location = yaml::location(&page.path, &spanned.referenced);
        match place_block(block, grid, &base) {
            Ok((kind, rect, sizing)) => placed.push(Placed {
                kind,
                rect,
                block: block.clone(),
                location,
                sizing,
            }),
            Err(e) => errors.push(e.at(location)),
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(placed)
    }
}

/// Overlapping blocks of one page (a wrapping picture may sit on text), each named with both
/// plan positions.
pub(crate) fn check_overlaps(placed: &[Placed]) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for (i, a) in placed.iter().enumerate() {
        for b in &placed[i + 1..] {
            let allowed = (a.wraps() && b.is_text()) || (b.wraps() && a.is_text());
            if a.rect.overlaps(&b.rect) && !allowed {
                errors.push(
                    Diagnostic::input(format!("{} overlaps {}", b.describe(), a.describe()))
                        .at(b.location.clone())
                        .hint(format!(
                            "the other block is at {}; move or resize one of them",
                            a.location
                        )),
                );
            }
        }
    }
    errors
}

fn place_block(
    block: &Block,
    grid: &Grid,
    base: &std::path::Path,
) -> Result<(Kind, Rect, Sizing), Diagnostic> {
    let mut kinds = Vec::new();
    if let Some(p) = &block.article {
        kinds.push(Kind::Article(normalize(&base.join(p))));
    }
    if let Some(p) = &block.continues {
        kinds.push(Kind::Continues(normalize(&base.join(p))));
    }
    if let Some(b) = &block.banner {
        kinds.push(Kind::Banner(b.clone()));
    }
    if let Some(p) = &block.picture {
        kinds.push(Kind::Picture(normalize(&base.join(p))));
    }
    if let Some(p) = &block.ad {
        kinds.push(Kind::Ad(normalize(&base.join(p))));
    }
    if block.masthead {
        kinds.push(Kind::Masthead);
    }
    if kinds.len() != 1 {
        let found = if kinds.is_empty() { "none" } else { "several" };
        return Err(Diagnostic::input(format!("a block needs exactly one of article, continues, banner, picture, ad, masthead; found {found}"))
            .hint("split it into one block per thing"));
    }
    let kind = kinds.remove(0);
    let (rect, sizing) = block_rect(block, grid)?;
    if let Some(n) = block.text_columns {
        let width = (rect.w - grid.gutter * n.saturating_sub(1) as f32) / n.max(1) as f32;
        if n == 0 || width < grid.body_size * 2.0 {
            return Err(Diagnostic::input(format!(
                "text_columns: {n} does not fit: the block is {:.1} mm wide",
                crate::units::to_mm(rect.w)
            ))
            .hint(
                "each text column needs at least two characters and a gutter; use fewer columns",
            ));
        }
    }
    Ok((kind, rect, sizing))
}

fn block_rect(block: &Block, grid: &Grid) -> Result<(Rect, Sizing), Diagnostic> {
    if let Some(stack) = &block.in_stack {
        return stack_rect(stack, grid).map(|r| (r, sizing_of(block)));
    }
    if let (Some(at), Some(size), None, None) = (block.at, block.size, block.at_mm, block.size_mm)
        && let Height::Auto { max } = size.height
    {
        // Provisionally down to the foot of the 版心 (or the cap).
        let room = (grid.lines + 1).saturating_sub(at[1]);
        let lines = max.map_or(room, |m| m.min(room));
        let rect = (lines > 0)
            .then(|| grid.cell_rect(at, [size.columns, lines]))
            .flatten()
            .ok_or_else(|| outside(at, &size.to_string(), grid))?;
        return Ok((rect, Sizing::Auto { max }));
    }
    let fixed = block.size.and_then(|s| s.fixed());
    let rect = match (block.at, fixed, block.at_mm, block.size_mm) {
        (Some(at), Some(size), None, None) => grid.cell_rect(at, size).ok_or_else(|| {
            Diagnostic::input(format!(
                "the block at [{}, {}] size [{}, {}] does not fit in the 版心 ({} columns × {} lines)",
                at[0], at[1], size[0], size[1], grid.columns.len(), grid.lines
            ))
            .hint("columns and lines count from 1; the block must end inside the grid")
        }),
        (None, None, Some(at), Some(size)) => {
            let r = Rect { x: grid.area.x + mm(at[0]), y: grid.area.y + mm(at[1]), w: mm(size[0]), h: mm(size[1]) };
            let inside = at.iter().chain(size.iter()).all(|v| v.is_finite() && *v >= 0.0)
                && r.w > 0.0
                && r.h > 0.0
                && r.right() <= grid.area.right() + 0.5
                && r.bottom() <= grid.area.bottom() + 0.5;
            if inside {
                Ok(r)
            } else {
                Err(Diagnostic::input(format!("the block at_mm {at:?} size_mm {size:?} is outside the 版心"))
                    .hint(format!("the 版心 is {:.1} × {:.1} mm", crate::units::to_mm(grid.area.w), crate::units::to_mm(grid.area.h))))
            }
        }
        _ => Err(Diagnostic::input("a block needs `at` and `size` (grid cells) or `at_mm` and `size_mm`")
            .hint("for example  at: [1, 1]  size: [3, 40]  (column, line; columns, lines), or  size: [3, auto]")),
    }?;
    Ok((rect, Sizing::Fixed))
}

/// How a block of a stack is sized: as its `size` says, `auto` when it has none.
fn sizing_of(block: &Block) -> Sizing {
    match block.size.map(|s| s.height) {
        Some(Height::Lines(n)) => Sizing::Lines(n),
        Some(Height::Auto { max }) => Sizing::Auto { max },
        None => Sizing::Auto { max: None },
    }
}

/// The whole area of a stack: its blocks are placed inside it top to bottom once sized.
fn stack_rect(stack: &InStack, grid: &Grid) -> Result<Rect, Diagnostic> {
    let room = (grid.lines + 1).saturating_sub(stack.at[1]);
    let lines = stack.lines.unwrap_or(room);
    grid.cell_rect(stack.at, [stack.columns, lines])
        .ok_or_else(|| {
            Diagnostic::input(format!(
                "the stack at [{}, {}], {} columns × {lines} lines, does not fit in the 版心 ({} columns × {} lines)",
                stack.at[0], stack.at[1], stack.columns, grid.columns.len(), grid.lines
            ))
            .at(stack.location.clone())
            .hint("columns and lines count from 1; the stack must end inside the grid")
        })
}

fn outside(at: [u32; 2], size: &str, grid: &Grid) -> Diagnostic {
    Diagnostic::input(format!(
        "the block at [{}, {}] size {size} does not fit in the 版心 ({} columns × {} lines)",
        at[0],
        at[1],
        grid.columns.len(),
        grid.lines
    ))
    .hint("columns and lines count from 1; the block must end inside the grid")
}
