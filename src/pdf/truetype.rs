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

use std::ops::Range;

use skrifa::FontRef;
use skrifa::raw::FontData;

use crate::fonts::Face;

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
    for outline in &mut outlines {
        if is_composite(outline) {
            *outline = renumber_components(outline, &kept).ok_or("malformed composite glyph")?;
        }
    }

    let (glyf, loca, long_loca) = glyf_and_loca(&outlines);
    let (hmtx, hhea) = metrics(&source, &kept.order)?;
    let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
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
    Ok(assemble(tables))
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

const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

fn is_composite(outline: &[u8]) -> bool {
    read_u16(outline, 0).is_some_and(|n| (n as i16) < 0)
}

/// One component record of a composite glyph: its flags, where its glyph ID is, and where the
/// next record starts.
fn component_at(outline: &[u8], at: usize) -> Option<(u16, usize, usize)> {
    let flags = read_u16(outline, at)?;
    let args = if flags & ARG_1_AND_2_ARE_WORDS != 0 {
        4
    } else {
        2
    };
    let transform = if flags & WE_HAVE_A_SCALE != 0 {
        2
    } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
        4
    } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    let next = at + 4 + args + transform;
    (next <= outline.len()).then_some((flags, at + 2, next))
}

/// The glyph IDs a composite glyph is built from (`None` if the records run off its end).
fn components(outline: &[u8]) -> Option<Vec<u16>> {
    let mut out = Vec::new();
    let mut at = 10;
    loop {
        let (flags, id_at, next) = component_at(outline, at)?;
        out.push(read_u16(outline, id_at)?);
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
        at = next;
    }
}

/// A composite glyph with its components' IDs changed to their subset numbers. The records are
/// kept; bytes after the last one are kept only when the flags say they are instructions.
fn renumber_components(outline: &[u8], kept: &Kept) -> Option<Vec<u8>> {
    let mut at = 10;
    let mut out = outline.get(..at)?.to_vec();
    loop {
        let (flags, id_at, next) = component_at(outline, at)?;
        out.extend_from_slice(outline.get(at..id_at)?);
        let new = kept.get(read_u16(outline, id_at)?)?;
        out.extend_from_slice(&new.to_be_bytes());
        out.extend_from_slice(outline.get(id_at + 2..next)?);
        at = next;
        if flags & MORE_COMPONENTS == 0 {
            if flags & WE_HAVE_INSTRUCTIONS != 0 {
                out.extend_from_slice(outline.get(at..)?);
            }
            return Some(out);
        }
    }
}

/// `glyf` and `loca`, and whether `loca` is in the long format (needed once the outlines, each
/// padded to an even length, pass what a short offset can reach).
fn glyf_and_loca(outlines: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>, bool) {
    let padded: usize = outlines.iter().map(|o| o.len() + o.len() % 2).sum();
    let long = padded > 2 * usize::from(u16::MAX);
    let mut glyf = Vec::with_capacity(padded);
    let mut loca = Vec::with_capacity((outlines.len() + 1) * if long { 4 } else { 2 });
    let mut offset = |glyf: &Vec<u8>| {
        if long {
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        } else {
            loca.extend_from_slice(&((glyf.len() / 2) as u16).to_be_bytes());
        }
    };
    for outline in outlines {
        offset(&glyf);
        glyf.extend_from_slice(outline);
        if !long && glyf.len() % 2 == 1 {
            glyf.push(0);
        }
    }
    offset(&glyf);
    (glyf, loca, long)
}

/// `hmtx` for the kept glyphs, and `hhea` with its count of full metrics: the trailing glyphs
/// that share the last advance keep only their side bearing.
fn metrics(source: &Source<'_>, order: &[u16]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let bad = || "malformed hmtx table".to_string();
    let long_count = read_u16(source.hhea, 34).ok_or_else(bad)?;
    let last_advance =
        read_u16(source.hmtx, 4 * usize::from(long_count.max(1) - 1)).ok_or_else(bad)?;
    if long_count == 0 {
        return Err(bad());
    }
    let mut kept: Vec<(u16, u16)> = Vec::with_capacity(order.len());
    for &gid in order {
        let g = usize::from(gid);
        let n = usize::from(long_count);
        let metric = if gid < long_count {
            read_u16(source.hmtx, 4 * g).zip(read_u16(source.hmtx, 4 * g + 2))
        } else {
            read_u16(source.hmtx, 4 * n + 2 * (g - n)).map(|lsb| (last_advance, lsb))
        };
        kept.push(metric.ok_or_else(bad)?);
    }
    let last = kept.last().map_or(0, |m| m.0);
    let shared_tail = kept
        .iter()
        .rev()
        .skip(1)
        .take_while(|m| m.0 == last)
        .count();
    let full = kept.len() - shared_tail;
    let mut hmtx = Vec::with_capacity(4 * kept.len());
    for (i, &(advance, lsb)) in kept.iter().enumerate() {
        if i < full {
            hmtx.extend_from_slice(&advance.to_be_bytes());
        }
        hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    let mut hhea = source
        .hhea
        .get(..source.hhea.len().saturating_sub(2))
        .ok_or_else(bad)?
        .to_vec();
    hhea.extend_from_slice(&(full as u16).to_be_bytes());
    Ok((hmtx, hhea))
}

fn head(head: &[u8], long_loca: bool) -> Result<Vec<u8>, String> {
    let mut head = head.to_vec();
    let format = head.get_mut(50..52).ok_or("head table too short")?;
    format.copy_from_slice(&[0, u8::from(long_loca)]);
    Ok(head)
}

fn maxp(maxp: &[u8], glyphs: usize) -> Result<Vec<u8>, String> {
    let rest = maxp.get(6..).ok_or("maxp table too short")?;
    let mut out = Vec::with_capacity(maxp.len());
    out.extend_from_slice(&0x0001_0000_u32.to_be_bytes());
    out.extend_from_slice(&(glyphs as u16).to_be_bytes());
    out.extend_from_slice(rest);
    Ok(out)
}

/// The `name` table with only its Unicode records of the usual name IDs, each string stored
/// once (version 0 tables; others are kept whole).
fn subset_name(name: &[u8]) -> Option<Vec<u8>> {
    if read_u16(name, 0)? != 0 {
        return Some(name.to_vec());
    }
    let count = usize::from(read_u16(name, 2)?);
    let storage = name.get(usize::from(read_u16(name, 4)?)..)?;
    const KEPT_IDS: [u16; 14] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14];
    let mut records: Vec<[u16; 6]> = Vec::new();
    let mut strings: Vec<u8> = Vec::new();
    let mut stored: Vec<(&[u8], u16)> = Vec::new();
    for i in 0..count {
        let mut r = [0_u16; 6];
        for (k, v) in r.iter_mut().enumerate() {
            *v = read_u16(name, 6 + 12 * i + 2 * k)?;
        }
        let [platform, encoding, _, id, length, offset] = r;
        let unicode = platform == 0 || (platform == 3 && [0, 1, 10].contains(&encoding));
        if !unicode || !KEPT_IDS.contains(&id) {
            continue;
        }
        let text = storage.get(usize::from(offset)..usize::from(offset) + usize::from(length))?;
        let at = match stored.iter().find(|(s, _)| *s == text) {
            Some(&(_, at)) => at,
            None => {
                let at = u16::try_from(strings.len()).ok()?;
                strings.extend_from_slice(text);
                stored.push((text, at));
                at
            }
        };
        records.push([r[0], r[1], r[2], r[3], r[4], at]);
    }
    let count = u16::try_from(records.len()).ok()?;
    let mut out = Vec::with_capacity(6 + 12 * records.len() + strings.len());
    for v in [0, count, 6 + 12 * count] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    for record in &records {
        for v in record {
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
    out.extend_from_slice(&strings);
    Some(out)
}

/// A version 2 `post` table keeps the names of the kept glyphs only; other versions carry no
/// per-glyph data and are kept whole.
fn subset_post(post: &[u8], order: &[u16]) -> Result<Vec<u8>, String> {
    let bad = || "malformed post table".to_string();
    if read_u32(post, 0) != Some(0x0002_0000) || post.len() < 34 {
        return Ok(post.to_vec());
    }
    let count = usize::from(read_u16(post, 32).ok_or_else(bad)?);
    let names_at = 34 + 2 * count;
    let mut names: Vec<&[u8]> = Vec::new();
    let mut at = names_at;
    // The names are Pascal strings; a zero length ends them, as does the table's end.
    while let Some(&len) = post.get(at) {
        let len = usize::from(len);
        if len == 0 {
            break;
        }
        let Some(name) = post.get(at + 1..at + 1 + len) else {
            break;
        };
        names.push(name);
        at += 1 + len;
    }
    let mut out = post.get(..32).ok_or_else(bad)?.to_vec();
    out.extend_from_slice(&(order.len() as u16).to_be_bytes());
    let mut strings = Vec::new();
    let mut own_names: u16 = 0;
    for &gid in order {
        if usize::from(gid) >= count {
            return Err(bad());
        }
        let index = read_u16(post, 34 + 2 * usize::from(gid)).ok_or_else(bad)?;
        if index <= 257 {
            out.extend_from_slice(&index.to_be_bytes());
            continue;
        }
        let name = names.get(usize::from(index - 258)).copied().unwrap_or(&[]);
        let index = own_names.checked_add(258).ok_or_else(bad)?;
        out.extend_from_slice(&index.to_be_bytes());
        strings.push(u8::try_from(name.len()).map_err(|_| bad())?);
        strings.extend_from_slice(name);
        own_names += 1;
    }
    out.extend_from_slice(&strings);
    Ok(out)
}

/// The font file: the table directory (tables in tag order), then each table padded to four
/// bytes, with `head`'s checksum adjustment set for the whole file.
fn assemble(mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|(tag, _)| *tag);
    let count = tables.len() as u16;
    let selector = count.max(1).ilog2() as u16;
    let range = (1_u16 << selector) * 16;
    let size: usize = tables
        .iter()
        .map(|(_, t)| t.len().next_multiple_of(4))
        .sum();
    let mut out = Vec::with_capacity(12 + 16 * tables.len() + size);
    out.extend_from_slice(&0x0001_0000_u32.to_be_bytes());
    for v in [count, range, selector, count * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut adjustment_at = None;
    for (tag, table) in &mut tables {
        if tag == b"head" {
            if let Some(field) = table.get_mut(8..12) {
                field.fill(0);
                adjustment_at = Some(offset + 8);
            }
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(table).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(table.len() as u32).to_be_bytes());
        offset += table.len().next_multiple_of(4);
    }
    for (_, table) in &tables {
        out.extend_from_slice(table);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = adjustment_at {
        let adjustment = 0xB1B0_AFBA_u32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The OpenType checksum: big-endian u32 words summed, the last one padded with zeros.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0_u32, |sum, chunk| {
        let mut word = [0; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;

    /// Every bundled face, as the styles name them.
    const FACES: [(&str, u16); 5] = [
        ("Noto Serif SC", 400),
        ("Noto Serif SC", 700),
        ("Noto Sans SC", 700),
        ("Noto Sans SC", 900),
        ("LXGW WenKai", 400),
    ];

    fn reference(face: &Face, glyphs: &[u16]) -> Vec<u8> {
        let mut remapper = subsetter::GlyphRemapper::new();
        for &g in glyphs {
            remapper.remap(g);
        }
        subsetter::subset(face.data(), face.index, &remapper).unwrap()
    }

    /// The glyph count of a face, from `maxp`.
    fn glyph_count(face: &Face) -> u16 {
        let font = face.font_ref().unwrap();
        let maxp = font.table_data(skrifa::Tag::new(b"maxp")).unwrap();
        read_u16(maxp.as_bytes(), 4).unwrap()
    }

    /// Glyph sets that exercise both `loca` formats, `.notdef` alone, glyphs in any order and
    /// glyphs named twice, and the last glyph of the face.
    fn glyph_sets(count: u16) -> Vec<Vec<u16>> {
        let spread = |n: u16, step: u16| -> Vec<u16> {
            std::iter::once(0)
                .chain((0..n).map(|i| (7 + i * step) % count))
                .collect()
        };
        let mut shuffled = spread(60, 211);
        shuffled.reverse();
        shuffled.insert(0, 0);
        vec![
            vec![0],
            spread(60, 97),
            // Some 1,500 CJK outlines pass the 128 KB a short offset can reach.
            spread(1500, 13),
            shuffled,
            vec![0, count - 1, 5, 5, count - 1],
        ]
    }

    #[test]
    fn subsets_match_subsetter_byte_for_byte() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        for (family, weight) in FACES {
            let id = book.resolve(family, weight).unwrap();
            let face = book.face(id);
            for glyphs in glyph_sets(glyph_count(face)) {
                let ours = subset(face, &glyphs).unwrap();
                assert!(
                    ours == reference(face, &glyphs),
                    "{family} {weight}: {} glyphs differ from subsetter's subset",
                    glyphs.len()
                );
            }
        }
    }

    #[test]
    fn both_loca_formats_occur() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let id = book.resolve("Noto Serif SC", 400).unwrap();
        let face = book.face(id);
        let sets = glyph_sets(glyph_count(face));
        let format = |glyphs: &[u16]| {
            let font = subset(face, glyphs).unwrap();
            let parsed = FontRef::new(&font).unwrap();
            let head = parsed.table_data(skrifa::Tag::new(b"head")).unwrap();
            read_u16(head.as_bytes(), 50).unwrap()
        };
        assert_eq!(format(&sets[1]), 0);
        assert_eq!(format(&sets[2]), 1);
    }

    /// Composite glyphs keep their components, renumbered. No bundled face draws a composite
    /// in the sample, so every composite of every face is subset and compared.
    #[test]
    fn composite_glyphs_bring_their_components() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let mut seen = 0;
        for (family, weight) in FACES {
            let id = book.resolve(family, weight).unwrap();
            let face = book.face(id);
            let font = face.font_ref().unwrap();
            let source = Source::new(&font, face.data(), face).unwrap();
            let composites: Vec<u16> = (0..glyph_count(face))
                .filter(|&g| source.outline(g).is_ok_and(|o| is_composite(&o)))
                .take(40)
                .collect();
            if composites.is_empty() {
                continue;
            }
            seen += composites.len();
            let glyphs: Vec<u16> = std::iter::once(0)
                .chain(composites.iter().copied())
                .collect();
            let ours = subset(face, &glyphs).unwrap();
            assert!(ours == reference(face, &glyphs), "{family} {weight}");
            let parsed = FontRef::new(&ours).unwrap();
            let maxp = parsed.table_data(skrifa::Tag::new(b"maxp")).unwrap();
            let kept = read_u16(maxp.as_bytes(), 4).unwrap();
            assert!(
                usize::from(kept) > glyphs.len(),
                "{family}: no component was added"
            );
        }
        assert!(
            seen > 0,
            "no bundled face has a composite glyph to test with"
        );
    }

    #[test]
    fn glyphs_beyond_the_face_are_errors() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let id = book.resolve("Noto Sans SC", 700).unwrap();
        let face = book.face(id);
        let count = glyph_count(face);
        let err = subset(face, &[0, count]).unwrap_err();
        assert!(err.contains("outside the glyf table"), "{err}");
    }

    #[test]
    fn an_empty_glyph_set_is_an_error() {
        let mut book = FontBook::new(&crate::fonts::test_fonts());
        let id = book.resolve("Noto Sans SC", 900).unwrap();
        assert!(subset(book.face(id), &[]).is_err());
    }

    #[test]
    fn checksums_pad_the_last_word() {
        assert_eq!(checksum(&[0, 0, 1, 0, 2]), 0x0000_0100 + 0x0200_0000);
        assert_eq!(checksum(&[]), 0);
    }
}
