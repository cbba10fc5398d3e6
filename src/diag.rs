//! Diagnostics: errors and warnings as data, rendered only by the command line.
//!
//! Every diagnostic that comes from a user's file carries the file and, where known, the line and
//! column (1-based), so the message reads `path:line:col: error: …` followed by hints saying what
//! to do. The [`Kind`] of an error decides the process exit code (see [`Diagnostics::exit_code`]).

pub mod render;

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the build still succeeds.
    Warning,
    /// The build cannot produce a correct result.
    Error,
}

/// What class of problem an error is; this picks the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The input files are unreadable or invalid (exit code 2).
    Input,
    /// The input is valid but the content does not fit or cannot be set (exit code 1).
    Content,
    /// A bug in paiban (exit code 3).
    Internal,
}

/// A position in a user's file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file, as the user named it (relative paths stay relative).
    pub file: PathBuf,
    /// 1-based line, if known.
    pub line: Option<u32>,
    /// 1-based column (in characters), if known.
    pub column: Option<u32>,
}

impl Location {
    /// A whole file, no position inside it.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            file: path.into(),
            line: None,
            column: None,
        }
    }

    /// A 1-based line and column in a file.
    pub fn at(path: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Location {
            file: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }

    /// The 1-based line and column of a byte offset into `text`, the contents of `path`.
    pub fn from_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        Location::at(path, line, column)
    }
}

/// 1-based (line, column in characters) of a byte offset in `text`; offsets past the end or
/// inside a character are clamped.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u32, column as u32)
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

/// One error or warning.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What class of problem (only meaningful for errors).
    pub kind: Kind,
    /// Where, when the problem is in a file.
    pub location: Option<Location>,
    /// What is wrong: lowercase, no final full stop, the offending value quoted.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error in the input files (exit code 2).
    pub fn input(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Kind::Input, message)
    }

    /// A content error: the input is valid but cannot be set correctly (exit code 1).
    pub fn content(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, Kind::Content, message)
    }

    /// A warning.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, Kind::Content, message)
    }

    /// A bug in paiban (exit code 3).
    pub fn internal(message: impl Into<String>) -> Self {
        let mut d = Self::new(Severity::Error, Kind::Internal, message);
        d.hints
            .push("this is a bug in paiban; please report it with the input files".into());
        d
    }

    fn new(severity: Severity, kind: Kind, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            kind,
            location: None,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// Attach a location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Attach a location naming only a file.
    pub fn in_file(self, path: &Path) -> Self {
        self.at(Location::file(path))
    }

    /// Add a hint saying what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)?;
        for hint in &self.hints {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A collection of diagnostics: the warnings of a successful run, or the errors of a failed one.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// No diagnostics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Add all of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The diagnostics, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// The exit code these diagnostics call for: 3 for an internal error, else 2 for bad input,
    /// else 1 for content errors, else 0.
    pub fn exit_code(&self) -> i32 {
        let errors = || self.0.iter().filter(|d| d.is_error());
        if errors().any(|d| d.kind == Kind::Internal) {
            3
        } else if errors().any(|d| d.kind == Kind::Input) {
            2
        } else if errors().next().is_some() {
            1
        } else {
            0
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

/// The closest candidate to a misspelt `word`, if one is close enough to suggest.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// `text` cut to at most `max` characters, with an ellipsis where it was cut: a message quotes
/// the start of a 200,000-character word, never the whole of it.
pub fn shorten(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "第一行\n第二行abc";
        let offset = text.find('a').unwrap();
        assert_eq!(line_col(text, offset), (2, 4));
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn exit_code_prefers_internal_then_input_then_content() {
        let mut d = Diagnostics::new();
        assert_eq!(d.exit_code(), 0);
        d.push(Diagnostic::warning("w"));
        assert_eq!(d.exit_code(), 0);
        d.push(Diagnostic::content("c"));
        assert_eq!(d.exit_code(), 1);
        d.push(Diagnostic::input("i"));
        assert_eq!(d.exit_code(), 2);
        d.push(Diagnostic::internal("x"));
        assert_eq!(d.exit_code(), 3);
    }

    #[test]
    fn did_you_mean_finds_close_keys_only() {
        let keys = ["kicker", "title", "subtitle", "dateline", "byline"];
        assert_eq!(did_you_mean("titel", &keys), Some("title"));
        assert_eq!(did_you_mean("datelin", &keys), Some("dateline"));
        assert_eq!(did_you_mean("zzzzzz", &keys), None);
    }
}
