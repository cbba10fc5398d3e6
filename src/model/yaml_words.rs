//! serde-saphyr's messages in plain words, for a layout editor rather than a YAML expert: each
//! error variant, and each scanner message a hand-written file can hit, says what is wrong and
//! what to do. A message not listed here keeps serde-saphyr's own wording.

use serde_saphyr::Error;

use crate::diag::did_you_mean;

/// Where a message from one of paiban's own value checks (`#[serde(try_from)]`) ends and its
/// hint begins: serde carries one string, the diagnostic shows two parts.
pub const HINT: &str = "; hint: ";

/// What an error says: the message and, where there is one, a hint.
pub struct Words {
    pub message: String,
    pub hint: Option<String>,
    /// The error is about a tab, which the scanner reports where it stopped (after the tab, or
    /// at the end of the line before it): point at the first tab from the reported line on.
    pub at_tab: bool,
}

impl Words {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Words {
        Words {
            message: message.into(),
            hint: Some(hint.into()),
            at_tab: false,
        }
    }
}

/// The innermost error: serde-saphyr wraps errors in snippets and alias context.
pub fn innermost(error: &Error) -> &Error {
    match error {
        Error::WithSnippet { error, .. } => innermost(error),
        Error::AliasError { error, .. } => innermost(error),
        other => other,
    }
}

/// The plain words for an error; `None` leaves it to serde-saphyr's wording.
// Long: one short arm per kind of error, a table best read in one place.
pub fn plain_words(error: &Error) -> Option<Words> {
    let words = match innermost(error) {
        Error::ExternalMessage { msg, .. } => return scanner_words(msg),
        // paiban's own checks (a `TryFrom` of a setting) put their hint after HINT.
        Error::Message { msg, .. } => {
            let (message, hint) = msg.split_once(HINT)?;
            Words::new(message, hint)
        }
        Error::Eof { .. } | Error::UnexpectedContainerEndWhileReadingKeyNode { .. } => Words::new(
            "the file ends in the middle of a value",
            "close the bracket or quote that is still open, or finish the last key",
        ),
        Error::MultipleDocuments { .. } => Words::new(
            "the file holds more than one YAML document",
            "remove the `---` line in the middle; one file is one edition, plan or layout",
        ),
        Error::Unexpected { expected, .. } => Words::new(
            format!("expected {} here", expected_words(expected)),
            "check the value's type against docs/format.md",
        ),
        Error::DuplicateMappingKey { key, .. } => Words::new(
            match key {
                Some(k) => format!("\"{k}\" is given twice"),
                None => "a key is given twice".to_string(),
            },
            "keep one of them; the second would silently replace the first",
        ),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Words::new(
            format!(
                "expected {}, found {}",
                expected_words(expected),
                unexpected.replace('`', "\"")
            ),
            "check the value's type against docs/format.md",
        ),
        Error::SerdeInvalidLength { len, expected, .. } => Words::new(
            format!("expected {}, found {len} values", expected_words(expected)),
            "write as many values as the key takes, e.g. at: [1, 12]",
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => unknown_value(variant, expected),
        Error::SerdeMissingField { field, .. } => Words::new(
            format!("missing key \"{field}\""),
            "add the key; docs/format.md lists every key with an example",
        ),
        Error::InvalidBooleanStrict { .. } => {
            Words::new("expected true or false", "write true or false, unquoted")
        }
        Error::NullIntoString { .. } => Words::new(
            "this value is empty, but a text is expected",
            "write the text after the colon, or remove the key",
        ),
        Error::QuotingRequired { value, .. } => Words::new(
            format!("the value {value} must be quoted"),
            "put it in double quotes",
        ),
        Error::IndentationError { .. } => Words::new(
            "this line is indented wrongly",
            "indent keys of the same level by the same number of spaces (never tabs)",
        ),
        Error::InvalidUtf8Input => Words::new("the file is not UTF-8 text", "save it as UTF-8"),
        Error::UnknownAnchor { .. } => Words::new(
            "an alias (*name) names no anchor (&name) defined before it",
            "define the anchor first, or write the value out",
        ),
        Error::Budget { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => Words::new(
            "the file is too large or nests or repeats (aliases) too deeply to be a plan paiban reads",
            "write the values out; an edition's files are short",
        ),
        Error::InvalidScalar { ty, .. } => Words {
            message: format!("expected {}", scalar_words(ty)?),
            hint: Some("check the value's type against docs/format.md".into()),
            at_tab: false,
        },
        _ => return None,
    };
    Some(words)
}

/// `"sideways"` for `align`: say which values are allowed, with a did-you-mean.
fn unknown_value(variant: &str, expected: &[&str]) -> Words {
    let hint = match did_you_mean(variant, expected) {
        Some(near) => format!("did you mean \"{near}\"?"),
        None => format!("write one of: {}", expected.join(", ")),
    };
    Words::new(
        format!(
            "\"{variant}\" is not a value this key takes; it takes {}",
            expected.join(", ")
        ),
        hint,
    )
}

/// serde's "a sequence", "u32", "struct Block" in an editor's words.
fn expected_words(expected: &str) -> String {
    let e = expected.trim_start_matches("a ").trim_start_matches("an ");
    if let Some(w) = scalar_words(e) {
        return w.to_string();
    }
    match e {
        "sequence" | "sequence start" => "a list such as [1, 2]".into(),
        "mapping start" => "keys and values (key: value)".into(),
        "string scalar" | "scalar" => "a single value (a text or a number)".into(),
        "map" | "mapping" => "keys and values (key: value)".into(),
        "string" => "a text".into(),
        "boolean" => "true or false".into(),
        _ if e.starts_with("struct ") => "keys and values (key: value)".into(),
        _ if e.starts_with("array of length ") => format!(
            "a list of {} values",
            e.trim_start_matches("array of length ")
        ),
        _ => expected.replace('`', "\""),
    }
}

/// serde-saphyr says "invalid u32" for `issue_total: 第一期`; say it in the user's words.
pub fn scalar_words(ty: &str) -> Option<&'static str> {
    Some(match ty {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "bool" => "true or false",
        _ => return None,
    })
}

/// The YAML scanner's messages (granit-parser) that a hand-edited file can hit.
// Long: one short arm per message, a table best read in one place.
fn scanner_words(msg: &str) -> Option<Words> {
    let tab = "YAML indents with spaces only: replace the tab with spaces";
    let words = match msg {
        m if m.starts_with("tabs disallowed") => Words {
            at_tab: true,
            ..Words::new("a tab is used for indentation", tab)
        },
        "while scanning a plain scalar, found a tab" => Words {
            at_tab: true,
            ..Words::new("a tab where YAML does not allow one", tab)
        },
        "unclosed bracket '['" | "unexpected EOF while parsing a flow sequence" => Words::new(
            "this list's bracket [ is never closed",
            "close it with ], e.g. [page-1.yaml, page-2.yaml]",
        ),
        "unclosed bracket '{'" | "unexpected EOF while parsing a flow mapping" => Words::new(
            "this brace { is never closed",
            "close it with }, e.g. { top: 24, bottom: 14 }",
        ),
        "unclosed quote" => Words::new(
            "this quotation mark is never closed",
            "end the text with the same quotation mark (\" or ') it starts with",
        ),
        "mapping values are not allowed in this context" => Words::new(
            "a `key: value` where none can start: a value with `: ` in it, or a key indented \
             more than the keys above it",
            "quote a value with a colon, e.g. title: \"时间: 8月\"; line keys up with their neighbours",
        ),
        "while parsing a block mapping, did not find expected key" => Words::new(
            "this line does not line up with the keys above it",
            "indent it like its neighbours, or quote a value that starts with a symbol",
        ),
        "while parsing a flow sequence, expected ',' or ']'" => Words::new(
            "a list item is followed by something other than , or ]",
            "separate list items with commas and end the list with ]",
        ),
        "while parsing a flow mapping, did not find expected ',' or '}'" => Words::new(
            "a value in { } is followed by something other than , or }",
            "separate the keys with commas and end with }",
        ),
        "block sequence entries are not allowed in this context" => Words::new(
            "a list item (- ) where a value is expected",
            "start the list on the next line, indented under its key",
        ),
        "while parsing a block collection, did not find expected '-' indicator" => Words::new(
            "this line is not a list item (- ) like the lines above it",
            "start it with - , indented like the other items",
        ),
        "while parsing a node, did not find expected node content" => Words::new(
            "a value is missing here",
            "write the value, or quote it if it starts with a symbol such as @ or `",
        ),
        "invalid indentation" | "invalid indentation in flow construct" => Words::new(
            "this line is indented wrongly",
            "indent keys of the same level by the same number of spaces",
        ),
        m if m.starts_with("unexpected character") => Words::new(
            format!("{} here", m.replace('`', "\"")),
            "quote a value that starts with a symbol",
        ),
        m if m.starts_with("invalid trailing content after") => Words::new(
            "text after a closing quotation mark",
            "put the whole value inside the quotes",
        ),
        m if m.starts_with("while parsing a quoted scalar, found unknown escape") => Words::new(
            "an unknown escape (\\) inside double quotes",
            "write \\\\ for a backslash, or use single quotes",
        ),
        _ => return None,
    };
    Some(words)
}
