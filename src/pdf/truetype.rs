//! Subsetting TrueType (`glyf`) faces for `FontFile2`, reading only the kept outlines.
//!
//! The result is byte for byte the font `subsetter` makes of the same glyphs (a test holds the
//! two together over every bundled face): the same tables (`glyf`, `loca`, `hmtx`, `hhea`,
//! `maxp`, `head`, `name`, `post` and the hinting tables), the kept glyphs numbered in the
//! order given with the components of composite glyphs after them. What differs is how the
//! outlines are read. Walking them through the memory-mapped file makes each outline fault in
//! the sixteen pages of the map around it (the kernel's fault-around), and every such page is
//! then mapped, accounted and unmapped again when the process exits: a one-page build mapped
//! 16 MB of font files that way for about a thousand glyphs. Here each run of outlines is read
//! with one positioned read (`pread`, done by the font book's `Face::read_at`, so this stage
//! opens no file) into the subset's own buffer, and only the small tables are taken from the
//! map.
//!
//! [`subset`] reads the kept outlines, adds the components of composite glyphs
//! (`truetype/composite.rs`), then makes the tables and the file (`truetype/tables.rs`).

mod composite;
mod tables;

use std::ops::Range;

use skrifa::FontRef;
use skrifa::raw::FontData;

use crate::fonts::Face;
use composite::{components, is_composite, renumber_components};
use tables::{assemble, glyf_and_loca, head, maxp, metrics, subset_name, subset_post};

/// The tables of a glyph-outline face that the subset needs, borrowed from the face's map.
struct Source<'a> {
    head: &'a [u8],
    hhea: &'a [u8],
    hmtx: &'a [u8],
    maxp: &'a [u8],
    loca: &'a [u8],
    /// The `glyf` table, and where it starts in the file.
    glyf: &'a [u8],
    glyf_offset: usize,
    long_loca: bool,
    /// Copied as they are (hinting) or subset (`name`, `post`) when present.
    cvt: Option<&'a [u8]>,
    fpgm: Option<&'a [u8]>,
    prep: Option<&'a [u8]>,
    name: Option<&'a [u8]>,
    post: Option<&'a [u8]>,
    /// The face, whose file the outlines are read from.
    face: &'a Face,
}

/// Whether `face` has TrueType outlines (and so can be subset here).
pub(crate) fn has_glyf(face: &Face) -> bool {
    face.font_ref()
        .is_some_and(|f| f.table_data(skrifa::Tag::new(b"glyf")).is_some())
}

/// The subset font program of `face` with `glyphs` (original glyph IDs, `.notdef` first) as
/// glyphs 0, 1, 2 …; components of composite glyphs follow.
pub(crate) fn subset(face: &Face, glyphs: &[u16]) -> Result<Vec<u8>, String> {
    if glyphs.is_empty() {
        // A font needs at least `.notdef`; the PDF writer always keeps it.
        return Err("no glyphs to keep".into());
    }
    let data = face.data();
    let font = face.font_ref().ok_or("unreadable")?;
    let source = Source::new(&font, data, face)?;
    let mut kept = Kept::new(glyphs);
    let mut outlines = source.outlines(&kept.order)?;
    add_components(&source, glyphs, &mut kept, &mut outlines)?;
    for outline in &mut outlines {
        if is_composite(outline) {
            *outline = renumber_components(outline, &kept).ok_or("malformed composite glyph")?;
        }
    }
    Ok(assemble(subset_tables(&source, &kept, &outlines)?))
}

/// Keep the components of the composite glyphs, and theirs, numbering and reading each.
fn add_components(
    source: &Source<'_>,
    glyphs: &[u16],
    kept: &mut Kept,
    outlines: &mut Vec<Vec<u8>>,
) -> Result<(), String> {
    // The closure over components, in the order subsetter forms it: the list is worked from
    // its end, and a component is numbered when it is taken off, not when it is found.
    let mut pending: Vec<u16> = glyphs.to_vec();
    while let Some(gid) = pending.pop() {
        let new = match kept.get(gid) {
            Some(n) => n,
            None => {
                outlines.push(source.outline(gid)?);
                kept.add(gid)
            }
        };
        let outline = &outlines[usize::from(new)];
        if is_composite(outline) {
            for component in components(outline).ok_or("malformed composite glyph")? {
                if kept.get(component).is_none() {
                    pending.push(component);
                }
            }
        }
    }
    Ok(())
}

/// A table of the font file: its tag and its bytes.
type Table = ([u8; 4], Vec<u8>);

/// The subset's tables, by tag: the outlines, metrics and header made for the kept glyphs,
/// the hinting tables as they are, `name` and `post` cut down.
fn subset_tables(
    source: &Source<'_>,
    kept: &Kept,
    outlines: &[Vec<u8>],
) -> Result<Vec<Table>, String> {
    let (glyf, loca, long_loca) = glyf_and_loca(outlines);
    let (hmtx, hhea) = metrics(source, &kept.order)?;
    let mut tables: Vec<Table> = vec![
        (*b"glyf", glyf),
        (*b"loca", loca),
        (*b"head", head(source.head, long_loca)?),
        (*b"hmtx", hmtx),
        (*b"hhea", hhea),
        (*b"maxp", maxp(source.maxp, kept.order.len())?),
    ];
    for (tag, table) in [
        (*b"cvt ", source.cvt),
        (*b"fpgm", source.fpgm),
        (*b"prep", source.prep),
    ] {
        if let Some(t) = table {
            tables.push((tag, t.to_vec()));
        }
    }
    if let Some(name) = source.name {
        tables.push((*b"name", subset_name(name).ok_or("malformed name table")?));
    }
    if let Some(post) = source.post {
        tables.push((*b"post", subset_post(post, &kept.order)?));
    }
    Ok(tables)
}

impl<'a> Source<'a> {
    fn new(font: &FontRef<'a>, data: &'a [u8], face: &'a Face) -> Result<Self, String> {
        let table = |tag: &[u8; 4]| -> Option<&'a [u8]> {
            font.table_data(skrifa::Tag::new(tag))
                .map(|d: FontData<'a>| d.as_bytes())
        };
        let need = |tag: &[u8; 4]| table(tag).ok_or_else(|| missing(tag));
        let head = need(b"head")?;
        let glyf = need(b"glyf")?;
        // Table data borrows from the file's bytes, so its address gives its file offset.
        let glyf_offset = (glyf.as_ptr() as usize).wrapping_sub(data.as_ptr() as usize);
        let long_loca = read_u16(head, 50).ok_or("head table too short")? != 0;
        Ok(Source {
            head,
            hhea: need(b"hhea")?,
            hmtx: need(b"hmtx")?,
            maxp: need(b"maxp")?,
            loca: need(b"loca")?,
            glyf,
            glyf_offset,
            long_loca,
            cvt: table(b"cvt "),
            fpgm: table(b"fpgm"),
            prep: table(b"prep"),
            name: table(b"name"),
            post: table(b"post"),
            face,
        })
    }

    /// Where the outline of `gid` lies in `glyf`.
    fn span(&self, gid: u16) -> Result<Range<usize>, String> {
        let at = |i: usize| -> Option<usize> {
            if self.long_loca {
                read_u32(self.loca, 4 * i).map(|o| o as usize)
            } else {
                read_u16(self.loca, 2 * i).map(|o| 2 * usize::from(o))
            }
        };
        let bad = || format!("glyph {gid} lies outside the glyf table");
        let i = usize::from(gid);
        let (start, end) = at(i).zip(at(i + 1)).ok_or_else(bad)?;
        if start > end || end > self.glyf.len() {
            return Err(bad());
        }
        Ok(start..end)
    }

    /// The outline of `gid` (empty for a glyph without one).
    fn outline(&self, gid: u16) -> Result<Vec<u8>, String> {
        Ok(self.outlines(&[gid])?.pop().unwrap_or_default())
    }

    /// The outlines of `gids`, in that order. Outlines lying close together in the file are
    /// read together: a read costs a system call, and a few kilobytes in between cost less to
    /// copy than another call.
    fn outlines(&self, gids: &[u16]) -> Result<Vec<Vec<u8>>, String> {
        let spans = gids
            .iter()
            .map(|&g| self.span(g))
            .collect::<Result<Vec<_>, _>>()?;
        let mut by_start: Vec<usize> = (0..spans.len()).filter(|&k| !spans[k].is_empty()).collect();
        by_start.sort_by_key(|&k| spans[k].start);
        let mut outlines: Vec<Vec<u8>> = vec![Vec::new(); spans.len()];
        let mut chunk: Vec<u8> = Vec::new();
        let mut i = 0;
        while i < by_start.len() {
            // One read from the first outline of the run to the last.
            let from = spans[by_start[i]].start;
            let mut to = spans[by_start[i]].end;
            let mut j = i + 1;
            while j < by_start.len() && spans[by_start[j]].start <= to + READ_GAP {
                to = to.max(spans[by_start[j]].end);
                j += 1;
            }
            chunk.clear();
            chunk.resize(to - from, 0);
            self.face.read_at(self.glyf_offset + from, &mut chunk)?;
            for &k in &by_start[i..j] {
                outlines[k] = chunk[spans[k].start - from..spans[k].end - from].to_vec();
            }
            i = j;
        }
        Ok(outlines)
    }
}

/// Outlines at most this far apart are read in one go.
const READ_GAP: usize = 16 * 1024;

fn missing(tag: &[u8; 4]) -> String {
    format!("no {} table", String::from_utf8_lossy(tag).trim_end())
}

/// Original glyph IDs → subset numbers, in both directions.
struct Kept {
    /// Subset number + 1 per original glyph ID (0: not kept).
    new: Vec<u16>,
    /// Original glyph ID per subset number.
    order: Vec<u16>,
}

impl Kept {
    fn new(glyphs: &[u16]) -> Self {
        let mut kept = Kept {
            new: vec![0; usize::from(u16::MAX) + 1],
            order: Vec::with_capacity(glyphs.len()),
        };
        for &g in glyphs {
            if kept.get(g).is_none() {
                kept.add(g);
            }
        }
        kept
    }

    fn get(&self, gid: u16) -> Option<u16> {
        self.new[usize::from(gid)].checked_sub(1)
    }

    fn add(&mut self, gid: u16) -> u16 {
        // At most 65,536 distinct IDs exist; the last one would not fit `new + 1`, and no face
        // has that many glyphs (numGlyphs is a u16 count, so 65,535 at most).
        let n = self.order.len() as u16;
        self.new[usize::from(gid)] = n.saturating_add(1);
        self.order.push(gid);
        n
    }
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests;
