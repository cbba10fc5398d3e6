//! Issue 17: paiban runs wherever it is copied. Shipped layouts by name (a copied edition folder
//! builds anywhere), `paiban layouts`, `paiban new --layout`, completions and the man page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::common::copy_dir;

fn paiban_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paiban"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run paiban")
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("paiban-reloc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_copied_sample_edition_checks_outside_the_checkout() {
    let dir = temp_dir("copy");
    copy_dir(&repo().join("samples/dongchang-1461"), &dir.join("week33"));
    let edition = std::fs::read_to_string(dir.join("week33/edition.yaml")).unwrap();
    assert!(
        edition.lines().any(|l| l.trim() == "layout: sikai-6col"),
        "the sample names its layout by name:\n{edition}"
    );
    let out = paiban_in(&dir, &["check", "week33/edition.yaml", "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("第4版"), "{}", text(&out.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn layouts_lists_every_shipped_grid() {
    let out = paiban_in(repo(), &["layouts"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let row = |name: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{stdout}"))
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let sikai = row("sikai-6col");
    assert_eq!(sikai[1], "四开六栏");
    assert_eq!(sikai[2], "265×380");
    assert_eq!(&sikai[6..9], ["6", "×", "12"], "{stdout}");
    assert_eq!(sikai.last().map(String::as_str), Some("74"), "{stdout}");
    let duikai = row("duikai-8col");
    assert_eq!(&duikai[6..9], ["8", "×", "12"], "{stdout}");
    // A layout file shows its own grid, with the same figures as its shipped twin.
    let out = paiban_in(repo(), &["layouts", "layouts/duikai-8col.yaml"]);
    let stdout = text(&out.stdout);
    let file_row: Vec<&str> = stdout
        .lines()
        .find(|l| l.starts_with("layouts/duikai-8col.yaml"))
        .unwrap_or_else(|| panic!("{stdout}"))
        .split_whitespace()
        .collect();
    assert_eq!(file_row[1..], duikai[1..], "{stdout}");
}

#[test]
fn new_with_a_layout_writes_an_edition_that_checks_on_that_grid() {
    let dir = temp_dir("new");
    for layout in ["sikai-6col", "duikai-8col"] {
        let out = paiban_in(&dir, &["new", layout, "--layout", layout]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let copied = std::fs::read_to_string(dir.join(layout).join("layout.yaml")).unwrap();
        let shipped =
            std::fs::read_to_string(repo().join(format!("layouts/{layout}.yaml"))).unwrap();
        assert!(
            copied.ends_with(&shipped),
            "layout.yaml is the shipped {layout}"
        );
        let edition = format!("{layout}/edition.yaml");
        let out = paiban_in(&dir, &["check", &edition, "--strict"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{layout}: {}",
            text(&out.stderr)
        );
        assert!(
            !text(&out.stderr).contains("warning"),
            "the {layout} starter checks without warnings:\n{}",
            text(&out.stderr)
        );
    }
    let out = paiban_in(&dir, &["new", "x", "--layout", "sikai-7col"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("sikai-6col, duikai-8col"));
    assert!(
        !dir.join("x").exists(),
        "nothing written for a bad --layout"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn completions_and_man_page_come_from_the_parser() {
    let out = paiban_in(repo(), &["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bash = text(&out.stdout);
    for word in ["layouts", "completions", "--diagnostic-format", "--split"] {
        assert!(bash.contains(word), "bash completion lacks {word}");
    }
    let out = paiban_in(repo(), &["completions", "zsh"]);
    assert!(text(&out.stdout).contains("#compdef paiban"));
    let out = paiban_in(repo(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let man = text(&out.stdout);
    assert!(
        man.starts_with(".ie") || man.starts_with(".TH"),
        "{}",
        &man[..80]
    );
    assert!(man.contains(".TH paiban 1"), "{man}");
    assert!(man.contains("layouts"), "{man}");
}

#[test]
fn every_command_help_ends_with_examples() {
    for command in [
        "build",
        "check",
        "fonts",
        "new",
        "layouts",
        "text",
        "completions",
        "man",
    ] {
        let out = paiban_in(repo(), &[command, "--help"]);
        let help = text(&out.stdout);
        let examples = help
            .split("Examples:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("`paiban {command} --help` has no examples:\n{help}"));
        let lines: Vec<&str> = examples.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!((2..=3).contains(&lines.len()), "{command}: {lines:?}");
        assert!(
            lines.iter().all(|l| l.trim_start().starts_with("paiban ")),
            "{command}: {lines:?}"
        );
    }
}
