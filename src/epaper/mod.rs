//! The e-paper (数字报): the laid-out edition as a static web site, from the same layout as the
//! PDF.
//!
//! Input: the model, the layout's pages, frames and report, the font book. Output: a [`Site`],
//! every file as a path relative to the site root and its bytes; nothing is written here
//! (`output::write_site` puts the folder in place, atomically). The site:
//!
//! - `index.html`: the edition, a thumbnail of every page with its section, the articles;
//! - `pages/NN.html`: the page drawn by [`crate::render`] (SVG over a PNG, which shows first
//!   and stays for browsers that cannot draw the SVG), a link per article over the union of its
//!   frames on the page ([`outline`], exact for L-shapes), the page's articles beside it;
//! - `articles/ID.html`: headline group, dateline, byline, the whole body (continuations
//!   joined, no jump lines), subheads, run-ins, quotes, verse, pictures with caption and
//!   credit, and a link to each page and spot it appears on;
//! - `images/`: the pictures as sRGB JPEGs (CMYK photos converted as the proof shows them);
//! - `edition.json` ([`data::Edition`]) and `style.css`.
//!
//! The HTML comes from [`Templates`] a paper can replace.

mod data;
mod outline;
mod templates;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

pub use data::Edition;
pub use templates::Templates;

use crate::diag::Diagnostic;
use crate::display::DisplayPage;
use crate::fonts::FontBook;
use crate::layout::{FitReport, Rect};
use crate::model::Input;
use crate::render::{DecodedPictures, GlyphPhase, PictureLinks, Preload, Renderer, SvgOptions};
use crate::resolve::{Date, EditionInfo};

/// Everything the e-paper is made from: the build's results, borrowed.
pub struct Source<'a> {
    /// The edition as read.
    pub input: &'a Input,
    /// Paper, date, issue.
    pub info: &'a EditionInfo,
    /// The fonts the pages were set in.
    pub book: &'a FontBook,
    /// The laid-out pages.
    pub pages: &'a [DisplayPage],
    /// The fit report (for the section names).
    pub report: &'a FitReport,
    /// Each article's frames ([`crate::layout::LayoutOutput::frames`]).
    pub frames: &'a BTreeMap<PathBuf, Vec<(u32, Rect)>>,
    /// The CMYK photos the build has decoded already (for the ink check), drawn from their
    /// samples instead of decoded again.
    pub decoded: &'a DecodedPictures,
}

/// How to make the site.
#[derive(Debug, Clone)]
pub struct EpaperOptions {
    /// The templates.
    pub templates: Templates,
    /// Resolution of the page PNGs (and the index's thumbnails).
    pub png_dpi: f32,
    /// Threads to draw the pages on.
    pub threads: usize,
}

impl Default for EpaperOptions {
    fn default() -> Self {
        EpaperOptions {
            templates: Templates::default(),
            png_dpi: PNG_DPI,
            threads: 1,
        }
    }
}

/// The page PNGs' resolution: a 四开 page about 540 pixels tall. The PNG is the index's
/// thumbnail and what the page shows until its SVG is drawn (or instead of it), and it is
/// drawn with every glyph: at 72 dpi its glyph masks, drawing and PNG encoding were half the
/// e-paper's time; at 36 dpi headlines stay readable in it and it is as sharp as a thumbnail
/// on a double-density screen needs (the index shows it about 220 to 380 pixels wide). The
/// SVG is the page to read.
pub const PNG_DPI: f32 = 36.0;
/// The longest side of a picture on an article page, in pixels. The page SVG holds the same
/// JPEG as a data URL (an SVG shown as an image loads nothing from outside it).
const WEB_PICTURE_SIDE: u32 = 1200;

/// A site in memory: paths relative to its root (with `/`), and bytes.
#[derive(Debug, Default)]
pub struct Site {
    /// The files, in a stable order.
    pub files: Vec<(String, Vec<u8>)>,
    /// How long each part took (milliseconds), for the build's report.
    pub timings: Vec<(&'static str, f64)>,
}

/// Make the e-paper of an edition.
pub fn site(source: &Source<'_>, options: &EpaperOptions) -> Result<Site, Diagnostic> {
    let sections: BTreeMap<u32, String> = source
        .report
        .pages
        .iter()
        .map(|p| (p.page, p.section.clone()))
        .collect();
    let data::Gathered {
        mut edition,
        picture_items,
    } = data::gather(
        source.input,
        source.info,
        source.pages,
        &sections,
        source.frames,
    );
    let mut site = Site::default();
    let t = Instant::now();
    let mut renderer = preloaded(source, options);
    for (picture, item) in edition.pictures.iter_mut().zip(picture_items) {
        if let Some(web) = renderer.web_jpeg(item, WEB_PICTURE_SIDE) {
            picture.pixels = [web.pixels.0, web.pixels.1];
            site.files.push((picture.src.clone(), web.jpeg.clone()));
        }
    }
    edition.pictures.retain(|p| p.pixels != [0, 0]);
    site.timings.push(("epaper glyphs and pictures", ms(t)));
    let t = Instant::now();
    site.files.extend(page_images(source, options, &renderer)?);
    site.timings.push(("epaper pages", ms(t)));
    let t = Instant::now();
    site.files.extend(html_files(&edition, &options.templates)?);
    site.files.push((
        templates::STYLE.into(),
        options
            .templates
            .source(templates::STYLE)
            .as_bytes()
            .to_vec(),
    ));
    site.timings.push(("epaper html", ms(t)));
    let t = Instant::now();
    let json = serde_json::to_vec_pretty(&edition)
        .map_err(|e| Diagnostic::internal(format!("edition.json: {e}")))?;
    site.files.push(("edition.json".into(), json));
    site.timings.push(("epaper json", ms(t)));
    Ok(site)
}

/// One renderer that has read every glyph and picture of the pages once, on every thread; the
/// pages are drawn by clones of it.
fn preloaded(source: &Source<'_>, options: &EpaperOptions) -> Renderer {
    // Whole-pixel glyphs: one mask per glyph and size instead of up to four, and no
    // quarter-pixel placing to see at this size.
    let mut renderer = Renderer::new()
        .with_glyph_phase(GlyphPhase::Whole)
        .with_decoded(source.decoded.clone());
    let preload = Preload {
        web_side: Some(WEB_PICTURE_SIDE),
        raster_dpi: Some(options.png_dpi),
        threads: options.threads,
    };
    renderer.preload(source.pages, source.book, &preload);
    renderer
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Each page as SVG and PNG, drawn on `threads` threads by clones of `renderer` (which has
/// read every glyph and picture and filled every mask). Each drawing is a job of its own, the
/// busiest pages first: two pages a thread left one thread idle while the other finished a
/// busier pair.
fn page_images(
    source: &Source<'_>,
    options: &EpaperOptions,
    renderer: &Renderer,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let svg_options = SvgOptions {
        pictures: PictureLinks::WebJpeg(WEB_PICTURE_SIDE),
        ..SvgOptions::default()
    };
    let jobs: Vec<(&DisplayPage, bool)> = source
        .pages
        .iter()
        .flat_map(|page| [(page, true), (page, false)])
        .collect();
    let drawn = crate::pool::map(
        options.threads.max(1),
        &jobs,
        |(page, _)| page.items.len(),
        |&(page, svg)| {
            let mut renderer = renderer.clone();
            let n = page.number;
            if svg {
                let svg = renderer.svg(page, source.book, &svg_options);
                Ok((format!("pages/{n:02}.svg"), svg.into_bytes()))
            } else {
                let png = renderer.png(page, source.book, options.png_dpi)?;
                Ok::<_, Diagnostic>((format!("pages/{n:02}.png"), png))
            }
        },
    );
    drawn.into_iter().collect()
}

/// An article's link on a page: where it goes and the polygons it covers.
#[derive(Serialize)]
struct Spot<'a> {
    id: &'a str,
    href: &'a str,
    title: &'a str,
    /// SVG `points` lists, one per polygon.
    polygons: Vec<String>,
}

/// A page an article appears on, for its page's links back.
#[derive(Serialize)]
struct Appearance<'a> {
    page: u32,
    section: &'a str,
    href: String,
}

fn html_files(
    edition: &Edition,
    templates: &Templates,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let env = templates.environment()?;
    let articles: BTreeMap<&str, &data::ArticleData> = edition
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let mut files = Vec::new();
    let index = templates.render(
        &env,
        "index.html",
        minijinja::context! { edition, articles, root => "" },
    )?;
    files.push(("index.html".to_string(), index.into_bytes()));
    for (i, page) in edition.pages.iter().enumerate() {
        let spots: Vec<Spot<'_>> = page
            .articles
            .iter()
            .filter_map(|id| articles.get(id.as_str()))
            .map(|a| spot(a, page.number))
            .collect();
        let prev = i.checked_sub(1).and_then(|k| edition.pages.get(k));
        let next = edition.pages.get(i + 1);
        let html = templates.render(
            &env,
            "page.html",
            minijinja::context! { edition, page, spots, prev, next, root => "../" },
        )?;
        files.push((page.html.clone(), html.into_bytes()));
    }
    for article in &edition.articles {
        let pictures: Vec<&data::PictureData> = edition
            .pictures
            .iter()
            .filter(|p| p.article.as_deref() == Some(article.id.as_str()))
            .collect();
        let appearances: Vec<Appearance<'_>> = article
            .hotspots
            .iter()
            .filter_map(|h| edition.pages.iter().find(|p| p.number == h.page))
            .map(|p| Appearance {
                page: p.number,
                section: &p.section,
                href: format!("{}#spot-{}", p.html, article.id),
            })
            .collect();
        let html = templates.render(
            &env,
            "article.html",
            minijinja::context! { edition, article, pictures, appearances, root => "../" },
        )?;
        files.push((article.html.clone(), html.into_bytes()));
    }
    Ok(files)
}

fn spot(article: &data::ArticleData, page: u32) -> Spot<'_> {
    let polygons = article
        .hotspots
        .iter()
        .filter(|h| h.page == page)
        .flat_map(|h| &h.polygons)
        .map(|poly| {
            poly.iter()
                .map(|[x, y]| format!("{x},{y}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    Spot {
        id: &article.id,
        href: &article.html,
        title: &article.title,
        polygons,
    }
}

/// Where an edition goes in an archive: `YYYY-MM/DD`.
pub fn archive_folder(date: Date) -> String {
    format!("{:04}-{:02}/{:02}", date.year, date.month, date.day)
}

/// One edition found in an archive.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveEntry {
    /// Its folder under the archive root, `YYYY-MM/DD`.
    pub folder: String,
    /// Paper, date and issue, from its `edition.json`.
    pub title: String,
    /// The paper's name.
    pub paper: String,
}

/// The archive's date index (`ROOT/index.html`) of the editions found, newest first, by month.
pub fn archive_index(
    entries: &[ArchiveEntry],
    templates: &Templates,
) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct Month<'a> {
        title: String,
        editions: Vec<Link<'a>>,
    }
    #[derive(Serialize)]
    struct Link<'a> {
        href: String,
        title: &'a str,
    }
    let mut sorted: Vec<&ArchiveEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| b.folder.cmp(&a.folder));
    let mut months: Vec<Month<'_>> = Vec::new();
    for e in sorted {
        let month = e.folder.split('/').next().unwrap_or("");
        let title = match month.split_once('-') {
            Some((y, m)) => format!("{y}年{}月", m.trim_start_matches('0')),
            None => month.to_string(),
        };
        if months.last().is_none_or(|m| m.title != title) {
            months.push(Month {
                title,
                editions: Vec::new(),
            });
        }
        if let Some(m) = months.last_mut() {
            m.editions.push(Link {
                href: format!("{}/index.html", e.folder),
                title: &e.title,
            });
        }
    }
    let paper = entries.first().map_or("", |e| e.paper.as_str());
    let env = templates.environment()?;
    templates.render(
        &env,
        "archive.html",
        minijinja::context! { months, paper, css => archive_css_href(entries) },
    )
}

/// The archive index borrows the newest edition's style sheet.
fn archive_css_href(entries: &[ArchiveEntry]) -> String {
    entries
        .iter()
        .map(|e| e.folder.as_str())
        .max()
        .map_or_else(String::new, |f| format!("{f}/style.css"))
}
