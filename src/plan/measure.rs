//! Candidate shapes from real composition: each story is set alone on the page being planned,
//! in a block of `[w, auto]` for every width it may take, and the lines layout gives it are
//! its height at that width (headline group, body balanced over the columns, byline, boxes).
//! An article that jumps takes any height from the least that lets the rest fit where it jumps
//! to, found by laying the thread out at trial heights; a picture may be cropped a little.

use std::path::{Path, PathBuf};

use serde_saphyr::{Location as Pos, Spanned};

mod thread;

use thread::jump_shape;

use super::brief::Story;
use super::problem::{Ell, HEAD_BAND, Item, ItemKind, MAX_HOLE, Shape};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::layout::{self, Grid};
use crate::model::{Block, BlockSize, Height, Input, LoadedPage, normalize, parent};
use crate::resolve::Resolved;

/// A story of the brief with its files resolved.
#[derive(Debug, Clone)]
pub struct Wanted {
    /// As written in the brief.
    pub story: Story,
    /// The file it places (article, continuation or picture), absolute.
    pub file: PathBuf,
    /// Where the story is written in the brief.
    pub location: crate::diag::Location,
}

impl Wanted {
    /// The item kind.
    pub fn kind(&self) -> ItemKind {
        if self.story.picture.is_some() {
            ItemKind::Picture
        } else if self.story.continues.is_some() {
            ItemKind::Continues
        } else {
            ItemKind::Article
        }
    }

    /// The plan block for this story at `at` (1-based [column, line]) and `size`, its paths
    /// relative to the folder of the plan.
    pub fn block(&self, plan_dir: &Path, at: [u32; 2], size: BlockSize, lead: bool) -> Block {
        let rel = relative(plan_dir, &self.file);
        let s = &self.story;
        let mut block = Block {
            at: Some(at),
            size: Some(size),
            boxed: s.boxed,
            label: s.label.clone(),
            ..Block::default()
        };
        match self.kind() {
            ItemKind::Article => {
                block.article = Some(rel);
                block.title_style = s
                    .title_style
                    .or(lead.then_some(crate::model::StyleName::TitleLead));
            }
            ItemKind::Continues => block.continues = Some(rel),
            ItemKind::Picture => {
                block.picture = Some(rel);
                block.caption = s.caption.clone();
                block.credit = s.credit.clone();
                // A planned picture is a block of its own: nothing runs around it.
                block.wrap = Some(false);
            }
        }
        block
    }

    /// The foot of this article's L: a `continues:` block on the same page.
    pub fn foot_block(&self, plan_dir: &Path, at: [u32; 2], size: BlockSize) -> Block {
        Block {
            continues: Some(relative(plan_dir, &self.file)),
            at: Some(at),
            size: Some(size),
            ..Block::default()
        }
    }
}

/// `to` relative to the folder `from` (both absolute and normalised).
pub fn relative(from: &Path, to: &Path) -> PathBuf {
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// A block as a plan holds it, with no place in a file.
pub fn spanned(block: Block) -> Spanned<Block> {
    Spanned::new(block, Pos::UNKNOWN, Pos::UNKNOWN)
}

/// The edition, ready to lay the page being planned out again and again.
pub struct Bench<'a> {
    /// The edition as read (the planned page holds whatever was last tried).
    pub input: Input,
    /// Styles.
    pub resolved: &'a Resolved,
    /// Fonts.
    pub book: &'a FontBook,
    /// The grid.
    pub grid: &'a Grid,
    /// The page planned, 0-based.
    pub page: usize,
    /// The plans as read, the planned page's replaced by the probe.
    pub base: Vec<LoadedPage>,
}

impl Bench<'_> {
    /// Put `blocks` on the planned page; every other page as read, less the continuations
    /// of articles that do not start before them (the probe places one story at a time).
    pub fn set_page(&mut self, blocks: Vec<Spanned<Block>>) {
        let mut pages = self.base.clone();
        pages[self.page].plan.blocks = blocks;
        let mut started: Vec<PathBuf> = Vec::new();
        for page in &mut pages {
            let dir = parent(&page.path);
            let resolve = |p: &PathBuf| normalize(&dir.join(p));
            for b in &page.plan.blocks {
                if let Some(p) = &b.value.article {
                    started.push(resolve(p));
                }
            }
            page.plan.blocks.retain(|b| {
                b.value
                    .continues
                    .as_ref()
                    .is_none_or(|p| started.contains(&resolve(p)))
            });
        }
        self.input.pages = pages;
    }

    /// The lines `block` takes, alone at the top of the planned page; `None` when layout
    /// refuses it or it does not fit the 版心.
    fn lines(&mut self, block: Block) -> Option<u32> {
        self.set_page(vec![spanned(block)]);
        let rects = layout::sized_blocks(&self.input, self.resolved, self.book, self.grid).ok()?;
        let rect = rects.get(self.page)?.first()?;
        let lines = (rect.h / self.grid.pitch).round() as u32;
        (lines < self.grid.lines).then_some(lines)
    }

    /// The lines the foot of an L takes (its second block, `auto`) under its top block, both
    /// alone on the planned page; `None` when layout refuses them or the foot does not fit.
    fn foot_lines(&mut self, top: Block, foot: Block) -> Option<u32> {
        self.set_page(vec![spanned(top), spanned(foot)]);
        let rects = layout::sized_blocks(&self.input, self.resolved, self.book, self.grid).ok()?;
        let rect = rects.get(self.page)?.get(1)?;
        let lines = (rect.h / self.grid.pitch).round() as u32;
        (lines < self.grid.lines).then_some(lines)
    }
}

/// The widths a story may take: its brief's limits, else by kind and rank.
fn widths(w: &Wanted, columns: u32) -> std::ops::RangeInclusive<u32> {
    let s = &w.story;
    let default_min = match (w.kind(), s.priority.0) {
        (ItemKind::Picture, _) => 2,
        (ItemKind::Article, 1) => columns.div_ceil(2),
        (_, r) if r >= 4 => 1,
        _ => 2,
    };
    // A 简讯 is at most half the page wide: a brief across the page is a thin strip (the
    // editor's complaint about a planned page 3), while briefs read as 简讯 stacked or side by
    // side in two or three columns.
    let default_max = match (w.kind(), s.priority.0) {
        (ItemKind::Picture, _) => columns.min(4),
        (_, r) if r >= 4 => columns.div_ceil(2),
        _ => columns,
    };
    let min = s.min_columns.unwrap_or(default_min).clamp(1, columns);
    let max = s.max_columns.unwrap_or(default_max).clamp(min, columns);
    min..=max
}

/// The planning item for one story, with a shape per width it fits at (and per 破栏 of that
/// width, [`broken`]).
pub fn item(bench: &mut Bench<'_>, w: &Wanted, plan_dir: &Path) -> Result<Item, Diagnostic> {
    let columns = bench.grid.columns.len() as u32;
    let lead = w.story.priority.0 == 1;
    let mut shapes = Vec::new();
    for width in widths(w, columns) {
        if w.story.jumps {
            shapes.extend(jump_shape(bench, w, plan_dir, width, lead));
            continue;
        }
        for text_columns in std::iter::once(None).chain(broken(w, width)) {
            shapes.extend(plain_shape(bench, w, plan_dir, width, text_columns));
        }
    }
    if shapes.is_empty() {
        return Err(Diagnostic::content(format!(
            "\"{}\" fits no width from {} to {} columns on this page",
            file_name(&w.file),
            widths(w, columns).start(),
            widths(w, columns).end()
        ))
        .at(w.location.clone())
        .hint("cut it, let it jump to another page (`jumps: true` with a `continues:` block there), or allow more columns"));
    }
    let ells = ells(bench, w, plan_dir, &shapes);
    Ok(Item {
        name: file_name(&w.file),
        rank: w.story.priority.0,
        kind: w.kind(),
        shapes,
        ells,
        above_fold: w.story.above_fold,
        keep_with: None,
    })
}

/// The fewest base columns a 破栏 spans: two text columns over three base columns is the
/// narrowest that reads as one (the sample's page 2 has it).
const MIN_BROKEN: u32 = 3;

/// The 破栏 a story is also measured in at `width` base columns: one text column fewer and
/// wider (5 over 6, 4 over 5, 3 over 4, 2 over 3), for text other than a 简讯 (a brief is set
/// plain, in the page's own columns).
fn broken(w: &Wanted, width: u32) -> Option<Option<u32>> {
    let text = w.kind() != ItemKind::Picture;
    (text && w.story.priority.0 < 4 && width >= MIN_BROKEN).then_some(Some(width - 1))
}

/// The shape of a story that does not jump at `width` base columns in `text_columns`: the
/// lines composing gives it (a picture cropped by up to a fifth either way), copyfit's lines
/// off for an article. `None` when layout refuses it.
fn plain_shape(
    bench: &mut Bench<'_>,
    w: &Wanted,
    plan_dir: &Path,
    width: u32,
    text_columns: Option<u32>,
) -> Option<Shape> {
    let rows = bench.grid.lines;
    let lead = w.story.priority.0 == 1;
    let auto = BlockSize {
        columns: width,
        height: Height::Auto { max: None },
    };
    let mut block = w.block(plan_dir, [1, 1], auto, lead);
    block.text_columns = text_columns;
    let h = bench.lines(block)?;
    let shape = match w.kind() {
        ItemKind::Picture => Shape {
            w: width,
            h_min: (h * 4 / 5).max(4),
            h_max: (h * 6 / 5).max(5).min(rows),
            natural: h,
            text_columns,
            jump_full: None,
            head: 0,
        },
        _ => Shape {
            w: width,
            h_min: h,
            h_max: h + MAX_HOLE,
            natural: h,
            text_columns,
            jump_full: None,
            head: HEAD_BAND,
        },
    };
    let head = match w.kind() {
        ItemKind::Article => bench.head_lines(w, plan_dir, [width, h], text_columns),
        _ => shape.head,
    };
    Some(tightened(bench, w, plan_dir, Shape { head, ..shape }, lead))
}

/// The fewest lines of the top of an L: the 头条's headline group (two or three lines of
/// `title_lead` and a 副题, about 7 lines) and a few lines of text under it.
const MIN_TOP: u32 = 12;

/// The L shapes (曲尺) of the 头条, when it is a long article (its rectangle at least twice
/// [`MIN_TOP`]) that neither jumps nor is boxed: a top block as wide as the page or a column
/// less, every other line from a third to two thirds as tall as its rectangle at that width (at least
/// [`MIN_TOP`]), and under it a foot one to three columns narrower (never under half the page),
/// as tall as composing leaves it. `shapes` are its rectangles, measured.
fn ells(bench: &mut Bench<'_>, w: &Wanted, plan_dir: &Path, shapes: &[Shape]) -> Vec<Ell> {
    let s = &w.story;
    if s.priority.0 != 1 || w.kind() != ItemKind::Article || s.jumps || s.boxed {
        return Vec::new();
    }
    let columns = bench.grid.columns.len() as u32;
    let narrowest = columns.div_ceil(2).max(*widths(w, columns).start());
    let mut out = Vec::new();
    // Only a long story: a short one is a rectangle.
    let long =
        |s: &&Shape| s.text_columns.is_none() && s.w + 1 >= columns && s.natural >= 2 * MIN_TOP;
    for shape in shapes.iter().filter(long) {
        // Every other line from a third to two thirds of the rectangle's height.
        let tops = (shape.natural / 3).max(MIN_TOP)..=shape.natural * 2 / 3;
        for w_foot in (shape.w.saturating_sub(3)..shape.w).filter(|&f| f >= narrowest) {
            for h_top in tops.clone().step_by(2) {
                let top = w.block(plan_dir, [1, 1], [shape.w, h_top].into(), true);
                let auto = BlockSize {
                    columns: w_foot,
                    height: Height::Auto { max: None },
                };
                let foot = w.foot_block(plan_dir, [1, 1 + h_top], auto);
                // A foot of a line or two is no L.
                let Some(h) = bench.foot_lines(top, foot).filter(|&h| h >= 6) else {
                    continue;
                };
                // Measured alone, the top's last line holds text across its width; on the
                // page a block stands in the notch under it, and that stretch of the line is
                // kept for the rule: the foot takes those column-lines.
                let notch = (shape.w - w_foot).div_ceil(w_foot);
                out.push(Ell {
                    w: shape.w,
                    h_top,
                    w_foot,
                    h_min: h + notch,
                    h_max: h + notch + MAX_HOLE,
                });
            }
        }
    }
    out
}

/// Lines copyfit may take off an article's natural height (紧排 within the layout's limits).
const TIGHTEN: u32 = 2;

/// `shape` with its least height lowered to what copyfit (`copyfit: true`) sets the article in
/// without overset, up to [`TIGHTEN`] lines less (an article that does not jump; a picture or
/// continuation as it is).
fn tightened(
    bench: &mut Bench<'_>,
    w: &Wanted,
    plan_dir: &Path,
    shape: Shape,
    lead: bool,
) -> Shape {
    if w.kind() != ItemKind::Article || w.story.jumps {
        return shape;
    }
    let mut least = shape.h_min;
    for h in (shape.natural.saturating_sub(TIGHTEN)..shape.natural).rev() {
        let mut block = w.block(plan_dir, [1, 1], [shape.w, h].into(), lead);
        block.copyfit = Some(crate::model::CopyfitSpec::Switch(true));
        block.text_columns = shape.text_columns;
        if h == 0 || !bench.fits(block, &w.file) {
            break;
        }
        least = h;
    }
    Shape {
        h_min: least,
        ..shape
    }
}

/// The file name, for messages.
pub fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Errors gathered while measuring, as one set.
pub fn gather(errors: Vec<Diagnostic>) -> Diagnostics {
    let mut out = Diagnostics::new();
    for e in errors {
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_descend() {
        assert_eq!(
            relative(Path::new("/e/briefs"), Path::new("/e/articles/a.md")),
            PathBuf::from("../articles/a.md")
        );
        assert_eq!(
            relative(Path::new("/e"), Path::new("/e/articles/a.md")),
            PathBuf::from("articles/a.md")
        );
    }
}
