//! The machine-readable edition (`edition.json`) and the data every template reads: pages,
//! articles with their text in blocks and runs, frames and hotspot polygons in page points
//! (origin at the trimmed page's top-left, y downwards, as in the display list), pictures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::outline;
use crate::display::{DisplayPage, ImageItem, Item};
use crate::layout::Rect;
use crate::model::{Article, BodyBlock, Direction, Emphasis, Input, Para, TitlePosition};
use crate::resolve::EditionInfo;

/// The whole edition.
#[derive(Debug, Clone, Serialize)]
pub struct Edition {
    /// Paper name (报名).
    pub paper: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// The date in Chinese, `2022年8月16日`.
    pub date_chinese: String,
    /// 总第N期.
    pub issue_total: u32,
    /// Units of every coordinate.
    pub units: &'static str,
    /// The pages in order.
    pub pages: Vec<PageData>,
    /// The articles in reading order: by the page, then the top, then the left of their first
    /// frame.
    pub articles: Vec<ArticleData>,
    /// The pictures placed on the pages, with the article each sits in.
    pub pictures: Vec<PictureData>,
}

/// One page (版).
#[derive(Debug, Clone, Serialize)]
pub struct PageData {
    /// 第N版.
    pub number: u32,
    /// Section name (版名).
    pub section: String,
    /// Trimmed width and height in points.
    pub width: f32,
    /// See `width`.
    pub height: f32,
    /// The page's HTML, SVG and PNG, relative to the site root.
    pub html: String,
    /// See `html`.
    pub svg: String,
    /// See `html`.
    pub png: String,
    /// Ids of the articles with a frame on this page, top to bottom.
    pub articles: Vec<String>,
}

/// One article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleData {
    /// The id: the file name without `.md` where that is a plain ASCII name, else `article-N`.
    pub id: String,
    /// The article file, relative to the edition's folder.
    pub file: String,
    /// The article page, relative to the site root.
    pub html: String,
    /// 引题.
    pub kicker: Option<String>,
    /// 主题 (the file name when the article has none).
    pub title: String,
    /// 副题.
    pub subtitle: Option<String>,
    /// 讯头.
    pub dateline: Option<String>,
    /// 署名.
    pub byline: Option<String>,
    /// The body, whole (continuations joined, no 下转/上接 lines).
    pub blocks: Vec<Block>,
    /// The body as plain text, a paragraph a line.
    pub text: String,
    /// The frames it runs through, in reading order.
    pub frames: Vec<Frame>,
    /// Per page it appears on, the outline of its frames there.
    pub hotspots: Vec<Hotspot>,
    /// How the paper set it: `horizontal`, `vertical` (竖排, `direction: vertical`) or
    /// `vertical-title` (a 竖题 beside a horizontal body): the article page sets it the same way.
    pub writing: &'static str,
}

/// A block of body text.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// `paragraph`, `subhead`, `quote` or `verse`.
    pub kind: &'static str,
    /// Its paragraphs (one for a paragraph or subhead; a verse has one per line, an empty
    /// one between stanzas).
    pub paras: Vec<Vec<Span>>,
}

/// A run of text in one emphasis. A `\n` is a hard line break.
#[derive(Debug, Clone, Serialize)]
pub struct Span {
    /// The characters.
    pub text: String,
    /// `normal`, `strong` (bold run-ins) or `emphasis` (楷体).
    pub emphasis: &'static str,
}

/// A frame of an article.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    /// 第N版.
    pub page: u32,
    /// Left, top, width, height in points.
    pub rect: [f32; 4],
}

/// An article's outline on one page.
#[derive(Debug, Clone, Serialize)]
pub struct Hotspot {
    /// 第N版.
    pub page: u32,
    /// Closed polygons, corners in points, clockwise on screen.
    pub polygons: Vec<Vec<[f32; 2]>>,
}

/// A picture.
#[derive(Debug, Clone, Serialize)]
pub struct PictureData {
    /// The web copy, relative to the site root.
    pub src: String,
    /// Its size in pixels.
    pub pixels: [u32; 2],
    /// 第N版.
    pub page: u32,
    /// The visible frame on the page, in points.
    pub frame: [f32; 4],
    /// The caption (图片说明).
    pub caption: Option<String>,
    /// The credit.
    pub credit: Option<String>,
    /// The article it sits in, by id.
    pub article: Option<String>,
}

/// The edition's structure before the pictures are encoded: the pictures' display items ride
/// along for the encoder.
pub struct Gathered<'a> {
    pub edition: Edition,
    pub picture_items: Vec<&'a ImageItem>,
}

/// Gather the edition from the layout's results.
pub fn gather<'a>(
    input: &Input,
    info: &EditionInfo,
    pages: &'a [DisplayPage],
    sections: &BTreeMap<u32, String>,
    frames: &BTreeMap<PathBuf, Vec<(u32, Rect)>>,
) -> Gathered<'a> {
    let root = crate::model::parent(&input.edition_path);
    let mut order: Vec<(&PathBuf, &Vec<(u32, Rect)>)> =
        frames.iter().filter(|(_, f)| !f.is_empty()).collect();
    order.sort_by(|a, b| first_place(a.1).total_cmp_key(&first_place(b.1)));
    let writings = writings(input);
    let mut ids: Vec<String> = Vec::new();
    let mut articles = Vec::new();
    for (path, article_frames) in order {
        let Some(article) = input.articles.get(path) else {
            continue;
        };
        let id = article_id(path, &ids, ids.len() + 1);
        ids.push(id.clone());
        let mut data = article_data(article, &root, id, article_frames);
        data.writing = writings.get(path).copied().unwrap_or("horizontal");
        articles.push(data);
    }
    let pages_data = pages
        .iter()
        .map(|p| page_data(p, sections, &articles))
        .collect();
    let (pictures, picture_items) = pictures(input, pages, &articles);
    Gathered {
        edition: Edition {
            paper: info.paper.clone(),
            date: format!(
                "{:04}-{:02}-{:02}",
                info.date.year, info.date.month, info.date.day
            ),
            date_chinese: info.date.chinese(),
            issue_total: info.issue_total,
            units: "pt",
            pages: pages_data,
            articles,
            pictures,
        },
        picture_items,
    }
}

/// Page, top, left of an article's first frame, for ordering.
#[derive(Clone, Copy)]
struct Place(u32, f32, f32);

impl Place {
    fn total_cmp_key(&self, other: &Place) -> std::cmp::Ordering {
        self.0
            .cmp(&other.0)
            .then(self.1.total_cmp(&other.1))
            .then(self.2.total_cmp(&other.2))
    }
}

/// How each article's first block sets it, by the article's resolved path (as the layout
/// resolves a plan's paths: against the plan's folder).
fn writings(input: &Input) -> BTreeMap<PathBuf, &'static str> {
    let mut out = BTreeMap::new();
    for page in &input.pages {
        let base = crate::model::parent(&page.path);
        for block in page.plan.blocks.iter().map(|b| &b.value) {
            let Some(path) = &block.article else {
                continue;
            };
            let writing = if block.direction == Direction::Vertical {
                "vertical"
            } else if block.title_position == TitlePosition::RightVertical {
                "vertical-title"
            } else {
                "horizontal"
            };
            out.entry(crate::model::normalize(&base.join(path)))
                .or_insert(writing);
        }
    }
    out
}

fn first_place(frames: &[(u32, Rect)]) -> Place {
    frames
        .first()
        .map_or(Place(u32::MAX, 0.0, 0.0), |(p, r)| Place(*p, r.y, r.x))
}

/// The file stem when it is a safe, unused name for a web file, else `article-N`.
fn article_id(path: &Path, taken: &[String], n: usize) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe = !stem.is_empty()
        && !stem.starts_with('.')
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if safe && !taken.contains(&stem) {
        stem
    } else {
        format!("article-{n}")
    }
}

fn article_data(article: &Article, root: &Path, id: String, frames: &[(u32, Rect)]) -> ArticleData {
    let front = &article.front;
    let file = article
        .path
        .strip_prefix(root)
        .unwrap_or(&article.path)
        .to_string_lossy()
        .replace('\\', "/");
    let blocks: Vec<Block> = article.body.iter().map(block).collect();
    let text = plain_text(&article.body);
    let mut hotspots: Vec<Hotspot> = Vec::new();
    for (page, _) in frames {
        if hotspots.iter().any(|h| h.page == *page) {
            continue;
        }
        let rects: Vec<Rect> = frames
            .iter()
            .filter(|(p, _)| p == page)
            .map(|(_, r)| *r)
            .collect();
        let polygons = outline::union(&rects)
            .into_iter()
            .map(|poly| {
                poly.into_iter()
                    .map(|(x, y)| [round(x), round(y)])
                    .collect()
            })
            .collect();
        hotspots.push(Hotspot {
            page: *page,
            polygons,
        });
    }
    ArticleData {
        html: format!("articles/{id}.html"),
        id,
        file,
        kicker: front.kicker.clone(),
        title: front.title.clone().unwrap_or_else(|| {
            article
                .path
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        }),
        subtitle: front.subtitle.clone(),
        dateline: front.dateline.clone(),
        byline: front.byline.clone(),
        blocks,
        text,
        frames: frames
            .iter()
            .map(|(page, r)| Frame {
                page: *page,
                rect: [round(r.x), round(r.y), round(r.w), round(r.h)],
            })
            .collect(),
        hotspots,
        writing: "horizontal",
    }
}

/// Points to a hundredth: finer than any screen, and short in the files.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn block(b: &BodyBlock) -> Block {
    let (kind, paras): (&'static str, Vec<&Para>) = match b {
        BodyBlock::Paragraph(p) => ("paragraph", vec![p]),
        BodyBlock::Subhead(p) => ("subhead", vec![p]),
        BodyBlock::Quote(ps) => ("quote", ps.iter().collect()),
        BodyBlock::Verse(ps) => ("verse", ps.iter().collect()),
    };
    Block {
        kind,
        paras: paras.into_iter().map(spans).collect(),
    }
}

fn spans(p: &Para) -> Vec<Span> {
    p.spans
        .iter()
        .map(|s| Span {
            text: s.text.clone(),
            emphasis: match s.emphasis {
                Emphasis::Normal => "normal",
                Emphasis::Strong => "strong",
                Emphasis::Emphasis => "emphasis",
            },
        })
        .collect()
}

fn plain_text(body: &[BodyBlock]) -> String {
    let mut lines: Vec<String> = Vec::new();
    for b in body {
        match b {
            BodyBlock::Paragraph(p) | BodyBlock::Subhead(p) => lines.push(p.text()),
            BodyBlock::Quote(ps) | BodyBlock::Verse(ps) => lines.extend(ps.iter().map(Para::text)),
        }
    }
    lines.join("\n")
}

fn page_data(
    page: &DisplayPage,
    sections: &BTreeMap<u32, String>,
    articles: &[ArticleData],
) -> PageData {
    let n = page.number;
    let mut on_page: Vec<(&ArticleData, [f32; 4])> = articles
        .iter()
        .filter_map(|a| a.frames.iter().find(|f| f.page == n).map(|f| (a, f.rect)))
        .collect();
    on_page.sort_by(|a, b| a.1[1].total_cmp(&b.1[1]).then(a.1[0].total_cmp(&b.1[0])));
    PageData {
        number: n,
        section: sections.get(&n).cloned().unwrap_or_default(),
        width: page.width,
        height: page.height,
        html: format!("pages/{n:02}.html"),
        svg: format!("pages/{n:02}.svg"),
        png: format!("pages/{n:02}.png"),
        articles: on_page.into_iter().map(|(a, _)| a.id.clone()).collect(),
    }
}

/// Every picture a plan places (the masthead's logo is furniture, not a picture), with its
/// caption and credit from the plan, in the article whose frames it overlaps most.
fn pictures<'a>(
    input: &Input,
    pages: &'a [DisplayPage],
    articles: &[ArticleData],
) -> (Vec<PictureData>, Vec<&'a ImageItem>) {
    let mut out = Vec::new();
    let mut items = Vec::new();
    for (page, loaded) in pages.iter().zip(&input.pages) {
        let mut used = vec![false; loaded.plan.blocks.len()];
        for item in page.items.iter().filter_map(|i| match i {
            Item::Image(image) if image.is_drawable() => Some(image),
            _ => None,
        }) {
            let block = loaded.plan.blocks.iter().enumerate().find(|(k, b)| {
                !used[*k]
                    && b.value
                        .picture
                        .as_ref()
                        .is_some_and(|p| item.path.ends_with(p))
            });
            let Some((k, block)) = block else { continue };
            used[k] = true;
            let (x, y, w, h) = item.frame;
            let frame = Rect { x, y, w, h };
            let n = out.len() + 1;
            out.push(PictureData {
                src: format!("images/{:02}-{n}.jpg", page.number),
                pixels: [0, 0],
                page: page.number,
                frame: [round(x), round(y), round(w), round(h)],
                caption: block.value.caption.clone(),
                credit: block.value.credit.clone(),
                article: host_article(articles, page.number, &frame),
            });
            items.push(item);
        }
    }
    (out, items)
}

fn host_article(articles: &[ArticleData], page: u32, picture: &Rect) -> Option<String> {
    let overlap = |f: &Frame| {
        let [x, y, w, h] = f.rect;
        let dx = (picture.right()).min(x + w) - picture.x.max(x);
        let dy = (picture.bottom()).min(y + h) - picture.y.max(y);
        if dx > 0.0 && dy > 0.0 { dx * dy } else { 0.0 }
    };
    articles
        .iter()
        .map(|a| {
            let area: f32 = a
                .frames
                .iter()
                .filter(|f| f.page == page)
                .map(overlap)
                .sum();
            (a, area)
        })
        .filter(|(_, area)| *area > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(a, _)| a.id.clone())
}
