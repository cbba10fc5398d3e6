//! The layouts shipped inside paiban, so that `layout: sikai-6col` works wherever the binary is
//! copied and an edition folder copied elsewhere still builds.
//!
//! An edition's `layout:` is either a shipped layout's name (no slash, no `.yaml`) or a path to a
//! layout file relative to the edition. A shipped layout is read from the text compiled into the
//! binary under the pseudo path `paiban:layouts/NAME.yaml`, which is what diagnostics name.

use std::path::{Path, PathBuf};

use super::yaml_words::HINT;
use crate::diag::did_you_mean;

/// A layout compiled into paiban.
#[derive(Debug, PartialEq, Eq)]
pub struct ShippedLayout {
    /// The name an edition writes, e.g. `sikai-6col`.
    pub name: &'static str,
    /// The layout file's text.
    pub text: &'static str,
}

/// Every shipped layout, in the order `paiban layouts` lists them.
pub const SHIPPED: &[ShippedLayout] = &[
    ShippedLayout {
        name: "sikai-6col",
        text: include_str!("../../layouts/sikai-6col.yaml"),
    },
    ShippedLayout {
        name: "duikai-8col",
        text: include_str!("../../layouts/duikai-8col.yaml"),
    },
];

/// The prefix of a shipped layout's pseudo path.
const PSEUDO_PREFIX: &str = "paiban:layouts/";

impl ShippedLayout {
    /// The shipped layout called `name`.
    pub fn named(name: &str) -> Option<&'static ShippedLayout> {
        SHIPPED.iter().find(|l| l.name == name)
    }

    /// The pseudo path diagnostics name for this layout.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(format!("{PSEUDO_PREFIX}{}.yaml", self.name))
    }
}

/// The text of a shipped layout when `path` is its pseudo path.
pub fn shipped_text(path: &Path) -> Option<&'static str> {
    let name = path
        .to_str()?
        .strip_prefix(PSEUDO_PREFIX)?
        .strip_suffix(".yaml")?;
    ShippedLayout::named(name).map(|l| l.text)
}

/// What an edition's `layout:` names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum LayoutRef {
    /// A shipped layout, by name.
    Shipped(&'static ShippedLayout),
    /// A layout file, relative to the edition file.
    File(PathBuf),
}

impl TryFrom<String> for LayoutRef {
    type Error = String;

    fn try_from(value: String) -> Result<Self, String> {
        let is_path =
            value.contains(['/', '\\']) || value.ends_with(".yaml") || value.ends_with(".yml");
        if is_path {
            return Ok(LayoutRef::File(PathBuf::from(value)));
        }
        if let Some(layout) = ShippedLayout::named(&value) {
            return Ok(LayoutRef::Shipped(layout));
        }
        let names: Vec<&str> = SHIPPED.iter().map(|l| l.name).collect();
        let near = did_you_mean(&value, &names)
            .map(|n| format!("did you mean \"{n}\"? "))
            .unwrap_or_default();
        Err(format!(
            "no shipped layout is called \"{value}\"{HINT}{near}the shipped layouts are {} \
             (paiban layouts shows their grids); a layout file is named with its .yaml",
            names.join(", ")
        ))
    }
}

impl LayoutRef {
    /// The path the layout is read from: the shipped layout's pseudo path, or the file
    /// resolved against `base`, the edition's folder.
    pub fn path(&self, base: &Path) -> PathBuf {
        match self {
            LayoutRef::Shipped(layout) => layout.path(),
            LayoutRef::File(file) => super::normalize(&base.join(file)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_are_told_apart() {
        let r = |s: &str| LayoutRef::try_from(s.to_string());
        assert_eq!(
            r("sikai-6col"),
            Ok(LayoutRef::Shipped(&SHIPPED[0])),
            "a bare name is a shipped layout"
        );
        assert_eq!(r("layout.yaml"), Ok(LayoutRef::File("layout.yaml".into())));
        assert_eq!(
            r("../../layouts/sikai-6col.yaml"),
            Ok(LayoutRef::File("../../layouts/sikai-6col.yaml".into()))
        );
        let err = r("sikai-6cols").unwrap_err();
        assert!(err.contains("did you mean \"sikai-6col\"?"), "{err}");
    }

    #[test]
    fn pseudo_path_reads_the_shipped_text() {
        let layout = ShippedLayout::named("duikai-8col").unwrap();
        assert_eq!(shipped_text(&layout.path()), Some(layout.text));
        assert_eq!(shipped_text(Path::new("layouts/duikai-8col.yaml")), None);
    }
}
