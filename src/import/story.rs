//! A story as a reader found it, before anything is decided about its structure: paragraphs of
//! runs with the little formatting that helps detection (style, size, bold, centring), and the
//! pictures it holds. Both readers (`docx.rs`, `plain.rs`) produce this; `detect.rs` reads it.

use crate::model::Emphasis;

/// One story read from one file.
#[derive(Debug, Clone, Default)]
pub struct Story {
    /// The paragraphs in document order.
    pub paras: Vec<Paragraph>,
    /// The pictures, in the order [`Role::Picture`] paragraphs refer to them.
    pub pictures: Vec<Picture>,
    /// Whether the reader knew type sizes and bold (a .docx does, a text file does not).
    pub has_formatting: bool,
}

/// What a paragraph is, as far as the source said so explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Ordinary text.
    Plain,
    /// A Word heading (level 1–9) or a Markdown `#` heading.
    Heading(u8),
    /// Word's "Title" style.
    Title,
    /// Word's "Subtitle" style.
    Subtitle,
    /// A quotation style (Word's "Quote", "Intense Quote", "Block Text"; Markdown `>`).
    Quote,
    /// Word's "Caption" style.
    Caption,
    /// A picture, the `usize`-th of the story's pictures.
    Picture(usize),
}

/// One paragraph.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// What the source said it is.
    pub role: Role,
    /// The text in runs; a `\n` inside a run is a line break within the paragraph.
    pub runs: Vec<Run>,
    /// The largest type size in the paragraph, in half points (Word's unit), if known.
    pub size: Option<u32>,
    /// Whether the paragraph is centred.
    pub centered: bool,
}

/// A run of text with one emphasis.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The characters.
    pub text: String,
    /// Bold (`Strong`), italic (`Emphasis`, set in 楷体) or neither.
    pub emphasis: Emphasis,
}

/// A picture found in the story.
#[derive(Debug, Clone)]
pub struct Picture {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The extension to save it with (`jpg`, `png` …).
    pub extension: String,
    /// The description the document gives it (Word's alt text), if any.
    pub description: Option<String>,
}

impl Default for Paragraph {
    fn default() -> Self {
        Paragraph::plain("")
    }
}

impl Paragraph {
    /// A plain paragraph of one run.
    pub fn plain(text: &str) -> Self {
        Paragraph {
            role: Role::Plain,
            runs: vec![Run {
                text: text.to_string(),
                emphasis: Emphasis::Normal,
            }],
            size: None,
            centered: false,
        }
    }

    /// The paragraph's text without emphasis.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// Whether every visible character is bold.
    pub fn all_bold(&self) -> bool {
        let mut any = false;
        for run in &self.runs {
            if run.text.trim().is_empty() {
                continue;
            }
            if run.emphasis != Emphasis::Strong {
                return false;
            }
            any = true;
        }
        any
    }

    /// Whether the paragraph holds no visible text (and is not a picture).
    pub fn is_blank(&self) -> bool {
        !matches!(self.role, Role::Picture(_)) && self.text().trim().is_empty()
    }
}

/// Append text to runs, joining it to the last run when the emphasis is the same.
pub fn push_run(runs: &mut Vec<Run>, text: &str, emphasis: Emphasis) {
    match runs.last_mut() {
        Some(last) if last.emphasis == emphasis => last.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_string(),
            emphasis,
        }),
    }
}
