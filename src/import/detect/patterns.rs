//! The text patterns of a Chinese news story: 讯头 (dateline), 署名 (byline), kicker verbs,
//! picture captions and credits. Pure functions over strings; the rules are in docs/import.md.

use crate::model::lint::is_hanzi;

/// Words that make a parenthesised line a byline for certain.
const BYLINE_WORDS: &[&str] = &[
    "记者",
    "通讯员",
    "融媒体",
    "实习生",
    "见习",
    "特约",
    "本报",
    "撰稿",
    "编辑",
    "摄影",
    "供稿",
];

/// Parenthesised endings that are not bylines.
const NOT_BYLINES: &[&str] = &[
    "完",
    "全文完",
    "待续",
    "未完待续",
    "续完",
    "有删节",
    "本文有删节",
    "节选",
    "摘编",
    "转载",
    "资料图",
];

/// Verbs a kicker (引题) ends with: “张百顺在……会议时强调”.
const KICKER_VERBS: &[&str] = &[
    "强调", "指出", "表示", "要求", "提出", "宣布", "透露", "寄语", "时说", "致辞", "称",
];

/// Whether a line ends like a kicker that introduces the title.
pub fn ends_like_kicker(line: &str) -> Option<&'static str> {
    let line = line.trim_end_matches(['：', ':']);
    KICKER_VERBS.iter().copied().find(|v| line.ends_with(v))
}

/// A 讯头 at the start of a paragraph: (the dateline, the rest of the paragraph's byte offset,
/// reporters named in parentheses right after it).
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    /// The 讯头 as it is set: 东昌府讯, 新华社北京8月12日电.
    pub text: String,
    /// Byte offset where the paragraph's own text starts.
    pub rest: usize,
    /// The inside of a parenthesis right after it, e.g. 记者 张三 (a byline in the 讯头).
    pub reporters: Option<String>,
}

/// Find a 讯头 at the start of `text`: `本报讯`, `东昌府讯`, `新华社北京8月12日电`, optionally
/// followed by （记者 …）, then a space or the text.
pub fn dateline(text: &str) -> Option<Dateline> {
    let head = xun_head(text).or_else(|| dian_head(text))?;
    let mut rest = head.len();
    let mut reporters = None;
    let after = &text[rest..];
    if let Some(inner) = parenthesised_prefix(after) {
        reporters = Some(inner.0.trim().to_string());
        rest += inner.1;
    }
    let tail = &text[rest..];
    let trimmed = tail.trim_start_matches([' ', '　', '\t']);
    let spaced = trimmed.len() != tail.len();
    rest += tail.len() - trimmed.len();
    // 东昌府讯8月12日 runs straight on; 本报讯某某 would be a word, so without a space or a
    // parenthesis the text must go on with a digit or punctuation.
    let next = trimmed.chars().next();
    let runs_on =
        next.is_some_and(|c| c.is_ascii_digit() || is_fullwidth_digit(c) || "（(【".contains(c));
    if !(spaced || reporters.is_some() || runs_on || next.is_none()) {
        return None;
    }
    Some(Dateline {
        text: head.to_string(),
        rest,
        reporters,
    })
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// `X讯` with X one to eight hanzi (本报讯, 东昌府讯, 聊城讯).
fn xun_head(text: &str) -> Option<&str> {
    for (count, (i, c)) in text.char_indices().enumerate() {
        if c == '讯' && count >= 1 {
            let head = &text[..i + c.len_utf8()];
            // 通讯员…, 资讯…, 简讯… are words, not 讯头.
            let word = [
                "通讯", "资讯", "简讯", "快讯", "喜讯", "音讯", "审讯", "传讯",
            ]
            .iter()
            .any(|w| head.ends_with(w) && head.chars().count() == 2);
            return (!word).then_some(head);
        }
        if !is_hanzi(c) || count >= 8 {
            return None;
        }
    }
    None
}

/// `新华社北京8月12日电`, `本报北京12日电`: hanzi, then a date ending in 日电.
fn dian_head(text: &str) -> Option<&str> {
    let window: String = text.chars().take(24).collect();
    let end = window.find("日电")? + "日电".len();
    let head = &text[..end];
    let body = head.strip_suffix("日电")?;
    let leading = body.chars().take_while(|&c| is_hanzi(c)).count();
    let ends_with_digit = body
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit() || is_fullwidth_digit(c));
    let date_ok = body
        .chars()
        .skip(leading)
        .all(|c| c.is_ascii_digit() || is_fullwidth_digit(c) || c == '月');
    (leading >= 2 && ends_with_digit && date_ok).then_some(head)
}

/// `（…）` or `(…)` at the very start: (inside, bytes taken).
fn parenthesised_prefix(text: &str) -> Option<(&str, usize)> {
    let (open, close) = if text.starts_with('（') {
        ('（', '）')
    } else if text.starts_with('(') {
        ('(', ')')
    } else {
        return None;
    };
    let inner_start = open.len_utf8();
    let end = text[inner_start..].find(close)? + inner_start;
    Some((&text[inner_start..end], end + close.len_utf8()))
}

/// The inside of a paragraph that is wholly in parentheses: `（融媒体 裴崇旭）` → 融媒体 裴崇旭.
pub fn wholly_parenthesised(text: &str) -> Option<&str> {
    let text = text.trim();
    let (inner, taken) = parenthesised_prefix(text)?;
    (taken == text.len()).then_some(inner.trim())
}

/// Whether text (the inside of a parenthesis, or a line) reads as a byline: it names a role
/// (记者, 通讯员, 融媒体 …), or it is one to four names of two to four hanzi.
pub fn is_byline(inner: &str) -> Option<&'static str> {
    let inner = inner.trim();
    if inner.is_empty() || inner.chars().count() > 40 || NOT_BYLINES.contains(&inner) {
        return None;
    }
    if inner.contains(['。', '，', '；', '！', '？']) {
        return None;
    }
    if BYLINE_WORDS.iter().any(|w| inner.contains(w)) {
        return Some("names a reporter's role");
    }
    let names: Vec<&str> = inner
        .split(|c: char| c.is_whitespace() || c == '、' || c == '　')
        .filter(|t| !t.is_empty())
        .collect();
    let all_names = (1..=4).contains(&names.len())
        && names
            .iter()
            .all(|n| (2..=4).contains(&n.chars().count()) && n.chars().all(is_hanzi));
    all_names.then_some("reads as a name")
}

/// A byline written as a line of its own without parentheses: 记者 王某 通讯员 李某.
pub fn is_bare_byline(line: &str) -> bool {
    let line = line.trim();
    let starts = [
        "记者",
        "本报记者",
        "通讯员",
        "融媒体",
        "实习生",
        "见习记者",
        "特约通讯员",
        "文/",
        "文／",
        "文：",
    ];
    line.chars().count() <= 30
        && starts.iter().any(|s| line.starts_with(s))
        && is_byline(line).is_some()
}

/// A parenthesised byline at the very end of a paragraph's text: (byte offset where it starts,
/// its inside). Only with a reporter's role named, since a name-like parenthesis at the end of
/// a sentence is more often part of it.
pub fn trailing_byline(text: &str) -> Option<(usize, String)> {
    let trimmed = text.trim_end();
    let (open, close) = if trimmed.ends_with('）') {
        ('（', '）')
    } else if trimmed.ends_with(')') {
        ('(', ')')
    } else {
        return None;
    };
    let start = trimmed.rfind(open)?;
    let inner = &trimmed[start + open.len_utf8()..trimmed.len() - close.len_utf8()];
    let before = trimmed[..start].trim_end();
    let sentence_ended = before.ends_with(['。', '！', '？', '”', '…']);
    (sentence_ended && BYLINE_WORDS.iter().any(|w| inner.contains(w)) && is_byline(inner).is_some())
        .then(|| (start, inner.trim().to_string()))
}

/// A picture caption's credit at its end: `……巡查堤防。（融媒体 张三 摄）` → (caption, credit).
pub fn split_credit(caption: &str) -> (String, Option<String>) {
    let text = caption.trim();
    if let Some((start, inner)) = trailing_paren(text)
        && inner.trim_end().ends_with('摄')
    {
        return (
            text[..start].trim().to_string(),
            Some(inner.trim().to_string()),
        );
    }
    (text.to_string(), None)
}

fn trailing_paren(text: &str) -> Option<(usize, &str)> {
    let (open, close) = if text.ends_with('）') {
        ('（', '）')
    } else if text.ends_with(')') {
        ('(', ')')
    } else {
        return None;
    };
    let start = text.rfind(open)?;
    Some((
        start,
        &text[start + open.len_utf8()..text.len() - close.len_utf8()],
    ))
}

/// Whether a paragraph under a picture reads as its caption.
pub fn looks_like_caption(text: &str) -> bool {
    let text = text.trim();
    let starts = ["图为", "▲", "△", "上图", "下图", "图：", "图:", "图片说明"];
    starts.iter().any(|s| text.starts_with(s))
        || text.ends_with("摄）")
        || text.ends_with("摄)")
        || text.ends_with(" 摄")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let d = dateline("东昌府讯 8月12日，市委").unwrap();
        assert_eq!(d.text, "东昌府讯");
        assert_eq!(&"东昌府讯 8月12日，市委"[d.rest..], "8月12日，市委");
        let d = dateline("本报讯（记者 张三）8月12日").unwrap();
        assert_eq!(
            (d.text.as_str(), d.reporters.as_deref()),
            ("本报讯", Some("记者 张三"))
        );
        let d = dateline("新华社北京8月12日电 国务院").unwrap();
        assert_eq!(d.text, "新华社北京8月12日电");
        assert!(dateline("通讯员走访了").is_none());
        assert!(dateline("本报讯息灵通").is_none());
        assert!(dateline("为进一步加强离退休干部").is_none());
    }

    #[test]
    fn bylines() {
        assert!(is_byline("融媒体 裴崇旭").is_some());
        assert!(is_byline("王雨桐").is_some());
        assert!(is_byline("未完待续").is_none());
        assert!(is_byline("详见第二版的说明").is_none());
        assert!(is_bare_byline("记者 王某 通讯员 李某"));
        let text = "确保安全度过主汛期。（融媒体 孟庆元）";
        let (at, who) = trailing_byline(text).unwrap();
        assert_eq!(
            (&text[..at], who.as_str()),
            ("确保安全度过主汛期。", "融媒体 孟庆元")
        );
        assert_eq!(ends_like_kicker("张百顺在会议时强调"), Some("强调"));
    }

    #[test]
    fn credits_split_off_captions() {
        let (caption, credit) = split_credit("巡河队员在巡查堤防。（融媒体 张三 摄）");
        assert_eq!(caption, "巡河队员在巡查堤防。");
        assert_eq!(credit.as_deref(), Some("融媒体 张三 摄"));
    }
}
