//! The layout file (`layouts/*.yaml`): page geometry, grid, styles, composition and print
//! settings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::super::fit::CopyfitSpec;
use super::super::settings::{Align, Breaker, Byline, Kinsoku, PdfStandard, PunctStyle, StyleName};
use crate::units::Size;

/// A layout file (`layouts/*.yaml`): page geometry, grid and styles.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutSpec {
    /// Name, e.g. 四开六栏.
    pub name: String,
    /// Trimmed page [width, height] in millimetres.
    pub trim: [f32; 2],
    /// Margins around the 版心.
    pub margins: Margins,
    /// Number of base columns (基本栏).
    pub columns: u32,
    /// How column widths are found: `absolute` (whole body characters, 方正's 绝对), `relative`
    /// (the 版心 split evenly) or `free` (widths listed in `column_widths`).
    #[serde(default)]
    pub column_mode: ColumnMode,
    /// Column width in body characters (absolute mode); computed from the 版心 when absent.
    #[serde(default)]
    pub column_chars: Option<u32>,
    /// Column widths in millimetres (free mode).
    #[serde(default)]
    pub column_widths: Option<Vec<f32>>,
    /// Gutter between columns (栏距): a size (`4mm`) or a number of body characters when
    /// `gutter_chars` is given.
    #[serde(default)]
    pub gutter: Option<Size>,
    /// Gutter in body characters (absolute mode).
    #[serde(default)]
    pub gutter_chars: Option<f32>,
    /// Body text size and line pitch: the vertical grid.
    pub body: BodyGrid,
    /// Named styles: body, kicker, title, subtitle, dateline, byline, caption, running_head …
    pub styles: BTreeMap<StyleName, Style>,
    /// Named CMYK colours, each [c, m, y, k] in percent.
    #[serde(default)]
    pub swatches: BTreeMap<String, [f32; 4]>,
    /// Composition settings for body text.
    #[serde(default)]
    pub composition: Composition,
    /// Print settings (PDF/X).
    #[serde(default)]
    pub print: Print,
    /// Rules (栏线) and boxes.
    #[serde(default)]
    pub rules: Rules,
    /// Copyfitting (紧排/松排): off by default; `true`, or limits.
    #[serde(default)]
    pub copyfit: Option<CopyfitSpec>,
}

/// Margins around the type area, in millimetres.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Top margin.
    pub top: f32,
    /// Bottom margin.
    pub bottom: f32,
    /// Left margin.
    pub left: f32,
    /// Right margin.
    pub right: f32,
}

/// How the width of a base column is found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnMode {
    /// Whole body characters (方正 绝对).
    #[default]
    Absolute,
    /// The 版心 split evenly (方正 相对).
    Relative,
    /// Widths given one by one (方正 自由).
    Free,
}

/// The body grid.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyGrid {
    /// Body type size, e.g. 小五.
    pub size: Size,
    /// Line pitch (baseline to baseline), e.g. 13pt.
    pub pitch: Size,
}

/// A named text style.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Font family, or a list tried in order for characters the first lacks.
    pub family: OneOrMany,
    /// Weight: 400 regular, 700 bold, 900 black.
    #[serde(default)]
    pub weight: Option<u16>,
    /// Type size in points or a 号 name.
    pub size: Size,
    /// Smallest size a headline may step down to when it does not fit.
    #[serde(default)]
    pub min_size: Option<Size>,
    /// Line pitch for multi-line headlines and captions; body lines use the grid pitch.
    #[serde(default)]
    pub leading: Option<Size>,
    /// Alignment: justify, start, center, end.
    #[serde(default)]
    pub align: Option<Align>,
    /// Colour: a swatch name (default 100% K).
    #[serde(default)]
    pub color: Option<String>,
    /// Extra space between characters, in em (字距), for display type.
    #[serde(default)]
    pub tracking: Option<f32>,
    /// Headlines and banners: the width of a space between two phrases (强化使命担当 打造…), in
    /// em; default 1.
    #[serde(default)]
    pub phrase_space: Option<f32>,
    /// A 主题 style: grow the headline to fill its lines (`fill: { max_size: 一号, lines: 2 }`).
    #[serde(default)]
    pub fill: Option<Spanned<Fill>>,
}

/// How a 主题 fills its headline area: the largest size, from `max_size` down in 1pt steps to
/// the style's `size`, at which it takes no more than `lines` lines, broken between words.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fill {
    /// The largest size the headline may grow to.
    pub max_size: Size,
    /// The lines the 主题 is given (1 to 4; default 1).
    #[serde(default)]
    pub lines: FillLines,
}

bounded_setting! {
    /// The number of lines a filling 主题 is given: 1 to 4.
    FillLines(u8) from i64, 1..=4, default 1,
    |n| format!("fill lines must be 1 to 4, not {n} (a 主题 of more lines is a story, not a headline)")
}

/// A family name or a fallback list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One family.
    One(String),
    /// Families in fallback order.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The names in order.
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Composition settings (see docs/composition.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Composition {
    /// Line-start/line-end prohibition strictness: none, basic, gb, strict.
    pub kinsoku: Kinsoku,
    /// Punctuation widths: kaiming (开明式), quanjiao (全角式), hangmobanjiao (行末半角式),
    /// banjiao (半角式).
    pub punctuation: PunctStyle,
    /// Line breaking: total-fit (whole paragraph) or greedy (first fit).
    pub breaker: Breaker,
    /// First-line indent in characters.
    pub indent: f32,
    /// Byline placement: runin (after the last sentence) or right (own line, flush right).
    pub byline: Byline,
    /// Hang 、，。 past the measure at line end.
    pub hanging: bool,
    /// Add ¼ em between hanzi and Latin letters or digits.
    pub cjk_latin_spacing: bool,
    /// A paragraph's last line of this many characters or fewer (punctuation not counted)
    /// never heads a column (widow control): the line before it goes across with it. 0 turns
    /// it off.
    pub widow_chars: u32,
    /// Widow control by length: a paragraph's last line that fills less than this share of the
    /// measure never heads a column either (1: any last line that leaves space at its end;
    /// 0: only `widow_chars` counts).
    pub widow_share: f32,
}

impl Default for Composition {
    fn default() -> Self {
        Composition {
            kinsoku: Kinsoku::Gb,
            punctuation: PunctStyle::Kaiming,
            breaker: Breaker::TotalFit,
            indent: 2.0,
            byline: Byline::Runin,
            hanging: false,
            cjk_latin_spacing: true,
            widow_chars: 4,
            widow_share: 1.0,
        }
    }
}

/// Print settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Print {
    /// PDF/X flavour: x1a (PDF/X-1a:2003) or x4 (PDF/X-4).
    pub standard: PdfStandard,
    /// Output condition identifier, e.g. IFRA26 (ISO 12647-3 newsprint).
    pub output_condition: String,
    /// A CMYK ICC profile to embed as the destination output profile.
    pub icc_profile: Option<PathBuf>,
    /// Bleed in millimetres (newsprint usually 0).
    pub bleed: f32,
    /// Total ink limit for fills, in percent.
    pub ink_limit: f32,
    /// How RGB pictures are mapped into the output profile's gamut.
    pub rendering_intent: RenderingIntent,
    /// Map the picture's black onto the press's black (littlecms black point compensation).
    pub black_point_compensation: bool,
    /// JPEG quality of RGB photos converted to CMYK.
    pub jpeg_quality: JpegQuality,
    /// Effective resolution in pixels per inch under which a picture gets a warning.
    pub min_ppi: f32,
}

impl Default for Print {
    fn default() -> Self {
        Print {
            standard: PdfStandard::X1a,
            output_condition: "IFRA26".into(),
            icc_profile: None,
            bleed: 0.0,
            ink_limit: 240.0,
            rendering_intent: RenderingIntent::default(),
            black_point_compensation: true,
            jpeg_quality: JpegQuality::default(),
            min_ppi: 200.0,
        }
    }
}

/// An ICC rendering intent, for RGB pictures converted to the output profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RenderingIntent {
    /// Compress the whole source gamut into the press's: right for photos.
    #[default]
    Perceptual,
    /// Keep in-gamut colours exact, clip the rest, paper white mapped to paper white.
    Relative,
    /// Keep colours vivid: charts and flat graphics.
    Saturation,
    /// Like relative, but simulating the source's white too (proofing).
    Absolute,
}

bounded_setting! {
    /// A JPEG quality, 1 to 100 (85 by default: no visible loss on newsprint's 100 lpi screen).
    JpegQuality(u8) from u32, 1..=100, default 85,
    |v| format!("jpeg_quality {v} is out of range: use 1 to 100 (85 is a good newsprint value)")
}

/// Rule and box settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Thin rule (正线) between blocks, in points.
    pub thin: f32,
    /// Heavy rule (反线) under the masthead and running head, in points.
    pub heavy: f32,
    /// Box frame (花边框) line width, in points.
    pub frame: f32,
    /// Padding inside a box, in millimetres.
    pub box_padding: f32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            thin: 0.5,
            heavy: 1.5,
            frame: 0.75,
            box_padding: 2.5,
        }
    }
}
