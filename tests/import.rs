//! `paiban import`: Word files written by python-docx (a writer that is not paiban's reader)
//! and text files in each encoding, read back and compared with what was meant.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use paiban::model::{Article, BodyBlock, Emphasis, parse_article};

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
    common::required(
        common::have("python3") && common::python_module("docx"),
        "python3 with python-docx (pip install python-docx)",
    )
}

fn make_docx(args: &[&str]) {
    let script = manifest().join("tests/tools/make_docx.py");
    let out = Command::new("python3").arg(script).args(args).output().unwrap();
    assert!(out.status.success(), "make_docx.py failed: {}", String::from_utf8_lossy(&out.stderr));
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
        out.push(format!("verse: want {}, got {}", w.options.verse, g.options.verse));
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
    make_docx(&["articles", articles.to_str().unwrap(), docx.to_str().unwrap()]);
    let run = paiban(&["import", docx.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut report = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&articles).unwrap() {
        let source = entry.unwrap().path();
        let name = source.file_name().unwrap();
        let diffs = differences(&read(&source), &read(&out.join(name)));
        count += 1;
        if !diffs.is_empty() {
            report.push(format!("{}:\n  {}", name.to_string_lossy(), diffs.join("\n  ")));
        }
    }
    assert_eq!(count, 18, "the sample has 18 articles");
    assert!(report.is_empty(), "round-trip differences:\n{}", report.join("\n"));
}
