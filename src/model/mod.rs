//! Stage 1, model: read the edition, its layout, page plans and articles into typed structs.
//!
//! Input: the path of `edition.yaml`. Output: [`Input`], everything the later stages need,
//! with paths resolved relative to the file that names them. Every error names a file and,
//! where it can, the line and column. This is the only stage that reads the files of an
//! edition (fonts are read by the font book, `crate::fonts`).

mod art;
mod article;
mod fit;
mod image;
mod layouts;
pub mod lint;
pub mod paths;
mod settings;
mod types;
pub mod vector;
pub mod yaml;
mod yaml_words;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

pub use art::{ArtSource, Artwork, Preflight, artwork_from_bytes, artwork_from_svg};
pub use article::parse_article;
pub use fit::{BlockSize, CopyfitLimits, CopyfitSpec, Height, InStack, Stack};
pub use image::{ImageFormat, Orientation, Picture, picture_from_bytes, read_picture};
pub use layouts::{LayoutRef, SHIPPED, ShippedLayout, shipped_text};
pub use paths::{InputKind, Limits, ReadPolicy, RootOptions};
pub use settings::{
    Align, Breaker, Byline, Direction, Kinsoku, PdfStandard, PunctStyle, StyleName, TitlePosition,
    UprightLatin,
};
pub use types::*;

use crate::diag::{Diagnostic, Diagnostics, Location};

/// Everything read from the files of one edition.
#[derive(Debug, Clone)]
pub struct Input {
    /// The edition file.
    pub edition_path: PathBuf,
    /// The edition.
    pub edition: Edition,
    /// The layout file.
    pub layout_path: PathBuf,
    /// The layout.
    pub layout: LayoutSpec,
    /// The page plans, in page order.
    pub pages: Vec<LoadedPage>,
    /// Every article named by a plan, by resolved path (with [`load_pages`], only those whose
    /// thread reaches the requested pages).
    pub articles: BTreeMap<PathBuf, Article>,
    /// Every article path named by a plan, read or not: the files an output must never replace.
    pub article_paths: Vec<PathBuf>,
    /// Every picture named by a plan (and the masthead logo), by resolved path.
    pub pictures: BTreeMap<PathBuf, Picture>,
    /// Every placed PDF (`ad:` blocks, `picture:` naming a .pdf), by resolved path.
    pub artwork: BTreeMap<PathBuf, std::sync::Arc<Artwork>>,
    /// Warnings found while reading (markup outside the article subset, in file order).
    pub warnings: Diagnostics,
}

/// A page plan and where it came from.
#[derive(Debug, Clone)]
pub struct LoadedPage {
    /// The plan file.
    pub path: PathBuf,
    /// The plan.
    pub plan: PagePlan,
}

/// Read an edition and everything it names. Collects as many errors as it can before giving up.
pub fn load(edition_path: &Path) -> Result<Input, Diagnostics> {
    load_pages(edition_path, None)
}

/// [`load`] for a build of some pages only (`--pages`): the articles and pictures of blocks on
/// other pages are not read, unless an article's thread (`article:` and its `continues:`
/// blocks, which name the same file) reaches one of the pages. Every plan is still read, since
/// jump lines and page numbers need them all. `only` holds 1-based page positions.
pub fn load_pages(edition_path: &Path, only: Option<&[u32]>) -> Result<Input, Diagnostics> {
    load_confined(edition_path, only, &RootOptions::default())
}

/// [`load_pages`] under the read policy `options` sets up (edition root, limits; see
/// [`paths`]): every file the edition names is checked before it is read.
pub fn load_confined(
    edition_path: &Path,
    only: Option<&[u32]>,
    options: &RootOptions,
) -> Result<Input, Diagnostics> {
    load_replacing(edition_path, only, options, None)
}

/// [`load_confined`] with the plan of one page (0-based position) replaced by one made in
/// memory, as the page planner does: the articles and pictures that plan names are read
/// through the same read policy as the rest of the edition.
pub fn load_replacing(
    edition_path: &Path,
    only: Option<&[u32]>,
    options: &RootOptions,
    replace: Option<(usize, LoadedPage)>,
) -> Result<Input, Diagnostics> {
    let policy = ReadPolicy::for_edition(edition_path, options)?;
    let policy = &policy;
    let mut errors = Diagnostics::new();
    let edition: Edition = read_yaml(policy, edition_path)?;
    let base = parent(edition_path);
    let layout_path = edition.layout.value.path(&base);
    // The layout file is parsed beside the page plans: YAML parsing is most of this stage
    // (serde-saphyr reads about 5 MB/s), and the layout file is as long as all plans together.
    let (layout, pages) = std::thread::scope(|scope| {
        let layout = scope.spawn(|| read_yaml::<LayoutSpec>(policy, &layout_path));
        let mut replace = replace;
        let pages = read_plans(
            policy,
            &edition,
            edition_path,
            &base,
            &mut replace,
            &mut errors,
        );
        if let Some((index, _)) = replace {
            errors.push(
                Diagnostic::input(format!(
                    "the edition has {} pages, so there is no page {} to plan",
                    edition.pages.len(),
                    index + 1
                ))
                .at(Location::file(edition_path))
                .hint("name a page the edition lists under `pages:`"),
            );
        }
        // `read_yaml` returns its errors; a panic there would be a bug, reported as one.
        let layout = layout
            .join()
            .unwrap_or_else(|_| Err(Diagnostic::internal("parsing the layout file failed").into()));
        (layout, pages)
    });
    let layout = match layout {
        Ok(l) => Some(l),
        Err(e) => {
            // Layout problems come first, as when the files were read one after another.
            let plan_errors = std::mem::replace(
                &mut errors,
                named_at(e, &yaml::location(edition_path, &edition.layout.referenced)),
            );
            errors.extend(plan_errors);
            None
        }
    };
    let logo = edition.masthead.logo.as_ref().map(|p| {
        (
            normalize(&base.join(&p.value)),
            yaml::location(edition_path, &p.referenced),
        )
    });
    let wanted = |page: usize| page_wanted(only, page);
    let (pictures, artwork) = load_pictures(policy, &pages, &wanted, logo, &mut errors);
    let mut warnings = Diagnostics::new();
    let (articles, article_paths) =
        load_articles(policy, &pages, &wanted, &mut errors, &mut warnings);
    match layout {
        Some(layout) if !errors.has_errors() => Ok(Input {
            edition_path: edition_path.to_path_buf(),
            edition,
            layout_path,
            layout,
            pages,
            articles,
            article_paths,
            pictures,
            artwork,
            warnings,
        }),
        _ => Err(errors),
    }
}

/// Every page plan the edition lists, in order; a plan listed twice or unreadable is reported.
fn read_plans(
    policy: &ReadPolicy,
    edition: &Edition,
    edition_path: &Path,
    base: &Path,
    replace: &mut Option<(usize, LoadedPage)>,
    errors: &mut Diagnostics,
) -> Vec<LoadedPage> {
    let mut pages = Vec::new();
    // Plan path → its page number (1-based position in `pages:`).
    let mut seen_pages: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for (index, entry) in edition.pages.iter().enumerate() {
        let path = normalize(&base.join(&entry.value));
        if let Some(&first) = seen_pages.get(&path) {
            errors.push(
                Diagnostic::input(format!(
                    "page plan \"{}\" is listed twice",
                    entry.value.display()
                ))
                .at(yaml::location(edition_path, &entry.referenced))
                .hint(format!(
                    "it is already page {first} (entry {first} of `pages:`); list each page once"
                )),
            );
            continue;
        }
        seen_pages.insert(path.clone(), index + 1);
        // The page being planned: its plan is made in memory, its file need not exist yet.
        if replace.as_ref().is_some_and(|(i, _)| *i == index) {
            if let Some((_, page)) = replace.take() {
                pages.push(page);
            }
            continue;
        }
        match read_yaml::<PagePlan>(policy, &path) {
            Ok(mut plan) => match fit::flatten_stacks(&path, std::mem::take(&mut plan.blocks)) {
                Ok(blocks) => {
                    plan.blocks = blocks;
                    pages.push(LoadedPage { path, plan });
                }
                Err(e) => errors.extend(e),
            },
            Err(e) => errors.extend(named_at(
                e,
                &yaml::location(edition_path, &entry.referenced),
            )),
        }
    }
    pages
}

/// Whether the page at 0-based position `page` is built when `only` (1-based positions, as
/// `--pages` gives them) is the selection; every page when there is none.
pub fn page_wanted(only: Option<&[u32]>, page: usize) -> bool {
    only.is_none_or(|o| u32::try_from(page + 1).is_ok_and(|n| o.contains(&n)))
}

/// Read every article named by the plans whose thread reaches a wanted page, once each; an
/// article placed twice is an error. Also returns every article path named, read or not.
fn load_articles(
    policy: &ReadPolicy,
    pages: &[LoadedPage],
    wanted: &dyn Fn(usize) -> bool,
    errors: &mut Diagnostics,
    warnings: &mut Diagnostics,
) -> (BTreeMap<PathBuf, Article>, Vec<PathBuf>) {
    // Threads that reach a wanted page: an article is named by its `article:` block and by every
    // `continues:` block of its jumps.
    let mut reaching: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
    for (_, page) in pages.iter().enumerate().filter(|&(i, _)| wanted(i)) {
        let base = parent(&page.path);
        for block in &page.plan.blocks {
            for rel in [&block.value.article, &block.value.continues]
                .into_iter()
                .flatten()
            {
                reaching.insert(normalize(&base.join(rel)));
            }
        }
    }
    let mut articles = BTreeMap::new();
    let mut placed: BTreeMap<PathBuf, Location> = BTreeMap::new();
    for page in pages {
        let base = parent(&page.path);
        for block in &page.plan.blocks {
            let here = yaml::location(&page.path, &block.referenced);
            if let Some(rel) = &block.value.article {
                let path = normalize(&base.join(rel));
                if let Some(first) = placed.get(&path) {
                    errors.push(
                        Diagnostic::input(format!("article \"{}\" is used twice", rel.display()))
                            .at(here.clone())
                            .hint(format!("it is already placed at {first}; to continue it on another block use `continues:`")),
                    );
                    continue;
                }
                placed.insert(path.clone(), here);
                if !reaching.contains(&path) {
                    continue;
                }
                let named = placed.get(&path).cloned();
                match read_article_with(policy, &path) {
                    Ok((a, w)) => {
                        articles.insert(path, a);
                        warnings.extend(w);
                    }
                    Err(e) => match named {
                        Some(at) => errors.extend(named_at(e, &at)),
                        None => errors.extend(e),
                    },
                }
            }
        }
    }
    (articles, placed.into_keys().collect())
}

/// The pictures and placed PDFs read for a build, by resolved path.
type Placeable = (
    BTreeMap<PathBuf, Picture>,
    BTreeMap<PathBuf, std::sync::Arc<Artwork>>,
);

/// Whether a path names a PDF to place (by its extension, as editors name files).
pub fn is_pdf(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Whether a path names an SVG to place as vectors (by its extension).
pub fn is_svg(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
}

/// Read every picture and ad named by the plans of wanted pages (and the logo) once.
fn load_pictures(
    policy: &ReadPolicy,
    pages: &[LoadedPage],
    wanted_page: &dyn Fn(usize) -> bool,
    logo: Option<(PathBuf, Location)>,
    errors: &mut Diagnostics,
) -> Placeable {
    let mut pictures = BTreeMap::new();
    let mut artwork = BTreeMap::new();
    let mut wanted: Vec<(PathBuf, Option<Location>)> =
        logo.into_iter().map(|(p, at)| (p, Some(at))).collect();
    for (_, page) in pages.iter().enumerate().filter(|&(i, _)| wanted_page(i)) {
        let base = parent(&page.path);
        for block in &page.plan.blocks {
            for rel in [&block.value.picture, &block.value.ad]
                .into_iter()
                .flatten()
            {
                wanted.push((
                    normalize(&base.join(rel)),
                    Some(yaml::location(&page.path, &block.referenced)),
                ));
            }
        }
    }
    // A file that failed is reported once, at the first key that names it.
    let mut failed = std::collections::BTreeSet::new();
    for (path, named_at) in wanted {
        if pictures.contains_key(&path) || artwork.contains_key(&path) || failed.contains(&path) {
            continue;
        }
        let svg = is_svg(&path);
        let read = policy.read(&path, InputKind::Picture).and_then(|data| {
            if svg {
                let art = artwork_from_svg(&path, &data)?;
                artwork.insert(path.clone(), art);
            } else if is_pdf(&path) {
                let art = artwork_from_bytes(&path, &data)?;
                artwork.insert(path.clone(), art);
            } else {
                let picture = picture_from_bytes(&path, data)?;
                pictures.insert(path.clone(), picture);
            }
            Ok(())
        });
        if read.is_err() {
            failed.insert(path.clone());
        }
        match read {
            Ok(()) => {}
            Err(e) => errors.push(match named_at {
                Some(at) if e.message.starts_with(paths::REFUSED) => e.at(at),
                // The message names the SVG and the line in it; the error sits at the key.
                Some(at) if svg && e.location.is_none() => e.at(at),
                Some(at) => e.hint(format!("named at {at}")),
                None => e,
            }),
        }
    }
    (pictures, artwork)
}

/// Say where a file that could not be read is named: a missing file's own path is no help in
/// finding the plan line that names it. A file the read policy refused is reported at that line
/// (the message names the file and the rule).
fn named_at(errors: Diagnostics, at: &Location) -> Diagnostics {
    let mut out = Diagnostics::new();
    for d in errors.0 {
        out.push(if d.message.starts_with(paths::REFUSED) {
            d.at(at.clone())
        } else if d.message.starts_with("failed to read") {
            d.hint(format!("named at {at}"))
        } else {
            d
        });
    }
    out
}

/// Read a text file (with no confinement; the article size limit), with a clear message when
/// it is missing or not UTF-8. A shipped layout's pseudo path reads the text compiled into
/// paiban.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    read_text_with(&ReadPolicy::anywhere(), path, InputKind::Article)
}

/// [`read_text`] under a read policy (a shipped layout is paiban's own, never confined).
pub fn read_text_with(
    policy: &ReadPolicy,
    path: &Path,
    kind: InputKind,
) -> Result<String, Diagnostic> {
    if let Some(text) = shipped_text(path) {
        return Ok(text.to_string());
    }
    let bytes = policy.read(path, kind)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let valid = String::from_utf8_lossy(&bytes[..offset]);
        let mut d = Diagnostic::input("the file is not UTF-8 text")
            .at(Location::from_offset(path, &valid, offset));
        if looks_like_gb18030(bytes) {
            d = d.hint("it looks like GBK/GB18030; convert it with `iconv -f GB18030 -t UTF-8`");
        }
        d.hint("save the file as UTF-8")
    })
}

/// Whether bytes that are not UTF-8 look like GBK/GB18030 Chinese: mostly pairs of a lead byte
/// 0x81–0xFE and a trail byte 0x40–0xFE.
pub fn looks_like_gb18030(bytes: &[u8]) -> bool {
    let (mut pairs, mut bad, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
        } else if (0x81..=0xFE).contains(&b)
            && i + 1 < bytes.len()
            && (0x40..=0xFE).contains(&bytes[i + 1])
            && bytes[i + 1] != 0x7F
        {
            pairs += 1;
            i += 2;
        } else {
            bad += 1;
            i += 1;
        }
    }
    pairs > 0 && bad * 10 <= pairs
}

fn read_yaml<T: serde::de::DeserializeOwned>(
    policy: &ReadPolicy,
    path: &Path,
) -> Result<T, Diagnostics> {
    let text = drop_invisible_format(read_text_with(policy, path, InputKind::Yaml)?);
    yaml::parse(path, &text, 0).map_err(Diagnostics::from)
}

/// Read an article file: the article and its warnings, or its errors (with any warnings).
pub fn read_article(path: &Path) -> Result<(Article, Diagnostics), Diagnostics> {
    read_article_with(&ReadPolicy::anywhere(), path)
}

fn read_article_with(
    policy: &ReadPolicy,
    path: &Path,
) -> Result<(Article, Diagnostics), Diagnostics> {
    let text = drop_invisible_format(read_text_with(policy, path, InputKind::Article)?);
    parse_article(path, &text)
}

/// Format characters that only steer joining and have no glyph: ZWNJ, ZWJ, word joiner, and
/// a BOM inside the text (zero-width no-break space). Chinese composition has no use for them
/// and the fonts have no glyphs, so they are dropped as a file is read rather than reported as
/// missing glyphs. The soft hyphen is kept (it is handled where lines break). Columns reported
/// later on the same line count without the dropped characters.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn drop_invisible_format(text: String) -> String {
    if text.contains(is_invisible_format) {
        text.replace(is_invisible_format, "")
    } else {
        text
    }
}

/// The directory of a file (`.` for a bare file name).
pub fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Lexically remove `.` and `a/..` from a path (no file-system access).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_parent = out.components().next_back() == Some(Component::ParentDir);
                if last_is_parent || !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_collapses_dots() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.md")),
            PathBuf::from("a/c.md")
        );
        assert_eq!(
            normalize(Path::new("samples/x/../../layouts/s.yaml")),
            PathBuf::from("layouts/s.yaml")
        );
    }

    #[test]
    fn gbk_bytes_are_recognised() {
        // "东昌时讯" in GBK.
        let gbk = [0xB6, 0xAB, 0xB2, 0xFD, 0xCA, 0xB1, 0xD1, 0xB6];
        assert!(looks_like_gb18030(&gbk));
        assert!(!looks_like_gb18030(&[0xFF, 0xFF, 0x00, 0xFF]));
    }
}
