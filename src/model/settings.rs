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
