use super::*;

/// (line, column, message, first hint) of each warning.
fn warnings(text: &str) -> Vec<(u32, u32, String, String)> {
    lint(Path::new("a.md"), text)
        .iter()
        .map(|d| {
            let loc = d.location.clone().unwrap_or_else(|| Location::file("a.md"));
            (
                loc.line.unwrap_or(0),
                loc.column.unwrap_or(0),
                d.message.clone(),
                d.hints.first().cloned().unwrap_or_default(),
            )
        })
        .collect()
}

fn positions(text: &str) -> Vec<(u32, u32)> {
    warnings(text)
        .into_iter()
        .map(|(l, c, _, _)| (l, c))
        .collect()
}

#[test]
fn straight_quotes_in_chinese_text_warn_with_position() {
    let text = "---\ntitle: t\n---\n他说\"要干就干好\"。\n";
    let w = warnings(text);
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!((w[0].0, w[0].1), (4, 3));
    assert_eq!(w[0].2, "straight quote \" in Chinese text");
    assert!(w[0].3.contains('“'));
    assert_eq!((w[1].0, w[1].1), (4, 9));
    assert!(w[1].3.contains('”'));
    assert_eq!(fix(text), "---\ntitle: t\n---\n他说“要干就干好”。\n");
}

#[test]
fn straight_quotes_around_latin_text_are_left_alone() {
    let text = "He said \"OK\" and left.\n";
    assert!(warnings(text).is_empty());
    assert_eq!(fix(text), text);
}

#[test]
fn quotes_pair_across_lines_and_an_open_quotation_opens_each_paragraph() {
    let text = "\"第一段引文，\n跨行\"结束。\n\n\"第二段没有闭合\n";
    assert_eq!(fix(text), "“第一段引文，\n跨行”结束。\n\n“第二段没有闭合\n");
}

#[test]
fn half_width_marks_between_hanzi_warn_and_fix() {
    let text = "会议强调,要抓好落实.各部门要;做到:一是?二是!好\n";
    let w = warnings(text);
    let marks: Vec<&str> = w.iter().map(|w| w.2.as_str()).collect();
    assert_eq!(
        marks,
        vec![
            "half-width \",\" in Chinese text",
            "half-width \".\" in Chinese text",
            "half-width \";\" in Chinese text",
            "half-width \":\" in Chinese text",
            "half-width \"?\" in Chinese text",
            "half-width \"!\" in Chinese text",
        ]
    );
    assert_eq!((w[0].0, w[0].1), (1, 5));
    assert!(w[0].3.contains('，'));
    assert_eq!(
        fix(text),
        "会议强调，要抓好落实。各部门要；做到：一是？二是！好\n"
    );
}

#[test]
fn half_width_mark_at_line_end_and_before_quotes_and_spaces() {
    let text = "他说:\"你好\"\n中国, 美国\n完成了任务.\n";
    assert_eq!(fix(text), "他说：“你好”\n中国，美国\n完成了任务。\n");
}

#[test]
fn hard_break_spaces_after_a_mark_are_kept() {
    let text = "此致,  \n敬礼\n";
    assert_eq!(fix(text), "此致，  \n敬礼\n");
}

#[test]
fn numbers_latin_urls_and_emails_are_not_touched() {
    let text = "增长3.5个百分点,达1,000万元。网址http://dcf.lcxw.cn/a,b.html,邮箱dcsx2005@sina.com.cn。Hello, world.\n\
                见`代码,中文`和[链接](http://例子.中国/路,径)以及<!-- 注,释 -->。\n";
    let fixed = fix(text);
    assert_eq!(
        fixed,
        "增长3.5个百分点，达1,000万元。网址http://dcf.lcxw.cn/a,b.html,邮箱dcsx2005@sina.com.cn。Hello, world.\n\
         见`代码,中文`和[链接](http://例子.中国/路,径)以及<!-- 注,释 -->。\n"
    );
    assert_eq!(positions(text), vec![(1, 10)]);
}

#[test]
fn front_matter_yaml_syntax_is_not_touched() {
    let text = "---\ntitle: \"带引号的标题,不改\"\nkicker: 引题,要改\nsubtitle: 副题 # 注释,不改\noptions: { verse: false }\ndateline: 东昌府讯\n---\n正文。\n";
    assert_eq!(
        fix(text),
        "---\ntitle: \"带引号的标题,不改\"\nkicker: 引题，要改\nsubtitle: 副题 # 注释,不改\noptions: { verse: false }\ndateline: 东昌府讯\n---\n正文。\n"
    );
    assert_eq!(positions(text), vec![(3, 11)]);
}

#[test]
fn fix_is_idempotent() {
    let texts = [
        "---\ntitle: 打造\"首善之区\"\n---\n他说:\"好\".\"OK\"和\"再见\n\n中,文.好\"a\"\"b\"中\n",
        "\u{feff}---\r\ntitle: 标题\r\n---\r\n会议强调,要抓好落实.\r\n",
        "\"\"\"中\"\"\n",
        "中,,文..好\n",
    ];
    for text in texts {
        let once = fix(text);
        assert_eq!(fix(&once), once, "{text:?}");
        assert!(
            lint(Path::new("a.md"), &once)
                .iter()
                .all(|d| !d.message.contains("half-width") && !d.message.contains("straight")),
            "{once:?}"
        );
    }
}

#[test]
fn columns_do_not_count_the_byte_order_mark() {
    assert_eq!(positions("\u{feff}中,文\n"), vec![(1, 2)]);
}

#[test]
fn fix_keeps_bom_and_crlf() {
    let text = "\u{feff}---\r\ntitle: 标题\r\n---\r\n会议强调,要抓好落实.\r\n";
    assert_eq!(
        fix(text),
        "\u{feff}---\r\ntitle: 标题\r\n---\r\n会议强调，要抓好落实。\r\n"
    );
}

#[test]
fn two_spaces_inside_chinese_text_warn_but_are_not_fixed() {
    let text = "    缩进不算\n市委书记  张三出席。\n全角　　空格。结尾两个空格  \n";
    let w = warnings(text);
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(
        (w[0].0, w[0].1, w[0].2.as_str()),
        (2, 5, "2 spaces inside Chinese text")
    );
    assert_eq!((w[1].0, w[1].1), (3, 3));
    assert_eq!(fix(text), text);
}

#[test]
fn dateline_repeated_at_the_start_of_the_body() {
    let text = "---\ntitle: 标题\ndateline: 东昌府讯\n---\n\n　　东昌府讯 8月12日，会议召开。\n";
    let w = warnings(text);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].0, w[0].1), (6, 3));
    assert_eq!(
        w[0].2,
        "the 讯头 \"东昌府讯\" is repeated at the start of the body"
    );
    assert!(w[0].3.contains("dateline"));
    assert!(warnings("---\ndateline: 东昌府讯\n---\n8月12日，东昌府讯记者报道。\n").is_empty());
    assert_eq!(
        positions("---\ndateline: 本报讯\n---\n**本报讯** 消息。\n"),
        vec![(4, 3)]
    );
}

#[test]
fn dateline_in_the_body_without_a_front_matter_dateline() {
    let w = warnings("---\ntitle: 标题\n---\n本报讯（记者 张三）8月12日，会议召开。\n");
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].0, w[0].1), (4, 1));
    assert_eq!(w[0].2, "the body starts with the 讯头 \"本报讯\"");
    assert!(w[0].3.contains("dateline: 本报讯"));
    assert_eq!(
        positions("**东昌府讯** 8月12日，会议召开。\n"),
        vec![(1, 3)]
    );
    assert!(warnings("通讯员走访了群众。\n").is_empty());
    assert!(warnings("资讯发达。\n").is_empty());
}

#[test]
fn verse_fences_are_checked_but_not_their_info_lines() {
    let text = "```verse,x\n床前明月光,疑是地上霜\n```\n";
    assert_eq!(fix(text), "```verse,x\n床前明月光，疑是地上霜\n```\n");
}

#[test]
fn unclosed_front_matter_is_left_to_the_parser() {
    let text = "---\ntitle: 中,文\n正文,内容\n";
    assert!(warnings(text).is_empty());
    assert_eq!(fix(text), text);
}

/// Pieces of copy and markup that random articles are made of.
fn token() -> impl proptest::strategy::Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "\"",
        ",",
        ".",
        ":",
        "!",
        "中",
        "文",
        "**",
        "*",
        "_",
        "\n",
        "\n\n",
        " ",
        "  ",
        "　",
        "---\n",
        "http://a.cn/x,y",
        "a@b.cn",
        "`x`",
        "> ",
        "## ",
        "### ",
        "```verse\n",
        "```\n",
        "1. ",
        "- ",
        "3.5",
        "1,000",
        "\\",
        "“",
        "”",
        "OK",
        "    ",
        "\t",
        "|",
        "<b>",
        "[x]",
        "\r\n",
        "~~~\n",
        "&amp;",
        "===\n",
        "+ ",
        "2) ",
        "<http://x.cn>",
        "#",
        "[x](y)",
        "![x](y)",
        "***",
        "___",
        "[x]: ",
        ">",
    ])
}

proptest::proptest! {
    #[test]
    fn fix_is_idempotent_on_random_copy(
        tokens in proptest::collection::vec(token(), 0..40),
        front in proptest::bool::ANY,
    ) {
        let body = tokens.concat();
        let text = if front { format!("---\ntitle: 中\"文\",文\ndateline: 中文\n---\n{body}") } else { body };
        let once = fix(&text);
        proptest::prop_assert_eq!(fix(&once), once.clone());
        // Only punctuation changes: the hanzi and Latin letters are all still there.
        let letters = |s: &str| s.chars().filter(|c| is_hanzi(*c) || c.is_ascii_alphanumeric()).collect::<String>();
        proptest::prop_assert_eq!(letters(&once), letters(&text));
        let _ = lint(Path::new("a.md"), &text);
    }

    #[test]
    fn parsing_random_copy_keeps_every_hanzi(tokens in proptest::collection::vec(token(), 0..40)) {
        let text = tokens.concat();
        if let Ok((article, _)) = crate::model::parse_article(Path::new("a.md"), &text) {
            let paras = article.body.iter().flat_map(|b| match b {
                crate::model::BodyBlock::Paragraph(p) | crate::model::BodyBlock::Subhead(p) => vec![p.clone()],
                crate::model::BodyBlock::Quote(v) | crate::model::BodyBlock::Verse(v) => v.clone(),
            });
            let set: String = paras.map(|p| p.text()).collect();
            let count = |s: &str| s.chars().filter(|c| is_hanzi(*c)).count();
            // The tokens can make a front matter (`---` lines): its YAML, comments included,
            // is not body copy, so only the hanzi after it are counted.
            let body = crate::model::article::split_front_matter(Path::new("a.md"), &text)
                .map_or(0, |split| split.body_offset);
            let copy = text.get(body..).unwrap_or("");
            proptest::prop_assert_eq!(count(&set), count(copy), "{:?} -> {:?}", text, set);
        }
    }
}
