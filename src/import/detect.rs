//! Structure detection: a [`Story`] (paragraphs as the file had them) to a [`Draft`] (the
//! front matter and body of a paiban article), with every decision reported as a [`Finding`].
//!
//! Order: the headline zone (the short lines before the text) → 引题/主题/副题 and a byline
//! line under the headline; the 讯头 at the start of the first paragraph; the byline at the end;
//! verse; subheads, quotes and picture captions in the body. What cannot be decided stays in
//! the body, after a comment line telling the editor what to check. The rules and their limits
//! are in docs/import.md.

mod headline;
mod patterns;

use super::story::{Paragraph, Role, Run, Story};
use crate::model::Emphasis;
use patterns::{dateline, is_bare_byline, is_byline, trailing_byline, wholly_parenthesised};

/// Front matter found for an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Front {
    pub kicker: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub dateline: Option<String>,
    pub byline: Option<String>,
    /// The whole body is verse (`options: { verse: true }`).
    pub verse: bool,
}

/// One element of the body to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A paragraph.
    Para(Vec<Run>),
    /// A `## ` subhead.
    Subhead(Vec<Run>),
    /// A block quote of one or more paragraphs.
    Quote(Vec<Vec<Run>>),
    /// A comment line for the editor (`<!-- … -->`).
    Note(String),
    /// A picture of the story: where it was, its caption and credit.
    Picture {
        index: usize,
        caption: Option<String>,
        credit: Option<String>,
    },
}

/// What detection decided, for the import summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The element: 引题, 主题, 副题, 讯头, 署名, 小标题, 图片说明, 诗歌, 不确定.
    pub element: &'static str,
    /// Its text.
    pub text: String,
    /// Why (the rule that fired).
    pub why: String,
}

/// A story with its structure decided.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub front: Front,
    pub body: Vec<Item>,
    pub findings: Vec<Finding>,
}

impl Draft {
    fn found(&mut self, element: &'static str, text: &str, why: impl Into<String>) {
        self.findings.push(Finding {
            element,
            text: text.to_string(),
            why: why.into(),
        });
    }
}

/// Decide the structure of a story.
pub fn detect(story: &Story) -> Draft {
    let paras: Vec<Paragraph> = story
        .paras
        .iter()
        .filter(|p| !p.is_blank())
        .cloned()
        .map(trim_paragraph)
        .collect();
    let mut draft = Draft::default();
    let (zone, unsure) = headline::read(&paras, story.has_formatting, &mut draft);
    // Report the headline group top to bottom.
    let rank = |f: &Finding| {
        ["引题", "主题", "副题"]
            .iter()
            .position(|e| *e == f.element)
    };
    draft.findings.sort_by_key(|f| rank(f).unwrap_or(3));
    let mut body: Vec<Paragraph> = Vec::new();
    for index in unsure {
        let text = paras[index].text();
        draft.found(
            "不确定",
            &text,
            "a short line by the headline: 引题, 副题 or text?",
        );
        draft.body.push(Item::Note(format!(
            "导入：这一行在标题旁，未能确定它是副题、引题还是主题（没有“强调”“——”或字号之类的标志），暂放正文；请移到 front matter 的 subtitle:、kicker: 或 title:（{text}）"
        )));
        body.push(paras[index].clone());
    }
    let unsure_count = body.len();
    body.extend(paras[zone..].iter().cloned());
    take_dateline(&mut body[unsure_count..], &mut draft);
    take_byline(&mut body, &mut draft);
    draft.front.verse = is_verse(&body);
    if draft.front.verse {
        draft.found(
            "诗歌",
            "",
            "every paragraph is short lines: options: { verse: true }",
        );
    }
    items(&body, story, &mut draft);
    draft
}

/// Trim whitespace at the start and end of a paragraph's text (the layout indents).
fn trim_paragraph(mut para: Paragraph) -> Paragraph {
    let ws = |c: char| c.is_whitespace() || c == '　';
    if let Some(first) = para.runs.first_mut() {
        first.text = first.text.trim_start_matches(ws).to_string();
    }
    if let Some(last) = para.runs.last_mut() {
        last.text = last.text.trim_end_matches(ws).to_string();
    }
    para.runs.retain(|r| !r.text.is_empty());
    para
}

/// Remove the first `bytes` bytes of a paragraph's text (across runs).
fn drop_prefix(para: &mut Paragraph, mut bytes: usize) {
    while bytes > 0 && !para.runs.is_empty() {
        let first = &mut para.runs[0];
        if first.text.len() <= bytes {
            bytes -= first.text.len();
            para.runs.remove(0);
        } else {
            first.text = first.text[bytes..].to_string();
            bytes = 0;
        }
    }
}

/// Keep the first `bytes` bytes of a paragraph's text (across runs).
fn keep_prefix(para: &mut Paragraph, bytes: usize) {
    let mut left = bytes;
    para.runs.retain_mut(|run| {
        if left == 0 {
            return false;
        }
        if run.text.len() > left {
            run.text.truncate(left);
        }
        left -= run.text.len();
        true
    });
    *para = trim_paragraph(std::mem::take(para));
}

/// A 讯头 at the start of the first body paragraph goes to `dateline:`.
fn take_dateline(body: &mut [Paragraph], draft: &mut Draft) {
    let Some(first) = body.iter_mut().find(|p| p.role == Role::Plain) else {
        return;
    };
    let text = first.text();
    let Some(found) = dateline(&text) else {
        return;
    };
    draft.found("讯头", &found.text, "at the start of the first paragraph");
    draft.front.dateline = Some(found.text);
    if let Some(reporters) = found.reporters {
        if is_byline(&reporters).is_some() && draft.front.byline.is_none() {
            draft.found(
                "署名",
                &reporters,
                "in parentheses after the 讯头; set at the end",
            );
            draft.front.byline = Some(reporters);
        } else {
            draft.body.push(Item::Note(format!(
                "导入：讯头后的括号内容“{reporters}”不像署名，未导入正文，请核对"
            )));
            draft.found(
                "不确定",
                &reporters,
                "in parentheses after the 讯头, not a byline",
            );
        }
    }
    drop_prefix(first, found.rest);
    *first = trim_paragraph(std::mem::take(first));
}

/// A byline at the end: a last paragraph in parentheses that reads as names, a bare
/// 记者 … line, or a parenthesis naming a reporter's role at the end of the last paragraph.
fn take_byline(body: &mut Vec<Paragraph>, draft: &mut Draft) {
    let Some(index) = body
        .iter()
        .rposition(|p| !matches!(p.role, Role::Picture(_)))
    else {
        return;
    };
    if body[index].role != Role::Plain {
        return;
    }
    let text = body[index].text();
    let whole = wholly_parenthesised(&text)
        .and_then(|inner| is_byline(inner).map(|why| (inner.to_string(), why)))
        .or_else(|| is_bare_byline(&text).then(|| (text.trim().to_string(), "a 记者 … line")));
    if let Some((who, why)) = whole {
        if draft.front.byline.is_none() && body.len() > 1 {
            draft.found("署名", &who, format!("last paragraph, {why}"));
            draft.front.byline = Some(who);
            body.remove(index);
        }
        return;
    }
    if let Some((at, who)) = trailing_byline(&text)
        && draft.front.byline.is_none()
    {
        draft.found(
            "署名",
            &who,
            "in parentheses at the end of the last paragraph",
        );
        draft.front.byline = Some(who);
        keep_prefix(&mut body[index], at);
    }
}

/// Lines at most this long make verse.
const VERSE_LINE: usize = 24;

/// The whole body is verse when every text paragraph is two or more short lines.
fn is_verse(body: &[Paragraph]) -> bool {
    let texts: Vec<String> = body
        .iter()
        .filter(|p| p.role == Role::Plain)
        .map(Paragraph::text)
        .collect();
    !texts.is_empty()
        && body.iter().all(|p| !matches!(p.role, Role::Quote))
        && texts
            .iter()
            .all(|t| t.contains('\n') && t.lines().all(|l| l.trim().chars().count() <= VERSE_LINE))
}

/// The body paragraphs to items: subheads, quotes grouped, pictures with their captions.
fn items(body: &[Paragraph], story: &Story, draft: &mut Draft) {
    let mut i = 0;
    while i < body.len() {
        let para = &body[i];
        match para.role {
            Role::Picture(index) => {
                let next = body.get(i + 1);
                let caption = next.filter(|n| is_caption(n)).map(Paragraph::text);
                if caption.is_some() {
                    i += 1;
                }
                picture(index, caption, story, draft);
            }
            Role::Quote => {
                let mut quote = vec![para.runs.clone()];
                while body.get(i + 1).is_some_and(|n| n.role == Role::Quote) {
                    i += 1;
                    quote.push(body[i].runs.clone());
                }
                draft.body.push(Item::Quote(quote));
            }
            Role::Heading(_) | Role::Title | Role::Subtitle => {
                draft.found("小标题", &para.text(), "a heading in the text");
                let runs = if para.all_bold() {
                    unbold(&para.runs)
                } else {
                    para.runs.clone()
                };
                draft.body.push(Item::Subhead(runs));
            }
            Role::Plain | Role::Caption => {
                if !draft.front.verse && is_bold_subhead(para) {
                    draft.found("小标题", &para.text(), "a short bold line of its own");
                    draft.body.push(Item::Subhead(unbold(&para.runs)));
                } else {
                    draft.body.push(Item::Para(para.runs.clone()));
                }
            }
        }
        i += 1;
    }
}

fn is_caption(para: &Paragraph) -> bool {
    para.role == Role::Caption
        || (para.role == Role::Plain && patterns::looks_like_caption(&para.text()))
}

fn picture(index: usize, caption: Option<String>, story: &Story, draft: &mut Draft) {
    let (caption, credit) = match caption {
        Some(c) => {
            let (caption, credit) = patterns::split_credit(&c);
            draft.found("图片说明", &caption, "the paragraph under the picture");
            (Some(caption), credit)
        }
        None => {
            let alt = story
                .pictures
                .get(index)
                .and_then(|p| p.description.clone());
            if let Some(alt) = &alt {
                draft.found(
                    "不确定",
                    alt,
                    "a picture's alt text, not used as its caption",
                );
            }
            (None, None)
        }
    };
    draft.body.push(Item::Picture {
        index,
        caption,
        credit,
    });
}

/// A short paragraph all in bold, not ending a sentence: a subhead written as bold text.
fn is_bold_subhead(para: &Paragraph) -> bool {
    let text = para.text();
    para.all_bold()
        && !text.contains('\n')
        && text.chars().count() <= 24
        && !text.ends_with(['。', '，', '；', '：', '、'])
}

fn unbold(runs: &[Run]) -> Vec<Run> {
    runs.iter()
        .map(|r| Run {
            text: r.text.clone(),
            emphasis: Emphasis::Normal,
        })
        .collect()
}

#[cfg(test)]
mod tests;
