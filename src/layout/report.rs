//! The fit report: per page and per article, frames, lines used and available, overset and
//! underset, and the composition figures. Serialised as the JSON report (docs/report.md).

use std::path::PathBuf;

/// The whole edition's report.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FitReport {
    /// One entry per page laid out.
    pub pages: Vec<PageReport>,
}

/// One page.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PageReport {
    /// Page number (第N版).
    pub page: u32,
    /// Section name (版名).
    pub section: String,
    /// Articles that start on this page.
    pub articles: Vec<ArticleReport>,
    /// Advertisements placed on this page.
    pub ads: Vec<AdReport>,
}

/// One advertisement block.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct AdReport {
    /// The ad's file.
    pub file: PathBuf,
    /// The block, as in messages: `ad "x.pdf" at [1, 50] size [6, 25]`.
    pub block: String,
    /// The space the ad was fitted into, in millimetres (inside the border, if any).
    pub size_mm: (f32, f32),
    /// How a placed PDF was scaled (1 = at its own size); 1 for a picture.
    pub scale: f32,
}

/// One article.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ArticleReport {
    /// The article file.
    pub file: PathBuf,
    /// Its 主题 (or first words).
    pub title: String,
    /// Frames it runs through, as (page, columns).
    pub frames: Vec<(u32, u32)>,
    /// Body lines available in all frames (one line of one text column each).
    pub lines_available: usize,
    /// Body lines used.
    pub lines_used: usize,
    /// Lines that did not fit.
    pub overset_lines: usize,
    /// Characters that did not fit (spaces not counted).
    pub overset_chars: usize,
    /// Empty lines left at the foot of the last frame, per column.
    pub underset_lines: usize,
    /// Composition quality.
    pub composition: CompositionReport,
    /// Paragraphs copyfitting set tighter or looser (紧排/松排), in reading order.
    pub copyfit: Vec<super::copyfit::ParagraphChange>,
    /// Copyfitting took one line of leading out of the headline group.
    pub copyfit_headline: bool,
    /// What copyfitting did, in words ("punctuation squeezed in 2 paragraphs, …").
    pub copyfit_summary: Option<String>,
    /// Where the text meets each jump (转版) of the article.
    pub jumps: Vec<JumpPoint>,
}

/// How an article's text meets a jump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JumpCut {
    /// Between two paragraphs.
    Paragraph,
    /// At the end of a sentence.
    Sentence,
    /// At a word boundary.
    Word,
    /// Inside a word: no better cut kept the frame full.
    Inside,
}

/// One jump of an article: the frame it leaves, the cut and the text either side (整合｜利用).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JumpPoint {
    /// Index of the frame that jumps.
    #[serde(skip)]
    pub frame: usize,
    /// The kind of cut.
    pub cut: JumpCut,
    /// Up to six characters either side, joined by ｜.
    pub text: String,
}

/// Composition figures of an article (sums over its paragraphs).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CompositionReport {
    /// Lines set.
    pub lines: usize,
    /// Largest inter-character stretch, in em.
    pub max_stretch: f32,
    /// Mean stretch per line, in em.
    pub mean_stretch: f32,
    /// Lines where compression pulled a mark back (push-in).
    pub pushed_in: usize,
    /// Lines where a character was carried down (push-out).
    pub pushed_out: usize,
    /// 孤字 last lines avoided.
    pub orphans_avoided: usize,
    /// 孤字 last lines left.
    pub orphans_remaining: usize,
    /// Prohibition rules relaxed.
    pub kinsoku_exceptions: usize,
}

impl From<&crate::compose::ParagraphStats> for CompositionReport {
    fn from(s: &crate::compose::ParagraphStats) -> Self {
        CompositionReport {
            lines: s.lines,
            max_stretch: s.max_stretch,
            mean_stretch: if s.lines > 0 {
                s.total_stretch / s.lines as f32
            } else {
                0.0
            },
            pushed_in: s.pushed_in,
            pushed_out: s.pushed_out,
            orphans_avoided: s.orphans_avoided,
            orphans_remaining: s.orphans_remaining,
            kinsoku_exceptions: s.kinsoku_exceptions,
        }
    }
}

impl FitReport {
    /// Total overset lines over the edition.
    pub fn overset_lines(&self) -> usize {
        self.articles().map(|a| a.overset_lines).sum()
    }

    /// Every article report.
    pub fn articles(&self) -> impl Iterator<Item = &ArticleReport> {
        self.pages.iter().flat_map(|p| p.articles.iter())
    }
}
