//! Text conservation (issue 8): every character of every article is accounted for, either set
//! on a page or counted as overset in the fit report; nothing is lost, invented or doubled.
//!
//! This works on the display list (`paiban::build::prepare`), so it needs no PDF writer.
//!
//! How glyphs are attributed to articles: the display list does not say which article a glyph
//! run belongs to, so this test finds out by geometry. Every `article:` or `continues:` block of
//! a page plan has a rectangle on the grid, and blocks never overlap (the plan check refuses
//! that), except pictures that text wraps around. A glyph run whose first glyph lies inside an
//! article's block belongs to that article; one inside a picture block is the picture's caption;
//! anything else is page furniture (masthead, running head, banners, footer).
//!
//! For each article, with whitespace ignored and characters compared as multisets:
//! - expected = 引题 + 主题 + 副题 + 讯头 + body + （byline）;
//! - extras = what layout adds inside the article's blocks: the label (栏目题), （下转第N版）
//!   where a frame jumps to another page, and the 续题 with （上接第N版） over a continuation;
//! - got = the characters of the glyphs set in its blocks (each glyph's cluster counted once).
//!
//! Then extras ⊆ got, (got − extras) ⊆ expected, and |expected − (got − extras)| equals the
//! article's `overset_chars` in the report. So a character is either on the page once or
//! counted as overset, never both, never neither.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use paiban::build::{Prepared, prepare_confined};
use paiban::display::Item;
use paiban::fonts::FontFolder;
use paiban::layout::{LayoutOptions, Rect};
use paiban::model::{Article, BodyBlock, normalize, parent};

type Chars = BTreeMap<char, usize>;

fn add(chars: &mut Chars, text: &str) {
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        *chars.entry(c).or_default() += 1;
    }
}

fn count(chars: &Chars) -> usize {
    chars.values().sum()
}

/// `a − b`, or the characters of `b` that `a` lacks as the error.
fn subtract(a: &Chars, b: &Chars) -> Result<Chars, Chars> {
    let mut out = a.clone();
    let mut lacking = Chars::new();
    for (c, n) in b {
        let have = out.entry(*c).or_default();
        if *have >= *n {
            *have -= n;
        } else {
            lacking.insert(*c, n - *have);
            *have = 0;
        }
    }
    out.retain(|_, n| *n > 0);
    if lacking.is_empty() {
        Ok(out)
    } else {
        Err(lacking)
    }
}

fn show(chars: &Chars) -> String {
    let s: String = chars
        .iter()
        .flat_map(|(c, n)| std::iter::repeat_n(*c, *n))
        .take(60)
        .collect();
    format!("{s} ({} characters)", count(chars))
}

/// Everything the article says, as the reader should see it.
fn article_chars(article: &Article) -> Chars {
    let mut chars = Chars::new();
    let f = &article.front;
    for part in [&f.kicker, &f.title, &f.subtitle, &f.dateline]
        .into_iter()
        .flatten()
    {
        add(&mut chars, part);
    }
    for block in &article.body {
        let paras = match block {
            BodyBlock::Paragraph(p) | BodyBlock::Subhead(p) => std::slice::from_ref(p),
            BodyBlock::Quote(ps) | BodyBlock::Verse(ps) => ps.as_slice(),
        };
        for p in paras {
            for span in &p.spans {
                add(&mut chars, &span.text);
            }
        }
    }
    if let Some(b) = &f.byline {
        add(&mut chars, &format!("（{b}）"));
    }
    chars
}

/// One block of a plan that matters here.
struct Area {
    page: usize,
    rect: Rect,
    article: Option<PathBuf>,
    continues: bool,
    label: Option<String>,
}

fn areas(p: &Prepared) -> Vec<Area> {
    let grid = &p.grid;
    let mut out = Vec::new();
    for (page, loaded) in p.input.pages.iter().enumerate() {
        let base = parent(&loaded.path);
        for spanned in &loaded.plan.blocks {
            let b = &spanned.value;
            let rect = match (b.at, b.size.and_then(|s| s.fixed()), b.at_mm, b.size_mm) {
                (Some(at), Some(size), _, _) => grid.cell_rect(at, size),
                (_, _, Some(at), Some(size)) => Some(Rect {
                    x: grid.area.x + paiban::units::mm(at[0]),
                    y: grid.area.y + paiban::units::mm(at[1]),
                    w: paiban::units::mm(size[0]),
                    h: paiban::units::mm(size[1]),
                }),
                _ => None,
            };
            let Some(rect) = rect else { continue };
            let (article, continues) = match (&b.article, &b.continues) {
                (Some(a), _) => (Some(normalize(&base.join(a))), false),
                (None, Some(c)) => (Some(normalize(&base.join(c))), true),
                _ => (None, false),
            };
            if article.is_none() && b.picture.is_none() {
                continue;
            }
            out.push(Area {
                page,
                rect,
                article,
                continues,
                label: b.label.clone(),
            });
        }
    }
    out
}

fn inside(r: &Rect, (x, y): (f32, f32)) -> bool {
    x >= r.x - 0.5 && x <= r.right() + 0.5 && y >= r.y - 0.5 && y <= r.bottom() + 0.5
}

/// The characters set in each article's blocks.
fn set_chars(p: &Prepared, areas: &[Area]) -> BTreeMap<PathBuf, Chars> {
    let mut out: BTreeMap<PathBuf, Chars> = BTreeMap::new();
    for (page, display) in p.layout.pages.iter().enumerate() {
        for item in &display.items {
            let Item::Text(run) = item else { continue };
            let Some(first) = run.glyphs.first() else {
                continue;
            };
            // The middle of the run, above the baseline. Not the run's origin: a line that
            // opens with “ or （ starts half an em left of its column (the blank half of the
            // mark is trimmed, CLREQ §3.1.6), so its origin is in the gutter.
            let end = run
                .glyphs
                .iter()
                .map(|g| g.x + g.advance)
                .fold(first.x, f32::max);
            let probe = (
                run.origin.0 + (first.x + end) / 2.0,
                run.origin.1 + first.y - run.size * 0.3,
            );
            if std::env::var("PAIBAN_CONSERVE_DEBUG").is_ok_and(|f| f == "all") {
                eprintln!(
                    "p{page} {:?} {:?} {:?} {}",
                    run.origin, probe, first, run.text
                );
            }
            let here = areas
                .iter()
                .filter(|a| a.page == page && inside(&a.rect, probe));
            // A picture's caption sits inside the picture block, which may overlap the text it
            // wraps: the picture wins.
            let mut owner = None;
            for a in here {
                match &a.article {
                    None => {
                        owner = None;
                        break;
                    }
                    Some(path) => owner = Some(path.clone()),
                }
            }
            let Some(owner) = owner else { continue };
            if std::env::var("PAIBAN_CONSERVE_DEBUG").is_ok_and(|f| owner.ends_with(&f)) {
                eprintln!("p{page} {:?} {}", run.origin, run.text);
            }
            let chars = out.entry(owner).or_default();
            let mut ranges: Vec<_> = run.glyphs.iter().map(|g| g.text.clone()).collect();
            ranges.sort_by_key(|r| (r.start, r.end));
            ranges.dedup();
            for r in ranges {
                add(chars, run.text.get(r).unwrap_or(""));
            }
        }
    }
    out
}

/// What layout adds inside an article's blocks besides the article's own text.
fn extras(p: &Prepared, areas: &[Area], path: &Path, article: &Article) -> Chars {
    let mut chars = Chars::new();
    let blocks: Vec<&Area> = areas
        .iter()
        .filter(|a| a.article.as_deref() == Some(path))
        .collect();
    // Reading order: the `article:` block first, then the continuations in page order.
    let mut ordered: Vec<&Area> = blocks.iter().filter(|a| !a.continues).copied().collect();
    ordered.extend(blocks.iter().filter(|a| a.continues).copied());
    let number = |page: usize| p.layout.pages.get(page).map_or(0, |d| d.number);
    for (i, a) in ordered.iter().enumerate() {
        if let Some(label) = &a.label {
            add(&mut chars, label);
        }
        if let Some(next) = ordered.get(i + 1)
            && next.page != a.page
        {
            add(&mut chars, &format!("（下转第{}版）", number(next.page)));
        }
        if i > 0 && ordered[i - 1].page != a.page {
            let f = &article.front;
            add(
                &mut chars,
                f.jump_title.as_deref().or(f.title.as_deref()).unwrap_or(""),
            );
            add(
                &mut chars,
                &format!("（上接第{}版）", number(ordered[i - 1].page)),
            );
        }
    }
    chars
}

/// Check one edition; returns the problems found (empty when every character is accounted for).
fn check_edition(edition: &Path) -> Result<Vec<String>, String> {
    let mut timings = Vec::new();
    // The catalogue's editions name `../_common/layout.yaml`: their root is the folder above.
    let roots = paiban::model::RootOptions {
        root: edition
            .parent()
            .and_then(Path::parent)
            .map(Path::to_path_buf),
        ..Default::default()
    };
    let p = prepare_confined(
        edition,
        &FontFolder::Default(super::common::fonts_dir()),
        LayoutOptions::default(),
        None,
        &roots,
        &mut timings,
    )
    .map_err(|e| format!("{e:?}"))?;
    // A headline group taller than its block is reported (a content problem) and printed
    // below the block, outside every block, where this geometric attribution cannot see it.
    if let Some(d) = p
        .layout
        .problems
        .iter()
        .find(|d| d.message.starts_with("the headline"))
    {
        eprintln!("skipped {}: {d}", edition.display());
        return Ok(Vec::new());
    }
    let areas = areas(&p);
    let set = set_chars(&p, &areas);
    let mut problems = Vec::new();
    for (path, article) in &p.input.articles {
        let expected = article_chars(article);
        let got = set.get(path).cloned().unwrap_or_default();
        let extra = extras(&p, &areas, path, article);
        let name = path.display();
        let own = match subtract(&got, &extra) {
            Ok(own) => own,
            Err(lacking) => {
                problems.push(format!(
                    "{name}: the jump lines, 续题 or label are not all on the page; lacking {}",
                    show(&lacking)
                ));
                continue;
            }
        };
        let missing = match subtract(&expected, &own) {
            Ok(missing) => missing,
            Err(invented) => {
                problems.push(format!(
                    "{name}: set on the page but not in the article (or set twice): {}",
                    show(&invented)
                ));
                continue;
            }
        };
        let overset: usize = p
            .layout
            .report
            .articles()
            .filter(|a| a.file == *path)
            .map(|a| a.overset_chars)
            .sum();
        if count(&missing) != overset {
            problems.push(format!(
                "{name}: {} characters are neither on the page nor counted as overset \
                 (the report counts {overset}); not on the page: {}",
                count(&missing) as i64 - overset as i64,
                show(&missing)
            ));
        }
    }
    Ok(problems)
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sample_edition_conserves_every_character() {
    let problems = check_edition(&manifest().join("samples/dongchang-1461/edition.yaml")).unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn starter_edition_conserves_every_character() {
    let dir = std::env::temp_dir().join(format!("paiban-conserve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_paiban"))
        .arg("new")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let problems = check_edition(&dir.join("edition.yaml")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn catalogue_editions_that_lay_out_conserve_every_character() {
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(manifest().join("tests/bad"))
        .unwrap()
        .map(|e| e.unwrap().path().join("edition.yaml"))
        .filter(|p| p.exists())
        .collect();
    cases.sort();
    for edition in cases {
        // Cases that are refused before layout have nothing to conserve.
        if let Ok(found) = check_edition(&edition) {
            checked += 1;
            problems.extend(
                found
                    .into_iter()
                    .map(|m| format!("{}: {m}", edition.display())),
            );
        }
    }
    assert!(checked >= 2, "only {checked} catalogue editions laid out");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
