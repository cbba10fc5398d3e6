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
mod load;
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
    let (layout, pages) = load::layout_and_plans(
        policy,
        (&edition, edition_path),
        &layout_path,
        replace,
        &mut errors,
    );
    let logo = edition.masthead.logo.as_ref().map(|p| {
        (
            normalize(&base.join(&p.value)),
            yaml::location(edition_path, &p.referenced),
        )
    });
    let wanted = |page: usize| page_wanted(only, page);
    let (pictures, artwork) = load::load_pictures(policy, &pages, &wanted, logo, &mut errors);
    let mut warnings = Diagnostics::new();
    let (articles, article_paths) =
        load::load_articles(policy, &pages, &wanted, &mut errors, &mut warnings);
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

/// Whether the page at 0-based position `page` is built when `only` (1-based positions, as
/// `--pages` gives them) is the selection; every page when there is none.
pub fn page_wanted(only: Option<&[u32]>, page: usize) -> bool {
    only.is_none_or(|o| u32::try_from(page + 1).is_ok_and(|n| o.contains(&n)))
}

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
