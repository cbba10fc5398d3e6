//! Output safety (issue 8): paiban never destroys an input, creates the output folder it needs,
//! reports a folder it cannot write to, and leaves the previous output intact when a run fails.
//!
//! Each test works on a temporary copy of the catalogue's valid base edition
//! (`tests/bad/00-valid-base` with `tests/bad/_common`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::common::{copy_dir, temporaries};

/// A fresh copy of the valid base edition; returns the folder holding `edition.yaml`.
fn edition(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("paiban-safety-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    copy_dir(&bad.join("_common"), &root.join("_common"));
    copy_dir(&bad.join("00-valid-base"), &root.join("ed"));
    root.join("ed")
}

fn cleanup(dir: &Path) {
    if let Some(root) = dir.parent() {
        let _ = std::fs::remove_dir_all(root);
    }
}

/// Run paiban in `dir`; the edition root is the copy's folder, which holds `_common/` too.
fn paiban(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .args(["--root", ".."])
        .current_dir(dir)
        .output()
        .expect("run paiban")
}

/// [`paiban`] as the user `nobody` (through setpriv), for whom permissions hold even where the
/// test runs as root (as CI does); `None` when setpriv is missing (then the test skips).
#[cfg(unix)]
fn paiban_as_nobody(dir: &Path, args: &[&str]) -> Option<Output> {
    if !super::common::have("setpriv") {
        return None;
    }
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .args(["--root", ".."])
        .current_dir(dir)
        .output()
        .expect("run setpriv");
    Some(out)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn output_equal_to_an_input_is_refused_and_the_input_untouched() {
    let dir = edition("same");
    for input in [
        "articles/a.md",
        "edition.yaml",
        "page-1.yaml",
        "../_common/layout.yaml",
    ] {
        let before = std::fs::read(dir.join(input)).unwrap();
        let out = paiban(&dir, &["build", "edition.yaml", "-o", input]);
        assert_eq!(out.status.code(), Some(2), "-o {input}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is one of the edition's input files"),
            "-o {input}: {}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(dir.join(input)).unwrap(),
            before,
            "{input} changed"
        );
    }
    // The same file reached by another spelling of its path.
    let before = std::fs::read(dir.join("articles/a.md")).unwrap();
    let out = paiban(
        &dir,
        &["build", "edition.yaml", "-o", "articles/../articles/./a.md"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.join("articles/a.md")).unwrap(), before);
    cleanup(&dir);
}

#[test]
fn report_path_equal_to_an_input_is_refused_and_the_input_untouched() {
    let dir = edition("report");
    for input in ["edition.yaml", "articles/a.md"] {
        let before = std::fs::read(dir.join(input)).unwrap();
        let out = paiban(&dir, &["check", "edition.yaml", "--report", input]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "--report {input}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("is one of the edition's input files"),
            "--report {input}: {}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(dir.join(input)).unwrap(),
            before,
            "{input} changed"
        );
    }
    // A report beside the inputs is fine.
    let out = paiban(&dir, &["check", "edition.yaml", "--report", "fit.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("fit.json").exists());
    cleanup(&dir);
}

#[test]
fn missing_output_folders_are_created() {
    let dir = edition("mkdir");
    let out = paiban(&dir, &["build", "edition.yaml", "-o", "new/deeper/out.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = std::fs::read(dir.join("new/deeper/out.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(temporaries(&dir.join("new/deeper")).is_empty());
    // The report's folder too (this one needs no PDF).
    let out = paiban(
        &dir,
        &["check", "edition.yaml", "--report", "reports/x/fit.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.join("reports/x/fit.json").exists());
    cleanup(&dir);
}

#[test]
fn report_folder_is_created_without_the_pdf_writer() {
    let dir = edition("mkdir-report");
    let out = paiban(
        &dir,
        &["check", "edition.yaml", "--report", "reports/x/fit.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = std::fs::read_to_string(dir.join("reports/x/fit.json")).unwrap();
    assert!(json.contains("\"exit_code\": 0"), "{json}");
    cleanup(&dir);
}

#[test]
fn an_output_folder_that_is_a_file_is_reported() {
    // Works as root too: no permission can make a file into a folder.
    let dir = edition("blocked");
    std::fs::write(dir.join("blocker"), b"a file where a folder should be").unwrap();
    let out = paiban(
        &dir,
        &["check", "edition.yaml", "--report", "blocker/fit.json"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("blocker/fit.json: error: failed to create the output folder"),
        "{err}"
    );
    let out = paiban(&dir, &["build", "edition.yaml", "-o", "blocker/out.pdf"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("blocker/out.pdf: error: failed to create the output folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(dir.join("blocker")).unwrap(),
        b"a file where a folder should be"
    );
    cleanup(&dir);
}

#[cfg(unix)]
#[test]
fn an_unwritable_output_folder_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = edition("readonly");
    let ro = dir.join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root (and CI, which runs as root) can write anyway: then run paiban as nobody.
    let root = std::fs::write(ro.join("probe"), b"").is_ok();
    let _ = std::fs::remove_file(ro.join("probe"));
    let run = |args: &[&str]| {
        if root {
            paiban_as_nobody(&dir, args)
        } else {
            Some(paiban(&dir, args))
        }
    };
    let Some(out) = run(&["check", "edition.yaml", "--report", "ro/fit.json"]) else {
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
        return cleanup(&dir);
    };
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("ro/fit.json: error: failed to write output"),
        "{err}"
    );
    assert!(
        err.contains("choose an output folder you can write to"),
        "{err}"
    );
    let out = run(&["build", "edition.yaml", "-o", "ro/out.pdf"]).expect("ran before");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("failed to write output"),
        "{}",
        stderr(&out)
    );
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).unwrap();
    cleanup(&dir);
}

/// Break the edition's article so the next build fails with bad input.
fn break_article(dir: &Path) {
    std::fs::write(dir.join("articles/a.md"), "---\ntitle: 只有标题\n---\n").unwrap();
}

#[test]
fn a_failed_run_leaves_the_previous_output_untouched() {
    // Without the PDF writer: whatever is at the output path stays byte for byte.
    let dir = edition("keep");
    std::fs::write(dir.join("out.pdf"), b"%PDF-previous edition").unwrap();
    std::fs::write(dir.join("fit.json"), b"{\"previous\": true}").unwrap();
    break_article(&dir);
    let out = paiban(
        &dir,
        &[
            "build",
            "edition.yaml",
            "-o",
            "out.pdf",
            "--report",
            "other.json",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(dir.join("out.pdf")).unwrap(),
        b"%PDF-previous edition"
    );
    assert!(temporaries(&dir).is_empty(), "{:?}", temporaries(&dir));
    cleanup(&dir);
}

#[test]
fn a_failed_build_after_a_good_one_keeps_the_good_pdf() {
    let dir = edition("keep-real");
    let out = paiban(&dir, &["build", "edition.yaml", "-o", "out.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let good = std::fs::read(dir.join("out.pdf")).unwrap();
    assert!(good.starts_with(b"%PDF-"));
    break_article(&dir);
    let out = paiban(&dir, &["build", "edition.yaml", "-o", "out.pdf"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("has a headline but no body text"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::read(dir.join("out.pdf")).unwrap() == good,
        "the good PDF changed"
    );
    // Under --strict a content problem (overset) fails the run too, and keeps the PDF.
    let long = format!(
        "---\ntitle: 很长\n---\n{}\n",
        "运河边的早市已经热闹起来。".repeat(400)
    );
    std::fs::write(dir.join("articles/a.md"), long).unwrap();
    let out = paiban(
        &dir,
        &["build", "edition.yaml", "-o", "out.pdf", "--strict"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        std::fs::read(dir.join("out.pdf")).unwrap() == good,
        "the good PDF changed"
    );
    assert!(temporaries(&dir).is_empty(), "{:?}", temporaries(&dir));
    cleanup(&dir);
}

#[test]
fn split_pattern_without_page_is_refused_before_anything_is_written() {
    // Every page would get the same file name and overwrite the one before.
    let dir = edition("split");
    let text = std::fs::read_to_string(dir.join("edition.yaml")).unwrap();
    let text = text.replace("pages: [page-1.yaml]", "pages: [page-1.yaml, page-2.yaml]");
    std::fs::write(
        dir.join("edition.yaml"),
        format!("{text}split_pattern: \"{{code}}-{{date}}.pdf\"\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("page-2.yaml"),
        "section: 综合新闻\nblocks:\n  - continues: articles/a.md\n    at: [1, 1]\n    size: [3, 30]\n",
    )
    .unwrap();
    let out = paiban(&dir, &["build", "edition.yaml", "--split", "-o", "split"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("split_pattern"), "{}", stderr(&out));
    assert!(!dir.join("split").exists());
    cleanup(&dir);
}

/// [`paiban`] under the file creation mask `umask` (octal, as the shell takes it).
#[cfg(unix)]
fn paiban_with_umask(dir: &Path, umask: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .args(["--root", ".."])
        .current_dir(dir)
        .output()
        .expect("run paiban through sh")
}

#[cfg(unix)]
#[test]
fn outputs_get_the_mode_the_umask_gives_not_a_temporary_s_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = edition("umask");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // out/one.pdf and fit.json are replaced on each round: a replaced file takes the new mode
    // too (the temporary is renamed over it).
    for (umask, want) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let out = paiban_with_umask(
            &dir,
            umask,
            &[
                "build",
                "edition.yaml",
                "-o",
                "out/one.pdf",
                "--report",
                "fit.json",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            mode(&dir.join("out/one.pdf")),
            want,
            "the PDF under umask {umask}"
        );
        assert_eq!(
            mode(&dir.join("fit.json")),
            want,
            "the report under umask {umask}"
        );
        let split = paiban_with_umask(
            &dir,
            umask,
            &["build", "edition.yaml", "--split", "-o", "pages"],
        );
        assert_eq!(split.status.code(), Some(0), "{}", stderr(&split));
        let pages: Vec<PathBuf> = std::fs::read_dir(dir.join("pages"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(!pages.is_empty());
        for page in &pages {
            assert_eq!(mode(page), want, "{} under umask {umask}", page.display());
        }
        std::fs::remove_dir_all(dir.join("pages")).unwrap();
    }
    cleanup(&dir);
}
