//! The e-paper of a build: the site made from the same layout as the PDF, each file written
//! into a folder beside the site's as it is made, then put in place (into an archive with its
//! date index, when asked) once the build may write.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{EpaperTarget, Outcome, input_paths, ms, refuse_overwrite};
use crate::diag::{Diagnostic, Diagnostics};
use crate::epaper::{self, Templates};
use crate::fonts::FontBook;
use crate::layout;
use crate::model::{self, Input};
use crate::render::DecodedPictures;
use crate::resolve::{self, Resolved};

/// What the e-paper is made from, borrowed from a build.
pub(super) struct EpaperParts<'a> {
    pub(super) input: &'a Input,
    pub(super) resolved: &'a Resolved,
    pub(super) book: &'a FontBook,
    pub(super) pages: &'a [crate::display::DisplayPage],
    pub(super) frames: &'a std::collections::BTreeMap<PathBuf, Vec<(u32, layout::Rect)>>,
    pub(super) threads: usize,
}

/// The e-paper site, drawing the CMYK photos from `decoded` (which a build may still be
/// decoding: a photo not decoded yet when a page needs it is decoded then, or waited for),
/// staged beside its folder: nothing is in place until [`write_epaper`] or
/// [`write_pdfs_and_epaper`], and dropped, the staged files are removed.
pub(super) fn make_epaper(
    parts: &EpaperParts<'_>,
    decoded: DecodedPictures,
    target: &EpaperTarget,
    some_pages: bool,
    outcome: &mut Outcome,
) -> Result<StagedEpaper, Diagnostics> {
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
    let options = epaper::EpaperOptions {
        templates,
        threads: parts.threads,
        ..epaper::EpaperOptions::default()
    };
    let staged = begin_epaper(target, parts.input, parts.resolved.info.date)?;
    let glyphs = epaper::Glyphs::read(parts.pages, parts.book, &options);
    let source = epaper::Source {
        input: parts.input,
        info: &parts.resolved.info,
        book: parts.book,
        pages: parts.pages,
        report: &outcome.report,
        frames: parts.frames,
        decoded: &decoded,
    };
    let mut timings = epaper::site(&source, &options, glyphs, &staged.staged)?;
    outcome.timings.append(&mut timings);
    outcome.timings.push(("epaper", ms(t)));
    Ok(staged)
}

/// A build's site files go straight into the folder staged beside the site's.
impl epaper::SiteFiles for crate::output::StagedSite {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        crate::output::StagedSite::put(self, path, bytes)
    }
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

/// Put the staged site in place (into an archive, with its date index, when asked); the
/// folder written.
pub(super) fn write_epaper(
    staged: StagedEpaper,
    target: &EpaperTarget,
    input: &Input,
    outcome: &mut Outcome,
) -> Result<PathBuf, Diagnostics> {
    let t = Instant::now();
    let (folder, old) = finish_epaper(staged, target, input)?;
    drop(old);
    outcome.timings.push(("epaper write", ms(t)));
    Ok(folder)
}

/// The PDFs and the site of one build put in place together: both are written beside their
/// targets already (`staged_pdfs` at `pdfs`), and are put in place only now (the site, then
/// the PDFs), so a build that fails to write either changes neither. The files written: the
/// PDFs, then the site's folder.
pub(super) fn write_pdfs_and_epaper(
    staged_pdfs: crate::output::StagedFiles,
    pdfs: Vec<PathBuf>,
    staged_site: StagedEpaper,
    target: &EpaperTarget,
    input: &Input,
    outcome: &mut Outcome,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let t = Instant::now();
    // On failure the staged site and PDFs are removed as they drop here.
    let (folder, old_site) = finish_epaper(staged_site, target, input)?;
    // The old site (a few megabytes in the kernel's cache to let go) is removed while the
    // PDFs are renamed into place (as the old PDFs are let go).
    super::beside(move || drop(old_site), || staged_pdfs.commit()).1?;
    outcome.timings.push(("write", ms(t)));
    let mut files = pdfs;
    files.push(folder);
    Ok(files)
}

/// The site being written into a temporary folder beside its own.
pub(super) struct StagedEpaper {
    folder: PathBuf,
    staged: crate::output::StagedSite,
}

/// The site's temporary folder made beside its folder (in an archive, the edition's `date`
/// folder): nothing in place yet.
fn begin_epaper(
    target: &EpaperTarget,
    input: &Input,
    date: resolve::Date,
) -> Result<StagedEpaper, Diagnostics> {
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
    let staged = crate::output::begin_site(&folder)?;
    Ok(StagedEpaper { folder, staged })
}

/// The staged site put in place, and in an archive its date index updated; the folder, and
/// the old site, removed as it drops.
fn finish_epaper(
    staged: StagedEpaper,
    target: &EpaperTarget,
    input: &Input,
) -> Result<(PathBuf, crate::output::OldSite), Diagnostics> {
    let old = staged.staged.commit_keeping_old()?;
    if target.archive {
        let templates = match &target.templates {
            Some(dir) => Templates::with_files(read_templates(dir)?)?,
            None => Templates::default(),
        };
        let index = target.folder.join("index.html");
        refuse_overwrite(&input_paths(input), &index, "choose another archive folder")?;
        let html = epaper::archive_index(&archive_entries(&target.folder), &templates)?;
        crate::output::write_atomic(&index, html.as_bytes())?;
    }
    Ok((staged.folder, old))
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
