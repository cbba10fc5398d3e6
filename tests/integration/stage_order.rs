//! The module tree is the pipeline: a module may use the leaf modules and the stages before
//! it, never a later one. This test reads every `crate::` path in src/ (test code excluded)
//! and fails on one that points forward, naming the file and line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The top-level modules in order: a module may use any module listed before it. The leaves
/// come first, in the order they may use each other.
#[rustfmt::skip] // three groups, one a line
const ORDER: &[&str] = &[
    // Leaves: used by every stage, using no stage.
    "diag", "units", "color", "pool", "fonts",
    // The stages, in pipeline order.
    "model", "resolve", "compose", "layout", "display", "render", "pdf", "epaper", "output",
    // The page planner runs layout and the renderer many times and writes through `output`.
    "plan",
    // The edge: wiring the stages for the command line; `import` writes the files `model`
    // reads, with `model`'s reader and lint and `output`'s writer.
    "import", "build", "proof", "preview", "cli", "main",
];

/// Uses that point forward on purpose: layout writes the display list, so it names the items
/// it makes.
const ALLOWED: &[(&str, &str)] = &[("layout", "display")];

fn rank(module: &str) -> Option<usize> {
    ORDER.iter().position(|m| *m == module)
}

/// The top-level module a file belongs to: `src/layout/flow.rs` → `layout`.
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel.components().next().map_or(String::new(), |c| {
        c.as_os_str().to_string_lossy().into_owned()
    });
    first.trim_end_matches(".rs").to_string()
}

pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's lines that are not test code, with their line numbers: a `tests.rs` (or a file
/// under a `tests/` folder) is all test code, and in other files the item after `#[cfg(test)]`
/// is (a `mod x;` line, or a block up to its closing brace). Line comments are dropped.
pub(crate) fn code_lines(file: &Path, text: &str) -> Vec<(usize, String)> {
    let is_test_file = file.file_name().is_some_and(|n| n == "tests.rs")
        || file.components().any(|c| c.as_os_str() == "tests");
    if is_test_file {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((n, line)) = lines.next() {
        let code = line.split("//").next().unwrap_or("");
        if code.trim() == "#[cfg(test)]" {
            skip_item(&mut lines);
            continue;
        }
        out.push((n + 1, code.to_string()));
    }
    out
}

/// Skip the item that follows an attribute: one line ending in `;`, or a braced block.
fn skip_item<'a>(lines: &mut impl Iterator<Item = (usize, &'a str)>) {
    let mut depth = 0_i32;
    let mut opened = false;
    for (_, line) in lines {
        let code = line.split("//").next().unwrap_or("");
        for c in code.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
            return;
        }
    }
}

/// The top-level modules named by `crate::` paths in `code`, including those in groups such
/// as `use crate::{a, b::c};`, which may span lines (`joined` is the whole file's code).
fn used_modules(joined: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rest = joined;
    let mut offset = 0;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let start = offset + at;
        if after.starts_with('{') {
            out.extend(group_heads(after, start + "crate::".len()));
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((start, name));
        }
        offset = start + "crate::".len();
        rest = &joined[offset..];
    }
    out
}

/// The first name of each item of the group `{a, b::{c, d}}` opening `text` (which sits at
/// `offset` in the file), with where it stands: `a` and `b`.
fn group_heads(text: &str, offset: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut expecting = false;
    for (i, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                expecting = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expecting = true,
            c if expecting && (c.is_alphanumeric() || c == '_') => {
                let name: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push((offset + i, name));
                expecting = false;
            }
            _ => {}
        }
    }
    out
}

/// Every use against the order, as `file:line: a uses b`.
fn violations(src: &Path) -> (Vec<String>, BTreeSet<String>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut bad = Vec::new();
    let mut unknown = BTreeSet::new();
    for file in &files {
        let module = top_module(src, file);
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let lines = code_lines(file, &text);
        let mut joined = String::new();
        let mut line_at = Vec::new();
        for (n, line) in &lines {
            line_at.push((joined.len(), *n));
            joined.push_str(line);
            joined.push('\n');
        }
        let Some(own) = rank(&module) else {
            unknown.insert(module);
            continue;
        };
        for (at, used) in used_modules(&joined) {
            let line = line_at
                .iter()
                .rev()
                .find(|(o, _)| *o <= at)
                .map_or(0, |l| l.1);
            if used == "self" || used == "super" {
                continue;
            }
            let Some(theirs) = rank(&used) else {
                unknown.insert(used);
                continue;
            };
            let allowed = ALLOWED.contains(&(module.as_str(), used.as_str()));
            if theirs > own && !allowed {
                bad.push(format!("{}:{line}: {module} uses {used}", file.display()));
            }
        }
    }
    (bad, unknown)
}

#[test]
fn no_module_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (bad, unknown) = violations(&src);
    assert!(
        unknown.is_empty(),
        "modules missing from the stage order in {}: {unknown:?}; add each where it belongs \
         (and to docs/architecture.md)",
        file!()
    );
    assert!(
        bad.is_empty(),
        "uses against the stage order {}:\n{}",
        ORDER.join(" → "),
        bad.join("\n")
    );
}

/// The checker itself must see a forward use, in a plain path and inside a group.
#[test]
fn a_forward_use_is_caught() {
    let dir = std::env::temp_dir().join(format!("paiban-order-{}", std::process::id()));
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("resolve")).unwrap();
    std::fs::write(
        src.join("resolve/mod.rs"),
        "use crate::model::Input;\nuse crate::{\n    diag::{Diagnostic, Location},\n    layout::Grid,\n};\n\
         #[cfg(test)]\nmod tests {\n    use crate::pdf::write_pdf;\n}\n",
    )
    .unwrap();
    std::fs::write(src.join("model.rs"), "fn f() { crate::compose::set(); }\n").unwrap();
    let (bad, unknown) = violations(&src);
    std::fs::remove_dir_all(&dir).ok();
    assert!(unknown.is_empty(), "{unknown:?}");
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(
        bad[0].ends_with("model.rs:1: model uses compose"),
        "{bad:?}"
    );
    assert!(
        bad[1].ends_with("resolve/mod.rs:4: resolve uses layout"),
        "{bad:?}"
    );
}
