//! Fonts: the glyphs each face draws → an embedded CID-keyed subset with ToUnicode.
//!
//! Every face is written as a Type 0 font with `Identity-H` encoding, so a content stream shows
//! two-byte CIDs. The CIDs are the glyph numbers of the subset (the kept glyphs are numbered
//! 0, 1, 2 … in first-use order, `.notdef` first), with `/CIDToGIDMap /Identity` for TrueType
//! outlines (`FontFile2`, subset by [`super::truetype`]) and subsetter's CID-keyed CFF for
//! PostScript outlines (`FontFile3 /CIDFontType0C`). Widths (`/W`) are the face's own advances,
//! so a viewer's pen agrees with the `TJ` adjustments the page content computes from them.
//!
//! ToUnicode maps a CID to the text its glyph stood for the first time it was drawn. A later
//! use of the same glyph for different text (one glyph for two code points, a ligature in
//! another context) is marked in the content with `/ActualText` instead, so extraction is right
//! for both ([`FontUsage::glyph`] says which).

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Finish, Name, Rect, Ref, Str};
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{GlyphId, MetadataProvider, Tag};

use super::truetype;
use crate::diag::Diagnostic;
use crate::fonts::Face;

/// `/CIDSystemInfo` of an `Identity` ordering.
const IDENTITY: SystemInfo<'static> = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// What a page drew with one face, collected while the content streams are written.
pub(crate) struct FontUsage<'a> {
    face: &'a Face,
    /// CID + 1 per glyph ID (0: not used yet); this lookup runs once per glyph drawn.
    cids: Vec<u16>,
    /// Advance in 1/1000 em per CID.
    widths: Vec<f32>,
    /// ToUnicode text per CID (empty: no mapping).
    texts: Vec<String>,
    /// Original glyph IDs per CID: what the subset keeps, and the subset tag's input.
    glyphs: Vec<u16>,
    metrics: Option<skrifa::metrics::GlyphMetrics<'a>>,
    to_pdf: f32,
    /// Some page draws vertical text with the face: it gets an `Identity-V` font as well.
    pub vertical: bool,
}

/// A glyph as the content stream shows it.
pub(crate) struct UsedGlyph {
    /// The CID (subset glyph number).
    pub cid: u16,
    /// Advance in 1/1000 em, as written in `/W`.
    pub width: f32,
    /// The text differs from what ToUnicode says for this CID: wrap it in `/ActualText`.
    pub needs_actual_text: bool,
}

impl<'a> FontUsage<'a> {
    pub(crate) fn new(face: &'a Face) -> Self {
        let metrics = face
            .font_ref()
            .map(|f| f.glyph_metrics(Size::unscaled(), LocationRef::default()));
        let mut usage = FontUsage {
            face,
            cids: vec![0; usize::from(u16::MAX) + 1],
            widths: Vec::new(),
            texts: Vec::new(),
            glyphs: Vec::new(),
            metrics,
            to_pdf: 1000.0 / f32::from(face.units_per_em.max(1)),
            vertical: false,
        };
        // `.notdef` is CID 0 in every subset.
        usage.glyph(0, "");
        usage
    }

    /// The number of glyphs the subset will hold.
    pub(crate) fn glyph_count(&self) -> usize {
        self.widths.len()
    }

    /// Record that glyph `gid` is drawn for `text`.
    pub(crate) fn glyph(&mut self, gid: u16, text: &str) -> UsedGlyph {
        let known = self.cids[usize::from(gid)];
        let cid = if known > 0 {
            known - 1
        } else {
            // A face has at most 65,535 glyphs, so CID + 1 fits.
            let cid = self.glyphs.len() as u16;
            self.cids[usize::from(gid)] = cid.saturating_add(1);
            cid
        };
        let index = usize::from(cid);
        if index == self.widths.len() {
            let advance = self
                .metrics
                .as_ref()
                .and_then(|m| m.advance_width(GlyphId::new(u32::from(gid))))
                .unwrap_or(0.0);
            self.widths.push(advance * self.to_pdf);
            self.texts.push(text.to_string());
            self.glyphs.push(gid);
            return UsedGlyph {
                cid,
                width: self.widths[index],
                needs_actual_text: false,
            };
        }
        let mapped = &mut self.texts[index];
        if mapped.is_empty() && !text.is_empty() {
            mapped.push_str(text);
        }
        UsedGlyph {
            cid,
            width: self.widths[index],
            needs_actual_text: *mapped != text,
        }
    }
}

/// A face ready to be written: the subset font program and what the dictionaries need.
pub(crate) struct EmbeddedFont {
    /// The subset font program (`FontFile2`), or the bare CFF (`FontFile3`).
    pub program: Vec<u8>,
    pub cff: bool,
    /// `ABCDEF+PostScriptName`.
    pub base_font: String,
    widths: Vec<f32>,
    /// The ToUnicode CMap, uncompressed.
    pub to_unicode: Vec<u8>,
    descriptor: Descriptor,
    /// Written a second time with `Identity-V` for vertical text.
    pub vertical: bool,
}

/// The font descriptor's metrics, in 1/1000 em.
struct Descriptor {
    bbox: Rect,
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    stem_v: f32,
    serif: bool,
}

/// Subset one face to the glyphs `usage` recorded.
pub(crate) fn subset(usage: &FontUsage<'_>) -> Result<EmbeddedFont, Diagnostic> {
    let face = usage.face;
    let fail = |why: String| {
        Diagnostic::input(format!(
            "failed to embed font \"{}\" ({why})",
            face.postscript_name
        ))
        .in_file(&face.path)
        .hint("replace the file with an OpenType (.otf/.ttf/.ttc) font")
    };
    let (program, is_cff) = if truetype::has_glyf(face) {
        (truetype::subset(face, &usage.glyphs).map_err(fail)?, false)
    } else {
        let mut remapper = subsetter::GlyphRemapper::new();
        for &gid in &usage.glyphs {
            remapper.remap(gid);
        }
        // subsetter 0.2 reaches `unreachable!` on some damaged CFF data (a real number that
        // is not finite in a private dict, found by the font fuzzer): a font from the user's
        // folder must give an error naming it, not bring the build down.
        let subset = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            subsetter::subset(face.data(), face.index, &remapper)
        }))
        .map_err(|_| fail("its CFF data is damaged".into()))?;
        let font = subset.map_err(|e| fail(format!("{e:?}").to_lowercase()))?;
        let parsed = skrifa::FontRef::new(&font).map_err(|e| fail(e.to_string()))?;
        match parsed.data_for_tag(Tag::new(b"CFF ")) {
            Some(cff) => (cff.as_bytes().to_vec(), true),
            None => (font, false),
        }
    };
    let original = face.font_ref().ok_or_else(|| fail("unreadable".into()))?;
    let descriptor = descriptor(face, &original, usage.to_pdf);
    let base_font = format!(
        "{}+{}",
        subset_tag(&face.postscript_name, &usage.glyphs),
        pdf_name(&face.postscript_name)
    );
    Ok(EmbeddedFont {
        program,
        cff: is_cff,
        base_font,
        widths: usage.widths.clone(),
        to_unicode: to_unicode(&usage.texts),
        descriptor,
        vertical: usage.vertical,
    })
}

fn descriptor(face: &Face, font: &skrifa::FontRef<'_>, to_pdf: f32) -> Descriptor {
    // The whole face's bounding box from `head`: it encloses the subset's glyphs too, which
    // is all FontBBox promises, without measuring every outline.
    let bbox = font
        .head()
        .map_or(Rect::new(0.0, -200.0, 1000.0, 900.0), |h| {
            Rect::new(
                f32::from(h.x_min()) * to_pdf,
                f32::from(h.y_min()) * to_pdf,
                f32::from(h.x_max()) * to_pdf,
                f32::from(h.y_max()) * to_pdf,
            )
        });
    let ascent = face.ascent * 1000.0;
    let cap_height = font
        .os2()
        .ok()
        .and_then(|os2| os2.s_cap_height())
        .filter(|&h| h > 0)
        .map_or(ascent, |h| f32::from(h) * to_pdf);
    let italic_angle = font.post().map_or(0.0, |p| p.italic_angle().to_f32());
    Descriptor {
        bbox,
        italic_angle,
        ascent,
        descent: -face.descent * 1000.0,
        cap_height,
        // No font says its stem width; this is the usual estimate from the weight class.
        stem_v: 10.0 + 0.244 * (f32::from(face.weight) - 50.0),
        serif: face.postscript_name.contains("Serif"),
    }
}

/// Six capital letters from the glyph set, so different subsets of one face get different
/// names (ISO 32000-1 §9.6.4).
fn subset_tag(name: &str, glyphs: &[u16]) -> String {
    let mut hash = super::Fingerprint::new();
    hash.add(name.as_bytes());
    for g in glyphs {
        hash.add(&g.to_le_bytes());
    }
    let mut n = hash.digest()[0];
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (n % 26) as u8);
            n /= 26;
            letter
        })
        .collect()
}

/// A PostScript name as a PDF name: the characters a name may not hold are dropped.
fn pdf_name(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
        .collect();
    if kept.is_empty() { "Font".into() } else { kept }
}

fn to_unicode(texts: &[String]) -> Vec<u8> {
    let mut cmap: UnicodeCmap<u16> = UnicodeCmap::new(Name(b"Adobe-Identity-UCS"), IDENTITY);
    for (cid, text) in texts.iter().enumerate() {
        let Ok(cid) = u16::try_from(cid) else { break };
        if !text.is_empty() {
            cmap.pair_with_multiple(cid, text.chars());
        }
    }
    cmap.finish().into_vec()
}

/// Object numbers of one embedded font.
pub(crate) struct FontRefs {
    pub type0: Ref,
    pub cid: Ref,
    pub descriptor: Ref,
    pub program: Ref,
    pub to_unicode: Ref,
    /// The `Identity-V` Type 0 font over the same CIDFont and ToUnicode, for vertical text.
    pub type0_v: Option<Ref>,
}

/// Write the font's dictionaries and its two streams (already compressed).
pub(crate) fn write(
    chunk: &mut Chunk,
    font: &EmbeddedFont,
    refs: &FontRefs,
    program: &[u8],
    to_unicode: &[u8],
) {
    write_type0_fonts(chunk, font, refs);
    write_cid_font(chunk, font, refs);
    write_descriptor(chunk, font, refs);
    write_streams(chunk, font, refs, program, to_unicode);
}

/// The Type 0 font a page names, and its `Identity-V` twin for vertical text.
fn write_type0_fonts(chunk: &mut Chunk, font: &EmbeddedFont, refs: &FontRefs) {
    let type0_name = if font.cff {
        format!("{}-Identity-H", font.base_font)
    } else {
        font.base_font.clone()
    };
    chunk
        .type0_font(refs.type0)
        .base_font(Name(type0_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(refs.cid)
        .to_unicode(refs.to_unicode);
    // Vertical text shares the glyphs, widths and ToUnicode; its metrics are the default
    // `/DW2 [880 -1000]` (origin 0.88 em above the baseline, centred; one em down), which the
    // content stream's positions are computed against (`content.rs`).
    if let Some(v) = refs.type0_v {
        chunk
            .type0_font(v)
            .base_font(Name(format!("{}-Identity-V", font.base_font).as_bytes()))
            .encoding_predefined(Name(b"Identity-V"))
            .descendant_font(refs.cid)
            .to_unicode(refs.to_unicode);
    }
}

/// The CIDFont: its outline kind, the glyph numbering and the widths.
fn write_cid_font(chunk: &mut Chunk, font: &EmbeddedFont, refs: &FontRefs) {
    let mut cid = chunk.cid_font(refs.cid);
    cid.subtype(if font.cff {
        CidFontType::Type0
    } else {
        CidFontType::Type2
    })
    .base_font(Name(font.base_font.as_bytes()))
    .system_info(IDENTITY)
    .font_descriptor(refs.descriptor)
    .default_width(0.0);
    if !font.cff {
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    let mut widths = cid.widths();
    // Runs of equal widths (most CJK glyphs are one em) as `first last width`.
    let mut first = 0;
    while first < font.widths.len() {
        let w = font.widths[first];
        let mut last = first;
        while last + 1 < font.widths.len() && font.widths[last + 1] == w {
            last += 1;
        }
        if w != 0.0 {
            widths.same(first as u16, last as u16, w);
        }
        first = last + 1;
    }
    widths.finish();
    cid.finish();
}

/// The font descriptor: flags, metrics and which kind of font file it points to.
fn write_descriptor(chunk: &mut Chunk, font: &EmbeddedFont, refs: &FontRefs) {
    let d = &font.descriptor;
    let mut flags = FontFlags::SYMBOLIC;
    flags.set(FontFlags::SERIF, d.serif);
    flags.set(FontFlags::ITALIC, d.italic_angle != 0.0);
    let mut descriptor = chunk.font_descriptor(refs.descriptor);
    descriptor
        .name(Name(font.base_font.as_bytes()))
        .flags(flags)
        .bbox(d.bbox)
        .italic_angle(d.italic_angle)
        .ascent(d.ascent)
        .descent(d.descent)
        .cap_height(d.cap_height)
        .stem_v(d.stem_v);
    if font.cff {
        descriptor.font_file3(refs.program);
    } else {
        descriptor.font_file2(refs.program);
    }
    descriptor.finish();
}

/// The font program and the ToUnicode CMap, both already compressed.
fn write_streams(
    chunk: &mut Chunk,
    font: &EmbeddedFont,
    refs: &FontRefs,
    program: &[u8],
    to_unicode: &[u8],
) {
    let mut stream = chunk.stream(refs.program, program);
    stream.filter(pdf_writer::Filter::FlateDecode);
    if font.cff {
        stream.pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    } else {
        stream.pair(Name(b"Length1"), font.program.len() as i32);
    }
    stream.finish();
    chunk
        .cmap(refs.to_unicode, to_unicode)
        .filter(pdf_writer::Filter::FlateDecode);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals_and_follow_the_glyphs() {
        let a = subset_tag("NotoSerifSC-Regular", &[0, 5, 9]);
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()), "{a}");
        assert_eq!(a, subset_tag("NotoSerifSC-Regular", &[0, 5, 9]));
        assert_ne!(a, subset_tag("NotoSerifSC-Regular", &[0, 5, 10]));
    }

    #[test]
    fn names_lose_delimiters() {
        assert_eq!(pdf_name("Noto Serif(SC)"), "NotoSerifSC");
        assert_eq!(pdf_name("   "), "Font");
    }

    #[test]
    fn to_unicode_skips_unmapped_cids() {
        let cmap = to_unicode(&[String::new(), "东".into(), String::new(), "fi".into()]);
        let text = String::from_utf8_lossy(&cmap);
        assert!(text.contains("<0001> <4E1C>"), "{text}");
        assert!(text.contains("<0003> <00660069>"), "{text}");
        assert!(!text.contains("<0002>"), "{text}");
    }
}
