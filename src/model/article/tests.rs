use std::path::Path;

use super::*;
use crate::model::types::{BodyBlock, Emphasis, InlineSpan, Para, ParaAlign};

/// Parse, panicking with the diagnostics on failure (tests only).
fn parse(text: &str) -> (Article, Diagnostics) {
    match parse_article(Path::new("a.md"), text) {
        Ok(ok) => ok,
        Err(e) => panic!("parse failed: {e:?}"),
    }
}

fn body(text: &str) -> Vec<BodyBlock> {
    let (article, warnings) = parse(text);
    assert!(warnings.is_empty(), "unexpected warnings: {warnings:?}");
    article.body
}

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse_article(Path::new("a.md"), text) {
        Ok((a, w)) => panic!("expected an error, got {a:?} {w:?}"),
        Err(e) => e.0.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

fn span(text: &str, emphasis: Emphasis) -> InlineSpan {
    InlineSpan {
        text: text.into(),
        emphasis,
    }
}

fn normal(text: &str) -> InlineSpan {
    span(text, Emphasis::Normal)
}

fn para(spans: Vec<InlineSpan>, line: u32) -> Para {
    Para {
        spans,
        line,
        ..Para::default()
    }
}

fn line_of(d: &Diagnostic) -> Option<u32> {
    d.location.as_ref().and_then(|l| l.line)
}

#[test]
fn front_matter_and_paragraphs() {
    let text = "---\ntitle: 标题\ndateline: 东昌府讯\n---\n第一段\n接着\n\n第二段\n";
    let (a, _) = parse(text);
    assert_eq!(a.front.title.as_deref(), Some("标题"));
    assert_eq!(
        a.body,
        vec![
            BodyBlock::Paragraph(para(vec![normal("第一段接着")], 5)),
            BodyBlock::Paragraph(para(vec![normal("第二段")], 8)),
        ]
    );
}

#[test]
fn headline_only_is_an_error() {
    let errs = errors("---\ntitle: 只有标题\n---\n\n");
    assert!(errs[0].message.contains("no body text"), "{}", errs[0]);
    assert!(!errs[0].hints.is_empty());
    let errs = errors("");
    assert!(errs[0].message.contains("is empty"), "{}", errs[0]);
}

#[test]
fn front_matter_errors_point_into_the_file() {
    let errs = errors("---\ntitel: x\n---\n正文\n");
    assert_eq!(line_of(&errs[0]), Some(2));
    assert!(errs[0].hints[0].contains("title"));
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let errs = errors("---\ntitle: x\n正文\n");
    assert!(errs[0].message.contains("not closed"), "{}", errs[0]);
}

#[test]
fn front_matter_after_blank_lines_is_an_error() {
    let errs = errors("\n---\ntitle: x\n---\n正文\n");
    assert!(errs[0].message.contains("first line"), "{}", errs[0]);
    assert_eq!(line_of(&errs[0]), Some(2));
}

#[test]
fn bom_is_stripped_and_crlf_accepted() {
    let b = body("\u{feff}---\r\ntitle: 标题\r\n---\r\n正文\r\n第二行\r\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(vec![normal("正文第二行")], 4))]
    );
}

#[test]
fn strong_run_in_lead_phrase() {
    // The 党建 story: CommonMark alone leaves `**…。**各` unmatched.
    let b = body("**阵地建设基础强。**各村都建起了党群服务中心。\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(
            vec![
                span("阵地建设基础强。", Emphasis::Strong),
                normal("各村都建起了党群服务中心。")
            ],
            1
        ))]
    );
}

#[test]
fn emphasis_is_kaiti_and_works_next_to_quotes() {
    let b = body("他说*“要干就干好”*，大家*点头*。\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(
            vec![
                normal("他说"),
                span("“要干就干好”", Emphasis::Emphasis),
                normal("，大家"),
                span("点头", Emphasis::Emphasis),
                normal("。"),
            ],
            1
        ))]
    );
}

#[test]
fn lone_and_escaped_asterisks_stay_text() {
    let b = body("5 * 3 等于十五，\\*号留着，*没有闭合\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(
            vec![normal("5 * 3 等于十五，*号留着，*没有闭合")],
            1
        ))]
    );
}

#[test]
fn subhead() {
    let b = body("---\ntitle: t\n---\n## 阵地建设\n\n正文\n");
    assert_eq!(
        b,
        vec![
            BodyBlock::Subhead(para(vec![normal("阵地建设")], 4)),
            BodyBlock::Paragraph(para(vec![normal("正文")], 6)),
        ]
    );
}

#[test]
fn quote_has_one_para_per_quoted_paragraph() {
    let b = body("正文\n\n> 尊敬的编辑：\n> 您好！\n>\n> 此致\n\n后文\n");
    assert_eq!(
        b,
        vec![
            BodyBlock::Paragraph(para(vec![normal("正文")], 1)),
            BodyBlock::Quote(vec![
                para(vec![normal("尊敬的编辑：您好！")], 3),
                para(vec![normal("此致")], 6)
            ]),
            BodyBlock::Paragraph(para(vec![normal("后文")], 8)),
        ]
    );
}

#[test]
fn fenced_verse_keeps_lines_and_stanzas() {
    let b = body("引子\n\n```verse\n床前明月光\n疑是地上霜\n\n\n举头望明月\n```\n");
    assert_eq!(
        b,
        vec![
            BodyBlock::Paragraph(para(vec![normal("引子")], 1)),
            BodyBlock::Verse(vec![
                para(vec![normal("床前明月光")], 4),
                para(vec![normal("疑是地上霜")], 5),
                para(vec![], 6),
                para(vec![normal("举头望明月")], 8),
            ]),
        ]
    );
}

#[test]
fn verse_option_makes_the_whole_body_verse() {
    let b = body(
        "---\noptions: { verse: true }\n---\n## 静夜思\n\n床前**明月**光\n疑是地上霜\n\n举头望明月\n",
    );
    assert_eq!(
        b,
        vec![
            BodyBlock::Subhead(para(vec![normal("静夜思")], 4)),
            BodyBlock::Verse(vec![
                para(
                    vec![normal("床前"), span("明月", Emphasis::Strong), normal("光")],
                    6
                ),
                para(vec![normal("疑是地上霜")], 7),
                para(vec![], 8),
                para(vec![normal("举头望明月")], 9),
            ]),
        ]
    );
}

fn aligned(spans: Vec<InlineSpan>, line: u32, align: ParaAlign) -> Para {
    Para {
        align,
        ..para(spans, line)
    }
}

#[test]
fn letter_markup_sets_the_salutation_flush_and_the_signature_right() {
    let b = body(
        "<-亲爱的市民朋友们：\n\n城市是我们的家园。\n\n-> 东昌府区委宣传部  \n-> 2022年8月16日\n\n\
         > <- 建国吾儿：\n>\n> 你这一走。\n>\n> ->父字  \n> 八月十六日夜\n",
    );
    assert_eq!(
        b,
        vec![
            BodyBlock::Paragraph(aligned(
                vec![normal("亲爱的市民朋友们：")],
                1,
                ParaAlign::Flush
            )),
            BodyBlock::Paragraph(para(vec![normal("城市是我们的家园。")], 3)),
            BodyBlock::Paragraph(aligned(
                vec![normal("东昌府区委宣传部\n2022年8月16日")],
                5,
                ParaAlign::Right
            )),
            BodyBlock::Quote(vec![
                aligned(vec![normal("建国吾儿：")], 8, ParaAlign::Flush),
                para(vec![normal("你这一走。")], 10),
                aligned(vec![normal("父字\n八月十六日夜")], 12, ParaAlign::Right),
            ]),
        ]
    );
}

#[test]
fn arrows_inside_a_paragraph_or_in_bold_lead_stay_text() {
    let b = body("甲->乙<-丙\n\n->**此致**敬礼\n");
    assert_eq!(
        b,
        vec![
            BodyBlock::Paragraph(para(vec![normal("甲->乙<-丙")], 1)),
            BodyBlock::Paragraph(aligned(
                vec![span("此致", Emphasis::Strong), normal("敬礼")],
                3,
                ParaAlign::Right
            )),
        ]
    );
}

#[test]
fn hard_breaks_become_newlines() {
    let b = body("东昌府区委宣传部  \n2022年8月16日\\\n**地址**：振兴路1号\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(
            vec![
                normal("东昌府区委宣传部\n2022年8月16日\n"),
                span("地址", Emphasis::Strong),
                normal("：振兴路1号")
            ],
            1
        ))]
    );
}

#[test]
fn soft_breaks_join_chinese_without_space_and_latin_with_one() {
    let b = body("中文\n接着 GDP\ngrowth 和 3\n4\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(
            vec![normal("中文接着 GDP growth 和 3 4")],
            1
        ))]
    );
}

#[test]
fn line_numbers_count_front_matter_and_blank_lines() {
    let (a, _) = parse("---\ntitle: t\nbyline: b\n---\n\n\n第一段\n\n\n## 小标题\n> 引文\n");
    let lines: Vec<u32> = a
        .body
        .iter()
        .map(|b| match b {
            BodyBlock::Paragraph(p) | BodyBlock::Subhead(p) => p.line,
            BodyBlock::Quote(v) | BodyBlock::Verse(v) => v[0].line,
        })
        .collect();
    assert_eq!(lines, vec![7, 10, 11]);
}

#[test]
fn full_width_indent_is_removed_and_a_missing_blank_line_warned() {
    let (a, w) = parse("　　第一段。\n　　第二段。\n");
    assert_eq!(
        a.body,
        vec![BodyBlock::Paragraph(para(
            vec![normal("第一段。第二段。")],
            1
        ))]
    );
    assert_eq!(w.0.len(), 1);
    assert_eq!(w.0[0].location, Some(Location::at("a.md", 2, 1)));
    assert!(w.0[0].hints[0].contains("blank line"));
}

#[test]
fn html_comments_are_notes() {
    let b = body("<!-- 编者：待核实 -->\n\n正文<!-- 行内 -->续\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(vec![normal("正文续")], 3))]
    );
}

/// The warnings of a text that parses, with their lines.
fn warnings(text: &str) -> Vec<(u32, String)> {
    let (_, w) = parse(text);
    w.0.iter()
        .map(|d| (line_of(d).unwrap_or(0), d.message.clone()))
        .collect()
}

#[test]
fn lists_warn_and_keep_numbers_and_text() {
    let text = "正文\n\n1. 坚持党建引领\n2. 强化阵地\n\n- 甲\n- 乙\n";
    let (a, w) = parse(text);
    let texts: Vec<String> = a
        .body
        .iter()
        .map(|b| match b {
            BodyBlock::Paragraph(p) => p.text(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        texts,
        vec!["正文", "1.坚持党建引领", "2.强化阵地", "甲", "乙"]
    );
    let msgs: Vec<(u32, String)> =
        w.0.iter()
            .map(|d| (line_of(d).unwrap_or(0), d.message.clone()))
            .collect();
    assert_eq!(
        msgs,
        vec![
            (3, "a numbered list is set as plain paragraphs".into()),
            (6, "a bulleted list is set as plain paragraphs".into())
        ]
    );
    assert!(w.0.iter().all(|d| !d.is_error() && !d.hints.is_empty()));
}

#[test]
fn other_heading_levels_warn_and_become_subheads() {
    let (a, _) = parse("正文\n\n### 三级\n");
    assert_eq!(a.body[1], BodyBlock::Subhead(para(vec![normal("三级")], 3)));
    assert_eq!(
        warnings("正文\n\n### 三级\n"),
        vec![(3, "a level-3 heading is set as a subhead".into())]
    );
}

#[test]
fn setext_heading_warns_and_stays_a_paragraph() {
    let (a, w) = parse("第一段\n---\n");
    assert_eq!(
        a.body,
        vec![BodyBlock::Paragraph(para(vec![normal("第一段")], 1))]
    );
    assert_eq!(line_of(&w.0[0]), Some(1));
    assert!(w.0[0].message.contains("underlined"));
}

#[test]
fn code_is_kept_as_text_with_warnings() {
    assert_eq!(
        warnings("正文`代码`\n\n```\n一行\n二行\n```\n\n    缩进一\n    缩进二\n\n***\n"),
        vec![
            (1, "code span `代码` is set as plain text".into()),
            (
                3,
                "a code block is set as verse, lines kept as written".into()
            ),
            (
                8,
                "text indented by four spaces or a tab is set as paragraphs, one per line".into()
            ),
            (
                11,
                "a thematic break (`---`, `***` or `___` on its own line) is not set".into()
            ),
        ]
    );
    let (a, _) = parse("正文`代码`\n\n    缩进一\n    缩进二\n");
    assert_eq!(
        a.body,
        vec![
            BodyBlock::Paragraph(para(vec![normal("正文代码")], 1)),
            BodyBlock::Paragraph(para(vec![normal("缩进一")], 3)),
            BodyBlock::Paragraph(para(vec![normal("缩进二")], 4)),
        ]
    );
}

#[test]
fn inline_html_tag_warns_and_keeps_text() {
    let (a, w) = parse("第一行\n正文<span>保留</span>\n");
    assert_eq!(
        a.body,
        vec![BodyBlock::Paragraph(para(
            vec![normal("第一行正文保留")],
            1
        ))]
    );
    assert_eq!(w.0[0].location, Some(Location::at("a.md", 2, 3)));
    assert!(w.0[0].message.contains("<span>"));
}

#[test]
fn out_of_subset_errors_name_the_line() {
    let cases = [
        ("正文\n\n# 大标题\n", 3, "headline"),
        ("正文\n\n见[网站](http://a.cn)\n", 3, "link"),
        ("正文\n\n![图](a.jpg)\n", 3, "picture"),
        ("正文\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 3, "table"),
        ("正文\n\n<div>\n文字\n</div>\n", 3, "HTML"),
    ];
    for (text, line, word) in cases {
        let errs = errors(text);
        assert_eq!(errs.len(), 1, "{text}: {errs:?}");
        assert_eq!(line_of(&errs[0]), Some(line), "{text}");
        assert!(errs[0].message.contains(word), "{text}: {}", errs[0]);
        assert!(!errs[0].hints.is_empty());
    }
}

#[test]
fn autolinks_keep_the_address() {
    let b = body("网址<http://dcf.lcxw.cn>，邮箱 dcsx2005@sina.com\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(
            vec![normal("网址http://dcf.lcxw.cn，邮箱 dcsx2005@sina.com")],
            1
        ))]
    );
}

#[test]
fn bold_inside_emphasis_is_bold() {
    let b = body("*楷体**加粗**楷体*\n");
    assert_eq!(
        b,
        vec![BodyBlock::Paragraph(para(
            vec![
                span("楷体", Emphasis::Emphasis),
                span("加粗", Emphasis::Strong),
                span("楷体", Emphasis::Emphasis)
            ],
            1
        ))]
    );
}

#[test]
fn link_reference_definitions_are_errors_not_lost_text() {
    let errs = errors("正文\n\n[注]: 这一行会消失\n");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(line_of(&errs[0]), Some(3));
    assert!(errs[0].message.contains("[注]"), "{}", errs[0]);
}

/// The fenced blocks of docs/format.md with their info string.
fn doc_blocks() -> Vec<(String, String)> {
    let doc = include_str!("../../../docs/format.md");
    let mut blocks = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        blocks.push((info.to_string(), body.join("\n") + "\n"));
    }
    blocks
}

/// The keys a type accepts, read from the error serde gives for an unknown key.
fn keys_of<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let message = match yaml::parse::<T>(Path::new("x.yaml"), "zzz_unknown: 1\n", 0) {
        Ok(_) => panic!("an unknown key was accepted"),
        Err(d) => d.message,
    };
    let (_, list) = message.split_once("expected one of ").unwrap_or_default();
    list.split(", ")
        .map(|k| k.trim_matches(['"', '`']).to_string())
        .collect()
}

fn assert_documents_every_key<T: serde::de::DeserializeOwned>(example: &str, what: &str) {
    let keys = keys_of::<T>();
    assert!(!keys.is_empty(), "{what}: no keys found");
    for key in keys {
        assert!(
            example.contains(&format!("{key}:")),
            "docs/format.md: the {what} example lacks `{key}`"
        );
    }
}

#[test]
fn format_md_examples_parse_and_show_every_key() {
    use crate::model::types::*;
    let blocks = doc_blocks();
    let find = |start: &str| {
        blocks
            .iter()
            .find(|(info, body)| info == "yaml" && body.starts_with(start))
            .map(|(_, body)| body.clone())
            .unwrap_or_else(|| panic!("no yaml example starting with {start:?}"))
    };
    let edition = find("# edition.yaml");
    yaml::parse::<Edition>(Path::new("edition.yaml"), &edition, 0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_documents_every_key::<Edition>(&edition, "edition");
    assert_documents_every_key::<Masthead>(&edition, "masthead");
    let plan = find("# page-2.yaml") + &find("# page-1.yaml");
    for page in ["# page-2.yaml", "# page-1.yaml"] {
        yaml::parse::<PagePlan>(Path::new(page), &find(page), 0).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_documents_every_key::<PagePlan>(&plan, "page plan");
    assert_documents_every_key::<Block>(&plan, "block");
    assert_documents_every_key::<Banner>(&plan, "banner");
    assert_documents_every_key::<crate::model::Stack>(&plan, "stack");
    let layout = find("# layouts/");
    yaml::parse::<LayoutSpec>(Path::new("layout.yaml"), &layout, 0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_documents_every_key::<LayoutSpec>(&layout, "layout");
    assert_documents_every_key::<Margins>(&layout, "margins");
    assert_documents_every_key::<BodyGrid>(&layout, "body grid");
    assert_documents_every_key::<Style>(&layout, "style");
    assert_documents_every_key::<Composition>(&layout, "composition");
    assert_documents_every_key::<Print>(&layout, "print");
    assert_documents_every_key::<Rules>(&layout, "rules");
    assert_documents_every_key::<crate::model::CopyfitLimits>(&layout, "copyfit");
    let (_, article) = blocks
        .iter()
        .find(|(info, body)| info == "text" && body.starts_with("---\nkicker:"))
        .unwrap_or_else(|| panic!("no article example"));
    let (a, w) = parse(article);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(a.body.len(), 2);
    assert_documents_every_key::<FrontMatter>(article, "front matter");
    assert_documents_every_key::<ArticleOptions>(article, "article options");
}

#[test]
fn format_md_markup_examples_parse_without_errors() {
    for (info, body) in doc_blocks() {
        if info == "text" && !body.contains("error:") {
            let result = parse_article(Path::new("doc.md"), &body);
            assert!(result.is_ok(), "{body}\n{:?}", result.err());
        }
    }
}

#[test]
fn deeper_headings_stay_subheads_under_verse() {
    let (a, _) = parse("---\noptions: { verse: true }\n---\n### 其一\n\n床前明月光\n");
    assert_eq!(a.body[0], BodyBlock::Subhead(para(vec![normal("其一")], 4)));
    assert_eq!(
        a.body[1],
        BodyBlock::Verse(vec![para(vec![normal("床前明月光")], 6)])
    );
}

#[test]
fn an_empty_list_item_does_not_number_the_next_paragraph() {
    let (a, _) = parse("1.\n\n正文\n");
    assert_eq!(
        a.body,
        vec![BodyBlock::Paragraph(para(vec![normal("正文")], 3))]
    );
}
