//! The e-paper (数字报): the laid-out edition as a static web site, from the same layout as the
//! PDF.
//!
//! Input: the model, the layout's pages, frames and report, the font book. Output: every file
//! as a path relative to the site root and its bytes, handed to [`SiteFiles`] as it is made;
//! nothing is written here (a build stages them in a folder beside the site's with
//! `output::begin_site` and puts the folder in place at the end, atomically). The site:
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
use crate::display::{DisplayPage, Item};
use crate::fonts::FontBook;
use crate::layout::{FitReport, Rect};
use crate::model::Input;
use crate::render::{DecodedPictures, GlyphPhase, PictureLinks, Renderer, SvgOptions};
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
    /// The CMYK photos the build decodes for the ink check, drawn from their samples instead
    /// of decoded again (taken as the pictures are drawn; the build may still be decoding
    /// them).
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

/// Where a site's files go as they are made, each once: a build writes each into the site's
/// folder being staged beside its place (`output::StagedSite`) as soon as it is made, so that
/// its bytes are let go at once (a page's SVG is about a megabyte, and the next page then
/// reuses the memory instead of touching fresh pages) and the writing overlaps the drawing.
pub trait SiteFiles: Sync {
    /// Take the file at `path` (relative to the site's root, with `/`).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
}

/// How long each part of making a site took (milliseconds), for the build's report.
pub type Timings = Vec<(&'static str, f64)>;

/// The e-paper's page drawings begun: every glyph the pages draw read, with its SVG path and
/// its mask for the page PNGs. It needs only the laid-out pages, so a build makes it while the
/// photos [`site`] needs are still being decoded.
pub struct Glyphs {
    renderer: Renderer,
    ms: f64,
}

impl Glyphs {
    /// Read and fill every glyph of `pages`, on `options.threads` threads.
    pub fn read(pages: &[DisplayPage], book: &FontBook, options: &EpaperOptions) -> Glyphs {
        let t = Instant::now();
        // Whole-pixel glyphs: one mask per glyph and size instead of up to four, and no
        // quarter-pixel placing to see at this size.
        let mut renderer = Renderer::new().with_glyph_phase(GlyphPhase::Whole);
        renderer.preload_glyphs(pages, book, Some(options.png_dpi), options.threads);
        Glyphs {
            renderer,
            ms: ms(t),
        }
    }
}

/// Make the e-paper of an edition, drawing its pages with `glyphs` (read from the same pages),
/// each file into `files` as it is made.
pub fn site(
    source: &Source<'_>,
    options: &EpaperOptions,
    glyphs: Glyphs,
    files: &dyn SiteFiles,
) -> Result<Timings, Diagnostic> {
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
    let mut timings = vec![("epaper glyphs", glyphs.ms)];
    let t = Instant::now();
    // One renderer that has read every glyph and picture of the pages once, on every thread;
    // clones of it draw the pages.
    let mut renderer = glyphs.renderer.with_decoded(source.decoded.clone());
    renderer.preload_pictures(source.pages, Some(WEB_PICTURE_SIDE), options.threads);
    for (picture, item) in edition.pictures.iter_mut().zip(picture_items) {
        if let Some(web) = renderer.web_jpeg(item, WEB_PICTURE_SIDE) {
            picture.pixels = [web.pixels.0, web.pixels.1];
            files.put(&picture.src, &web.jpeg)?;
        }
    }
    edition.pictures.retain(|p| p.pixels != [0, 0]);
    timings.push(("epaper pictures", ms(t)));
    let t = Instant::now();
    drawn_and_written(source, options, &renderer, &edition, files)?;
    timings.push(("epaper pages and html", ms(t)));
    crate::pool::drop_beside((renderer, edition));
    Ok(timings)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// What each thread of [`drawn_and_written`] draws with: a clone of the renderer (which keeps
/// the buffer of the last page's pixels for the next page) and buffers for the files, reused
/// from page to page (a page's SVG is about a megabyte: in a buffer of its own every time, it
/// was that much fresh memory, which costs about as much to touch as writing it).
struct Drawer {
    renderer: Renderer,
    svg: String,
    png: Vec<u8>,
}

/// One job of [`drawn_and_written`].
enum Part<'a> {
    Svg(&'a DisplayPage),
    Png(&'a DisplayPage),
    /// Every HTML page, and the style sheet.
    Html,
    Json,
}

/// Each page as SVG and PNG, drawn by clones of `renderer` (which has read every glyph and
/// picture and filled every mask), and the HTML and `edition.json`: each a job of its own on
/// `threads` threads, the longest first by [`job_cost`] (two pages a thread left one thread
/// idle while the other finished a busier pair; the HTML after the drawings left one idle for
/// as long as it took). Each job puts its files into `files` as it makes them.
fn drawn_and_written(
    source: &Source<'_>,
    options: &EpaperOptions,
    renderer: &Renderer,
    edition: &Edition,
    files: &dyn SiteFiles,
) -> Result<(), Diagnostic> {
    let svg_options = SvgOptions {
        pictures: PictureLinks::WebJpeg(WEB_PICTURE_SIDE),
        ..SvgOptions::default()
    };
    let mut parts: Vec<Part<'_>> = source
        .pages
        .iter()
        .flat_map(|page| [Part::Svg(page), Part::Png(page)])
        .collect();
    parts.extend([Part::Html, Part::Json]);
    let cost = |part: &Part<'_>| job_cost(part, source.pages);
    let threads = options.threads.max(1);
    let drawer = || Drawer {
        renderer: renderer.clone(),
        svg: String::new(),
        png: Vec::new(),
    };
    let made = crate::pool::map_with(threads, &parts, cost, drawer, |own, part| match *part {
        Part::Svg(page) => {
            let svg = &mut own.svg;
            own.renderer.svg_into(page, source.book, &svg_options, svg);
            files.put(&format!("pages/{:02}.svg", page.number), svg.as_bytes())
        }
        Part::Png(page) => {
            let png = &mut own.png;
            own.renderer
                .png_into(page, source.book, options.png_dpi, png)?;
            files.put(&format!("pages/{:02}.png", page.number), png)
        }
        Part::Html => {
            for (path, html) in html_files(edition, &options.templates)? {
                files.put(&path, &html)?;
            }
            let style = options.templates.source(templates::STYLE);
            files.put(templates::STYLE, style.as_bytes())
        }
        Part::Json => {
            let json = serde_json::to_vec_pretty(edition)
                .map_err(|e| Diagnostic::internal(format!("edition.json: {e}")))?;
            files.put("edition.json", &json)
        }
    });
    made.into_iter().collect()
}

/// A guess at a job of [`drawn_and_written`], in the time an SVG takes per glyph, so that
/// the longest start first and the threads end together: on the sample, a page's PNG takes
/// about three times its SVG, a photo on it about as long again as a thousand glyphs for every
/// 12 KB of JPEG (it is scaled to its place), the HTML (the articles' text) about a third of
/// the SVGs, the JSON a tenth of the HTML.
fn job_cost(part: &Part<'_>, pages: &[DisplayPage]) -> usize {
    // Glyphs drawn and bytes of pictures placed.
    let weight = |page: &DisplayPage| {
        page.items.iter().fold((0, 0), |(g, p), item| match item {
            Item::Text(run) => (g + run.glyphs.len(), p),
            Item::Image(image) => (g, p + image.data.len()),
            _ => (g, p),
        })
    };
    let glyphs = |page: &DisplayPage| weight(page).0;
    let all = || pages.iter().map(glyphs).sum::<usize>();
    match part {
        Part::Svg(page) => glyphs(page),
        Part::Png(page) => {
            let (glyphs, photo_bytes) = weight(page);
            3 * glyphs + photo_bytes / 12
        }
        Part::Html => all() / 3,
        Part::Json => all() / 30,
    }
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
    // Made a template value once: serialised into each page's context, it was most of the time.
    let whole = minijinja::Value::from_serialize(edition);
    let index = templates.render(
        &env,
        "index.html",
        minijinja::context! { edition => whole, articles, root => "" },
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
            minijinja::context! { edition => whole, page, spots, prev, next, root => "../" },
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
            minijinja::context! { edition => whole, article, pictures, appearances, root => "../" },
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
