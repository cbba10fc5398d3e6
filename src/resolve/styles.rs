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
use crate::model::{Align, LayoutSpec, OneOrMany, Style};

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
}

/// The styles of a layout, by name.
#[derive(Debug, Clone, Default)]
pub struct Styles(BTreeMap<String, TextStyle>);

impl Styles {
    /// The style called `name`; every built-in name is always present.
    pub fn get(&self, name: &str) -> &TextStyle {
        self.0
            .get(name)
            .or_else(|| self.0.get("body"))
            .unwrap_or(&FALLBACK)
    }

    /// Whether a style of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

static FALLBACK: TextStyle = TextStyle {
    fonts: Vec::new(),
    size: 9.0,
    min_size: 9.0,
    leading: 13.0,
    align: Align::Justify,
    color: Cmyk::BLACK,
    tracking: 0.0,
};

/// (name, family, weight, size pt, align) of every built-in style.
const DEFAULTS: &[(&str, &str, u16, f32, Align)] = &[
    ("body", "Noto Serif SC", 400, 9.0, Align::Justify),
    ("strong", "Noto Sans SC", 700, 9.0, Align::Justify),
    ("emphasis", "LXGW WenKai", 400, 9.0, Align::Justify),
    ("dateline", "Noto Sans SC", 700, 9.0, Align::Justify),
    ("byline", "LXGW WenKai", 400, 9.0, Align::End),
    ("kicker", "LXGW WenKai", 400, 14.0, Align::Center),
    ("title", "Noto Sans SC", 900, 22.0, Align::Center),
    ("title_lead", "Noto Sans SC", 900, 30.0, Align::Center),
    ("subtitle", "Noto Serif SC", 700, 12.0, Align::Center),
    ("jump_title", "Noto Sans SC", 700, 14.0, Align::Center),
    ("jump", "LXGW WenKai", 400, 9.0, Align::End),
    ("subhead", "Noto Sans SC", 700, 9.0, Align::Center),
    ("quote", "LXGW WenKai", 400, 9.0, Align::Justify),
    ("verse", "LXGW WenKai", 400, 10.5, Align::Start),
    ("caption", "LXGW WenKai", 400, 8.0, Align::Justify),
    ("running_head", "Noto Serif SC", 400, 8.0, Align::Start),
    ("running_section", "Noto Sans SC", 900, 16.0, Align::Start),
    ("masthead_title", "Noto Serif SC", 700, 64.0, Align::Center),
    ("masthead_latin", "Noto Sans SC", 700, 11.0, Align::Center),
    ("masthead_info", "Noto Serif SC", 400, 8.0, Align::Start),
    ("banner", "Noto Sans SC", 900, 24.0, Align::Center),
    ("banner_sub", "Noto Serif SC", 700, 12.0, Align::Center),
    ("label", "Noto Sans SC", 900, 14.0, Align::Center),
    ("footer", "Noto Serif SC", 400, 7.5, Align::Start),
];

/// The style names paiban knows (for did-you-mean on a misspelt name).
pub fn style_names() -> Vec<&'static str> {
    DEFAULTS.iter().map(|d| d.0).collect()
}

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
    let known = style_names();
    for name in layout.styles.keys() {
        if !known.contains(&name.as_str()) {
            let mut d = Diagnostic::input(format!("unknown style \"{name}\"")).in_file(layout_path);
            if let Some(near) = crate::diag::did_you_mean(name, &known) {
                d = d.hint(format!("did you mean \"{near}\"?"));
            }
            errors.push(d.hint(format!("the styles are: {}", known.join(", "))));
        }
    }
    let mut out = BTreeMap::new();
    for &(name, family, weight, size, align) in DEFAULTS {
        let builtin = Style {
            family: OneOrMany::One(family.into()),
            weight: Some(weight),
            size: crate::units::Size(size),
            min_size: None,
            leading: None,
            align: None,
            color: None,
            tracking: None,
        };
        let spec = layout.styles.get(name).unwrap_or(&builtin);
        match resolve_one(name, spec, align, swatches, book, &last_resort) {
            Ok(style) => {
                out.insert(name.to_string(), style);
            }
            Err(e) => errors.push(e.in_file(layout_path)),
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(Styles(out))
    }
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
