//! Where display type may break: word boundaries from a Chinese word segmenter, ranked.
//!
//! Body text breaks between any two hanzi (CLREQ §3.1.4), but a headline, a banner, a byline or a
//! jump is read phrase by phrase, and a break inside a word (专家服务基｜层) or a book title
//! (《改革创新参｜阅》) is what an editor sends back. The gaps of a text are ranked here:
//!
//! - [`BreakRank::Phrase`]: at a space, after a 点号 or a closing mark, before an opening mark;
//! - [`BreakRank::Word`]: a boundary of ICU4X's dictionary word segmenter (the CJ dictionary of
//!   the ICU project, compiled into `icu_segmenter`'s data: nothing to load at run time, which
//!   jieba's 350 000-word dictionary would cost on every build) next to a word of two or more
//!   characters;
//! - [`BreakRank::Weak`]: a segmenter boundary between two single characters (where the
//!   dictionary knew neither: often a name);
//! - [`BreakRank::Char`]: any other gap the line-break rules allow, for when nothing else fits;
//! - [`BreakRank::Title`]: a word boundary inside 《》〈〉, for a title wider than the measure;
//! - [`BreakRank::Never`]: elsewhere inside 《》〈〉, inside a number or a Latin word, between a number and
//!   its unit (12日, 3.5亿元, 98∶87), and wherever kinsoku forbids (before ，。）, after （“).

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

use super::Kinsoku;
use super::classes::{Class, class_of, may_end, may_start};

/// How good a gap is for a display-type line break (higher is better).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BreakRank {
    /// No break here.
    Never,
    /// Between two characters of one word: only when nothing else fits (reported).
    Char,
    /// A word boundary inside a book title: for a title wider than the measure.
    Title,
    /// A segmenter boundary between two single characters.
    Weak,
    /// A word boundary.
    Word,
    /// A space, or beside punctuation.
    Phrase,
}

/// The rank of the gap before each byte offset of `text` that starts a character (the first
/// character excluded): `(offset, rank)`, in order.
pub fn break_ranks(text: &str) -> Vec<(usize, BreakRank)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let words = words(text);
    let mut out = Vec::with_capacity(chars.len());
    let mut depth = 0usize;
    for i in 1..chars.len() {
        let (_, a) = chars[i - 1];
        let (offset, b) = chars[i];
        match a {
            '《' | '〈' => depth += 1,
            '》' | '〉' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let inside_title = depth > 0 && !matches!(b, '》' | '〉');
        let rank = if inside_title {
            title_gap(rank_gap(&chars, i, &words))
        } else {
            rank_gap(&chars, i, &words)
        };
        out.push((offset, rank));
    }
    out
}

/// A gap inside 《》〈〉: a title wider than the measure must break somewhere inside, and then
/// only between its words, never inside one.
fn title_gap(outside: BreakRank) -> BreakRank {
    if outside >= BreakRank::Weak {
        BreakRank::Title
    } else {
        BreakRank::Never
    }
}

/// Single characters that close a compound the dictionary does not hold (常委|会 → 常委会,
/// 招聘|会, 第四|次): never broken off the word before them.
const SUFFIXES: &str = "会届次度性化者员家型式率界局部厅委院所站馆队团组节季展赛业期处科室们";
/// Single characters that open one (新|生活, 老|手艺, 三|季度): the dictionary often takes them
/// with the next character instead (新生|活), which splits the real word.
const PREFIXES: &str = "新老大小总副各全首超非微高三四五六七八九十百千万两";

/// The words of `text` as byte ranges: ICU4X's dictionary segmentation, with its two usual slips
/// on compounds mended (a suffix split off, a prefix taken with the wrong neighbour).
fn words(text: &str) -> Vec<std::ops::Range<usize>> {
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let bounds: Vec<usize> = segmenter.segment_str(text).collect();
    let mut words: Vec<std::ops::Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    let len = |r: &std::ops::Range<usize>| text.get(r.clone()).map_or(0, |t| t.chars().count());
    let mut i = 0;
    while i + 1 < words.len() {
        let (a, b) = (words[i].clone(), words[i + 1].clone());
        let tail = text.get(b.clone()).unwrap_or("");
        let joins_suffix =
            len(&a) >= 2 && len(&b) == 1 && tail.chars().all(|c| SUFFIXES.contains(c));
        if joins_suffix && is_han(text.get(a.clone()).unwrap_or("")) {
            words[i] = a.start..b.end;
            words.remove(i + 1);
            continue;
        }
        // AB|C where A is a prefix and BC a word of its own: A|BC.
        let head = text.get(a.clone()).unwrap_or("");
        if len(&a) == 2 && len(&b) == 1 && head.chars().next().is_some_and(|c| PREFIXES.contains(c))
        {
            let split = a.start + head.chars().next().map_or(0, char::len_utf8);
            let rest = text.get(split..b.end).unwrap_or("");
            let one_word = segmenter.segment_str(rest).count() == 2;
            if one_word && is_han(rest) {
                words[i] = a.start..split;
                words[i + 1] = split..b.end;
            }
        }
        i += 1;
    }
    words
}

fn is_han(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| class_of(c) == Class::Ideograph)
}

/// The rank of the gap between `chars[i - 1]` and `chars[i]`, outside any book title.
fn rank_gap(chars: &[(usize, char)], i: usize, words: &[std::ops::Range<usize>]) -> BreakRank {
    let (a, b) = (chars[i - 1].1, chars[i].1);
    let (ca, cb) = (class_of(a), class_of(b));
    if ca == Class::Space || cb == Class::Space || ca == Class::IdeoSpace {
        // Break at a space (the space goes with the break); never just before one.
        return if cb == Class::Space || cb == Class::IdeoSpace {
            BreakRank::Never
        } else {
            BreakRank::Phrase
        };
    }
    if !may_end(Kinsoku::Gb, ca) || !may_start(Kinsoku::Gb, cb) || number_unit(chars, i) {
        return BreakRank::Never;
    }
    if matches!(ca, Class::Stop | Class::Comma | Class::Closing) || cb == Class::Opening {
        return BreakRank::Phrase;
    }
    let at = chars[i].0;
    let Some(after) = words.iter().position(|w| w.start == at) else {
        return BreakRank::Char;
    };
    let chars_in = |w: &std::ops::Range<usize>| chars.iter().filter(|(o, _)| w.contains(o)).count();
    let before = after.checked_sub(1).map_or(0, |p| chars_in(&words[p]));
    if before >= 2 || chars_in(&words[after]) >= 2 {
        BreakRank::Word
    } else {
        BreakRank::Weak
    }
}

/// Is the gap before `chars[i]` inside a number, a Latin word, or between a number and what
/// belongs to it (a unit hanzi after it, a ratio or decimal sign inside it)?
fn number_unit(chars: &[(usize, char)], i: usize) -> bool {
    let western = |c: char| class_of(c).is_western_word();
    let joiner = |c: char| matches!(c, '∶' | ':' | '.' | '·' | '%' | '‰' | '℃' | '-' | '+');
    let (a, b) = (chars[i - 1].1, chars[i].1);
    let unit = class_of(b) == Class::Ideograph && a.is_ascii_digit();
    (western(a) || joiner(a)) && (western(b) || joiner(b)) || unit
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with `|` at every gap of at least `rank`.
    fn marked(text: &str, rank: BreakRank) -> String {
        let ranks = break_ranks(text);
        let mut out = String::new();
        for (i, c) in text.char_indices() {
            if ranks.iter().any(|&(o, r)| o == i && r >= rank) {
                out.push('|');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn never_inside_book_titles_numbers_and_latin_words() {
        let m = marked("市司法局《改革创新参阅》推广", BreakRank::Weak);
        assert!(m.contains("《改革创新参阅》"), "{m}");
        // A title wider than the measure breaks between its words only.
        let m = marked("市司法局《改革创新参阅》推广", BreakRank::Char);
        assert!(m.contains("《改革|创新|参阅》"), "{m}");
        let m = marked(
            "解读《关于加快推进文化和旅游深度融合发展的若干措施》",
            BreakRank::Char,
        );
        for word in [
            "关于", "加快", "推进", "文化", "旅游", "深度", "融合", "发展", "措施",
        ] {
            assert!(m.contains(word), "{word} whole in {m}");
        }
        let m = marked("8月12日以98∶87胜出LiveHouse", BreakRank::Char);
        for whole in ["8月", "12日", "98∶87", "LiveHouse"] {
            assert!(m.contains(whole), "{whole} in {m}");
        }
    }

    #[test]
    fn kinsoku_holds_and_punctuation_and_spaces_are_phrase_breaks() {
        let ranks = break_ranks("强化使命担当 打造“首善之区”，好");
        let rank_at = |s: &str| {
            let text = "强化使命担当 打造“首善之区”，好";
            let at = text.find(s).unwrap_or(usize::MAX);
            ranks.iter().find(|r| r.0 == at).map(|r| r.1)
        };
        assert_eq!(rank_at("打造"), Some(BreakRank::Phrase), "after the space");
        assert_eq!(rank_at(" 打造"), Some(BreakRank::Never), "before the space");
        assert_eq!(rank_at("“首"), Some(BreakRank::Phrase), "before “");
        assert_eq!(rank_at("首善"), Some(BreakRank::Never), "after “");
        assert_eq!(rank_at("，好"), Some(BreakRank::Never), "before ，");
        assert_eq!(rank_at("好"), Some(BreakRank::Phrase), "after ，");
    }

    #[test]
    fn word_boundaries_of_the_sample_headlines() {
        // Breaks the sample edition used to make inside words must not be word boundaries.
        for (text, inside) in [
            ("专家服务基层示范团项目活动总结会议", "基层"),
            ("区十八届人大常委会第四次会议召开", "常委会"),
            ("双方围绕数字工厂建设、产业互联网项目等进行洽谈", "产业"),
            ("让老手艺在新生活里“活”起来", "生活"),
        ] {
            let m = marked(text, BreakRank::Weak);
            let joined: String = inside.chars().collect();
            assert!(m.contains(&joined), "{inside} broken in {m}");
        }
    }
}
