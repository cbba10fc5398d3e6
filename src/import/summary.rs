//! The import summary: per story, where it went, what the file was, and each element detected
//! with the rule that placed it, so the editor knows what to check.

use std::fmt::Write as _;
use std::path::Path;

use super::detect::Finding;

/// One imported story.
pub struct Entry<'a> {
    pub source: &'a Path,
    pub target: &'a Path,
    /// What the file was: "Word .docx", "GB18030 (GBK), detected text" …
    pub kind: &'a str,
    pub pictures: Vec<&'a Path>,
    pub findings: &'a [Finding],
}

/// The summary text.
pub fn render(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        let _ = writeln!(
            out,
            "{} → {}  ({})",
            e.source.display(),
            e.target.display(),
            e.kind
        );
        for f in e.findings {
            let text: String = f.text.chars().take(30).collect();
            let more = if f.text.chars().count() > 30 {
                "…"
            } else {
                ""
            };
            let _ = writeln!(out, "  {:<4} {text}{more}  [{}]", f.element, f.why);
        }
        if !e.findings.iter().any(|f| f.element == "主题") && !e.kind.contains("paiban article") {
            let _ = writeln!(out, "  no headline found: write title: in the front matter");
        }
        for p in &e.pictures {
            let _ = writeln!(out, "  图片 {}", p.display());
        }
    }
    let _ = writeln!(
        out,
        "imported {} {}",
        entries.len(),
        if entries.len() == 1 {
            "story"
        } else {
            "stories"
        }
    );
    out
}
