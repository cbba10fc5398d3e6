//! `paiban import`: stories as reporters hand them in (Word .docx, text from the newsroom
//! system in UTF-8, UTF-16 or GB18030, Markdown) to paiban article files.
//!
//! A front end to the pipeline, beside `model`: it writes the files `model` reads.
//!
//! ```text
//! .docx ──► docx::read ─┐
//!                       ├─► Story ──► detect ──► Draft ──► write ──► article text ──► lint/fix
//! .txt/.md ► decode ► plain::read ─┘   (paragraphs)   (front matter, body)
//! ```
//!
//! The readers and `detect`/`write` are pure; this module reads the inputs, checks that
//! nothing would be overwritten (without `--force`), and writes every file at once, so a run
//! that fails writes nothing. Every article written is parsed back with paiban's own reader
//! before it is written. The rules are in docs/import.md.

mod decode;
mod detect;
mod docx;
mod paths;
mod plain;
pub mod plan;
mod story;
mod summary;
mod write;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{self, lint};
pub use plan::GridPair;
use story::Story;

/// What to import and where.
#[derive(Debug, Clone)]
pub struct Request {
    /// Story files and folders of them.
    pub inputs: Vec<PathBuf>,
    /// The folder the article files go to (pictures in its `pictures/`).
    pub out_dir: PathBuf,
    /// Overwrite existing files.
    pub force: bool,
    /// Apply the copy lint's fixes (straight quotes, half-width punctuation).
    pub fix: bool,
    /// Also place the (single) imported article on a page plan.
    pub into: Option<Placement>,
}

/// `--into PAGE.yaml --at [c,l] --size [c,l]`.
#[derive(Debug, Clone)]
pub struct Placement {
    /// The page plan to add the block to.
    pub plan: PathBuf,
    /// The block's top-left grid cell.
    pub at: GridPair,
    /// The block's size in grid cells.
    pub size: GridPair,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Errors (nothing was written) or warnings.
    pub diagnostics: Diagnostics,
    /// The summary for the editor: per story, what was detected and why.
    pub summary: String,
    /// The files written.
    pub written: Vec<PathBuf>,
}

/// Files to write: (path, contents).
type Files = Vec<(PathBuf, Vec<u8>)>;

/// One story converted, not yet written.
struct Converted {
    source: PathBuf,
    target: PathBuf,
    text: String,
    pictures: Files,
    source_kind: String,
    findings: Vec<detect::Finding>,
}

/// Run an import.
pub fn import(request: &Request) -> Outcome {
    let mut outcome = Outcome::default();
    let sources = match paths::expand(&request.inputs) {
        Ok(s) => s,
        Err(d) => {
            outcome.diagnostics.push(d);
            return outcome;
        }
    };
    let mut converted = Vec::new();
    for source in &sources {
        match convert(source, &request.out_dir, request.fix) {
            Ok((c, warnings)) => {
                outcome.diagnostics.extend(warnings);
                converted.push(c);
            }
            Err(errors) => outcome.diagnostics.extend(errors),
        }
    }
    if outcome.diagnostics.has_errors() {
        return outcome;
    }
    let mut files: Files = Vec::new();
    for c in &converted {
        files.push((c.target.clone(), c.text.clone().into_bytes()));
        files.extend(c.pictures.iter().cloned());
    }
    if let Some(placement) = &request.into {
        match place(placement, &converted) {
            Ok((plan_files, warnings)) => {
                files.extend(plan_files);
                outcome.diagnostics.extend(Diagnostics(warnings));
            }
            Err(d) => {
                outcome.diagnostics.push(d);
                return outcome;
            }
        }
    }
    let refused = paths::refuse_overwrite(&files, &sources, request.force, request.into.as_ref());
    if let Err(errors) = refused {
        outcome.diagnostics.extend(errors);
        return outcome;
    }
    if let Err(e) = crate::output::write_all(&files) {
        outcome.diagnostics.push(e);
        return outcome;
    }
    outcome.summary = summary::render(&converted_summaries(&converted));
    outcome.written = files.into_iter().map(|(p, _)| p).collect();
    outcome
}

fn converted_summaries(converted: &[Converted]) -> Vec<summary::Entry<'_>> {
    converted
        .iter()
        .map(|c| summary::Entry {
            source: &c.source,
            target: &c.target,
            kind: &c.source_kind,
            pictures: c.pictures.iter().map(|(p, _)| p.as_path()).collect(),
            findings: &c.findings,
        })
        .collect()
}

/// Read, detect and write one story (in memory), with its lint warnings.
fn convert(
    source: &Path,
    out_dir: &Path,
    fix: bool,
) -> Result<(Converted, Diagnostics), Diagnostics> {
    let bytes = std::fs::read(source).map_err(|e| {
        Diagnostic::input(format!("failed to read file ({e})"))
            .in_file(source)
            .hint("check the path")
    })?;
    let stem = paths::stem(source);
    let target = out_dir.join(format!("{stem}.md"));
    let mut warnings = Diagnostics::new();
    let (text, pictures, kind, findings) = match read_story(source, &bytes)? {
        Read::Story(story, kind, reader_warnings) => {
            for w in reader_warnings {
                warnings.push(w.in_file(source));
            }
            let draft = detect::detect(&story);
            let (pictures, names) = picture_files(&story, &draft, out_dir, &stem);
            (
                write::article(&draft, &names),
                pictures,
                kind,
                draft.findings,
            )
        }
        Read::Article(text, kind) => (text, Vec::new(), kind, Vec::new()),
    };
    let text = if fix { lint::fix(&text) } else { text };
    if let Err(errors) = model::parse_article(&target, &text) {
        return Err(readback_failure(source, errors));
    }
    warnings.extend(lint::lint(&target, &text));
    let converted = Converted {
        source: source.to_path_buf(),
        target,
        text,
        pictures,
        source_kind: kind,
        findings,
    };
    Ok((converted, warnings))
}

/// What a file held.
enum Read {
    /// A story to detect the structure of: (story, what the file was, the reader's warnings).
    Story(Story, String, Vec<Diagnostic>),
    /// Already a paiban article (a .md with front matter): its text, decoded.
    Article(String, String),
}

fn read_story(source: &Path, bytes: &[u8]) -> Result<Read, Diagnostics> {
    let ext = paths::extension(source);
    if ext == "docx" || bytes.starts_with(b"PK\x03\x04") {
        let (story, warnings) = docx::read(bytes).map_err(|d| d.in_file(source))?;
        return Ok(Read::Story(story, "Word .docx".into(), warnings));
    }
    let decoded = decode::decode(bytes).map_err(|e| {
        Diagnostic::input(e.message)
            .at(Location::file(source))
            .hint(e.hint)
    })?;
    let markdown = matches!(ext.as_str(), "md" | "markdown");
    let kind = format!(
        "{} text{}",
        decoded.encoding,
        if markdown { ", Markdown" } else { "" }
    );
    let text = decoded.text;
    if markdown && (text.starts_with("---\n") || text.starts_with("---\r\n")) {
        return Ok(Read::Article(
            text,
            format!("{kind}, already a paiban article"),
        ));
    }
    Ok(Read::Story(plain::read(&text, markdown), kind, Vec::new()))
}

/// The pictures of a story as files under `out_dir/pictures/`, and the paths the article's
/// comment lines name them by.
fn picture_files(
    story: &Story,
    draft: &detect::Draft,
    out_dir: &Path,
    stem: &str,
) -> (Files, Vec<(usize, String)>) {
    let mut files = Vec::new();
    let mut names = Vec::new();
    for item in &draft.body {
        if let detect::Item::Picture { index, .. } = item
            && let Some(picture) = story.pictures.get(*index)
            && !picture.bytes.is_empty()
        {
            let name = format!("pictures/{stem}-{}.{}", files.len() + 1, picture.extension);
            files.push((out_dir.join(&name), picture.bytes.clone()));
            names.push((*index, name));
        }
    }
    (files, names)
}

/// The article written does not parse: a bug in the importer, unless the input was already an
/// article (then it is the input's error, at the same lines).
fn readback_failure(source: &Path, errors: Diagnostics) -> Diagnostics {
    if paths::extension(source) == "md" {
        let mut out = Diagnostics::new();
        for mut d in errors.0 {
            if let Some(loc) = &mut d.location {
                loc.file = source.to_path_buf();
            }
            out.push(d);
        }
        return out;
    }
    let first = errors
        .iter()
        .next()
        .map_or(String::new(), |d| d.to_string());
    Diagnostic::internal(format!(
        "the article imported from {} does not read back: {first}",
        source.display()
    ))
    .into()
}

/// Add the block to the page plan: the plan's new text (and its .bak), and any overlap warnings.
fn place(
    placement: &Placement,
    converted: &[Converted],
) -> Result<(Files, Vec<Diagnostic>), Diagnostic> {
    let [one] = converted else {
        return Err(Diagnostic::input(format!(
            "--into places one article, and {} stories were imported",
            converted.len()
        ))
        .hint("import the story to place on its own with --into, the others without"));
    };
    let text = model::read_text(&placement.plan)?;
    let article = paths::relative_to(&model::parent(&placement.plan), &one.target)?;
    let (new_text, warnings) = plan::insert_block(
        &placement.plan,
        &text,
        &article,
        placement.at,
        placement.size,
    )?;
    let mut backup = placement.plan.clone().into_os_string();
    backup.push(".bak");
    Ok((
        vec![
            (PathBuf::from(backup), text.into_bytes()),
            (placement.plan.clone(), new_text.into_bytes()),
        ],
        warnings,
    ))
}
