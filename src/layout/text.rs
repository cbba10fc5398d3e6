//! Article text → the composer's paragraphs: inline emphasis to style runs, the 讯头 run in at
//! the start of the first paragraph, the byline run in at the end of the last.

use std::ops::Range;

use crate::compose::{Paragraph, StyleRun};
use crate::model::{Emphasis, Para, StyleName};
use crate::resolve::{Styles, TextStyle};

/// A paragraph being built run by run.
#[derive(Debug)]
pub(crate) struct ParaBuilder {
    para: Paragraph,
}

impl Default for ParaBuilder {
    fn default() -> Self {
        ParaBuilder {
            para: Paragraph {
                text: String::new(),
                keep: Vec::new(),
                runs: Vec::new(),
            },
        }
    }
}

impl ParaBuilder {
    /// Append `text` in `style`.
    pub fn push(&mut self, text: &str, style: &TextStyle) -> &mut Self {
        if text.is_empty() {
            return self;
        }
        let start = self.para.text.len();
        self.para.text.push_str(text);
        let range = start..self.para.text.len();
        // Merge with the previous run when the style is the same.
        if let Some(last) = self.para.runs.last_mut()
            && last.fonts == style.fonts
            && last.size == style.size
            && last.color == style.color
            && last.tracking == style.tracking
        {
            last.range.end = range.end;
            return self;
        }
        self.para.runs.push(StyleRun {
            range,
            fonts: style.fonts.clone(),
            size: style.size,
            color: style.color,
            tracking: style.tracking,
        });
        self
    }

    /// Append the spans of a model paragraph, `base` for plain text.
    pub fn push_para(&mut self, para: &Para, base: &TextStyle, styles: &Styles) -> &mut Self {
        for span in &para.spans {
            let style = match span.emphasis {
                Emphasis::Normal => base,
                Emphasis::Strong => styles.get(StyleName::Strong),
                Emphasis::Emphasis => styles.get(StyleName::Emphasis),
            };
            self.push(&span.text, style);
        }
        self
    }

    /// Append `text` in `style`, keeping each of `keep` (ranges in `text`) on one line.
    pub fn push_kept(&mut self, text: &str, style: &TextStyle, keep: &[Range<usize>]) -> &mut Self {
        let base = self.para.text.len();
        self.push(text, style);
        self.para
            .keep
            .extend(keep.iter().map(|r| base + r.start..base + r.end));
        self
    }

    /// The finished paragraph.
    pub fn finish(self) -> Paragraph {
        self.para
    }
}

/// A paragraph of one style.
pub(crate) fn plain(text: &str, style: &TextStyle) -> Paragraph {
    let mut b = ParaBuilder::default();
    b.push(text, style);
    b.finish()
}

/// The number of characters of a paragraph, not counting whitespace (what the reader sees and
/// what the overset report counts).
pub(crate) fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Cmyk;

    fn style(size: f32) -> TextStyle {
        TextStyle {
            fonts: vec![crate::fonts::FontId(0)],
            size,
            min_size: size,
            leading: size * 1.3,
            align: crate::compose::Align::Justify,
            color: Cmyk::BLACK,
            tracking: 0.0,
            phrase_space: 1.0,
            fill: None,
        }
    }

    #[test]
    fn runs_cover_the_text_and_merge_equal_styles() {
        let mut b = ParaBuilder::default();
        b.push("东昌府讯", &style(10.0))
            .push(" 8月12日，", &style(9.0))
            .push("市长", &style(9.0));
        let p = b.finish();
        assert_eq!(p.runs.len(), 2);
        assert_eq!(p.runs[0].range, 0.."东昌府讯".len());
        assert_eq!(p.runs[1].range.end, p.text.len());
        assert_eq!(visible_chars(&p.text), 12);
    }
}
