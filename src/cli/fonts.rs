//! `paiban fonts`: paiban's own faces and the system's CJK faces (family, style, where from,
//! scripts covered, file), or one family's face and its coverage of some text.

use crate::diag::{Diagnostic, Diagnostics};
use crate::fonts::{FontBook, FontFolder};

use super::table::Table;

/// What `paiban fonts` was asked.
pub struct FontQuery<'a> {
    /// Show only this family (and check `text` against it).
    pub family: Option<&'a str>,
    /// Characters to check against the family.
    pub text: Option<&'a str>,
    /// List every system face, not only CJK ones.
    pub all: bool,
    /// Where paiban's own faces are (or `--fonts DIR` / `PAIBAN_FONTS` instead).
    pub fonts: &'a FontFolder,
}

/// `paiban fonts`.
pub fn fonts(query: &FontQuery<'_>) -> (Diagnostics, i32) {
    let source = query.fonts;
    if let Some(dir) = source.missing() {
        let d = Diagnostic::input(format!(
            "--fonts: the font folder {} does not exist",
            dir.display()
        ));
        return (d.into(), 2);
    }
    let mut book = FontBook::from_folder(source);
    if let Some(family) = query.family {
        return family_detail(&mut book, family, query.text);
    }
    book.scan_system();
    let mut faces = book.listing(query.all);
    faces.sort_by(|a, b| {
        (!a.own, &a.family, a.weight, &a.path).cmp(&(!b.own, &b.family, b.weight, &b.path))
    });
    faces.dedup_by(|a, b| a.path == b.path && a.index == b.index);
    let mut table = Table::new(&["family", "style", "from", "scripts", "file"]);
    for f in &faces {
        let from = if !f.own {
            "system"
        } else if matches!(source, FontFolder::Bundled) {
            "bundled"
        } else {
            "paiban"
        };
        let file = if f.index > 0 {
            format!("{}#{}", f.path.display(), f.index)
        } else {
            f.path.display().to_string()
        };
        table.row(vec![
            f.family.clone(),
            f.style(),
            from.into(),
            f.scripts.join(" "),
            file,
        ]);
    }
    print!("{}", table.render());
    let mut diagnostics = Diagnostics::new();
    if let FontFolder::NotFound { looked } = source {
        diagnostics.push(
            Diagnostic::warning("paiban's own faces were not found; only system fonts are listed")
                .hint(crate::fonts::missing_hint(looked)),
        );
    }
    (diagnostics, 0)
}

/// `paiban fonts --family NAME [--text 字符]`: the face a style naming NAME gets, and which of
/// the characters it lacks (exit 1 when some are missing).
fn family_detail(book: &mut FontBook, family: &str, text: Option<&str>) -> (Diagnostics, i32) {
    let id = match book.resolve(family, 400) {
        Ok(id) => id,
        Err(e) => return (e.into(), 2),
    };
    let face = book.face(id);
    println!(
        "{family} → {} ({}, face {})",
        face.postscript_name,
        face.path.display(),
        face.index
    );
    if let Some(text) = text {
        let missing: Vec<String> = text
            .chars()
            .filter(|c| !c.is_whitespace() && !face.has_char(*c))
            .map(|c| format!("{c} U+{:04X}", u32::from(c)))
            .collect();
        if missing.is_empty() {
            println!("every character is in the font");
        } else {
            println!("missing: {}", missing.join(", "));
            return (Diagnostics::new(), 1);
        }
    }
    (Diagnostics::new(), 0)
}
