use super::*;
use crate::import::plain;

fn draft(text: &str) -> Draft {
    detect(&plain::read(text, false))
}

fn body(d: &Draft) -> Vec<String> {
    d.body
        .iter()
        .map(|item| match item {
            Item::Para(runs) | Item::Subhead(runs) => {
                runs.iter().map(|r| r.text.as_str()).collect()
            }
            Item::Note(n) => format!("<!-- {n} -->"),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn a_kicker_verb_and_a_dash_place_three_lines() {
    let d = draft(
        "张百顺在会议时强调\n强化使命担当\n——推动各项工作走在前列\n新华社北京8月12日电 正文第一段。\n（记者 王某）\n",
    );
    assert_eq!(d.front.kicker.as_deref(), Some("张百顺在会议时强调"));
    assert_eq!(d.front.title.as_deref(), Some("强化使命担当"));
    assert_eq!(d.front.subtitle.as_deref(), Some("——推动各项工作走在前列"));
    assert_eq!(d.front.dateline.as_deref(), Some("新华社北京8月12日电"));
    assert_eq!(d.front.byline.as_deref(), Some("记者 王某"));
    assert_eq!(body(&d), ["正文第一段。"]);
}

#[test]
fn two_plain_lines_leave_the_second_to_the_editor() {
    let d = draft("我区召开会议\n部署下半年工作\n本报讯 会议要求，抓好落实。\n");
    assert_eq!(d.front.title.as_deref(), Some("我区召开会议"));
    assert_eq!(d.front.subtitle, None);
    let b = body(&d);
    assert!(
        b[0].starts_with("<!-- 导入：") && b[0].contains("部署下半年工作"),
        "{b:?}"
    );
    assert_eq!(b[1], "部署下半年工作");
    assert_eq!(b[2], "会议要求，抓好落实。");
    assert!(d.findings.iter().any(|f| f.element == "不确定"));
}

#[test]
fn a_column_label_is_a_kicker_and_a_byline_line_under_the_title_is_the_byline() {
    let d = draft("随笔\n蒲扇里的夏天\n记者 王立新\n小时候的夏天，是被一把蒲扇扇过来的。\n");
    assert_eq!(d.front.kicker.as_deref(), Some("随笔"));
    assert_eq!(d.front.title.as_deref(), Some("蒲扇里的夏天"));
    assert_eq!(d.front.byline.as_deref(), Some("记者 王立新"));
    assert_eq!(body(&d), ["小时候的夏天，是被一把蒲扇扇过来的。"]);
}

#[test]
fn endings_that_are_not_bylines_stay_in_the_text() {
    let d = draft("标题\n正文。\n（未完待续）\n");
    assert_eq!(d.front.byline, None);
    assert_eq!(body(&d), ["正文。", "（未完待续）"]);
    // A role named in parentheses at the end of the last paragraph is a byline.
    let d = draft("标题\n正文，确保安全度过汛期。（融媒体 孟庆元）\n");
    assert_eq!(d.front.byline.as_deref(), Some("融媒体 孟庆元"));
    assert_eq!(body(&d), ["正文，确保安全度过汛期。"]);
}

#[test]
fn short_bold_lines_are_subheads_and_stanzas_are_verse() {
    let mut story = plain::read("标题\n\n正文第一段。\n\n小标题\n\n正文第二段。\n", false);
    story.paras[2].runs[0].emphasis = Emphasis::Strong;
    let d = detect(&story);
    assert!(
        matches!(&d.body[1], Item::Subhead(r) if r[0].text == "小标题" && r[0].emphasis == Emphasis::Normal)
    );
    let d = draft("运河谣\n\n一条河从南方来\n带着江南的水汽\n\n光岳楼站了六百年\n看惯了帆影来去\n");
    assert!(d.front.verse);
    assert_eq!(
        body(&d),
        [
            "一条河从南方来\n带着江南的水汽",
            "光岳楼站了六百年\n看惯了帆影来去"
        ]
    );
}
