//! Zlib (`FlateDecode`) compression of many streams at once, spread over the cores.
//!
//! Compressing the font subsets is most of the PDF stage's work, and one CJK body face alone
//! can be three quarters of it, so streams are cut into [`CHUNK`]-sized pieces that are
//! compressed independently (the way pigz does it): every piece but a stream's last ends with a
//! sync flush, which byte-aligns it, so the pieces concatenate into one valid deflate stream.
//! Each piece loses the preceding 32 KiB as a dictionary, which costs well under 1% of size at
//! this chunk length.
//!
//! The cut points depend only on the data, never on the number of threads, so the bytes are the
//! same on every machine.

use std::sync::atomic::{AtomicUsize, Ordering};

use flate2::{Compress, Compression, FlushCompress, Status};

/// Length of the pieces compressed independently.
const CHUNK: usize = 256 * 1024;

/// zlib's default level: the size krilla wrote before, at about a third of level 9's time.
const LEVEL: u32 = 6;

/// Compress each input into a zlib stream; the output is in input order.
pub(crate) fn compress_all(inputs: &[&[u8]]) -> Vec<Vec<u8>> {
    let pieces = Pieces::new(inputs);
    let compressed = run_parallel(pieces.len(), |n| pieces.compress(n));
    pieces.assemble(compressed)
}

/// The pieces of a set of streams, to be compressed one by one (possibly among other jobs) and
/// then assembled.
pub(crate) struct Pieces<'a> {
    inputs: &'a [&'a [u8]],
    /// (input index, start, end), largest first so the last piece to finish is a short one.
    pieces: Vec<(usize, usize, usize)>,
}

impl<'a> Pieces<'a> {
    pub(crate) fn new(inputs: &'a [&'a [u8]]) -> Self {
        let mut pieces: Vec<(usize, usize, usize)> = Vec::new();
        for (i, data) in inputs.iter().enumerate() {
            let mut start = 0;
            loop {
                let end = (start + CHUNK).min(data.len());
                pieces.push((i, start, end));
                if end == data.len() {
                    break;
                }
                start = end;
            }
        }
        // Stable, so equal sizes keep input order: the order of work never reaches the bytes
        // anyway, but it keeps runs comparable.
        pieces.sort_by_key(|&(_, start, end)| std::cmp::Reverse(end - start));
        Pieces { inputs, pieces }
    }

    /// The number of pieces.
    pub(crate) fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Compress piece `n`.
    pub(crate) fn compress(&self, n: usize) -> Vec<u8> {
        let (i, start, end) = self.pieces[n];
        let data = self.inputs[i];
        raw_deflate(&data[start..end], end == data.len())
    }

    /// Join the compressed pieces (`compressed[n]` is piece `n`) into one zlib stream per input.
    pub(crate) fn assemble(&self, compressed: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
        let mut parts: Vec<Vec<(usize, Vec<u8>)>> = vec![Vec::new(); self.inputs.len()];
        for (&(i, start, _), bytes) in self.pieces.iter().zip(compressed) {
            parts[i].push((start, bytes));
        }
        parts
            .into_iter()
            .zip(self.inputs)
            .map(|(mut pieces, data)| {
                pieces.sort_unstable_by_key(|(start, _)| *start);
                let len: usize = pieces.iter().map(|(_, b)| b.len()).sum();
                let mut v = Vec::with_capacity(len + 6);
                // CMF 0x78: deflate, 32 KiB window; FLG 0x9c: default level, check bits.
                v.extend_from_slice(&[0x78, 0x9c]);
                for (_, bytes) in pieces {
                    v.extend_from_slice(&bytes);
                }
                v.extend_from_slice(&adler32(data).to_be_bytes());
                v
            })
            .collect()
    }
}

/// Run `job(0..count)` on up to [`crate::layout::thread_count`] threads (the one knob,
/// `PAIBAN_THREADS`, for every stage); results in job order.
pub(crate) fn run_parallel<T: Send>(count: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = crate::layout::thread_count().min(count);
    if threads <= 1 {
        return (0..count).map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let n = next.fetch_add(1, Ordering::Relaxed);
            if n >= count {
                return done;
            }
            done.push((n, job(n)));
        }
    };
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut all = worker();
        for helper in helpers {
            // A worker only panics if `job` does; re-raise it here rather than lose results.
            match helper.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_unstable_by_key(|(n, _)| *n);
    results.into_iter().map(|(_, r)| r).collect()
}

/// One piece as raw deflate: ends with a sync flush (byte-aligned, not final) unless `last`.
fn raw_deflate(data: &[u8], last: bool) -> Vec<u8> {
    let mut compress = Compress::new(Compression::new(LEVEL), false);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        let consumed = usize::try_from(compress.total_in()).unwrap_or(data.len());
        let status = compress.compress_vec(&data[consumed.min(data.len())..], &mut out, flush);
        let done_input = usize::try_from(compress.total_in()).is_ok_and(|n| n >= data.len());
        match status {
            Ok(Status::StreamEnd) => break,
            // A sync flush is complete once all input is in and the output did not fill up.
            Ok(_) if !last && done_input && out.capacity() - out.len() > 0 => break,
            Ok(_) => {}
            // Compressing into memory cannot fail; an error here is a zlib bug, so stop rather
            // than loop, and let the decoder checks in the tests catch it.
            Err(_) => break,
        }
    }
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

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(data)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn adler32_matches_known_values() {
        assert_eq!(adler32(b""), 1);
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
    }

    #[test]
    fn streams_of_every_size_round_trip() {
        // Pseudo-random bytes with some repetition, across the chunk boundaries.
        let mut x = 12345_u32;
        let noise: Vec<u8> = (0..3 * CHUNK + 17)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                if i % 7 == 0 { b'a' } else { (x >> 16) as u8 }
            })
            .collect();
        let sizes = [
            0,
            1,
            100,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            2 * CHUNK,
            noise.len(),
        ];
        let inputs: Vec<&[u8]> = sizes.iter().map(|&n| &noise[..n]).collect();
        let out = compress_all(&inputs);
        assert_eq!(out.len(), inputs.len());
        for (input, packed) in inputs.iter().zip(&out) {
            assert_eq!(&inflate(packed), input, "length {}", input.len());
        }
    }

    #[test]
    fn text_compresses() {
        let text = "0 0 0 1 k BT /F0 9 Tf [<0001> -350<0002>] TJ ET\n".repeat(2000);
        let out = compress_all(&[text.as_bytes()]);
        assert!(out[0].len() < text.len() / 10, "{}", out[0].len());
    }

    #[test]
    fn parallel_results_are_in_job_order() {
        let squares = run_parallel(50, |n| n * n);
        assert_eq!(squares, (0..50).map(|n| n * n).collect::<Vec<_>>());
    }
}
