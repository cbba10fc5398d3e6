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
    let text = std::str::from_utf8(data).map_err(|e| {
        let valid = String::from_utf8_lossy(&data[..e.valid_up_to()]).into_owned();
        let (line, col) = crate::diag::line_col(&valid, valid.len());
        bad(format!("it is not UTF-8 text (line {line}, column {col})")).hint(
            "save it as plain SVG (UTF-8); a compressed .svgz must be unpacked first (gunzip)",
        )
    })?;
    // Entities declared inside the file are expanded (roxmltree guards against billion
    // laughs); external ones are not loaded, as there is no entity resolver.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
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
    })?;
    if doc.root_element().tag_name().name() != "svg" {
        return Err(bad(format!(
            "its root element is <{}>, not <svg>",
            doc.root_element().tag_name().name()
        )));
    }
    outside_of_the_drawing(&doc).map_err(|(why, hint)| bad(why).hint(hint))?;
    let usvg_options = usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_xmltree(&doc, &usvg_options).map_err(|e| match e {
        usvg::Error::InvalidSize => {
            bad("it has no usable size (width and height, or a viewBox)".into())
                .hint("give the <svg> element a viewBox, e.g. viewBox=\"0 0 200 80\"")
        }
        other => bad(format!("usvg cannot read it ({other})")),
    })?;
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
mod tests {
    use super::*;

    fn parse(svg: &str) -> Result<VectorArt, Diagnostic> {
        vector_from_bytes(Path::new("logo.svg"), svg.as_bytes())
    }

    #[test]
    fn a_small_logo_becomes_paths_in_view_box_units() {
        let art = parse(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="40mm" height="20mm" viewBox="0 0 200 100">
              <rect x="10" y="10" width="50" height="30" fill="#c00000"/>
              <circle cx="150" cy="50" r="30" fill="none" stroke="black" stroke-width="4"/>
              <path d="M0 0 L200 100" stroke="#808080" fill="none"/>
            </svg>"##,
        )
        .unwrap();
        // 40 mm at 96 px per inch.
        assert!((art.size.0 - 151.18).abs() < 0.1, "{:?}", art.size);
        assert_eq!(art.shapes.len(), 3);
        assert_eq!(
            art.colors,
            vec![[0xc0, 0, 0], [0, 0, 0], [0x80, 0x80, 0x80]]
        );
        // The viewBox maps 200 units onto 151 px.
        let t = art.shapes[0].transform;
        assert!((t[0] - 151.18 / 200.0).abs() < 0.01, "{t:?}");
        assert!(art.shapes[1].fill.is_none());
        assert_eq!(art.shapes[1].stroke.as_ref().unwrap().width, 4.0);
    }

    #[test]
    fn outside_files_images_text_and_gradients_are_refused_with_their_line() {
        let cases = [
            (
                "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 10 10'>\n  <image xlink:href='/etc/passwd' width='5' height='5'/></svg>",
                "outside the SVG",
            ),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>\n  <use href='other.svg#a'/></svg>",
                "line 2, column 3",
            ),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>\n<image href='data:image/png;base64,iVBORw0KGgo=' width='5' height='5'/></svg>",
                "embeds a raster image",
            ),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><text>东昌</text></svg>",
                "sets text",
            ),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><defs>\n<linearGradient id='g'><stop offset='0' stop-color='red'/><stop offset='1' stop-color='blue'/></linearGradient></defs><rect width='10' height='10' fill='url(#g)'/></svg>",
                "linear gradient (#g, line 2, column 1)",
            ),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><rect width='10' height='10' fill-opacity='0.5'/></svg>",
                "transparent",
            ),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>\n<rect",
                "ends at line 2, column 6",
            ),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><rect x='1' x='2'/></svg>",
                "not well-formed XML at line 1",
            ),
            ("<html/>", "not <svg>"),
            ("<svg xmlns='http://www.w3.org/2000/svg'/>", "draws nothing"),
            (
                "<svg xmlns='http://www.w3.org/2000/svg' width='0' height='5'><rect width='1' height='1'/></svg>",
                "no usable size",
            ),
        ];
        for (svg, expected) in cases {
            let err = parse(svg).unwrap_err();
            assert!(err.message.contains(expected), "{expected}: {err}");
            assert!(err.message.contains("logo.svg"), "{err}");
            assert!(err.is_error());
        }
        assert!(
            vector_from_bytes(Path::new("x.svg"), &[0xff, 0xfe, 0])
                .unwrap_err()
                .message
                .contains("not UTF-8")
        );
    }

    #[test]
    fn local_links_and_hyperlinks_are_fine() {
        let art = parse(
            "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><defs><rect id='r' width='4' height='4'/></defs><use href='#r'/><a href='https://example.org'><use href='#r' x='5'/></a></svg>",
        )
        .unwrap();
        assert_eq!(art.shapes.len(), 2);
    }

    /// Every cut and many one-byte damages of the sample's emblem give paths or an error,
    /// never a panic (the fuzz target `svg` goes further).
    #[test]
    fn damaged_copies_of_the_sample_emblem_never_panic() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/dongchang-1461/art/yunhe-lotus.svg");
        let good = std::fs::read(&path).unwrap();
        let art = vector_from_bytes(&path, &good).unwrap();
        assert_eq!(art.shapes.len(), 11);
        for cut in (0..good.len()).step_by(3) {
            let _ = vector_from_bytes(&path, &good[..cut]);
        }
        for at in (0..good.len()).step_by(5) {
            for byte in [b'<', b'"', b'#', b'-', 0xff, b'9'] {
                let mut bad = good.clone();
                bad[at] = byte;
                let _ = vector_from_bytes(&path, &bad);
            }
        }
    }
}
