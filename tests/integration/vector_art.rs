//! SVG logos and vector art: placed as DeviceCMYK paths in one form XObject per file (no image),
//! black and grays on the black plate only, drawn by the proof renderer; an SVG that is broken
//! or reaches outside itself is refused at the plan or edition line that names it.

use lopdf::{Document, Object, ObjectId};

use super::pictures::{build, edition, images, paiban, stderr};

/// The sample's 副刊 emblem.
const EMBLEM: &str = "art/yunhe-lotus.svg";

/// Every form XObject without fonts (the SVG forms; a placed PDF ad's form has fonts), with its
/// decompressed content.
fn vector_forms(doc: &Document) -> Vec<(ObjectId, String)> {
    doc.objects
        .iter()
        .filter_map(|(id, o)| {
            let s = o.as_stream().ok()?;
            let form = s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form");
            let res = s.dict.get(b"Resources").ok()?.as_dict().ok()?;
            (form && !res.has(b"Font") && !res.has(b"XObject")).then(|| {
                let content = s
                    .decompressed_content()
                    .unwrap_or_else(|_| s.content.clone());
                (*id, String::from_utf8_lossy(&content).into_owned())
            })
        })
        .collect()
}

/// How often page `n` draws the form `form`.
fn draws(doc: &Document, n: u32, form: ObjectId) -> usize {
    let page = *doc.get_pages().get(&n).unwrap();
    let (res, _) = doc.get_page_resources(page).unwrap();
    let Some(xobjects) = res.and_then(|r| r.get(b"XObject").ok()?.as_dict().ok()) else {
        return 0;
    };
    let content = String::from_utf8_lossy(&doc.get_page_content(page)).into_owned();
    xobjects
        .iter()
        .filter(|(_, v)| v.as_reference().ok() == Some(form))
        .map(|(k, _)| {
            content
                .matches(&format!("/{} Do", String::from_utf8_lossy(k)))
                .count()
        })
        .sum()
}

#[test]
fn an_svg_logo_is_one_form_of_cmyk_paths_however_often_it_is_placed() {
    let dir = edition("svg-logo", "");
    // The emblem also as the masthead logo on page 1: three uses, one form.
    let ed = std::fs::read_to_string(dir.join("edition.yaml")).unwrap();
    std::fs::write(
        dir.join("edition.yaml"),
        ed.replace("masthead:\n", &format!("masthead:\n  logo: {EMBLEM}\n")),
    )
    .unwrap();
    let pictures_before = {
        let plain = edition("svg-logo-plain", "");
        let (out, pdf) = build(&plain, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let n = images(&pdf).len();
        let _ = std::fs::remove_dir_all(&plain);
        n
    };
    let (out, pdf) = build(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = Document::load(&pdf).unwrap();
    let forms = vector_forms(&doc);
    assert_eq!(forms.len(), 1, "one form for the SVG: {forms:?}");
    let (form, content) = &forms[0];
    assert_eq!(draws(&doc, 1, *form), 1, "the masthead logo");
    assert_eq!(
        draws(&doc, 4, *form),
        2,
        "the emblem on both sides of the banner"
    );
    // Vectors, not a picture: paths filled and stroked, nothing drawn from an image.
    assert!(content.contains(" c\n") && content.contains("\nf\n") && content.contains("\nS\n"));
    assert!(
        !content.contains("Do") && !content.contains("BI"),
        "{content}"
    );
    assert_eq!(
        images(&pdf).len(),
        pictures_before,
        "no image XObject for the SVG"
    );
    // DeviceCMYK only; the black rings and the gray wave on the black plate alone.
    for op in [" rg\n", " RG\n", " g\n", " G\n", " sc\n", " scn\n", " cs\n"] {
        assert!(!content.contains(op), "{op:?} in {content}");
    }
    assert!(content.contains("0 0 0 1 K\n"), "#000 is K 100: {content}");
    assert!(content.contains("0 0 0 0.6 K\n"), "#666 is K 60: {content}");
    assert!(
        content.contains("0 0 0 0 K\n"),
        "white is no ink: {content}"
    );
    let red = content
        .lines()
        .find(|l| l.ends_with(" k") && !l.starts_with("0 0 0 "))
        .expect("a coloured fill");
    assert!(red.split(' ').count() == 5, "{red}");
    if let Some(report) = crate::common::pdfx_lint(&pdf, "1a") {
        assert!(report.contains(" 0 error(s)"), "{report}");
    }
    if crate::common::need("gs") {
        let gs = std::process::Command::new("gs")
            .args(["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage"])
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(
            gs.status.success() && gs.stdout.is_empty() && gs.stderr.is_empty(),
            "{gs:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The emblem file replaced by `svg`; the build and `check` must refuse it with exit 2 at the
/// plan line, naming `expect`.
fn refused_svg(name: &str, svg: &str, expect: &str) {
    let dir = edition(name, "");
    std::fs::write(dir.join(EMBLEM), svg).unwrap();
    let (out, pdf) = build(&dir, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(expect), "{err}");
    assert!(err.contains("yunhe-lotus.svg"), "the file is named: {err}");
    // The first picture block of page 4 is at line 6, column 5 (`- picture:`'s value).
    assert!(
        err.contains("page-4.yaml:6:5: error:"),
        "the plan line is named: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!pdf.exists(), "nothing half-written");
    let checked = paiban(&dir, &["check", "edition.yaml"]);
    assert_eq!(checked.status.code(), Some(2));
    assert!(stderr(&checked).contains(expect), "{}", stderr(&checked));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_svg_is_refused_at_its_plan_line_with_the_line_in_the_svg() {
    refused_svg(
        "svg-broken",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <path d=\"M0 0 L10 10\"\n",
        "not well-formed XML: it ends at line 3, column 1",
    );
    refused_svg("svg-empty", "", "not well-formed XML");
    refused_svg(
        "svg-gradient",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>\n<linearGradient id='sky'><stop offset='0' stop-color='#fff'/><stop offset='1' stop-color='#00f'/></linearGradient>\n<rect width='10' height='10' fill='url(#sky)'/></svg>",
        "linear gradient (#sky, line 2, column 1)",
    );
}

#[test]
fn an_svg_reaching_outside_itself_is_refused_and_nothing_is_read() {
    // A picture beside the edition (inside its root, so only the SVG rule keeps it out), a
    // system file and a URL.
    for (name, href, expect) in [
        (
            "svg-outside-image",
            "../pictures/lotus-night.jpg",
            "refers to \"../pictures/lotus-night.jpg\" outside the SVG",
        ),
        (
            "svg-outside-abs",
            "/etc/hostname",
            "refers to \"/etc/hostname\" outside the SVG",
        ),
        (
            "svg-outside-url",
            "https://example.org/a.png",
            "outside the SVG",
        ),
    ] {
        refused_svg(
            name,
            &format!(
                "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 10 10'>\n<rect width='5' height='5'/>\n  <image xlink:href='{href}' width='10' height='10'/></svg>"
            ),
            expect,
        );
    }
    refused_svg(
        "svg-outside-use",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><use href='other.svg#logo'/></svg>",
        "<use> at line 1",
    );
    refused_svg(
        "svg-embedded-raster",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><image href='data:image/png;base64,iVBORw0KGgo=' width='5' height='5'/></svg>",
        "embeds a raster image",
    );
}

#[test]
fn a_broken_masthead_logo_is_refused_at_the_edition_key() {
    let dir = edition("svg-masthead", "");
    let ed = std::fs::read_to_string(dir.join("edition.yaml")).unwrap();
    std::fs::write(
        dir.join("edition.yaml"),
        ed.replace("masthead:\n", "masthead:\n  logo: art/masthead.svg\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("art/masthead.svg"),
        "<svg><text>东昌时讯</text></svg>",
    )
    .unwrap();
    let (out, _) = build(&dir, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line = ed.lines().position(|l| l == "masthead:").unwrap() + 2;
    assert!(
        err.contains(&format!("edition.yaml:{line}:9: error:")),
        "{err}"
    );
    assert!(
        err.contains("sets text (<text> at line 1, column 6)"),
        "{err}"
    );
    assert!(err.contains("convert the lettering to outlines"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_proof_draws_the_svg_emblem() {
    let dir = edition("svg-proof", "");
    let out = paiban(
        &dir,
        &[
            "proof",
            "edition.yaml",
            "-o",
            "proof",
            "--pages",
            "4",
            "--clean",
            "--dpi",
            "50",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let png = std::fs::read(dir.join("proof/page-04.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.line_size / info.width as usize;
    // The emblem's red petals in the top-left corner (the banner's title is red too, but in
    // the middle): the left sixth of the page, above the essay.
    let (w, h) = (info.width as usize, info.height as usize);
    let mut red = 0;
    for y in 0..h / 6 {
        for x in 0..w / 6 {
            let p = &buf[(y * w + x) * channels..];
            if p[0] > 150 && p[1] < 110 && p[2] < 130 {
                red += 1;
            }
        }
    }
    assert!(red > 40, "the emblem's petals are drawn: {red} red pixels");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_svg_proof_of_page_4_carries_the_emblem_as_paths() {
    let fonts = paiban::fonts::FontFolder::Default(crate::common::fonts_dir());
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/dongchang-1461/edition.yaml");
    let mut timings = Vec::new();
    let p = paiban::build::prepare(
        &sample,
        &fonts,
        paiban::layout::LayoutOptions::default(),
        &mut timings,
    )
    .unwrap();
    let page = p.layout.pages.iter().find(|pg| pg.number == 4).unwrap();
    let svg = paiban::render::page_svg(page, &p.book, &paiban::render::SvgOptions::default());
    if let Ok(dir) = std::env::var("PAIBAN_KEEP_SVG") {
        std::fs::write(std::path::Path::new(&dir).join("page-4.svg"), &svg).unwrap();
    }
    let doc = roxmltree::Document::parse(&svg).expect("the page is well-formed SVG");
    // Two nested viewports (the emblem twice), each with the emblem's 11 shapes (two rings, five petals, the leaf, three waves).
    let viewports: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("svg") && n.attribute("overflow") == Some("hidden"))
        .collect();
    assert_eq!(viewports.len(), 2);
    for v in viewports {
        let paths = v.descendants().filter(|n| n.has_tag_name("path")).count();
        assert_eq!(paths, 11);
        // The black ring is drawn in the proof's black (K 100 through the corner table).
        assert!(
            v.descendants()
                .any(|n| n.attribute("stroke") == Some(&*black_hex()))
        );
    }
}

fn black_hex() -> String {
    let [r, g, b] = paiban::render::cmyk_to_rgb(paiban::color::Cmyk::BLACK);
    format!("#{r:02x}{g:02x}{b:02x}")
}
