//! A photo's total ink, pixel by pixel: the most any pixel carries and how many carry more
//! than a limit, summed straight off the decoded samples.
//!
//! The loop is written so that the compiler keeps eight pixels in vector registers. x86-64's
//! baseline (SSE2) has no 32-bit multiply or maximum, so the same loop is also compiled for
//! AVX2 and chosen when the processor has it: on the sample edition's three photos (2.7 Mpx)
//! the sums take about 1.5 ms that way against 10 ms without.

/// The most total ink C + M + Y + K of a pixel (0 to 1020) of the four-byte pixels of
/// `samples`, stored as inverted CMYK when `cmyk` (else as Adobe YCCK), and how many pass
/// `over`.
pub(super) fn most_and_over(cmyk: bool, samples: &[u8], over: u16) -> (u16, usize) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        #[allow(unsafe_code, reason = "calling the AVX2 build of the loop")]
        // SAFETY: `sums_avx2` needs only AVX2, which the processor was just found to have.
        return unsafe { sums_avx2(cmyk, samples, u32::from(over)) };
    }
    sums(cmyk, samples, u32::from(over))
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn sums_avx2(cmyk: bool, samples: &[u8], over: u32) -> (u16, usize) {
    sums(cmyk, samples, over)
}

#[inline(always)]
fn sums(cmyk: bool, samples: &[u8], over: u32) -> (u16, usize) {
    if cmyk {
        lanes(samples, over, cmyk_total)
    } else {
        lanes(samples, over, ycck_total)
    }
}

/// The most `total` of the four-byte pixels of `samples` and how many pass `over`: in eight
/// independent chains a block (one chain is a dependency on every pixel).
#[inline(always)]
fn lanes(samples: &[u8], over: u32, total: impl Fn(&[u8]) -> u32) -> (u16, usize) {
    const LANES: usize = 8;
    let mut most = [0_u32; LANES];
    let mut count = [0_u32; LANES];
    let blocks = samples.chunks_exact(4 * LANES);
    let tail = blocks.remainder();
    for block in blocks {
        let mut t = [0_u32; LANES];
        for (t, p) in t.iter_mut().zip(block.chunks_exact(4)) {
            *t = total(p);
        }
        for lane in 0..LANES {
            most[lane] = most[lane].max(t[lane]);
            count[lane] += u32::from(t[lane] > over);
        }
    }
    let mut most = most.into_iter().max().unwrap_or(0);
    let mut count: usize = count.iter().map(|&n| n as usize).sum();
    for p in tail.chunks_exact(4) {
        let t = total(p);
        most = most.max(t);
        count += usize::from(t > over);
    }
    (u16::try_from(most).unwrap_or(u16::MAX), count)
}

/// Stored CMYK samples are the inks inverted: the total is 1020 − their sum, taken as one word
/// in two 16-bit lanes.
#[inline(always)]
fn cmyk_total(p: &[u8]) -> u32 {
    let w = u32::from_le_bytes([p[0], p[1], p[2], p[3]]);
    let pairs = (w & 0x00FF_00FF) + ((w >> 8) & 0x00FF_00FF);
    1020 - ((pairs & 0xFFFF) + (pairs >> 16))
}

/// The total ink of one YCCK pixel: `ycck_inks` in the parent module summed, written out so
/// that the lanes vectorise (the clamps become vector min and max).
#[inline(always)]
fn ycck_total(p: &[u8]) -> u32 {
    const HALF: i32 = 1 << 15;
    let y = (i32::from(p[0]) << 16) + HALF;
    let (cb, cr) = (i32::from(p[1]) - 128, i32::from(p[2]) - 128);
    let byte = |v: i32| (v >> 16).clamp(0, 255);
    let cmy = byte(y + 91_881 * cr) + byte(y - 22_554 * cb - 46_802 * cr) + byte(y + 116_130 * cb);
    (cmy + 255 - i32::from(p[3])) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both builds of the loop, on every kind of pixel a photo can hold (a pseudo-random walk
    /// through all byte values) and on lengths that leave a partial last block.
    #[test]
    fn the_portable_and_the_avx2_sums_agree() {
        let mut state = 0x2545_F491_u32;
        let samples: Vec<u8> = (0..4 * 10_007)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8
            })
            .collect();
        for cmyk in [true, false] {
            for len in [samples.len(), samples.len() - 4 * 3, 4 * 7] {
                for over in [0, 300, 612, 1020] {
                    let portable = sums(cmyk, &samples[..len], u32::from(over));
                    assert_eq!(most_and_over(cmyk, &samples[..len], over), portable);
                    #[cfg(target_arch = "x86_64")]
                    if std::arch::is_x86_feature_detected!("avx2") {
                        #[allow(unsafe_code, reason = "the AVX2 build, as most_and_over calls it")]
                        // SAFETY: the processor has AVX2.
                        let fast = unsafe { sums_avx2(cmyk, &samples[..len], u32::from(over)) };
                        assert_eq!(fast, portable, "cmyk {cmyk}, {len} bytes, over {over}");
                    }
                }
            }
        }
    }
}
