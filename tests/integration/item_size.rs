//! Files and functions stay short enough to read: a source file of at most 500 lines, a
//! function of at most 60, so that each long job reads as its steps (issue 14). Test code is
//! not measured: a `tests.rs` file, a file under a `tests/` folder, and the items after
//! `#[cfg(test)]`. The few exceptions are listed below, each with its reason.

use std::path::{Path, PathBuf};

use super::stage_order::{code_lines, rust_files};

/// Lines a source file may have.
const MAX_FILE_LINES: usize = 500;
/// Lines a function may have, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 60;

/// Files allowed to be longer, by path under src/, with the reason.
#[rustfmt::skip] // one entry a line
const LONG_FILES: &[(&str, &str)] = &[
];

/// Functions allowed to be longer, by file under src/ and name, with the reason (also written
/// above the function).
#[rustfmt::skip] // one entry a line
const LONG_FNS: &[(&str, &str, &str)] = &[
    ("model/yaml_words.rs", "plain_words", "one short arm per kind of YAML error: a table"),
    ("model/yaml_words.rs", "scanner_words", "one short arm per scanner message: a table"),
];

/// A function in a file: its name, first line (1-based) and length in lines.
struct FnSpan {
    name: String,
    line: usize,
    lines: usize,
}

/// The name of the function a line of code declares, when it declares one with a body
/// (`pub(crate) const fn name(`, `unsafe fn name<T>(`; not a trait's `fn name(…);`).
fn fn_name(code: &str) -> Option<String> {
    let mut words = code.trim_start();
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        words = words.strip_prefix(prefix).unwrap_or(words);
    }
    if let Some(rest) = words.strip_prefix("extern ") {
        words = rest.split_once(' ').map_or("", |(_, r)| r);
    }
    let rest = words.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && !code.trim_end().ends_with(';')).then_some(name)
}

/// Every function with a body in `lines` (code lines with their numbers, as rustfmt leaves
/// them: a body closes with a `}` at the indentation of its `fn`).
fn functions(lines: &[(usize, String)]) -> Vec<FnSpan> {
    let mut out = Vec::new();
    for (k, (line, code)) in lines.iter().enumerate() {
        let Some(name) = fn_name(code) else {
            continue;
        };
        let indent = code.len() - code.trim_start().len();
        let opens = code.matches('{').count();
        let one_line = opens > 0 && opens == code.matches('}').count();
        let close = format!("{}}}", &code[..indent]);
        let end = if one_line {
            Some(*line)
        } else {
            lines[k + 1..]
                .iter()
                .find(|(_, c)| c.trim_end() == close)
                .map(|(n, _)| *n)
        };
        if let Some(end) = end {
            out.push(FnSpan {
                name,
                line: *line,
                lines: end - line + 1,
            });
        }
    }
    out
}

/// Every file and function over its limit and not allowed, as `file:line: what`, and every
/// allowance no longer needed.
fn oversized(src: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = Vec::new();
    rust_files(src, &mut files);
    let mut bad = Vec::new();
    let mut used_files = Vec::new();
    let mut used_fns = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(src).unwrap_or(file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap();
        let lines = code_lines(file, &text);
        if lines.is_empty() {
            continue; // test code
        }
        let total = text.lines().count();
        if total > MAX_FILE_LINES {
            match LONG_FILES.iter().find(|(f, _)| *f == rel) {
                Some(entry) => used_files.push(entry.0),
                None => bad.push(format!(
                    "{rel}: {total} lines (at most {MAX_FILE_LINES}): split it by job"
                )),
            }
        }
        for f in functions(&lines)
            .into_iter()
            .filter(|f| f.lines > MAX_FN_LINES)
        {
            match LONG_FNS.iter().find(|(p, n, _)| *p == rel && *n == f.name) {
                Some(entry) => used_fns.push((entry.0, entry.1)),
                None => bad.push(format!(
                    "{rel}:{}: fn {} has {} lines (at most {MAX_FN_LINES}): make it read as its steps",
                    f.line, f.name, f.lines
                )),
            }
        }
    }
    for (file, _) in LONG_FILES.iter().filter(|(f, _)| !used_files.contains(f)) {
        bad.push(format!(
            "{file} is allowed to be long in {} but is not (any more): remove the entry",
            file!()
        ));
    }
    for (file, name, _) in LONG_FNS
        .iter()
        .filter(|(f, n, _)| !used_fns.contains(&(*f, *n)))
    {
        bad.push(format!(
            "{file}: fn {name} is allowed to be long in {} but is not (any more): remove the entry",
            file!()
        ));
    }
    bad
}

#[test]
fn files_and_functions_are_short_or_say_why() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let bad = oversized(&src);
    assert!(bad.is_empty(), "too long:\n{}", bad.join("\n"));
}

/// The measure itself: a long function and a long file are caught; test code is not
/// measured, and a one-line function or a trait's declaration is not mistaken
/// for a long one; the allowances of the real src/ name nothing in this one, so each is
/// reported as no longer needed.
#[test]
fn a_long_function_and_a_long_file_are_caught() {
    let dir = std::env::temp_dir().join(format!("paiban-size-{}", std::process::id()));
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("model")).unwrap();
    let body = "    let x = 1;\n".repeat(61);
    let long_fn = format!("pub(crate) fn long() {{\n{body}}}\n");
    let short = "fn short() {}\ntrait T {\n    fn declared(&self);\n}\n";
    let tests = format!("#[cfg(test)]\nmod tests {{\n    fn long_test() {{\n{body}    }}\n}}\n");
    std::fs::write(src.join("model/a.rs"), format!("{short}{long_fn}{tests}")).unwrap();
    std::fs::write(src.join("model/b.rs"), "// a line\n".repeat(501)).unwrap();
    std::fs::write(src.join("model/tests.rs"), "// test code\n".repeat(600)).unwrap();
    let bad = oversized(&src);
    std::fs::remove_dir_all(&dir).ok();
    let stale = bad
        .iter()
        .filter(|b| b.contains("remove the entry"))
        .count();
    assert_eq!(stale, LONG_FILES.len() + LONG_FNS.len(), "{bad:?}");
    let found: Vec<&String> = bad.iter().filter(|b| !b.contains("allowed")).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("model/a.rs:5: fn long has 63 lines"),
        "{found:?}"
    );
    assert!(found[1].starts_with("model/b.rs: 501 lines"), "{found:?}");
}
