//! The page brief: what an editor hands the planner. The page's fixed furniture (masthead,
//! banners, ads, with their positions, written as plan blocks), and the stories with their
//! priority and constraints, without coordinates.
//!
//! ```yaml
//! edition: ../edition.yaml
//! page: 2
//! section: 综合新闻
//! furniture:
//!   - banner: { text: 记录身边故事 传递东昌声音 }
//!     at: [1, 73]
//!     size: [6, 2]
//! stories:
//!   - continues: ../articles/p1-dangjian.md
//!     priority: 头条
//!   - article: ../articles/p2-meeting-hua.md
//!     priority: 二条
//!     max_columns: 3
//!   - picture: ../pictures/puffan.jpg
//!     caption: 建设中的实验小学东校区
//!     keep_with: ../articles/p2-meeting-hua.md
//! ```

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

use crate::model::{Block, StyleName};

/// A page brief, as read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Brief {
    /// The edition the page belongs to, relative to the brief.
    pub edition: PathBuf,
    /// The page to plan (第N版, 1-based position in the edition's `pages:`).
    pub page: u32,
    /// Section name (版名).
    pub section: String,
    /// Editor on duty (责任编辑).
    #[serde(default)]
    pub editor: Option<String>,
    /// Blocks with fixed positions: masthead, banners, ads, pictures placed by hand.
    #[serde(default)]
    pub furniture: Vec<Spanned<Block>>,
    /// What the planner places.
    pub stories: Vec<Spanned<Story>>,
}

/// One story (or picture) to place.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Story {
    /// An article file set here with its headline group.
    pub article: Option<PathBuf>,
    /// The rest of an article started on an earlier page.
    pub continues: Option<PathBuf>,
    /// A picture file.
    pub picture: Option<PathBuf>,
    /// Picture caption.
    pub caption: Option<String>,
    /// Picture credit.
    pub credit: Option<String>,
    /// 头条, 二条, 一般 (the default), 简讯 or a number (1 = most important).
    pub priority: Priority,
    /// Narrowest the story may be, in base columns.
    pub min_columns: Option<u32>,
    /// Widest the story may be, in base columns.
    pub max_columns: Option<u32>,
    /// The story must start in the upper half of the 版心 (above the fold).
    pub above_fold: bool,
    /// Set the story in a frame (花边框).
    pub boxed: bool,
    /// A column label (栏目题) set vertically at the left of the story.
    pub label: Option<String>,
    /// Place it touching this story (an article or continuation path, as written above).
    pub keep_with: Option<PathBuf>,
    /// The article continues on a later page (it is already placed there with `continues:`):
    /// on this page it takes any height, at least enough that the rest fits where it jumps to.
    pub jumps: bool,
    /// The 主题's style; the 头条 gets `title_lead` when this is not given.
    pub title_style: Option<StyleName>,
}

/// How important a story is: 1 is the 头条.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Priority(pub u32);

impl Default for Priority {
    fn default() -> Self {
        Priority(3)
    }
}

impl Priority {
    /// The word an editor uses, or the number.
    pub fn word(self) -> String {
        match self.0 {
            1 => "头条".into(),
            2 => "二条".into(),
            3 => "一般".into(),
            4 => "简讯".into(),
            n => n.to_string(),
        }
    }
}

const PRIORITY_WORDS: &str = "头条, 二条, 一般, 简讯 or a number (1 = most important)";

impl<'de> Deserialize<'de> for Priority {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PriorityVisitor)
    }
}

struct PriorityVisitor;

impl Visitor<'_> for PriorityVisitor {
    type Value = Priority;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PRIORITY_WORDS}")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Priority, E> {
        match u32::try_from(v) {
            Ok(n) if n >= 1 => Ok(Priority(n)),
            _ => Err(E::custom(format!(
                "priority {v} is out of range: use {PRIORITY_WORDS}"
            ))),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Priority, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::custom(format!(
                "priority {v} is out of range: use {PRIORITY_WORDS}"
            ))),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Priority, E> {
        match v.trim() {
            "头条" => Ok(Priority(1)),
            "二条" => Ok(Priority(2)),
            "一般" => Ok(Priority(3)),
            "简讯" => Ok(Priority(4)),
            other => match other.parse::<u64>() {
                Ok(n) => self.visit_u64(n),
                Err(_) => Err(E::custom(format!(
                    "unknown priority \"{other}\": use {PRIORITY_WORDS}"
                ))),
            },
        }
    }
}

impl Story {
    /// The file the story places, and what kind of block it is.
    pub fn file(&self) -> Option<&PathBuf> {
        self.article
            .as_ref()
            .or(self.continues.as_ref())
            .or(self.picture.as_ref())
    }

    /// How many of `article`, `continues` and `picture` are given (exactly one must be).
    pub fn kinds(&self) -> usize {
        [&self.article, &self.continues, &self.picture]
            .iter()
            .filter(|k| k.is_some())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Brief, crate::diag::Diagnostic> {
        crate::model::yaml::parse(std::path::Path::new("brief.yaml"), text, 0)
    }

    #[test]
    fn priorities_are_words_or_numbers() {
        let b = parse(
            "edition: e.yaml\npage: 2\nsection: x\nstories:\n  - article: a.md\n    priority: 头条\n  - article: b.md\n    priority: 7\n  - article: c.md\n",
        )
        .unwrap();
        let p: Vec<u32> = b.stories.iter().map(|s| s.value.priority.0).collect();
        assert_eq!(p, [1, 7, 3]);
    }

    #[test]
    fn a_bad_priority_names_its_line_and_the_words() {
        let e = parse(
            "edition: e.yaml\npage: 2\nsection: x\nstories:\n  - article: a.md\n    priority: 头版\n",
        )
        .unwrap_err();
        let text = format!("{e:?}");
        assert!(text.contains("头版") && text.contains("简讯"), "{text}");
        assert_eq!(e.location.as_ref().and_then(|l| l.line), Some(6), "{text}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let e = parse(
            "edition: e.yaml\npage: 2\nsection: x\nstories:\n  - article: a.md\n    colums: 2\n",
        )
        .unwrap_err();
        assert!(format!("{e:?}").contains("colums"));
    }
}
