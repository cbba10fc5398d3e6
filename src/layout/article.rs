//! One article through its frames: the headline group on the first frame, the 续题 and
//! （上接第N版） on a continuation, the body flowed through all of them, （下转第N版） where it jumps,
//! and the article's line of the fit report.

use crate::compose::{self, Align, LineWidths, Paragraph, ParagraphStyle};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::display::{Cmyk, Item, RectItem};
use crate::model::{Article, BodyBlock, Para};
use crate::resolve::fonts::FontBook;
use crate::resolve::{Resolved, TextStyle};

use super::emit::emit_line;
use super::flow::{self, FlowGeometry, FlowItem, Frame, ItemKind};
use super::furniture::{box_frame, label, text_at};
use super::grid::{Grid, Rect};
use super::headline::{Part, set_headline};
use super::place::Placed;
use super::report::{ArticleReport, CompositionReport, JumpCut, JumpPoint};
use super::text::{ParaBuilder, plain};

/// What the article pass needs to know about the edition.
pub(crate) struct Ctx<'a> {
    /// Fonts.
    pub book: &'a FontBook,
    /// The grid.
    pub grid: &'a Grid,
    /// Styles and settings.
    pub resolved: &'a Resolved,
    /// Edition page number of each laid-out page index.
    pub page_numbers: &'a [u32],
    /// Picture areas text keeps out of, per page index.
    pub exclusions: &'a [Vec<Rect>],
    /// Mark overset text in the margin.
    pub show_overset: bool,
}

/// A block of the article with its page and whether another block sits right below it.
pub(crate) struct ArticleBlock<'a> {
    /// Page index.
    pub page: usize,
    /// The placed block.
    pub placed: &'a Placed,
    /// Another block starts right under this one (keep its last line free for the rule).
    pub has_below: bool,
}

/// The article laid out: items per page index, its report line and its problems.
pub(crate) struct ArticleLayout {
    /// Display items, by page index.
    pub items: Vec<(usize, Vec<Item>)>,
    /// The report line.
    pub report: ArticleReport,
    /// Overset, missing glyphs, overfull units.
    pub problems: Diagnostics,
    /// Underset and other notes.
    pub warnings: Diagnostics,
}

/// Lay out one article through its blocks (in reading order).
pub(crate) fn layout_article(
    ctx: &Ctx<'_>,
    article: &Article,
    blocks: &[ArticleBlock<'_>],
) -> ArticleLayout {
    let grid = ctx.grid;
    let mut items: Vec<(usize, Vec<Item>)> = blocks.iter().map(|b| (b.page, Vec::new())).collect();
    let mut frames = Vec::new();
    let mut head_problems = Diagnostics::new();
    let mut head_warnings = Diagnostics::new();
    for (i, b) in blocks.iter().enumerate() {
        let mut rect = b.placed.rect;
        if b.has_below {
            rect.h -= grid.pitch;
        }
        let out = &mut items[i].1;
        let content = decorate(ctx, b.placed, rect, out);
        let head = if i == 0 {
            first_headline(ctx, article, b.placed, content.w)
        } else {
            let from = ctx
                .page_numbers
                .get(blocks[i - 1].page)
                .copied()
                .unwrap_or(0);
            jump_headline(ctx, article, content.w, from, blocks[i - 1].page != b.page)
        };
        let head_h = head.lines as f32 * grid.pitch;
        if let Some(d) = headline_problem(article, b.placed, &head, content.h / grid.pitch) {
            head_problems.push(d);
        }
        for inside in &head.char_breaks {
            head_warnings.push(
                Diagnostic::warning(format!("a headline line breaks inside a word: {inside}"))
                    .at(b.placed.location.clone())
                    .hint("force the break where it reads well with `|` in the text, or widen the block"),
            );
        }
        for mut item in head.items {
            if let Item::Text(run) = &mut item {
                run.origin.0 += content.x;
                run.origin.1 += content.y;
            }
            out.push(item);
        }
        let body = Rect {
            y: content.y + head_h,
            h: (content.h - head_h).max(0.0),
            ..content
        };
        let jumps_away = blocks.get(i + 1).is_some_and(|n| n.page != b.page);
        frames.push(Frame {
            page: b.page,
            rect: body,
            columns: text_columns(grid, b.placed),
            reserve_jump: jumps_away,
        });
    }
    // The byline runs in only if it fits on the last line of the last frame's measure.
    let last_measure = frames
        .last()
        .map_or(grid.column_width(), |f| flow::column_width(f, grid.gutter));
    let items_in = body_items(ctx, article, last_measure);
    let geo = FlowGeometry {
        frames: &frames,
        gutter: grid.gutter,
        pitch: grid.pitch,
        exclusions: ctx.exclusions,
        // A line beside a picture is set only if it keeps at least half its column: slivers of
        // two or three characters read badly.
        min_line: 0.5,
        widow: ctx.resolved.widow_chars,
    };
    let (flow_items, flowed, jumps) = super::jump::flow_with_jumps(ctx.book, &geo, items_in);
    for placed in &flowed.lines {
        let slot = flowed.slots[placed.slot];
        let line = placed.line();
        let baseline = grid.baseline_in_slot(slot.top, line.size.max(1.0), grid.pitch);
        let item = &flow_items[placed.item];
        emit_line(
            &mut items[slot.frame].1,
            &item.para,
            line,
            slot.x + item.inset.0,
            baseline,
        );
    }
    let jump_style = ctx.resolved.styles.get("jump");
    for (fi, r) in &flowed.jump_slots {
        let to = blocks
            .get(fi + 1)
            .and_then(|n| ctx.page_numbers.get(n.page))
            .copied()
            .unwrap_or(0);
        let baseline = grid.baseline_in_slot(r.y, jump_style.size, grid.pitch);
        text_at(
            &mut items[*fi].1,
            ctx.book,
            &format!("（下转第{to}版）"),
            jump_style,
            (r.x, baseline, r.w),
            Align::End,
        );
    }
    let mut result = ArticleLayout {
        items,
        report: ArticleReport::default(),
        problems: Diagnostics::new(),
        warnings: Diagnostics::new(),
    };
    result.problems.extend(head_problems);
    result.warnings.extend(head_warnings);
    report(ctx, article, &frames, &flow_items, &flowed, &mut result);
    jump_notes(article, jumps, &mut result);
    if ctx.show_overset && flowed.overset_lines > 0 {
        mark_overset(ctx, &frames, flowed.overset_lines, &mut result.items);
    }
    result
}

/// A headline group taller than its block, or wider than it even at the smallest size, would
/// be printed over the block below or beside it: a content problem (an error under --strict),
/// located at the block in the page plan.
fn headline_problem(
    article: &Article,
    placed: &Placed,
    head: &super::headline::SetHeadline,
    lines_available: f32,
) -> Option<Diagnostic> {
    let available = (lines_available + 0.01).floor().max(0.0) as u32;
    let title = article.front.title.as_deref().unwrap_or("");
    let what = if head.lines > available {
        format!(
            "the headline \"{title}\" needs {} lines but {} has {available}",
            head.lines,
            placed.describe()
        )
    } else if head.overflow {
        format!(
            "the headline \"{title}\" is wider than {} even at its smallest size",
            placed.describe()
        )
    } else {
        return None;
    };
    Some(
        Diagnostic::content(what)
            .at(placed.location.clone())
            .hint("make the block taller or wider, or shorten the headline (its style's min_size lets it shrink)"),
    )
}

/// Draw the block's tint, box and label; return the area left for the article.
fn decorate(ctx: &Ctx<'_>, placed: &Placed, rect: Rect, out: &mut Vec<Item>) -> Rect {
    let grid = ctx.grid;
    let rules = &ctx.resolved;
    let mut content = rect;
    if let Some(tint) = placed
        .block
        .tint
        .as_ref()
        .and_then(|t| ctx.resolved.swatches.get(t))
    {
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
        let style = ctx.resolved.styles.get("label");
        let fill = ctx.resolved.swatches.get("label").copied().unwrap_or(Cmyk {
            c: 0.0,
            m: 1.0,
            y: 1.0,
            k: 0.0,
        });
        let (strip, w) = label(ctx.book, content, text, style, fill);
        out.extend(strip);
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
    } else if placed.block.boxed {
        // The padding takes the remainder, on both sides.
        let columns = text_columns(grid, placed);
        let whole = whole_characters(content.w, columns, grid.gutter, grid.body_size);
        content.x += (content.w - whole) / 2.0;
        content.w = whole;
    }
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

/// Text columns of a block: as the plan says (破栏), else one per base column spanned.
fn text_columns(grid: &Grid, placed: &Placed) -> u32 {
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

fn first_headline(
    ctx: &Ctx<'_>,
    article: &Article,
    placed: &Placed,
    width: f32,
) -> super::headline::SetHeadline {
    let styles = &ctx.resolved.styles;
    let f = &article.front;
    let title_style = styles.get(placed.block.title_style.as_deref().unwrap_or("title"));
    let mut parts = Vec::new();
    if let Some(k) = &f.kicker {
        parts.push(Part {
            text: k,
            style: styles.get("kicker"),
            fit: false,
        });
    }
    if let Some(t) = &f.title {
        parts.push(Part {
            text: t,
            style: title_style,
            fit: true,
        });
    }
    if let Some(s) = &f.subtitle {
        parts.push(Part {
            text: s,
            style: styles.get("subtitle"),
            fit: false,
        });
    }
    if parts.is_empty() {
        return Default::default();
    }
    let align = f
        .options
        .headline_align
        .map(crate::resolve::styles::align_of);
    set_headline(ctx.book, &parts, width, ctx.grid.pitch, align)
}

fn jump_headline(
    ctx: &Ctx<'_>,
    article: &Article,
    width: f32,
    from: u32,
    other_page: bool,
) -> super::headline::SetHeadline {
    if !other_page {
        return Default::default();
    }
    let styles = &ctx.resolved.styles;
    let title = article
        .front
        .jump_title
        .as_deref()
        .or(article.front.title.as_deref())
        .unwrap_or("");
    let line = format!("（上接第{from}版）");
    let parts = [
        Part {
            text: title,
            style: styles.get("jump_title"),
            fit: true,
        },
        Part {
            text: &line,
            style: styles.get("jump"),
            fit: false,
        },
    ];
    set_headline(ctx.book, &parts, width, ctx.grid.pitch, Some(Align::Center))
}

/// The article body as flow items: dateline run in, byline run in or flush right.
fn body_items(ctx: &Ctx<'_>, article: &Article, last_measure: f32) -> Vec<FlowItem> {
    let r = ctx.resolved;
    let styles = &r.styles;
    let body = styles.get("body");
    let em = ctx.grid.body_size;
    let indent = article
        .front
        .options
        .indent
        .unwrap_or(r.indent)
        .clamp(0.0, 10.0)
        * em;
    let justify = ParagraphStyle {
        indent,
        align: Align::Justify,
        last_line: Align::Start,
        config: r.compose,
    };
    let verse_style = styles.get("verse");
    let verse = ParagraphStyle {
        indent: 0.0,
        align: verse_style.align,
        last_line: verse_style.align,
        config: r.compose,
    };
    let mut items = Vec::new();
    let mut first = true;
    let whole_verse = article.front.options.verse;
    for block in &article.body {
        match block {
            BodyBlock::Paragraph(p) if whole_verse => {
                push_verse(&mut items, std::slice::from_ref(p), verse_style, verse, em)
            }
            BodyBlock::Paragraph(p) => {
                let mut b = ParaBuilder::default();
                if first && let Some(d) = &article.front.dateline {
                    b.push(d, styles.get("dateline")).push("\u{3000}", body);
                }
                b.push_para(p, body, styles);
                items.push(FlowItem {
                    para: b.finish(),
                    style: justify,
                    kind: ItemKind::Body,
                    inset: (0.0, 0.0),
                    line: p.line,
                });
            }
            BodyBlock::Subhead(p) => {
                let s = styles.get("subhead");
                let ps = ParagraphStyle {
                    indent: 0.0,
                    align: s.align,
                    last_line: s.align,
                    config: r.compose,
                };
                let mut b = ParaBuilder::default();
                b.push_para(p, s, styles);
                items.push(FlowItem {
                    para: b.finish(),
                    style: ps,
                    kind: ItemKind::Subhead,
                    inset: (0.0, 0.0),
                    line: p.line,
                });
            }
            BodyBlock::Quote(paras) => {
                let q = styles.get("quote");
                for p in paras {
                    let mut b = ParaBuilder::default();
                    b.push_para(p, q, styles);
                    items.push(FlowItem {
                        para: b.finish(),
                        style: justify,
                        kind: ItemKind::Other,
                        inset: (2.0 * em, 0.0),
                        line: p.line,
                    });
                }
            }
            BodyBlock::Verse(lines) => push_verse(&mut items, lines, verse_style, verse, em),
        }
        first = false;
    }
    if let Some(byline) = &article.front.byline {
        add_byline(&mut items, byline, ctx, justify, last_measure);
    }
    items
}

fn push_verse(
    items: &mut Vec<FlowItem>,
    lines: &[Para],
    style: &TextStyle,
    ps: ParagraphStyle,
    em: f32,
) {
    for p in lines {
        if p.spans.iter().all(|s| s.text.trim().is_empty()) {
            items.push(FlowItem {
                para: Paragraph {
                    text: String::new(),
                    keep: Vec::new(),
                    runs: Vec::new(),
                },
                style: ps,
                kind: ItemKind::Blank,
                inset: (0.0, 0.0),
                line: p.line,
            });
            continue;
        }
        let mut b = ParaBuilder::default();
        for span in &p.spans {
            b.push(&span.text, style);
        }
        items.push(FlowItem {
            para: b.finish(),
            style: ps,
            kind: ItemKind::Other,
            inset: (2.0 * em, 0.0),
            line: p.line,
        });
    }
}

/// Add the byline: run in after the last sentence when it fits on the paragraph's last line
/// (the space inside it made unbreakable, so it never splits), else on a line of its own,
/// flush right. A run-in byline pushed to a line by itself would leave the line before it
/// justified with wide gaps.
fn add_byline(
    items: &mut Vec<FlowItem>,
    byline: &str,
    ctx: &Ctx<'_>,
    justify: ParagraphStyle,
    measure: f32,
) {
    let style = ctx.resolved.styles.get("byline");
    let (text, keep) = super::byline::bracketed(byline);
    if !ctx.resolved.byline_right
        && let Some(last) = items.last_mut().filter(|i| i.kind == ItemKind::Body)
    {
        let widths = LineWidths::uniform(measure);
        let set = compose::compose_paragraph(ctx.book, &last.para, &last.style, &widths);
        let tail = set.lines.last().map_or(0.0, |l| l.x + l.content_width);
        let needed = compose::natural_width(ctx.book, &plain(&text, style));
        if tail + needed <= measure - 0.01 {
            let mut b = ParaBuilder::default();
            for run in &last.para.runs {
                let part = last.para.text.get(run.range.clone()).unwrap_or("");
                let s = TextStyle {
                    fonts: run.fonts.clone(),
                    size: run.size,
                    color: run.color,
                    tracking: run.tracking,
                    ..style.clone()
                };
                b.push(part, &s);
            }
            b.push_kept(&text, style, &keep);
            let kept = std::mem::take(&mut last.para.keep);
            last.para = b.finish();
            last.para.keep.splice(0..0, kept);
            return;
        }
    }
    let ps = ParagraphStyle {
        indent: 0.0,
        align: Align::End,
        last_line: Align::End,
        ..justify
    };
    let mut b = ParaBuilder::default();
    b.push_kept(&text, style, &keep);
    items.push(FlowItem {
        para: b.finish(),
        style: ps,
        kind: ItemKind::Other,
        inset: (0.0, 0.0),
        line: 0,
    });
}

fn report(
    ctx: &Ctx<'_>,
    article: &Article,
    frames: &[Frame],
    items: &[FlowItem],
    flowed: &flow::Flowed,
    out: &mut ArticleLayout,
) {
    let available = flowed.capacity;
    let title = article.front.title.clone().unwrap_or_else(|| {
        items
            .first()
            .map(|i| i.para.text.chars().take(12).collect())
            .unwrap_or_default()
    });
    let last_columns = frames.last().map_or(1, |f| f.columns.max(1)) as usize;
    let underset = if flowed.overset_lines == 0 {
        available.saturating_sub(flowed.used) / last_columns
    } else {
        0
    };
    out.report = ArticleReport {
        file: article.path.clone(),
        title: title.clone(),
        frames: frames
            .iter()
            .map(|f| {
                (
                    ctx.page_numbers.get(f.page).copied().unwrap_or(0),
                    f.columns,
                )
            })
            .collect(),
        lines_available: available,
        lines_used: flowed.used,
        overset_lines: flowed.overset_lines,
        overset_chars: flowed.overset_chars,
        underset_lines: underset,
        composition: CompositionReport::from(&flowed.stats),
        jumps: Vec::new(),
    };
    let here = Location::file(&article.path);
    if flowed.overset_lines > 0 {
        out.problems.push(
            Diagnostic::content(format!(
                "\"{title}\" is overset: {} lines ({} characters) do not fit",
                flowed.overset_lines, flowed.overset_chars
            ))
            .at(here.clone())
            .hint("enlarge its block, add a continuation (`continues:`), or cut the text"),
        );
    }
    if underset >= 3 {
        out.warnings.push(
            Diagnostic::warning(format!(
                "\"{title}\" leaves {underset} empty lines at the foot of its block"
            ))
            .at(here.clone())
            .hint("make the block shorter or add text"),
        );
    }
    for (index, m) in &flowed.missing {
        let line = items.get(*index).map_or(0, |i| i.line);
        out.problems.push(
            Diagnostic::content(format!(
                "character “{}” (U+{:04X}) is in no font",
                m.ch,
                u32::from(m.ch)
            ))
            .at(Location {
                file: article.path.clone(),
                line: (line > 0).then_some(line),
                column: None,
            })
            .hint("add a font that has it to the style's family list, or replace the character"),
        );
    }
    for (index, text) in &flowed.overfull {
        let line = items.get(*index).map_or(0, |i| i.line);
        out.problems.push(
            Diagnostic::content(format!(
                "“{text}” is wider than its column and cannot be broken"
            ))
            .at(Location {
                file: article.path.clone(),
                line: (line > 0).then_some(line),
                column: None,
            })
            .hint("shorten it or allow a break (a space) inside it"),
        );
    }
}

/// The jump points into the report; a cut left inside a word is a warning.
fn jump_notes(article: &Article, jumps: Vec<JumpPoint>, out: &mut ArticleLayout) {
    for j in jumps.iter().filter(|j| j.cut == JumpCut::Inside) {
        out.warnings.push(
            Diagnostic::warning(format!(
                "the jump cuts a word: {} (no sentence or word end kept the frame full)",
                j.text
            ))
            .at(Location::file(&article.path))
            .hint("make the frame one line longer or shorter, or edit the copy near the jump"),
        );
    }
    out.report.jumps = jumps;
}

/// Mark overset text outside the type area: a magenta bar at the foot of the last frame's last
/// column, reaching into the bottom margin, with the count.
fn mark_overset(ctx: &Ctx<'_>, frames: &[Frame], lines: usize, items: &mut [(usize, Vec<Item>)]) {
    let Some(last) = frames.last() else { return };
    let Some((_, out)) = items.last_mut() else {
        return;
    };
    let magenta = Cmyk {
        c: 0.0,
        m: 1.0,
        y: 0.0,
        k: 0.0,
    };
    let x = last.rect.right() - 14.0;
    let y = ctx.grid.area.bottom() + 2.0;
    out.push(Item::Rect(RectItem {
        x,
        y: last.rect.bottom() - 4.0,
        width: 14.0,
        height: y - last.rect.bottom() + 16.0,
        fill: Some(magenta),
        stroke: None,
    }));
    let style = TextStyle {
        color: magenta,
        ..ctx.resolved.styles.get("footer").clone()
    };
    text_at(
        out,
        ctx.book,
        &format!("溢出{lines}行"),
        &style,
        (x - 60.0, y + 12.0, 58.0),
        Align::End,
    );
}
