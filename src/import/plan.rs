//! `paiban import --into PAGE.yaml --at [c,l] --size [c,l]`: add an article block to a page
//! plan by inserting lines into its text, so the plan's comments, order and layout stay as the
//! editor wrote them (a serde round trip would drop the comments and reorder keys).
//!
//! The block goes after the last item of the top-level `blocks:` list, indented like the items
//! already there. The result is parsed again as a page plan before it is written.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::model::{PagePlan, yaml};

/// A grid pair written `[3, 29]` or `3,29`: a block's `at` (column, line) or `size` (columns,
/// lines), 1-based whole numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridPair(pub [u32; 2]);

impl std::str::FromStr for GridPair {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let inner = s.trim().trim_start_matches('[').trim_end_matches(']');
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        match numbers.as_slice() {
            [a, b] if parts.len() == 2 && *a > 0 && *b > 0 => Ok(GridPair([*a, *b])),
            _ => Err(format!(
                "\"{s}\" is not two whole numbers from 1 up; write [column,line] such as [3,29]"
            )),
        }
    }
}

/// The page plan's text with the block added, or why it cannot be added.
pub fn insert_block(
    plan_path: &Path,
    text: &str,
    article: &str,
    at: GridPair,
    size: GridPair,
) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    let before: PagePlan = yaml::parse(plan_path, text, 0)?;
    if before.blocks.iter().any(|b| {
        b.value
            .article
            .as_deref()
            .is_some_and(|p| p == Path::new(article))
    }) {
        return Err(
            Diagnostic::input(format!("{} already places {article}", plan_path.display()))
                .hint("an article is placed once; move its block in the page plan instead"),
        );
    }
    let mut warnings = Vec::new();
    for block in before.blocks.iter().map(|b| &b.value) {
        if let (Some(a), Some(s)) = (block.at, block.size.and_then(|s| s.fixed()))
            && overlaps(a, s, at.0, size.0)
        {
            let what = block
                .article
                .as_ref()
                .or(block.continues.as_ref())
                .or(block.picture.as_ref())
                .map_or_else(|| "a block".to_string(), |p| p.display().to_string());
            warnings.push(
                Diagnostic::warning(format!(
                    "the new block at {:?} size {:?} overlaps {what} at {a:?} size {s:?}",
                    at.0, size.0
                ))
                .in_file(plan_path)
                .hint("move one of them; `paiban check` reports the overlap too"),
            );
        }
    }
    let inserted = insert_text(text, article, at.0, size.0);
    // The insertion is plain text; make sure it still reads as a page plan.
    let after: PagePlan = yaml::parse(plan_path, &inserted, 0).map_err(|e| {
        Diagnostic::internal(format!(
            "the page plan would not read back after the insertion: {}",
            e.message
        ))
    })?;
    if after.blocks.len() != before.blocks.len() + 1 {
        return Err(Diagnostic::internal(
            "the page plan does not have exactly one more block after the insertion",
        ));
    }
    Ok((inserted, warnings))
}

fn overlaps(a: [u32; 2], s: [u32; 2], b: [u32; 2], t: [u32; 2]) -> bool {
    let apart = |a0: u32, al: u32, b0: u32, bl: u32| a0 + al <= b0 || b0 + bl <= a0;
    !(apart(a[0], s[0], b[0], t[0]) || apart(a[1], s[1], b[1], t[1]))
}

/// Insert the block's lines after the last item line of `blocks:`.
fn insert_text(text: &str, article: &str, at: [u32; 2], size: [u32; 2]) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let key = lines.iter().position(|l| {
        let content = l.split(" #").next().unwrap_or(l).trim_end();
        content == "blocks:" || content == "blocks: []"
    });
    let item = |indent: &str| {
        format!(
            "{indent}- article: {article}\n{indent}  at: [{}, {}]\n{indent}  size: [{}, {}]\n",
            at[0], at[1], size[0], size[1]
        )
    };
    let Some(key) = key else {
        let mut out = text.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("blocks:\n");
        out.push_str(&item("  "));
        return out;
    };
    let mut out = String::new();
    if lines[key].contains("[]") {
        for line in &lines[..key] {
            out.push_str(line);
        }
        out.push_str("blocks:\n");
        out.push_str(&item("  "));
        for line in &lines[key + 1..] {
            out.push_str(line);
        }
        return out;
    }
    let (last, indent) = last_item_line(&lines, key);
    for line in &lines[..=last] {
        out.push_str(line);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&item(&indent));
    for line in &lines[last + 1..] {
        out.push_str(line);
    }
    out
}

/// The last line of the `blocks:` list under the key at line `key`, and the indentation of
/// its items (two spaces if it has none).
fn last_item_line(lines: &[&str], key: usize) -> (usize, String) {
    let mut indent = "  ".to_string();
    let mut last = key;
    for (i, line) in lines.iter().enumerate().skip(key + 1) {
        let trimmed = line.trim_start();
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let depth = line.len() - trimmed.len();
        if depth == 0 && !trimmed.starts_with('-') {
            break;
        }
        if trimmed.starts_with("- ") && i == next_item(lines, key) {
            indent = line[..depth].to_string();
        }
        last = i;
    }
    (last, indent)
}

/// The first item line after the `blocks:` key.
fn next_item(lines: &[&str], key: usize) -> usize {
    lines
        .iter()
        .enumerate()
        .skip(key + 1)
        .find(|(_, l)| l.trim_start().starts_with("- "))
        .map_or(usize::MAX, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_goes_after_the_last_item_and_comments_stay() {
        let plan = "# 第2版\nsection: 综合新闻  # 版名\nblocks:\n  # 头条\n  - article: a.md\n    at: [1, 1]\n    size: [3, 20]\n# 结束\neditor: 王文\n";
        let (out, warnings) = insert_block(
            Path::new("p.yaml"),
            plan,
            "articles/b.md",
            GridPair([4, 1]),
            GridPair([3, 20]),
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            out,
            "# 第2版\nsection: 综合新闻  # 版名\nblocks:\n  # 头条\n  - article: a.md\n    at: [1, 1]\n    size: [3, 20]\n  - article: articles/b.md\n    at: [4, 1]\n    size: [3, 20]\n# 结束\neditor: 王文\n"
        );
    }

    #[test]
    fn overlaps_and_repeats_are_reported() {
        let plan = "section: 要闻\nblocks:\n- article: a.md\n  at: [1, 1]\n  size: [3, 20]\n";
        let (out, warnings) = insert_block(
            Path::new("p.yaml"),
            plan,
            "b.md",
            GridPair([2, 10]),
            GridPair([2, 5]),
        )
        .unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(
            out.ends_with("- article: b.md\n  at: [2, 10]\n  size: [2, 5]\n"),
            "{out}"
        );
        assert!(
            insert_block(
                Path::new("p.yaml"),
                plan,
                "a.md",
                GridPair([4, 1]),
                GridPair([1, 1])
            )
            .is_err()
        );
    }

    #[test]
    fn grid_pairs_parse() {
        assert_eq!("[3,29]".parse::<GridPair>(), Ok(GridPair([3, 29])));
        assert_eq!("3, 29".parse::<GridPair>(), Ok(GridPair([3, 29])));
        assert!("[0,1]".parse::<GridPair>().is_err());
        assert!("[1,2,3]".parse::<GridPair>().is_err());
    }
}
