//! A first, simple composer: one glyph per character, greedy breaking, the basic rule that
//! closing marks never start a line and opening marks never end one, and even justification.
//! The full CJK composer replaces this module.

use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::*;

const NOT_START: &str = "。．，、；：？！”’）》〉】〕〗」』］｝·%‰℃";
const NOT_END: &str = "“‘（《〈【〔〖「『［｛";

struct Item {
    font: FontId,
    size: f32,
    color: Cmyk,
    id: u16,
    advance: f32,
    text: Range<usize>,
    ch: char,
    tracking: f32,
}

pub(super) fn compose(
    book: &FontBook,
    paragraph: &Paragraph,
    style: &ParagraphStyle,
    widths: &LineWidths,
) -> ComposedParagraph {
    let mut out = ComposedParagraph::default();
    let items = shape(book, paragraph, &mut out.missing);
    let mut start = 0;
    let mut line_no = 0;
    while start < items.len() {
        let (x0, width) = widths.line(line_no);
        let indent = if line_no == 0 { style.indent } else { 0.0 };
        let avail = width - indent;
        let mut end = start;
        let mut used = 0.0;
        let mut forced = false;
        while end < items.len() {
            if items[end].ch == '\n' {
                forced = true;
                break;
            }
            let w = items[end].advance + items[end].tracking;
            if used + w > avail + 0.01 && end > start {
                break;
            }
            used += w;
            end += 1;
        }
        let mut brk = end;
        if end < items.len() && !forced {
            // Move the break back while the next line would start with a prohibited mark or
            // this line would end with one.
            while brk > start + 1
                && (NOT_START.contains(items[brk].ch) || NOT_END.contains(items[brk - 1].ch))
            {
                brk -= 1;
            }
            if brk == start + 1 && end > start + 1 {
                brk = end;
                out.stats.kinsoku_exceptions += 1;
            }
        }
        let last = brk >= items.len() || forced;
        let line = set_line(&items[start..brk], x0 + indent, avail, style, last);
        out.stats.max_stretch = out.stats.max_stretch.max(line.max_stretch);
        out.stats.total_stretch += line.max_stretch;
        out.lines.push(line);
        start = brk;
        if forced && start < items.len() && items[start].ch == '\n' {
            start += 1;
        }
        line_no += 1;
    }
    out.stats.lines = out.lines.len();
    out
}

fn shape(book: &FontBook, paragraph: &Paragraph, missing: &mut Vec<MissingChar>) -> Vec<Item> {
    let mut items = Vec::new();
    for run in &paragraph.runs {
        let text = &paragraph.text[run.range.clone()];
        for (i, ch) in text.char_indices() {
            let offset = run.range.start + i;
            let range = offset..offset + ch.len_utf8();
            if ch == '\n' {
                items.push(Item {
                    font: run.fonts[0],
                    size: run.size,
                    color: run.color,
                    id: 0,
                    advance: 0.0,
                    text: range,
                    ch,
                    tracking: 0.0,
                });
                continue;
            }
            let font = book.fallback(&run.fonts, ch).unwrap_or_else(|| {
                missing.push(MissingChar { ch, offset });
                run.fonts[0]
            });
            let face = book.face(font);
            let (id, advance) = face
                .font_ref()
                .map(|f| {
                    let gid = f.charmap().map(ch).unwrap_or_default();
                    let adv = f
                        .glyph_metrics(Size::new(run.size), LocationRef::default())
                        .advance_width(gid)
                        .unwrap_or(run.size);
                    (gid.to_u32() as u16, adv)
                })
                .unwrap_or((0, run.size));
            let tracking = run.tracking * run.size;
            items.push(Item {
                font,
                size: run.size,
                color: run.color,
                id,
                advance,
                text: range,
                ch,
                tracking,
            });
        }
    }
    items
}

fn set_line(items: &[Item], x: f32, width: f32, style: &ParagraphStyle, last: bool) -> Line {
    let natural: f32 = items.iter().map(|i| i.advance + i.tracking).sum();
    let align = if last { style.last_line } else { style.align };
    let gaps = items.len().saturating_sub(1).max(1) as f32;
    let extra = if align == Align::Justify && !last {
        ((width - natural) / gaps).max(0.0)
    } else {
        0.0
    };
    let shift = match align {
        Align::Center => ((width - natural) / 2.0).max(0.0),
        Align::End => (width - natural).max(0.0),
        _ => 0.0,
    };
    let mut pen = 0.0;
    let mut glyphs = Vec::with_capacity(items.len());
    let mut size: f32 = 0.0;
    for item in items {
        glyphs.push(LineGlyph {
            font: item.font,
            size: item.size,
            color: item.color,
            id: item.id,
            x: pen,
            y: 0.0,
            advance: item.advance + item.tracking + extra,
            text: item.text.clone(),
        });
        pen += item.advance + item.tracking + extra;
        size = size.max(item.size);
    }
    let text = match (items.first(), items.last()) {
        (Some(a), Some(b)) => a.text.start..b.text.end,
        _ => 0..0,
    };
    Line {
        x: x + shift,
        width,
        content_width: if extra > 0.0 { width } else { natural },
        glyphs,
        text,
        size,
        max_stretch: if size > 0.0 { extra / size } else { 0.0 },
    }
}
