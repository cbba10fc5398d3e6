//! The commands behind the CLI that are not the build itself: `fonts`, `new`, `text`, and the
//! report in text and JSON. `main.rs` parses arguments and prints; this module does the work.

use std::fmt::Write as _;
use std::path::Path;

use crate::build::Outcome;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::FontBook;
use crate::layout::FitReport;
use crate::model::{self, BodyBlock};

/// The starter edition written by `paiban new`: (file name, contents).
const STARTER: &[(&str, &str)] = &[
    ("edition.yaml", include_str!("starter/edition.yaml")),
    ("layout.yaml", include_str!("../layouts/sikai-6col.yaml")),
    ("page-1.yaml", include_str!("starter/page-1.yaml")),
    ("page-2.yaml", include_str!("starter/page-2.yaml")),
    (
        "articles/news-library.md",
        include_str!("starter/articles/news-library.md"),
    ),
    (
        "articles/feature-volunteers.md",
        include_str!("starter/articles/feature-volunteers.md"),
    ),
    (
        "articles/poem-morning.md",
        include_str!("starter/articles/poem-morning.md"),
    ),
];

/// `paiban new DIR`: write the starter edition; refuse to overwrite anything.
pub fn new_edition(dir: &Path) -> (Diagnostics, i32) {
    for (name, _) in STARTER {
        let path = dir.join(name);
        if path.exists() {
            let d = Diagnostic::input(format!("{} already exists", path.display()))
                .hint("choose a new folder; paiban new never overwrites files");
            return (d.into(), 2);
        }
    }
    let files: Vec<_> = STARTER
        .iter()
        .map(|(name, text)| (dir.join(name), text.as_bytes().to_vec()))
        .collect();
    if let Err(e) = crate::output::write_all(&files) {
        return (e.into(), 2);
    }
    eprintln!("wrote a starter edition to {}", dir.display());
    eprintln!(
        "build it with: paiban build {}",
        dir.join("edition.yaml").display()
    );
    (Diagnostics::new(), 0)
}

/// `paiban fonts`: the families paiban can use, or one family's coverage of some text.
pub fn fonts(family: Option<&str>, text: Option<&str>, system: bool) -> (Diagnostics, i32) {
    let mut book = FontBook::new(&FontBook::default_dir());
    if system {
        book.scan_system();
    }
    if let Some(family) = family {
        let id = match book.resolve(family, 400) {
            Ok(id) => id,
            Err(e) => return (e.into(), 2),
        };
        let face = book.face(id);
        println!(
            "{family} → {} ({}, face {})",
            face.postscript_name,
            face.path.display(),
            face.index
        );
        if let Some(text) = text {
            let missing: Vec<String> = text
                .chars()
                .filter(|c| !c.is_whitespace() && !face.has_char(*c))
                .map(|c| format!("{c} U+{:04X}", u32::from(c)))
                .collect();
            if missing.is_empty() {
                println!("every character is in the font");
            } else {
                println!("missing: {}", missing.join(", "));
                return (Diagnostics::new(), 1);
            }
        }
        return (Diagnostics::new(), 0);
    }
    let mut rows = book.catalogue();
    rows.sort();
    rows.dedup();
    for (family, weight, ps, path, index, bundled) in rows {
        let from = if bundled { "bundled" } else { "system" };
        println!(
            "{family:<28} {weight:>4}  {ps:<32} {from:<8} {}#{index}",
            path.display()
        );
    }
    (Diagnostics::new(), 0)
}

/// `paiban text EDITION -o DIR`: each article's text as set, one file per article.
pub fn export_text(edition: &Path, out: &Path, roots: &model::RootOptions) -> (Diagnostics, i32) {
    let input = match model::load_confined(edition, None, roots) {
        Ok(i) => i,
        Err(e) => {
            let code = e.exit_code();
            return (e, code);
        }
    };
    let mut files = Vec::new();
    for (path, article) in &input.articles {
        let f = &article.front;
        let mut text = String::new();
        for part in [&f.kicker, &f.title, &f.subtitle].into_iter().flatten() {
            text.push_str(part);
            text.push('\n');
        }
        if let Some(d) = &f.dateline {
            text.push_str(d);
            text.push(' ');
        }
        for block in &article.body {
            let paras = match block {
                BodyBlock::Paragraph(p) | BodyBlock::Subhead(p) => std::slice::from_ref(p),
                BodyBlock::Quote(ps) | BodyBlock::Verse(ps) => ps.as_slice(),
            };
            for p in paras {
                text.push_str(&p.text());
                text.push('\n');
            }
        }
        if let Some(b) = &f.byline {
            let _ = writeln!(text, "（{b}）");
        }
        let name = path
            .file_stem()
            .map_or_else(|| "article".into(), |s| s.to_string_lossy().into_owned());
        files.push((out.join(format!("{name}.txt")), text.into_bytes()));
    }
    match crate::output::write_all(&files) {
        Ok(()) => (Diagnostics::new(), 0),
        Err(e) => (e.into(), 2),
    }
}

/// The human-readable fit report printed by `paiban check`.
pub fn summary(report: &FitReport) -> String {
    let mut s = String::new();
    for page in &report.pages {
        let _ = writeln!(s, "第{}版 {}", page.page, page.section);
        for a in &page.articles {
            let frames: Vec<String> = a.frames.iter().map(|(p, c)| format!("p{p}×{c}")).collect();
            let status = if a.overset_lines > 0 {
                format!(
                    "OVERSET {} lines / {} chars",
                    a.overset_lines, a.overset_chars
                )
            } else if a.underset_lines > 0 {
                format!("underset {} lines", a.underset_lines)
            } else {
                "fits".to_string()
            };
            let c = &a.composition;
            let _ = writeln!(
                s,
                "  {:<28} frames {:<12} lines {:>3}/{:<3} {}  stretch max {:.3} mean {:.3} em, 孤字 {} (avoided {}), kinsoku exceptions {}",
                a.title.chars().take(14).collect::<String>(),
                frames.join(","),
                a.lines_used,
                a.lines_available,
                status,
                c.max_stretch,
                c.mean_stretch,
                c.orphans_remaining,
                c.orphans_avoided,
                c.kinsoku_exceptions,
            );
        }
        for ad in &page.ads {
            let name = ad.file.file_name().map_or_else(
                || ad.file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let _ = writeln!(
                s,
                "  广告 {name:<24} {:.1}×{:.1} mm at {:.0}%  ({})",
                ad.size_mm.0,
                ad.size_mm.1,
                ad.scale * 100.0,
                ad.block
            );
        }
    }
    s
}

/// The JSON report (schema in docs/report.md).
pub fn report_json(outcome: &Outcome) -> String {
    let timings: serde_json::Map<String, serde_json::Value> = outcome
        .timings
        .iter()
        .map(|(k, v)| ((*k).to_string(), serde_json::json!(v)))
        .collect();
    let value = serde_json::json!({
        "version": 1,
        "exit_code": outcome.exit_code(),
        "written": outcome.written,
        "pages": outcome.report.pages,
        "diagnostics": outcome.diagnostics,
        "timings_ms": timings,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into())
}
