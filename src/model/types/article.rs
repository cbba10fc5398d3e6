//! An article file: its front matter and its body, block by block.

use std::path::PathBuf;

use serde::Deserialize;

use super::super::settings::Align;

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
