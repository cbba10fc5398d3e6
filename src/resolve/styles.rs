//! Named text styles → concrete fonts, sizes and colours.
//!
//! Every style a page needs has a built-in default (a plain 四开 county paper); a layout file's
//! `styles:` entries override them key by key. Each style's family list is followed by the
//! body, 黑 and 楷 faces as a last-resort fallback, so a rare character in a headline still finds
//! a glyph before it is reported as missing.

use std::collections::BTreeMap;
use std::path::Path;

use crate::color::Cmyk;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fonts::{FontBook, FontId};
use crate::model::{Align, LayoutSpec, OneOrMany, Style, StyleName};

/// A style ready to set text with.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// Fonts in fallback order.
    pub fonts: Vec<FontId>,
    /// Size in points.
    pub size: f32,
    /// Smallest size a headline may step down to.
    pub min_size: f32,
    /// Line pitch in points for multi-line text in this style.
    pub leading: f32,
    /// Alignment.
    pub align: Align,
    /// Colour.
    pub color: Cmyk,
    /// Extra space after each character, in em.
    pub tracking: f32,
    /// Width of a space between two phrases of a headline or banner, in em.
    pub phrase_space: f32,
    /// A 主题 that grows to fill its lines (`fill:`), or `None` for one that only steps down.
    pub fill: Option<TitleFill>,
}

/// A filling 主题: the largest size tried and the lines it may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TitleFill {
    /// Largest size in points (at least the style's `size`).
    pub max_size: f32,
    /// Lines the 主题 may take at that size and below.
    pub lines: usize,
}

/// The styles of a layout: one for every [`StyleName`], indexed by it.
#[derive(Debug, Clone)]
pub struct Styles(Vec<TextStyle>);

impl Styles {
    /// The style called `name` (always there: every style has a built-in default).
    pub fn get(&self, name: StyleName) -> &TextStyle {
        &self.0[name as usize] // ok: resolve_styles fills one per StyleName::ALL
    }
}

/// (name, family, weight, size pt, align) of every built-in style.
#[rustfmt::skip] // a table: one style a row reads best
const DEFAULTS: [(StyleName, &str, u16, f32, Align); 24] = {
    use {Align as A, StyleName as S};
    [
        (S::Body,           "Noto Serif SC", 400, 9.0,  A::Justify),
        (S::Strong,         "Noto Sans SC",  700, 9.0,  A::Justify),
        (S::Emphasis,       "LXGW WenKai",   400, 9.0,  A::Justify),
        (S::Dateline,       "Noto Sans SC",  700, 9.0,  A::Justify),
        (S::Byline,         "LXGW WenKai",   400, 9.0,  A::End),
        (S::Kicker,         "LXGW WenKai",   400, 14.0, A::Center),
        (S::Title,          "Noto Sans SC",  900, 22.0, A::Center),
        (S::TitleLead,      "Noto Sans SC",  900, 30.0, A::Center),
        (S::Subtitle,       "Noto Serif SC", 700, 12.0, A::Center),
        (S::JumpTitle,      "Noto Sans SC",  700, 14.0, A::Center),
        (S::Jump,           "LXGW WenKai",   400, 9.0,  A::End),
        (S::Subhead,        "Noto Sans SC",  700, 9.0,  A::Center),
        (S::Quote,          "LXGW WenKai",   400, 9.0,  A::Justify),
        (S::Verse,          "LXGW WenKai",   400, 10.5, A::Start),
        (S::Caption,        "LXGW WenKai",   400, 8.0,  A::Justify),
        (S::RunningHead,    "Noto Serif SC", 400, 8.0,  A::Start),
        (S::RunningSection, "Noto Sans SC",  900, 16.0, A::Start),
        (S::MastheadTitle,  "Noto Serif SC", 700, 64.0, A::Center),
        (S::MastheadLatin,  "Noto Sans SC",  700, 11.0, A::Center),
        (S::MastheadInfo,   "Noto Serif SC", 400, 8.0,  A::Start),
        (S::Banner,         "Noto Sans SC",  900, 24.0, A::Center),
        (S::BannerSub,      "Noto Serif SC", 700, 12.0, A::Center),
        (S::Label,          "Noto Sans SC",  900, 14.0, A::Center),
        (S::Footer,         "Noto Serif SC", 400, 7.5,  A::Start),
    ]
};

/// The families tried after a style's own, for characters its fonts lack.
const LAST_RESORT: &[(&str, u16)] = &[
    ("Noto Serif SC", 400),
    ("Noto Sans SC", 700),
    ("LXGW WenKai", 400),
];

/// Resolve the built-in styles overlaid with the layout's.
pub fn resolve_styles(
    layout: &LayoutSpec,
    layout_path: &Path,
    swatches: &BTreeMap<String, Cmyk>,
    book: &mut FontBook,
) -> Result<Styles, Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut last_resort = Vec::new();
    for (family, weight) in LAST_RESORT {
        if let Ok(id) = book.resolve(family, *weight) {
            last_resort.push(id);
        }
    }
    let mut out = Vec::with_capacity(DEFAULTS.len());
    for (name, family, weight, size, align) in DEFAULTS {
        let builtin = Style {
            family: OneOrMany::One(family.into()),
            weight: Some(weight),
            size: crate::units::Size(size),
            min_size: None,
            leading: None,
            align: None,
            color: None,
            tracking: None,
            phrase_space: None,
            fill: None,
        };
        let spec = layout.styles.get(&name).unwrap_or(&builtin);
        match resolve_one(name.as_str(), spec, align, swatches, book, &last_resort).and_then(
            |style| {
                Ok(TextStyle {
                    fill: resolve_fill(name.as_str(), spec, layout_path)?,
                    ..style
                })
            },
        ) {
            Ok(style) => out.push(style),
            Err(e) if e.location.is_some() => errors.push(e),
            Err(e) => errors.push(e.in_file(layout_path)),
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(Styles(out))
    }
}

/// A style's `fill:`, checked against its `size` (a `max_size` below it would never grow).
fn resolve_fill(
    name: &str,
    spec: &Style,
    layout_path: &Path,
) -> Result<Option<TitleFill>, Diagnostic> {
    let Some(fill) = &spec.fill else {
        return Ok(None);
    };
    let max_size = fill.value.max_size.0;
    let problem = if !(max_size.is_finite() && max_size <= 400.0) {
        format!("fill max_size {max_size}pt is over 400pt")
    } else if max_size < spec.size.0 {
        format!(
            "fill max_size {max_size}pt is below its size {}pt",
            spec.size.0
        )
    } else {
        String::new()
    };
    if !problem.is_empty() {
        return Err(Diagnostic::input(format!("style \"{name}\": {problem}"))
        .at(crate::model::yaml::location(layout_path, &fill.referenced))
        .hint("max_size is the largest the headline grows to: give a size at least as large as `size`, or leave `fill` out"));
    }
    Ok(Some(TitleFill {
        max_size,
        lines: usize::from(fill.value.lines.get()),
    }))
}

fn resolve_one(
    name: &str,
    spec: &Style,
    default_align: Align,
    swatches: &BTreeMap<String, Cmyk>,
    book: &mut FontBook,
    last_resort: &[FontId],
) -> Result<TextStyle, Diagnostic> {
    let size = spec.size.0;
    if !(size.is_finite() && (2.0..=400.0).contains(&size)) {
        return Err(
            Diagnostic::input(format!("style \"{name}\": size {size}pt is out of range"))
                .hint("type sizes go from 2pt to 400pt; 小五 (9pt) is the usual body size"),
        );
    }
    let weight = spec.weight.unwrap_or(400);
    let mut fonts = Vec::new();
    for family in spec.family.names() {
        let id = book.resolve(family, weight).map_err(|mut e| {
            e.message = format!("style \"{name}\": {}", e.message);
            e
        })?;
        fonts.push(id);
    }
    for id in last_resort {
        if !fonts.contains(id) {
            fonts.push(*id);
        }
    }
    let min_size = spec.min_size.map_or(size, |s| s.0.clamp(2.0, size));
    let color = match &spec.color {
        None => Cmyk::BLACK,
        Some(c) => *swatches.get(c).ok_or_else(|| {
            Diagnostic::input(format!("style \"{name}\": unknown colour \"{c}\""))
                .hint("define it under `swatches:` as [c, m, y, k] in percent")
        })?,
    };
    Ok(TextStyle {
        fonts,
        size,
        min_size,
        leading: spec.leading.map_or(size * 1.3, |l| l.0.max(size)),
        align: spec.align.unwrap_or(default_align),
        color,
        tracking: spec.tracking.unwrap_or(0.0).clamp(-0.5, 2.0),
        phrase_space: spec.phrase_space.unwrap_or(1.0).clamp(0.0, 4.0),
        fill: None,
    })
}

/// Swatches in percent → CMYK 0..1, checking each component.
pub fn resolve_swatches(
    layout: &LayoutSpec,
    layout_path: &Path,
) -> Result<BTreeMap<String, Cmyk>, Diagnostics> {
    let mut out = BTreeMap::new();
    let mut errors = Diagnostics::new();
    out.insert("black".to_string(), Cmyk::BLACK);
    out.insert("white".to_string(), Cmyk::WHITE);
    out.insert(
        "red".to_string(),
        Cmyk {
            c: 0.0,
            m: 1.0,
            y: 1.0,
            k: 0.0,
        },
    );
    for (name, [c, m, y, k]) in &layout.swatches {
        if [c, m, y, k].iter().any(|v| !(0.0..=100.0).contains(*v)) {
            errors.push(
                Diagnostic::input(format!(
                    "swatch \"{name}\": each of C, M, Y, K must be 0–100"
                ))
                .at(Location::file(layout_path)),
            );
            continue;
        }
        out.insert(
            name.clone(),
            Cmyk {
                c: c / 100.0,
                m: m / 100.0,
                y: y / 100.0,
                k: k / 100.0,
            },
        );
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_in_table_order() {
        for (i, d) in DEFAULTS.iter().enumerate() {
            assert_eq!(d.0, StyleName::ALL[i]);
        }
    }
}
