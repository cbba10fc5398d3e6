//! Stage 1, model: read the edition, its layout, page plans and articles into typed structs.
//!
//! Input: the path of `edition.yaml`. Output: [`Input`], everything the later stages need,
//! with paths resolved relative to the file that names them. Every error names a file and,
//! where it can, the line and column. This is the only stage that reads the files of an
//! edition (fonts are read by `resolve::fonts`).

mod article;
mod types;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

pub use article::parse_article;
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
    /// Every article named by a plan, by resolved path.
    pub articles: BTreeMap<PathBuf, Article>,
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
    let mut errors = Diagnostics::new();
    let edition: Edition = read_yaml(edition_path)?;
    let base = parent(edition_path);
    let layout_path = normalize(&base.join(&edition.layout));
    let layout = match read_yaml::<LayoutSpec>(&layout_path) {
        Ok(l) => Some(l),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let mut pages = Vec::new();
    let mut seen_pages: BTreeMap<PathBuf, u32> = BTreeMap::new();
    for entry in &edition.pages {
        let path = normalize(&base.join(&entry.value));
        if let Some(first) = seen_pages.insert(path.clone(), entry.referenced.line() as u32) {
            errors.push(
                Diagnostic::input(format!("page plan \"{}\" is listed twice", entry.value.display()))
                    .at(yaml::location(edition_path, &entry.referenced))
                    .hint(format!("it is already page {first}'s entry; list each page once")),
            );
            continue;
        }
        match read_yaml::<PagePlan>(&path) {
            Ok(plan) => pages.push(LoadedPage { path, plan }),
            Err(e) => errors.extend(e),
        }
    }
    let articles = load_articles(&pages, &mut errors);
    match layout {
        Some(layout) if !errors.has_errors() => Ok(Input {
            edition_path: edition_path.to_path_buf(),
            edition,
            layout_path,
            layout,
            pages,
            articles,
        }),
        _ => Err(errors),
    }
}

/// Read every article named by the plans, once each; an article placed twice is an error.
fn load_articles(pages: &[LoadedPage], errors: &mut Diagnostics) -> BTreeMap<PathBuf, Article> {
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
                match read_article(&path) {
                    Ok(a) => {
                        articles.insert(path, a);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
    }
    articles
}

/// Read a text file, with a clear message when it is missing or not UTF-8.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        let d = Diagnostic::input(format!("failed to read file ({e})")).in_file(path);
        if e.kind() == std::io::ErrorKind::NotFound {
            d.hint("check the path; paths are relative to the file that names them")
        } else {
            d
        }
    })?;
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
        } else if (0x81..=0xFE).contains(&b) && i + 1 < bytes.len() && (0x40..=0xFE).contains(&bytes[i + 1]) && bytes[i + 1] != 0x7F {
            pairs += 1;
            i += 2;
        } else {
            bad += 1;
            i += 1;
        }
    }
    pairs > 0 && bad * 10 <= pairs
}

fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Diagnostics> {
    let text = read_text(path)?;
    yaml::parse(path, &text, 0).map_err(Diagnostics::from)
}

/// Read an article file.
pub fn read_article(path: &Path) -> Result<Article, Diagnostic> {
    let text = read_text(path)?;
    parse_article(path, &text)
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
        assert_eq!(normalize(Path::new("a/./b/../c.md")), PathBuf::from("a/c.md"));
        assert_eq!(normalize(Path::new("samples/x/../../layouts/s.yaml")), PathBuf::from("layouts/s.yaml"));
    }

    #[test]
    fn gbk_bytes_are_recognised() {
        // "东昌时讯" in GBK.
        let gbk = [0xB6, 0xAB, 0xB2, 0xFD, 0xCA, 0xB1, 0xD1, 0xB6];
        assert!(looks_like_gb18030(&gbk));
        assert!(!looks_like_gb18030(&[0xFF, 0xFF, 0x00, 0xFF]));
    }
}
