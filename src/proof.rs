//! `paiban proof`: PNG proofs of an edition's pages and a contact sheet, for a quick look or a
//! chat message to the desk.
//!
//! The pages are laid out as `build` lays them out and drawn by [`crate::render`]. Unless
//! `clean` is asked for, the proof carries the marks an editor checks first: overset text (the
//! magenta tab and 溢出N行 that `build --show-overset` draws) and underset (a dashed magenta box
//! over the empty lines at the foot of an article's last frame, with 空N行). This is the I/O
//! edge: it reads the edition and writes the PNGs atomically.

use std::path::{Path, PathBuf};

use crate::build::{self, Prepared};
use crate::color::Cmyk;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::display::{DisplayPage, Item, Rule};
use crate::layout::{self, FitReport, LayoutOptions};
use crate::render::{self, Renderer, SheetPage};

/// What `paiban proof` makes.
#[derive(Debug, Clone)]
pub struct ProofOptions {
    /// The folder the PNGs go into.
    pub output: PathBuf,
    /// Resolution of the page PNGs.
    pub dpi: f32,
    /// Only these pages (edition page numbers).
    pub pages: Option<Vec<u32>>,
    /// Leave out the overset and underset marks.
    pub clean: bool,
    /// The font folder.
    pub fonts: crate::fonts::FontFolder,
}

/// Underset marks start at this many empty lines: one line short is often the balance of the
/// columns, two is a hole a reader sees.
const UNDERSET_MARK_LINES: usize = 2;
/// Height of each page on the contact sheet, in pixels.
const CONTACT_HEIGHT: u32 = 560;

const MAGENTA: Cmyk = Cmyk {
    c: 0.0,
    m: 1.0,
    y: 0.0,
    k: 0.0,
};

/// Run `paiban proof`: the files written, and the diagnostics.
pub fn proof(edition: &Path, options: &ProofOptions) -> (Vec<PathBuf>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let layout_options = LayoutOptions {
        show_overset: !options.clean,
        threads: crate::pool::available_threads(),
        keep_pictures: true,
    };
    let mut timings = Vec::new();
    let prepared = match build::prepare_pages(
        edition,
        &options.fonts,
        layout_options,
        options.pages.as_deref(),
        &mut timings,
    ) {
        Ok(p) => p,
        Err(e) => return (Vec::new(), e),
    };
    diagnostics.extend(prepared.input.warnings.clone());
    // Overset is what a proof is for: a warning here, as in a build without --strict.
    for mut d in prepared.layout.problems.0.clone() {
        d.severity = Severity::Warning;
        diagnostics.push(d);
    }
    diagnostics.extend(prepared.layout.warnings.clone());
    match proof_files(edition, &prepared, options) {
        Ok(files) => {
            let written = files.iter().map(|(p, _)| p.clone()).collect();
            if let Err(e) = crate::output::write_all(&files) {
                diagnostics.push(e);
                return (Vec::new(), diagnostics);
            }
            (written, diagnostics)
        }
        Err(e) => {
            diagnostics.push(e);
            (Vec::new(), diagnostics)
        }
    }
}

/// The PNG files, in memory: each page, then the contact sheet.
fn proof_files(
    edition: &Path,
    prepared: &Prepared,
    options: &ProofOptions,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostic> {
    let inputs = build::input_paths(&prepared.input);
    let wanted: Vec<&DisplayPage> = prepared
        .layout
        .pages
        .iter()
        .filter(|p| crate::model::page_wanted(options.pages.as_deref(), p.number as usize - 1))
        .collect();
    if let Some(missing) = options
        .pages
        .iter()
        .flatten()
        .find(|n| !wanted.iter().any(|p| p.number == **n))
    {
        return Err(Diagnostic::input(format!(
            "there is no page {missing}; the edition has {} pages",
            prepared.layout.pages.len()
        ))
        .at(crate::diag::Location::file(edition))
        .hint("--pages takes page numbers such as 2 or 1,3 or 2-4"));
    }
    let outlines = layout::block_outlines(&prepared.input, &prepared.grid);
    let marked: Vec<DisplayPage> = wanted
        .iter()
        .map(|page| {
            let mut page = (*page).clone();
            if !options.clean {
                mark_underset(&mut page, prepared, &outlines);
            }
            page
        })
        .collect();
    let mut renderer = Renderer::new().with_decoded(prepared.inks.decoded());
    let mut files = Vec::new();
    for page in &marked {
        let path = options.output.join(format!("page-{:02}.png", page.number));
        build::refuse_overwrite(&inputs, &path, "choose another folder with -o")?;
        files.push((path, renderer.png(page, &prepared.book, options.dpi)?));
    }
    let sheet: Vec<SheetPage<'_>> = marked
        .iter()
        .map(|page| SheetPage {
            page,
            caption: caption(&prepared.layout.report, page.number),
            alert: alert(&prepared.layout.report, page.number),
        })
        .collect();
    let font = caption_font(prepared);
    let contact =
        render::contact_sheet(&mut renderer, &sheet, &prepared.book, font, CONTACT_HEIGHT)?;
    let path = options.output.join("contact.png");
    build::refuse_overwrite(&inputs, &path, "choose another folder with -o")?;
    files.push((path, contact.png()));
    Ok(files)
}

fn caption_font(prepared: &Prepared) -> crate::fonts::FontId {
    let styles = &prepared.resolved.styles;
    use crate::model::StyleName;
    [StyleName::RunningHead, StyleName::Title, StyleName::Body]
        .into_iter()
        .find_map(|name| styles.get(name).fonts.first().copied())
        .unwrap_or(crate::fonts::FontId(0))
}

/// `第2版 综合新闻`.
fn caption(report: &FitReport, page: u32) -> String {
    let section = report
        .pages
        .iter()
        .find(|p| p.page == page)
        .map(|p| p.section.as_str())
        .unwrap_or("");
    format!("第{page}版 {section}").trim_end().to_string()
}

/// What is wrong on a page: the overset and underset lines of the articles whose last frame
/// is on it (where the marks are).
fn alert(report: &FitReport, page: u32) -> String {
    let (mut overset, mut underset) = (0, 0);
    for a in report.articles() {
        if a.frames.last().map(|f| f.0) != Some(page) {
            continue;
        }
        overset += a.overset_lines;
        if a.underset_lines >= UNDERSET_MARK_LINES {
            underset += a.underset_lines;
        }
    }
    let mut parts = Vec::new();
    if overset > 0 {
        parts.push(format!("溢出 {overset} 行"));
    }
    if underset > 0 {
        parts.push(format!("空 {underset} 行"));
    }
    parts.join(" · ")
}

/// A dashed magenta box over the empty lines at the foot of each underset article's last
/// frame on `page`, labelled 空N行.
fn mark_underset(
    page: &mut DisplayPage,
    prepared: &Prepared,
    outlines: &[Vec<layout::BlockOutline>],
) {
    let pitch = prepared.grid.pitch;
    let blocks = outlines
        .get(page.number as usize - 1)
        .map_or(&[][..], Vec::as_slice);
    for a in prepared.layout.report.articles() {
        if a.underset_lines < UNDERSET_MARK_LINES
            || a.frames.last().map(|f| f.0) != Some(page.number)
        {
            continue;
        }
        let Some(block) = blocks
            .iter()
            .rev()
            .find(|b| b.article.as_deref() == Some(a.file.as_path()))
        else {
            continue;
        };
        let r = block.rect;
        let top = (r.y + r.h - a.underset_lines as f32 * pitch).max(r.y);
        let (left, right, bottom) = (r.x + 1.0, r.x + r.w - 1.0, r.y + r.h - 1.0);
        for (from, to) in [
            ((left, top), (right, top)),
            ((left, bottom), (right, bottom)),
            ((left, top), (left, bottom)),
            ((right, top), (right, bottom)),
        ] {
            page.items.push(Item::Rule(Rule {
                from,
                to,
                width: 1.0,
                color: MAGENTA,
                dash: vec![3.0, 2.0],
            }));
        }
        let text = format!("空{}行", a.underset_lines);
        let size = (pitch * 0.8).clamp(6.0, 12.0);
        let (mut run, width) = render::label(
            &prepared.book,
            caption_font(prepared),
            size,
            MAGENTA,
            (0.0, 0.0),
            &text,
        );
        run.origin = (right - width - 2.0, top + size + 1.0);
        page.items.push(Item::Text(run));
    }
}
