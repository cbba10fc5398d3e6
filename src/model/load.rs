//! The steps of [`super::load_replacing`]: the layout beside the page plans, then the
//! pictures and the articles the plans name, each file read once through the read policy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{
    Article, Artwork, Edition, InputKind, LayoutSpec, LoadedPage, PagePlan, Picture, ReadPolicy,
    artwork_from_bytes, artwork_from_svg, fit, is_pdf, is_svg, named_at, normalize, parent, paths,
    picture_from_bytes, read_article_with, read_yaml, yaml,
};
use crate::diag::{Diagnostic, Diagnostics, Location};

/// The layout and the page plans (`replace` standing in for one of them), read side by
/// side: YAML parsing is most of this stage (serde-saphyr reads about 5 MB/s), and the layout
/// file is as long as all plans together. A layout that fails is `None`, its errors first in
/// `errors`, as when the files were read one after another.
pub(super) fn layout_and_plans(
    policy: &ReadPolicy,
    (edition, edition_path): (&Edition, &Path),
    layout_path: &Path,
    replace: Option<(usize, LoadedPage)>,
    errors: &mut Diagnostics,
) -> (Option<LayoutSpec>, Vec<LoadedPage>) {
    let base = parent(edition_path);
    let (layout, pages) = std::thread::scope(|scope| {
        let layout = scope.spawn(|| read_yaml::<LayoutSpec>(policy, layout_path));
        let mut replace = replace;
        let pages = read_plans(policy, edition, edition_path, &base, &mut replace, errors);
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
                errors,
                named_at(e, &yaml::location(edition_path, &edition.layout.referenced)),
            );
            errors.extend(plan_errors);
            None
        }
    };
    (layout, pages)
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

/// Read every article named by the plans whose thread reaches a wanted page, once each; an
/// article placed twice is an error. Also returns every article path named, read or not.
pub(super) fn load_articles(
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

/// Read every picture and ad named by the plans of wanted pages (and the logo) once.
pub(super) fn load_pictures(
    policy: &ReadPolicy,
    pages: &[LoadedPage],
    wanted_page: &dyn Fn(usize) -> bool,
    logo: Option<(PathBuf, Location)>,
    errors: &mut Diagnostics,
) -> Placeable {
    let mut pictures = BTreeMap::new();
    let mut artwork = BTreeMap::new();
    // A file that failed is reported once, at the first key that names it.
    let mut failed = std::collections::BTreeSet::new();
    for (path, named_at) in named_pictures(pages, wanted_page, logo) {
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

/// The logo, then every picture and ad the plans of wanted pages name, in plan order, each
/// with where it is named.
fn named_pictures(
    pages: &[LoadedPage],
    wanted_page: &dyn Fn(usize) -> bool,
    logo: Option<(PathBuf, Location)>,
) -> Vec<(PathBuf, Option<Location>)> {
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
    wanted
}
