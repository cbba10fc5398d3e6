//! An article's body flowed through its frames and, where its blocks allow, copyfitted; then
//! what the editor is told: how many lines or characters would make it fit, and what copyfit
//! did or would do.

use crate::diag::Diagnostic;
use crate::model::{Article, CopyfitLimits, CopyfitSpec};

use super::article::{ArticleBlock, ArticleLayout, Ctx, Framing, first_headline, geometry};
use super::copyfit::{self, ParagraphChange};
use super::flow::{self, FlowItem, Flowed, Frame};
use super::report::JumpPoint;

/// The body as it will be set.
pub(crate) struct Fit {
    /// The flow items (copyfitted paragraphs replaced).
    pub items: Vec<FlowItem>,
    /// Their flow.
    pub flowed: Flowed,
    /// Paragraphs copyfitting changed.
    pub changes: Vec<ParagraphChange>,
    /// Copyfit took a line of leading out of the headline group.
    pub headline: bool,
    /// Copyfit is off for this article: what it would do (its description and whether that
    /// would be enough), for the message.
    pub would: Option<(String, bool)>,
    /// Where the text meets each jump, as first flowed (copyfitting leaves the cuts alone).
    pub jumps: Vec<JumpPoint>,
}

/// The copyfit limits that apply to an article: its blocks' `copyfit:` (the first that says),
/// else the layout's `all`; a block's limits never go beyond the layout's.
pub(crate) fn limits_for(
    layout: &CopyfitLimits,
    blocks: &[ArticleBlock<'_>],
) -> Option<CopyfitLimits> {
    let spec = blocks.iter().find_map(|b| b.placed.block.copyfit);
    match spec {
        None => layout.all.then_some(*layout),
        Some(CopyfitSpec::Switch(false)) => None,
        Some(CopyfitSpec::Switch(true)) => Some(*layout),
        Some(CopyfitSpec::Limits(own)) => Some(CopyfitLimits {
            all: true,
            punctuation: own.punctuation && layout.punctuation,
            tracking: own.tracking.clamp(0.0, layout.tracking),
            step: own.step,
            max_space: own.max_space.min(layout.max_space),
            loosen: own.loosen && layout.loosen,
            headline: own.headline && layout.headline,
        }),
    }
}

/// The layout's `copyfit:` as limits (`all` says whether every article is copyfitted).
pub(crate) fn layout_limits(spec: Option<CopyfitSpec>) -> CopyfitLimits {
    match spec {
        None | Some(CopyfitSpec::Switch(false)) => CopyfitLimits {
            all: false,
            ..CopyfitLimits::default()
        },
        Some(CopyfitSpec::Switch(true)) => CopyfitLimits::default(),
        Some(CopyfitSpec::Limits(l)) => l,
    }
}

/// Flow the body; copyfit it when its blocks allow and it does not fit; last, take a line of
/// leading out of the first block's headline group if that is what is still missing.
pub(crate) fn flow_and_fit(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
    framing: &mut Framing,
    items: Vec<FlowItem>,
) -> Fit {
    let geo = geometry(ctx, &framing.frames);
    let (items, flowed, jumps) = super::jump::flow_with_jumps(ctx.book, &geo, items);
    let mut fit = Fit {
        items,
        flowed,
        changes: Vec::new(),
        headline: false,
        would: None,
        jumps,
    };
    let last_columns = framing.frames.last().map_or(1, |f| f.columns.max(1)) as usize;
    let misfit =
        fit.flowed.overset_lines > 0 || copyfit::underset_slots(&fit.flowed, last_columns) > 0;
    if !misfit {
        return fit;
    }
    let Some(limits) = limits_for(&ctx.copyfit, blocks) else {
        fit.would = dry_run(ctx, framing, &fit);
        return fit;
    };
    let geo = geometry(ctx, &framing.frames);
    if let Some(done) = copyfit::copyfit(ctx.book, &geo, &fit.items, &fit.flowed, &limits) {
        fit.items = done.items;
        fit.flowed = done.flowed;
        fit.changes = done.changes;
    }
    if fit.flowed.overset_lines > 0 && limits.headline {
        tighten_headline(ctx, article, blocks, framing, &mut fit);
    }
    fit
}

/// What copyfit with the layout's limits (or the defaults) would do, without doing it.
fn dry_run(ctx: &Ctx<'_>, framing: &Framing, fit: &Fit) -> Option<(String, bool)> {
    let limits = CopyfitLimits {
        all: true,
        ..ctx.copyfit
    };
    let geo = geometry(ctx, &framing.frames);
    let done = copyfit::copyfit(ctx.book, &geo, &fit.items, &fit.flowed, &limits)?;
    let enough = if fit.flowed.overset_lines > 0 {
        done.flowed.overset_lines == 0
    } else {
        done.flowed.used > fit.flowed.used
    };
    Some((copyfit::describe(&done.changes, false), enough))
}

/// Copyfit's last step: the first block's headline group set with the least leading, if that
/// gives the body a line and the body then sets better.
fn tighten_headline(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
    framing: &mut Framing,
    fit: &mut Fit,
) {
    let (Some(first), Some(head), Some(content)) = (
        blocks.first(),
        framing.heads.first(),
        framing.contents.first(),
    ) else {
        return;
    };
    if head.lines == 0 {
        return;
    }
    let tight = first_headline(ctx, article, first.placed, content.w, true);
    if tight.lines >= head.lines || tight.overflow {
        return;
    }
    let old = framing.heads[0].clone();
    framing.set_head(0, tight, ctx.grid.pitch);
    let flowed = flow::flow_article(ctx.book, &geometry(ctx, &framing.frames), &fit.items);
    if flowed.overset_lines < fit.flowed.overset_lines {
        fit.flowed = flowed;
        fit.headline = true;
    } else {
        framing.set_head(0, old, ctx.grid.pitch);
    }
}

/// The copyfit lines of the report, and the overset and underset messages: where the block
/// is in the plan, how many lines or characters would make the article fit, and what copyfit
/// did or would do.
pub(crate) fn report_fit(
    ctx: &Ctx<'_>,
    blocks: &[ArticleBlock<'_>],
    frames: &[Frame],
    fit: &Fit,
    out: &mut ArticleLayout,
) {
    let did = (!fit.changes.is_empty() || fit.headline)
        .then(|| copyfit::describe(&fit.changes, fit.headline));
    out.report.copyfit = fit.changes.clone();
    out.report.copyfit_headline = fit.headline;
    out.report.copyfit_summary = did.clone();
    let Some(last) = blocks.last() else { return };
    let file = &out.report.file;
    let title = out.report.title.clone();
    let columns = frames.last().map_or(1, |f| f.columns.max(1)) as usize;
    let chars_per_line = (flow_measure(ctx, frames) / ctx.grid.body_size)
        .floor()
        .max(1.0) as usize;
    let block = format!("the block at {}", last.placed.location);
    if fit.flowed.overset_lines > 0 {
        let lines = fit.flowed.overset_lines.div_ceil(columns);
        let chars = fit.flowed.overset_chars;
        let tail = match (&did, &fit.would) {
            (Some(d), _) => format!(" (copyfit already applied: {d})"),
            (None, Some((w, true))) => format!(" (or copyfit would absorb it: {w})"),
            (None, Some((w, false))) => {
                format!(" (copyfit alone would not: {w} still leaves text over)")
            }
            (None, None) => String::new(),
        };
        out.problems.push(
            Diagnostic::content(format!(
                "\"{title}\" is overset: {} lines ({chars} characters) do not fit; {block} needs {lines} more {} or {chars} fewer characters{tail}",
                fit.flowed.overset_lines,
                plural(lines, "line", "lines"),
            ))
            .at(last.placed.location.clone())
            .hint("make the block taller (`size: [COLUMNS, auto]` sizes it to its text), add a continuation (`continues:`), cut the text, or set `copyfit: true` on the block")
            .hint(format!("the text is in {}", file.display())),
        );
        return;
    }
    let underset = out.report.underset_lines;
    if underset >= 3 {
        let chars = underset * columns * chars_per_line;
        let d = underset_warning(last, &fit.would, (&title, file), &block, (underset, chars));
        out.warnings.push(d);
    }
}

/// The warning of an article that leaves `underset` lines empty at the foot of its `block`,
/// room for about `chars` more characters.
fn underset_warning(
    last: &ArticleBlock<'_>,
    would: &Option<(String, bool)>,
    (title, file): (&str, &std::path::Path),
    block: &str,
    (underset, chars): (usize, usize),
) -> Diagnostic {
    let shorter = match last.placed.block.size.and_then(|s| s.fixed()) {
        Some([c, h]) => format!(
            " (`size: [{c}, {}]`, or `[{c}, auto]`)",
            h.saturating_sub(underset as u32)
        ),
        None => String::new(),
    };
    let tail = match would {
        Some((w, _)) => format!(" (or copyfit would fill part of it: {w})"),
        None => String::new(),
    };
    Diagnostic::warning(format!(
        "\"{title}\" leaves {underset} empty lines at the foot of its block: {block} could be {underset} lines shorter{shorter} or take about {chars} more characters{tail}"
    ))
    .at(last.placed.location.clone())
    .hint("make the block shorter or add text")
    .hint(format!("the text is in {}", file.display()))
}

/// The measure of the last frame's columns.
fn flow_measure(ctx: &Ctx<'_>, frames: &[Frame]) -> f32 {
    frames.last().map_or(ctx.grid.column_width(), |f| {
        flow::column_width(f, ctx.grid.gutter)
    })
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
