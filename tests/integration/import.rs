//! `paiban import`: Word files written by python-docx (a writer that is not paiban's reader)
//! and text files in each encoding, read back and compared with what was meant.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use paiban::model::{Article, BodyBlock, Emphasis, parse_article};

use super::common;

fn paiban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .output()
        .unwrap()
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paiban-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// python3 with python-docx, or a skip (a failure under CI).
fn python_docx() -> bool {
    common::have("python3") && common::have_python_module("docx", "pip install python-docx")
}

fn make_docx(args: &[&str]) {
    let script = manifest().join("tests/tools/make_docx.py");
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "make_docx.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read(path: &Path) -> Article {
    let text = std::fs::read_to_string(path).unwrap();
    match parse_article(path, &text) {
        Ok((article, _)) => article,
        Err(e) => panic!("{} does not parse: {e:?}", path.display()),
    }
}

/// An article's body as comparable text: one line per paragraph, block kind first, emphasis
/// as ** and *, line breaks as ⏎ (paragraph line numbers differ and do not matter).
fn body_text(article: &Article) -> Vec<String> {
    let para = |p: &paiban::model::Para| {
        let mut s = String::new();
        let mut merged: Vec<(Emphasis, String)> = Vec::new();
        for span in &p.spans {
            match merged.last_mut() {
                Some((e, t)) if *e == span.emphasis => t.push_str(&span.text),
                _ => merged.push((span.emphasis, span.text.clone())),
            }
        }
        for (e, t) in merged {
            let m = match e {
                Emphasis::Normal => "",
                Emphasis::Strong => "**",
                Emphasis::Emphasis => "*",
            };
            s.push_str(&format!("{m}{}{m}", t.replace('\n', "⏎")));
        }
        s
    };
    let mut out = Vec::new();
    for block in &article.body {
        match block {
            BodyBlock::Paragraph(p) => out.push(format!("P {}", para(p))),
            BodyBlock::Subhead(p) => out.push(format!("H {}", para(p))),
            BodyBlock::Quote(ps) => out.extend(ps.iter().map(|p| format!("Q {}", para(p)))),
            BodyBlock::Verse(ps) => out.extend(ps.iter().map(|p| format!("V {}", para(p)))),
        }
    }
    out
}

/// The differences between two articles in the fields a round trip must keep.
fn differences(want: &Article, got: &Article) -> Vec<String> {
    let (w, g) = (&want.front, &got.front);
    let mut out = Vec::new();
    for (name, a, b) in [
        ("kicker", &w.kicker, &g.kicker),
        ("title", &w.title, &g.title),
        ("subtitle", &w.subtitle, &g.subtitle),
        ("dateline", &w.dateline, &g.dateline),
        ("byline", &w.byline, &g.byline),
    ] {
        if a != b {
            out.push(format!("{name}: want {a:?}, got {b:?}"));
        }
    }
    if w.options.verse != g.options.verse {
        out.push(format!(
            "verse: want {}, got {}",
            w.options.verse, g.options.verse
        ));
    }
    let (wb, gb) = (body_text(want), body_text(got));
    for i in 0..wb.len().max(gb.len()) {
        let (a, b) = (wb.get(i), gb.get(i));
        if a != b {
            out.push(format!("body[{i}]: want {a:?}\n          got  {b:?}"));
        }
    }
    out
}

#[test]
fn every_sample_article_survives_a_round_trip_through_word() {
    if !python_docx() {
        return;
    }
    let dir = temp("roundtrip");
    let articles = manifest().join("samples/dongchang-1461/articles");
    let docx = dir.join("docx");
    let out = dir.join("out");
    make_docx(&[
        "articles",
        articles.to_str().unwrap(),
        docx.to_str().unwrap(),
    ]);
    let run = paiban(&[
        "import",
        docx.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut report = Vec::new();
    let (mut count, mut lines) = (0, 0);
    for entry in std::fs::read_dir(&articles).unwrap() {
        let source = entry.unwrap().path();
        let name = source.file_name().unwrap();
        let want = read(&source);
        lines += body_text(&want).len();
        let diffs = differences(&want, &read(&out.join(name)));
        count += 1;
        if !diffs.is_empty() {
            report.push(format!(
                "{}:\n  {}",
                name.to_string_lossy(),
                diffs.join("\n  ")
            ));
        }
    }
    assert_eq!(count, 18, "the sample has 18 articles");
    assert!(lines > 100, "only {lines} body paragraphs compared");
    assert!(
        report.is_empty(),
        "round-trip differences:\n{}",
        report.join("\n")
    );
}

#[test]
fn every_element_of_a_word_story_is_read() {
    if !python_docx() {
        return;
    }
    let dir = temp("elements");
    let docx = dir.join("story.docx");
    let picture = manifest().join("samples/dongchang-1461/pictures/puffan.jpg");
    make_docx(&[
        "elements",
        docx.to_str().unwrap(),
        picture.to_str().unwrap(),
    ]);
    let out = dir.join("out");
    let run = paiban(&[
        "import",
        docx.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let article = read(&out.join("story.md"));
    let f = &article.front;
    assert_eq!(f.kicker.as_deref(), Some("市司法局推广我区经验做法"));
    assert_eq!(f.title.as_deref(), Some("“有事来聊”让小调解成就“大平安”"));
    assert_eq!(f.subtitle.as_deref(), Some("——全区人民调解工作纪实"));
    assert_eq!(f.dateline.as_deref(), Some("本报讯"));
    assert_eq!(f.byline.as_deref(), Some("记者 张三 通讯员 李四"));
    assert_eq!(
        body_text(&article),
        [
            // The tracked deletion is gone, the insertion kept; the footnote reference dropped.
            "P 8月12日，我区召开人民调解工作推进会。",
            "P **阵地建设基础强。**打破固有概念，*要干就干好*，打造共享式党建活动阵地。",
            "H 从炕头手艺到“金葫芦”",
            "Q 建国吾儿：",
            "Q 父字⏎八月十六日夜",
            "P 东昌府区委宣传部⏎2022年8月16日",
            "P 文件名*不是*强调，1. 不是列表，<b>不是标签</b>。",
        ]
    );
    assert!(
        stderr.contains("tracked changes (1 insertions, 1 deletions"),
        "{stderr}"
    );
    assert!(
        stderr.contains("footnote 1 dropped: “数据来自区司法局”"),
        "{stderr}"
    );
    // The picture is saved byte for byte, and its caption and credit are in the article.
    let saved = std::fs::read(out.join("pictures/story-1.jpg")).unwrap();
    assert_eq!(saved, std::fs::read(&picture).unwrap());
    let text = std::fs::read_to_string(out.join("story.md")).unwrap();
    assert!(
        text.contains(
            "图片 pictures/story-1.jpg　说明：8月14日，调解员在社区调解矛盾纠纷。　融媒体 王五 摄"
        ),
        "{text}"
    );
}

/// A story as a newsroom system exports it: one paragraph per line, indented with 　　.
const STORY: &str = "张百顺在出席我区三季度工作攻坚会议时强调\n强化使命担当 打造“首善之区”\n　　东昌府讯　8月12日，市委副书记、市长张百顺出席东昌府区三季度工作攻坚会议。\n　　张百顺指出，要按照既定方案，压实责任，推动𠮷祥村等各项工作落细落实。\n　　(融媒体 裴崇旭)\n";

fn check_story(article: &Article) {
    let f = &article.front;
    assert_eq!(
        f.kicker.as_deref(),
        Some("张百顺在出席我区三季度工作攻坚会议时强调")
    );
    assert_eq!(f.title.as_deref(), Some("强化使命担当 打造“首善之区”"));
    assert_eq!(f.dateline.as_deref(), Some("东昌府讯"));
    assert_eq!(f.byline.as_deref(), Some("融媒体 裴崇旭"));
    assert_eq!(
        body_text(article),
        [
            "P 8月12日，市委副书记、市长张百顺出席东昌府区三季度工作攻坚会议。",
            "P 张百顺指出，要按照既定方案，压实责任，推动𠮷祥村等各项工作落细落实。",
        ]
    );
}

#[test]
fn text_stories_in_each_encoding_import_with_the_right_text() {
    let dir = temp("encodings");
    let utf16 = |big: bool| {
        let mut bytes = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in STORY.encode_utf16() {
            bytes.extend(if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    };
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(STORY);
    assert!(!unmappable);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(STORY.as_bytes());
    let files: [(&str, Vec<u8>, &str); 5] = [
        ("utf8.txt", STORY.as_bytes().to_vec(), "(UTF-8 text)"),
        ("bom.txt", bom, "(UTF-8 with BOM text)"),
        ("le.txt", utf16(false), "(UTF-16LE with BOM text)"),
        ("be.txt", utf16(true), "(UTF-16BE with BOM text)"),
        ("gb.txt", gb.into_owned(), "(GB18030 (GBK), detected text)"),
    ];
    for (name, bytes, _) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let out = dir.join("out");
    let run = paiban(&["import", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for (name, _, encoding) in &files {
        let md = out.join(name.replace(".txt", ".md"));
        check_story(&read(&md));
        let line = stdout
            .lines()
            .find(|l| l.starts_with(dir.join(name).to_str().unwrap()));
        assert!(
            line.is_some_and(|l| l.ends_with(encoding)),
            "{name}: {stdout}"
        );
    }
}

#[test]
fn binary_files_and_unknown_encodings_are_refused_with_exit_2() {
    let dir = temp("refused");
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "control character",
        ),
        (
            "old.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1a\xe1\x00\x00",
            "old Word/WPS .doc",
        ),
        (
            "latin.txt",
            "café crème brûlée, naïve résumé".as_bytes(),
            "",
        ),
        (
            "broken.docx",
            b"PK\x03\x04 not really a zip",
            "not a Word .docx",
        ),
    ];
    for (name, bytes, want) in cases {
        let bytes = if name == "latin.txt" {
            encoding_rs::WINDOWS_1252
                .encode(std::str::from_utf8(bytes).unwrap())
                .0
                .into_owned()
        } else {
            bytes.to_vec()
        };
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let out = dir.join("out");
        let run = paiban(&[
            "import",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("{}: error:", path.display())),
            "{name}: {stderr}"
        );
        assert!(stderr.contains(want), "{name}: {stderr}");
        assert!(stderr.contains("hint:"), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: nothing may be written");
    }
}

#[test]
fn existing_files_are_kept_unless_forced_and_fix_fixes_the_copy() {
    let dir = temp("force");
    let story = dir.join("story.txt");
    std::fs::write(
        &story,
        "会议召开\n　　本报讯 会议强调,要把\"首善之区\"建设好.\n",
    )
    .unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("story.md"), "editor's version").unwrap();
    let args = [
        "import",
        story.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let run = paiban(&args);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(out.join("story.md")).unwrap(),
        "editor's version"
    );

    let run = paiban(&[&args[..], &["--force"]].concat());
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("warning: straight quotes") || stderr.contains("half-width"),
        "{stderr}"
    );

    let run = paiban(&[&args[..], &["--force", "--fix"]].concat());
    assert!(run.status.success());
    let article = read(&out.join("story.md"));
    assert_eq!(body_text(&article), ["P 会议强调，要把“首善之区”建设好。"]);
    assert_eq!(article.front.dateline.as_deref(), Some("本报讯"));
}

#[test]
fn into_adds_a_block_to_a_page_plan_keeping_its_comments() {
    let dir = temp("into");
    common::copy_dir(
        &manifest().join("samples/dongchang-1461"),
        &dir.join("edition"),
    );
    let plan = dir.join("edition/page-4.yaml");
    let before = std::fs::read_to_string(&plan).unwrap();
    let story = dir.join("short.txt");
    std::fs::write(
        &story,
        "运河边的早市\n　　天刚亮，运河边的早市就热闹起来了。\n",
    )
    .unwrap();
    let out = dir.join("edition/articles");
    let run = paiban(&[
        "import",
        story.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--into",
        plan.to_str().unwrap(),
        "--at",
        "[1,70]",
        "--size",
        "[2,5]",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let after = std::fs::read_to_string(&plan).unwrap();
    // Every line of the plan is still there, in order, and the block is added.
    let kept: Vec<&str> = after
        .lines()
        .filter(|l| before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(kept, before.lines().collect::<Vec<_>>());
    assert!(
        after.contains("- article: articles/short.md\n    at: [1, 70]\n    size: [2, 5]\n"),
        "{after}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("edition/page-4.yaml.bak")).unwrap(),
        before
    );
}

/// The hanzi of `text`, sorted (the byline moves from the end to the front matter).
fn hanzi(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    chars.sort_unstable();
    chars
}

#[test]
fn the_sample_exported_as_gb18030_text_imports_without_losing_a_character() {
    // `paiban text` writes each article as a newsroom system exports it: the headline lines,
    // the 讯头 before the first paragraph, the byline in parentheses at the end.
    let dir = temp("gb18030");
    let edition = manifest().join("samples/dongchang-1461/edition.yaml");
    let txt = dir.join("txt");
    let run = paiban(&[
        "text",
        edition.to_str().unwrap(),
        "-o",
        txt.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let gb = dir.join("gb");
    std::fs::create_dir_all(&gb).unwrap();
    let mut exported = Vec::new();
    for entry in std::fs::read_dir(&txt).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        std::fs::write(gb.join(path.file_name().unwrap()), &bytes).unwrap();
        exported.push((path, text));
    }
    assert_eq!(exported.len(), 18);
    let out = dir.join("out");
    let run = paiban(&["import", gb.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let articles = manifest().join("samples/dongchang-1461/articles");
    for (path, text) in &exported {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let written = std::fs::read_to_string(out.join(format!("{stem}.md"))).unwrap();
        let got = read(&out.join(format!("{stem}.md")));
        // Nothing lost or added: the article file holds every hanzi of the story (a line the
        // importer was unsure of is in the body, after its comment).
        let without_comments: String = written
            .split("<!--")
            .map(|part| part.split_once("-->").map_or(part, |(_, rest)| rest))
            .collect();
        assert_eq!(hanzi(&without_comments), hanzi(text), "{stem}");
        // The 讯头 and byline are always found.
        let want = read(&articles.join(format!("{stem}.md")));
        assert_eq!(got.front.dateline, want.front.dateline, "{stem}");
        assert_eq!(got.front.byline, want.front.byline, "{stem}");
    }
}
