//! The subset's tables: `glyf` and `loca` from the kept outlines, the metrics, `head`,
//! `maxp`, `name` and `post` cut down, and the font file assembled with its checksums.

use super::{Source, read_u16, read_u32};

/// `glyf` and `loca`, and whether `loca` is in the long format (needed once the outlines, each
/// padded to an even length, pass what a short offset can reach).
pub(super) fn glyf_and_loca(outlines: &[Vec<u8>]) -> (Vec<u8>, Vec<u8>, bool) {
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
pub(super) fn metrics(source: &Source<'_>, order: &[u16]) -> Result<(Vec<u8>, Vec<u8>), String> {
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

pub(super) fn head(head: &[u8], long_loca: bool) -> Result<Vec<u8>, String> {
    let mut head = head.to_vec();
    let format = head.get_mut(50..52).ok_or("head table too short")?;
    format.copy_from_slice(&[0, u8::from(long_loca)]);
    Ok(head)
}

pub(super) fn maxp(maxp: &[u8], glyphs: usize) -> Result<Vec<u8>, String> {
    let rest = maxp.get(6..).ok_or("maxp table too short")?;
    let mut out = Vec::with_capacity(maxp.len());
    out.extend_from_slice(&0x0001_0000_u32.to_be_bytes());
    out.extend_from_slice(&(glyphs as u16).to_be_bytes());
    out.extend_from_slice(rest);
    Ok(out)
}

/// The `name` table with only its Unicode records of the usual name IDs, each string stored
/// once (version 0 tables; others are kept whole).
pub(super) fn subset_name(name: &[u8]) -> Option<Vec<u8>> {
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
pub(super) fn subset_post(post: &[u8], order: &[u16]) -> Result<Vec<u8>, String> {
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
pub(super) fn assemble(mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
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
pub(super) fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0_u32, |sum, chunk| {
        let mut word = [0; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}
