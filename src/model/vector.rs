//! SVG logos and vector art: parsed with usvg into filled and stroked paths in sRGB, ready to
//! be written as PDF vectors (the PDF stage separates the colours into CMYK) and drawn by the
//! proof renderer.
//!
//! usvg does the hard part of SVG (CSS, `<use>`, nested transforms, shapes and arcs as
//! Béziers, `viewBox`); what it produces is then checked against what a newspaper page can
//! carry. Refused, each with the element's line and column in the SVG:
//! - anything outside the file: `<image>`, `<use>` or any other `href` that is not a `#` link
//!   inside the document. usvg's own image loader, which would read files from disk, is
//!   replaced by one that refuses, so the SVG reads nothing but itself;
//! - embedded raster images (`<image href="data:…">`): a picture is placed as a `picture:`;
//! - text (`<text>`): fonts are the layout's business; a logo's lettering must be outlines;
//! - what PDF/X-1a cannot print or paiban does not draw: gradients and patterns, opacity
//!   below 1, blend modes, masks, filters, clip paths.

use std::path::Path;

use usvg::{roxmltree, tiny_skia_path};

use crate::diag::Diagnostic;

/// Most XML nodes an SVG may have (usvg's own limit is a million elements).
const MAX_NODES: u32 = 500_000;

/// A parsed SVG: paths in the art's own space (SVG user units, y down, the origin at the top
/// left of the `viewBox`).
#[derive(Debug)]
pub struct VectorArt {
    /// Width and height in SVG user units (CSS pixels, 96 per inch).
    pub size: (f32, f32),
    /// The shapes, in painting order.
    pub shapes: Vec<Shape>,
    /// The distinct sRGB colours painted, in first-use order; fills and strokes name them by
    /// index, so they are separated into CMYK once per colour.
    pub colors: Vec<[u8; 3]>,
}

impl VectorArt {
    /// Width and height in points.
    pub fn size_pt(&self) -> (f32, f32) {
        (self.size.0 * 0.75, self.size.1 * 0.75)
    }
}

/// One filled and/or stroked path.
#[derive(Debug)]
pub struct Shape {
    /// The outline, in the path's own coordinates.
    pub path: tiny_skia_path::Path,
    /// From the path's coordinates to the art's: `[a b c d e f]` as in PDF's `cm`.
    pub transform: [f32; 6],
    /// The fill, if any.
    pub fill: Option<Fill>,
    /// The stroke, if any.
    pub stroke: Option<Stroke>,
    /// Whether the stroke is painted under the fill (`paint-order: stroke`).
    pub stroke_first: bool,
}

/// A solid fill.
#[derive(Debug, Clone, Copy)]
pub struct Fill {
    /// Index into [`VectorArt::colors`].
    pub color: usize,
    /// The even-odd rule (else nonzero winding).
    pub even_odd: bool,
}

/// A solid stroke, in the path's coordinates.
#[derive(Debug, Clone)]
pub struct Stroke {
    /// Index into [`VectorArt::colors`].
    pub color: usize,
    /// Line width.
    pub width: f32,
    /// PDF line cap: 0 butt, 1 round, 2 square.
    pub cap: u8,
    /// PDF line join: 0 miter, 1 round, 2 bevel.
    pub join: u8,
    /// Miter limit.
    pub miter_limit: f32,
    /// Dash lengths (empty: solid) and the offset into them.
    pub dash: (Vec<f32>, f32),
}

/// Parse the bytes of the SVG file `path`. Errors carry no location of their own: the message
/// names the file and, where there is one, the line and column in it, and the caller places
/// the error at the plan or edition key that named the file.
pub fn vector_from_bytes(path: &Path, data: &[u8]) -> Result<VectorArt, Diagnostic> {
    let name = path.display().to_string();
    let bad = |why: String| Diagnostic::input(format!("cannot place the SVG {name}: {why}"));
    let text = utf8_text(data, &bad)?;
    let doc = parse_xml(text, &bad)?;
    if doc.root_element().tag_name().name() != "svg" {
        return Err(bad(format!(
            "its root element is <{}>, not <svg>",
            doc.root_element().tag_name().name()
        )));
    }
    outside_of_the_drawing(&doc).map_err(|(why, hint)| bad(why).hint(hint))?;
    let tree = usvg_tree(&doc, &bad)?;
    let size = (tree.size().width(), tree.size().height());
    let mut art = VectorArt {
        size,
        shapes: Vec::new(),
        colors: Vec::new(),
    };
    convert_group(tree.root(), &doc, &mut art).map_err(|(why, hint)| bad(why).hint(hint))?;
    if art.shapes.is_empty() {
        return Err(
            bad("it draws nothing (no visible filled or stroked path)".into())
                .hint("check that the file is the logo, not an empty artboard"),
        );
    }
    Ok(art)
}

/// A refusal of the file, its reason given: "cannot place the SVG …: why".
type Bad<'a> = &'a dyn Fn(String) -> Diagnostic;

/// The file's text, which must be UTF-8.
fn utf8_text<'d>(data: &'d [u8], bad: Bad<'_>) -> Result<&'d str, Diagnostic> {
    std::str::from_utf8(data).map_err(|e| {
        let valid = String::from_utf8_lossy(&data[..e.valid_up_to()]).into_owned();
        let (line, col) = crate::diag::line_col(&valid, valid.len());
        bad(format!("it is not UTF-8 text (line {line}, column {col})")).hint(
            "save it as plain SVG (UTF-8); a compressed .svgz must be unpacked first (gunzip)",
        )
    })
}

/// The XML document, or where it stops being well-formed.
fn parse_xml<'t>(text: &'t str, bad: Bad<'_>) -> Result<roxmltree::Document<'t>, Diagnostic> {
    // Entities declared inside the file are expanded (roxmltree guards against billion
    // laughs); external ones are not loaded, as there is no entity resolver.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let why = match e {
            // These carry no position: the file ends (or is empty) before its root is closed.
            roxmltree::Error::UnexpectedEndOfStream
            | roxmltree::Error::UnclosedRootNode
            | roxmltree::Error::NoRootNode => {
                let (line, col) = crate::diag::line_col(text, text.len());
                format!("it is not well-formed XML: it ends at line {line}, column {col} before its <svg> element is closed ({e})")
            }
            _ => {
                let pos = e.pos();
                format!(
                    "it is not well-formed XML at line {}, column {} ({e})",
                    pos.row, pos.col
                )
            }
        };
        bad(why).hint("open it in a drawing program and save it again as plain SVG")
    })
}

/// usvg's tree of the document, with no image loaded from anywhere.
fn usvg_tree(doc: &roxmltree::Document<'_>, bad: Bad<'_>) -> Result<usvg::Tree, Diagnostic> {
    let usvg_options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_xmltree(doc, &usvg_options).map_err(|e| match e {
        usvg::Error::InvalidSize => {
            bad("it has no usable size (width and height, or a viewBox)".into())
                .hint("give the <svg> element a viewBox, e.g. viewBox=\"0 0 200 80\"")
        }
        other => bad(format!("usvg cannot read it ({other})")),
    })
}

type Refusal = (String, &'static str);

/// Elements that draw from outside the file, embed pictures or set text.
fn outside_of_the_drawing(doc: &roxmltree::Document<'_>) -> Result<(), Refusal> {
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        let at = position(doc, node);
        let href = node
            .attributes()
            .find(|a| a.name() == "href")
            .map(|a| a.value());
        match tag {
            "text" | "tspan" | "textPath" => {
                return Err((
                    format!("it sets text (<{tag}> at {at}), which SVG art in paiban cannot carry"),
                    "convert the lettering to outlines (Inkscape: Path › Object to Path; Illustrator: Type › Create Outlines)",
                ));
            }
            "foreignObject" => {
                return Err((
                    format!("it has a <foreignObject> (at {at}), which is not drawing"),
                    "remove it, or export the logo again as plain SVG",
                ));
            }
            "image" | "feImage" if href.is_some_and(|h| h.trim_start().starts_with("data:")) => {
                return Err((
                    format!(
                        "it embeds a raster image (<{tag}> at {at}); only vector paths are placed"
                    ),
                    "place the picture as a `picture:` block of its own, or trace it into paths",
                ));
            }
            _ => {}
        }
        // Links (`<a href>`) lead elsewhere when clicked; they load nothing.
        if let Some(h) = href.filter(|h| !h.trim_start().starts_with('#') && tag != "a") {
            return Err((
                format!(
                    "<{tag}> at {at} refers to \"{}\" outside the SVG; paiban reads nothing but the file itself",
                    crate::diag::shorten(h, 60)
                ),
                "put everything the logo draws inside the one SVG file (embed symbols, convert linked art to paths)",
            ));
        }
    }
    Ok(())
}

/// "line L, column C" of an element's start tag.
fn position(doc: &roxmltree::Document<'_>, node: roxmltree::Node<'_, '_>) -> String {
    let pos = doc.text_pos_at(node.range().start);
    format!("line {}, column {}", pos.row, pos.col)
}

/// Where the element with `id` is, for a message about something usvg resolved.
fn element_named(doc: &roxmltree::Document<'_>, id: &str) -> String {
    if id.is_empty() {
        return String::new();
    }
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .map(|n| format!(" (#{id}, {})", position(doc, n)))
        .unwrap_or_else(|| format!(" (#{id})"))
}

fn convert_group(
    group: &usvg::Group,
    doc: &roxmltree::Document<'_>,
    art: &mut VectorArt,
) -> Result<(), Refusal> {
    let here = || element_named(doc, group.id());
    const FLATTEN: &str = "flatten it in the drawing program (solid CMYK-friendly colours, no transparency), or deliver the logo as a PDF/X-1a file";
    if group.opacity().get() < 1.0 {
        return Err((
            format!(
                "a group is transparent (opacity {}){}; PDF/X-1a cannot print transparency",
                group.opacity().get(),
                here()
            ),
            FLATTEN,
        ));
    }
    if group.blend_mode() != usvg::BlendMode::Normal {
        return Err((format!("a group uses a blend mode{}", here()), FLATTEN));
    }
    if group.mask().is_some() {
        return Err((format!("a group is masked{}", here()), FLATTEN));
    }
    if !group.filters().is_empty() {
        return Err((format!("a group uses a filter effect{}", here()), FLATTEN));
    }
    if group.clip_path().is_some() {
        return Err((
            format!(
                "a group is clipped (clip-path){}, which paiban does not draw",
                here()
            ),
            "release the clipping mask (Illustrator: Object › Clipping Mask › Release; Inkscape: Object › Clip › Release) and delete what lies outside",
        ));
    }
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => convert_group(g, doc, art)?,
            usvg::Node::Path(p) => convert_path(p, doc, art)?,
            // The image resolver refuses everything, so usvg leaves images out; a nested SVG
            // image would be one all the same.
            usvg::Node::Image(_) => {
                return Err((
                    "it places an image".into(),
                    "convert the image to vector paths",
                ));
            }
            // Text is refused before usvg runs (and usvg is built without text support).
            usvg::Node::Text(_) => {}
        }
    }
    Ok(())
}

fn convert_path(
    p: &usvg::Path,
    doc: &roxmltree::Document<'_>,
    art: &mut VectorArt,
) -> Result<(), Refusal> {
    if !p.is_visible() {
        return Ok(());
    }
    let here = || element_named(doc, p.id());
    let fill = match p.fill() {
        Some(f) => {
            let color = solid(f.paint(), f.opacity().get(), "fill", doc, &here)?;
            Some(Fill {
                color: color_index(art, color),
                even_odd: f.rule() == usvg::FillRule::EvenOdd,
            })
        }
        None => None,
    };
    let stroke = match p.stroke() {
        Some(s) => {
            let color = solid(s.paint(), s.opacity().get(), "stroke", doc, &here)?;
            Some(Stroke {
                color: color_index(art, color),
                width: s.width().get(),
                cap: match s.linecap() {
                    usvg::LineCap::Butt => 0,
                    usvg::LineCap::Round => 1,
                    usvg::LineCap::Square => 2,
                },
                join: match s.linejoin() {
                    usvg::LineJoin::Miter | usvg::LineJoin::MiterClip => 0,
                    usvg::LineJoin::Round => 1,
                    usvg::LineJoin::Bevel => 2,
                },
                miter_limit: s.miterlimit().get(),
                dash: (s.dasharray().unwrap_or_default().to_vec(), s.dashoffset()),
            })
        }
        None => None,
    };
    if fill.is_none() && stroke.is_none() {
        return Ok(());
    }
    let t = p.abs_transform();
    art.shapes.push(Shape {
        path: p.data().clone(),
        transform: [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty],
        fill,
        stroke,
        stroke_first: p.paint_order() == usvg::PaintOrder::StrokeAndFill,
    });
    Ok(())
}

/// The sRGB colour of a solid paint; gradients, patterns and transparency are refused.
fn solid(
    paint: &usvg::Paint,
    opacity: f32,
    what: &str,
    doc: &roxmltree::Document<'_>,
    here: &dyn Fn() -> String,
) -> Result<[u8; 3], Refusal> {
    let gradient_hint = "replace the gradient by a solid colour (or flatten it into bands of solid colour), or deliver the logo as a PDF/X-1a file";
    let color = match paint {
        usvg::Paint::Color(c) => [c.red, c.green, c.blue],
        usvg::Paint::LinearGradient(g) => {
            return Err((
                format!(
                    "a {what} is a linear gradient{}{}",
                    element_named(doc, g.id()),
                    here()
                ),
                gradient_hint,
            ));
        }
        usvg::Paint::RadialGradient(g) => {
            return Err((
                format!(
                    "a {what} is a radial gradient{}{}",
                    element_named(doc, g.id()),
                    here()
                ),
                gradient_hint,
            ));
        }
        usvg::Paint::Pattern(g) => {
            return Err((
                format!(
                    "a {what} is a pattern{}{}",
                    element_named(doc, g.id()),
                    here()
                ),
                gradient_hint,
            ));
        }
    };
    if opacity < 1.0 {
        return Err((
            format!(
                "a {what} is transparent ({what}-opacity {opacity}){}; PDF/X-1a cannot print transparency",
                here()
            ),
            "use the lighter solid colour the transparency meant over white paper",
        ));
    }
    Ok(color)
}

fn color_index(art: &mut VectorArt, color: [u8; 3]) -> usize {
    match art.colors.iter().position(|c| *c == color) {
        Some(i) => i,
        None => {
            art.colors.push(color);
            art.colors.len() - 1
        }
    }
}

#[cfg(test)]
mod tests;
