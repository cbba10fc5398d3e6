//! Article files: YAML front matter between `---` lines, then the body.
//!
//! The body is a small subset of CommonMark (see docs/format.md). This first version splits
//! paragraphs at blank lines and knows `## ` subheads and `> ` quotes.

use std::path::Path;

use super::types::{Article, BodyBlock, Emphasis, FrontMatter, InlineSpan, Para};
use super::yaml;
use crate::diag::{Diagnostic, Location};

/// Parse an article file's text.
pub fn parse_article(path: &Path, text: &str) -> Result<Article, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (front, body, body_line) = split_front_matter(path, text)?;
    let front: FrontMatter = match front {
        Some(f) => yaml::parse(path, f, 1)?,
        None => FrontMatter::default(),
    };
    let body = parse_body(body, body_line);
    if body.is_empty() {
        let what = if front.title.is_some() { "has a headline but no body text" } else { "is empty" };
        return Err(Diagnostic::input(format!("the article {what}"))
            .at(Location::file(path))
            .hint("write the body after the closing `---` line, paragraphs separated by blank lines"));
    }
    Ok(Article { path: path.to_path_buf(), front, body })
}

/// Split `---` front matter from the body. Returns (front matter, body, 1-based line of body).
fn split_front_matter<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(Option<&'a str>, &'a str, u32), Diagnostic> {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return Ok((None, text, 1));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.matches('\n').count() as u32 + 1;
            return Ok((Some(front), body, body_line));
        }
        offset += line.len();
    }
    Err(Diagnostic::input("the front matter is not closed")
        .at(Location::at(path, 1, 1))
        .hint("end the front matter with a line holding only `---`"))
}

fn parse_body(body: &str, first_line: u32) -> Vec<BodyBlock> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = first_line;
    for (i, line) in body.lines().enumerate() {
        let lineno = first_line + i as u32;
        if line.trim().is_empty() {
            flush(&mut blocks, &mut current, start);
        } else {
            if current.is_empty() {
                start = lineno;
            }
            current.push(line);
        }
    }
    flush(&mut blocks, &mut current, start);
    blocks
}

fn flush(blocks: &mut Vec<BodyBlock>, lines: &mut Vec<&str>, line: u32) {
    if lines.is_empty() {
        return;
    }
    let joined = join_lines(lines.iter().map(|l| l.trim()));
    lines.clear();
    let para = |t: &str| Para {
        spans: vec![InlineSpan { text: t.to_string(), emphasis: Emphasis::Normal }],
        line,
    };
    if let Some(h) = joined.strip_prefix("## ") {
        blocks.push(BodyBlock::Subhead(para(h.trim())));
    } else if joined.starts_with('>') {
        let text = joined.replace("> ", "").replace('>', "");
        blocks.push(BodyBlock::Quote(vec![para(text.trim())]));
    } else {
        blocks.push(BodyBlock::Paragraph(para(&joined)));
    }
}

/// Join the lines of one paragraph: Chinese text joins without a space, Latin words with one.
fn join_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let needs_space = out.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
            && line.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if needs_space {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_paragraphs() {
        let text = "---\ntitle: 标题\ndateline: 东昌府讯\n---\n第一段\n接着\n\n第二段\n";
        let a = parse_article(Path::new("a.md"), text).unwrap();
        assert_eq!(a.front.title.as_deref(), Some("标题"));
        assert_eq!(a.body.len(), 2);
        let BodyBlock::Paragraph(p) = &a.body[0] else { panic!("not a paragraph") };
        assert_eq!(p.text(), "第一段接着");
        assert_eq!(p.line, 5);
    }

    #[test]
    fn headline_only_is_an_error() {
        let err = parse_article(Path::new("a.md"), "---\ntitle: 只有标题\n---\n\n").unwrap_err();
        assert!(err.message.contains("no body text"), "{err}");
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let err = parse_article(Path::new("a.md"), "---\ntitel: x\n---\n正文\n").unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!(loc.line, Some(2));
        assert!(err.hints[0].contains("title"));
    }
}
