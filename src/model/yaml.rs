//! YAML parsing with serde-saphyr, turning its errors into located diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;

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
    let message = match first.find(": ") {
        Some(i) if first.starts_with("line ") => &first[i + 2..],
        _ => first,
    };
    let found = error
        .location()
        .and_then(|loc| scalar_at(text, loc.line() as usize, loc.column() as usize));
    let raw = message;
    let message = match (friendly_type(raw), found) {
        (Some(want), Some(found)) => format!("expected {want}, found \"{found}\""),
        (Some(want), None) => format!("expected {want}"),
        // An enum setting (`kinsoku: gbb`): "variant" is serde's word, not the user's.
        _ => message
            .replace("unknown variant", "unknown value")
            .replace('`', "\""),
    };
    let mut d = Diagnostic::input(message);
    if let Some(loc) = error.location() {
        let line = loc.line() as u32 + line_offset;
        d = d.at(Location::at(path, line, loc.column() as u32));
    } else {
        d = d.in_file(path);
    }
    if let Some(hint) = unknown_key_hint(raw) {
        d = d.hint(hint);
    } else if raw.contains("missing field") {
        d = d.hint("add the key; docs/format.md lists every key with an example");
    } else if raw.starts_with("invalid") || raw.contains("invalid type") {
        d = d.hint("check the value's type against docs/format.md");
    }
    d
}

/// serde-saphyr says "invalid u32" for `issue_total: 第一期`; say it in the user's words.
fn friendly_type(message: &str) -> Option<&'static str> {
    Some(match message.strip_prefix("invalid ")? {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "bool" => "true or false",
        _ => return None,
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
        // The message lists the values already.
        None => return None,
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
    fn syntax_error_and_line_offset() {
        let err = parse::<Sample>(Path::new("a.md"), "paper: [x\n", 1).unwrap_err();
        assert_eq!(err.location.unwrap().line, Some(2));
    }
}
