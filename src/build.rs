//! The whole pipeline for the command line: load → resolve → layout → pdf → write.
//!
//! This is the I/O edge: it reads the edition (through `model`), the fonts (through the font
//! book), and writes the PDF files atomically. Everything between is pure.
//!
//! - [`prepare`] (`build/prepare.rs`): the model read beside the font scan, resolve, the
//!   layout beside the pictures' ink measure, the ink as printed;
//! - [`build`]: then the e-paper made (`build/site.rs`), the PDF files written
//!   (`build/outputs.rs`, with the PDF stage's options from `build/pdf_options.rs`), the
//!   e-paper written;
//! - [`check`] and [`epaper`]: the same preparation, then the lint or only the e-paper.

mod outputs;
mod pdf_options;
mod prepare;
mod site;

pub use outputs::parse_pages;
use prepare::{PendingInk, ink_as_printed, prepare_measuring};
pub use prepare::{prepare, prepare_confined, prepare_pages};

use std::mem::take;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::fonts::{FontBook, FontFolder};
use crate::layout::{FitReport, Grid, LayoutOptions, LayoutOutput};
use crate::model::{self, Input, RootOptions};
use crate::pdf;
use crate::resolve::Resolved;
use outputs::{MadePdfs, make_pdfs, write_pdfs};
use pdf_options::pdf_options;
use site::{EpaperParts, StagedEpaper, make_epaper, write_epaper, write_pdfs_and_epaper};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output file (or folder with `split`); default beside the edition file.
    pub output: Option<PathBuf>,
    /// Only these pages (edition page numbers).
    pub pages: Option<Vec<u32>>,
    /// One PDF per page.
    pub split: bool,
    /// Overset text and missing glyphs are errors (exit 1).
    pub strict: bool,
    /// Mark overset text in the PDF.
    pub show_overset: bool,
    /// Crop and registration marks.
    pub marks: bool,
    /// Force PDF/X-4 (else the layout's setting).
    pub x4: bool,
    /// A CMYK ICC output profile overriding the layout's.
    pub icc: Option<PathBuf>,
    /// The font folder searched before the system's fonts.
    pub fonts: FontFolder,
    /// Threads for layout and the PDF stage (0 or 1: one).
    pub threads: usize,
    /// Seconds since 1970 to date the PDF with (the `SOURCE_DATE_EPOCH` of reproducible
    /// builds); `None` dates it at midnight of the edition date.
    pub source_date_epoch: Option<i64>,
    /// Where the edition may read from, and how much (`--root`, `--allow-outside-root`,
    /// `--max-*-mb`).
    pub roots: RootOptions,
    /// Also write the e-paper (`--epaper`), from the same layout.
    pub epaper: Option<EpaperTarget>,
}

/// Where and how to write the e-paper.
#[derive(Debug, Clone)]
pub struct EpaperTarget {
    /// The site folder, or with `archive` the archive root.
    pub folder: PathBuf,
    /// `folder` is an archive: the edition goes to `folder/YYYY-MM/DD/` and `folder/index.html`
    /// lists every edition there.
    pub archive: bool,
    /// A folder of templates replacing paiban's own (`--templates`).
    pub templates: Option<PathBuf>,
}

/// An edition read, resolved and laid out.
pub struct Prepared {
    /// The input files.
    pub input: Input,
    /// Styles and settings.
    pub resolved: Resolved,
    /// Fonts.
    pub book: FontBook,
    /// The grid.
    pub grid: Grid,
    /// Pages and report.
    pub layout: LayoutOutput,
    /// The CMYK photos as the ink check decoded them (the e-paper draws from them).
    pub inks: pdf::PictureInks,
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Errors and warnings, in order.
    pub diagnostics: Diagnostics,
    /// The fit report (empty when the edition could not be laid out).
    pub report: FitReport,
    /// Milliseconds per stage.
    pub timings: Vec<(&'static str, f64)>,
    /// The files this run read (the edition file, and the rest once it loaded): no output,
    /// not even the report, may overwrite one of them.
    pub inputs: Vec<PathBuf>,
}

impl Outcome {
    /// The exit code: the worst diagnostic decides.
    pub fn exit_code(&self) -> i32 {
        self.diagnostics.exit_code()
    }
}

/// `paiban check`: everything but writing the PDF, plus the copy lint on every article. With
/// `fix`, articles whose punctuation the lint can mend are rewritten first (atomically, the
/// original kept beside them as `.bak`), then checked.
pub fn check(
    edition: &Path,
    strict: bool,
    fix: bool,
    fonts: &FontFolder,
    threads: usize,
    roots: &RootOptions,
) -> Outcome {
    let mut outcome = Outcome {
        inputs: vec![edition.to_path_buf()],
        ..Outcome::default()
    };
    if fix {
        match fix_articles(edition, roots) {
            Ok(fixed) => outcome.written = fixed,
            Err(e) => {
                outcome.diagnostics = e;
                return outcome;
            }
        }
    }
    match prepare_confined(
        edition,
        fonts,
        LayoutOptions {
            threads,
            ..LayoutOptions::default()
        },
        None,
        roots,
        &mut outcome.timings,
    ) {
        Ok(p) => {
            outcome.inputs = input_paths(&p.input);
            outcome.diagnostics.extend(p.input.warnings.clone());
            // The pictures as the PDF stage would see them: the same warnings as `build`.
            match pdf_options(&p.input, &p.resolved, &BuildOptions::default()) {
                Ok(options) => outcome
                    .diagnostics
                    .extend(pdf::check_pictures(&p.layout.pages, &options)),
                Err(e) => outcome.diagnostics.extend(e),
            }
            for path in p.input.articles.keys() {
                if let Ok(text) = model::read_text(path) {
                    outcome.diagnostics.extend(model::lint::lint(path, &text));
                }
            }
            finish_diagnostics(&mut outcome, p.layout, strict);
        }
        Err(e) => outcome.diagnostics.extend(e),
    }
    outcome
}

/// Rewrite every article the lint can mend; return the files changed.
fn fix_articles(edition: &Path, roots: &RootOptions) -> Result<Vec<PathBuf>, Diagnostics> {
    let input = model::load_confined(edition, None, roots)?;
    let mut files = Vec::new();
    for path in input.articles.keys() {
        let text = model::read_text(path)?;
        let fixed = model::lint::fix(&text);
        if fixed != text {
            let mut backup = path.clone().into_os_string();
            backup.push(".bak");
            files.push((PathBuf::from(backup), text.into_bytes()));
            files.push((path.clone(), fixed.into_bytes()));
        }
    }
    crate::output::write_all(&files).map_err(Diagnostics::from)?;
    Ok(files
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.extension().is_none_or(|e| e != "bak"))
        .collect())
}

fn finish_diagnostics(outcome: &mut Outcome, layout: LayoutOutput, strict: bool) {
    take_problems(outcome, layout.problems, strict);
    outcome.diagnostics.extend(layout.warnings);
    outcome.report = layout.report;
}

/// Content problems into the outcome: overset, ink past the limit and the like are warnings
/// unless --strict; a wrong setting is always an error.
fn take_problems(outcome: &mut Outcome, problems: Diagnostics, strict: bool) {
    for mut d in problems.0 {
        if !strict && d.kind != crate::diag::Kind::Input {
            d.severity = Severity::Warning;
        }
        outcome.diagnostics.push(d);
    }
}

/// `paiban build`.
pub fn build(edition: &Path, options: &BuildOptions) -> Outcome {
    let mut outcome = Outcome {
        inputs: vec![edition.to_path_buf()],
        ..Outcome::default()
    };
    let layout_options = LayoutOptions {
        show_overset: options.show_overset,
        threads: options.threads,
        // The e-paper draws the pages with the photos the ink check decodes.
        keep_pictures: options.epaper.is_some(),
    };
    // `--pages`: lay out only the articles that reach those pages.
    let prepared = match prepare_measuring(
        edition,
        &options.fonts,
        layout_options,
        options.pages.as_deref(),
        &options.roots,
        &mut outcome.timings,
    ) {
        Ok(p) => p,
        Err(e) => {
            outcome.diagnostics = e;
            return outcome;
        }
    };
    if let Err(e) = write_prepared(edition, options, prepared, &mut outcome) {
        outcome.diagnostics.extend(e);
    }
    outcome
}

/// What `build` does once the edition is laid out: its diagnostics taken (stopping at an
/// error), the PDF made (with `--epaper`, the e-paper beside it, its files written into a
/// folder beside the site's as they are made), the ink check taken (stopping at an error, which
/// removes that folder), then the PDF files written and both put in place.
///
/// The ink check comes after the PDF because it waits for the photos to be decoded, which runs
/// on the cores the layout and the PDF stage leave idle; only its findings decide whether the
/// files are put in place.
fn write_prepared(
    edition: &Path,
    options: &BuildOptions,
    (prepared, pending): (Prepared, PendingInk),
    outcome: &mut Outcome,
) -> Result<(), Diagnostics> {
    let Prepared {
        input,
        resolved,
        book,
        grid,
        mut layout,
        ..
    } = prepared;
    // Moved out, not cloned: the display pages hold every glyph of the edition.
    let (pages, frames) = (take(&mut layout.pages), take(&mut layout.frames));
    if !take_layout_diagnostics(outcome, &input, layout, options.strict) {
        return Ok(());
    }
    let pdfs = || make_pdfs(edition, &input, &resolved, &book, &pages, options);
    let (pdfs, inks, staged) = match &options.epaper {
        Some(target) => {
            let parts = EpaperParts {
                input: &input,
                resolved: &resolved,
                book: &book,
                pages: &pages,
                frames: &frames,
                threads: options.threads,
            };
            let (pdfs, made) = beside(
                || pdfs().map(MadePdfs::stage),
                || site_beside_ink(&parts, pending, target, options, outcome),
            );
            let (inks, staged) = made?;
            (pdfs?, inks, Some((target, staged)))
        }
        None => (pdfs()?, pending.wait()?, None),
    };
    let limit = resolved.print.ink_limit;
    InkCheck::of(&input, &grid, &pages, limit, options.strict).take(&inks, outcome);
    let (files, staged_pdfs) = pdfs.take(outcome);
    if outcome.diagnostics.has_errors() {
        return Ok(());
    }
    outcome.written = match staged {
        Some((target, staged)) => {
            let pdfs = staged_pdfs.unwrap_or_else(|| crate::output::stage_all(&files))?;
            let paths = files.into_iter().map(|(p, _)| p).collect();
            write_pdfs_and_epaper(pdfs, paths, staged, target, &input, outcome)?
        }
        None => write_pdfs(files, outcome)?,
    };
    Ok(())
}

/// `first` on a thread of its own while this thread does `second`; both results. The PDF
/// and the e-paper share nothing but what they read, and the e-paper leaves cores idle (while
/// it waits for the photos, and between its steps) that the PDF fills.
fn beside<A: Send, B>(first: impl FnOnce() -> A + Send, second: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let first = scope.spawn(first);
        let second = second();
        match first.join() {
            Ok(first) => (first, second),
            // Only a bug panics there: raise it here, as the pool does.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// With `--epaper`: the site made (and staged) while the photos are still being measured (it
/// takes each one as it needs it, measuring it itself when the background thread has not come
/// to it), then the photos' inks (for the ink check) and the staged site.
fn site_beside_ink(
    parts: &EpaperParts<'_>,
    pending: PendingInk,
    target: &EpaperTarget,
    options: &BuildOptions,
    outcome: &mut Outcome,
) -> Result<(pdf::PictureInks, StagedEpaper), Diagnostics> {
    let staged = make_epaper(
        parts,
        pending.decoded(),
        target,
        options.pages.is_some(),
        outcome,
    )?;
    Ok((pending.wait()?, staged))
}

/// The input's warnings and the layout's diagnostics into the outcome; whether the build may
/// go on (no error among them).
fn take_layout_diagnostics(
    outcome: &mut Outcome,
    input: &Input,
    layout: LayoutOutput,
    strict: bool,
) -> bool {
    outcome.inputs = input_paths(input);
    outcome.diagnostics.extend(input.warnings.clone());
    finish_diagnostics(outcome, layout, strict);
    !outcome.diagnostics.has_errors()
}

/// The ink check of a laid-out edition, waiting for the photos' measures.
struct InkCheck<'a> {
    input: &'a Input,
    grid: &'a Grid,
    pages: &'a [crate::display::DisplayPage],
    limit: f32,
    strict: bool,
}

impl<'a> InkCheck<'a> {
    fn of(
        input: &'a Input,
        grid: &'a Grid,
        pages: &'a [crate::display::DisplayPage],
        limit: f32,
        strict: bool,
    ) -> Self {
        InkCheck {
            input,
            grid,
            pages,
            limit,
            strict,
        }
    }

    /// The check against the measured `inks`, its findings into the outcome.
    fn take(&self, inks: &pdf::PictureInks, outcome: &mut Outcome) {
        let t = Instant::now();
        let found = ink_as_printed(self.input, self.grid, self.pages, inks, self.limit);
        take_problems(outcome, found, self.strict);
        outcome.timings.push(("ink", ms(t)));
    }
}

/// `paiban epaper`: lay the edition out as `build` does and write only the e-paper.
pub fn epaper(edition: &Path, options: &BuildOptions) -> Outcome {
    let mut outcome = Outcome {
        inputs: vec![edition.to_path_buf()],
        ..Outcome::default()
    };
    let Some(target) = &options.epaper else {
        outcome.diagnostics.push(
            Diagnostic::input("no e-paper folder given").hint("give -o SITE or --archive ROOT"),
        );
        return outcome;
    };
    let layout_options = LayoutOptions {
        show_overset: false,
        threads: options.threads,
        keep_pictures: true,
    };
    let mut p = match prepare_confined(
        edition,
        &options.fonts,
        layout_options,
        None,
        &options.roots,
        &mut outcome.timings,
    ) {
        Ok(p) => p,
        Err(e) => {
            outcome.diagnostics = e;
            return outcome;
        }
    };
    let pages = std::mem::take(&mut p.layout.pages);
    let frames = std::mem::take(&mut p.layout.frames);
    if !take_layout_diagnostics(&mut outcome, &p.input, p.layout, options.strict) {
        return outcome;
    }
    let parts = EpaperParts {
        input: &p.input,
        resolved: &p.resolved,
        book: &p.book,
        pages: &pages,
        frames: &frames,
        threads: options.threads,
    };
    let written = make_epaper(&parts, p.inks.decoded(), target, false, &mut outcome)
        .and_then(|staged| write_epaper(staged, target, &p.input, &mut outcome));
    match written {
        Ok(folder) => outcome.written.push(folder),
        Err(e) => outcome.diagnostics.extend(e),
    }
    outcome
}

/// Every file an edition was read from: edition, layout, page plans, articles, pictures.
pub fn input_paths(input: &Input) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = vec![input.edition_path.clone(), input.layout_path.clone()];
    inputs.extend(input.pages.iter().map(|p| p.path.clone()));
    inputs.extend(input.article_paths.iter().cloned());
    inputs.extend(input.pictures.keys().cloned());
    inputs
}

/// An output path that is one of the inputs would destroy it: refuse. Paths are compared after
/// resolving links and `..`, so another spelling of an input's path is caught too.
pub fn refuse_overwrite(inputs: &[PathBuf], target: &Path, hint: &str) -> Result<(), Diagnostic> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| model::normalize(p));
    let target_canon = canon(target);
    if inputs.iter().any(|p| canon(p) == target_canon) {
        return Err(Diagnostic::input(format!(
            "the output {} is one of the edition's input files",
            target.display()
        ))
        .hint(hint));
    }
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
