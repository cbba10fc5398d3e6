//! The byline: run in after the last sentence, or on a line of its own, flush right.

use crate::compose::{self, Align, LineWidths, ParagraphStyle};
use crate::model::StyleName;
use crate::resolve::TextStyle;

use super::super::flow::{FlowItem, ItemKind};
use super::super::text::{ParaBuilder, plain};
use super::Ctx;

/// Add the byline: run in after the last sentence when it fits on the paragraph's last line,
/// else on a line of its own, flush right; either way each credit is kept on one line
/// (`credits.rs`), so a break falls only between credits. A run-in byline pushed to a line by itself would leave the line before it
/// justified with wide gaps.
pub(super) fn add_byline(
    items: &mut Vec<FlowItem>,
    byline: &str,
    ctx: &Ctx<'_>,
    justify: ParagraphStyle,
    measure: f32,
) {
    let style = ctx.resolved.styles.get(StyleName::Byline);
    let (text, keep) = super::super::credits::bracketed(byline);
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
