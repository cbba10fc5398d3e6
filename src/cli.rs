//! The commands behind the CLI that are not the build itself: `fonts`, `new`, `text`, and the
//! report in text and JSON. `main.rs` parses arguments and prints; this module does the work.

mod fonts;
mod layouts;
mod table;

use std::fmt::Write as _;
use std::path::Path;

pub use fonts::{FontQuery, fonts};
pub use layouts::{GridSummary, grid_table, layouts, shipped_grids};
use table::{Table, truncate};

use crate::build::Outcome;
use crate::diag::render::Sources;
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::FitReport;
use crate::model::{self, BodyBlock};

/// The files of the starter edition written by `paiban new` that do not depend on the layout:
/// (file name, contents).
const STARTER: &[(&str, &str)] = &[
    ("edition.yaml", include_str!("starter/edition.yaml")),
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

/// The starter's page plans for each shipped layout (blocks sit on that layout's grid).
const STARTER_PAGES: &[(&str, [&str; 2])] = &[
    (
        "sikai-6col",
        [
            include_str!("starter/page-1.yaml"),
            include_str!("starter/page-2.yaml"),
        ],
    ),
    (
        "duikai-8col",
        [
            include_str!("starter/duikai-8col/page-1.yaml"),
            include_str!("starter/duikai-8col/page-2.yaml"),
        ],
    ),
];

/// The starter edition's files for a shipped layout, which is copied in as layout.yaml so the
/// folder builds on its own and the paper can adapt its styles.
fn starter_files(layout: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let names: Vec<&str> = STARTER_PAGES.iter().map(|(n, _)| *n).collect();
    let (Some(shipped), Some((_, pages))) = (
        model::ShippedLayout::named(layout),
        STARTER_PAGES.iter().find(|(n, _)| *n == layout),
    ) else {
        return Err(Diagnostic::input(format!(
            "--layout: no shipped layout is called \"{layout}\""
        ))
        .hint(format!(
            "use one of {} (`paiban layouts` shows them)",
            names.join(", ")
        )));
    };
    let layout_file = format!(
        "# Copied from paiban's shipped layout {layout} by `paiban new`: adapt it to your paper.\n\
         # To follow paiban's own copy instead, write `layout: {layout}` in edition.yaml.\n{}",
        shipped.text
    );
    let mut files: Vec<(String, String)> = STARTER
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect();
    files.push(("layout.yaml".into(), layout_file));
    files.push(("page-1.yaml".into(), pages[0].to_string()));
    files.push(("page-2.yaml".into(), pages[1].to_string()));
    Ok(files)
}

/// `paiban new DIR --layout NAME`: write the starter edition; refuse to overwrite anything.
pub fn new_edition(dir: &Path, layout: &str) -> (Diagnostics, i32) {
    let starter = match starter_files(layout) {
        Ok(files) => files,
        Err(e) => return (e.into(), 2),
    };
    for (name, _) in &starter {
        let path = dir.join(name);
        if path.exists() {
            let d = Diagnostic::input(format!("{} already exists", path.display()))
                .hint("choose a new folder; paiban new never overwrites files");
            return (d.into(), 2);
        }
    }
    let files: Vec<_> = starter
        .into_iter()
        .map(|(name, text)| (dir.join(name), text.into_bytes()))
        .collect();
    if let Err(e) = crate::output::write_all(&files) {
        return (e.into(), 2);
    }
    eprintln!(
        "wrote a starter edition on the {layout} grid to {}",
        dir.display()
    );
    eprintln!(
        "build it with: paiban build {}",
        dir.join("edition.yaml").display()
    );
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

/// The human-readable fit report printed by `paiban check`: one heading per page, then one
/// row per article, aligned by display width (titles are cut at 24 cells).
pub fn summary(report: &FitReport) -> String {
    if report.pages.is_empty() {
        return String::new();
    }
    let mut table = Table::new(&[
        "article",
        "frames",
        "lines",
        "fit",
        "stretch max/mean em",
        "孤字 (avoided)",
        "kinsoku exceptions",
    ])
    .indent(2);
    for page in &report.pages {
        table.heading(format!("第{}版 {}", page.page, page.section));
        for a in &page.articles {
            table.row(article_row(a));
        }
        for ad in &page.ads {
            table.row(ad_row(page.page, ad));
        }
    }
    table.render()
}

/// An article's row: title, frames, lines, fit, stretch, 孤字 and kinsoku exceptions.
fn article_row(a: &crate::layout::report::ArticleReport) -> Vec<String> {
    let frames: Vec<String> = a.frames.iter().map(|(p, c)| format!("p{p}×{c}")).collect();
    let status = if a.overset_lines > 0 {
        format!(
            "OVERSET {} lines / {} chars",
            a.overset_lines, a.overset_chars
        )
    } else if a.underset_lines > 0 {
        let s = if a.underset_lines == 1 { "" } else { "s" };
        format!("underset {} line{s}", a.underset_lines)
    } else {
        "fits".to_string()
    };
    let c = &a.composition;
    vec![
        truncate(&a.title, 24),
        frames.join(","),
        format!("{}/{}", a.lines_used, a.lines_available),
        status,
        format!("{:.3}/{:.3}", c.max_stretch, c.mean_stretch),
        format!("{} ({})", c.orphans_remaining, c.orphans_avoided),
        c.kinsoku_exceptions.to_string(),
    ]
}

/// An ad's row: its file, the space it was fitted into and its scale.
fn ad_row(page: u32, ad: &crate::layout::report::AdReport) -> Vec<String> {
    let name = ad.file.file_name().map_or_else(
        || ad.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    vec![
        truncate(&format!("广告 {name}"), 24),
        format!("p{page}"),
        String::new(),
        format!(
            "{:.1}×{:.1} mm at {:.0}%",
            ad.size_mm.0,
            ad.size_mm.1,
            ad.scale * 100.0
        ),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// The diagnostics as JSON, each located one with the span the human output draws: its line,
/// the columns the caret marks, and the source line.
fn diagnostics_json(diagnostics: &Diagnostics) -> Vec<serde_json::Value> {
    let read = |path: &Path| model::read_text(path).ok();
    let mut sources = Sources::new(&read);
    diagnostics
        .iter()
        .map(|d| {
            let mut value = serde_json::to_value(d).unwrap_or_default();
            if let (Some(span), Some(map)) = (sources.span(d), value.as_object_mut()) {
                map.insert(
                    "span".into(),
                    serde_json::to_value(span).unwrap_or_default(),
                );
            }
            value
        })
        .collect()
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
        "diagnostics": diagnostics_json(&outcome.diagnostics),
        "timings_ms": timings,
    });
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into())
}
