//! The headings of an article's frames: the headline group (引题, 主题, 副题) over the first,
//! the 续题 with （上接第N版） over a continuation on another page, and the problem of a group
//! that does not fit its block.

use crate::compose::Align;
use crate::diag::Diagnostic;
use crate::model::{Article, StyleName};

use super::super::headline::{Part, SetHeadline, set_headline};
use super::super::place::Placed;
use super::Ctx;

/// The headline group of an article's first block; `tight` sets it with the least leading
/// (copyfit's last step).
pub(crate) fn first_headline(
    ctx: &Ctx<'_>,
    article: &Article,
    placed: &Placed,
    width: f32,
    tight: bool,
) -> SetHeadline {
    let styles = &ctx.resolved.styles;
    let f = &article.front;
    let title_style = styles.get(placed.block.title_style.unwrap_or(StyleName::Title));
    let mut parts = Vec::new();
    if let Some(k) = &f.kicker {
        parts.push(Part {
            text: k,
            style: styles.get(StyleName::Kicker),
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
            style: styles.get(StyleName::Subtitle),
            fit: false,
        });
    }
    if parts.is_empty() {
        return Default::default();
    }
    let align = f.options.headline_align;
    set_headline(ctx.book, &parts, width, ctx.grid.pitch, align, tight)
}

pub(super) fn jump_headline(
    ctx: &Ctx<'_>,
    article: &Article,
    width: f32,
    from: u32,
    other_page: bool,
) -> SetHeadline {
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
            style: styles.get(StyleName::JumpTitle),
            fit: true,
        },
        Part {
            text: &line,
            style: styles.get(StyleName::Jump),
            fit: false,
        },
    ];
    set_headline(
        ctx.book,
        &parts,
        width,
        ctx.grid.pitch,
        Some(Align::Center),
        false,
    )
}

/// A headline group taller than its block, or wider than it even at the smallest size, would
/// be printed over the block below or beside it: a content problem (an error under --strict),
/// located at the block in the page plan.
pub(super) fn headline_problem(
    article: &Article,
    placed: &Placed,
    head: &SetHeadline,
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
