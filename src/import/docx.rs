//! Word documents (.docx): the story's paragraphs, runs, styles and pictures.
//!
//! A .docx is a zip archive of XML parts. It is read with the `zip` crate (deflate only) and
//! `roxmltree` (a read-only tree: a story's document.xml is small, and a tree makes nested
//! content — insertions, hyperlinks, content controls, tables — a plain recursive walk).
//! docx-rs was not used: it is a model of the whole format built for writing documents, and
//! the importer needs a handful of elements but must see each tracked-change element itself
//! (`w:ins`, `w:del`, `w:moveFrom`, a deleted paragraph mark) to keep only the accepted text;
//! walking the XML says exactly what is read and what is dropped.
//!
//! What is read, from word/document.xml and the parts it names:
//! paragraphs with their style (title, subtitle, headings, quote, caption through
//! word/styles.xml, `w:basedOn` followed), centring and type size; runs with bold and italic
//! (direct, from a character style or from the paragraph style); line breaks; pictures
//! (DrawingML and VML, bytes from word/media through the relationships); tables (one paragraph
//! per row, with a warning). Tracked changes are read as accepted (insertions kept, deletions
//! and moved-from text dropped) with a warning; footnotes and endnotes are dropped with a
//! warning quoting them; hidden text and Word comments are dropped with a warning.

mod styles;

use std::collections::HashMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node};

use super::story::{Picture, Run, Story};
use crate::diag::Diagnostic;
use crate::model::Emphasis;
use styles::{Format, Styles};

/// The largest part read from an archive (a story's document.xml is well under this).
const MAX_PART: u64 = 64 << 20;

/// Read a .docx file's bytes into a story, with warnings about what was dropped.
pub fn read(bytes: &[u8]) -> Result<(Story, Vec<Diagnostic>), Diagnostic> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Diagnostic::input(format!("not a Word .docx file ({e})"))
            .hint("open it in Word or WPS and save it as .docx (Word 2007 and later)")
    })?;
    let document = part(&mut archive, "word/document.xml")?.ok_or_else(|| {
        Diagnostic::input("the archive has no word/document.xml: it is not a Word document")
            .hint("save the story from Word or WPS as .docx")
    })?;
    let styles = part(&mut archive, "word/styles.xml")?
        .map(|x| Styles::parse(&x))
        .unwrap_or_default();
    let rels = part(&mut archive, "word/_rels/document.xml.rels")?
        .map(|x| relationships(&x))
        .unwrap_or_default();
    let footnotes = notes(&mut archive, "word/footnotes.xml", "footnote")?;
    let endnotes = notes(&mut archive, "word/endnotes.xml", "endnote")?;
    let doc = Document::parse(&document).map_err(|e| {
        Diagnostic::input(format!("word/document.xml is not well-formed XML ({e})"))
            .hint("open the file in Word or WPS and save it again")
    })?;
    let body = child(doc.root_element(), "body")
        .ok_or_else(|| Diagnostic::input("word/document.xml has no body"))?;
    let mut walker = Walker {
        styles: &styles,
        story: Story {
            has_formatting: true,
            ..Story::default()
        },
        tally: Tally::default(),
        pending_images: Vec::new(),
        carried: None,
    };
    walker.blocks(body);
    let mut warnings = walker.tally.warnings(&footnotes, &endnotes);
    let mut story = walker.story;
    for (index, target) in walker.pending_images {
        match image(&mut archive, &rels, &target) {
            Ok(picture) => story.pictures[index] = picture,
            Err(w) => warnings.push(w),
        }
    }
    Ok((story, warnings))
}

/// A part's text, or `None` when the archive does not have it.
fn part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, Diagnostic> {
    let bytes = match raw_part(archive, name)? {
        Some(b) => b,
        None => return Ok(None),
    };
    String::from_utf8(bytes).map(Some).map_err(|_| {
        Diagnostic::input(format!("{name} in the archive is not UTF-8 XML"))
            .hint("open the file in Word or WPS and save it again")
    })
}

fn raw_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, Diagnostic> {
    let Ok(file) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::input(format!("{name} in the archive cannot be read ({e})")))?;
    Ok(Some(bytes))
}

/// Relationship id → target (for pictures: a path under word/).
fn relationships(xml: &str) -> HashMap<String, String> {
    let Ok(doc) = Document::parse(xml) else {
        return HashMap::new();
    };
    doc.root_element()
        .children()
        .filter(|n| n.is_element() && attr(*n, "TargetMode") != Some("External"))
        .filter_map(|n| Some((attr(n, "Id")?.to_string(), attr(n, "Target")?.to_string())))
        .collect()
}

/// Footnote or endnote id → its text (to quote in the warning when it is dropped).
fn notes(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    tag: &str,
) -> Result<HashMap<String, String>, Diagnostic> {
    let Some(xml) = part(archive, name)? else {
        return Ok(HashMap::new());
    };
    let Ok(doc) = Document::parse(&xml) else {
        return Ok(HashMap::new());
    };
    Ok(doc
        .root_element()
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == tag)
        .filter_map(|n| {
            let text: String = n
                .descendants()
                .filter(|t| t.is_element() && t.tag_name().name() == "t")
                .filter_map(|t| t.text())
                .collect();
            Some((attr(n, "id")?.to_string(), text.trim().to_string()))
        })
        .collect())
}

fn image(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    rels: &HashMap<String, String>,
    id: &str,
) -> Result<Picture, Diagnostic> {
    let missing = || {
        Diagnostic::warning(format!(
            "a picture (relationship {id}) is linked, not embedded, and was not imported"
        ))
        .hint("insert the picture into the document (not as a link), or add it to the page plan by hand")
    };
    let target = rels.get(id).ok_or_else(missing)?;
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("word/{target}"),
    };
    let bytes = raw_part(archive, &path)?.ok_or_else(missing)?;
    let extension = path
        .rsplit_once('.')
        .map_or("bin", |(_, e)| e)
        .to_lowercase();
    Ok(Picture {
        bytes,
        extension,
        description: None,
    })
}

/// What was dropped or changed on the way, for the warnings.
#[derive(Default)]
struct Tally {
    insertions: usize,
    deletions: usize,
    format_changes: usize,
    footnotes: Vec<String>,
    endnotes: Vec<String>,
    hidden: usize,
    comments: usize,
    tables: usize,
    text_boxes: usize,
    symbols: usize,
}

impl Tally {
    fn warnings(
        &self,
        footnotes: &HashMap<String, String>,
        endnotes: &HashMap<String, String>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.insertions + self.deletions + self.format_changes > 0 {
            out.push(
                Diagnostic::warning(format!(
                    "the document has tracked changes ({} insertions, {} deletions, {} formatting changes): imported as if all were accepted",
                    self.insertions, self.deletions, self.format_changes
                ))
                .hint("check the text against the reporter's intent; reject changes in Word first if some should not stand"),
            );
        }
        for (ids, notes, what) in [
            (&self.footnotes, footnotes, "footnote"),
            (&self.endnotes, endnotes, "endnote"),
        ] {
            for id in ids {
                let text = notes.get(id).map_or("", String::as_str);
                let short: String = text.chars().take(40).collect();
                out.push(
                    Diagnostic::warning(format!("{what} {id} dropped: “{short}”"))
                        .hint("newspapers do not print footnotes; work the note into the text if it matters"),
                );
            }
        }
        let plain = self.dropped();
        for (count, what, hint) in plain {
            if count > 0 {
                out.push(Diagnostic::warning(format!("{count} {what}")).hint(hint));
            }
        }
        out
    }
}

impl Tally {
    /// The other things dropped or changed: how many, what, and what to do.
    fn dropped(&self) -> [(usize, &'static str, &'static str); 5] {
        [
            (
                self.hidden,
                "runs of hidden text were dropped",
                "unhide them in Word if they belong to the story",
            ),
            (
                self.comments,
                "Word comments were not imported",
                "read them in Word; write notes for the desk as <!-- --> comments",
            ),
            (
                self.tables,
                "tables were imported as one paragraph per row, cells separated by 　",
                "a table is set as a picture, or rewritten as paragraphs",
            ),
            (
                self.text_boxes,
                "text boxes were imported as paragraphs after the paragraph holding them",
                "check where their text belongs",
            ),
            (
                self.symbols,
                "symbol-font characters (Wingdings and the like) were dropped",
                "write the character itself, e.g. ★ or ●",
            ),
        ]
    }
}

/// Walks document.xml into the story.
struct Walker<'s> {
    styles: &'s Styles,
    story: Story,
    tally: Tally,
    /// (picture index, relationship id) to read from the archive after the walk.
    pending_images: Vec<(usize, String)>,
    /// Runs of a paragraph whose paragraph mark was deleted (tracked): they join the next one.
    carried: Option<Vec<Run>>,
}

mod walk;

/// The first child element with this local name.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|n| n.is_element() && n.tag_name().name() == name)
}

/// An attribute by local name, whatever its namespace (Transitional and Strict OOXML use
/// different ones).
fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value())
}

/// A toggle property such as `<w:b/>` or `<w:b w:val="0"/>`.
fn on_off(node: Node) -> bool {
    !matches!(attr(node, "val"), Some("0" | "false" | "off" | "none"))
}

/// The emphasis a run's effective format gives: bold wins over italic (bold inside 楷体 is
/// bold in paiban).
fn emphasis_of(format: Format) -> Emphasis {
    if format.bold == Some(true) {
        Emphasis::Strong
    } else if format.italic == Some(true) {
        Emphasis::Emphasis
    } else {
        Emphasis::Normal
    }
}
