//! The PDF files of a build: the pages `--pages` asks for, one file or one per page
//! (`--split`), each made by the PDF stage, then (once the build has taken the ink check)
//! all of them written atomically.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::pdf_options::pdf_options;
use super::{BuildOptions, Outcome, input_paths, ms, refuse_overwrite};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::display::DisplayPage;
use crate::fonts::FontBook;
use crate::model::{self, Input};
use crate::output::StagedFiles;
use crate::pdf;
use crate::resolve::Resolved;

/// A PDF file to write and the pages it holds (indices into the edition's pages).
type Target = (PathBuf, Vec<usize>);

/// The PDF files [`make_pdfs`] made, not yet written (or, once [`MadePdfs::stage`]d, written
/// beside their targets).
pub(super) struct MadePdfs {
    /// Each path and its bytes (none once staged).
    files: Vec<(PathBuf, Vec<u8>)>,
    /// The files written to temporaries beside their targets, or why they could not be.
    staged: Option<Result<StagedFiles, Diagnostic>>,
    /// What the PDF stage warned of (pictures it could not embed as they are, and the like).
    warnings: Diagnostics,
    /// How long making them took (milliseconds).
    ms: f64,
}

impl MadePdfs {
    /// The files written to temporaries beside their targets now, their bytes let go: with
    /// `--epaper` the PDF's thread does it while the e-paper is still drawing, leaving only
    /// the renames for the end of the build. Nothing is in place yet, and a failure to write
    /// is kept to be reported when the build would write (after the ink check, whose errors
    /// come first as they do without the e-paper).
    pub(super) fn stage(mut self) -> Self {
        self.staged = Some(crate::output::stage_all(&self.files));
        for (_, bytes) in &mut self.files {
            *bytes = Vec::new();
        }
        self
    }

    /// The warnings and the time into the outcome; the files (with their bytes unless
    /// staged), and the staged files.
    pub(super) fn take(self, outcome: &mut Outcome) -> (Vec<(PathBuf, Vec<u8>)>, Staged) {
        outcome.diagnostics.extend(self.warnings);
        outcome.timings.push(("pdf", self.ms));
        (self.files, self.staged)
    }
}

/// [`MadePdfs::stage`]'s result, if they were staged.
pub(super) type Staged = Option<Result<StagedFiles, Diagnostic>>;

/// The PDF files of `pages` as `options` asks, made but not written. It touches nothing of the
/// build's outcome, so a build may make them on a thread beside the e-paper.
pub(super) fn make_pdfs(
    edition: &Path,
    input: &Input,
    resolved: &Resolved,
    book: &FontBook,
    pages: &[DisplayPage],
    options: &BuildOptions,
) -> Result<MadePdfs, Diagnostics> {
    let selected = select_pages(pages, options.pages.as_deref(), edition)?;
    let pdf_options = pdf_options(input, resolved, options)?;
    let info = &resolved.info;
    let targets: Vec<Target> = if options.split {
        split_targets(edition, input, resolved, pages, selected, options)?
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
    let mut all_warnings = Diagnostics::default();
    for (path, indices) in targets {
        let (bytes, warnings) =
            pdf::write_pdf_with_warnings(&pages_of(pages, &indices), book, &pdf_options)?;
        all_warnings.extend(warnings);
        files.push((path, bytes));
    }
    Ok(MadePdfs {
        files,
        staged: None,
        warnings: all_warnings,
        ms: ms(t),
    })
}

/// The files [`make_pdfs`] made, written all at once; the paths written.
pub(super) fn write_pdfs(
    files: Vec<(PathBuf, Vec<u8>)>,
    outcome: &mut Outcome,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let t = Instant::now();
    crate::output::write_all(&files).map_err(Diagnostics::from)?;
    outcome.timings.push(("write", ms(t)));
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// The pages at `indices`: borrowed where they follow each other (the whole edition, one page
/// of `--split`, `--pages 2-3`), copied where `--pages` reorders or repeats them.
fn pages_of<'a>(pages: &'a [DisplayPage], indices: &[usize]) -> Cow<'a, [DisplayPage]> {
    let consecutive = indices.windows(2).all(|w| w[1] == w[0] + 1);
    match (indices.first(), indices.last()) {
        (Some(&first), Some(&last)) if consecutive => Cow::Borrowed(&pages[first..=last]),
        _ => Cow::Owned(indices.iter().map(|&i| pages[i].clone()).collect()),
    }
}

/// With `--split`: one file per page, named by the edition's `split_pattern`, in the output
/// folder (default: the edition's).
fn split_targets(
    edition: &Path,
    input: &Input,
    resolved: &Resolved,
    pages: &[DisplayPage],
    selected: Vec<usize>,
    options: &BuildOptions,
) -> Result<Vec<Target>, Diagnostics> {
    let info = &resolved.info;
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
    for i in selected {
        let p = &pages[i];
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
        targets.push((dir.join(name), vec![i]));
    }
    Ok(targets)
}

/// The indices of the pages `--pages` asks for, in its order (a page named twice comes
/// twice); every page without it.
fn select_pages(
    pages: &[DisplayPage],
    wanted: Option<&[u32]>,
    edition: &Path,
) -> Result<Vec<usize>, Diagnostics> {
    let Some(wanted) = wanted else {
        return Ok((0..pages.len()).collect());
    };
    let mut out = Vec::new();
    for n in wanted {
        match pages.iter().position(|p| p.number == *n) {
            Some(i) => out.push(i),
            None => {
                return Err(Diagnostic::input(format!(
                    "there is no page {n}; the edition has {} pages",
                    pages.len()
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
/// With --split, two pages written to the same file would leave only the last: refuse.
fn refuse_same_names(targets: &[Target], input: &Input) -> Result<(), Diagnostic> {
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
}
