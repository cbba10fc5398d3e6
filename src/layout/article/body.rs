//! The article body as flow items: paragraphs (the 讯头 run in before the first), subheads,
//! quotes, verse, and the byline last.

use crate::compose::{Align, Paragraph, ParagraphStyle};
use crate::model::{Article, BodyBlock, Para, ParaAlign, StyleName};
use crate::resolve::TextStyle;

use super::super::flow::{FlowItem, ItemKind};
use super::super::text::ParaBuilder;
use super::Ctx;
use super::byline::add_byline;

/// The article body as flow items: dateline run in, byline run in or flush right.
pub(super) fn body_items(ctx: &Ctx<'_>, article: &Article, last_measure: f32) -> Vec<FlowItem> {
    let r = ctx.resolved;
    let styles = &r.styles;
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
    let verse_style = styles.get(StyleName::Verse);
    let verse = ParagraphStyle {
        indent: 0.0,
        align: verse_style.align,
        last_line: verse_style.align,
        config: r.compose,
    };
    let mut items = Vec::new();
    let whole_verse = article.front.options.verse;
    for (i, block) in article.body.iter().enumerate() {
        match block {
            BodyBlock::Paragraph(p) if whole_verse => {
                push_verse(&mut items, std::slice::from_ref(p), verse_style, verse, em)
            }
            BodyBlock::Paragraph(p) => {
                // The 讯头 runs in before the first paragraph.
                let dateline = article.front.dateline.as_deref().filter(|_| i == 0);
                items.push(paragraph(ctx, p, dateline, justify));
            }
            BodyBlock::Subhead(p) => items.push(subhead(ctx, p)),
            BodyBlock::Quote(paras) => {
                let q = styles.get(StyleName::Quote);
                for p in paras {
                    let mut b = ParaBuilder::default();
                    b.push_para(p, q, styles);
                    items.push(FlowItem {
                        para: b.finish(),
                        style: aligned(justify, p.align),
                        kind: ItemKind::Other,
                        inset: (2.0 * em, 0.0),
                        line: p.line,
                    });
                }
            }
            BodyBlock::Verse(lines) => push_verse(&mut items, lines, verse_style, verse, em),
        }
    }
    if let Some(byline) = &article.front.byline {
        add_byline(&mut items, byline, ctx, justify, last_measure);
    }
    items
}

/// A body paragraph, justified, with the 讯头 `dateline` run in before it.
fn paragraph(ctx: &Ctx<'_>, p: &Para, dateline: Option<&str>, justify: ParagraphStyle) -> FlowItem {
    let styles = &ctx.resolved.styles;
    let body = styles.get(StyleName::Body);
    let mut b = ParaBuilder::default();
    if let Some(d) = dateline {
        b.push(d, styles.get(StyleName::Dateline))
            .push("\u{3000}", body);
    }
    b.push_para(p, body, styles);
    FlowItem {
        para: b.finish(),
        style: aligned(justify, p.align),
        kind: kind_of(p.align),
        inset: (0.0, 0.0),
        line: p.line,
    }
}

/// A `##` subhead in its style's alignment.
fn subhead(ctx: &Ctx<'_>, p: &Para) -> FlowItem {
    let styles = &ctx.resolved.styles;
    let s = styles.get(StyleName::Subhead);
    let ps = ParagraphStyle {
        indent: 0.0,
        align: s.align,
        last_line: s.align,
        config: ctx.resolved.compose,
    };
    let mut b = ParaBuilder::default();
    b.push_para(p, s, styles);
    FlowItem {
        para: b.finish(),
        style: ps,
        kind: ItemKind::Subhead,
        inset: (0.0, 0.0),
        line: p.line,
    }
}

/// A paragraph's style under the letter markup: a salutation loses the first-line indent, a
/// signature or date sets every line flush right.
fn aligned(style: ParagraphStyle, align: ParaAlign) -> ParagraphStyle {
    match align {
        ParaAlign::Indented => style,
        ParaAlign::Flush => ParagraphStyle {
            indent: 0.0,
            ..style
        },
        ParaAlign::Right => ParagraphStyle {
            indent: 0.0,
            align: Align::End,
            last_line: Align::End,
            ..style
        },
    }
}

/// Signature and date lines are not body text: widow control leaves them alone.
fn kind_of(align: ParaAlign) -> ItemKind {
    match align {
        ParaAlign::Right => ItemKind::Other,
        _ => ItemKind::Body,
    }
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
