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
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/dongchang-1461/art/yunhe-lotus.svg");
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
