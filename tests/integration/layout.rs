//! Layout engine tests on tiny editions written to a temporary folder: headline fitting, flow
//! across frames and pages with jump lines, overset counts, wrap around a picture, plan checks.

use std::path::{Path, PathBuf};

use paiban::build::{Prepared, prepare};
use paiban::display::Item;
use paiban::fonts::FontFolder;
use paiban::layout::LayoutOptions;

struct Edition {
    dir: PathBuf,
}

impl Edition {
    /// A two-page edition on the 四开 layout with the given page plans and articles.
    fn new(name: &str, pages: &[&str], articles: &[(&str, &str)]) -> Edition {
        let dir = std::env::temp_dir().join(format!("paiban-layout-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("articles")).unwrap();
        // A copy inside the edition's folder: the edition reads only below its root.
        let layout = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/sikai-6col.yaml");
        std::fs::copy(&layout, dir.join("layout.yaml")).unwrap();
        let mut list = String::new();
        for (i, plan) in pages.iter().enumerate() {
            std::fs::write(dir.join(format!("p{}.yaml", i + 1)), plan).unwrap();
            list.push_str(&format!("p{}.yaml, ", i + 1));
        }
        std::fs::write(
            dir.join("edition.yaml"),
            format!(
                "paper: 测试报\ndate: 2022-08-16\nissue_total: 7\nlayout: layout.yaml\npages: [{}]\n",
                list.trim_end_matches(", ")
            ),
        )
        .unwrap();
        for (name, text) in articles {
            std::fs::write(dir.join("articles").join(name), text).unwrap();
        }
        Edition { dir }
    }

    fn prepare(&self) -> Result<Prepared, paiban::diag::Diagnostics> {
        prepare(
            &self.dir.join("edition.yaml"),
            &FontFolder::Default(super::common::fonts_dir()),
            LayoutOptions::default(),
            &mut Vec::new(),
        )
    }
}

impl Drop for Edition {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// All text on a page, in painting order.
fn page_text(p: &Prepared, page: usize) -> String {
    p.layout.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) => Some(run.text.as_str()),
            _ => None,
        })
        .collect()
}

fn story(title: &str, paragraphs: usize) -> String {
    let para =
        "东昌府区深入推进城市更新行动，改造老旧小区十二个，新建口袋公园八处，群众满意度明显提升。";
    let mut s = format!("---\ntitle: {title}\n---\n");
    for i in 0..paragraphs {
        s.push_str(&format!("第{}段。{para}\n\n", i + 1));
    }
    s
}

#[test]
fn a_story_flows_across_pages_with_numbered_jump_lines() {
    let e = Edition::new(
        "jump",
        &[
            "section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [2, 20]\n",
            "section: 综合\nblocks:\n  - continues: articles/a.md\n    at: [1, 1]\n    size: [3, 40]\n",
        ],
        &[("a.md", &story("城市更新见实效", 12))],
    );
    let p = e.prepare().unwrap();
    let report = &p.layout.report.pages[0].articles[0];
    assert_eq!(report.frames, vec![(1, 2), (2, 3)]);
    assert_eq!(report.overset_lines, 0);
    assert!(page_text(&p, 0).contains("（下转第2版）"));
    let second = page_text(&p, 1);
    assert!(second.contains("（上接第1版）"), "{second}");
    assert!(
        second.contains("城市更新见实效"),
        "the 续题 repeats the headline"
    );
    // Every paragraph is somewhere, in order across the two pages.
    let all = page_text(&p, 0) + &second;
    let mut at = 0;
    for i in 1..=12 {
        let needle = format!("第{i}段。");
        let found = all[at..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{needle} missing or out of order"));
        at += found;
    }
}

#[test]
fn overset_is_counted_exactly() {
    // One column of 10 lines with no headline: 12 chars a line. Each paragraph is 48 characters
    // plus a 2-character indent: 50 characters = 5 lines (4 full lines and 2 characters).
    let para = "一二三四五六七八九十".repeat(4) + "一二三四五六七。";
    let text = format!("---\n---\n{para}\n\n{para}\n\n{para}\n");
    let e = Edition::new(
        "overset",
        &[
            "section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [1, 10]\n",
        ],
        &[("a.md", &text)],
    );
    let p = e.prepare().unwrap();
    let r = &p.layout.report.pages[0].articles[0];
    assert_eq!(r.lines_available, 10);
    assert_eq!(r.lines_used, 10);
    assert_eq!(r.overset_lines, 5, "{r:?}");
    assert_eq!(r.overset_chars, 48);
    assert_eq!(p.layout.problems.iter().count(), 1);
    assert!(
        p.layout
            .problems
            .iter()
            .next()
            .unwrap()
            .message
            .contains("5 lines (48 characters)")
    );
}

#[test]
fn a_long_title_steps_down_then_breaks_and_never_overflows() {
    let long = "这是一个非常非常长的主标题需要缩小字号才能排得下 甚至还要第二行";
    let e = Edition::new(
        "title",
        &[
            "section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [2, 40]\n  - article: articles/b.md\n    at: [3, 1]\n    size: [4, 40]\n",
        ],
        &[
            ("a.md", &format!("---\ntitle: {long}\n---\n正文。\n")),
            ("b.md", "---\ntitle: 短标题\n---\n正文。\n"),
        ],
    );
    let p = e.prepare().unwrap();
    let grid = &p.grid;
    for item in &p.layout.pages[0].items {
        let Item::Text(run) = item else { continue };
        let right = run.origin.0 + run.glyphs.last().map_or(0.0, |g| g.x + g.advance);
        // Block a spans columns 1–2, block b columns 3–6: nothing crosses its block's edge.
        let limit = if run.origin.0 < grid.columns[2].0 {
            grid.columns[1].0 + grid.columns[1].1
        } else {
            grid.area.x + grid.area.w
        };
        assert!(
            right <= limit + 0.5,
            "\"{}\" overflows: {right} > {limit}",
            run.text
        );
    }
    let sizes: Vec<f32> = p.layout.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r)
                if r.text.contains("主标题")
                    || r.text.contains("短标题")
                    || r.text.contains("第二行") =>
            {
                Some(r.size)
            }
            _ => None,
        })
        .collect();
    // The short title keeps the style's 22pt; the long one is stepped down to the 15pt minimum
    // and set on two lines.
    assert!(sizes.contains(&22.0), "{sizes:?}");
    assert!(sizes.iter().any(|s| *s < 22.0 && *s >= 15.0), "{sizes:?}");
    let long_runs = p.layout.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Text(r) if r.size < 22.0 && r.size >= 15.0))
        .count();
    assert!(long_runs >= 2, "the long title takes a second line");
}

#[test]
fn text_wraps_around_a_picture() {
    let dir = std::env::temp_dir();
    let _ = dir;
    let pic = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/dongchang-1461/pictures/dongchang-lake-canal.jpg");
    // The picture is copied into the edition: files outside its folder are refused.
    let plan = "section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [3, 40]\n  - picture: articles/lake.jpg\n    at: [1, 5]\n    size: [2, 12]\n";
    let e = Edition::new("wrap", &[plan], &[("a.md", &story("绕图排", 10))]);
    std::fs::copy(&pic, e.dir.join("articles/lake.jpg")).unwrap();
    let p = e.prepare().unwrap();
    let grid = &p.grid;
    let pic_top = grid.area.y + 4.0 * grid.pitch;
    let pic_bottom = pic_top + 12.0 * grid.pitch;
    let pic_right = grid.columns[1].0 + grid.columns[1].1;
    let mut beside = 0;
    for item in &p.layout.pages[0].items {
        let Item::Text(run) = item else { continue };
        if run.size != 9.0 || run.origin.1 <= pic_top || run.origin.1 >= pic_bottom {
            continue;
        }
        // Body text beside the picture starts to its right, never on it.
        assert!(
            run.origin.0 >= pic_right,
            "\"{}\" is set over the picture",
            run.text
        );
        beside += 1;
    }
    assert!(beside > 5, "lines run beside the picture ({beside})");
}

#[test]
fn overlapping_blocks_are_rejected_naming_both() {
    let e = Edition::new(
        "overlap",
        &[
            "section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [3, 20]\n  - article: articles/b.md\n    at: [3, 10]\n    size: [2, 20]\n",
        ],
        &[("a.md", &story("甲", 1)), ("b.md", &story("乙", 1))],
    );
    let Err(errors) = e.prepare() else {
        panic!("overlap accepted")
    };
    let d = errors.iter().next().unwrap();
    assert!(d.message.contains("article \"b.md\" at [3, 10] size [2, 20] overlaps article \"a.md\" at [1, 1] size [3, 20]"), "{d}");
    assert_eq!(d.location.as_ref().unwrap().line, Some(6));
    assert!(d.hints[0].contains("p1.yaml:3"), "{d}");
}

#[test]
fn both_shipped_layouts_make_grids() {
    for (file, columns, chars) in [
        ("layouts/sikai-6col.yaml", 6, 12.0),
        ("layouts/duikai-8col.yaml", 8, 12.0),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let spec: paiban::model::LayoutSpec = paiban::model::yaml::parse(&path, &text, 0).unwrap();
        let grid = paiban::layout::Grid::new(&spec, &path).unwrap();
        assert_eq!(grid.columns.len(), columns, "{file}");
        assert!(
            grid.columns
                .iter()
                .all(|c| (c.1 / grid.body_size - chars).abs() < 1e-3),
            "{file}: whole characters"
        );
        assert!(
            grid.area.x >= 0.0 && grid.area.x + grid.area.w <= grid.page_w,
            "{file}"
        );
    }
}

#[test]
fn the_last_frame_is_balanced_across_its_columns() {
    let e = Edition::new(
        "balance",
        &[
            "section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [3, 60]\n",
        ],
        &[("a.md", &story("三栏平衡", 4))],
    );
    let p = e.prepare().unwrap();
    let grid = &p.grid;
    let mut per_column = [0usize; 3];
    let mut lines = std::collections::BTreeSet::new();
    for item in &p.layout.pages[0].items {
        let Item::Text(run) = item else { continue };
        if run.size != 9.0 {
            continue;
        }
        let col = (0..3)
            .rev()
            .find(|c| run.origin.0 >= grid.columns[*c].0 - 1.0)
            .unwrap();
        if lines.insert((col, (run.origin.1 * 10.0) as i64)) {
            per_column[col] += 1;
        }
    }
    let (min, max) = (
        per_column.iter().min().unwrap(),
        per_column.iter().max().unwrap(),
    );
    assert!(max - min <= 1, "columns not balanced: {per_column:?}");
    assert!(*min > 0);
}

#[test]
fn show_overset_marks_the_margin() {
    let e = Edition::new(
        "mark",
        &["section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [1, 8]\n"],
        &[("a.md", &story("超长稿", 6))],
    );
    let path = e.dir.join("edition.yaml");
    let marked = prepare(
        &path,
        &FontFolder::Default(super::common::fonts_dir()),
        LayoutOptions {
            show_overset: true,
            ..LayoutOptions::default()
        },
        &mut Vec::new(),
    )
    .unwrap();
    let plain = e.prepare().unwrap();
    let magenta = |p: &Prepared| {
        p.layout.pages[0].items.iter().any(|i| matches!(i, Item::Rect(r) if r.fill.is_some_and(|f| f.m == 1.0 && f.k == 0.0) && r.y + r.height > p.grid.area.y + p.grid.area.h))
    };
    assert!(magenta(&marked), "no overset mark reaching into the margin");
    assert!(!magenta(&plain));
    assert!(page_text(&marked, 0).contains("溢出"));
    assert!(!page_text(&plain, 0).contains("溢出"));
}

#[test]
fn a_subhead_never_sits_at_the_foot_of_a_column() {
    // Two columns of 10 lines, no headline. The first paragraph takes exactly 8 lines
    // (2-character indent + 94 characters = 8 × 12), line 9 is the blank before the subhead,
    // and line 10 would hold the subhead alone at the foot: it must open column 2 instead.
    let first = "一二三四五六七八九十".repeat(9) + "一二三。";
    // Nine lines follow the subhead (2 + 104 characters), so both columns are full and
    // balancing changes nothing.
    let after = "后面的段落紧跟小标题".to_string() + &"一二三四五六七八九十".repeat(9) + "一二三。";
    let text = format!("---\n---\n{first}\n\n## 小标题在此\n\n{after}\n");
    let e = Edition::new(
        "keep",
        &[
            "section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [2, 10]\n",
        ],
        &[("a.md", &text)],
    );
    let p = e.prepare().unwrap();
    let grid = &p.grid;
    let runs: Vec<_> = p.layout.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r),
            _ => None,
        })
        .collect();
    let subhead = runs
        .iter()
        .find(|r| r.text.contains("小标题在此"))
        .expect("subhead set");
    let col2 = grid.columns[1].0;
    assert!(
        subhead.origin.0 >= col2 - 1.0,
        "the subhead stayed in column 1 at y {}",
        subhead.origin.1
    );
    let top = runs
        .iter()
        .filter(|r| r.origin.0 >= col2 - 1.0 && r.origin.1 > grid.area.y)
        .map(|r| r.origin.1)
        .fold(f32::MAX, f32::min);
    let all: Vec<String> = runs
        .iter()
        .map(|r| format!("{:.0},{:.0} {}", r.origin.0, r.origin.1, r.text))
        .collect();
    assert!(
        (subhead.origin.1 - top).abs() < 0.5,
        "the subhead opens column 2: {all:#?}"
    );
    let next = runs.iter().find(|r| r.text.contains("后面的段落")).unwrap();
    assert!(
        next.origin.0 >= col2 - 1.0 && next.origin.1 > subhead.origin.1,
        "the paragraph follows its subhead"
    );
    assert_eq!(p.layout.report.pages[0].articles[0].overset_lines, 0);
}

#[test]
fn a_letter_sets_its_salutation_flush_and_its_signature_flush_right() {
    let text = "---\n---\n<-亲爱的读者：\n\n正文一段，写得很短。\n\n-> 东昌府区委宣传部\\\n-> 2022年8月16日\n";
    let e = Edition::new(
        "letter",
        &[
            "section: 要闻\nblocks:\n  - article: articles/a.md\n    at: [1, 1]\n    size: [1, 10]\n",
        ],
        &[("a.md", text)],
    );
    let p = e.prepare().unwrap();
    let (left, width) = p.grid.columns[0];
    let em = p.grid.body_size;
    let runs: Vec<_> = p.layout.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) if r.origin.0 < left + width => Some(r),
            _ => None,
        })
        .collect();
    let find = |t: &str| {
        runs.iter()
            .find(|r| r.text.contains(t))
            .unwrap_or_else(|| panic!("{t} not set"))
    };
    let end = |r: &paiban::display::GlyphRun| {
        r.origin.0 + r.glyphs.last().map_or(0.0, |g| g.x + g.advance)
    };
    assert!(
        (find("亲爱的读者").origin.0 - left).abs() < 0.5,
        "salutation flush"
    );
    assert!(
        !find("亲爱的读者").text.contains("<-"),
        "the marker is not set"
    );
    assert!(
        (find("正文一段").origin.0 - left - 2.0 * em).abs() < 0.5,
        "body indented"
    );
    for signature in ["东昌府区委宣传部", "2022年8月16日"] {
        let r = find(signature);
        assert!(
            (end(r) - left - width).abs() < 0.5,
            "{signature} flush right"
        );
        assert!(!r.text.contains("->"), "the marker is not set");
    }
}

/// The widow warnings of a prepared edition: (file name, line, message).
fn widows(p: &Prepared) -> Vec<(String, Option<u32>, String)> {
    p.layout
        .warnings
        .iter()
        .filter(|d| d.message.contains("last line heads a column"))
        .map(|d| {
            let at = d.location.as_ref();
            let file = at
                .and_then(|l| l.file.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (file, at.and_then(|l| l.line), d.message.clone())
        })
        .collect()
}

/// The sample's page-3 feature runs from five wide text columns into the four narrower ones of
/// its foot: the tail that would head the foot's first column is kept off it by moving a line
/// across and setting the paragraph again for the narrower slots. No tail heads a column
/// anywhere in the sample (`scripts/seams.py` measures the same on the PDF).
#[test]
fn no_paragraph_tail_heads_a_column_of_the_sample() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461");
    let p = prepare(
        &sample.join("edition.yaml"),
        &FontFolder::Default(super::common::fonts_dir()),
        LayoutOptions::default(),
        &mut Vec::new(),
    )
    .unwrap();
    assert_eq!(widows(&p), Vec::new());
}

/// A story that fills its frames exactly cannot give a line up: the tail stays where it is and
/// is reported at its paragraph, for the editor to give the story a line or cut one.
#[test]
fn a_tail_that_cannot_move_is_reported_at_its_paragraph() {
    let dir = std::env::temp_dir().join(format!("paiban-widow-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461");
    super::common::copy_dir(&sample, &dir);
    // The page-3 photo two lines taller, as the sample had it: the feature then fills its
    // frames to the line (157 of 157).
    let plan = std::fs::read_to_string(dir.join("page-3.yaml")).unwrap();
    let taller = plan.replace("size: [3, 22]", "size: [3, 24]");
    assert_ne!(plan, taller);
    std::fs::write(dir.join("page-3.yaml"), taller).unwrap();
    let p = prepare(
        &dir.join("edition.yaml"),
        &FontFolder::Default(super::common::fonts_dir()),
        LayoutOptions::default(),
        &mut Vec::new(),
    )
    .unwrap();
    let found = widows(&p);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(found.len(), 1, "{found:?}");
    let (file, line, message) = &found[0];
    assert_eq!((file.as_str(), *line), ("p3-feature-gourd.md", Some(8)));
    assert!(
        message.contains("page 3") && message.contains("沙沙声。"),
        "{message}"
    );
}
