//! A block's decoration and the area it leaves for the article: the tint, the box (花边框)
//! with its padding, the vertical column label (栏目题), and the measure rounded to whole
//! characters.

use crate::color::Cmyk;
use crate::diag::{Diagnostic, Diagnostics};
use crate::display::{Item, RectItem};
use crate::model::StyleName;
use crate::resolve::Resolved;

use super::super::furniture::{box_frame, label};
use super::super::grid::{Grid, Rect};
use super::super::place::Placed;
use super::Ctx;

/// A `tint:` naming no swatch of the layout: an input error, not a block left white.
fn unknown_tint(
    name: &str,
    swatches: &std::collections::BTreeMap<String, Cmyk>,
    placed: &Placed,
) -> Diagnostic {
    let known: Vec<&str> = swatches.keys().map(String::as_str).collect();
    Diagnostic::input(format!("tint \"{name}\" is not a swatch of the layout"))
        .at(placed.location.clone())
        .hint(if known.is_empty() {
            "define it under `swatches:` in the layout as [c, m, y, k] in percent".to_string()
        } else {
            format!(
                "use one of {}, or define it under `swatches:` in the layout",
                known.join(", ")
            )
        })
}

/// Draw the block's tint, box and label; return the area left for the article.
pub(super) fn decorate(
    ctx: &Ctx<'_>,
    placed: &Placed,
    rect: Rect,
    out: &mut Vec<Item>,
    problems: &mut Diagnostics,
) -> Rect {
    let grid = ctx.grid;
    let rules = &ctx.resolved;
    let mut content = rect;
    if let Some(tint) = placed.block.tint.as_ref().and_then(|name| {
        let swatch = ctx.resolved.swatches.get(name);
        if swatch.is_none() {
            problems.push(unknown_tint(name, &ctx.resolved.swatches, placed));
        }
        swatch
    }) {
        out.push(Item::Rect(RectItem {
            x: rect.x,
            y: rect.y,
            width: rect.w,
            height: rect.h,
            fill: Some(*tint),
            stroke: None,
        }));
    }
    if placed.block.boxed {
        out.extend(box_frame(
            Rect {
                h: rect.h - grid.pitch * 0.3,
                ..rect
            },
            rules_frame(rules),
        ));
        let pad = crate::units::mm(box_padding(rules));
        content = Rect {
            x: rect.x + pad,
            y: rect.y + grid.pitch,
            w: rect.w - 2.0 * pad,
            h: rect.h - 2.0 * grid.pitch,
        };
    }
    if let Some(text) = &placed.block.label {
        content = label_strip(ctx, placed, text, content, out, problems);
    } else if placed.block.boxed {
        // The padding takes the remainder, on both sides.
        let columns = text_columns(grid, placed);
        let whole = whole_characters(content.w, columns, grid.gutter, grid.body_size);
        content.x += (content.w - whole) / 2.0;
        content.w = whole;
    }
    content
}

/// A block's vertical column label (栏目题) at the left of `content`, and the area left
/// beside it, rounded to whole characters; a label that does not fit is a problem.
fn label_strip(
    ctx: &Ctx<'_>,
    placed: &Placed,
    text: &str,
    mut content: Rect,
    out: &mut Vec<Item>,
    problems: &mut Diagnostics,
) -> Rect {
    let grid = ctx.grid;
    let style = ctx.resolved.styles.get(StyleName::Label);
    let fill = ctx.resolved.swatches.get("label").copied().unwrap_or(Cmyk {
        c: 0.0,
        m: 1.0,
        y: 1.0,
        k: 0.0,
    });
    let (strip, w, overset) = label(ctx.book, content, text, style, fill);
    out.extend(strip);
    if overset > 0 {
        let d = super::super::furniture::display_overset("label", text, overset, placed);
        problems.push(d);
    }
    // The strip may give up to a third of itself to round the columns beside it up to whole
    // characters; else the gap after it takes the remainder.
    let room = content.w - w - grid.gutter / 2.0;
    let columns = text_columns(grid, placed);
    let up = whole_characters(room + w / 3.0, columns, grid.gutter, grid.body_size);
    let whole = if up > room {
        up
    } else {
        whole_characters(room, columns, grid.gutter, grid.body_size)
    };
    content.x = content.right() - whole;
    content.w = whole;
    content
}

/// The widest measure not over `width` whose `columns` text columns (with `gutter` between)
/// are each a whole number of `em` characters, so that justified lines need no stretch.
fn whole_characters(width: f32, columns: u32, gutter: f32, em: f32) -> f32 {
    let k = columns.max(1) as f32;
    let column = (width - gutter * (k - 1.0)) / k;
    let chars = (column / em + 0.01).floor().max(1.0);
    k * chars * em + gutter * (k - 1.0)
}

fn rules_frame(r: &Resolved) -> f32 {
    r.rules.frame
}

fn box_padding(r: &Resolved) -> f32 {
    r.rules.box_padding
}

/// The widest measure under `width` whose `columns` text columns are whole body characters.
pub(super) fn whole_columns(width: f32, columns: u32, grid: &Grid) -> f32 {
    let n = columns.max(1) as f32;
    let gutters = grid.gutter * (n - 1.0);
    let chars = ((width - gutters) / n / grid.body_size).floor().max(1.0);
    chars * grid.body_size * n + gutters
}

/// Text columns of a block: as the plan says (破栏), else one per base column spanned.
pub(super) fn text_columns(grid: &Grid, placed: &Placed) -> u32 {
    if let Some(n) = placed.block.text_columns {
        return n.max(1);
    }
    let spanned = grid
        .columns
        .iter()
        .filter(|(x, w)| *x >= placed.rect.x - 0.5 && x + w <= placed.rect.right() + 0.5)
        .count();
    spanned.max(1) as u32
}
