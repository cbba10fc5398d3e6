//! Text stories (.txt, and .md without front matter): decoded text to paragraphs.
//!
//! Paragraphs: where the file has blank lines between blocks, a block is a paragraph, and a
//! line inside it that starts with an indent (two spaces, a tab or 　) starts a new one;
//! where it has none (the usual export of a newsroom system: one paragraph per line), every
//! line is a paragraph. Inside a block, lines that are all short (≤ 20 characters: verse,
//! signatures, addresses) keep their line breaks; longer ones are hard-wrapped prose and are
//! joined (without a space between Chinese characters, with one between Latin words).
//!
//! In a .md file, `#` headings, `> ` quotes, `**bold**`, `*楷体*`, `\` escapes and hard
//! breaks (two trailing spaces or `\`) are read as Markdown; in a .txt file every character is
//! text.

use super::story::push_run;
use super::story::{Paragraph, Role, Run, Story};
use crate::model::Emphasis;

/// Lines at most this long, all of a block, keep their line breaks.
const SHORT_LINE: usize = 20;

/// Split decoded text into a story.
pub fn read(text: &str, markdown: bool) -> Story {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().collect();
    let has_blank_separators = lines
        .windows(3)
        .any(|w| !is_blank(w[0]) && is_blank(w[1]) && !is_blank(w[2]));
    let mut story = Story::default();
    for block in blocks(&lines, has_blank_separators) {
        if markdown {
            markdown_block(&block, &mut story.paras);
        } else {
            story.paras.push(Paragraph::plain(&join(&block)));
        }
    }
    story
}

fn is_blank(line: &str) -> bool {
    line.trim_matches(|c: char| c.is_whitespace()).is_empty()
}

fn starts_indented(line: &str) -> bool {
    line.starts_with('\t') || line.starts_with("  ") || line.starts_with('　')
}

/// Group lines into paragraphs.
fn blocks<'t>(lines: &[&'t str], blank_separated: bool) -> Vec<Vec<&'t str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut after_aside = false;
    for &line in lines {
        let aside = is_aside(line);
        let new_paragraph = is_blank(line)
            || !blank_separated
            || (starts_indented(line) && !current.is_empty())
            || aside
            || after_aside;
        after_aside = aside;
        if new_paragraph && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !is_blank(line) {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A short line wholly in parentheses — a byline such as （陈墨） or an editor's aside — is a
/// paragraph of its own even without a blank line around it.
fn is_aside(line: &str) -> bool {
    let line = trim_line(line);
    let open = line.starts_with('（') || line.starts_with('(');
    let close = line.ends_with('）') || line.ends_with(')');
    open && close && line.chars().count() <= 40
}

fn trim_line(line: &str) -> &str {
    line.trim_matches(|c: char| c.is_whitespace())
}

/// A block's lines as one paragraph's text: short lines keep their breaks, prose is joined.
fn join(block: &[&str]) -> String {
    let keep_breaks = block.len() > 1
        && block
            .iter()
            .all(|l| trim_line(l).chars().count() <= SHORT_LINE);
    let mut text = String::new();
    for line in block {
        let line = trim_line(line);
        if !text.is_empty() {
            if keep_breaks {
                text.push('\n');
            } else if ends_latin(&text) && line.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                text.push(' ');
            }
        }
        text.push_str(line);
    }
    text
}

fn ends_latin(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c.is_ascii_punctuation())
}

/// A block of a .md file: a heading, quote paragraphs, or a paragraph with inline markup.
fn markdown_block(block: &[&str], out: &mut Vec<Paragraph>) {
    let first = trim_line(block[0]);
    let hashes = first.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && first[hashes..].starts_with(' ') && block.len() == 1 {
        let mut para = inline_paragraph(&[first[hashes..].trim()]);
        para.role = Role::Heading(hashes as u8);
        out.push(para);
        return;
    }
    if block.iter().all(|l| trim_line(l).starts_with('>')) {
        let mut lines: Vec<&str> = Vec::new();
        for line in block {
            let inner = trim_line(line).trim_start_matches('>');
            let inner = inner.strip_prefix(' ').unwrap_or(inner);
            if is_blank(inner) {
                flush_quote(&mut lines, out);
            } else {
                lines.push(inner);
            }
        }
        flush_quote(&mut lines, out);
        return;
    }
    out.push(inline_paragraph(block));
}

fn flush_quote(lines: &mut Vec<&str>, out: &mut Vec<Paragraph>) {
    if !lines.is_empty() {
        let mut para = inline_paragraph(lines);
        para.role = Role::Quote;
        out.push(para);
        lines.clear();
    }
}

/// Lines of Markdown text to runs: hard breaks, `**`, `*`, `\` escapes.
fn inline_paragraph(lines: &[&str]) -> Paragraph {
    let mut source = String::new();
    for (i, line) in lines.iter().enumerate() {
        let hard = line.ends_with("  ") || line.trim_end().ends_with('\\');
        let line = trim_line(line);
        let line = if hard {
            line.strip_suffix('\\').unwrap_or(line)
        } else {
            line
        };
        source.push_str(line);
        if i + 1 < lines.len() {
            if hard {
                source.push('\n');
            } else if ends_latin(line)
                && lines[i + 1].starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                source.push(' ');
            }
        }
    }
    let mut para = Paragraph::plain("");
    para.runs = emphasis_runs(&source);
    para
}

/// `**bold**` and `*楷体*` to runs (an unpaired marker stays as text).
fn emphasis_runs(source: &str) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut state = Emphasis::Normal;
    let mut chars = source.chars().peekable();
    let mut text = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                text.extend(chars.next());
            }
            '*' => {
                let double = chars.peek() == Some(&'*');
                if double {
                    chars.next();
                }
                let marker = if double {
                    Emphasis::Strong
                } else {
                    Emphasis::Emphasis
                };
                push_run(&mut runs, &std::mem::take(&mut text), state);
                state = if state == marker {
                    Emphasis::Normal
                } else {
                    marker
                };
            }
            _ => text.push(c),
        }
    }
    push_run(&mut runs, &text, state);
    runs.retain(|r| !r.text.is_empty());
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_per_line_without_blank_lines() {
        let story = read("　　第一段。\n　　第二段。\n", false);
        let texts: Vec<String> = story.paras.iter().map(Paragraph::text).collect();
        assert_eq!(texts, ["第一段。", "第二段。"]);
    }

    #[test]
    fn blank_separated_blocks_join_prose_and_keep_short_lines() {
        let text = "这是一段被硬换行的很长很长很长很长很长的正文文字，\n接着写下去。\n\n东昌府区委宣传部\n2022年8月16日\n";
        let story = read(text, false);
        let texts: Vec<String> = story.paras.iter().map(Paragraph::text).collect();
        assert_eq!(
            texts,
            [
                "这是一段被硬换行的很长很长很长很长很长的正文文字，接着写下去。",
                "东昌府区委宣传部\n2022年8月16日"
            ]
        );
    }

    #[test]
    fn a_line_in_parentheses_is_its_own_paragraph() {
        let story = read("标题\n\n一条河从南方来\n带着江南的水汽\n（陈墨）\n", false);
        let texts: Vec<String> = story.paras.iter().map(Paragraph::text).collect();
        assert_eq!(
            texts,
            ["标题", "一条河从南方来\n带着江南的水汽", "（陈墨）"]
        );
    }

    #[test]
    fn markdown_markup_becomes_runs_and_roles() {
        let story = read(
            "## 小标题\n\n**强。**各村*楷体*\\*号\n\n> 引文\n>\n> 第二段\n",
            true,
        );
        assert_eq!(story.paras[0].role, Role::Heading(2));
        assert_eq!(story.paras[1].runs[0].emphasis, Emphasis::Strong);
        assert_eq!(story.paras[1].text(), "强。各村楷体*号");
        assert_eq!(story.paras[2].role, Role::Quote);
        assert_eq!(story.paras[3].text(), "第二段");
    }
}
