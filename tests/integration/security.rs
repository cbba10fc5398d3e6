//! Safe in a pipeline (issue 16), tried as an attacker would: an edition that arrives from an
//! upload folder tries to read files outside itself, to write outside the output folder, to
//! hang or exhaust the build with endless or huge inputs. Each attempt must be refused with
//! exit 2 and a message naming the file and the rule, leak nothing it tried to read, and write
//! nothing outside the output folder.
//!
//! Every test works on a fresh temporary edition: `upload/ed/` is the edition root (the edition
//! file's folder), `upload/secret.txt` sits just outside it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "PAIBAN-SECRET-7F3A";

/// A one-page edition in `.../upload/ed` whose layout is paiban's own and whose page plan is
/// `blocks`; beside it (outside the root) a secret file.
fn edition(name: &str, blocks: &str) -> PathBuf {
    let top = std::env::temp_dir().join(format!("paiban-sec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&top);
    let dir = top.join("upload/ed");
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::write(top.join("upload/secret.txt"), format!("{SECRET}\n")).unwrap();
    let layout = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/sikai-6col.yaml");
    std::fs::write(
        dir.join("edition.yaml"),
        format!(
            "paper: 测试报\ncode: CS\ndate: 2022-08-16\nissue_total: 1\nlayout: {}\npages: [page-1.yaml]\n",
            layout.display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("page-1.yaml"),
        format!("section: 要闻\nblocks:\n{blocks}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("articles/a.md"),
        "---\ntitle: 运河边的早市\n---\n清晨五点，运河边的早市已经热闹起来。\n",
    )
    .unwrap();
    dir
}

fn article_block(path: &str) -> String {
    format!("  - article: {path}\n    at: [1, 1]\n    size: [3, 30]\n")
}

fn cleanup(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir.join("../.."));
}

fn paiban(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .current_dir(dir)
        .env("PAIBAN_TEST_SECRET", SECRET)
        .output()
        .expect("run paiban")
}

/// Run paiban with a time limit; `None` when it had to be killed.
fn paiban_within(dir: &Path, args: &[&str], limit: Duration) -> Option<(Output, Duration)> {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run paiban");
    while start.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some((child.wait_with_output().unwrap(), start.elapsed()));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().ok();
    child.wait().ok();
    None
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 2, the message at the plan line naming the block, the rule stated, nothing leaked, no
/// PDF written.
fn assert_refused(dir: &Path, out: &Output, line: &str, rule: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(line),
        "the message does not name {line}:\n{err}"
    );
    assert!(err.contains("refused to read"), "{err}");
    assert!(
        err.contains(rule),
        "the rule \"{rule}\" is not stated:\n{err}"
    );
    assert!(!err.contains(SECRET), "the secret leaked to stderr:\n{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(SECRET));
    let pdfs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert!(pdfs.is_empty(), "a PDF was written: {pdfs:?}");
}

const OUTSIDE: &str = "outside the edition root";

#[test]
fn an_article_outside_the_root_is_refused_however_it_is_spelt() {
    let climbs = "../".repeat(8) + "etc/passwd";
    for (name, path) in [
        ("abs", "/etc/passwd".to_string()),
        ("climb", climbs),
        ("sibling", "../secret.txt".to_string()),
        ("proc", "/proc/self/environ".to_string()),
    ] {
        let dir = edition(&format!("art-{name}"), &article_block(&path));
        let out = paiban(&dir, &["build", "edition.yaml", "-o", "out.pdf"]);
        assert_refused(&dir, &out, "page-1.yaml:3:5", OUTSIDE);
        assert!(!stderr(&out).contains("root:x:0:0"), "{}", stderr(&out));
        cleanup(&dir);
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_root_is_followed_before_it_is_judged() {
    let dir = edition("symlink", &article_block("articles/b.md"));
    std::os::unix::fs::symlink(dir.join("../secret.txt"), dir.join("articles/b.md")).unwrap();
    let out = paiban(&dir, &["check", "edition.yaml"]);
    assert_refused(&dir, &out, "page-1.yaml:3:5", "resolves to");
    // A symlinked folder is judged by where it leads too.
    std::fs::remove_file(dir.join("articles/b.md")).unwrap();
    std::fs::create_dir_all(dir.join("../elsewhere")).unwrap();
    std::fs::write(dir.join("../elsewhere/b.md"), format!("{SECRET}\n")).unwrap();
    std::os::unix::fs::symlink(dir.join("../elsewhere"), dir.join("linked")).unwrap();
    std::fs::write(
        dir.join("page-1.yaml"),
        format!("section: 要闻\nblocks:\n{}", article_block("linked/b.md")),
    )
    .unwrap();
    let out = paiban(&dir, &["check", "edition.yaml"]);
    assert_refused(&dir, &out, "page-1.yaml:3:5", OUTSIDE);
    cleanup(&dir);
}

#[test]
fn pictures_and_logos_outside_the_root_are_refused() {
    let picture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461/pictures/puffan.jpg");
    let block = format!(
        "{}  - picture: {}\n    at: [4, 1]\n    size: [3, 20]\n",
        article_block("articles/a.md"),
        picture.display()
    );
    let dir = edition("picture", &block);
    let out = paiban(&dir, &["build", "edition.yaml", "-o", "out.pdf"]);
    assert_refused(&dir, &out, "page-1.yaml:6:5", OUTSIDE);
    cleanup(&dir);

    let dir = edition("logo", &article_block("articles/a.md"));
    let text = std::fs::read_to_string(dir.join("edition.yaml")).unwrap();
    let text = format!("{text}masthead: {{ logo: {} }}\n", picture.display());
    std::fs::write(dir.join("edition.yaml"), text).unwrap();
    let out = paiban(&dir, &["build", "edition.yaml", "-o", "out.pdf"]);
    assert_refused(&dir, &out, "edition.yaml", OUTSIDE);
    cleanup(&dir);
}

#[test]
fn a_page_plan_or_layout_outside_the_root_is_refused() {
    let dir = edition("plan", &article_block("articles/a.md"));
    std::fs::copy(dir.join("page-1.yaml"), dir.join("../plan.yaml")).unwrap();
    let text = std::fs::read_to_string(dir.join("edition.yaml")).unwrap();
    std::fs::write(
        dir.join("edition.yaml"),
        text.replace("[page-1.yaml]", "[../plan.yaml]"),
    )
    .unwrap();
    let out = paiban(&dir, &["check", "edition.yaml"]);
    assert_refused(&dir, &out, "edition.yaml:6:9", OUTSIDE);
    // The layout: a copy of paiban's own is not paiban's own.
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/sikai-6col.yaml");
    std::fs::copy(&own, dir.join("../layout.yaml")).unwrap();
    std::fs::write(
        dir.join("edition.yaml"),
        text.replace(&own.display().to_string(), "../layout.yaml"),
    )
    .unwrap();
    let out = paiban(&dir, &["check", "edition.yaml"]);
    assert_refused(&dir, &out, "edition.yaml", OUTSIDE);
    cleanup(&dir);
}

#[test]
fn allow_outside_root_and_root_are_the_documented_ways_out() {
    let dir = edition("optout", &article_block("../secret-article.md"));
    std::fs::write(
        dir.join("../secret-article.md"),
        "---\ntitle: 外面的稿子\n---\n这是编辑部信任的本地稿件。\n",
    )
    .unwrap();
    let out = paiban(&dir, &["check", "edition.yaml"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = paiban(&dir, &["check", "edition.yaml", "--allow-outside-root"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = paiban(&dir, &["check", "edition.yaml", "--root", ".."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A root the edition itself lies outside of confines the edition file too.
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let out = paiban(&dir, &["check", "edition.yaml", "--root", "sub"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(OUTSIDE), "{}", stderr(&out));
    cleanup(&dir);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once_not_waited_on() {
    if !super::common::need("mkfifo") {
        return;
    }
    let dir = edition("fifo", &article_block("articles/pipe.md"));
    let made = Command::new("mkfifo")
        .arg(dir.join("articles/pipe.md"))
        .status()
        .unwrap();
    assert!(made.success());
    let (out, took) = paiban_within(&dir, &["check", "edition.yaml"], Duration::from_secs(20))
        .expect("paiban hung on a FIFO");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_refused(
        &dir,
        &out,
        "page-1.yaml:3:5",
        "a FIFO (named pipe), not a regular file",
    );
    cleanup(&dir);
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_even_where_reads_are_not_confined() {
    for (name, block) in [
        ("article", article_block("/dev/zero")),
        (
            "picture",
            format!(
                "{}  - picture: /dev/zero\n    at: [4, 1]\n    size: [3, 20]\n",
                article_block("articles/a.md")
            ),
        ),
    ] {
        let dir = edition(&format!("zero-{name}"), &block);
        let args = [
            "build",
            "edition.yaml",
            "-o",
            "out.pdf",
            "--allow-outside-root",
        ];
        let (out, took) = paiban_within(&dir, &args, Duration::from_secs(20))
            .expect("paiban ran on reading /dev/zero");
        assert!(took < Duration::from_secs(5), "took {took:?}");
        assert_refused(&dir, &out, "page-1.yaml", "a device, not a regular file");
        cleanup(&dir);
    }
}

#[test]
fn inputs_over_their_size_limit_are_refused_before_reading() {
    let dir = edition("size", &article_block("articles/a.md"));
    let body = "运河边的早市已经热闹起来。".repeat(60_000); // 2.3 MB
    std::fs::write(
        dir.join("articles/a.md"),
        format!("---\ntitle: 长稿\n---\n{body}\n"),
    )
    .unwrap();
    let out = paiban(&dir, &["check", "edition.yaml", "--max-article-mb", "1"]);
    assert_refused(&dir, &out, "page-1.yaml:3:5", "--max-article-mb");
    assert!(
        stderr(&out).contains("larger than the 1 MB limit"),
        "{}",
        stderr(&out)
    );
    // A 50 MB banner: the plan is refused by its limit, at once.
    let banner = "文明".repeat(50 * 1024 * 1024 / 6);
    std::fs::write(
        dir.join("page-1.yaml"),
        format!("section: 要闻\nblocks:\n  - banner: {{ text: {banner} }}\n    at: [1, 1]\n    size: [6, 6]\n"),
    )
    .unwrap();
    let (out, took) = paiban_within(&dir, &["check", "edition.yaml"], Duration::from_secs(30))
        .expect("paiban did not finish on a 50 MB banner");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_refused(&dir, &out, "edition.yaml:6:9", "--max-yaml-mb");
    cleanup(&dir);
}

#[test]
fn split_names_cannot_leave_the_output_folder() {
    for (name, line, expect) in [
        (
            "up",
            "split_pattern: \"../escape-{page}.pdf\"",
            "path separator",
        ),
        (
            "abs",
            "split_pattern: \"/tmp/paiban-escape-{page}.pdf\"",
            "path separator",
        ),
        ("dots", "split_pattern: \"..{page}.pdf\"", "\"..\""),
        (
            "field",
            "split_pattern: \"{code}-{path}.pdf\"",
            "unknown field \"{path}\"",
        ),
        ("code", "code: ../../DCSX", "cannot be part of a file name"),
    ] {
        let dir = edition(&format!("split-{name}"), &article_block("articles/a.md"));
        let text = std::fs::read_to_string(dir.join("edition.yaml")).unwrap();
        let text = text.replace("code: CS\n", "");
        std::fs::write(dir.join("edition.yaml"), format!("{text}{line}\n")).unwrap();
        let out = paiban(&dir, &["build", "edition.yaml", "--split", "-o", "out"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains("edition.yaml:6:"), "{name}: {err}");
        assert!(err.contains(expect), "{name}: {err}");
        assert!(
            !dir.join("out").exists(),
            "{name}: the output folder was made"
        );
        let parent: Vec<_> = std::fs::read_dir(dir.join(".."))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            parent.len(),
            2,
            "{name}: something was written beside the edition: {parent:?}"
        );
        assert!(!Path::new("/tmp/paiban-escape-01.pdf").exists());
        cleanup(&dir);
    }
}

#[test]
fn a_layout_s_icc_profile_outside_the_root_is_refused() {
    let dir = edition("icc", &article_block("articles/a.md"));
    let own = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/sikai-6col.yaml");
    let layout = std::fs::read_to_string(&own).unwrap();
    let with_profile = layout.replace("print:\n", "print:\n  icc_profile: ../secret.txt\n");
    assert_ne!(
        layout, with_profile,
        "the sample layout has no print: section"
    );
    std::fs::write(dir.join("layout.yaml"), with_profile).unwrap();
    let text = std::fs::read_to_string(dir.join("edition.yaml")).unwrap();
    std::fs::write(
        dir.join("edition.yaml"),
        text.replace(&own.display().to_string(), "layout.yaml"),
    )
    .unwrap();
    let out = paiban(&dir, &["build", "edition.yaml", "-o", "out.pdf", "--x4"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("refused to read the ICC profile"), "{err}");
    assert!(err.contains(OUTSIDE), "{err}");
    assert!(!err.contains(SECRET), "{err}");
    cleanup(&dir);
}

#[test]
fn invisible_format_characters_are_not_missing_glyphs() {
    let dir = edition("zwj", &article_block("articles/a.md"));
    std::fs::write(
        dir.join("articles/a.md"),
        "---\ntitle: 运河\u{200D}边的早市\n---\n清晨\u{200C}五点，运河边\u{2060}的早市已经\u{FEFF}热闹起来。\n",
    )
    .unwrap();
    let out = paiban(&dir, &["check", "edition.yaml", "--strict"]);
    let err = stderr(&out);
    assert!(!err.contains("is in no font"), "{err}");
    assert_ne!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("error:"), "{err}");
    // A character that really is in no font is still reported.
    std::fs::write(
        dir.join("articles/a.md"),
        "---\ntitle: 运河\n---\n清晨\u{E000}五点。\n",
    )
    .unwrap();
    let out = paiban(&dir, &["check", "edition.yaml", "--strict"]);
    assert!(stderr(&out).contains("U+E000"), "{}", stderr(&out));
    cleanup(&dir);
}

#[test]
fn a_flood_of_one_problem_is_one_message_with_a_count() {
    let dir = edition("flood", &article_block("articles/a.md"));
    let emoji: String = (0..600u32)
        .filter_map(|i| char::from_u32(0x1F600 + i % 64))
        .collect();
    std::fs::write(
        dir.join("articles/a.md"),
        format!("---\ntitle: 表情\n---\n清晨{emoji}五点。\n"),
    )
    .unwrap();
    let out = paiban(&dir, &["check", "edition.yaml"]);
    let err = stderr(&out);
    assert!(err.contains("600 times in this file; first at"), "{err}");
    assert!(
        err.lines().count() < 40,
        "{} lines:\n{err}",
        err.lines().count()
    );
    assert!(err.len() < 8_000, "{} bytes of diagnostics", err.len());
    cleanup(&dir);
}

#[test]
fn a_pathological_word_is_refused_in_bounded_time() {
    let dir = edition("url", &article_block("articles/a.md"));
    let url = format!("http://{}", "x".repeat(200_000));
    std::fs::write(
        dir.join("articles/a.md"),
        format!("---\ntitle: 网址\n---\n清晨五点 {url} 结束。\n"),
    )
    .unwrap();
    let (out, took) = paiban_within(&dir, &["check", "edition.yaml"], Duration::from_secs(60))
        .expect("paiban did not finish on a 200,000-character word");
    let err = stderr(&out);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("articles/a.md:4:6: error: a word of 200007 characters"),
        "{err}"
    );
    assert!(
        err.len() < 4_000,
        "the word was echoed: {} bytes",
        err.len()
    );
    cleanup(&dir);
}

#[test]
fn a_picture_over_its_article_s_headline_is_an_error_at_its_plan_line() {
    let picture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461/pictures/puffan.jpg");
    // The picture at the top of the article's block covers its 主题; lower down the text runs
    // around it.
    for (line, covers) in [(1, true), (14, false)] {
        let block = format!(
            "{}  - picture: pictures/p.jpg\n    at: [1, {line}]\n    size: [2, 8]\n",
            article_block("articles/a.md")
        );
        let dir = edition(&format!("cover-{line}"), &block);
        std::fs::create_dir_all(dir.join("pictures")).unwrap();
        std::fs::copy(&picture, dir.join("pictures/p.jpg")).unwrap();
        for command in ["check", "build"] {
            let out = paiban(&dir, &[command, "edition.yaml"]);
            let err = stderr(&out);
            if covers {
                assert_eq!(out.status.code(), Some(2), "{command}: {err}");
                assert!(
                    err.contains("page-1.yaml:6:5: error: picture \"p.jpg\" at [1, 1] size [2, 8] is drawn over the headings of article \"a.md\" at [1, 1] size [3, 30] (\"运河边的早市\")"),
                    "{command}: {err}"
                );
                assert!(err.contains("headings do not"), "{err}");
            } else {
                assert_eq!(out.status.code(), Some(0), "{command}: {err}");
                assert!(!err.contains("drawn over"), "{err}");
            }
        }
        let pdfs = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .count();
        assert_eq!(
            pdfs,
            usize::from(!covers),
            "a PDF of a covered headline was written"
        );
        cleanup(&dir);
    }
}

/// The font fuzz target's pipeline as a test: a font from bytes, a paragraph shaped and broken
/// with it, the lines written as a PDF (subsetting the face), with `stray_glyph` a glyph id past
/// any font's glyph count among them (as a damaged cmap would give). `None` when the bytes make
/// no face.
fn set_with_font(
    font: &[u8],
    stray_glyph: bool,
) -> Option<Result<Vec<u8>, paiban::diag::Diagnostics>> {
    use paiban::color::Cmyk;
    use paiban::compose::{
        Align, ComposeConfig, LineWidths, Paragraph, ParagraphStyle, StyleRun, compose_paragraph,
    };
    use paiban::display::{DisplayPage, Glyph, GlyphRun, Item};
    use paiban::fonts::FontBook;
    use paiban::pdf::{PdfOptions, write_pdf};
    let text = "东昌府区“十四五”规划：2022年8月16日，ffi fl Office 1,461期——《聊城日报》（试刊）。";
    let (book, id) = FontBook::from_bytes(font.to_vec(), 0, "Damaged").ok()?;
    let paragraph = Paragraph {
        text: text.to_string(),
        keep: Vec::new(),
        runs: vec![StyleRun {
            range: 0..text.len(),
            fonts: vec![id],
            size: 9.5,
            color: Cmyk::BLACK,
            tracking: 0.0,
        }],
    };
    let style = ParagraphStyle {
        indent: 19.0,
        align: Align::Justify,
        last_line: Align::Start,
        config: ComposeConfig::default(),
    };
    let widths = LineWidths {
        first: Vec::new(),
        rest: 120.0,
    };
    let composed = compose_paragraph(&book, &paragraph, &style, &widths);
    let items = composed
        .lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let mut glyphs: Vec<Glyph> = line
                .glyphs
                .iter()
                .map(|g| Glyph {
                    id: g.id,
                    x: g.x,
                    y: g.y,
                    advance: g.advance,
                    text: 0..0,
                })
                .collect();
            if stray_glyph {
                glyphs.push(Glyph {
                    id: 65_000,
                    x: 0.0,
                    y: 0.0,
                    advance: 5.0,
                    text: 0..0,
                });
            }
            Item::Text(GlyphRun {
                font: id,
                size: 9.5,
                color: Cmyk::BLACK,
                origin: (20.0, 30.0 + 12.0 * n as f32),
                writing: paiban::display::Writing::Horizontal,
                glyphs,
                text: String::new(),
            })
        })
        .collect();
    let page = DisplayPage {
        number: 1,
        width: 200.0,
        height: 400.0,
        items,
    };
    Some(write_pdf(&[page], &book, &PdfOptions::default()))
}

#[test]
fn damaged_fonts_give_an_error_or_a_pdf_never_a_panic() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/font");
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for seed in ["serif-sc.ttf.bin", "sans-cjk-cff.otf.bin"] {
        // The fuzz seeds start with one byte of settings; the font follows.
        let font = std::fs::read(seeds.join(seed)).unwrap()[1..].to_vec();
        let whole = set_with_font(&font, false).expect("the seed is a font");
        assert!(whole.expect("the seed sets").starts_with(b"%PDF-"));
        let stray = set_with_font(&font, true).expect("the seed is a font");
        let err = stray.expect_err("a glyph past the font's own was embedded");
        assert!(
            err.0[0].message.contains("failed to embed font"),
            "{:?}",
            err.0
        );
        let (mut faces, mut pdfs) = (0, 0);
        for round in 0..150 {
            let mut bytes = font.clone();
            if round % 5 == 4 {
                bytes.truncate(next() as usize % font.len());
            } else {
                for _ in 0..1 + next() % 8 {
                    let at = next() as usize % bytes.len();
                    bytes[at] ^= (next() % 255 + 1) as u8;
                }
            }
            if let Some(result) = set_with_font(&bytes, round % 7 == 0) {
                faces += 1;
                if let Ok(pdf) = result {
                    assert!(pdf.starts_with(b"%PDF-"), "{seed} round {round}");
                    pdfs += 1;
                }
            }
        }
        // Most damage lands in outlines and tables the loader does not read: those fonts must
        // still reach the shaper and the subsetter, or this test would test nothing.
        assert!(
            faces > 50 && pdfs > 30,
            "{seed}: {faces} faces, {pdfs} PDFs of 150"
        );
    }
}

/// The font fuzzer's find: a CFF real number that is not finite in a private dict makes the
/// subsetter (subsetter 0.2) reach `unreachable!` when it writes the dict again. A font in the
/// user's folder must give an error naming it, not bring the build down.
#[test]
fn a_cff_font_with_an_infinite_real_is_an_error_not_a_crash() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/font-cff-infinite-real.otf");
    let font = std::fs::read(&path).unwrap();
    let result = set_with_font(&font, false).expect("the file loads as a face");
    let err = result.expect_err("the damaged CFF font was embedded");
    let message = &err.0[0].message;
    assert!(
        message.contains("failed to embed font") && message.contains("CFF data is damaged"),
        "{message}"
    );
}
