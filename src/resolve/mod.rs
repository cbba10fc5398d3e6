//! Stage 2, resolve: names → things.
//!
//! Input: the model ([`crate::model::Input`]) and a [`FontBook`]. Output: [`Resolved`],
//! the styles with concrete fonts and colours, the composition settings, the print settings, and
//! the masthead fields computed from the date (weekday, 农历, 总第N期, 今日N版).

pub mod masthead;
pub mod styles;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::color::Cmyk;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fonts::FontBook;
use crate::model::{Breaker, Byline, Input, Kinsoku, PdfStandard, PunctStyle};
pub use masthead::Date;
pub use styles::{Styles, TextStyle, TitleFill};

/// Composition settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComposeConfig {
    /// Prohibition strictness.
    pub kinsoku: Kinsoku,
    /// Punctuation widths.
    pub punctuation: PunctStyle,
    /// Line-breaking strategy.
    pub breaker: Breaker,
    /// ¼ em between hanzi and Latin letters or digits.
    pub cjk_latin_spacing: bool,
    /// Hang 、，。 at line end.
    pub hanging: bool,
    /// Width of a space between two CJK phrases, in em, fixed (headlines: 强化使命担当 打造…);
    /// `None` sets such a space as an ordinary word space. Spaces beside Latin letters or digits
    /// stay word spaces either way.
    pub phrase_space: Option<f32>,
}

impl Default for ComposeConfig {
    fn default() -> Self {
        ComposeConfig {
            kinsoku: Kinsoku::Gb,
            punctuation: PunctStyle::Kaiming,
            breaker: Breaker::TotalFit,
            cjk_latin_spacing: true,
            hanging: false,
            phrase_space: None,
        }
    }
}

/// Everything resolved for an edition.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Masthead and running-head fields.
    pub info: EditionInfo,
    /// Text styles.
    pub styles: Styles,
    /// Named colours.
    pub swatches: BTreeMap<String, Cmyk>,
    /// Body composition settings.
    pub compose: ComposeConfig,
    /// First-line indent, in characters.
    pub indent: f32,
    /// Bylines on their own line, flush right (else run in after the last sentence).
    pub byline_right: bool,
    /// Widow control: a paragraph's last line of this many characters or fewer never heads a
    /// column.
    pub widow_chars: usize,
    /// Widow control by length: a last line filling less than this share of the measure
    /// (0 to 1) never heads a column.
    pub widow_share: f32,
    /// Print settings.
    pub print: PrintSettings,
    /// Rule widths and box padding.
    pub rules: crate::model::Rules,
}

/// The fields of the masthead and running heads.
#[derive(Debug, Clone, serde::Serialize)]
pub struct EditionInfo {
    /// Paper name.
    pub paper: String,
    /// Latin name.
    pub paper_latin: Option<String>,
    /// Short code for file names.
    pub code: String,
    /// Publication date.
    pub date: Date,
    /// 总第N期.
    pub issue_total: u32,
    /// 今日N版: the number of pages in the edition (not in a --pages selection).
    pub page_count: u32,
    /// Website.
    pub website: Option<String>,
    /// Submission e-mail.
    pub email: Option<String>,
    /// Other masthead lines.
    pub lines: Vec<String>,
    /// Logo picture, resolved against the edition file.
    pub logo: Option<PathBuf>,
}

/// Print settings with units resolved.
#[derive(Debug, Clone)]
pub struct PrintSettings {
    /// PDF/X-4 instead of PDF/X-1a.
    pub x4: bool,
    /// Output condition identifier.
    pub output_condition: String,
    /// ICC profile path.
    pub icc_profile: Option<PathBuf>,
    /// Bleed in points.
    pub bleed: f32,
    /// Total ink limit in percent.
    pub ink_limit: f32,
    /// Rendering intent for RGB pictures.
    pub rendering_intent: crate::model::RenderingIntent,
    /// Black point compensation for RGB pictures.
    pub black_point_compensation: bool,
    /// JPEG quality of converted photos.
    pub jpeg_quality: crate::model::JpegQuality,
    /// Minimum effective resolution of pictures, ppi.
    pub min_ppi: f32,
}

/// Resolve styles, fonts, settings and masthead fields.
pub fn resolve(input: &Input, book: &mut FontBook) -> Result<Resolved, Diagnostics> {
    let mut errors = Diagnostics::new();
    let edition = &input.edition;
    let layout = &input.layout;
    let date = Date::parse(&edition.date).map_err(|m| {
        Diagnostic::input(m)
            .at(Location::file(&input.edition_path))
            .hint("write the date as date: 2022-08-16")
    });
    let swatches = styles::resolve_swatches(layout, &input.layout_path);
    let (date, swatches) = match (date, swatches) {
        (Ok(d), Ok(s)) => (d, s),
        (d, s) => {
            if let Err(e) = d {
                errors.push(e);
            }
            if let Err(e) = s {
                errors.extend(e);
            }
            return Err(errors);
        }
    };
    let styles = styles::resolve_styles(layout, &input.layout_path, &swatches, book)?;
    let c = &layout.composition;
    Ok(Resolved {
        info: edition_info(input, date),
        styles,
        swatches,
        compose: ComposeConfig {
            kinsoku: c.kinsoku,
            punctuation: c.punctuation,
            breaker: c.breaker,
            cjk_latin_spacing: c.cjk_latin_spacing,
            hanging: c.hanging,
            phrase_space: None,
        },
        indent: c.indent.clamp(0.0, 10.0),
        byline_right: c.byline == Byline::Right,
        widow_chars: c.widow_chars as usize,
        widow_share: c.widow_share.clamp(0.0, 1.0),
        print: print_settings(input),
        rules: layout.rules.clone(),
    })
}

/// The masthead fields: the paper's names and code, the date, the issue and page count, the
/// contact lines and the logo.
fn edition_info(input: &Input, date: Date) -> EditionInfo {
    let edition = &input.edition;
    let base = crate::model::parent(&input.edition_path);
    EditionInfo {
        paper: edition.paper.clone(),
        paper_latin: edition.paper_latin.clone(),
        code: edition
            .code
            .as_ref()
            .map_or_else(|| "PAPER".into(), |c| c.0.clone()),
        date,
        issue_total: edition.issue_total,
        page_count: input.pages.len() as u32,
        website: edition.masthead.website.clone(),
        email: edition.masthead.email.clone(),
        lines: edition.masthead.lines.clone(),
        logo: edition
            .masthead
            .logo
            .as_ref()
            .map(|p| crate::model::normalize(&base.join(&p.value))),
    }
}

/// The layout's print settings, the ICC profile's path resolved against the layout file.
fn print_settings(input: &Input) -> PrintSettings {
    let layout = &input.layout;
    let layout_base = crate::model::parent(&input.layout_path);
    PrintSettings {
        x4: layout.print.standard == PdfStandard::X4,
        output_condition: layout.print.output_condition.clone(),
        icc_profile: layout
            .print
            .icc_profile
            .as_ref()
            .map(|p| crate::model::normalize(&layout_base.join(p))),
        bleed: crate::units::mm(layout.print.bleed.clamp(0.0, 20.0)),
        ink_limit: layout.print.ink_limit,
        rendering_intent: layout.print.rendering_intent,
        black_point_compensation: layout.print.black_point_compensation,
        jpeg_quality: layout.print.jpeg_quality,
        min_ppi: layout.print.min_ppi,
    }
}
