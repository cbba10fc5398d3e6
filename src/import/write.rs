//! A [`Draft`] to the text of a paiban article file: YAML front matter, then the body in the
//! Markdown subset of docs/format.md, every character of the story's text written so that
//! paiban reads it back as that character (Markdown punctuation escaped with `\`).

use std::fmt::Write as _;

use super::detect::{Draft, Item};
use super::story::Run;
use crate::model::Emphasis;

/// Where a picture of the story was saved, for its comment line: (index, path as the article
/// should name it).
pub type PicturePaths<'a> = &'a [(usize, String)];

/// The article file's text.
pub fn article(draft: &Draft, pictures: PicturePaths) -> String {
    let mut out = String::from("---\n");
    let f = &draft.front;
    for (key, value) in [
        ("kicker", &f.kicker),
        ("title", &f.title),
        ("subtitle", &f.subtitle),
        ("dateline", &f.dateline),
        ("byline", &f.byline),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "{key}: {}", yaml_value(v));
        }
    }
    if f.verse {
        out.push_str("options: { verse: true }\n");
    }
    out.push_str("---\n");
    let mut first = true;
    for item in &draft.body {
        if !first {
            out.push('\n');
        }
        first = false;
        item_text(item, f.verse, pictures, &mut out);
    }
    out
}

fn item_text(item: &Item, verse: bool, pictures: PicturePaths, out: &mut String) {
    match item {
        Item::Para(runs) => {
            out.push_str(&inline(runs, if verse { "\n" } else { "\\\n" }));
            out.push('\n');
        }
        Item::Subhead(runs) => {
            let _ = writeln!(out, "## {}", inline(runs, " ").replace('\n', " "));
        }
        Item::Quote(paras) => {
            for (i, runs) in paras.iter().enumerate() {
                if i > 0 {
                    out.push_str(">\n");
                }
                for line in inline(runs, "\\\n").lines() {
                    let _ = writeln!(out, "> {line}");
                }
            }
        }
        Item::Note(text) => {
            let _ = writeln!(out, "<!-- {} -->", comment_safe(text));
        }
        Item::Picture {
            index,
            caption,
            credit,
        } => {
            let path = pictures
                .iter()
                .find(|(i, _)| i == index)
                .map_or("(not saved)", |(_, p)| p.as_str());
            let mut note = format!("图片 {path}");
            if let Some(c) = caption {
                let _ = write!(note, "　说明：{c}");
            }
            if let Some(c) = credit {
                let _ = write!(note, "　{c}");
            }
            note.push_str("　（放到版面文件的 picture: 块里）");
            let _ = writeln!(out, "<!-- {} -->", comment_safe(&note));
        }
    }
}

/// `--` cannot be inside an HTML comment's text, nor can `>` right after the opening.
fn comment_safe(text: &str) -> String {
    text.replace("--", "－－").replace('\n', " ")
}

/// Runs as Markdown; `break_with` is written for a line break inside the paragraph.
fn inline(runs: &[Run], break_with: &str) -> String {
    let mut out = String::new();
    let mut at_line_start = true;
    for (i, run) in runs.iter().enumerate() {
        let marker = match run.emphasis {
            Emphasis::Normal => "",
            Emphasis::Strong => "**",
            Emphasis::Emphasis => "*",
        };
        let text = run.text.as_str();
        let core = text.trim_matches(|c: char| c.is_whitespace() && c != '\n');
        if marker.is_empty() || core.is_empty() || core.contains('\n') {
            write_text(text, break_with, &mut at_line_start, &mut out);
            continue;
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        write_text(lead, break_with, &mut at_line_start, &mut out);
        // `**a***b*` would not read back as bold then 楷体: keep the two apart with an escape
        // only where a marker would touch another.
        if out.ends_with('*') && lead.is_empty() && i > 0 {
            out.push_str("<!---->");
        }
        out.push_str(marker);
        at_line_start = false;
        write_text(core, break_with, &mut at_line_start, &mut out);
        out.push_str(marker);
        write_text(trail, break_with, &mut at_line_start, &mut out);
    }
    out
}

/// Text with Markdown punctuation escaped; `\n` written as `break_with`.
fn write_text(text: &str, break_with: &str, at_line_start: &mut bool, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            out.push_str(break_with);
            *at_line_start = true;
            continue;
        }
        if *at_line_start && (c == ' ' || c == '\t') {
            continue;
        }
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '|' | '~' => true,
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || "!/?".contains(n)),
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '#' | '>' | '=' | '-' | '+' => *at_line_start,
            '.' | ')' => line_is_number(out),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        *at_line_start = false;
    }
}

/// Whether the line written so far is only digits (so `1.` or `1)` would start a list).
fn line_is_number(out: &str) -> bool {
    let line = out.rsplit('\n').next().unwrap_or("");
    let line = line.strip_prefix("> ").unwrap_or(line);
    !line.is_empty() && line.len() <= 9 && line.bytes().all(|b| b.is_ascii_digit())
}

/// A front-matter value: plain when YAML reads it back as the same string, else in double
/// quotes.
fn yaml_value(value: &str) -> String {
    let value = value.trim();
    let special_start = value.starts_with([
        '{', '[', '*', '&', '!', '|', '>', '\'', '"', '%', '@', '`', '#', ',', '?', ':', '-', '~',
    ]);
    let special_inside = value.contains(": ") || value.contains(" #") || value.ends_with(':');
    let lower = value.to_ascii_lowercase();
    let typed = matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | ""
    ) || value.parse::<f64>().is_ok();
    if special_start || special_inside || typed || value.contains(['\n', '\t', '\\']) {
        let escaped = value
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
            .replace('\t', "\\t");
        format!("\"{escaped}\"")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, emphasis: Emphasis) -> Run {
        Run {
            text: text.into(),
            emphasis,
        }
    }

    /// The runs of the first paragraph of the article written for `runs`, as paiban reads it.
    fn read_back(runs: Vec<Run>) -> Vec<(String, Emphasis)> {
        let draft = Draft {
            body: vec![Item::Para(runs)],
            ..Draft::default()
        };
        let text = article(&draft, &[]);
        let (a, _) = crate::model::parse_article(std::path::Path::new("t.md"), &text)
            .unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let crate::model::BodyBlock::Paragraph(p) = &a.body[0] else {
            panic!("{text}: not a paragraph");
        };
        p.spans
            .iter()
            .map(|s| (s.text.clone(), s.emphasis))
            .collect()
    }

    #[test]
    fn markdown_punctuation_in_the_text_reads_back_as_text() {
        let text = "1. # > - + = * _ ` [a](b) <b> &amp; | ~ \\ 5 * 3";
        assert_eq!(
            read_back(vec![run(text, Emphasis::Normal)]),
            [(text.to_string(), Emphasis::Normal)]
        );
    }

    #[test]
    fn bold_next_to_kai_and_spaces_round_the_markers_read_back() {
        let got = read_back(vec![
            run("强。", Emphasis::Strong),
            run("要干", Emphasis::Emphasis),
            run(" 就干好 ", Emphasis::Strong),
            run("。", Emphasis::Normal),
        ]);
        let want = [
            ("强。", Emphasis::Strong),
            ("要干", Emphasis::Emphasis),
            (" ", Emphasis::Normal),
            ("就干好", Emphasis::Strong),
            (" 。", Emphasis::Normal),
        ];
        let want: Vec<(String, Emphasis)> = want.iter().map(|(t, e)| (t.to_string(), *e)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn values_are_quoted_only_when_yaml_needs_it() {
        assert_eq!(
            yaml_value("强化使命担当 打造“首善之区”"),
            "强化使命担当 打造“首善之区”"
        );
        assert_eq!(yaml_value("——致广大市民的一封信"), "——致广大市民的一封信");
        assert_eq!(yaml_value("1461"), "\"1461\"");
        assert_eq!(yaml_value("- 列表"), "\"- 列表\"");
        assert_eq!(yaml_value("a: \"b\""), "\"a: \\\"b\\\"\"");
    }
}
