//! The whole pipeline for the command line: load → resolve → layout → pdf → write.
//!
//! This is the I/O edge: it reads the edition (through `model`), the fonts (through the font
//! book), and writes the PDF files atomically. Everything between is pure.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::{Diagnostic, Diagnostics, Location, Severity};
use crate::epaper::{self, Templates};
use crate::fonts::{FontBook, FontFolder};
use crate::layout::{self, FitReport, Grid, LayoutOptions, LayoutOutput};
use crate::model::{self, Input, InputKind, PdfStandard, ReadPolicy, RootOptions};
use crate::pdf::{self, PdfOptions};
use crate::resolve::{self, Resolved};

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

/// Read, resolve and lay out an edition.
pub fn prepare(
    edition: &Path,
    fonts: &FontFolder,
    options: LayoutOptions,
    timings: &mut Vec<(&'static str, f64)>,
) -> Result<Prepared, Diagnostics> {
    prepare_pages(edition, fonts, options, None, timings)
}

/// Read and resolve an edition and lay out the pages in `only` (all when `None`; see
/// [`layout::layout_edition_pages`]).
pub fn prepare_pages(
    edition: &Path,
    fonts: &FontFolder,
    options: LayoutOptions,
    only: Option<&[u32]>,
    timings: &mut Vec<(&'static str, f64)>,
) -> Result<Prepared, Diagnostics> {
    let roots = RootOptions::default();
    prepare_confined(edition, fonts, options, only, &roots, timings)
}

/// [`prepare_pages`] with the edition's reads confined as `roots` says (see `model::paths`).
pub fn prepare_confined(
    edition: &Path,
    fonts: &FontFolder,
    options: LayoutOptions,
    only: Option<&[u32]>,
    roots: &RootOptions,
    timings: &mut Vec<(&'static str, f64)>,
) -> Result<Prepared, Diagnostics> {
    let t = Instant::now();
    let missing_fonts_dir = fonts.missing();
    // The font folder is scanned while the model is read: neither needs the other.
    let (input, book) = std::thread::scope(|scope| {
        let book = missing_fonts_dir
            .is_none()
            .then(|| scope.spawn(|| FontBook::from_folder(fonts)));
        let input = model::load_confined(edition, only, roots);
        (input, book.map(|b| b.join()))
    });
    let input = input?;
    timings.push(("model", ms(t)));
    let t = Instant::now();
    if let Some(dir) = missing_fonts_dir {
        return Err(Diagnostic::input(format!(
            "--fonts: the font folder {} does not exist",
            dir.display()
        ))
        .hint("give a folder of .ttf/.otf/.ttc files, or leave out --fonts for paiban's own")
        .into());
    }
    // Scanning a folder returns what it found; a panic there would be a bug.
    let Some(Ok(mut book)) = book else {
        return Err(Diagnostic::internal("scanning the font folder failed").into());
    };
    let resolved = resolve::resolve(&input, &mut book)?;
    let grid = Grid::new(&input.layout, &input.layout_path).map_err(Diagnostics::from)?;
    timings.push(("resolve", ms(t)));
    let t = Instant::now();
    // The ink check's cost is decoding the CMYK photos, which needs only their bytes: it runs
    // beside the layout (after it with one thread).
    let (layout, inks) = if options.threads > 1 {
        std::thread::scope(|scope| {
            let inks = scope
                .spawn(|| pdf::PictureInks::measure(&input.pictures, resolved.print.ink_limit, 1));
            let layout =
                layout::layout_edition_pages(&input, &resolved, &book, &grid, options, only);
            (layout, inks.join())
        })
    } else {
        let layout = layout::layout_edition_pages(&input, &resolved, &book, &grid, options, only);
        (
            layout,
            Ok(pdf::PictureInks::measure(
                &input.pictures,
                resolved.print.ink_limit,
                1,
            )),
        )
    };
    let mut layout = layout?;
    // Measuring decodes the user's photos; a panic there would be a bug in the decoder.
    let inks = inks.map_err(|_| Diagnostic::internal("measuring the pictures' ink failed"))?;
    timings.push(("layout", ms(t)));
    let t = Instant::now();
    let blocks: Vec<layout::BlockOutline> = layout::block_outlines(&input, &grid)
        .into_iter()
        .flatten()
        .collect();
    let locate = |page: u32, area: pdf::Area| block_at(&blocks, page, area);
    // Ink as printed, like overset text: a warning, an error under --strict.
    let ink = pdf::printed_ink(&layout.pages, &inks, resolved.print.ink_limit, &locate);
    layout.problems.extend(ink);
    timings.push(("ink", ms(t)));
    Ok(Prepared {
        input,
        resolved,
        book,
        grid,
        layout,
        inks,
    })
}

/// The plan block under the middle of `area` on page `page` (the smallest, where blocks
/// overlap), for messages about what is drawn there.
fn block_at(blocks: &[layout::BlockOutline], page: u32, area: pdf::Area) -> Option<Location> {
    let (x, y) = (area.0 + area.2 / 2.0, area.1 + area.3 / 2.0);
    blocks
        .iter()
        .filter(|b| b.page == page)
        .filter(|b| (b.rect.x..=b.rect.x + b.rect.w).contains(&x))
        .filter(|b| (b.rect.y..=b.rect.y + b.rect.h).contains(&y))
        .min_by(|a, b| (a.rect.w * a.rect.h).total_cmp(&(b.rect.w * b.rect.h)))
        .map(|b| b.location.clone())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
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
    for mut d in layout.problems.0 {
        // Overset and the like are warnings unless --strict; a wrong setting is always an error.
        if !strict && d.kind != crate::diag::Kind::Input {
            d.severity = Severity::Warning;
        }
        outcome.diagnostics.push(d);
    }
    outcome.diagnostics.extend(layout.warnings);
    outcome.report = layout.report;
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
    };
    // `--pages`: lay out only the articles that reach those pages.
    let prepared = match prepare_confined(
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
    let Prepared {
        input,
        resolved,
        book,
        mut layout,
        inks,
        ..
    } = prepared;
    // Moved out, not cloned: the display pages hold every glyph of the edition.
    let pages = std::mem::take(&mut layout.pages);
    let frames = std::mem::take(&mut layout.frames);
    outcome.inputs = input_paths(&input);
    outcome.diagnostics.extend(input.warnings.clone());
    finish_diagnostics(&mut outcome, layout, options.strict);
    if outcome.diagnostics.has_errors() {
        return outcome;
    }
    // The e-paper is made before the PDF takes the pages, and written after it.
    let site = match &options.epaper {
        Some(target) => {
            let parts = EpaperParts {
                input: &input,
                resolved: &resolved,
                book: &book,
                pages: &pages,
                frames: &frames,
                decoded: inks.decoded(),
                threads: options.threads,
            };
            match make_epaper(&parts, target, options.pages.is_some(), &mut outcome) {
                Ok(site) => Some((target, site)),
                Err(e) => {
                    outcome.diagnostics.extend(e);
                    return outcome;
                }
            }
        }
        None => None,
    };
    match write_outputs(
        edition,
        &input,
        &resolved,
        &book,
        pages,
        options,
        &mut outcome,
    ) {
        Ok(written) => outcome.written = written,
        Err(e) => {
            outcome.diagnostics.extend(e);
            return outcome;
        }
    }
    if let Some((target, site)) = site {
        match write_epaper(&site, target, resolved.info.date, &input, &mut outcome) {
            Ok(written) => outcome.written.push(written),
            Err(e) => outcome.diagnostics.extend(e),
        }
    }
    outcome
}

/// What the e-paper is made from, borrowed from a build.
struct EpaperParts<'a> {
    input: &'a Input,
    resolved: &'a Resolved,
    book: &'a FontBook,
    pages: &'a [crate::display::DisplayPage],
    frames: &'a std::collections::BTreeMap<PathBuf, Vec<(u32, layout::Rect)>>,
    decoded: crate::render::DecodedPictures,
    threads: usize,
}

/// The e-paper site in memory.
fn make_epaper(
    parts: &EpaperParts<'_>,
    target: &EpaperTarget,
    some_pages: bool,
    outcome: &mut Outcome,
) -> Result<epaper::Site, Diagnostics> {
    if some_pages {
        return Err(Diagnostic::input("--epaper makes the whole edition's site")
            .hint("leave out --pages, or build the e-paper in a run of its own")
            .into());
    }
    let t = Instant::now();
    let templates = match &target.templates {
        Some(dir) => Templates::with_files(read_templates(dir)?)?,
        None => Templates::default(),
    };
    let source = epaper::Source {
        input: parts.input,
        info: &parts.resolved.info,
        book: parts.book,
        pages: parts.pages,
        report: &outcome.report,
        frames: parts.frames,
        decoded: &parts.decoded,
    };
    let options = epaper::EpaperOptions {
        templates,
        threads: parts.threads,
        ..epaper::EpaperOptions::default()
    };
    let mut site = epaper::site(&source, &options)?;
    outcome.timings.append(&mut site.timings);
    outcome.timings.push(("epaper", ms(t)));
    Ok(site)
}

/// Every file in a template folder, read as text.
fn read_templates(dir: &Path) -> Result<Vec<(PathBuf, String)>, Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::input(format!("failed to read the template folder ({e})"))
            .in_file(dir)
            .hint("give --templates a folder holding index.html, page.html, article.html, archive.html or style.css")
    };
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(fail)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::input(format!("failed to read the template ({e})"))
                .in_file(&path)
                .hint("templates are UTF-8 text files")
        })?;
        files.push((path, text));
    }
    Ok(files)
}

/// Write the site (into an archive, with its date index, when asked); the folder written.
fn write_epaper(
    site: &epaper::Site,
    target: &EpaperTarget,
    date: resolve::Date,
    input: &Input,
    outcome: &mut Outcome,
) -> Result<PathBuf, Diagnostics> {
    let t = Instant::now();
    let folder = if target.archive {
        target.folder.join(epaper::archive_folder(date))
    } else {
        target.folder.clone()
    };
    let inputs = input_paths(input);
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| model::normalize(p));
    let site_canon = canon(&folder);
    if inputs.iter().any(|p| canon(p).starts_with(&site_canon)) {
        return Err(Diagnostic::input(format!(
            "the e-paper folder {} holds the edition's own files",
            folder.display()
        ))
        .hint("write the e-paper to a folder of its own")
        .into());
    }
    crate::output::write_site(&folder, &site.files)?;
    if target.archive {
        let templates = match &target.templates {
            Some(dir) => Templates::with_files(read_templates(dir)?)?,
            None => Templates::default(),
        };
        let index = target.folder.join("index.html");
        refuse_overwrite(&inputs, &index, "choose another archive folder")?;
        let html = epaper::archive_index(&archive_entries(&target.folder), &templates)?;
        crate::output::write_atomic(&index, html.as_bytes())?;
    }
    outcome.timings.push(("epaper write", ms(t)));
    Ok(folder)
}

/// The editions in an archive: every `YYYY-MM/DD/` folder holding an `edition.json`.
fn archive_entries(root: &Path) -> Vec<epaper::ArchiveEntry> {
    let is = |name: &str, pattern: &str| {
        name.len() == pattern.len()
            && name
                .chars()
                .zip(pattern.chars())
                .all(|(c, p)| if p == '9' { c.is_ascii_digit() } else { c == p })
    };
    let names = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut entries = Vec::new();
    for month in names(root).into_iter().filter(|m| is(m, "9999-99")) {
        for day in names(&root.join(&month))
            .into_iter()
            .filter(|d| is(d, "99"))
        {
            let folder = format!("{month}/{day}");
            let json = std::fs::read(root.join(&folder).join(crate::output::SITE_MARK));
            let Some(edition) = json
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            else {
                continue;
            };
            let paper = edition["paper"].as_str().unwrap_or("").to_string();
            let title = format!(
                "{} {} 总第{}期",
                paper,
                edition["date_chinese"].as_str().unwrap_or(&folder),
                edition["issue_total"].as_u64().unwrap_or(0)
            );
            entries.push(epaper::ArchiveEntry {
                folder,
                title,
                paper,
            });
        }
    }
    entries
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
    outcome.inputs = input_paths(&p.input);
    outcome.diagnostics.extend(p.input.warnings.clone());
    finish_diagnostics(&mut outcome, p.layout, options.strict);
    if outcome.diagnostics.has_errors() {
        return outcome;
    }
    let parts = EpaperParts {
        input: &p.input,
        resolved: &p.resolved,
        book: &p.book,
        pages: &pages,
        frames: &frames,
        decoded: p.inks.decoded(),
        threads: options.threads,
    };
    let written = make_epaper(&parts, target, false, &mut outcome)
        .and_then(|site| write_epaper(&site, target, p.resolved.info.date, &p.input, &mut outcome));
    match written {
        Ok(folder) => outcome.written.push(folder),
        Err(e) => outcome.diagnostics.extend(e),
    }
    outcome
}

fn write_outputs(
    edition: &Path,
    input: &Input,
    resolved: &Resolved,
    book: &FontBook,
    pages: Vec<crate::display::DisplayPage>,
    options: &BuildOptions,
    outcome: &mut Outcome,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let selected = select_pages(pages, options.pages.as_deref(), edition)?;
    let pdf_options = pdf_options(input, resolved, options)?;
    let info = &resolved.info;
    let targets: Vec<(PathBuf, Vec<crate::display::DisplayPage>)> = if options.split {
        let dir = options
            .output
            .clone()
            .unwrap_or_else(|| model::parent(edition));
        let pattern = input
            .edition
            .split_pattern
            .as_ref()
            .map_or_else(|| "{code}-{date}-{page}.pdf".into(), |p| p.0.clone());
        let mut targets = Vec::new();
        for p in selected {
            let name = pattern
                .replace("{code}", &info.code)
                .replace("{date}", &info.date.compact())
                .replace("{page}", &format!("{:02}", p.number));
            // The pattern and the code are checked as they are read; this guards the rest.
            if let Some(why) = model::paths::bad_file_name(&name) {
                return Err(Diagnostic::input(format!(
                    "the split file name \"{name}\" is not one file name: {why}"
                ))
                .at(Location::file(&input.edition_path))
                .hint("every file --split writes lies inside -o's folder; check split_pattern and code")
                .into());
            }
            targets.push((dir.join(name), vec![p]));
        }
        targets
    } else {
        let out = options.output.clone().unwrap_or_else(|| {
            model::parent(edition).join(format!("{}-{}.pdf", info.code, info.date.compact()))
        });
        vec![(out, selected)]
    };
    let inputs = input_paths(input);
    for (target, _) in &targets {
        refuse_overwrite(&inputs, target, "choose another output path with -o")?;
    }
    if options.split {
        refuse_same_names(&targets, input)?;
    }
    let t = Instant::now();
    let mut files = Vec::new();
    for (path, pages) in targets {
        let (bytes, warnings) = pdf::write_pdf_with_warnings(&pages, book, &pdf_options)?;
        outcome.diagnostics.extend(warnings);
        files.push((path, bytes));
    }
    outcome.timings.push(("pdf", ms(t)));
    let t = Instant::now();
    crate::output::write_all(&files).map_err(Diagnostics::from)?;
    outcome.timings.push(("write", ms(t)));
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// The pages `--pages` asks for, in its order, moved out of `pages` (a page named twice is
/// copied for its second place).
fn select_pages(
    pages: Vec<crate::display::DisplayPage>,
    wanted: Option<&[u32]>,
    edition: &Path,
) -> Result<Vec<crate::display::DisplayPage>, Diagnostics> {
    let Some(wanted) = wanted else {
        return Ok(pages);
    };
    let count = pages.len();
    let mut pages: Vec<Option<crate::display::DisplayPage>> = pages.into_iter().map(Some).collect();
    let mut out: Vec<crate::display::DisplayPage> = Vec::new();
    for n in wanted {
        let slot = pages
            .iter_mut()
            .find(|p| p.as_ref().is_some_and(|p| p.number == *n));
        let taken = match slot {
            Some(slot) => slot.take(),
            None => out.iter().find(|p| p.number == *n).cloned(),
        };
        match taken {
            Some(p) => out.push(p),
            None => {
                return Err(Diagnostic::input(format!(
                    "there is no page {n}; the edition has {count} pages"
                ))
                .at(Location::file(edition))
                .hint("--pages takes page numbers such as 2 or 1,3 or 2-4")
                .into());
            }
        }
    }
    Ok(out)
}

/// Parse a page list: `2`, `1,3`, `2-4`.
pub fn parse_pages(text: &str) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("\"{part}\" is not a page number or range");
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (
                    a.trim().parse().map_err(|_| bad())?,
                    b.trim().parse().map_err(|_| bad())?,
                );
                if a == 0 || b < a || b - a > 1000 {
                    return Err(bad());
                }
                out.extend(a..=b);
            }
            None => out.push(part.parse().ok().filter(|n| *n > 0).ok_or_else(bad)?),
        }
    }
    if out.is_empty() {
        return Err("no pages given".into());
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn pdf_options(
    input: &Input,
    resolved: &Resolved,
    options: &BuildOptions,
) -> Result<PdfOptions, Diagnostics> {
    let info = &resolved.info;
    let print = &resolved.print;
    // `--icc` is the operator's choice; a profile the layout names is read like the edition's
    // other files, inside the root.
    let policy = if options.icc.is_some() {
        ReadPolicy::anywhere()
    } else {
        ReadPolicy::for_edition(&input.edition_path, &options.roots)?
    };
    let icc_profile = match options.icc.as_ref().or(print.icc_profile.as_ref()) {
        Some(path) => {
            let bytes = policy.read(path, InputKind::Profile).map_err(|e| {
                let named_by = if options.icc.is_some() {
                    "--icc".to_string()
                } else {
                    input.layout_path.display().to_string()
                };
                let mut d = e.hint(format!("named by {named_by}"));
                if d.message.starts_with("failed to read") {
                    d.message = d
                        .message
                        .replace("failed to read file", "failed to read the ICC profile");
                }
                d
            })?;
            Some((path.clone(), bytes))
        }
        None => None,
    };
    Ok(PdfOptions {
        standard: if options.x4 || print.x4 {
            PdfStandard::X4
        } else {
            PdfStandard::X1a
        },
        output_condition: output_condition(options, print, icc_profile.as_ref()),
        icc_profile,
        bleed: print.bleed,
        marks: options.marks,
        title: format!(
            "{} {} 总第{}期",
            info.paper,
            info.date.chinese(),
            info.issue_total
        ),
        creation_date: creation_date(info.date, options.source_date_epoch),
        ink_limit: print.ink_limit,
        rendering_intent: print.rendering_intent,
        black_point_compensation: print.black_point_compensation,
        jpeg_quality: print.jpeg_quality.get(),
        min_ppi: print.min_ppi,
        threads: options.threads,
        ..PdfOptions::default()
    })
}

/// The output intent's condition: a profile given with `--icc` names it by its own
/// description (or, without a readable one, its file name), since the layout's
/// `output_condition` describes the layout's profile, not the operator's; otherwise the
/// layout's.
fn output_condition(
    options: &BuildOptions,
    print: &crate::resolve::PrintSettings,
    profile: Option<&(PathBuf, Vec<u8>)>,
) -> String {
    match (&options.icc, profile) {
        (Some(_), Some((path, bytes))) => pdf::profile_description(bytes).unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(|| "custom".into(), |s| s.to_string_lossy().into_owned())
        }),
        _ => print.output_condition.clone(),
    }
}

/// The timestamp written into the PDF: `SOURCE_DATE_EPOCH` when given (reproducible builds),
/// else midnight UTC of the edition date. Never the clock: the same input gives the same bytes.
fn creation_date(date: resolve::Date, source_date_epoch: Option<i64>) -> (i32, u8, u8, u8, u8, u8) {
    if let Some(secs) = source_date_epoch {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        return (
            y,
            m,
            d,
            (rem / 3600) as u8,
            (rem % 3600 / 60) as u8,
            (rem % 60) as u8,
        );
    }
    (date.year, date.month, date.day, 0, 0, 0)
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    ((if m <= 2 { y + 1 } else { y }) as i32, m as u8, d as u8)
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

/// With --split, two pages written to the same file would leave only the last: refuse.
fn refuse_same_names(
    targets: &[(PathBuf, Vec<crate::display::DisplayPage>)],
    input: &Input,
) -> Result<(), Diagnostic> {
    for (i, (path, _)) in targets.iter().enumerate() {
        if targets[..i].iter().any(|(p, _)| p == path) {
            let pattern = input
                .edition
                .split_pattern
                .as_ref()
                .map_or("", |p| p.0.as_str());
            return Err(Diagnostic::input(format!(
                "split_pattern \"{pattern}\" gives several pages the same file name {}",
                path.display()
            ))
            .at(Location::file(&input.edition_path))
            .hint("put {page} in the split_pattern, e.g. \"{code}-{date}-{page}.pdf\""));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_parse() {
        assert_eq!(parse_pages("2"), Ok(vec![2]));
        assert_eq!(parse_pages("3,1"), Ok(vec![1, 3]));
        assert_eq!(parse_pages("2-4"), Ok(vec![2, 3, 4]));
        assert!(parse_pages("0").is_err());
        assert!(parse_pages("x").is_err());
        assert!(parse_pages("4-2").is_err());
    }

    #[test]
    fn epoch_seconds_to_civil_date() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_220), (2022, 8, 16));
    }
}
