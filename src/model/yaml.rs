//! YAML parsing with serde-saphyr, turning its errors into located diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::yaml_words::plain_words;
use crate::diag::{Diagnostic, Location, did_you_mean};

/// A position in a YAML file, kept beside values that later stages report on.
pub type Pos = serde_saphyr::Location;

/// Convert a serde-saphyr location to a diagnostic location in `path`.
pub fn location(path: &Path, pos: &Pos) -> Location {
    if pos.line() == 0 {
        return Location::file(path);
    }
    Location::at(path, pos.line() as u32, pos.column() as u32)
}

/// Parse `text` (the contents of `path`) as `T`, rejecting unknown keys (the types say
/// `deny_unknown_fields`) and reporting the first problem with its line and column.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    line_offset: u32,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|e| convert(path, text, &e, line_offset))
}

fn convert(path: &Path, text: &str, error: &serde_saphyr::Error, line_offset: u32) -> Diagnostic {
    let rendered = error.to_string();
    let first = rendered.lines().next().unwrap_or("invalid YAML");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // serde-saphyr prefixes "line N column M: "; the location is given separately.
    let raw = match first.find(": ") {
        Some(i) if first.starts_with("line ") => &first[i + 2..],
        _ => first,
    };
    let location = error.location().filter(|l| l.line() > 0);
    let found =
        location.and_then(|loc| scalar_at(text, loc.line() as usize, loc.column() as usize));
    let words = plain_words(error);
    let message = match (&words, found) {
        // Keep the unknown-key message: it lists the keys allowed here.
        _ if raw.starts_with("unknown field") => raw.replace('`', "\""),
        // An enum setting (`kinsoku: gbb`): "variant" is serde's word, not the user's.
        _ if raw.starts_with("unknown variant") => raw
            .replacen("unknown variant", "unknown value", 1)
            .replace('`', "\""),
        (Some(w), Some(found))
            if w.message.starts_with("expected ") && !w.message.contains(", found") =>
        {
            format!("{}, found \"{found}\"", w.message)
        }
        (Some(w), _) => w.message.clone(),
        (None, _) => raw.replace('`', "\""),
    };
    let mut d = Diagnostic::input(message);
    d = match location {
        Some(loc) => {
            let (line, column) = match words.as_ref().filter(|w| w.at_tab) {
                Some(_) => first_tab_from(text, loc.line() as u32)
                    .unwrap_or((loc.line() as u32, loc.column() as u32)),
                None => (loc.line() as u32, loc.column() as u32),
            };
            d.at(Location::at(path, line + line_offset, column))
        }
        None => d.in_file(path),
    };
    let hint = unknown_key_hint(raw).or_else(|| words.and_then(|w| w.hint));
    d.hint(hint.unwrap_or_else(|| {
        "check the YAML syntax on this line; docs/format.md has an example of every file".into()
    }))
}

/// The 1-based (line, column) of the first tab on `line` or after it.
fn first_tab_from(text: &str, line: u32) -> Option<(u32, u32)> {
    text.lines()
        .enumerate()
        .skip((line as usize).saturating_sub(1))
        .find_map(|(i, l)| {
            let column = l.chars().position(|c| c == '\t')?;
            Some((i as u32 + 1, column as u32 + 1))
        })
}

/// The plain scalar at a 1-based line and column of `text` (up to a comment, a flow
/// separator or the end of the line), for quoting the offending value.
fn scalar_at(text: &str, line: usize, column: usize) -> Option<String> {
    let line = text.lines().nth(line.checked_sub(1)?)?;
    let rest: String = line.chars().skip(column.saturating_sub(1)).collect();
    let end = rest.find([',', ']', '}', '#']).unwrap_or(rest.len());
    let value = rest[..end].trim().trim_matches(['"', '\'']);
    (!value.is_empty()).then(|| value.chars().take(40).collect())
}

/// For "unknown field `x`, expected one of a, b" (a key) or "unknown variant `x`, …" (a
/// setting's value): a did-you-mean hint, else what to write instead.
fn unknown_key_hint(message: &str) -> Option<String> {
    let (is_key, rest) = match message.strip_prefix("unknown field `") {
        Some(rest) => (true, rest),
        None => (false, message.strip_prefix("unknown variant `")?),
    };
    let (key, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split_once("expected one of ")
        .or_else(|| rest.split_once("expected "))
        .map(|(_, list)| list.split(", ").map(|s| s.trim_matches('`')).collect())
        .unwrap_or_default();
    Some(match did_you_mean(key, &expected) {
        Some(near) => format!("did you mean \"{near}\"?"),
        None if is_key => format!(
            "remove \"{key}\"; the keys allowed here are: {}",
            expected.join(", ")
        ),
        None => "write one of the values listed; docs/format.md says what each does".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        paper: String,
        issue_total: u32,
    }

    #[test]
    fn unknown_key_names_position_and_suggests() {
        let err = parse::<Sample>(Path::new("e.yaml"), "paper: x\nissue_totl: 3\n", 0).unwrap_err();
        let loc = err.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(1)));
        assert!(
            err.message.contains("unknown field \"issue_totl\""),
            "{err}"
        );
        assert_eq!(err.hints[0], "did you mean \"issue_total\"?");
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let err =
            parse::<Sample>(Path::new("e.yaml"), "paper: x\nissue_total: abc\n", 0).unwrap_err();
        let loc = err.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (Some(2), Some(14)));
        assert_eq!(
            err.message, "expected a whole number (0 or more), found \"abc\"",
            "{err}"
        );
    }

    #[test]
    fn a_tab_is_pointed_at_on_its_own_line() {
        // The scanner stops at the end of line 2; the tab that is wrong starts line 3.
        let text = "paper: x\nissue_total: 3\n\tcode: y\n";
        let err = parse::<Sample>(Path::new("e.yaml"), text, 0).unwrap_err();
        let loc = err.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (Some(3), Some(1)), "{err}");
        assert!(err.hints[0].contains("spaces"), "{err}");
    }

    #[test]
    fn duplicate_keys_and_missing_keys_in_plain_words() {
        let err = parse::<Sample>(
            Path::new("e.yaml"),
            "paper: x\npaper: y\nissue_total: 1\n",
            0,
        )
        .unwrap_err();
        assert_eq!(err.message, "\"paper\" is given twice");
        let err = parse::<Sample>(Path::new("e.yaml"), "paper: x\n", 0).unwrap_err();
        assert_eq!(err.message, "missing key \"issue_total\"");
    }

    #[test]
    fn an_unknown_setting_value_lists_the_values_and_suggests() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Settings {
            kinsoku: crate::model::Kinsoku,
        }
        let err = parse::<Settings>(Path::new("l.yaml"), "kinsoku: gbb\n", 0).unwrap_err();
        let loc = err.location.clone().unwrap();
        assert_eq!((loc.line, loc.column), (Some(1), Some(10)), "{err}");
        assert_eq!(
            err.message,
            "unknown value \"gbb\", expected one of none, basic, gb, strict"
        );
        assert_eq!(err.hints[0], "did you mean \"gb\"?");
    }

    #[test]
    fn syntax_error_and_line_offset() {
        let err = parse::<Sample>(Path::new("a.md"), "paper: [x\n", 1).unwrap_err();
        assert_eq!(err.location.unwrap().line, Some(2));
    }
}
