//! The walk over word/document.xml's body: blocks (paragraphs, tables, content controls),
//! then each paragraph's runs.

use roxmltree::Node;

use super::styles::{Format, is_centred};
use super::{Walker, attr, child, emphasis_of};
use crate::import::story::{Paragraph, Picture, Role, Run, push_run};
use crate::model::Emphasis;

/// What one paragraph's walk collects.
#[derive(Default)]
struct Collected<'a, 'i> {
    runs: Vec<Run>,
    size: Option<u32>,
    pictures: Vec<usize>,
    text_boxes: Vec<Node<'a, 'i>>,
}

impl Walker<'_> {
    /// Block-level content: paragraphs, tables, content controls, tracked block changes.
    pub(super) fn blocks(&mut self, container: Node) {
        for node in container.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "p" => self.paragraph(node),
                "tbl" => self.table(node),
                "sdt" => {
                    if let Some(content) = child(node, "sdtContent") {
                        self.blocks(content);
                    }
                }
                "ins" | "moveTo" => {
                    self.tally.insertions += 1;
                    self.blocks(node);
                }
                "customXml" => self.blocks(node),
                "del" | "moveFrom" => self.tally.deletions += 1,
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: Node) {
        let ppr = child(p, "pPr");
        let style = ppr
            .and_then(|n| child(n, "pStyle"))
            .and_then(|n| attr(n, "val"));
        let base = self.styles.paragraph_format(style);
        let mut got = Collected {
            runs: self.carried.take().unwrap_or_default(),
            ..Collected::default()
        };
        self.inline(p, base, &mut got);
        if ppr.and_then(|n| child(n, "pPrChange")).is_some() {
            self.tally.format_changes += 1;
        }
        let pictures: Vec<Paragraph> = got.pictures.iter().map(|&i| picture_para(i)).collect();
        let mark_deleted = ppr
            .and_then(|n| child(n, "rPr"))
            .and_then(|n| child(n, "del"))
            .is_some();
        if mark_deleted {
            // Accepting the deletion of a paragraph mark joins this paragraph to the next.
            self.tally.deletions += 1;
            self.carried = Some(got.runs);
        } else {
            let centered = ppr
                .and_then(|n| child(n, "jc"))
                .map_or_else(|| self.styles.centered(style), is_centred);
            self.story.paras.push(Paragraph {
                role: self.styles.role(style),
                runs: got.runs,
                size: got.size,
                centered,
            });
        }
        self.story.paras.extend(pictures);
        for text_box in got.text_boxes {
            self.tally.text_boxes += 1;
            self.blocks(text_box);
        }
    }

    /// A table: one paragraph per row, cells separated by an ideographic space.
    fn table(&mut self, table: Node) {
        self.tally.tables += 1;
        for row in table.children().filter(|n| is(n, "tr")) {
            let start = self.story.paras.len();
            let mut pictures = Vec::new();
            let mut runs: Vec<Run> = Vec::new();
            for cell in row.children().filter(|n| is(n, "tc")) {
                self.blocks(cell);
                for para in self.story.paras.drain(start..) {
                    if matches!(para.role, Role::Picture(_)) {
                        pictures.push(para);
                        continue;
                    }
                    if para.is_blank() {
                        continue;
                    }
                    if !runs.is_empty() {
                        push_run(&mut runs, "　", Emphasis::Normal);
                    }
                    for run in para.runs {
                        push_run(&mut runs, &run.text, run.emphasis);
                    }
                }
            }
            if !runs.is_empty() {
                let mut para = Paragraph::plain("");
                para.runs = runs;
                self.story.paras.push(para);
            }
            self.story.paras.extend(pictures);
        }
    }

    /// Inline content of a paragraph (runs, and the elements that wrap runs).
    fn inline<'a, 'i>(&mut self, node: Node<'a, 'i>, base: Format, got: &mut Collected<'a, 'i>) {
        for n in node.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "r" => self.run(n, base, got),
                "ins" | "moveTo" => {
                    self.tally.insertions += 1;
                    self.inline(n, base, got);
                }
                "del" | "moveFrom" => self.tally.deletions += 1,
                "hyperlink" | "smartTag" | "customXml" | "fldSimple" | "dir" | "bdo" => {
                    self.inline(n, base, got);
                }
                "sdt" => {
                    if let Some(content) = child(n, "sdtContent") {
                        self.inline(content, base, got);
                    }
                }
                _ => {}
            }
        }
    }

    fn run<'a, 'i>(&mut self, r: Node<'a, 'i>, base: Format, got: &mut Collected<'a, 'i>) {
        let rpr = child(r, "rPr");
        let direct = rpr.map(Format::of_rpr).unwrap_or_default();
        let from_style = rpr
            .and_then(|n| child(n, "rStyle"))
            .and_then(|n| attr(n, "val"))
            .map(|id| self.styles.character_format(id))
            .unwrap_or_default();
        // Bold and italic count only when set on the run (directly or by a character style):
        // a paragraph style's bold or italic is how that style looks (headings, quotes), not
        // emphasis in the text. Size and hidden come from the paragraph style too.
        let own = direct.or(from_style);
        let format = Format {
            size: own.size.or(base.size),
            hidden: own.hidden.or(base.hidden),
            ..own
        };
        if rpr.and_then(|n| child(n, "rPrChange")).is_some() {
            self.tally.format_changes += 1;
        }
        if format.hidden == Some(true) {
            self.tally.hidden += 1;
            return;
        }
        let mut text = String::new();
        for n in r.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "t" => text.push_str(n.text().unwrap_or("")),
                "tab" => text.push(' '),
                "br" if !matches!(attr(n, "type"), Some("page" | "column")) => text.push('\n'),
                "cr" => text.push('\n'),
                "noBreakHyphen" => text.push('-'),
                "sym" => self.symbol(n, &mut text),
                "drawing" | "pict" | "object" => self.picture(n, got),
                "footnoteReference" => self.tally.footnotes.push(note_id(n)),
                "endnoteReference" => self.tally.endnotes.push(note_id(n)),
                "commentReference" => self.tally.comments += 1,
                _ => {}
            }
        }
        if text.is_empty() {
            return;
        }
        if !text.trim().is_empty() {
            got.size = got.size.max(format.size);
        }
        push_run(&mut got.runs, &text, emphasis_of(format));
    }

    fn symbol(&mut self, sym: Node, text: &mut String) {
        let c = attr(sym, "char")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .filter(|c| !(0xF000..=0xF0FF).contains(c))
            .and_then(char::from_u32);
        match c {
            Some(c) => text.push(c),
            None => self.tally.symbols += 1,
        }
    }

    /// A DrawingML or VML object: its picture, if any, and any text boxes inside it.
    fn picture<'a, 'i>(&mut self, object: Node<'a, 'i>, got: &mut Collected<'a, 'i>) {
        let embed = object.descendants().find_map(|n| {
            if is(&n, "blip") {
                attr(n, "embed")
            } else if is(&n, "imagedata") {
                relationship_id(n)
            } else {
                None
            }
        });
        if let Some(id) = embed {
            let description = object
                .descendants()
                .find(|n| is(n, "docPr"))
                .and_then(|n| attr(n, "descr").or_else(|| attr(n, "title")))
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string);
            let index = self.story.pictures.len();
            self.story.pictures.push(Picture {
                bytes: Vec::new(),
                extension: String::new(),
                description,
            });
            self.pending_images.push((index, id.to_string()));
            got.pictures.push(index);
        }
        got.text_boxes
            .extend(object.descendants().filter(|n| is(n, "txbxContent")));
    }
}

fn is(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

/// VML's `r:id` (its plain `id` attribute, in no namespace, is something else).
fn relationship_id<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == "id" && a.namespace().is_some_and(|ns| ns.contains("relationships")))
        .map(|a| a.value())
}

fn note_id(node: Node) -> String {
    attr(node, "id").unwrap_or("?").to_string()
}

fn picture_para(index: usize) -> Paragraph {
    Paragraph {
        role: Role::Picture(index),
        runs: Vec::new(),
        size: None,
        centered: false,
    }
}
