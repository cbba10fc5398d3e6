//! What the preview shows: the last good pages (as SVG, each with its hash), the latest
//! build's diagnostics, the block outlines, and a generation number that grows with every
//! rebuild. A failed build keeps the pages and replaces only the diagnostics.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::build::Prepared;
use crate::diag::Diagnostics;
use crate::layout::{self, FitReport};
use crate::render::{GlyphDefs, PictureLinks, Renderer, SvgOptions, page_hash};

/// One page as served.
#[derive(Clone)]
pub(crate) struct ServedPage {
    pub number: u32,
    pub section: String,
    pub hash: u64,
    pub width: f32,
    pub height: f32,
    pub svg: Arc<String>,
    /// The generation that last drew this page.
    pub drawn: u64,
}

/// The preview's whole state.
#[derive(Default)]
pub(crate) struct State {
    pub generation: u64,
    pub ok: bool,
    pub pages: Vec<ServedPage>,
    pub diagnostics: Diagnostics,
    pub blocks: Vec<Value>,
    pub renderer: Renderer,
    /// Milliseconds the last rebuild took, for the panel.
    pub build_ms: f64,
    /// The generation the next build will have.
    pub next_generation: u64,
    /// The files being watched (those of the last good build and the failed one's).
    pub watched: std::collections::BTreeSet<std::path::PathBuf>,
}

impl State {
    /// Take a good build whose pages [`draw`] made.
    pub fn publish(&mut self, drawn: Drawn, diagnostics: Diagnostics, build_ms: f64) {
        self.generation = drawn.generation;
        self.pages = drawn.pages;
        self.renderer = drawn.renderer;
        self.blocks = drawn.blocks;
        self.diagnostics = diagnostics;
        self.ok = !self.diagnostics.has_errors();
        self.build_ms = build_ms;
    }

    /// Take a failed build: the pages stay, the errors show.
    pub fn fail(&mut self, diagnostics: Diagnostics, build_ms: f64) {
        self.generation += 1;
        self.next_generation = self.generation;
        self.ok = false;
        self.diagnostics = diagnostics;
        self.build_ms = build_ms;
    }

    /// `/status.json`.
    pub fn status(&self) -> Value {
        let pages: Vec<Value> = self
            .pages
            .iter()
            .map(|p| {
                json!({
                    "number": p.number,
                    "section": p.section,
                    "hash": format!("{:016x}", p.hash),
                    "width": p.width,
                    "height": p.height,
                    "svg": format!("/page/{}/{:016x}.svg", p.number, p.hash),
                    "drawn": p.drawn,
                })
            })
            .collect();
        json!({
            "generation": self.generation,
            "ok": self.ok,
            "pages": pages,
            "diagnostics": self.diagnostics,
            "blocks": self.blocks,
            "glyphs": self.renderer.glyph_count(),
            "build_ms": self.build_ms,
        })
    }
}

/// A build's pages drawn, outside the lock: pages whose hash is unchanged are reused.
pub(crate) struct Drawn {
    generation: u64,
    pages: Vec<ServedPage>,
    renderer: Renderer,
    blocks: Vec<Value>,
}

/// Draw the pages of `prepared` that differ from `old`, with `renderer` (taken from the
/// state, so the server is not blocked while pages are drawn).
pub(crate) fn draw(
    prepared: &Prepared,
    old: &[ServedPage],
    mut renderer: Renderer,
    generation: u64,
) -> Drawn {
    let options = SvgOptions {
        glyph_defs: GlyphDefs::Shared,
        pictures: PictureLinks::Url("/img/".into()),
        ..SvgOptions::default()
    };
    let old: HashMap<(u32, u64), &ServedPage> =
        old.iter().map(|p| ((p.number, p.hash), p)).collect();
    let report = &prepared.layout.report;
    let pages = prepared
        .layout
        .pages
        .iter()
        .map(|page| {
            let hash = page_hash(page);
            match old.get(&(page.number, hash)) {
                Some(p) => (*p).clone(),
                None => ServedPage {
                    number: page.number,
                    section: section(report, page.number),
                    hash,
                    width: page.width,
                    height: page.height,
                    svg: Arc::new(renderer.svg(page, &prepared.book, &options)),
                    drawn: generation,
                },
            }
        })
        .collect();
    Drawn {
        generation,
        pages,
        renderer,
        blocks: blocks(prepared),
    }
}

fn section(report: &FitReport, page: u32) -> String {
    report
        .pages
        .iter()
        .find(|p| p.page == page)
        .map(|p| p.section.clone())
        .unwrap_or_default()
}

/// Every block with its plan position and, for articles, the fit figures.
fn blocks(prepared: &Prepared) -> Vec<Value> {
    let report = &prepared.layout.report;
    layout::block_outlines(&prepared.input, &prepared.grid)
        .into_iter()
        .flatten()
        .map(|b| {
            let fit = b
                .article
                .as_ref()
                .and_then(|path| report.articles().find(|a| &a.file == path))
                .map(|a| {
                    json!({
                        "title": a.title,
                        "lines_used": a.lines_used,
                        "lines_available": a.lines_available,
                        "overset_lines": a.overset_lines,
                        "overset_chars": a.overset_chars,
                        "underset_lines": a.underset_lines,
                        "max_stretch": a.composition.max_stretch,
                    })
                });
            json!({
                "page": b.page,
                "rect": [b.rect.x, b.rect.y, b.rect.w, b.rect.h],
                "plan": b.location.file,
                "line": b.location.line,
                "column": b.location.column,
                "describe": b.describe,
                "article": b.article,
                "fit": fit,
            })
        })
        .collect()
}
