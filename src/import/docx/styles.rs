//! word/styles.xml: what a style id means (its role) and the run formatting it gives (bold,
//! italic, size, centring), following `w:basedOn` chains.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::{attr, child, on_off};
use crate::import::story::Role;

/// Formatting a style or a run sets; `None` where it says nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Format {
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub size: Option<u32>,
    pub hidden: Option<bool>,
}

impl Format {
    /// Read a `w:rPr` element.
    pub fn of_rpr(rpr: Node) -> Format {
        Format {
            bold: child(rpr, "b").map(on_off),
            italic: child(rpr, "i").map(on_off),
            size: child(rpr, "sz")
                .and_then(|n| attr(n, "val"))
                .and_then(|v| v.parse().ok()),
            hidden: child(rpr, "vanish").map(on_off),
        }
    }

    /// `self`, with the gaps filled from `other`.
    pub fn or(self, other: Format) -> Format {
        Format {
            bold: self.bold.or(other.bold),
            italic: self.italic.or(other.italic),
            size: self.size.or(other.size),
            hidden: self.hidden.or(other.hidden),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    format: Format,
    centered: Option<bool>,
    outline: Option<u8>,
}

/// The styles of one document.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    defs: HashMap<String, StyleDef>,
    defaults: Format,
    default_paragraph: Option<String>,
}

impl Styles {
    /// Read word/styles.xml (a document without one uses Word's defaults).
    pub fn parse(xml: &str) -> Styles {
        let Ok(doc) = Document::parse(xml) else {
            return Styles::default();
        };
        let mut styles = Styles::default();
        let root = doc.root_element();
        if let Some(rpr) = child(root, "docDefaults")
            .and_then(|d| child(d, "rPrDefault"))
            .and_then(|d| child(d, "rPr"))
        {
            styles.defaults = Format::of_rpr(rpr);
        }
        for style in root.children().filter(|n| n.has_tag_name_local("style")) {
            let Some(id) = attr(style, "styleId") else {
                continue;
            };
            let ppr = child(style, "pPr");
            let def = StyleDef {
                name: child(style, "name")
                    .and_then(|n| attr(n, "val"))
                    .unwrap_or(id)
                    .to_lowercase(),
                based_on: child(style, "basedOn")
                    .and_then(|n| attr(n, "val"))
                    .map(str::to_string),
                format: child(style, "rPr").map(Format::of_rpr).unwrap_or_default(),
                centered: ppr.and_then(|p| child(p, "jc")).map(is_centred),
                outline: ppr
                    .and_then(|p| child(p, "outlineLvl"))
                    .and_then(|n| attr(n, "val"))
                    .and_then(|v| v.parse().ok()),
            };
            if attr(style, "type") == Some("paragraph") && on_off_attr(style, "default") {
                styles.default_paragraph = Some(id.to_string());
            }
            styles.defs.insert(id.to_string(), def);
        }
        styles
    }

    /// The chain of a style and the styles it is based on (at most 16, against loops).
    fn chain(&self, id: Option<&str>) -> Vec<&StyleDef> {
        let mut out = Vec::new();
        let mut next = id.or(self.default_paragraph.as_deref());
        while let Some(id) = next {
            let Some(def) = self.defs.get(id) else { break };
            out.push(def);
            if out.len() >= 16 {
                break;
            }
            next = def.based_on.as_deref();
        }
        out
    }

    /// The run formatting a paragraph style (and the document defaults) gives.
    pub fn paragraph_format(&self, id: Option<&str>) -> Format {
        let mut format = Format::default();
        for def in self.chain(id) {
            format = format.or(def.format);
        }
        format.or(self.defaults)
    }

    /// The run formatting a character style gives (nothing more).
    pub fn character_format(&self, id: &str) -> Format {
        let mut format = Format::default();
        for def in self.chain(Some(id)) {
            format = format.or(def.format);
        }
        format
    }

    /// Whether the paragraph style centres its paragraphs.
    pub fn centered(&self, id: Option<&str>) -> bool {
        self.chain(id)
            .iter()
            .find_map(|d| d.centered)
            .unwrap_or(false)
    }

    /// What a paragraph style says the paragraph is.
    pub fn role(&self, id: Option<&str>) -> Role {
        let chain = self.chain(id);
        let Some(first) = chain.first() else {
            return Role::Plain;
        };
        if let Some(role) = role_of_name(&first.name) {
            return role;
        }
        match chain.iter().find_map(|d| d.outline) {
            // Outline level 0 is a level-1 heading; 9 means "body text".
            Some(level) if level < 9 => Role::Heading(level + 1),
            _ => Role::Plain,
        }
    }
}

/// Word's built-in style names (stored in English even by a Chinese Word), and the names WPS
/// and localised templates use.
fn role_of_name(name: &str) -> Option<Role> {
    let name = name.trim();
    let heading = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))
        .map(str::trim)
        .and_then(|n| n.parse::<u8>().ok());
    if let Some(level) = heading {
        return Some(Role::Heading(level));
    }
    Some(match name {
        "title" | "标题" => Role::Title,
        "subtitle" | "副标题" => Role::Subtitle,
        "quote" | "intense quote" | "block text" | "引用" | "明显引用" => Role::Quote,
        "caption" | "题注" => Role::Caption,
        _ => return None,
    })
}

/// Whether a `w:jc` centres.
pub fn is_centred(jc: Node) -> bool {
    attr(jc, "val") == Some("center")
}

fn on_off_attr(node: Node, name: &str) -> bool {
    matches!(attr(node, name), Some("1" | "true" | "on"))
}

trait LocalName {
    fn has_tag_name_local(&self, name: &str) -> bool;
}

impl LocalName for Node<'_, '_> {
    fn has_tag_name_local(&self, name: &str) -> bool {
        self.is_element() && self.tag_name().name() == name
    }
}
