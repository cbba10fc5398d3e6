//! The input model: what edition, page-plan, layout and article files say, as typed structs.
//! Every key is documented in docs/format.md; unknown keys are rejected.
//!
//! Here the edition and its page plans; the layout file's types are in `types/layout.rs`, an
//! article's in `types/article.rs`.

use std::path::PathBuf;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::fit::{BlockSize, CopyfitSpec, InStack, Stack};

use super::settings::{Direction, StyleName, TitlePosition, UprightLatin};

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

// After the macro, which they use too.
mod article;
mod layout;

pub use article::*;
pub use layout::*;

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
    /// A logo drawn instead of the paper name as text: an SVG (placed as vectors), a PDF, or a
    /// picture (PNG or JPEG).
    pub logo: Option<Spanned<PathBuf>>,
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
    /// Articles: `vertical` sets the whole article in columns read right to left (竖排);
    /// banners: the slogan stands in columns (竖排标语).
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
