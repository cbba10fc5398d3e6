//! Zlib (`FlateDecode`) compression.
//!
//! Compressing the font subsets is the largest piece of work in a build. libdeflate at level 1
//! compresses a CJK TrueType subset about three times as fast as zlib at its default level 6
//! and only about 3% larger (743 KB of Noto Serif SC glyphs: 7 ms → 490 KB against 23 ms →
//! 476 KB on the development machine; a page's content stream comes out about 10% larger, a
//! few kilobytes). Streams are compressed whole, each as one job, side by side with the other
//! jobs of the stage (on [`crate::pool`]).

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

/// libdeflate's fastest level; see the module comment for why.
const LEVEL: i32 = 1;

/// `data` as a zlib stream.
pub(crate) fn compress(data: &[u8]) -> Vec<u8> {
    thread_local! {
        /// One compressor per thread, reused for every stream the thread compresses: its match
        /// finder's hash table alone is 128 KB, which would otherwise be allocated and faulted
        /// in afresh for each stream.
        static COMPRESSOR: RefCell<Option<Compressor>> = const { RefCell::new(None) };
    }
    COMPRESSOR.with(|slot| {
        let mut slot = slot.borrow_mut();
        let compressor = slot
            .get_or_insert_with(|| Compressor::new(CompressionLvl::new(LEVEL).unwrap_or_default()));
        let mut out = vec![0; compressor.zlib_compress_bound(data.len())];
        match compressor.zlib_compress(data, &mut out) {
            Ok(n) => {
                out.truncate(n);
                out
            }
            // The buffer has libdeflate's own worst-case bound, so this cannot happen; should
            // it, a stored (uncompressed) zlib stream is still a correct one.
            Err(_) => stored(data),
        }
    })
}

/// A zlib stream of stored (uncompressed) deflate blocks.
fn stored(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 65_535 * 5 + 11);
    // CMF 0x78: deflate, 32 KiB window; FLG 0x01: fastest, check bits.
    out.extend_from_slice(&[0x78, 0x01]);
    let mut blocks = data.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let last = u8::from(blocks.peek().is_none());
        let len = block.len() as u16;
        out.push(last);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
    out
}

/// The Adler-32 checksum that ends a zlib stream (RFC 1950).
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    // The largest n with 255·n·(n+1)/2 + (n+1)·(MOD−1) < 2³², so sums never overflow.
    const NMAX: usize = 5552;
    let (mut a, mut b) = (1_u32, 0_u32);
    for block in data.chunks(NMAX) {
        for &byte in block {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Inflate with an independent decoder (flate2's), so the test checks the format, not
    /// libdeflate against itself.
    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    fn noise(len: usize) -> Vec<u8> {
        let mut x = 12345_u32;
        (0..len)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                if i % 7 == 0 { b'a' } else { (x >> 16) as u8 }
            })
            .collect()
    }

    #[test]
    fn adler32_matches_known_values() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn streams_of_every_size_round_trip() {
        let data = noise(300_000);
        for n in [0, 1, 100, 65_535, 65_536, 300_000] {
            assert_eq!(inflate(&compress(&data[..n])), &data[..n], "length {n}");
        }
    }

    #[test]
    fn stored_streams_round_trip() {
        let data = noise(140_000);
        for n in [0, 1, 65_535, 65_536, 140_000] {
            assert_eq!(inflate(&stored(&data[..n])), &data[..n], "length {n}");
        }
    }

    #[test]
    fn text_compresses() {
        let text = "0 0 0 1 k BT /F0 9 Tf [<0001> -350<0002>] TJ ET\n".repeat(2000);
        let packed = compress(text.as_bytes());
        assert!(packed.len() < text.len() / 10, "{}", packed.len());
    }
}
