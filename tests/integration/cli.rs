//! End-to-end tests of the `paiban` binary: the sample edition, the starter, and the PDF that
//! comes out (opened with lopdf; text extracted with pdftotext/mutool where installed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::common::{copy_dir, have};

fn paiban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run paiban")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paiban-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SAMPLE: &str = "samples/dongchang-1461/edition.yaml";

#[test]
fn sample_edition_checks_clean_under_strict() {
    let out = paiban(&["check", SAMPLE, "--strict"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr:\n{}\nstdout:\n{}",
        stderr(&out),
        String::from_utf8_lossy(&out.stdout)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("第1版 要闻"), "{stdout}");
    assert!(!stdout.contains("OVERSET"), "{stdout}");
}

#[test]
fn starter_edition_builds_and_checks_under_strict() {
    let dir = temp_dir("starter");
    let target = dir.join("mine");
    let out = paiban(&["new", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let edition = target.join("edition.yaml");
    let out = paiban(&["check", edition.to_str().unwrap(), "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A second `new` into the same folder refuses to overwrite.
    let again = paiban(&["new", target.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_exits_2_with_position_and_no_pdf() {
    let dir = temp_dir("bad");
    std::fs::write(
        dir.join("edition.yaml"),
        "paper: 测试\ndate: 2022-08-16\nissue_totl: 1\nlayout: x.yaml\npages: []\n",
    )
    .unwrap();
    let pdf = dir.join("out.pdf");
    let out = paiban(&[
        "build",
        dir.join("edition.yaml").to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("edition.yaml:3:1: error: unknown field \"issue_totl\""),
        "{err}"
    );
    assert!(err.contains("did you mean \"issue_total\"?"), "{err}");
    assert!(!pdf.exists());
    let missing = paiban(&["build", dir.join("nope.yaml").to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("failed to read file"),
        "{}",
        stderr(&missing)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Build the sample once per test that needs it (each test process builds its own copy).
fn build_sample(dir: &Path, extra: &[&str]) -> PathBuf {
    let pdf = dir.join("sample.pdf");
    let mut args = vec!["build", SAMPLE, "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = paiban(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    pdf
}

#[test]
fn sample_pdf_has_four_pages_with_embedded_fonts_and_tounicode() {
    let dir = temp_dir("pdf");
    let pdf = build_sample(&dir, &[]);
    let doc = lopdf::Document::load(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 4);
    let mut fonts = 0;
    for (_, obj) in doc.objects.iter() {
        let Ok(dict) = obj.as_dict() else { continue };
        if dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Font".as_slice())
            && dict.get(b"Subtype").ok().and_then(|t| t.as_name().ok()) == Some(b"Type0".as_slice())
        {
            fonts += 1;
            assert!(
                dict.has(b"ToUnicode"),
                "a Type0 font without ToUnicode: {dict:?}"
            );
        }
    }
    assert!(
        fonts >= 4,
        "expected the body, 黑, 楷 and bold faces, found {fonts} Type0 fonts"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Extracted text of a PDF with whitespace removed, from `pdftotext -raw` (content-stream order)
/// or `mutool draw -F txt`.
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
fn sample_pdf_text_contains_every_article_in_reading_order() {
    let tools: Vec<&str> = ["pdftotext", "mutool"]
        .into_iter()
        .filter(|t| have(t))
        .collect();
    if tools.is_empty() {
        return;
    }
    let dir = temp_dir("text");
    let pdf = build_sample(&dir, &[]);
    let texts = dir.join("texts");
    let out = paiban(&["text", SAMPLE, "-o", texts.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for tool in tools {
        let text = extract(tool, &pdf);
        for needle in [
            "东昌时讯",
            "DONGCHANGSHIXUN",
            "2022年8月16日",
            "星期二",
            "农历壬寅年七月十九",
            "总第1461期",
            "今日4版",
            "网址：http://dcf.lcxw.cn",
            "投稿邮箱：dcsx2005@sina.com",
            "（下转第2版）",
            "（上接第1版）",
        ] {
            assert!(
                text.contains(needle),
                "{tool}: {needle} not in the PDF text"
            );
        }
        // Every sentence of every article comes out whole and in order, except the few that a
        // jump line interrupts (three stories jump in the sample).
        let mut missed = Vec::new();
        let mut total = 0;
        for entry in std::fs::read_dir(&texts).unwrap() {
            let body = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in body.lines() {
                let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
                for sentence in line
                    .split_inclusive(['。', '！', '？'])
                    .filter(|s| s.chars().count() >= 6)
                {
                    total += 1;
                    if !text.contains(sentence) {
                        missed.push(sentence.to_string());
                    }
                }
            }
        }
        assert!(total > 250, "{total} sentences");
        assert!(
            missed.len() <= 3,
            "{tool}: {} of {total} sentences not whole or out of order: {missed:?}",
            missed.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn builds_are_byte_identical_and_pages_2_alone_matches() {
    let dir = temp_dir("det");
    let first = build_sample(&dir, &[]);
    let a = std::fs::read(&first).unwrap();
    let second = build_sample(&dir, &[]);
    let b = std::fs::read(&second).unwrap();
    assert!(a == b, "two builds of the same input differ");
    let alone = dir.join("p2.pdf");
    let out = paiban(&[
        "build",
        SAMPLE,
        "--pages",
        "2",
        "-o",
        alone.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Subset glyph ids and resource names depend on the whole document, so compare what the
    // page shows: page 2 of the full build and the single page, rendered to gray pixels.
    if !have("pdftoppm") {
        return;
    }
    let render = |pdf: &Path, page: &str, stem: &str| {
        let prefix = dir.join(stem);
        let status = Command::new("pdftoppm")
            .args(["-r", "40", "-gray", "-f", page, "-l", page, "-singlefile"])
            .arg(pdf)
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(prefix.with_extension("pgm")).unwrap()
    };
    assert!(
        render(&first, "2", "full2") == render(&alone, "1", "alone"),
        "page 2 alone looks different from page 2 of the full build"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_fix_rewrites_punctuation_keeps_a_backup_and_is_idempotent() {
    let dir = temp_dir("fix");
    let target = dir.join("ed");
    assert_eq!(
        paiban(&["new", target.to_str().unwrap()]).status.code(),
        Some(0)
    );
    let article = target.join("articles/news-library.md");
    let original = std::fs::read_to_string(&article).unwrap();
    let sloppy = original.replacen("正式向居民开放。", "正式向居民开放,\"欢迎\"大家来。", 1);
    assert_ne!(sloppy, original);
    std::fs::write(&article, &sloppy).unwrap();
    let edition = target.join("edition.yaml");
    let warned = paiban(&["check", edition.to_str().unwrap()]);
    assert!(
        stderr(&warned).contains("news-library.md:"),
        "{}",
        stderr(&warned)
    );
    let fixed = paiban(&["check", edition.to_str().unwrap(), "--fix"]);
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
    let after = std::fs::read_to_string(&article).unwrap();
    assert!(after.contains("正式向居民开放，“欢迎”大家来。"), "{after}");
    let mut backup = article.clone().into_os_string();
    backup.push(".bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), sloppy);
    let again = paiban(&["check", edition.to_str().unwrap(), "--fix"]);
    assert!(
        !stderr(&again).contains("fixed "),
        "a second --fix changed something: {}",
        stderr(&again)
    );
    assert_eq!(std::fs::read_to_string(&article).unwrap(), after);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The shared lint, which must also find nothing to warn about.
fn pdfx_lint(pdf: &Path, x: &str) -> Option<String> {
    let text = super::common::pdfx_lint(pdf, x)?;
    assert!(text.contains("0 error(s), 0 warning(s)"), "{text}");
    Some(text)
}

#[test]
fn split_writes_one_pdfx_file_per_page_named_from_the_edition() {
    let dir = temp_dir("split");
    let out = paiban(&["build", SAMPLE, "--split", "-o", dir.to_str().unwrap()]);
    if stderr(&out).contains("not built yet") {
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for page in 1..=4 {
        let pdf = dir.join(format!("DCSX-20220816-0{page}.pdf"));
        let doc = lopdf::Document::load(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
        assert_eq!(doc.get_pages().len(), 1);
        pdfx_lint(&pdf, "1a");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn x4_with_a_cmyk_profile_passes_the_x4_lint_and_without_one_is_refused() {
    let dir = temp_dir("x4");
    let pdf = dir.join("x4.pdf");
    let refused = paiban(&["build", SAMPLE, "--x4", "-o", pdf.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--icc"), "{}", stderr(&refused));
    assert!(!pdf.exists());
    let profile = Path::new("/usr/share/color/icc/ghostscript/default_cmyk.icc");
    if !super::common::have_file(profile, "apt-get install ghostscript") {
        return;
    }
    let out = paiban(&[
        "build",
        SAMPLE,
        "--x4",
        "--icc",
        profile.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    pdfx_lint(&pdf, "4");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--pages 2` reads only the articles whose thread reaches page 2: a broken article on page 4
/// stops the full build but not the rebuild of page 2, and an unread article is still protected
/// from being overwritten by the output.
#[test]
fn pages_reads_only_the_articles_it_sets() {
    let root = temp_dir("pages-lazy");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&here.join("layouts"), &root.join("layouts"));
    copy_dir(
        &here.join("samples/dongchang-1461"),
        &root.join("samples/dongchang-1461"),
    );
    let edition = root.join("samples/dongchang-1461/edition.yaml");
    let poem = root.join("samples/dongchang-1461/articles/p4-poem-canal.md");
    std::fs::write(&poem, "---\ntitle: [unclosed\n---\n正文。\n").unwrap();
    let out = root.join("out.pdf");
    // The copied layouts/ are not paiban's own: the root is the copy's top folder.
    let run = |extra: &[&str]| {
        let mut args = vec![
            "build",
            edition.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--root",
            root.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        paiban(&args)
    };
    let full = run(&[]);
    assert_eq!(full.status.code(), Some(2), "{}", stderr(&full));
    assert!(
        stderr(&full).contains("p4-poem-canal.md"),
        "{}",
        stderr(&full)
    );
    let page2 = run(&["--pages", "2"]);
    assert!(page2.status.success(), "{}", stderr(&page2));
    assert!(out.exists());
    let clobber = paiban(&[
        "build",
        edition.to_str().unwrap(),
        "--pages",
        "2",
        "-o",
        poem.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
    ]);
    assert_eq!(clobber.status.code(), Some(2), "{}", stderr(&clobber));
    assert!(
        stderr(&clobber).contains("input files"),
        "{}",
        stderr(&clobber)
    );
    let _ = std::fs::remove_dir_all(&root);
}
