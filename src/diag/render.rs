//! Diagnostics for people: the `file:line:column: error: message` line, then the source line
//! with a caret under the column (drawn by annotate-snippets), then the hints.
//!
//! The source is looked up through a function the caller passes, so this module reads no files:
//! the command line reads them (a shipped layout's text comes from the binary).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity};

/// Where a located diagnostic points: the source line and the characters it marks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters) of the first marked character.
    pub start_column: u32,
    /// 1-based column just after the last marked character.
    pub end_column: u32,
    /// The text of the line, without its line break.
    pub source_line: String,
}

/// The file contents diagnostics point into, each read once.
pub struct Sources<'a> {
    read: &'a dyn Fn(&Path) -> Option<String>,
    files: BTreeMap<PathBuf, Option<String>>,
}

impl<'a> Sources<'a> {
    /// Sources read with `read` (which returns `None` for a file that cannot be read).
    pub fn new(read: &'a dyn Fn(&Path) -> Option<String>) -> Self {
        Sources {
            read,
            files: BTreeMap::new(),
        }
    }

    /// The span a diagnostic points at, when it has a line and the line can be read.
    pub fn span(&mut self, d: &Diagnostic) -> Option<Span> {
        let location = d.location.as_ref()?;
        let line = location.line?;
        let read = self.read;
        let text = self
            .files
            .entry(location.file.clone())
            .or_insert_with(|| read(&location.file))
            .as_deref()?;
        let source_line = text.lines().nth((line as usize).checked_sub(1)?)?;
        let (start, end) = match location.column {
            Some(column) => token_at(source_line, column),
            // A line without a column: mark the line's text.
            None => {
                let indent = source_line
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .count();
                let len = source_line.trim_end().chars().count();
                (indent as u32 + 1, len.max(indent + 1) as u32 + 1)
            }
        };
        Some(Span {
            line,
            start_column: start,
            end_column: end,
            source_line: source_line.to_string(),
        })
    }

    /// A diagnostic as people read it; `color` uses the terminal's colours.
    pub fn human(&mut self, d: &Diagnostic, color: bool) -> String {
        let mut out = String::new();
        if let Some(location) = &d.location {
            out.push_str(&format!("{location}: "));
        }
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{label}: {}", d.message));
        if let Some(span) = self.span(d) {
            out.push('\n');
            out.push_str(&snippet(&span, d.severity, color));
        }
        for hint in &d.hints {
            out.push_str(&format!("\n  hint: {hint}"));
        }
        out
    }
}

/// The source line with its line number and the caret line under it.
fn snippet(span: &Span, severity: Severity, color: bool) -> String {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let text = span.source_line.as_str();
    let start = byte_offset(text, span.start_column);
    let end = byte_offset(text, span.end_column).max(start);
    let report = [Group::with_level(level).element(
        Snippet::source(text)
            .line_start(span.line as usize)
            .annotation(AnnotationKind::Primary.span(start..end)),
    )];
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&report).trim_end().to_string()
}

/// The byte offset of a 1-based character column in `line` (the end for columns past it).
fn byte_offset(line: &str, column: u32) -> usize {
    line.char_indices()
        .nth((column as usize).saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

/// The 1-based columns [start, end) of the YAML token that starts at `column`: a quoted string
/// to its closing quote, else a word up to a space, a flow separator, a comment or `: `.
fn token_at(line: &str, column: u32) -> (u32, u32) {
    let chars: Vec<char> = line.chars().collect();
    let start = (column as usize).saturating_sub(1);
    let Some(&first) = chars.get(start) else {
        // Past the end (an unclosed bracket at the end of the line): mark the line's end.
        let end = chars.len() as u32 + 1;
        return (end, end + 1);
    };
    let mut end = start + 1;
    if first == '"' || first == '\'' {
        while end < chars.len() && chars[end] != first {
            end += 1;
        }
        end = (end + 1).min(chars.len());
    } else if !matches!(first, '[' | '{' | ']' | '}' | ',' | '-' | '\t') {
        while end < chars.len() {
            let c = chars[end];
            let key_end = c == ':' && chars.get(end + 1).is_none_or(|n| n.is_whitespace());
            if c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#') || key_end {
                break;
            }
            end += 1;
        }
    }
    (start as u32 + 1, end as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn render(text: &str, line: u32, column: u32) -> String {
        let text = text.to_string();
        let read = move |_: &Path| Some(text.clone());
        let mut sources = Sources::new(&read);
        let d = Diagnostic::input("bad value")
            .at(Location::at("e.yaml", line, column))
            .hint("fix it");
        sources.human(&d, false)
    }

    #[test]
    fn caret_marks_the_value_under_its_column() {
        let out = render("paper: x\nissue_total: 第一期 # comment\n", 2, 14);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "e.yaml:2:14: error: bad value");
        let source = lines.iter().find(|l| l.contains("issue_total")).unwrap();
        assert!(source.starts_with("2 | issue_total"), "{out}");
        let caret = lines
            .iter()
            .find(|l| l.contains('^'))
            .unwrap_or_else(|| panic!("{out}"));
        // Three hanzi take six cells: the caret line is as wide as the value on screen.
        assert_eq!(
            caret.trim_start_matches([' ', '|']).trim_end(),
            "^^^^^^",
            "{out}"
        );
        let caret_at = caret.find('^').unwrap();
        let value_at = unicode_width::UnicodeWidthStr::width(&source[..source.find('第').unwrap()]);
        assert_eq!(caret_at, value_at, "{out}");
        assert_eq!(lines.last().unwrap(), &"  hint: fix it");
    }

    #[test]
    fn keys_quotes_and_line_ends() {
        assert_eq!(token_at("    sise: [3, 4]", 5), (5, 9));
        assert_eq!(token_at("title: \"a b\" # x", 8), (8, 13));
        assert_eq!(token_at("pages: [page-1.yaml", 20), (20, 21));
        assert_eq!(token_at("at: [1, 2]", 5), (5, 6));
    }

    #[test]
    fn no_line_no_snippet() {
        let read = |_: &Path| Some("x\n".to_string());
        let mut sources = Sources::new(&read);
        let d = Diagnostic::input("missing").at(Location::file("a.md"));
        assert_eq!(sources.human(&d, false), "a.md: error: missing");
    }
}
