//! The input model: what edition, page-plan, layout and article files say, as typed structs.
//! Every key is documented in docs/format.md; unknown keys are rejected.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::fit::{BlockSize, CopyfitSpec, InStack, Stack};
use crate::units::Size;

use super::settings::{
    Align, Breaker, Byline, Direction, Kinsoku, PdfStandard, PunctStyle, StyleName, TitlePosition,
    UprightLatin,
};

/// A whole-number setting that must lie in a range: read from YAML as `$from` and refused
/// with `$message` (a serde error, so it carries the value's line and column) outside `$range`.
macro_rules! bounded_setting {
    ($(#[$doc:meta])* $name:ident($inner:ty) from $from:ty, $range:pat, default $default:expr,
     |$v:ident| $message:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name($inner);

        // What `#[serde(try_from = ..)]` would derive; the attribute takes no macro input.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <$from>::deserialize(d)?;
                $name::try_from(v).map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            /// The value.
            pub fn get(self) -> $inner {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name($default)
            }
        }

        impl TryFrom<$from> for $name {
            type Error = String;
            fn try_from($v: $from) -> Result<Self, String> {
                match <$inner>::try_from($v) {
                    Ok(n @ $range) => Ok($name(n)),
                    _ => Err($message),
                }
            }
        }
    };
}

/// An edition (`edition.yaml`): one issue of a paper.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Paper name (报名), e.g. 东昌时讯.
    pub paper: String,
    /// Latin name under the paper name, e.g. DONGCHANGSHIXUN.
    #[serde(default)]
    pub paper_latin: Option<String>,
    /// Short code used in file names, e.g. DCSX.
    #[serde(default)]
    pub code: Option<FileNamePart>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// Total issue number (总第N期).
    pub issue_total: u32,
    /// The layout (page geometry and styles): a shipped layout's name such as `sikai-6col`, or
    /// a file relative to this file.
    pub layout: Spanned<super::LayoutRef>,
    /// Masthead fields.
    #[serde(default)]
    pub masthead: Masthead,
    /// The page plans, in page order, relative to this file.
    pub pages: Vec<Spanned<PathBuf>>,
    /// File name pattern for `--split`: `{code}`, `{date}` (YYYYMMDD) and `{page}` (two digits).
    #[serde(default)]
    pub split_pattern: Option<SplitPattern>,
}

/// Text that goes into an output file name (the edition's `code`): one name, no folders.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct FileNamePart(pub String);

impl TryFrom<String> for FileNamePart {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        match super::paths::bad_file_name(&text) {
            Some(why) => Err(format!(
                "\"{text}\" cannot be part of a file name: {why}; write a short code such as DCSX"
            )),
            None => Ok(FileNamePart(text)),
        }
    }
}

/// A `split_pattern`: one file name (no folders, no `..`) with the fields `{code}`, `{date}`
/// and `{page}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct SplitPattern(pub String);

impl SplitPattern {
    /// The fields a pattern may use.
    pub const FIELDS: [&str; 3] = ["{code}", "{date}", "{page}"];
}

impl TryFrom<String> for SplitPattern {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        let mut rest = text.clone();
        for field in Self::FIELDS {
            rest = rest.replace(field, "x");
        }
        if let Some(open) = rest.find('{') {
            let field: String = rest[open..].chars().take_while(|&c| c != '}').collect();
            return Err(format!(
                "split_pattern \"{text}\" uses the unknown field \"{field}}}\"; the fields are {{code}}, {{date}} and {{page}}"
            ));
        }
        match super::paths::bad_file_name(&rest) {
            Some(why) => Err(format!(
                "split_pattern \"{text}\" is not one file name: {why}; the files go into -o's folder, e.g. \"{{code}}-{{date}}-{{page}}.pdf\""
            )),
            None => Ok(SplitPattern(text)),
        }
    }
}

/// Masthead fields (报头 and 报眉).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Masthead {
    /// Website, e.g. http://dcf.lcxw.cn.
    pub website: Option<String>,
    /// Submission e-mail (投稿邮箱).
    pub email: Option<String>,
    /// Publication numbers and other small lines (e.g. 国内统一连续出版物号, 主办单位).
    pub lines: Vec<String>,
    /// A logo picture (PNG or JPEG) drawn instead of the paper name as text.
    pub logo: Option<PathBuf>,
}

/// A page plan: one 版.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PagePlan {
    /// Section name (版名), e.g. 综合新闻.
    pub section: String,
    /// Editor on duty (责任编辑), printed in the running foot when given.
    #[serde(default)]
    pub editor: Option<String>,
    /// What is on the page.
    pub blocks: Vec<Spanned<Block>>,
}

/// One block on a page. Exactly one of `article`, `continues`, `banner`, `picture`, `ad`,
/// `masthead` says what it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Block {
    /// An article file set here (its headline group on top).
    pub article: Option<PathBuf>,
    /// The continuation of an article started on an earlier page (转版): set under a 续题
    /// with （上接第N版）.
    pub continues: Option<PathBuf>,
    /// A banner (通栏) slogan.
    pub banner: Option<Banner>,
    /// A picture file (JPEG or PNG).
    pub picture: Option<PathBuf>,
    /// The masthead (报头), page 1 only.
    pub masthead: bool,
    /// An advertisement (广告): a placed PDF (its first page, by its TrimBox) or a picture,
    /// fitted whole into the block, nothing else inside.
    #[serde(default)]
    pub ad: Option<PathBuf>,
    /// Ad blocks: a thin frame around the ad.
    #[serde(default)]
    pub border: bool,
    /// Grid cell of the top-left corner: [column, line], 1-based.
    pub at: Option<[u32; 2]>,
    /// Size in grid cells: [columns, lines], or [columns, auto] (with `max: N`).
    pub size: Option<BlockSize>,
    /// Position in millimetres from the top-left of the 版心 (instead of `at`).
    pub at_mm: Option<[f32; 2]>,
    /// Size in millimetres (instead of `size`).
    pub size_mm: Option<[f32; 2]>,
    /// Number of text columns inside the block when it differs from the base columns it spans
    /// (破栏, e.g. 3 text columns over 2 base columns).
    pub text_columns: Option<u32>,
    /// Draw a frame (花边框) around the block.
    pub boxed: bool,
    /// A column label (栏目题) set vertically at the left of the block.
    pub label: Option<String>,
    /// Articles: `vertical` sets the whole article in columns read right to left (竖排).
    #[serde(default)]
    pub direction: Direction,
    /// Articles: `right-vertical` stands the headline group at the block's right edge (竖题).
    #[serde(default)]
    pub title_position: TitlePosition,
    /// Vertical text: Latin and digit runs up to this many characters stand across a column.
    #[serde(default)]
    pub upright_latin: UprightLatin,
    /// Picture caption (图片说明).
    pub caption: Option<String>,
    /// Picture credit, e.g. 融媒体 张三 摄.
    pub credit: Option<String>,
    /// Picture: let the text of the block it sits on run around it (default true).
    pub wrap: Option<bool>,
    /// The style of the 主题 (e.g. `title_lead` for the lead story); default `title`.
    pub title_style: Option<StyleName>,
    /// Fill the block with a tint (swatch name) behind its text.
    pub tint: Option<String>,
    /// Copyfit this article's block (紧排/松排): `true`, `false` or limits.
    pub copyfit: Option<CopyfitSpec>,
    /// A stack of blocks placed top to bottom (replaced by its blocks when the plan is read).
    pub stack: Option<Stack>,
    /// Set when the plan is read for the blocks of a stack.
    #[serde(skip)]
    pub in_stack: Option<InStack>,
}

/// A banner slogan (通栏).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Banner {
    /// The slogan, e.g. 牢记嘱托走在前 勇担使命开新局.
    pub text: String,
    /// A smaller line under it.
    #[serde(default)]
    pub sub: Option<String>,
    /// Reverse out: white text on a colour field (swatch name).
    #[serde(default)]
    pub field: Option<String>,
}

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

/// An article file: YAML front matter and a body.
#[derive(Debug, Clone)]
pub struct Article {
    /// Where it came from.
    pub path: PathBuf,
    /// The front matter.
    pub front: FrontMatter,
    /// The body, block by block.
    pub body: Vec<BodyBlock>,
}

/// An article's front matter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatter {
    /// 引题, above the 主题.
    pub kicker: Option<String>,
    /// 主题, the main headline.
    pub title: Option<String>,
    /// 副题, below the 主题.
    pub subtitle: Option<String>,
    /// 讯头, run in bold at the start of the first paragraph, e.g. 东昌府讯.
    pub dateline: Option<String>,
    /// Byline, set in parentheses at the end, e.g. 融媒体 裴崇旭.
    pub byline: Option<String>,
    /// 续题: the short headline over the continuation on another page (default: the 主题).
    pub jump_title: Option<String>,
    /// Per-article settings.
    pub options: ArticleOptions,
}

/// Per-article settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ArticleOptions {
    /// First-line indent in characters (default from the layout).
    pub indent: Option<f32>,
    /// Byline placement: runin or right.
    pub byline: Option<String>,
    /// Headline alignment: center (default) or start.
    pub headline_align: Option<Align>,
    /// Treat the whole body as verse: keep line breaks, no justification, no indent.
    pub verse: bool,
}

/// One block of an article body.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyBlock {
    /// A body paragraph.
    Paragraph(Para),
    /// A subhead (小标题).
    Subhead(Para),
    /// A block quote (letters, documents): indented, own style.
    Quote(Vec<Para>),
    /// Verse: lines kept as written, unjustified; one `Para` per line, an empty `Para` between
    /// stanzas.
    Verse(Vec<Para>),
}

/// A paragraph of inline text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Para {
    /// The text in runs of one emphasis each. A `\n` inside a run is a hard line break.
    pub spans: Vec<InlineSpan>,
    /// 1-based line in the article file where the paragraph starts.
    pub line: u32,
    /// Where its lines sit: indented as body text, or as a letter's salutation or signature.
    pub align: ParaAlign,
}

/// Where a paragraph's lines sit in the measure, from the markup at its start (`<-`, `->`):
/// letters and notices set the salutation flush (顶格) and the signature and date flush right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParaAlign {
    /// Body text: the first line indented, the lines justified.
    #[default]
    Indented,
    /// `<-`: no first-line indent (a salutation, 亲爱的市民朋友们：).
    Flush,
    /// `->`: every line flush right (a signature, a date).
    Right,
}

impl Para {
    /// The plain text of the paragraph.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A run of text with one emphasis.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineSpan {
    /// The characters.
    pub text: String,
    /// How they are set.
    pub emphasis: Emphasis,
}

/// Inline emphasis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Emphasis {
    /// Body face.
    #[default]
    Normal,
    /// `**bold**`: the bold face (run-in lead phrases).
    Strong,
    /// `*emphasis*`: 楷体 (Chinese has no italics).
    Emphasis,
}
