//! A proposal as an ordinary page plan: the YAML `build` reads, with the score in comments at
//! the top so the editor sees why the planner liked it.

use std::fmt::Write as _;
use std::path::Path;

use crate::model::{Block, BlockSize, Height};

use super::score::Score;

/// What the plan's head comment says.
pub struct Heading<'a> {
    /// 第N版.
    pub page: u32,
    /// Section name.
    pub section: &'a str,
    /// Editor on duty.
    pub editor: Option<&'a str>,
    /// The brief, as named on the command line.
    pub brief: &'a Path,
    /// The seed.
    pub seed: u64,
    /// Proposal number (1-based) and how many.
    pub proposal: (usize, usize),
    /// The score.
    pub score: &'a Score,
    /// Share of the 版心 covered.
    pub cover: f64,
}

/// The plan text: heading, then every block (with a comment naming the story's priority).
pub fn plan_text(heading: &Heading<'_>, blocks: &[(Block, Option<String>)]) -> String {
    let mut out = String::new();
    let h = heading;
    let _ = writeln!(
        out,
        "# 第{}版 {}: planned by `paiban plan {}` (seed {}, proposal {} of {}).",
        h.page,
        h.section,
        h.brief.display(),
        h.seed,
        h.proposal.0,
        h.proposal.1
    );
    let _ = writeln!(
        out,
        "# Score {:.3} (lower is better), 版心 covered {:.1}%:",
        h.score.total,
        h.cover * 100.0
    );
    for (name, value, weight) in &h.score.terms {
        let _ = writeln!(
            out,
            "#   {name:<16} {value:>7.3} × {weight} = {:.3}",
            value * weight
        );
    }
    let _ = writeln!(out, "section: {}", quoted(h.section));
    if let Some(editor) = h.editor {
        let _ = writeln!(out, "editor: {}", quoted(editor));
    }
    out.push_str("blocks:\n");
    for (block, note) in blocks {
        block_text(&mut out, block, note.as_deref());
    }
    out
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn path(p: &Path) -> String {
    quoted(&p.to_string_lossy())
}

fn block_text(out: &mut String, b: &Block, note: Option<&str>) {
    let mut lines = kind_lines(b);
    if let Some(note) = note {
        if let Some(first) = lines.first_mut() {
            let _ = write!(first, "    # {note}");
        }
    }
    option_lines(b, &mut lines);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(if i == 0 { "  - " } else { "    " });
        out.push_str(line);
        out.push('\n');
    }
}

/// The lines that say what a block is: masthead, banner, or its file.
fn kind_lines(b: &Block) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if b.masthead {
        lines.push("masthead: true".into());
    }
    if let Some(banner) = &b.banner {
        let mut s = format!("banner: {{ text: {}", quoted(&banner.text));
        if let Some(sub) = &banner.sub {
            let _ = write!(s, ", sub: {}", quoted(sub));
        }
        if let Some(field) = &banner.field {
            let _ = write!(s, ", field: {}", quoted(field));
        }
        s.push_str(" }");
        lines.push(s);
    }
    let files = [
        ("article", &b.article),
        ("continues", &b.continues),
        ("picture", &b.picture),
        ("ad", &b.ad),
    ];
    for (key, file) in files {
        if let Some(p) = file {
            lines.push(format!("{key}: {}", path(p)));
        }
    }
    lines
}

/// The lines of its options, its place and its size.
fn option_lines(b: &Block, lines: &mut Vec<String>) {
    let strings = [
        ("caption", &b.caption),
        ("credit", &b.credit),
        ("label", &b.label),
        ("tint", &b.tint),
    ];
    for (key, value) in strings {
        if let Some(v) = value {
            lines.push(format!("{key}: {}", quoted(v)));
        }
    }
    if let Some(style) = b.title_style {
        lines.push(format!("title_style: {}", style.as_str()));
    }
    if let Some(n) = b.text_columns {
        lines.push(format!("text_columns: {n}"));
    }
    if let Some(crate::model::CopyfitSpec::Switch(true)) = b.copyfit {
        lines.push("copyfit: true".into());
    }
    for (key, on) in [("boxed", b.boxed), ("border", b.border)] {
        if on {
            lines.push(format!("{key}: true"));
        }
    }
    if let Some(wrap) = b.wrap {
        lines.push(format!("wrap: {wrap}"));
    }
    if let Some([c, l]) = b.at {
        lines.push(format!("at: [{c}, {l}]"));
    }
    if let Some(size) = b.size {
        lines.push(format!("size: {}", size_text(size)));
    }
}

fn size_text(size: BlockSize) -> String {
    match size.height {
        Height::Lines(n) => format!("[{}, {n}]", size.columns),
        _ => size.to_string(),
    }
}
