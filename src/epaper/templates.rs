//! The site's templates: minijinja, with paiban's defaults compiled in and any of them replaced
//! by a file of the same name from the paper's own folder (`--templates DIR`).
//!
//! minijinja rather than askama: askama compiles templates into the binary at build time, so a
//! paper could not bring its own without rebuilding paiban; minijinja reads them at run time,
//! with Jinja's syntax that web people know, and reports errors with the template and line.
//! Undefined variables are errors (a misspelt name in a paper's template is caught, not printed
//! as nothing), and `.html` templates escape what they print.

use std::collections::BTreeMap;
use std::path::PathBuf;

use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use crate::diag::{Diagnostic, Location};

/// The templates and files a site is made from, by name; the defaults are in
/// `src/epaper/templates/`.
const DEFAULTS: &[(&str, &str)] = &[
    ("index.html", include_str!("templates/index.html")),
    ("page.html", include_str!("templates/page.html")),
    ("article.html", include_str!("templates/article.html")),
    ("archive.html", include_str!("templates/archive.html")),
    ("style.css", include_str!("templates/style.css")),
];

/// The style sheet is copied as it is, not rendered.
pub(super) const STYLE: &str = "style.css";

/// The templates in use: the defaults, with a paper's replacements.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    /// Replacements by template name, with the file each came from.
    replaced: BTreeMap<String, (PathBuf, String)>,
}

impl Templates {
    /// The names a paper may replace.
    pub fn names() -> impl Iterator<Item = &'static str> {
        DEFAULTS.iter().map(|(n, _)| *n)
    }

    /// Replace the defaults by these files (path, text), each by its file name. A file whose
    /// name is no template's is refused: it would be ignored silently otherwise.
    pub fn with_files(files: Vec<(PathBuf, String)>) -> Result<Templates, Diagnostic> {
        let mut replaced = BTreeMap::new();
        for (path, text) in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if !Templates::names().any(|n| n == name) {
                let names: Vec<&str> = Templates::names().collect();
                return Err(Diagnostic::input(format!(
                    "the template folder holds {name}, which is no template's name"
                ))
                .at(Location::file(&path))
                .hint(format!(
                    "name replacement templates {}; remove or rename this file",
                    names.join(", ")
                )));
            }
            replaced.insert(name, (path, text));
        }
        Ok(Templates { replaced })
    }

    /// The text of a template or file, replaced or default.
    pub(super) fn source(&self, name: &str) -> &str {
        match self.replaced.get(name) {
            Some((_, text)) => text,
            None => DEFAULTS
                .iter()
                .find(|(n, _)| *n == name)
                .map_or("", |(_, t)| t),
        }
    }

    /// A minijinja environment holding every template, checked.
    pub(super) fn environment(&self) -> Result<Environment<'_>, Diagnostic> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.add_filter("br", line_breaks);
        env.set_formatter(html_formatter);
        for name in Templates::names().filter(|n| *n != STYLE) {
            env.add_template(name, self.source(name))
                .map_err(|e| self.error(&e))?;
        }
        Ok(env)
    }

    /// Render template `name` with `context`.
    pub(super) fn render(
        &self,
        env: &Environment<'_>,
        name: &str,
        context: impl Serialize,
    ) -> Result<String, Diagnostic> {
        env.get_template(name)
            .and_then(|t| t.render(context))
            .map_err(|e| self.error(&e))
    }

    /// A template error as a diagnostic at the template's file and line.
    fn error(&self, e: &minijinja::Error) -> Diagnostic {
        let name = e.name().unwrap_or("a template").to_string();
        let what = e
            .detail()
            .map_or_else(|| e.kind().to_string(), str::to_string);
        let line = e.line().unwrap_or(1) as u32;
        match self.replaced.get(&name) {
            Some((path, _)) => Diagnostic::input(format!("template {name}: {what}"))
                .at(Location::at(path, line, 1))
                .hint(
                    "fix the template (Jinja syntax; the variables each template gets are in docs/epaper.md), or remove it to use paiban's own",
                ),
            None => Diagnostic::internal(format!(
                "paiban's own template {name}, line {line}: {what}"
            )),
        }
    }
}

/// Values printed into HTML: strings escaped by [`escape`], which leaves `/` alone (minijinja's
/// own escaper writes `&#x2f;`, valid but unreadable in every link); the rest as minijinja does.
fn html_formatter(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    let html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
    match value.as_str() {
        Some(text) if html && !value.is_safe() => out
            .write_str(&escape(text))
            .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write failed")),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// The `br` filter: the text escaped for HTML, hard line breaks as `<br>`.
fn line_breaks(text: &str) -> Value {
    let escaped: Vec<String> = text.split('\n').map(escape).collect();
    Value::from_safe_string(escaped.join("<br/>"))
}

/// Text escaped for HTML element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_compile() {
        assert!(Templates::default().environment().is_ok());
    }

    #[test]
    fn a_broken_replacement_is_reported_at_its_file_and_line() {
        let t = Templates::with_files(vec![(
            PathBuf::from("/paper/templates/page.html"),
            "<p>\n{% if page %}\n".into(),
        )])
        .unwrap();
        let e = t.environment().unwrap_err();
        assert!(e.message.contains("page.html"), "{e}");
        let loc = e.location.clone().unwrap();
        assert_eq!(loc.file, PathBuf::from("/paper/templates/page.html"));
        assert!(loc.line.is_some_and(|l| l >= 2), "{loc:?}");
        assert!(e.is_error() && e.hints.iter().any(|h| h.contains("fix the template")));
    }

    #[test]
    fn an_unknown_file_is_refused() {
        let e = Templates::with_files(vec![(PathBuf::from("t/front.html"), String::new())])
            .unwrap_err();
        assert!(e.message.contains("front.html"), "{e}");
    }

    #[test]
    fn hard_breaks_become_br_and_markup_is_escaped() {
        assert_eq!(line_breaks("a<b\nc").to_string(), "a&lt;b<br/>c");
    }
}
