//! Vertical composition (竖排) on a tiny edition: the columns of a `direction: vertical` block
//! against the horizontal composer's lines at the same measure, the vertical forms of the
//! marks, the order of the glyphs in the PDF, and text extraction.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::content::Content;
use lopdf::{Document, Object};
use paiban::build::{Prepared, prepare};
use paiban::compose::{
    Align, LineWidths, Paragraph, ParagraphStyle, StyleRun, compose_paragraph, vertical_char,
};
use paiban::display::{GlyphRun, Item, Writing};
use paiban::fonts::FontFolder;
use paiban::layout::LayoutOptions;
use paiban::model::StyleName;
use paiban::pdf::{PdfOptions, write_pdf};

use super::common::have;

/// Prose with every kind of mark a column must turn or keep off its ends.
const PARAS: [&str; 3] = [
    "八月的东昌湖，荷花开得正盛。傍晚时分，游人沿着湖岸慢慢走着，有人说：“这湖水养人，也养一座城。”远处的光岳楼在暮色里静静立着——它看过六百年的帆影，也看过今天的灯火。",
    "《运河志》里记着：“漕船北上，至此歇脚。”老船工说，那时候码头上人来人往，号子声一声接着一声……如今码头安静了，河水却还是那样，不紧不慢地向北流去。",
    "孩子们问（他们总爱问）：运河是从哪里来的？老人笑了笑，指着南边说，从很远很远的地方来，要到很远很远的地方去。",
];

/// GB-style 避头尾 (cjk-typesetting.md §1.2): may not start / may not end a line.
const NOT_START: &str = "。．，、；：？！”’）》〉】〕〗」』］｝·・‧–～/／%‰℃°′″々〃";
const NOT_END: &str = "“‘（《〈【〔〖「『［｛";

struct Edition {
    dir: PathBuf,
}

impl Edition {
    fn new(name: &str) -> Edition {
        let dir =
            std::env::temp_dir().join(format!("paiban-vertical-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("articles")).unwrap();
        let layout = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/sikai-6col.yaml");
        std::fs::copy(&layout, dir.join("layout.yaml")).unwrap();
        std::fs::write(
            dir.join("p1.yaml"),
            "section: 副刊\nblocks:\n  - article: articles/v.md\n    direction: vertical\n    at: [1, 1]\n    size: [4, 20]\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("edition.yaml"),
            "paper: 测试报\ndate: 2022-08-16\nissue_total: 7\nlayout: layout.yaml\npages: [p1.yaml]\n",
        )
        .unwrap();
        let body = PARAS.join("\n\n");
        std::fs::write(
            dir.join("articles/v.md"),
            format!("---\ntitle: 湖边\n---\n{body}\n"),
        )
        .unwrap();
        Edition { dir }
    }

    fn prepare(&self) -> Prepared {
        match prepare(
            &self.dir.join("edition.yaml"),
            &FontFolder::Default(super::common::fonts_dir()),
            LayoutOptions::default(),
            &mut Vec::new(),
        ) {
            Ok(p) => p,
            Err(e) => panic!("the edition does not build: {e:?}"),
        }
    }
}

impl Drop for Edition {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The page's body columns (runs at the body size), keyed by their centre line, right first:
/// each column's text in drawing order.
fn body_columns(p: &Prepared) -> Vec<(f32, String, Vec<GlyphRun>)> {
    let size = p.resolved.styles.get(StyleName::Body).size;
    let mut columns: BTreeMap<i64, (f32, String, Vec<GlyphRun>)> = BTreeMap::new();
    for item in &p.layout.pages[0].items {
        if let Item::Text(run) = item
            && run.size == size
        {
            assert_eq!(run.writing, Writing::Vertical, "{}", run.text);
            let key = -(run.origin.0 * 100.0).round() as i64;
            let column = columns
                .entry(key)
                .or_insert((run.origin.0, String::new(), Vec::new()));
            column.1.push_str(&run.text);
            column.2.push(run.clone());
        }
    }
    columns.into_values().collect()
}

/// The lines the horizontal composer makes of `text` in the body style at `measure`.
fn horizontal_lines(p: &Prepared, text: &str, measure: f32) -> Vec<String> {
    let body = p.resolved.styles.get(StyleName::Body);
    let para = Paragraph {
        text: text.to_string(),
        runs: vec![StyleRun {
            range: 0..text.len(),
            fonts: body.fonts.clone(),
            size: body.size,
            color: body.color,
            tracking: body.tracking,
        }],
        keep: Vec::new(),
    };
    let style = ParagraphStyle {
        indent: p.resolved.indent * p.grid.body_size,
        align: Align::Justify,
        last_line: Align::Start,
        config: p.resolved.compose,
    };
    let composed = compose_paragraph(&p.book, &para, &style, &LineWidths::uniform(measure));
    composed
        .lines
        .iter()
        .map(|l| text[l.text.clone()].to_string())
        .collect()
}

#[test]
fn vertical_columns_break_where_the_horizontal_composer_breaks_and_keep_kinsoku() {
    let e = Edition::new("breaks");
    let p = e.prepare();
    assert!(p.layout.problems.is_empty(), "{:?}", p.layout.problems);
    let columns = body_columns(&p);
    // The column length: the block's 20 lines as whole body characters.
    let em = p.grid.body_size;
    let measure = (20.0 * p.grid.pitch / em).floor() * em;
    let expected: Vec<String> = PARAS
        .iter()
        .flat_map(|t| horizontal_lines(&p, t, measure))
        .collect();
    let got: Vec<String> = columns.iter().map(|c| c.1.clone()).collect();
    assert!(got.len() >= 6, "{got:?}");
    assert_eq!(
        got, expected,
        "vertical columns differ from horizontal lines"
    );
    for column in &got {
        let (first, last) = (column.chars().next(), column.chars().last());
        assert!(
            !first.is_some_and(|c| NOT_START.contains(c)),
            "column starts with a mark: {column}"
        );
        assert!(
            !last.is_some_and(|c| NOT_END.contains(c)),
            "column ends with an opening mark: {column}"
        );
    }
    // Right to left at the line pitch, each column's glyphs top to bottom.
    for pair in columns.windows(2) {
        let step = pair[0].0 - pair[1].0;
        assert!(
            (step - p.grid.pitch).abs() < 0.01,
            "columns {step} pt apart"
        );
    }
    for (_, text, runs) in &columns {
        let downs: Vec<f32> = runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| r.origin.1 + g.y))
            .collect();
        assert!(
            downs.windows(2).all(|w| w[1] > w[0]),
            "not top to bottom: {text} {downs:?}"
        );
    }
}

#[test]
fn marks_take_their_vertical_forms_and_quotes_become_corner_brackets() {
    let e = Edition::new("forms");
    let p = e.prepare();
    let body = p.resolved.styles.get(StyleName::Body);
    let font = body.fonts[0];
    // The horizontal glyph of each mark, from a horizontal composition of it alone.
    let horizontal = |text: &str| {
        let para = Paragraph {
            text: text.to_string(),
            runs: vec![StyleRun {
                range: 0..text.len(),
                fonts: vec![font],
                size: body.size,
                color: body.color,
                tracking: 0.0,
            }],
            keep: Vec::new(),
        };
        let c = compose_paragraph(
            &p.book,
            &para,
            &ParagraphStyle::default(),
            &LineWidths::uniform(200.0),
        );
        c.lines[0].glyphs[0].id
    };
    let mut vertical: BTreeMap<char, u16> = BTreeMap::new();
    for (_, _, runs) in body_columns(&p) {
        for r in runs {
            for g in &r.glyphs {
                if let Some(c) = r.text[g.text.clone()].chars().next() {
                    vertical.insert(c, g.id);
                }
            }
        }
    }
    for mark in ['，', '。', '：', '《', '》', '（', '）', '—', '…'] {
        let v = vertical[&mark];
        assert_ne!(
            v,
            horizontal(&mark.to_string()),
            "{mark} kept its horizontal glyph"
        );
    }
    // “” are set as the vertical forms of 「」, and the ideographs stay as they are.
    assert_eq!(vertical_char('“'), '「');
    assert_eq!(
        vertical[&'“'],
        vertical_of(&p, '「'),
        "“ is not a vertical 「"
    );
    assert_eq!(vertical[&'湖'], horizontal("湖"));
}

/// The glyph the layout sets for `ch` in a vertical column of its own.
fn vertical_of(p: &Prepared, ch: char) -> u16 {
    vertical_in(p, ch, StyleName::Body)
}

/// The glyph of `ch` standing in a column, in the first face of style `name`.
fn vertical_in(p: &Prepared, ch: char, name: StyleName) -> u16 {
    let body = p.resolved.styles.get(name);
    let text = format!("{ch}湖");
    let para = Paragraph {
        text: text.clone(),
        runs: vec![StyleRun {
            range: 0..text.len(),
            fonts: vec![body.fonts[0]],
            size: body.size,
            color: body.color,
            tracking: 0.0,
        }],
        keep: Vec::new(),
    };
    let c = compose_paragraph(
        &p.book,
        &para,
        &ParagraphStyle::default(),
        &LineWidths::uniform(200.0),
    );
    paiban::compose::column(&p.book, &text, &c.lines[0], 2)[0].id
}

fn pdf_of(e: &Edition, p: &Prepared) -> PathBuf {
    let bytes = match write_pdf(&p.layout.pages, &p.book, &PdfOptions::default()) {
        Ok(b) => b,
        Err(d) => panic!("no PDF: {d:?}"),
    };
    let path = e.dir.join("v.pdf");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn the_pdf_shows_columns_right_to_left_with_identity_v_fonts() {
    let e = Edition::new("pdf");
    let p = e.prepare();
    let path = pdf_of(&e, &p);
    let doc = Document::load(&path).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let fonts = doc.get_page_fonts(page).unwrap();
    let vertical: Vec<Vec<u8>> = fonts
        .iter()
        .filter(|(_, f)| f.get(b"Encoding").and_then(Object::as_name).ok() == Some(b"Identity-V"))
        .map(|(name, _)| name.clone())
        .collect();
    assert!(!vertical.is_empty(), "no Identity-V font on the page");
    for (name, f) in &fonts {
        if vertical.contains(name) {
            assert!(
                f.get(b"ToUnicode").is_ok(),
                "Identity-V font without ToUnicode"
            );
        }
    }
    // Every Tm set while an Identity-V font is current starts a column: in the PDF's own
    // coordinates (y up) they must run right to left, each column's top level with the others.
    let content = Content::decode(&doc.get_page_content(page)).unwrap();
    let mut current_vertical = false;
    let mut starts: Vec<(f32, f32)> = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                current_vertical = op.operands[0]
                    .as_name()
                    .is_ok_and(|n| vertical.iter().any(|v| v == n));
            }
            "Tm" if current_vertical => {
                let n: Vec<f32> = op.operands.iter().map(|o| o.as_float().unwrap()).collect();
                starts.push((n[4], n[5]));
            }
            _ => {}
        }
    }
    assert!(starts.len() > 6, "{starts:?}");
    // The title column first (right of the body), then the body columns leftwards.
    assert!(
        starts.windows(2).all(|w| w[1].0 < w[0].0),
        "not right to left: {starts:?}"
    );
    // Each column starts at the block's top, lower by at most the 2 em paragraph indent (the
    // first glyph's origin: an opening mark that drops its blank at a column's head sits
    // half an em higher than an ideograph).
    let em = p.grid.body_size;
    let body_tops: Vec<f32> = starts[1..].iter().map(|s| s.1).collect();
    let top = body_tops.iter().copied().fold(f32::MAX, f32::min);
    assert!(
        body_tops.iter().all(|y| y - top <= 2.0 * em + 0.01),
        "columns do not start at the block's top: {body_tops:?}"
    );
}

fn extract(tool: &str, pdf: &Path) -> String {
    let out = match tool {
        "pdftotext" => Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8"])
            .arg(pdf)
            .arg("-")
            .output(),
        _ => Command::new("mutool")
            .args(["draw", "-q", "-F", "txt", "-o", "-"])
            .arg(pdf)
            .output(),
    }
    .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn pdftotext_and_mutool_read_the_columns_in_order_with_the_original_marks() {
    let e = Edition::new("extract");
    let p = e.prepare();
    let path = pdf_of(&e, &p);
    for tool in ["pdftotext", "mutool"] {
        if !have(tool) {
            continue;
        }
        let text = extract(tool, &path);
        let whole: String = std::iter::once("湖边")
            .chain(PARAS)
            .collect::<String>()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            text.contains(&whole),
            "{tool} does not give the article in order: {text}"
        );
        // ToUnicode maps the corner-bracket glyphs back to the quotes the article has.
        assert!(!text.contains('「'), "{tool}: {text}");
    }
    // mutool also finds the columns as vertical lines, one per column.
    if have("mutool") {
        let out = Command::new("mutool")
            .args(["draw", "-q", "-F", "stext", "-o", "-"])
            .arg(&path)
            .output()
            .unwrap();
        let stext = String::from_utf8_lossy(&out.stdout);
        let vertical_lines = stext.matches("wmode=\"1\"").count();
        assert!(
            vertical_lines >= body_columns(&p).len(),
            "{vertical_lines} vertical lines"
        );
    }
}

/// A banner set with `direction: vertical` (竖排标语): its phrases stand as columns read right
/// to left, the sub line after them, in vertical forms; the PDF reads them in order; a slogan
/// too long for the block at its smallest size is overset, not drawn past the block.
#[test]
fn a_vertical_banner_stands_its_phrases_in_columns_right_to_left() {
    let plan = |slogan: &str| {
        format!(
            "section: 副刊\nblocks:\n  - banner: {{ text: {slogan}, sub: 东昌府区文明办 宣 }}\n    direction: vertical\n    at: [1, 1]\n    size: [1, 30]\n  - article: articles/v.md\n    at: [2, 1]\n    size: [3, 30]\n"
        )
    };
    let e = Edition::new("banner");
    std::fs::write(
        e.dir.join("p1.yaml"),
        plan("讲文明，树新风 创建全国文明城市"),
    )
    .unwrap();
    let p = e.prepare();
    assert!(p.layout.problems.0.is_empty(), "{:?}", p.layout.problems);
    // The banner's runs: the only vertical ones (the article is horizontal), and nothing of the
    // slogan set across.
    let runs: Vec<&GlyphRun> = p.layout.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) if r.writing == Writing::Vertical => Some(r),
            _ => None,
        })
        .collect();
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(text, "讲文明，树新风创建全国文明城市东昌府区文明办宣");
    let across = p.layout.pages[0].items.iter().any(
        |i| matches!(i, Item::Text(r) if r.writing != Writing::Vertical && r.text.contains("文明")),
    );
    assert!(!across, "part of the slogan set horizontally");
    // Columns right to left: each column's centre left of the one before (runs within one
    // column share it).
    let mut centres: Vec<f32> = runs.iter().map(|r| r.origin.0).collect();
    centres.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    assert_eq!(centres.len(), 4, "one column per phrase: {centres:?}");
    assert!(centres.windows(2).all(|w| w[1] < w[0]), "{centres:?}");
    // Down each column: glyph y grows.
    for r in &runs {
        assert!(r.glyphs.windows(2).all(|w| w[1].y > w[0].y), "{}", r.text);
    }
    // The comma takes its vertical form.
    assert!(
        runs.iter().any(|r| r.text.contains('，')
            && r.glyphs
                .iter()
                .any(|g| g.id == vertical_in(&p, '，', StyleName::Banner))),
        "，in its vertical form"
    );
    if have("mutool") {
        let pdf = pdf_of(&e, &p);
        let read = extract("mutool", &pdf);
        assert!(
            read.contains("讲文明，树新风创建全国文明城市东昌府区文明办宣"),
            "{read}"
        );
    }
    // Far too long for a 30-line column at the smallest size: overset, and nothing drawn.
    let long = "创建全国文明城市倡导文明新风共建美好家园".repeat(6);
    std::fs::write(e.dir.join("p1.yaml"), plan(&long)).unwrap();
    let p = e.prepare();
    let messages = format!("{:?}", p.layout.problems);
    assert!(messages.contains("banner"), "{messages}");
}
