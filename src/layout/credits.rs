//! Bylines and credits as units: a byline breaks only between its credits (融媒体郭龙君 ｜
//! 通讯员袁义祥), never inside a name, compound surnames (欧阳, 司马, 诸葛 …) included, because
//! a credit is never broken at all; a role written apart from its name (融媒体 裴崇旭) stays
//! with it, and so does the 摄 after a photographer's name.

use std::ops::Range;

/// Roles that open a credit.
const ROLES: &[&str] = &[
    "本报记者",
    "见习记者",
    "特约记者",
    "摄影记者",
    "融媒体",
    "通讯员",
    "实习生",
    "记者",
    "摄影",
    "特约",
    "文/",
    "图/",
];

/// Words that close one: 张三 摄.
const CLOSERS: &[&str] = &["摄", "供图", "整理", "报道"];

/// The credits of a byline or picture credit, each a unit: split at spaces, a lone role joined
/// to the name after it and a lone closer to the name before it (with a no-break space, so
/// the gap the editor wrote stays).
pub(crate) fn credits(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open_role = false;
    for word in text
        .split([' ', '\u{3000}', '\u{a0}'])
        .filter(|w| !w.is_empty())
    {
        let closer = CLOSERS.contains(&word);
        match out.last_mut() {
            Some(last) if open_role || closer => {
                last.push('\u{a0}');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
        open_role = ROLES.contains(&word);
    }
    out
}

/// The byline set in its parentheses, （融媒体郭龙君 通讯员袁义祥）, and the byte ranges of its
/// credits (the parentheses with the first and the last) to keep on one line each.
pub(crate) fn bracketed(byline: &str) -> (String, Vec<Range<usize>>) {
    keep_credits(&credits(byline), "（", "）")
}

/// `credits` joined by spaces between `open` and `close`, with the range of each.
pub(crate) fn keep_credits(
    credits: &[String],
    open: &str,
    close: &str,
) -> (String, Vec<Range<usize>>) {
    let mut text = String::from(open);
    let mut keep = Vec::new();
    for (i, credit) in credits.iter().enumerate() {
        let start = if i == 0 {
            0
        } else {
            text.push(' ');
            text.len()
        };
        text.push_str(credit);
        if i + 1 == credits.len() {
            text.push_str(close);
        }
        keep.push(start..text.len());
    }
    (text, keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_split_at_spaces_with_roles_and_closers_kept() {
        assert_eq!(
            credits("融媒体郭龙君 通讯员袁义祥"),
            ["融媒体郭龙君", "通讯员袁义祥"]
        );
        assert_eq!(credits("融媒体 裴崇旭"), ["融媒体\u{a0}裴崇旭"]);
        assert_eq!(
            credits("记者 司马云飞 通讯员欧阳明月 张三 摄"),
            ["记者\u{a0}司马云飞", "通讯员欧阳明月", "张三\u{a0}摄"]
        );
    }

    #[test]
    fn every_credit_is_one_kept_range() {
        let (text, keep) = bracketed("记者诸葛亮 通讯员上官婉儿");
        assert_eq!(text, "（记者诸葛亮 通讯员上官婉儿）");
        let parts: Vec<&str> = keep.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(parts, ["（记者诸葛亮", "通讯员上官婉儿）"]);
    }
}
