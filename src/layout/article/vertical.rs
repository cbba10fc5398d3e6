//! Vertical composition on the page: an article set in columns (竖排, `direction: vertical`)
//! and a headline group standing at the right edge of a story (竖题,
//! `title_position: right-vertical`).
//!
//! A vertical column is a line of the horizontal composer at the column's length, stood up by
//! [`crate::compose::column`]; columns are laid from the right edge leftwards at the body's
//! line pitch, so a vertical block keeps the page's grid: a column where a horizontal story
//! has a line. The headline group reads first (right to left: 引题, 主题, 副题), each part in
//! its style, the 主题 stepping down in size until it fits the block's height in one column.

use crate::compose::{self, Align, LineWidths, ParagraphStyle};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::display::Item;
use crate::model::{Article, StyleName};
use crate::resolve::TextStyle;

use super::super::emit::emit_column;
use super::super::flow::ItemKind;
use super::super::grid::Rect;
use super::super::place::Placed;
use super::super::report::{ArticleReport, CompositionReport};
use super::super::text::{plain, visible_chars};
use super::{ArticleBlock, ArticleLayout, Ctx, body, decorate};

/// A headline group set in columns at the right edge of a block.
pub(super) struct VerticalHeads {
    /// The glyph runs, in page coordinates, in reading order.
    pub items: Vec<Item>,
    /// The width the group takes from the block's right edge, its gap to the body included.
    pub width: f32,
}

impl VerticalHeads {
    /// Move the group `dx` points to the left.
    pub fn shift_left(&mut self, dx: f32) {
        for item in &mut self.items {
            if let Item::Text(run) = item {
                run.origin.0 -= dx;
            }
        }
    }
}

/// The headline group of `article` as columns standing at the right of `content`, top-aligned,
/// read right to left.
pub(super) fn vertical_heads(
    ctx: &Ctx<'_>,
    article: &Article,
    placed: &Placed,
    content: Rect,
) -> VerticalHeads {
    let parts = head_parts(ctx, article, placed);
    let upright = usize::from(placed.block.upright_latin.0);
    let measure = (content.h - ctx.grid.body_size).max(ctx.grid.body_size);
    let top = content.y + ctx.grid.body_size / 2.0;
    let mut items = Vec::new();
    let mut right = content.right();
    for (text, style, fit) in parts {
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        // A two-part headline (强化使命担当 打造…) stands as one column per phrase.
        let phrases: Vec<&str> = text.split_whitespace().collect();
        let style = if fit {
            fitted(ctx, &phrases, style, measure)
        } else {
            style.clone()
        };
        let set = ParagraphStyle {
            indent: 0.0,
            align: Align::Start,
            last_line: Align::Start,
            config: Default::default(),
        };
        for phrase in phrases {
            let para = plain(phrase, &style);
            let composed =
                compose::compose_paragraph(ctx.book, &para, &set, &LineWidths::uniform(measure));
            for line in &composed.lines {
                let centre = right - style.size * 0.6;
                emit_column(&mut items, ctx.book, &para, line, (centre, top), upright);
                right -= style.size * 1.2;
            }
        }
        right -= style.size * 0.2;
    }
    let used = content.right() - right;
    VerticalHeads {
        items,
        width: if used > 0.0 {
            used + ctx.grid.body_size
        } else {
            0.0
        },
    }
}

/// The parts of the headline group in reading order, each with its style and whether it is
/// fitted (the 主题): 引题, 主题, 副题.
fn head_parts<'a>(
    ctx: &Ctx<'a>,
    article: &'a Article,
    placed: &Placed,
) -> [(Option<&'a str>, &'a TextStyle, bool); 3] {
    let styles = &ctx.resolved.styles;
    let f = &article.front;
    let title = styles.get(placed.block.title_style.unwrap_or(StyleName::Title));
    [
        (f.kicker.as_deref(), styles.get(StyleName::Kicker), false),
        (f.title.as_deref(), title, true),
        (
            f.subtitle.as_deref(),
            styles.get(StyleName::Subtitle),
            false,
        ),
    ]
}

/// `style` stepped down by half points, to its smallest size at most, until each of `phrases`
/// fits in one column of `measure`.
fn fitted(ctx: &Ctx<'_>, phrases: &[&str], style: &TextStyle, measure: f32) -> TextStyle {
    let mut s = style.clone();
    let longest = |s: &TextStyle| {
        phrases
            .iter()
            .map(|p| compose::natural_width(ctx.book, &plain(p, s)))
            .fold(0.0, f32::max)
    };
    while s.size > s.min_size.max(1.0) && longest(&s) > measure {
        s.size = (s.size - 0.5).max(s.min_size.max(1.0));
        s.leading = s.size * 1.2;
    }
    s
}

/// Lay out an article set vertically in its first block: the headline group at the right,
/// then the body in columns of whole characters, right to left; what does not fit is overset.
pub(super) fn layout_vertical(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
) -> ArticleLayout {
    let mut problems = Diagnostics::new();
    let Some(b) = blocks.first() else {
        return ArticleLayout {
            items: Vec::new(),
            report: ArticleReport::default(),
            problems,
            warnings: Diagnostics::new(),
            errors: Diagnostics::new(),
        };
    };
    let mut rect = b.placed.rect;
    if b.has_below {
        rect.h -= ctx.grid.pitch;
    }
    let mut items = Vec::new();
    let content = decorate(ctx, b.placed, rect, &mut items, &mut problems);
    let heads = vertical_heads(ctx, article, b.placed, content);
    items.extend(heads.items);
    let columns = Columns::new(ctx, b.placed, content, heads.width);
    let upright = usize::from(b.placed.block.upright_latin.0);
    let set = set_columns(ctx, article, &columns, upright, &mut items, &mut problems);
    let title = article.front.title.clone().unwrap_or_default();
    if set.overset.0 > 0 {
        problems.push(overset(article, b.placed, &title, set.overset));
    }
    let capacity = columns.capacity();
    let used = set.columns.min(capacity);
    let report = ArticleReport {
        file: article.path.clone(),
        title,
        frames: vec![(
            ctx.page_numbers.get(b.page).copied().unwrap_or(0),
            columns.tiers as u32,
        )],
        lines_available: capacity,
        lines_used: used,
        overset_lines: set.overset.0,
        overset_chars: set.overset.1,
        underset_lines: capacity - used,
        composition: CompositionReport::from(&set.stats),
        ..ArticleReport::default()
    };
    ArticleLayout {
        items: vec![(b.page, items)],
        report,
        problems,
        warnings: Diagnostics::new(),
        errors: Diagnostics::new(),
    }
}

/// The problem of a vertical article whose columns do not all fit its block.
fn overset(
    article: &Article,
    placed: &Placed,
    title: &str,
    (columns, chars): (usize, usize),
) -> Diagnostic {
    Diagnostic::content(format!(
        "\"{title}\" is overset: {columns} vertical columns ({chars} characters) do not fit in the block at {}",
        placed.location
    ))
    .at(placed.location.clone())
    .hint("make the block wider or taller, or cut the text")
    .hint(format!("the text is in {}", article.path.display()))
}

/// Where the body's columns stand in a vertical block: in tiers (段) of columns stacked top
/// to bottom, each read right to left, one em apart.
struct Columns {
    /// The right edge of the first column of each tier (left of the headline group).
    first_right: f32,
    /// The top of the first tier.
    top: f32,
    /// A column's length: whole characters of a tier's height.
    measure: f32,
    /// The gap between tiers.
    gap: f32,
    /// Columns in a tier.
    per_tier: usize,
    /// Tiers.
    tiers: usize,
}

impl Columns {
    /// The columns of `content` left of a headline group `heads_width` wide.
    fn new(ctx: &Ctx<'_>, placed: &Placed, content: Rect, heads_width: f32) -> Columns {
        let grid = ctx.grid;
        let em = grid.body_size;
        // `text_columns` counts the tiers (段) of a vertical block.
        let tiers = placed.block.text_columns.unwrap_or(1).max(1) as usize;
        let gap = em;
        let tier_h = (content.h - gap * (tiers - 1) as f32) / tiers as f32;
        let measure = (tier_h / em).floor().max(1.0) * em;
        let first_right = content.right() - heads_width;
        let per_tier = ((first_right - content.x - em) / grid.pitch + 1.0)
            .floor()
            .max(0.0) as usize;
        Columns {
            first_right,
            top: content.y,
            measure,
            gap,
            per_tier,
            tiers,
        }
    }

    /// How many columns the block holds.
    fn capacity(&self) -> usize {
        self.per_tier * self.tiers
    }
}

/// What setting the body in columns came to.
struct SetColumns {
    /// Columns taken, overset ones included.
    columns: usize,
    /// Overset columns and their characters.
    overset: (usize, usize),
    stats: compose::ParagraphStats,
}

/// Set the body in `columns`: a blank line or a subhead starts a new column (except at the
/// top of a tier); the columns past the block's capacity are counted as overset.
fn set_columns(
    ctx: &Ctx<'_>,
    article: &Article,
    columns: &Columns,
    upright: usize,
    items: &mut Vec<Item>,
    problems: &mut Diagnostics,
) -> SetColumns {
    let (grid, em) = (ctx.grid, ctx.grid.body_size);
    let (per_tier, capacity) = (columns.per_tier, columns.capacity());
    let mut column = 0usize;
    let mut overset = (0usize, 0usize);
    let mut stats = compose::ParagraphStats::default();
    let body = body::body_items(ctx, article, columns.measure);
    for (index, item) in body.iter().enumerate() {
        let tier_start = per_tier > 0 && column % per_tier == 0;
        if (item.kind == ItemKind::Blank && !tier_start)
            || (item.kind == ItemKind::Subhead && column > 0 && index > 0 && !tier_start)
        {
            column += 1;
        }
        if item.kind == ItemKind::Blank {
            continue;
        }
        let (before, after) = item.inset;
        let widths = LineWidths::uniform((columns.measure - before - after).max(em));
        let composed = compose::compose_paragraph(ctx.book, &item.para, &item.style, &widths);
        crate::layout::flow::add_stats(&mut stats, &composed.stats);
        for m in &composed.missing {
            problems.push(missing(article, item.line, m.ch));
        }
        for line in &composed.lines {
            if column >= capacity {
                overset.0 += 1;
                overset.1 += item
                    .para
                    .text
                    .get(line.text.clone())
                    .map_or(0, visible_chars);
                continue;
            }
            let (tier, k) = (column / per_tier, column % per_tier);
            let centre = columns.first_right - k as f32 * grid.pitch - em / 2.0;
            let top = columns.top + tier as f32 * (columns.measure + columns.gap) + before;
            emit_column(items, ctx.book, &item.para, line, (centre, top), upright);
            column += 1;
        }
    }
    SetColumns {
        columns: column,
        overset,
        stats,
    }
}

fn missing(article: &Article, line: u32, ch: char) -> Diagnostic {
    Diagnostic::content(format!(
        "character “{ch}” (U+{:04X}) is in no font",
        u32::from(ch)
    ))
    .at(Location {
        file: article.path.clone(),
        line: (line > 0).then_some(line),
        column: None,
    })
    .hint("add a font that has it to the style's family list, or replace the character")
}
