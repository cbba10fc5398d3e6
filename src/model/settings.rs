//! The settings a user writes as a word (`kinsoku: gb`, `align: center`, `standard: x4`), each a
//! type, so a misspelt value is rejected by the YAML reader with its file, line and column and
//! the list of values it takes. The later stages read these types as they are.

use serde::Deserialize;

/// How lines are aligned (a style's `align:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Both edges flush; the last line start-aligned.
    #[default]
    Justify,
    /// Flush left (start).
    Start,
    /// Centred.
    Center,
    /// Flush right (end).
    End,
    /// Both edges flush, the last line too: the part of a paragraph that ends a frame at a jump
    /// (转版), whose last line is not the paragraph's. Set by the layout, never written.
    #[serde(skip_deserializing)]
    JustifyAll,
}

/// Line-start / line-end prohibition strictness (CLREQ §3.1.4; `composition.kinsoku:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kinsoku {
    /// No prohibition.
    None,
    /// Basic: no closing marks or 点号 at line start, no opening marks at line end.
    Basic,
    /// GB style: basic, and the solidus may not end a line either (default).
    #[default]
    Gb,
    /// Strict: GB, and —— and …… may not start a line.
    Strict,
}

/// Punctuation width style (`composition.punctuation:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PunctStyle {
    /// 开明式: 。？！ full width, other marks half width (default).
    #[default]
    Kaiming,
    /// 全角式: every mark full width, adjacent marks compressed.
    Quanjiao,
    /// 行末半角式: full width, half width at line end.
    #[serde(rename = "hangmobanjiao")]
    LineEndHalf,
    /// 半角式: every mark half width.
    Banjiao,
}

/// How line breaks are chosen (`composition.breaker:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Breaker {
    /// Total fit over the whole paragraph (Knuth–Plass with CJK glue).
    #[default]
    TotalFit,
    /// First fit, line by line.
    Greedy,
}

/// Where a byline goes (`composition.byline:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Byline {
    /// Run in after the last sentence (default).
    #[default]
    Runin,
    /// On a line of its own, flush right.
    Right,
}

/// Which PDF/X standard the file claims and is checked against (`print.standard:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PdfStandard {
    /// PDF/X-1a:2003 (ISO 15930-4): PDF 1.4, CMYK and spot colour only, no transparency.
    #[default]
    X1a,
    /// PDF/X-4 (ISO 15930-7:2010): PDF 1.6, needs an embedded CMYK output profile.
    X4,
}

impl PdfStandard {
    /// The `GTS_PDFXVersion` value.
    pub fn version_name(self) -> &'static str {
        match self {
            PdfStandard::X1a => "PDF/X-1:2003",
            PdfStandard::X4 => "PDF/X-4",
        }
    }
}

/// The text styles a layout sets (the keys of its `styles:`, a block's `title_style:`). Each
/// has a built-in default, so every one is always there to set text with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StyleName {
    /// Body text.
    Body,
    /// Bold runs in the body (`**…**`).
    Strong,
    /// Emphasis in the body (`*…*`), set in 楷体.
    Emphasis,
    /// The 讯头 run in before the first paragraph.
    Dateline,
    /// The byline.
    Byline,
    /// 引题, over the title.
    Kicker,
    /// 主题.
    Title,
    /// The lead story's 主题 (a block's `title_style: title_lead`).
    TitleLead,
    /// 副题, under the title.
    Subtitle,
    /// 续题, over a continuation.
    JumpTitle,
    /// 下转第N版 / 上接第N版.
    Jump,
    /// Subheads in the body.
    Subhead,
    /// Quoted paragraphs.
    Quote,
    /// Verse lines.
    Verse,
    /// Picture captions.
    Caption,
    /// The running head's line (date, page, editor).
    RunningHead,
    /// The running head's section name.
    RunningSection,
    /// The 报头's paper name.
    MastheadTitle,
    /// The 报头's Latin name.
    MastheadLatin,
    /// The 报头's information lines.
    MastheadInfo,
    /// A 通栏 slogan.
    Banner,
    /// The line under a 通栏.
    BannerSub,
    /// A vertical 栏目题.
    Label,
    /// The foot of the page.
    Footer,
}

impl StyleName {
    /// Every style, in table order (`name as usize` indexes it).
    pub const ALL: [StyleName; 24] = [
        StyleName::Body,
        StyleName::Strong,
        StyleName::Emphasis,
        StyleName::Dateline,
        StyleName::Byline,
        StyleName::Kicker,
        StyleName::Title,
        StyleName::TitleLead,
        StyleName::Subtitle,
        StyleName::JumpTitle,
        StyleName::Jump,
        StyleName::Subhead,
        StyleName::Quote,
        StyleName::Verse,
        StyleName::Caption,
        StyleName::RunningHead,
        StyleName::RunningSection,
        StyleName::MastheadTitle,
        StyleName::MastheadLatin,
        StyleName::MastheadInfo,
        StyleName::Banner,
        StyleName::BannerSub,
        StyleName::Label,
        StyleName::Footer,
    ];

    /// The name as written in a layout file.
    pub fn as_str(self) -> &'static str {
        match self {
            StyleName::Body => "body",
            StyleName::Strong => "strong",
            StyleName::Emphasis => "emphasis",
            StyleName::Dateline => "dateline",
            StyleName::Byline => "byline",
            StyleName::Kicker => "kicker",
            StyleName::Title => "title",
            StyleName::TitleLead => "title_lead",
            StyleName::Subtitle => "subtitle",
            StyleName::JumpTitle => "jump_title",
            StyleName::Jump => "jump",
            StyleName::Subhead => "subhead",
            StyleName::Quote => "quote",
            StyleName::Verse => "verse",
            StyleName::Caption => "caption",
            StyleName::RunningHead => "running_head",
            StyleName::RunningSection => "running_section",
            StyleName::MastheadTitle => "masthead_title",
            StyleName::MastheadLatin => "masthead_latin",
            StyleName::MastheadInfo => "masthead_info",
            StyleName::Banner => "banner",
            StyleName::BannerSub => "banner_sub",
            StyleName::Label => "label",
            StyleName::Footer => "footer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_order_is_the_declaration_order() {
        for (i, name) in StyleName::ALL.iter().enumerate() {
            assert_eq!(*name as usize, i, "{name:?}");
        }
    }

    #[test]
    fn names_read_back_as_written() {
        for name in StyleName::ALL {
            let yaml = format!("{}\n", name.as_str());
            let read: StyleName = serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(read, name);
        }
    }
}

/// Which way an article's text runs (a block's `direction:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// 横排: lines left to right, stacked top to bottom (default).
    #[default]
    Horizontal,
    /// 竖排: columns top to bottom, laid right to left; the headline group stands at the right.
    Vertical,
}

/// Where an article's headline group stands (a block's `title_position:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TitlePosition {
    /// 横题 over the body (default).
    #[default]
    Top,
    /// 竖题: set vertically at the right edge of the block, the body to its left.
    RightVertical,
}

/// How many Latin letters or digits in a row stand across a vertical column as 纵中横
/// (tate-chū-yoko) before a run is turned 90° instead (a block's `upright_latin:`, 0 to 3;
/// default 2: 2022 is turned, 16 stands across).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "u32")]
pub struct UprightLatin(pub u8);

impl Default for UprightLatin {
    fn default() -> Self {
        UprightLatin(2)
    }
}

impl TryFrom<u32> for UprightLatin {
    type Error = String;
    fn try_from(n: u32) -> Result<Self, String> {
        match u8::try_from(n) {
            Ok(n @ 0..=3) => Ok(UprightLatin(n)),
            _ => Err(format!(
                "upright_latin {n} is too many: at most 3 characters fit across a column; write 0 (turn every Latin run) to 3"
            )),
        }
    }
}
